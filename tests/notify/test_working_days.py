"""No reminder goes at a weekend or on a bank holiday in England and Wales."""

from __future__ import annotations

from datetime import date

from sspcollect.notify.reminders import Reminder, Schedule, reminders
from sspcollect.notify.working_days import (
    why_not_working,
    working_day_on_or_after,
    working_day_on_or_before,
)


def test_weekends_and_bank_holidays_are_not_working_days() -> None:
    """Saturdays, Sundays, Christmas and the Welsh-and-English bank holidays, by name."""
    assert why_not_working(date(2026, 12, 12)) == "a weekend"
    assert why_not_working(date(2026, 12, 13)) == "a weekend"
    assert why_not_working(date(2026, 12, 25)) == "Christmas Day, a bank holiday"
    assert why_not_working(date(2027, 5, 31)) == "Spring Bank Holiday, a bank holiday"
    assert why_not_working(date(2026, 12, 11)) is None
    # 2 January is a bank holiday in Scotland only.
    assert why_not_working(date(2029, 1, 2)) is None


def test_a_day_off_moves_to_the_working_day_before_or_after() -> None:
    """Christmas 2026 falls on a Friday: the day before it is Thursday 24 December."""
    assert working_day_on_or_before(date(2026, 12, 27)) == date(2026, 12, 24)
    assert working_day_on_or_after(date(2026, 12, 25)) == date(2026, 12, 29)
    assert working_day_on_or_before(date(2026, 12, 10)) == date(2026, 12, 10)


def test_reminders_at_a_weekend_or_bank_holiday_move_to_the_working_day_before() -> None:
    """Deadline Friday 8 January 2027: reminders 14, 7 and 2 days before fall on Fridays and a
    Wednesday after Christmas; overdue ones after it never go on or before the deadline."""
    schedule = Schedule(
        opens_on=date(2026, 11, 2),
        deadline=date(2027, 1, 8),
        closes_on=date(2027, 2, 26),
        days_before=(14, 13, 2),
        overdue_every_days=1,
        overdue_max=2,
    )
    sent = reminders(schedule)
    assert sent == [
        Reminder(date(2026, 11, 2), "collection_opened"),
        Reminder(date(2026, 12, 24), "due_soon"),
        Reminder(date(2027, 1, 6), "due_soon"),
        Reminder(date(2027, 1, 11), "overdue"),
    ]
    moved = {r.due_on: (r.moved_from, r.moved_because) for r in sent if r.moved_from}
    # 14 days before is Friday 25 December (Christmas Day); 13 before is Saturday 26th.
    assert moved[date(2026, 12, 24)] == (date(2026, 12, 25), "Christmas Day, a bank holiday")
    # The first overdue day (Saturday 9th) moves forward, past the deadline; the second
    # (Sunday 10th) lands on the same Monday, so one message goes.
    assert moved[date(2027, 1, 11)] == (date(2027, 1, 9), "a weekend")
    assert all(why_not_working(r.due_on) is None for r in sent)


def test_an_opening_at_a_weekend_is_announced_on_the_next_working_day() -> None:
    """The opening email cannot go before the collection opens."""
    schedule = Schedule(
        opens_on=date(2027, 3, 6),
        deadline=date(2027, 3, 26),
        closes_on=date(2027, 4, 30),
        days_before=(),
        overdue_every_days=7,
        overdue_max=0,
    )
    assert reminders(schedule) == [Reminder(date(2027, 3, 8), "collection_opened")]
