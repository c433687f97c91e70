"""Dates and times in UK local time, numbers, plurals and force names, as GOV.UK writes them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from sspcollect.content.forces import force_area, force_name, force_title
from sspcollect.content.grammar import count, join_words, number
from sspcollect.content.time import date_and_time, long_date, time_of_day, uk_date, weekday_date


@pytest.mark.parametrize(
    ("moment", "written"),
    [
        # Winter: the UK is on GMT, the same as UTC.
        (datetime(2026, 1, 15, 14, 5, tzinfo=UTC), "15 January 2026 at 2:05pm"),
        # Summer: British Summer Time is an hour ahead of UTC.
        (datetime(2026, 7, 1, 12, 30, tzinfo=UTC), "1 July 2026 at 1:30pm"),
        # Late on a summer evening in UTC is already the next day in the UK.
        (datetime(2026, 6, 30, 23, 30, tzinfo=UTC), "1 July 2026 at 12:30am"),
        (datetime(2026, 3, 10, 12, 0, tzinfo=UTC), "10 March 2026 at midday"),
        (datetime(2026, 3, 10, 0, 0, tzinfo=UTC), "10 March 2026 at midnight"),
        (datetime(2026, 3, 10, 9, 0, tzinfo=UTC), "10 March 2026 at 9am"),
    ],
)
def test_moments_are_written_in_uk_time(moment: datetime, written: str) -> None:
    """GMT in winter, BST in summer, and GOV.UK's way with times."""
    assert date_and_time(moment) == written


def test_a_naive_moment_is_taken_as_utc() -> None:
    """The database may hand back a moment without its zone: it was stored as UTC."""
    assert date_and_time(datetime(2026, 7, 1, 12, 30)) == "1 July 2026 at 1:30pm"
    assert uk_date(datetime(2026, 6, 30, 23, 30)) == date(2026, 7, 1)


def test_dates() -> None:
    """Days without a leading zero; a weekday for deadlines."""
    assert long_date(date(2026, 3, 5)) == "5 March 2026"
    assert long_date(None) == ""
    assert weekday_date(date(2026, 7, 10)) == "Friday 10 July 2026"
    assert time_of_day(datetime(2026, 12, 1, 17, 45, tzinfo=UTC)) == "5:45pm"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (1, "1 day"),
        (0, "0 days"),
        (2, "2 days"),
        (Decimal("1.0"), "1 day"),
        (Decimal("1.5"), "1.5 days"),
        (1250, "1,250 days"),
    ],
)
def test_plurals_agree_with_their_number(value: int | Decimal, written: str) -> None:
    """'1 day', never '1 days'."""
    assert count(value, "day") == written


def test_numbers_and_lists() -> None:
    """Thousands separators, no needless decimals, lists joined with 'and'."""
    assert number(Decimal("95.50")) == "95.5"
    assert number(Decimal("1204")) == "1,204"
    assert count(3, "activity", "activities") == "3 activities"
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b"]) == "a and b"
    assert join_words(["a", "b", "c"]) == "a, b and c"


def test_forces_are_named_as_people_name_them() -> None:
    """A force by its own name, its area without a possessive or a doubled word."""
    assert force_name("E23000014") == "West Midlands Police"
    assert force_title("E23000001") == "The Metropolitan Police Service"
    assert force_name("E23000034") == "City of London Police"
    assert force_area("E23000014") == "the West Midlands police force area"
    assert force_area("E23000035") == "the Devon and Cornwall police force area"
    assert "Police police" not in force_area("E23000001")
    assert force_name("E99999999", "Unknown") == "Unknown"
