"""The sspcollect command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from flask import Flask
from sqlalchemy import func, select

from sspcollect import create_app
from sspcollect.cli import cli
from sspcollect.config import ConfigurationError, ProductionConfig
from sspcollect.db import session
from sspcollect.models import School, User
from tests.conftest import Outbox


def test_create_user_with_password(runner: CliRunner) -> None:
    """create-user makes an account in the organisation named by its code."""
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "Chief@Example.org",
            "--name",
            "Chris",
            "--role",
            "police",
            "--org",
            "E23000001",
            "--password",
            "a long enough password",
        ]
    )
    assert result.exit_code == 0, result.output
    user = session.scalar(select(User).where(User.email == "chief@example.org"))
    assert user is not None
    assert user.organisation.name == "Metropolitan Police"


def test_create_user_without_password_sends_an_invitation(
    runner: CliRunner, outbox: Outbox
) -> None:
    """Without --password, the new user is emailed an invitation."""
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "r@example.org",
            "--name",
            "Rae",
            "--role",
            "reviewer",
            "--org",
            "HO",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "invitation" in result.output
    assert outbox.to("r@example.org")


@pytest.mark.parametrize(
    ("org", "role", "message"),
    [
        ("ZZZ", "police", "No organisation has the code ZZZ"),
        ("DFE", "school", "A central organisation cannot have school users"),
        ("E23000014", "admin", "A police organisation cannot have admin users"),
    ],
)
def test_create_user_refuses_impossible_accounts(
    runner: CliRunner, org: str, role: str, message: str
) -> None:
    """Wrong organisation codes and roles are refused with a message."""
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "x@example.org",
            "--name",
            "X",
            "--role",
            role,
            "--org",
            org,
        ]
    )
    assert result.exit_code != 0
    assert message in result.output


def test_demo_loads_schools_and_prints_sign_ins_and_can_run_twice(
    app: Flask, runner: CliRunner
) -> None:
    """demo prints working sign-ins for every role, and a second run changes nothing."""
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    for role in ("admin", "reviewer", "police", "school"):
        assert f"  {role} " in first.output
    schools = session.scalar(select(func.count()).select_from(School))
    assert schools is not None and schools >= 300
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert "0 schools added. 0 schools updated." in second.output
    assert session.scalar(select(func.count()).select_from(School)) == schools


def test_production_refuses_to_start_without_a_secret_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Outside development and tests, a missing SECRET_KEY stops the service, saying why."""
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="SECRET_KEY is not set"):
        ProductionConfig()
    monkeypatch.setenv("SSPCOLLECT_ENV", "production")
    with pytest.raises(ConfigurationError, match="SECRET_KEY is not set"):
        create_app()


def test_database_defaults_to_sqlite_in_the_instance_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With no DATABASE_URL, the service uses a SQLite file in its instance folder."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("SSPCOLLECT_ENV", "development")
    app = create_app()
    assert app.config["DATABASE_URL"].startswith("sqlite:///")
    assert app.config["DATABASE_URL"].endswith("instance/sspcollect.db")


def run_command(args: list[str], **env: str | None) -> Result:
    """Run `sspcollect ARGS` as a shell would, in production mode unless env says otherwise."""
    settings: dict[str, str | None] = {"SSPCOLLECT_ENV": None, "SECRET_KEY": None}
    settings.update(env)
    result = CliRunner().invoke(cli, args, env=settings)
    # A traceback is an exception that escaped; a message is a clean SystemExit.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def test_help_needs_no_settings() -> None:
    """`sspcollect --help` lists every command even before SECRET_KEY is set."""
    result = run_command(["--help"])
    assert result.exit_code == 0
    for command in ("import-schools", "load-reference", "create-user", "send-reminders"):
        assert command in result.output
    assert "SECRET_KEY" not in result.output


def test_a_command_without_a_secret_key_says_what_to_set() -> None:
    """A command that needs the app stops with one sentence naming SECRET_KEY."""
    result = run_command(["db", "current"])
    assert result.exit_code == 1
    assert "Error: SECRET_KEY is not set" in result.output


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MAIL_PORT": "twenty-five"}, "MAIL_PORT must be a whole number, not 'twenty-five'"),
        ({"SSPCOLLECT_ENV": "staging"}, "SSPCOLLECT_ENV must be one of"),
        ({"DATABASE_URL": "not a database"}, "DATABASE_URL is not a database address"),
        (
            {"DATABASE_URL": "postgresql://postgres@127.0.0.1:9/none"},
            "The database cannot be reached",
        ),
    ],
)
def test_a_bad_setting_is_named_in_one_message(env: dict[str, str], message: str) -> None:
    """Wrong settings and an unreachable database give a message, never a traceback."""
    result = run_command(["db", "current"], SECRET_KEY="x" * 32, **env)
    assert result.exit_code == 1
    assert message in result.output


def test_a_database_without_tables_asks_for_db_upgrade(tmp_path: Path) -> None:
    """Running a command against an empty database says to run `sspcollect db upgrade`."""
    result = run_command(
        ["load-reference"],
        SSPCOLLECT_ENV="development",
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.db'}",
    )
    assert result.exit_code == 1
    assert "Run `sspcollect db upgrade`, then try again." in result.output


def test_an_unknown_command_is_named() -> None:
    """A mistyped command is said to be unknown, whatever the settings."""
    result = run_command(["import-school"])
    assert result.exit_code == 2
    assert "No such command 'import-school'" in result.output
