"""Configuration classes, read once from the environment."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class ConfigurationError(RuntimeError):
    """A required setting is missing or wrong; the service refuses to start."""


def _env_int(name: str, default: int) -> int:
    """Read an integer setting, failing with its name when it is not a number."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be a whole number, not {raw!r}") from exc


def _env_bool(name: str, default: bool) -> bool:
    """Read a yes/no setting such as MAIL_USE_TLS=true."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _notify_template_ids(default: dict[str, str]) -> dict[str, str]:
    """Notify template ids by message kind, from NOTIFY_TEMPLATE_IDS and NOTIFY_TEMPLATE_<KIND>."""
    ids = dict(default)
    raw = os.environ.get("NOTIFY_TEMPLATE_IDS")
    if raw:
        try:
            parsed = json.loads(raw)
        except ValueError as exc:
            raise ConfigurationError(f"NOTIFY_TEMPLATE_IDS must be JSON: {exc}") from exc
        if not isinstance(parsed, dict):
            raise ConfigurationError('NOTIFY_TEMPLATE_IDS must be a JSON object {"kind": "id"}')
        ids.update({str(kind): str(template) for kind, template in parsed.items()})
    for name, value in os.environ.items():
        if name.startswith("NOTIFY_TEMPLATE_") and name != "NOTIFY_TEMPLATE_IDS" and value:
            ids[name.removeprefix("NOTIFY_TEMPLATE_").lower()] = value
    return ids


class Config:
    """Settings shared by every environment; each is read from the variable of the same name."""

    ENV_NAME = "base"
    SERVICE_NAME = "Safer School Partnerships data collection"
    SECRET_KEY: str | None = None
    SECRET_KEY_REQUIRED = True
    # None means a SQLite file in the instance folder, resolved by create_app.
    DATABASE_URL: str | None = None
    BASE_URL = "http://127.0.0.1:5000"

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "sspcollect_session"
    # Sign-in lasts at most this long; idle sessions end sooner (SESSION_IDLE_MINUTES).
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    SESSION_IDLE_MINUTES: float = 30
    # Signed-in pages warn this long before the idle timeout, offering to stay signed in.
    SESSION_TIMEOUT_WARNING_SECONDS = 120
    WTF_CSRF_TIME_LIMIT = 3600 * 8

    MAX_CONTENT_LENGTH = 5 * 1024 * 1024

    SIGN_IN_MAX_FAILURES = 5
    SIGN_IN_LOCK_MINUTES = 15
    SIGN_IN_THROTTLE_PER_MINUTE = 20
    INVITATION_TOKEN_DAYS = 7
    RESET_TOKEN_HOURS = 2

    MAIL_BACKEND = "outbox"
    MAIL_OUTBOX_DIR: str | None = None
    MAIL_FROM = "sspcollect@education.gov.uk"
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_TIMEOUT = 30
    # A reminder run sends over this many connections at once (SMTP or Notify).
    MAIL_SMTP_CONNECTIONS = 8
    NOTIFY_API_KEY: str | None = None
    NOTIFY_BASE_URL = "https://api.notifications.service.gov.uk"
    # Message kind → GOV.UK Notify template id (NOTIFY_TEMPLATE_IDS as JSON, or
    # NOTIFY_TEMPLATE_<KIND> one by one, such as NOTIFY_TEMPLATE_DUE_SOON).
    NOTIFY_TEMPLATE_IDS: dict[str, str] = {}

    DISCLOSURE_THRESHOLD = 3

    def __init__(self) -> None:
        """Read every setting that the environment may override."""
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or self.SECRET_KEY
        self.DATABASE_URL = os.environ.get("DATABASE_URL") or self.DATABASE_URL
        self.BASE_URL = os.environ.get("BASE_URL", self.BASE_URL).rstrip("/")
        self.SESSION_IDLE_MINUTES = _env_int("SESSION_IDLE_MINUTES", int(self.SESSION_IDLE_MINUTES))
        self.SESSION_TIMEOUT_WARNING_SECONDS = _env_int(
            "SESSION_TIMEOUT_WARNING_SECONDS", self.SESSION_TIMEOUT_WARNING_SECONDS
        )
        self.MAIL_BACKEND = os.environ.get("MAIL_BACKEND", self.MAIL_BACKEND)
        self.MAIL_OUTBOX_DIR = os.environ.get("MAIL_OUTBOX_DIR") or self.MAIL_OUTBOX_DIR
        self.MAIL_FROM = os.environ.get("MAIL_FROM", self.MAIL_FROM)
        self.MAIL_SERVER = os.environ.get("MAIL_SERVER", self.MAIL_SERVER)
        self.MAIL_PORT = _env_int("MAIL_PORT", self.MAIL_PORT)
        self.MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", self.MAIL_USE_TLS)
        self.MAIL_USE_SSL = _env_bool("MAIL_USE_SSL", self.MAIL_USE_SSL)
        self.MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or self.MAIL_USERNAME
        self.MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or self.MAIL_PASSWORD
        self.MAIL_TIMEOUT = _env_int("MAIL_TIMEOUT", self.MAIL_TIMEOUT)
        self.MAIL_SMTP_CONNECTIONS = _env_int("MAIL_SMTP_CONNECTIONS", self.MAIL_SMTP_CONNECTIONS)
        self.NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY") or self.NOTIFY_API_KEY
        self.NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL") or self.NOTIFY_BASE_URL
        self.NOTIFY_TEMPLATE_IDS = _notify_template_ids(self.NOTIFY_TEMPLATE_IDS)
        if self.MAIL_BACKEND not in {"outbox", "smtp", "notify"}:
            raise ConfigurationError(
                f"MAIL_BACKEND must be outbox, smtp or notify, not {self.MAIL_BACKEND!r}"
            )
        if self.MAIL_BACKEND == "notify" and not self.NOTIFY_API_KEY:
            raise ConfigurationError("MAIL_BACKEND is notify but NOTIFY_API_KEY is not set.")
        self.DISCLOSURE_THRESHOLD = _env_int("DISCLOSURE_THRESHOLD", self.DISCLOSURE_THRESHOLD)
        if self.SECRET_KEY_REQUIRED and not self.SECRET_KEY:
            raise ConfigurationError(
                "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long "
                "random string (for example: python -c 'import secrets; "
                "print(secrets.token_hex(32))') before starting the service."
            )


class DevelopmentConfig(Config):
    """Local development: a fixed key, plain-HTTP cookies, mail written to an outbox folder."""

    ENV_NAME = "development"
    SECRET_KEY_REQUIRED = False
    SECRET_KEY = "development-only-key-never-used-in-production"  # noqa: S105
    SESSION_COOKIE_SECURE = False


class TestConfig(Config):
    """The test suite: fixed key, fast password hashing, no cookie Secure flag."""

    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY_REQUIRED = False
    SECRET_KEY = "test-only-key"  # noqa: S105
    SESSION_COOKIE_SECURE = False
    PASSWORD_HASH_FAST = True


class ProductionConfig(Config):
    """Production: SECRET_KEY must come from the environment, cookies are Secure."""

    ENV_NAME = "production"
    MAIL_BACKEND = "smtp"


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def config_from_environment() -> Config:
    """Pick the configuration named by SSPCOLLECT_ENV (default: production)."""
    name = os.environ.get("SSPCOLLECT_ENV", "production")
    try:
        return CONFIGS[name]()
    except KeyError:
        raise ConfigurationError(
            f"SSPCOLLECT_ENV must be one of {', '.join(CONFIGS)}, not {name!r}"
        ) from None
