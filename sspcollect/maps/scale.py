"""Colours for figures on a map, and patterns for figures that are not numbers.

The colours are five steps of ColorBrewer's yellow-green-blue sequential scheme, which
readers with any common colour-vision deficiency can still put in order, and which run from
light (low) to dark (high). A figure that is not a number never gets a colour: a suppressed
figure ("c") is hatched, a figure that is not available ("x") is dotted, and an area with no
figure at all is left pale grey, each named in the legend.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

COLOURS = ("#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")
# Text on each colour: dark on the light steps, white on the dark ones.
DARK_COLOURS = frozenset(COLOURS[3:])
SUPPRESSED = "c"
NOT_AVAILABLE = "x"
NOT_APPLICABLE = "z"
NO_FIGURE = ""
PALE_GREY = "#f3f2f1"


@dataclass(frozen=True)
class Figure:
    """A figure for one area: its number, or the symbol that stands in for it, as shown."""

    number: float | None
    text: str
    symbol: str = NO_FIGURE

    @classmethod
    def of(cls, number: float, text: str) -> Figure:
        """A figure that is a number."""
        return cls(number, text)

    @classmethod
    def symbolised(cls, symbol: str) -> Figure:
        """A figure published as a symbol (c, x or z), or none at all ("")."""
        return cls(None, SYMBOL_TEXT.get(symbol, symbol), symbol)


SYMBOL_TEXT = {
    SUPPRESSED: "c (suppressed)",
    NOT_AVAILABLE: "x (not available)",
    NOT_APPLICABLE: "z (not applicable)",
    NO_FIGURE: "no figure",
}


@dataclass(frozen=True)
class Step:
    """One step of the colour scale: from low up to (not including) high, unless last."""

    low: float
    high: float
    colour: str
    label: str


@dataclass(frozen=True)
class Key:
    """One entry of a legend: how it is filled and what it means."""

    fill: str
    label: str
    pattern: str = ""


def _number(value: float, unit: str) -> str:
    """A break of the scale as a person writes it: 20%, 2.5."""
    text = f"{value:g}"
    return f"{text}{unit}"


@dataclass(frozen=True)
class Scale:
    """Steps of colour for the numbers of one map, and the keys for what is not a number."""

    steps: tuple[Step, ...]
    no_figure_label: str

    @classmethod
    def even(cls, top: float, unit: str, no_figure_label: str) -> Scale:
        """Five even steps from 0 to top: "Under 20%", "20% to under 40%", … "80% or more"."""
        size = top / len(COLOURS)
        steps = []
        for index, colour in enumerate(COLOURS):
            low, high = index * size, (index + 1) * size
            if index == 0:
                label = f"Under {_number(high, unit)}"
            elif index == len(COLOURS) - 1:
                label = f"{_number(low, unit)} or more"
            else:
                label = f"{_number(low, unit)} to under {_number(high, unit)}"
            steps.append(Step(low, high, colour, label))
        return cls(tuple(steps), no_figure_label)

    @classmethod
    def percentages(cls, no_figure_label: str) -> Scale:
        """Steps of 20 percentage points, the same on every map of a percentage."""
        return cls.even(100, "%", no_figure_label)

    @classmethod
    def rates(cls, largest: float, no_figure_label: str) -> Scale:
        """Five steps of a round size (1, 2 or 5 times a power of ten) covering largest."""
        wanted = max(largest, 1e-9) / len(COLOURS)
        power = 10 ** math.floor(math.log10(wanted))
        size = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= wanted)
        return cls.even(size * len(COLOURS), "", no_figure_label)

    def fill(self, figure: Figure, patterns: dict[str, str]) -> str:
        """The fill of an area with figure: a colour for a number, a pattern or grey otherwise."""
        if figure.number is None:
            return patterns.get(figure.symbol, PALE_GREY)
        for step in self.steps:
            if figure.number < step.high:
                return step.colour
        return self.steps[-1].colour

    def keys(self, figures: list[Figure], patterns: dict[str, str]) -> list[Key]:
        """The legend: every colour step, then each kind of missing figure the map shows."""
        keys = [Key(step.colour, step.label) for step in self.steps]
        shown = {figure.symbol for figure in figures if figure.number is None}
        for symbol, label in (
            (SUPPRESSED, "c: suppressed to protect confidentiality"),
            (NOT_AVAILABLE, "x: not available"),
            (NOT_APPLICABLE, "z: not applicable"),
        ):
            if symbol in shown:
                keys.append(Key(patterns.get(symbol, PALE_GREY), label, pattern=symbol))
        if NO_FIGURE in shown:
            keys.append(Key(PALE_GREY, self.no_figure_label))
        return keys
