"""The Safer School Partnerships data collection: create_app builds the Flask application."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from sspcollect import db
from sspcollect.config import ROOT, Config, config_from_environment
from sspcollect.template_cache import TEMPLATES


def create_app(config: Config | None = None) -> Flask:
    """Build the application from config (default: chosen by SSPCOLLECT_ENV and the environment).

    Registers the database, sign-in, CSRF protection, the blueprints of every part of the
    service, the error pages and the template helpers.
    """
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        static_folder=None,
        template_folder=None,
    )
    app.config.from_object(config or config_from_environment())
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = f"sqlite:///{Path(app.instance_path) / 'sspcollect.db'}"
    if not app.config.get("MAIL_OUTBOX_DIR"):
        app.config["MAIL_OUTBOX_DIR"] = str(Path(app.instance_path) / "outbox")

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(ROOT / "templates")),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.bytecode_cache = TEMPLATES

    db.init_app(app)

    from sspcollect import cli, web

    web.init_app(app)
    cli.register(app)
    return app
