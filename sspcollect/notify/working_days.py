"""Working days in England and Wales: no reminder goes out at a weekend or on a bank holiday.

The bank holidays come from the `holidays` package (its tables for England, which Wales
shares), installed with the service: nothing is fetched while it runs.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> dict[date, str]:
    """The bank holidays of England and Wales in one year, day to name."""
    import holidays  # its tables take a while to load: only once a day is checked

    found = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return {day: str(name) for day, name in found.items()}


def why_not_working(day: date) -> str | None:
    """Why day is not a working day ("a weekend", "Christmas Day, a bank holiday"), or None."""
    if day.weekday() >= 5:
        return "a weekend"
    name = _bank_holidays(day.year).get(day)
    if name is not None:
        return f"{name}, a bank holiday"
    return None


def working_day_on_or_before(day: date) -> date:
    """day, or the last working day before it."""
    while why_not_working(day):
        day -= timedelta(days=1)
    return day


def working_day_on_or_after(day: date) -> date:
    """day, or the first working day after it."""
    while why_not_working(day):
        day += timedelta(days=1)
    return day
