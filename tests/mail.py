"""A mail server that is down, for the tests of what survives one."""

from __future__ import annotations

import socket

from flask import Flask


def closed_port() -> int:
    """A local TCP port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def mail_server_down(app: Flask) -> int:
    """Send app's mail over SMTP to a port with no server; returns the port it used before."""
    before = int(app.config["MAIL_PORT"])
    app.config.update(
        MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port(), MAIL_TIMEOUT=2
    )
    return before
