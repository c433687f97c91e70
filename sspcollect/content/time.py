"""Dates and times for the words catalogues, on top of sspcollect.uk_time (UK local time,
GOV.UK style): the same functions under the names the journeys use, and a few more."""

from __future__ import annotations

from datetime import date, datetime

from sspcollect.uk_time import (
    UK_TIME,
    in_uk,
    long_date,
    moment_text,
    time_of_day,
    uk_day,
    weekday_date,
)

__all__ = [
    "date_and_time",
    "in_uk",
    "long_date",
    "time_of_day",
    "uk_date",
    "uk_today",
    "weekday_date",
]

uk_date = uk_day
# 25 November 2026 at 2:05pm, in UK time.
date_and_time = moment_text


def uk_today() -> date:
    """Today's date in the UK."""
    return datetime.now(UK_TIME).date()
