"""Dates and times as people in England and Wales read them: UK local time, GOV.UK style.

The database keeps moments in UTC; every page, email and file shows them in Europe/London
time, which is GMT in winter and BST in summer.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def in_uk(moment: datetime) -> datetime:
    """moment in UK local time (a naive moment is taken to be UTC, as the database keeps it)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UK)


def uk_today() -> date:
    """Today's date in the UK."""
    return datetime.now(UK).date()


def uk_date(moment: datetime) -> date:
    """The day it was in the UK at moment."""
    return in_uk(moment).date()


def long_date(day: date | datetime | None) -> str:
    """A date as GOV.UK writes it: 5 March 2027 ('' for none); a moment is taken in UK time."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = uk_date(day)
    return f"{day.day} {day:%B %Y}"


def weekday_date(day: date | datetime) -> str:
    """A date with its weekday, for deadlines in emails: Friday 10 July 2026."""
    if isinstance(day, datetime):
        day = uk_date(day)
    return f"{day:%A} {day.day} {day:%B %Y}"


def time_of_day(moment: datetime) -> str:
    """The UK time of day as GOV.UK writes it: 9am, 2:05pm, midday, midnight."""
    local = in_uk(moment)
    if local.hour == 12 and local.minute == 0:
        return "midday"
    if local.hour == 0 and local.minute == 0:
        return "midnight"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    if local.minute == 0:
        return f"{hour}{suffix}"
    return f"{hour}:{local.minute:02d}{suffix}"


def date_and_time(moment: datetime | None) -> str:
    """A moment in UK time: 25 November 2026 at 2:05pm ('' for none)."""
    if moment is None:
        return ""
    return f"{long_date(moment)} at {time_of_day(moment)}"
