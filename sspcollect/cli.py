"""The `sspcollect` command line: thin click commands that call the services.

Every command ends with a sentence, never a traceback, when a setting is missing or wrong,
the database cannot be reached, or a file cannot be read; `sspcollect --help` needs no
settings at all.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from alembic.util import CommandError
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.exc import DatabaseError as SQLDatabaseError

from sspcollect import create_app, schema
from sspcollect.collections.commands import close_collection_command, open_collection_command
from sspcollect.config import ConfigurationError
from sspcollect.datasets.commands import export_national_command
from sspcollect.effects.commands import estimate_effects_command


def _create_app() -> Flask:
    """The application from the environment; a bad setting is a message, not a traceback."""
    try:
        return create_app()
    except ConfigurationError as problem:
        raise click.ClickException(str(problem)) from None
    except ArgumentError as problem:
        raise click.ClickException(
            f"DATABASE_URL is not a database address ({problem}). Set it to "
            "sqlite:///path.db or postgresql://user:password@host:5432/name."
        ) from None


class ServiceGroup(FlaskGroup):
    """Flask's command group, with the service's commands on it and plain-words errors."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """The commands, without building the app: help works before anything is set up."""
        return sorted(click.Group.list_commands(self, ctx))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        """A command by name; each builds the app itself (with_appcontext) when it runs."""
        return click.Group.get_command(self, ctx, name)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, turning the failures a person can fix into one clear message."""
        try:
            return super().invoke(ctx)
        except SQLDatabaseError as problem:
            raise click.ClickException(_database_problem(problem)) from None
        except CommandError as problem:
            raise click.ClickException(f"The schema could not be changed: {problem}") from None


def _database_problem(problem: SQLDatabaseError) -> str:
    """What went wrong with the database, and what to do about it."""
    reason = str(problem.orig or problem).strip().splitlines()[0]
    if "no such table" in reason or ("relation" in reason and "does not exist" in reason):
        return (
            f"The database is not set up for this version of the service ({reason}). "
            "Run `sspcollect db upgrade`, then try again."
        )
    if isinstance(problem, OperationalError):
        return (
            f"The database cannot be reached: {reason}. Check DATABASE_URL and that the "
            "database server is running."
        )
    return f"The database refused the command: {reason}."


@click.group(cls=ServiceGroup, create_app=_create_app)
def cli() -> None:
    """Safer School Partnerships data collection."""


@click.group()
def db() -> None:
    """Database schema: every change goes through the migrations in migrations/."""


@db.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Bring the database schema up to REVISION (default: the newest)."""
    schema.upgrade(current_app._get_current_object(), revision)  # type: ignore[attr-defined]
    click.echo(f"Database at revision {schema.current_revision(current_app)}.")


@db.command("downgrade")
@click.argument("revision")
@with_appcontext
def db_downgrade(revision: str) -> None:
    """Take the database schema back to REVISION."""
    schema.downgrade(current_app._get_current_object(), revision)  # type: ignore[attr-defined]


@db.command("current")
@with_appcontext
def db_current() -> None:
    """Show the schema revision of the database and the newest one."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    click.echo(f"database: {schema.current_revision(app)}  newest: {schema.head_revision(app)}")


@click.command("load-reference")
@with_appcontext
def load_reference() -> None:
    """Load or refresh countries, regions, force areas, local authorities and departments."""
    from sspcollect.reference.load import ReferenceDataError, load_reference_data

    try:
        report = load_reference_data()
    except ReferenceDataError as problem:
        raise click.ClickException(str(problem)) from None
    click.echo(report.summary())


