"""Every page carries the security headers, with a strict Content Security Policy."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from sspcollect.models import Role
from tests.factories import create_user, sign_in

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def _routes(app: Flask) -> list[str]:
    """Every GET route without arguments."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or set()) and not rule.arguments
    )


def _check(response_headers: dict[str, str], path: str) -> None:
    """Assert the headers of one response."""
    for name, value in EXPECTED.items():
        assert response_headers.get(name) == value, (path, name)
    policy = response_headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in policy, path
    assert "unsafe-inline" not in policy, path
    assert "unsafe-eval" not in policy, path
    assert "frame-ancestors 'none'" in policy, path
    assert re.search(r"script-src 'self' 'nonce-[\w-]{16,}'", policy), path


def test_security_headers_on_every_route_signed_out_and_in(app: Flask, client: FlaskClient) -> None:
    """Public pages, redirects and signed-in pages all carry the headers."""
    routes = _routes(app)
    for path in routes:
        _check(dict(client.get(path).headers), path)
    sign_in(client, create_user(Role.ADMIN))
    for path in routes:
        response = client.get(path)
        _check(dict(response.headers), path)
        if response.status_code == 200 and response.mimetype == "text/html":
            assert response.headers.get("Cache-Control") == "no-store", path


def test_the_inline_govuk_script_carries_the_pages_nonce(client: FlaskClient) -> None:
    """The one inline script is allowed by the nonce in the policy, nothing else inline."""
    response = client.get("/sign-in")
    nonce = re.search(r"'nonce-([\w-]+)'", response.headers["Content-Security-Policy"])
    assert nonce
    html = response.get_data(as_text=True)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline, "the GOV.UK template's inline script is expected"
    assert all(f'nonce="{nonce.group(1)}"' in attributes for attributes in inline)
    assert " style=" not in html


def test_nonce_changes_on_every_response(client: FlaskClient) -> None:
    """A nonce is never reused."""
    first = client.get("/sign-in").headers["Content-Security-Policy"]
    second = client.get("/sign-in").headers["Content-Security-Policy"]
    assert first != second


def test_hsts_only_when_cookies_are_secure(app: Flask, client: FlaskClient) -> None:
    """Production (secure cookies) sends HSTS; plain-HTTP development does not."""
    assert "Strict-Transport-Security" not in client.get("/sign-in").headers
    app.config["SESSION_COOKIE_SECURE"] = True
    assert client.get("/sign-in").headers["Strict-Transport-Security"].startswith("max-age=")
