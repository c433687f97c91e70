"""Fixtures for browser tests: a live server with the demo loaded, Chromium pages, and axe.

The live server runs once per test run (per pytest-xdist worker) on its own SQLite database,
so the browser tests run on one backend only. Chromium is Debian's (/usr/bin/chromium),
driven by Playwright for Python; Playwright's own browser downloads are never used.
Outside CI a missing Chromium or Playwright skips these tests; with CI=true it fails them.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest
from flask import Flask
from werkzeug.serving import make_server

from sspcollect import schema
from sspcollect.config import ROOT
from sspcollect.db import database
from sspcollect.demo import DemoSignIns, load_demo
from tests.conftest import make_app

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Locator, Page

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--no-first-run",
]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Playwright waits this long (ms) for a page or an element before failing the test.
TIMEOUT_MS = 10_000


def _unavailable(reason: str) -> NoReturn:
    """Fail under CI, where the browser tests must run; skip on a developer's machine."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but the browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


@dataclass
class LiveServer:
    """The service running on a real port, and the demo sign-ins it holds."""

    base_url: str
    sign_ins: DemoSignIns

    def url(self, path: str) -> str:
        """The absolute URL of a path on the service."""
        return self.base_url + path

    def first_user(self, role: str) -> tuple[str, str]:
        """The email and organisation name of the first demo user with role."""
        for user_role, email, organisation in self.sign_ins.users:
            if user_role == role:
                return email, organisation
        raise LookupError(f"the demo has no {role} user")


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """app served by werkzeug on 127.0.0.1 and a free port, in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        database(app).engine.dispose()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The service with the demo loaded, served on 127.0.0.1 and a free port."""
    folder = tmp_path_factory.mktemp("live")
    app = make_app(f"sqlite:///{folder / 'live.db'}", folder)
    schema.upgrade(app)
    with app.app_context():
        sign_ins = load_demo(echo=lambda *_: None)
    with serving(app) as base_url:
        yield LiveServer(base_url, sign_ins)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, started once per test run."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _unavailable(f"Playwright for Python is not installed ({exc})")
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def browser_page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh browser context (no cookies); fails if the page logs an error.

    Errors in the console include Content Security Policy violations, so a page whose
    scripts or styles the policy blocks fails here.
    """
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems: list[str] = []

    def note_console_error(message: ConsoleMessage) -> None:
        """Keep the console's errors for the check at the end of the test."""
        if message.type != "error":
            return
        # An error page's own status (404, 403) is logged too; that one is expected.
        if message.text.startswith("Failed to load resource") and (
            message.location.get("url") == page.url
        ):
            return
        problems.append(f"console error: {message.text}")

    page.on("console", note_console_error)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    yield page
    context.close()
    assert not problems, "The browser reported errors:\n" + "\n".join(problems)


def follow(control: Locator) -> None:
    """Click a link or button that loads a page, and wait until that page has loaded.

    A click only starts the navigation: reading the page straight after it could read the
    old page, which happens on a busy machine.
    """
    with control.page.expect_navigation():
        control.click()


def fill_sign_in(page: Page, email: str, password: str) -> None:
    """Fill in and send the sign-in form on the current page."""
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    follow(page.get_by_role("button", name="Sign in", exact=True))


def format_violations(results: dict[str, Any]) -> str:
    """The axe violations as a readable list: rule, impact, help, and each failing element."""
    lines = []
    for violation in results["violations"]:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'no impact given'}): "
            f"{violation['help']}\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {json.dumps(node['target'])}")
            lines.append(f"       {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n       ")
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


def check_accessibility(page: Page) -> dict[str, Any]:
    """Run axe-core on the page as it is now; fail the test on any WCAG 2.2 AA violation.

    The service's Content Security Policy forbids inline scripts, so axe is evaluated
    through the DevTools protocol (page.evaluate), which the policy does not govern.
    """
    source = AXE_SOURCE.read_text(encoding="utf-8")
    page.evaluate(source)
    version = page.evaluate("() => window.axe && window.axe.version")
    assert version, f"axe-core did not load into {page.url}"
    results: dict[str, Any] = page.evaluate(
        """async (tags) => await window.axe.run(document, {
            runOnly: {type: 'tag', values: tags},
            resultTypes: ['violations'],
        })""",
        AXE_TAGS,
    )
    # A run that checked nothing would pass silently: make sure rules really ran here.
    assert results["testEngine"]["name"] == "axe-core"
    assert results["url"] == page.url
    assert results["passes"], f"axe ran no checks on {page.url}"
    violations = results["violations"]
    if violations:
        pytest.fail(
            f"axe-core {version} found {len(violations)} accessibility problem(s) "
            f"({', '.join(AXE_TAGS)}) on {page.url}:\n{format_violations(results)}",
            pytrace=False,
        )
    return results


@pytest.fixture
def axe() -> Callable[[Page], dict[str, Any]]:
    """check_accessibility(page): axe-core on the page, failing on any violation."""
    if not AXE_SOURCE.is_file():
        _unavailable(f"axe-core is not installed at {AXE_SOURCE} (npm ci)")
    return check_accessibility
