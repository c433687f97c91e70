"""What the service's charts share: an SVG drawing area with a plot inside it, and labelled
marks on its axes. Each chart works out its geometry on the server (no JavaScript) and a
template draws it; templates/_chart.html draws the parts every chart has."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tick:
    """A labelled mark on an axis at a position in SVG units (x or y)."""

    at: float
    label: str


@dataclass(frozen=True)
class Frame:
    """A chart's size, and the edges of the plot inside it, in SVG units."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int

    def across(self, share: float) -> float:
        """The x of a point share of the way from the plot's left edge to its right."""
        return round(self.left + (self.right - self.left) * share, 1)

    def up(self, share: float) -> float:
        """The y of a point share of the way from the plot's bottom edge to its top."""
        return round(self.bottom - (self.bottom - self.top) * share, 1)


def margins(width: int, height: int, left: int, right: int, top: int, bottom: int) -> Frame:
    """The frame of a chart width wide and height high, with these margins around its plot."""
    return Frame(width, height, left, width - right, top, height - bottom)