@click.command("import-schools")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--allow-shrink",
    is_flag=True,
    help="Import a file that lists fewer than 90% of the schools already held",
)
@with_appcontext
def import_schools_command(path: Path, allow_shrink: bool) -> None:
    """Import a Get Information About Schools extract (edubasealldata*.csv), all or nothing."""
    from sspcollect.reference.gias import GiasImportError, count_rows, import_schools

    try:
        raw = path.read_bytes()
    except OSError as problem:
        raise click.ClickException(f"{path} cannot be read: {problem.strerror}.") from None
    try:
        with click.progressbar(
            length=count_rows(raw), label="Checking the file", file=sys.stderr
        ) as bar:
            report = import_schools(raw, progress=bar.update, allow_shrink=allow_shrink)
    except GiasImportError as problem:
        raise click.ClickException(str(problem)) from None
    click.echo("\n".join(report.lines()))


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(["school", "police", "reviewer", "admin"]))
@click.option("--org", "organisation", required=True, help="URN, force area code, DFE or HO")
@click.option("--password", default=None, help="Without it, an invitation email is sent")
@with_appcontext
def create_user_command(
    email: str, name: str, role: str, organisation: str, password: str | None
) -> None:
    """Create a user in an organisation."""
    from sspcollect.accounts.service import AccountError, create_user, invite

    try:
        user = create_user(email, name, role, organisation, password)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    made = f"Created {user.email} ({user.role}, {user.organisation.name})"
    if password:
        click.echo(f"{made} with the password given.")
    elif invite(user):
        click.echo(f"{made} and sent an invitation.")
    else:
        raise click.ClickException(
            f"{made}, but the invitation email could not be sent; "
            "send it again from the user's page in the admin pages."
        )


@click.command("demo")
@click.option(
    "--scale",
    type=click.Choice(["demo", "national"]),
    default="demo",
    help="national: about 26,000 schools, every force, five years of collections, for load "
    "tests and the effectiveness estimates (into an empty database)",
)
@click.option("--schools", type=int, default=26_000, help="With --scale national: open schools")
@click.option(
    "--school-users", type=int, default=500, help="With --scale national: school sign-ins"
)
@with_appcontext
def demo_command(scale: str, schools: int, school_users: int) -> None:
    """Load reference data and a synthetic demo, then print the demo sign-ins."""
    from sspcollect.demo import load_demo

    if scale == "national":
        from sspcollect.demo.national import load_national

        national = load_national(schools, school_users, echo=click.echo)
        click.echo(
            f"\nNational demo sign-ins (password for all: {national.password}); "
            f"{national.school_users:,} school users school.<URN>@demo.example, the first:"
        )
        for role, email, organisation in national.users:
            click.echo(f"  {role:<9} {email:<45} {organisation}")
        return
    sign_ins = load_demo(echo=click.echo)
    click.echo(f"\nDemo sign-ins (password for all: {sign_ins.password}):")
    for role, email, organisation in sign_ins.users:
        click.echo(f"  {role:<9} {email:<38} {organisation}")
        click.echo(f"  {'':<9} {sign_ins.tries[email]}")


@click.command("send-reminders")
@click.option("--dry-run", is_flag=True, help="List what would be sent; send and record nothing")
@click.option(
    "--today",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Send what is due on this day (YYYY-MM-DD) instead of today",
)
@with_appcontext
def send_reminders_command(dry_run: bool, day: datetime | None) -> None:
    """Send the reminders due today to every organisation that has not submitted (for cron)."""
    from sspcollect.notify import reminders

    today = day.date() if day else reminders.server_today()
    if dry_run:
        report = reminders.plan(today)
        for planned in report.planned:
            click.echo(
                f"{planned.recipient}\t{planned.kind}\t{planned.organisation}\t{planned.collection}"
            )
        click.echo(report.summary())
        return
    report = reminders.claim_due(today)
    with click.progressbar(
        length=len(report.claimed), label="Sending reminders", file=sys.stderr
    ) as bar:
        reminders.deliver(report, progress=bar.update)
    click.echo(report.summary())
    if not report.ok:
        raise click.ClickException("The mail server is unavailable; see the summary above.")


COMMANDS = [
    db,
    load_reference,
    import_schools_command,
    create_user_command,
    demo_command,
    send_reminders_command,
    open_collection_command,
    close_collection_command,
    export_national_command,
    estimate_effects_command,
]


def register(app: Flask) -> None:
    """Add the service's commands to app.cli (the test runner's way in)."""
    for command in COMMANDS:
        app.cli.add_command(command)


for _command in COMMANDS:
    cli.add_command(_command)
