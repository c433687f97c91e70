"""Dates and times as people in England and Wales read them: UK local time, GOV.UK style.

The database keeps every moment in UTC; pages and emails show it in UK time (GMT in winter,
BST in summer), written as the GOV.UK style guide writes times: "25 November 2026 at
3:04pm", "midday", "midnight". The filters are registered on the app for templates.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import Flask

UK_TIME = ZoneInfo("Europe/London")


def in_uk(moment: datetime) -> datetime:
    """moment in UK local time (a moment without a zone is taken to be UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UK_TIME)


def uk_day(moment: datetime) -> date:
    """The day it was in the UK at moment."""
    return in_uk(moment).date()


def long_date(day: date | datetime | None) -> str:
    """A date as GOV.UK writes it: 5 March 2027 (a moment gives its UK day); '' for None."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = uk_day(day)
    return f"{day.day} {day:%B %Y}"


def time_of_day(moment: datetime) -> str:
    """The UK time of moment as GOV.UK writes it: 9am, 3:04pm, midday, midnight."""
    local = in_uk(moment)
    if local.minute == 0 and local.hour in (0, 12):
        return "midnight" if local.hour == 0 else "midday"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"


def moment_text(moment: datetime | None) -> str:
    """A moment in UK time: 25 November 2026 at 3:04pm; '' for None."""
    if moment is None:
        return ""
    return f"{long_date(moment)} at {time_of_day(moment)}"


def init_app(app: Flask) -> None:
    """Give templates the `uk_moment` and `long_date` filters."""
    app.add_template_filter(moment_text, "uk_moment")
    app.add_template_filter(long_date, "long_date")
