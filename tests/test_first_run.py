"""A newcomer's first run: each log line printed once, and `make run` installing what it needs."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from flask import Flask

from sspcollect import create_app
from sspcollect.config import ROOT, DevelopmentConfig, ProductionConfig


def _app_in(config_class: type, database_url: str, tmp_path: Path) -> Flask:
    """An app in the given configuration, on the test's database."""
    config = config_class()
    config.DATABASE_URL = database_url
    config.MAIL_OUTBOX_DIR = str(tmp_path / "outbox")
    return create_app(config)


def _lines(capsys: pytest.CaptureFixture[str], text: str) -> list[str]:
    """The lines written to stderr that contain text."""
    return [line for line in capsys.readouterr().err.splitlines() if text in line]


def test_development_prints_each_line_once_and_readable(
    app: Flask, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """In development a log line and a request each give one short line, not JSON as well."""
    monkeypatch.delenv("SECRET_KEY", raising=False)
    development = _app_in(DevelopmentConfig, app.config["DATABASE_URL"], tmp_path)
    capsys.readouterr()
    logging.getLogger("sspcollect.demo").info("Loading the demo schools")
    [line] = _lines(capsys, "Loading the demo schools")
    assert not line.startswith("{")
    development.test_client().get("/sign-in")
    [request_line] = _lines(capsys, "/sign-in")
    assert "GET /sign-in 200" in request_line
    assert "ms)" in request_line


def test_production_prints_each_line_once_as_json(
    app: Flask, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """In production every line is one JSON object, printed once."""
    monkeypatch.setenv("SECRET_KEY", "a-long-enough-secret-for-this-test")
    production = _app_in(ProductionConfig, app.config["DATABASE_URL"], tmp_path)
    capsys.readouterr()
    production.logger.warning("Something to look at")
    [line] = _lines(capsys, "Something to look at")
    assert json.loads(line)["level"] == "WARNING"


def test_the_development_servers_own_request_lines_are_dropped(
    app: Flask, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """werkzeug's line per request would repeat ours; its other lines (the address) stay."""
    _app_in(DevelopmentConfig, app.config["DATABASE_URL"], tmp_path)
    server = logging.getLogger("werkzeug")
    capsys.readouterr()
    server.info('127.0.0.1 - - [25/Nov/2026 10:00:00] "%s" %s %s', "GET / HTTP/1.1", "302", "-")
    server.info(" * Running on http://127.0.0.1:5000")
    output = capsys.readouterr().err
    assert "GET / HTTP/1.1" not in output
    assert output.count("Running on http://127.0.0.1:5000") == 1


def _make_dry_run(*arguments: str) -> str:
    """What `make -n -B ARGUMENTS` would run, from the repository's Makefile."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    done = subprocess.run(
        ["make", "-n", "-B", *arguments], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_make_run_installs_only_what_serving_needs_and_links_to_its_own_port() -> None:
    """`make run` leaves the test tools out, and emails link to the port it serves on."""
    commands = _make_dry_run("run", "PORT=5101")
    assert "uv sync --frozen" in commands
    assert "--extra test" not in commands
    assert "npm ci --omit=dev" in commands
    assert "emails link to http://127.0.0.1:5101" in commands
    assert "sspcollect run --host 127.0.0.1 --port 5101" in commands


def test_make_test_installs_the_test_tools() -> None:
    """`make test` installs the test extra and axe-core."""
    commands = _make_dry_run("test")
    assert "uv sync --frozen --inexact --offline --extra test" in commands
    assert "npm ci --no-audit" in commands


def test_uv_lock_installs_the_versions_pyproject_pins() -> None:
    """uv.lock, which `make` installs from, holds every pinned package at its pinned version."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    locked = {
        canonical(package["name"]): package["version"]
        for package in tomllib.loads((ROOT / "uv.lock").read_text())["package"]
    }
    for pin in pins:
        name, version = pin.split("==")
        assert locked.get(canonical(name.split("[")[0])) == version, pin


def canonical(name: str) -> str:
    """A package's name as PyPI compares them: lower case, runs of -_. as one -."""
    return re.sub(r"[-_.]+", "-", name).lower()


HEAVY = ("pandas", "scipy", "openpyxl", "reportlab", "holidays", "highspy")
STARTS = """
import sys
from sspcollect import create_app
from sspcollect.config import DevelopmentConfig
config = DevelopmentConfig()
config.DATABASE_URL = sys.argv[1]
app = create_app(config)
assert app.test_client().get("/start").status_code == 200
print(" ".join(sorted(name for name in sys.modules if name.split(".")[0] in sys.argv[2:])))
"""


def test_the_service_starts_without_the_numerical_libraries(app: Flask) -> None:
    """Starting and serving a first page loads none of the libraries that take seconds to
    load, so that `make run` answers sooner; the pages and commands that need them load them."""
    done = subprocess.run(
        [sys.executable, "-c", STARTS, app.config["DATABASE_URL"], *HEAVY],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "SSPCOLLECT_ENV": "development", "PYTHONPATH": str(ROOT)},
    )
    assert done.stdout.split() == []
