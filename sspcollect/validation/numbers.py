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

from flask_babel import gettext, ngettext

from sspcollect.content.grammar import first_upper, soft_mutation
from sspcollect.language import is_welsh
from sspcollect.validation.values import Invalid, Unreadable, read_number


def _plain(value: Decimal | int) -> str:
    """A bound as people write it: 10,000, 99.9, 0."""
    if isinstance(value, int) or value == value.to_integral_value():
        return f"{int(value):,}"
    return format(value.normalize(), "f")


@dataclass(frozen=True)
class NumberQuestion:
    """What a numeric field asks for, in words, with its decimal places and range.

    `noun` names the field inside a sentence ("the number of pupils on roll", "persistent
    absence"), as the field catalogue does, in English: the messages translate it. `example`
    is a value like one a person would type; `none_hint` is added to "Enter …" when 0 is a
    good answer ("0 if there were none").
    """

    noun: str
    example: str
    minimum: Decimal | int
    maximum: Decimal | int
    places: int = 0
    none_hint: str = ""
    # How a percentage is described: "persistent absence as a percentage".
    percent: bool = False

    @property
    def enter(self) -> str:
        """The noun as it follows "Enter" (in Welsh, "Rhowch", which softens it)."""
        noun = gettext(self.noun)
        return soft_mutation(noun) if is_welsh() else noun

    @property
    def called(self) -> str:
        """The noun as the subject of "… must be": "The number of pupils on roll" (in Welsh,
        after "Rhaid i", which softens it too)."""
        noun = gettext(self.noun)
        return soft_mutation(noun) if is_welsh() else first_upper(noun)

    def _words(self) -> dict[str, str]:
        """What the messages name: the field, the example, the bounds, the unit."""
        unit = "%" if self.percent else ""
        return {
            "enter": self.enter,
            "called": self.called,
            "example": self.example,
            "minimum": _plain(self.minimum) + unit,
            "maximum": _plain(self.maximum) + unit,
            "places": str(self.places),
        }

    def read(self, raw: Any) -> int | Decimal | Invalid | None:
        """What raw says, as this question reads numbers."""
        return read_number(raw, self.places)

    def empty(self) -> str:
        """The message for no answer."""
        if self.none_hint:
            return gettext(
                "Enter %(enter)s, or %(hint)s", hint=gettext(self.none_hint), **self._words()
            )
        return gettext("Enter %(enter)s", **self._words())

    def not_a_number(self, typed: str = "") -> str:
        """The message for text that is not a number (typed is what was typed)."""
        if self.percent and "%" in typed:
            return gettext(
                "Enter %(enter)s as a number without the %% sign, like %(example)s",
                **self._words(),
            )
        if self.places == 0:
            return gettext("Enter %(enter)s as a whole number, like %(example)s", **self._words())
        return gettext("Enter %(enter)s as a number, like %(example)s", **self._words())

    def not_whole(self) -> str:
        """The message for a fraction where a whole number is asked."""
        return gettext("%(called)s must be a whole number, like %(example)s", **self._words())

    def too_many_places(self) -> str:
        """The message for more decimal places than the figure is kept to."""
        return ngettext(
            "%(called)s must have no more than %(places)s decimal place, like %(example)s",
            "%(called)s must have no more than %(places)s decimal places, like %(example)s",
            self.places,
            **self._words(),
        )

    def too_small(self) -> str:
        """The message for a number below the minimum."""
        return gettext("%(called)s must be %(minimum)s or more", **self._words())

    def too_large(self) -> str:
        """The message for a number above the maximum."""
        return gettext("%(called)s must be %(maximum)s or less", **self._words())

    def describe(self) -> str:
        """The whole rule in one sentence, for the catalogue of rules."""
        if self.places == 0:
            return gettext(
                "Enter %(enter)s as a whole number from %(minimum)s to %(maximum)s",
                **self._words(),
            )
        return ngettext(
            "Enter %(enter)s as a number from %(minimum)s to %(maximum)s, with no more than "
            "%(places)s decimal place",
            "Enter %(enter)s as a number from %(minimum)s to %(maximum)s, with no more than "
            "%(places)s decimal places",
            self.places,
            **self._words(),
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
