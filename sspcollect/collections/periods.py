"""Academic years and reporting periods: reading them as people type them, saying them in words.

A collection's outcome figures describe an academic year, 1 September to 31 August, which
must have ended by the collection's deadline; its register is the position at the reference
date. Explore Education Statistics writes an academic year as its two years run together
(202526, "Academic year").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

ACADEMIC_YEAR = "Academic year"
UK_TIME = ZoneInfo("Europe/London")
# 2025/26, 2025/2026, 2025-26, 2025 to 2026, 2025 to 26, 202526.
_TYPED = re.compile(r"([0-9]{4})\s*(?:/|-|\u2013|to|)\s*([0-9]{2}|[0-9]{4})", re.IGNORECASE)


def uk_today() -> date:
    """Today's date in the UK, whatever the server's time zone."""
    return datetime.now(UK_TIME).date()


def long_date(day: date) -> str:
    """A date as GOV.UK writes it: 1 September 2025."""
    return f"{day.day} {day:%B %Y}"


def period_words(start: date, end: date) -> str:
    """A period as GOV.UK writes it: 1 September 2025 to 31 August 2026."""
    return f"{long_date(start)} to {long_date(end)}"


@dataclass(frozen=True, order=True)
class AcademicYear:
    """The academic year that starts on 1 September of `first`."""

    first: int

    @classmethod
    def from_time_period(cls, time_period: str) -> AcademicYear:
        """202526 as the academic year 2025/26."""
        return cls(int(time_period[:4]))

    @classmethod
    def containing(cls, day: date) -> AcademicYear:
        """The academic year a day falls in."""
        return cls(day.year if day.month >= 9 else day.year - 1)

    @classmethod
    def latest_ended_by(cls, day: date) -> AcademicYear:
        """The most recent academic year that had ended on or before day."""
        return cls(day.year - 1 if day >= date(day.year, 8, 31) else day.year - 2)

    @property
    def start(self) -> date:
        """1 September of the first year."""
        return date(self.first, 9, 1)

    @property
    def end(self) -> date:
        """31 August of the second year."""
        return date(self.first + 1, 8, 31)

    @property
    def time_period(self) -> str:
        """As EES writes it: 202526."""
        return f"{self.first}{(self.first + 1) % 100:02d}"

    @property
    def label(self) -> str:
        """As people write it: 2025/26."""
        return f"{self.first}/{(self.first + 1) % 100:02d}"

    @property
    def words(self) -> str:
        """1 September 2025 to 31 August 2026."""
        return period_words(self.start, self.end)


class UnreadableYearError(ValueError):
    """Typed text that is not an academic year; the message says how to write one."""


def read_academic_year(text: str, what: str = "the academic year") -> AcademicYear:
    """An academic year typed as 2027/28, 2027 to 2028, 2027-28 or 202728.

    Raises UnreadableYearError with a message naming `what` when the text is not one.
    """
    typed = (text or "").strip()
    if not typed:
        raise UnreadableYearError(f"Enter {what}, such as 2026/27")
    match = _TYPED.fullmatch(typed)
    if match is None:
        raise UnreadableYearError(f"Enter {what} as two years, such as 2026/27 or 2026 to 2027")
    first, second = int(match[1]), match[2]
    follows = (first + 1) % 100 if len(second) == 2 else first + 1
    if int(second) != follows or not 1900 <= first <= 2200:
        raise UnreadableYearError(
            f"The second year must follow the first, such as {first}/{(first + 1) % 100:02d}"
        )
    return AcademicYear(first)
