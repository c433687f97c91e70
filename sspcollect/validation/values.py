"""Turning what people type into values the rules check, without losing what they typed.

Text that cannot be read as the number or date asked for becomes `Invalid`, with the reason,
so the rule for that field fires with a message saying what to enter, and the form shows the
text again. `read_number` is the one way every typed number is read: whole numbers may group
thousands with commas where they belong ("1,234", never "12,34"), decimals use a full stop, and
anything else ("8,5", "1.2.3", "10%", "1e3", "½", digits of another script, a trailing word) is
refused rather than guessed, since guessing would turn 8,5 into 85.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeGuard


class Unreadable(enum.StrEnum):
    """Why typed text was not taken as the value asked for."""

    NOT_A_NUMBER = "not_a_number"
    NOT_WHOLE = "not_whole"
    TOO_MANY_PLACES = "too_many_places"
    TOO_LARGE = "too_large"
    OTHER = "other"


@dataclass(frozen=True)
class Invalid:
    """Text that could not be read as the value asked for, and why."""

    raw: str
    reason: Unreadable = Unreadable.OTHER

    def __str__(self) -> str:
        """Show the text as typed."""
        return self.raw


def _clean(raw: Any) -> str | None:
    """Trim text; None for blank."""
    if raw is None:
        return None
    text = str(raw).strip()
    return text or None


# ASCII digits only: Python's \d would also match Arabic-Indic or full-width digits.
WHOLE = r"(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+|[0-9]+)"
NUMBER = re.compile(rf"(?P<sign>-?)(?P<whole>{WHOLE})(?:\.(?P<fraction>[0-9]+))?")
# Longer than any figure the service keeps; read as a number that is too large.
MOST_DIGITS = 15


def _text_of(raw: Any) -> str | Decimal | None:
    """Typed text trimmed (None when blank), or the exact value of a spreadsheet's number."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return str(raw)
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, Decimal):
        return raw if raw.is_finite() else str(raw)
    if isinstance(raw, float):
        # repr gives the shortest text that reads back as the same float: 0.1, not 0.1000…01.
        return Decimal(repr(raw)) if raw == raw and abs(raw) != float("inf") else str(raw)
    text = str(raw).strip()
    return text or None


def _places(value: Decimal) -> int:
    """Decimal places that matter: 8.50 has 1, 12.0 has 0."""
    # Counted from the digits, not normalize(), which rounds to the context's precision.
    _, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0:
        return 0
    places, kept = -exponent, list(digits)
    while places and kept and kept[-1] == 0:
        kept.pop()
        places -= 1
    return places


def read_number(raw: Any, places: int = 0) -> int | Decimal | Invalid | None:
    """What raw says as a number with at most places decimal places.

    None when blank; an int when places is 0; a Decimal otherwise; Invalid, with the
    reason, for anything else. "12.0" is the whole number 12 (spreadsheets write it so).
    """
    text = _text_of(raw)
    if text is None:
        return None
    if isinstance(text, Decimal):
        value, typed = text, str(raw)
    else:
        match = NUMBER.fullmatch(text)
        if match is None:
            return Invalid(text, Unreadable.NOT_A_NUMBER)
        if len(match["whole"].replace(",", "").lstrip("0")) > MOST_DIGITS:
            return Invalid(text, Unreadable.TOO_LARGE)
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            return Invalid(text, Unreadable.NOT_A_NUMBER)
        typed = text
    if abs(value) >= Decimal(10) ** MOST_DIGITS:
        return Invalid(typed, Unreadable.TOO_LARGE)
    if _places(value) > places:
        reason = Unreadable.NOT_WHOLE if places == 0 else Unreadable.TOO_MANY_PLACES
        return Invalid(typed, reason)
    if places == 0:
        return int(value)
    return value.quantize(Decimal(1).scaleb(-_places(value)))


def whole_number(raw: Any) -> int | Invalid | None:
    """A whole number such as 1,204, or Invalid, or None if blank."""
    value = read_number(raw, 0)
    return value if not isinstance(value, Decimal) else int(value)


def decimal_number(raw: Any, places: int = 2) -> Decimal | Invalid | None:
    """A number with at most `places` decimal places, or Invalid, or None if blank."""
    value = read_number(raw, places)
    return Decimal(value) if isinstance(value, int) else value


def choice(raw: Any, allowed: frozenset[str] | set[str]) -> str | Invalid | None:
    """One of allowed, or Invalid, or None if blank."""
    text = _clean(raw)
    if text is None:
        return None
    return text if text in allowed else Invalid(text)


def yes_no(raw: Any) -> bool | Invalid | None:
    """True for yes, False for no."""
    if isinstance(raw, bool):
        return raw
    text = _clean(raw)
    if text is None:
        return None
    lowered = text.lower()
    if lowered in {"yes", "y", "true"}:
        return True
    if lowered in {"no", "n", "false"}:
        return False
    return Invalid(text)


def day(raw: Any) -> date | Invalid | None:
    """A date: a date object, YYYY-MM-DD, or DD/MM/YYYY."""
    if isinstance(raw, date):
        return raw
    text = _clean(raw)
    if text is None:
        return None
    for pattern, order in (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"),
        (r"(\d{1,2})/(\d{1,2})/(\d{4})", "dmy"),
    ):
        match = re.fullmatch(pattern, text)
        if match:
            parts = [int(p) for p in match.groups()]
            year, month, day_ = parts if order == "ymd" else parts[::-1]
            try:
                return date(year, month, day_)
            except ValueError:
                return Invalid(text)
    return Invalid(text)


def date_parts(day_: Any, month: Any, year: Any) -> date | Invalid | None:
    """A date from the three boxes of the GOV.UK date input."""
    parts = [_clean(day_), _clean(month), _clean(year)]
    if all(p is None for p in parts):
        return None
    if any(p is None or not re.fullmatch("[0-9]{1,4}", p) for p in parts):
        return Invalid("/".join(p or "" for p in parts))
    d, m, y = (int(p) for p in parts)  # type: ignore[arg-type]
    if y < 1900 or y > 2100:
        return Invalid(f"{d}/{m}/{y}")
    try:
        return date(y, m, d)
    except ValueError:
        return Invalid(f"{d}/{m}/{y}")


def is_missing_or_invalid(value: Any) -> bool:
    """True for a blank or unreadable answer."""
    return value is None or isinstance(value, Invalid)


def outside(value: Any, low: float | Decimal, high: float | Decimal) -> bool:
    """True when a required number is blank, unreadable, or outside low..high."""
    if is_missing_or_invalid(value):
        return True
    return not (low <= value <= high)


def usable(value: Any) -> TypeGuard[Any]:
    """True when a value was given and could be read (then neither None nor Invalid)."""
    return not is_missing_or_invalid(value)
