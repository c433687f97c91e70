"""The one way the service reads a number a person typed, and the messages when it cannot.

Every number typed into a question page, a register form or an uploaded register is read
by `sspcollect.validation.values.read_number` (see there for what it accepts).

`NumberQuestion` says what a field asks for (its words, decimal places and range), and
`number_problem` gives the message a person sees, following the GOV.UK pattern: a different
message for empty, not a number, not a whole number, too many decimal places, too small
and too large, naming the field in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sspcollect.validation.values import Invalid, Unreadable, read_number


def _plain(value: Decimal | int) -> str:
    """A bound as people write it: 10,000, 99.9, 0."""
    if isinstance(value, int) or value == value.to_integral_value():
        return f"{int(value):,}"
    return format(value.normalize(), "f")


@dataclass(frozen=True)
class NumberQuestion:
    """What a numeric field asks for, in words, with its decimal places and range.

    `enter` finishes "Enter …" ("the number of pupils on roll", "persistent absence");
    `called` starts a sentence ("Pupils on roll", "Persistent absence"); `example` is a
    value like one a person would type; `none_hint` is added to "Enter …" when 0 is a
    good answer ("0 if there were none").
    """

    enter: str
    called: str
    example: str
    minimum: Decimal | int
    maximum: Decimal | int
    places: int = 0
    none_hint: str = ""
    # How a percentage is described: "persistent absence as a percentage".
    percent: bool = False

    def read(self, raw: Any) -> int | Decimal | Invalid | None:
        """What raw says, as this question reads numbers."""
        return read_number(raw, self.places)

    def empty(self) -> str:
        """The message for no answer."""
        hint = f", or {self.none_hint}" if self.none_hint else ""
        return f"Enter {self.enter}{hint}"

    def not_a_number(self, typed: str = "") -> str:
        """The message for text that is not a number (typed is what was typed)."""
        kind = "a whole number" if self.places == 0 else "a number"
        unit = " without the % sign" if self.percent and "%" in typed else ""
        return f"Enter {self.enter} as {kind}{unit}, like {self.example}"

    def not_whole(self) -> str:
        """The message for a fraction where a whole number is asked."""
        return f"{self.called} must be a whole number, like {self.example}"

    def too_many_places(self) -> str:
        """The message for more decimal places than the figure is kept to."""
        places = "1 decimal place" if self.places == 1 else f"{self.places} decimal places"
        return f"{self.called} must have no more than {places}, like {self.example}"

    def too_small(self) -> str:
        """The message for a number below the minimum."""
        unit = "%" if self.percent else ""
        return f"{self.called} must be {_plain(self.minimum)}{unit} or more"

    def too_large(self) -> str:
        """The message for a number above the maximum."""
        unit = "%" if self.percent else ""
        return f"{self.called} must be {_plain(self.maximum)}{unit} or less"

    def describe(self) -> str:
        """The whole rule in one sentence, for the catalogue of rules."""
        kind = "a whole number" if self.places == 0 else "a number"
        places = ""
        if self.places:
            places = ", with no more than " + (
                "1 decimal place" if self.places == 1 else f"{self.places} decimal places"
            )
        unit = "%" if self.percent else ""
        return (
            f"Enter {self.enter} as {kind} from {_plain(self.minimum)}{unit} "
            f"to {_plain(self.maximum)}{unit}{places}"
        )


def number_problem(question: NumberQuestion, value: Any, *, required: bool = True) -> str | None:
    """The message for value as the answer to question, or None when it is a good answer.

    value is what `read_number` made of the typed text, or a number kept from before.
    """
    if value is None or value == "":
        return question.empty() if required else None
    if isinstance(value, Invalid):
        reasons = {
            Unreadable.NOT_WHOLE: question.not_whole,
            Unreadable.TOO_MANY_PLACES: question.too_many_places,
            Unreadable.TOO_LARGE: question.too_large,
        }
        if value.reason in reasons:
            return reasons[value.reason]()
        return question.not_a_number(value.raw)
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return question.not_a_number()
    if value < question.minimum:
        return question.too_small()
    if value > question.maximum:
        return question.too_large()
    return None
