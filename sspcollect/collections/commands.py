"""`sspcollect open-collection` and `sspcollect close-collection`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from sspcollect.collections import service
from sspcollect.validation.values import day, whole_number

# The command-line option for each field of a new collection, for saying what to fix.
OPTIONS = {
    "title": "--title",
    "time_period": "--time-period",
    "outcomes_year": "--outcomes-year",
    "reference_date": "--reference-date",
    "opens_on": "--opens",
    "deadline": "--deadline",
    "closes_on": "--closes",
    "reminder_days_before": "--reminders",
    "overdue_every_days": "--overdue-every",
    "overdue_max": "--overdue-max",
}


@click.command("open-collection")
@click.option("--time-period", required=True, help="Academic year it runs in, such as 2026/27")
@click.option(
    "--outcomes-year",
    default="",
    help="Academic year the figures describe, such as 2025/26 "
    "(default: the latest one ended by the deadline)",
)
@click.option("--title", default="", help="Needed when the collection does not exist yet")
@click.option("--reference-date", default=None, help="YYYY-MM-DD")
@click.option("--opens", default=None, help="YYYY-MM-DD")
@click.option("--deadline", default=None, help="YYYY-MM-DD")
@click.option("--closes", default=None, help="YYYY-MM-DD")
@click.option("--reminders", default="14, 7, 2", show_default=True, help="Days before deadline")
@click.option("--overdue-every", default="7", show_default=True, help="Days between overdue mails")
@click.option("--overdue-max", default="3", show_default=True, help="Most overdue mails")
@click.option(
    "--phase",
    "phases",
    multiple=True,
    type=click.Choice(service.PHASES, case_sensitive=False),
    help="Phase of education whose open schools get a return (repeat; default: every phase)",
)
@with_appcontext
def open_collection_command(
    time_period: str,
    outcomes_year: str,
    title: str,
    reference_date: str | None,
    opens: str | None,
    deadline: str | None,
    closes: str | None,
    reminders: str,
    overdue_every: str,
    overdue_max: str,
    phases: tuple[str, ...],
) -> None:
    """Create the collection for an academic year if it does not exist, then open it."""
    collection = service.collection_for(time_period)
    if collection is None:
        details = service.CollectionDetails(
            title=title,
            time_period=time_period,
            outcomes_year=outcomes_year,
            reference_date=day(reference_date),
            opens_on=day(opens),
            deadline=day(deadline),
            closes_on=day(closes),
            reminder_days_before=service.reminder_days(reminders),
            overdue_every_days=whole_number(overdue_every),
            overdue_max=whole_number(overdue_max),
        )
        try:
            collection = service.create_collection(details)
        except service.InvalidCollectionError as invalid:
            lines = [f"{OPTIONS[name]}: {message}" for name, message in invalid.problems.items()]
            raise click.ClickException("\n".join(lines)) from None
        click.echo(
            f"Created the {collection.academic_year} collection “{collection.title}”, "
            f"asking for figures for {collection.period_words}."
        )
    try:
        created = service.open_collection(collection, phases or service.PHASES)
    except service.CollectionError as problem:
        raise click.ClickException(str(problem)) from None
    click.echo(
        f"Opened {collection.academic_year} for {', '.join(collection.phases)}: "
        f"{created.schools:,} school returns and {created.forces:,} force returns created."
    )


@click.command("close-collection")
@click.option("--time-period", required=True, help="Academic year, such as 202627")
@with_appcontext
def close_collection_command(time_period: str) -> None:
    """Close a collection: its returns can no longer be changed."""
    collection = service.collection_for(time_period)
    if collection is None:
        raise click.ClickException(f"There is no collection for {time_period}")
    try:
        service.close_collection(collection)
    except service.CollectionError as problem:
        raise click.ClickException(str(problem)) from None
    click.echo(f"Closed the {collection.academic_year} collection; its returns are locked.")
