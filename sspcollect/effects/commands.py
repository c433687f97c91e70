"""`sspcollect estimate-effects`: a collection's effectiveness estimates, in words and figures."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import click
from flask.cli import with_appcontext

from sspcollect.datasets.commands import find_collection
from sspcollect.effects.methodology import CAVEATS

if TYPE_CHECKING:
    from sspcollect.effects.report import Figures, Report

WIDTH = 88


def _wrapped(text: str, first: str = "", rest: str = "") -> list[str]:
    """text wrapped to the width of a terminal."""
    return textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=rest) or [""]


def _figures_line(item: Figures) -> str:
    """One estimate in a line."""
    if item.reason is not None:
        return f"  {item.label}: x. {item.reason}"
    warning = " (warning)" if item.warning else ""
    return (
        f"  {item.label}: {item.effect} (95% confidence interval {item.interval}); minimum "
        f"detectable effect {item.mde}; pre-trend test p = {item.pre_trend}{warning}; "
        f"{item.treated} schools gained a partnership, {item.compared} compared"
    )


def report_lines(report: Report) -> list[str]:
    """The report as lines of text, as the page gives it."""
    title = f"Do Safer School Partnerships work? {report.collection.title}"
    lines = [title, "=" * len(title), ""]
    if report.reason is not None:
        return [*lines, *_wrapped(f"No effects are estimated. {report.reason}")]
    lines += _wrapped(
        f"Estimated effects of gaining a partnership on schools' outcomes, from the same "
        f"schools' returns across {len(report.years)} closed collections, {report.years[0]} "
        f"to {report.years[-1]}."
    )
    lines += ["", "Caveats:"]
    for caveat in CAVEATS:
        lines += _wrapped(caveat, "- ", "  ")
    lines += ["", "Schools in the estimates:"]
    lines += [f"- {label}: {count:,}" for label, count in report.cohorts]
    for item in report.outcomes:
        heading = f"{item.outcome.label} ({item.outcome.unit})"
        lines += ["", heading, "-" * len(heading)]
        for text in (item.result_words, item.area_words, item.pre_trend_words, item.naive_words):
            if text:
                lines += _wrapped(text)
        if item.events:
            lines += ["Effect by years since the partnership began:"]
            lines += [
                f"  {row.label}: {row.effect} ({row.interval}), {row.treated} schools"
                for row in item.events
            ]
        lines += ["By model, phase and area:"]
        lines += [_figures_line(group) for group in item.groups]
    return lines


@click.command("estimate-effects")
@click.option("--collection", "reference", required=True, help="Time period (202526) or id")
@with_appcontext
def estimate_effects_command(reference: str) -> None:
    """Estimate the effects of partnerships from the closed collections up to this one."""
    # Loaded when asked for: the estimates need pandas and numpy, which every other command
    # (and the service starting) would otherwise wait for.
    from sspcollect.effects.report import effectiveness_report

    collection = find_collection(reference.strip())
    if collection is None:
        raise click.ClickException(
            f"No collection {reference!r}: give its time period, such as 202526, or its id."
        )
    for line in report_lines(effectiveness_report(collection)):
        click.echo(line)
