"""Turning what people type into values the rules check, without losing what they typed.

Text that cannot be read as the number or date asked for becomes `Invalid`, so the rule for
that field fires with a message saying what to enter, and the form shows the text again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeGuard


@dataclass(frozen=True)
class Invalid:
    """Text that could not be read as the value asked for."""

    raw: str

    def __str__(self) -> str:
        """Show the text as typed."""
        return self.raw


def _clean(raw: Any) -> str | None:
    """Trim text; None for blank."""
    if raw is None:
        return None
    text = str(raw).strip()
    return text or None


def whole_number(raw: Any) -> int | Invalid | None:
    """A whole number such as 1,204 (commas allowed), or Invalid, or None if blank."""
    if isinstance(raw, bool):
        return Invalid(str(raw))
    if isinstance(raw, int):
        return raw
    text = _clean(raw)
    if text is None:
        return None
    candidate = text.replace(",", "")
    if re.fullmatch(r"-?\d{1,9}", candidate):
        return int(candidate)
    # Spreadsheets write 12 as 12.0.
    if re.fullmatch(r"-?\d{1,9}\.0+", candidate):
        return int(candidate.split(".")[0])
    return Invalid(text)


def decimal_number(raw: Any, places: int = 2) -> Decimal | Invalid | None:
    """A number with at most `places` decimal places (a trailing % is allowed)."""
    if isinstance(raw, bool):
        return Invalid(str(raw))
    if isinstance(raw, (int, Decimal)):
        return Decimal(raw)
    if isinstance(raw, float):
        raw = repr(raw)
    text = _clean(raw)
    if text is None:
        return None
    candidate = text.removesuffix("%").strip().replace(",", "")
    if not re.fullmatch(r"-?\d{1,6}(\.\d+)?", candidate):
        return Invalid(text)
    try:
        value = Decimal(candidate)
    except InvalidOperation:
        return Invalid(text)
    if value != value.quantize(Decimal(1).scaleb(-places)):
        return Invalid(text)
    return value


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
    if any(p is None or not p.isdigit() for p in parts):
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
