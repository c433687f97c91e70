"""The progress-over-time chart: cumulative submissions per day against the deadline.

Drawn on the server as SVG (no JavaScript), with geometry worked out here and the drawing
in templates/review/_chart.html. The figures behind it are also given as a sentence and a
table, for people who cannot see the chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sspcollect.charts import Frame, Tick, margins
from sspcollect.models import Collection
from sspcollect.review.progress import percent

FRAME = margins(width=720, height=320, left=80, right=24, top=24, bottom=48)


@dataclass(frozen=True)
class DayFigure:
    """Submissions on one day, and all submissions up to and including it."""

    day: date
    submitted: int
    cumulative: int
    percent: float


@dataclass(frozen=True)
class Chart:
    """What the template draws."""

    frame: Frame
    line: str
    deadline_x: float
    deadline_label: str
    expected: int
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    figures: list[DayFigure]
    summary: str


def short_date(day: date) -> str:
    """5 Mar."""
    return f"{day.day} {day:%b}"


def long_date(day: date) -> str:
    """5 March 2027."""
    return f"{day.day} {day:%B %Y}"


def progress_chart(
    collection: Collection, expected: int, daily: list[tuple[date, int]], today: date
) -> Chart:
    """The chart of cumulative submissions from opening to the deadline (or the last one)."""
    start = min([collection.opens_on, *(day for day, _ in daily)])
    end = max([collection.deadline, *(day for day, _ in daily)])
    end = max(end, start + timedelta(days=1))
    span = (end - start).days
    top_value = max(expected, 1)

    def x(day: date) -> float:
        return FRAME.across((day - start).days / span)

    def y(value: int) -> float:
        return FRAME.up(value / top_value)

    figures: list[DayFigure] = []
    cumulative = 0
    for day, count in daily:
        cumulative += count
        figures.append(DayFigure(day, count, cumulative, percent(cumulative, expected)))

    # A step line: flat between days, rising on each day with submissions.
    points = [(x(start), y(0))]
    for figure in figures:
        points.append((x(figure.day), points[-1][1]))
        points.append((x(figure.day), y(figure.cumulative)))
    last = min(max(today, start), end)
    if figures and last > figures[-1].day:
        points.append((x(last), points[-1][1]))
    line = " ".join(f"{px},{py}" for px, py in points)

    # The scale runs to every return expected: marks at each quarter, as shares.
    y_ticks = [Tick(FRAME.up(share / 4), f"{25 * share}%") for share in range(5)]
    x_ticks = [Tick(x(start), short_date(start)), Tick(x(end), short_date(end))]
    month = date(start.year, start.month, 1)
    while True:
        month = date(month.year + (month.month // 12), month.month % 12 + 1, 1)
        if month >= end:
            break
        if (month - start).days > span / 12 and (end - month).days > span / 12:
            x_ticks.append(Tick(x(month), short_date(month)))

    done = figures[-1].cumulative if figures else 0
    summary = (
        f"{done:,} of {expected:,} returns ({percent(done, expected):.1f}%) have been submitted"
        + (f", the latest on {long_date(figures[-1].day)}" if figures else "")
        + f". The deadline is {long_date(collection.deadline)}."
    )
    return Chart(
        frame=FRAME,
        line=line,
        deadline_x=x(collection.deadline),
        deadline_label=f"Deadline {short_date(collection.deadline)}",
        expected=expected,
        x_ticks=sorted(x_ticks, key=lambda tick: tick.at),
        y_ticks=y_ticks,
        figures=figures,
        summary=summary,
    )
