"""Dates and times as people in England and Wales read them: UK local time, GOV.UK style.

The database keeps every moment in UTC; pages and emails show it in UK time (GMT in winter,
BST in summer), written as the GOV.UK style guide writes times: "25 November 2026 at
3:04pm", "midday", "midnight". In Welsh they follow the same style in Welsh words ("25 Tachwedd
2026 am 3:04yp", "hanner dydd", "hanner nos"), with the month and day names from Babel's
Welsh locale data. The filters are registered on the app for templates.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date
from flask import Flask
from flask_babel import get_locale

UK_TIME = ZoneInfo("Europe/London")


def _welsh() -> bool:
    """True while writing in Welsh (a page in Welsh, or an email to a Welsh reader)."""
    locale = get_locale()
    return locale is not None and locale.language == "cy"


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
    if _welsh():
        return format_date(day, "d MMMM y", locale="cy")
    return f"{day.day} {day:%B %Y}"


def period_text(start: date, end: date) -> str:
    """A period as GOV.UK writes it: 1 September 2025 to 31 August 2026 (1 Medi 2025 i 31 Awst
    2026)."""
    joining = "i" if _welsh() else "to"
    return f"{long_date(start)} {joining} {long_date(end)}"


def weekday_date(day: date | datetime) -> str:
    """A date with its weekday, for deadlines: Friday 10 July 2026 (dydd Gwener 10 Gorffennaf)."""
    if isinstance(day, datetime):
        day = uk_day(day)
    if _welsh():
        # Babel writes "Dydd Gwener"; within a sentence Welsh writes "dydd Gwener".
        written = format_date(day, "EEEE d MMMM y", locale="cy")
        return written[:1].lower() + written[1:]
    return f"{day:%A} {day.day} {day:%B %Y}"


def time_of_day(moment: datetime) -> str:
    """The UK time of moment as GOV.UK writes it: 9am, 3:04pm, midday, midnight."""
    local = in_uk(moment)
    welsh = _welsh()
    if local.minute == 0 and local.hour in (0, 12):
        if welsh:
            return "hanner nos" if local.hour == 0 else "hanner dydd"
        return "midnight" if local.hour == 0 else "midday"
    hour = local.hour % 12 or 12
    morning = local.hour < 12
    suffix = ("yb" if morning else "yp") if welsh else ("am" if morning else "pm")
    return f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"


def moment_text(moment: datetime | None) -> str:
    """A moment in UK time: 25 November 2026 at 3:04pm; '' for None."""
    if moment is None:
        return ""
    joining = "am" if _welsh() else "at"
    return f"{long_date(moment)} {joining} {time_of_day(moment)}"


def init_app(app: Flask) -> None:
    """Give templates the `uk_moment` and `long_date` filters."""
    app.add_template_filter(moment_text, "uk_moment")
    app.add_template_filter(long_date, "long_date")
