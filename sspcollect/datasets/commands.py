"""`sspcollect export-national`: write a collection's national datasets to a folder."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from sspcollect.db import session
from sspcollect.models import Collection


def find_collection(reference: str) -> Collection | None:
    """The collection with this time period (such as 202526), or else with this id."""
    collection = session.scalar(select(Collection).where(Collection.time_period == reference))
    if collection is None and reference.isdigit():
        collection = session.get(Collection, int(reference))
    return collection


@click.command("export-national")
@click.option("--collection", "reference", required=True, help="Time period (202526) or id")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the files into (made if missing)",
)
@click.option(
    "--include-submitted",
    is_flag=True,
    help="Count submitted returns as well as accepted ones",
)
@with_appcontext
def export_national_command(reference: str, out_dir: Path, include_submitted: bool) -> None:
    """Write the national datasets of a collection as EES files, with the data guidance."""
    from sspcollect.datasets.export import export_national

    collection = find_collection(reference.strip())
    if collection is None:
        raise click.ClickException(
            f"No collection {reference!r}: give its time period, such as 202526, or its id."
        )
    written = export_national(
        collection,
        out_dir,
        include_submitted=include_submitted,
        progress=lambda message: click.echo(message, err=True),
        report=click.echo,
    )
    for path in written.paths:
        click.echo(str(path))
    counted = "accepted and submitted" if include_submitted else "accepted"
    click.echo(
        f"Wrote {len(written.paths)} files for {collection.title}, counting {counted} returns."
    )
    for name, reason in written.absent.items():
        click.secho(
            f"Warning: {name}.csv is not written because it would have no figures. {reason}",
            err=True,
            fg="yellow",
        )
    click.echo(
        f"The record-level register is in {written.register}: for analysts only, never to be "
        "published."
    )
