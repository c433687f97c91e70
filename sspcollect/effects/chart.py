"""The event-study chart: the effect by years since a partnership began, with 95% intervals.

Drawn on the server as SVG (no JavaScript): the geometry is worked out here and drawn by
templates/effects/_event_chart.html. The same figures are given in a table beside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sspcollect.charts import Frame, Tick, margins
from sspcollect.effects.estimator import Estimates

FRAME = margins(width=560, height=300, left=72, right=16, top=16, bottom=56)


@dataclass(frozen=True)
class Point:
    """One year's estimate and interval, placed."""

    x: float
    y: float
    low: float
    high: float
    before: bool


@dataclass(frozen=True)
class EventChart:
    """What the template draws."""

    frame: Frame
    zero_y: float
    start_x: float
    points: tuple[Point, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    unit: str


def nice_step(span: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about five ticks over span."""
    raw = span / 5 if span > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if multiple * power >= raw:
            return multiple * power
    return 10 * power


def tick_label(value: float, step: float) -> str:
    """A tick's value with as many decimals as the step needs, and a true minus sign."""
    places = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    text = f"{abs(value):.{places}f}"
    return text if round(value, places) >= 0 else f"\u2212{text}"


def event_chart(result: Estimates, unit: str) -> EventChart | None:
    """The chart of one estimate's event study; None without any year to draw."""
    events = sorted(result.events)
    if not events:
        return None
    intervals = [result.events[event] for event in events]
    low = min(0.0, *(item.lower for item in intervals))
    high = max(0.0, *(item.upper for item in intervals))
    step = nice_step(high - low)
    bottom_value = math.floor(low / step) * step
    top_value = math.ceil(high / step) * step
    if top_value == bottom_value:
        top_value += step
    gap = (FRAME.right - FRAME.left) / (len(events) + 1)

    def y_of(value: float) -> float:
        return FRAME.up((value - bottom_value) / (top_value - bottom_value))

    def x_of(index: int) -> float:
        return FRAME.across((index + 1) / (len(events) + 1))

    points = tuple(
        Point(x_of(i), y_of(item.estimate), y_of(item.lower), y_of(item.upper), event < 0)
        for i, (event, item) in enumerate(zip(events, intervals, strict=True))
    )
    first_after = next((i for i, event in enumerate(events) if event >= 0), len(events))
    count = round((top_value - bottom_value) / step)
    return EventChart(
        frame=FRAME,
        zero_y=y_of(0.0),
        start_x=round(x_of(first_after) - gap / 2, 1),
        points=points,
        x_ticks=tuple(Tick(x_of(i), tick_label(event, 1.0)) for i, event in enumerate(events)),
        y_ticks=tuple(
            Tick(y_of(bottom_value + k * step), tick_label(bottom_value + k * step, step))
            for k in range(count + 1)
        ),
        unit=unit,
    )
