"""The reminder schedule as pure functions: which message is due on which day."""

from __future__ import annotations

from datetime import date, timedelta

from sspcollect.notify.reminders import Reminder, Schedule, due, reminders

SCHEDULE = Schedule(
    opens_on=date(2027, 3, 1),
    deadline=date(2027, 3, 19),
    closes_on=date(2027, 3, 31),
    days_before=(14, 7, 2),
    overdue_every_days=3,
    overdue_max=2,
)


def test_schedule_lists_opening_reminders_before_the_deadline_and_overdue_ones() -> None:
    """Opened on the opening date, due soon 14, 7 and 2 days before, overdue every 3 days twice."""
    assert reminders(SCHEDULE) == [
        Reminder(date(2027, 3, 1), "collection_opened"),
        Reminder(date(2027, 3, 5), "due_soon"),
        Reminder(date(2027, 3, 12), "due_soon"),
        Reminder(date(2027, 3, 17), "due_soon"),
        Reminder(date(2027, 3, 22), "overdue"),
        Reminder(date(2027, 3, 25), "overdue"),
    ]


def test_nothing_is_due_before_the_collection_opens() -> None:
    """The day before the opening date there is nothing to send."""
    assert due(SCHEDULE, date(2027, 2, 28)) is None


def test_each_scheduled_day_gives_its_own_message() -> None:
    """On a scheduled day, that day's message is due."""
    assert due(SCHEDULE, date(2027, 3, 1)) == Reminder(date(2027, 3, 1), "collection_opened")
    assert due(SCHEDULE, date(2027, 3, 12)) == Reminder(date(2027, 3, 12), "due_soon")
    assert due(SCHEDULE, date(2027, 3, 22)) == Reminder(date(2027, 3, 22), "overdue")


def test_a_missed_run_catches_up_with_the_latest_message_only() -> None:
    """Between scheduled days the latest one passed is still due (the log sends it once)."""
    assert due(SCHEDULE, date(2027, 3, 16)) == Reminder(date(2027, 3, 12), "due_soon")
    assert due(SCHEDULE, date(2027, 3, 30)) == Reminder(date(2027, 3, 25), "overdue")


def test_nothing_is_due_once_the_collection_is_closed() -> None:
    """After the closing date, or once an admin closes it, no reminder goes."""
    assert due(SCHEDULE, date(2027, 4, 1)) is None
    closed = Schedule(**{**SCHEDULE.__dict__, "is_open": False})
    assert due(closed, date(2027, 3, 12)) is None


def test_overdue_reminders_stop_after_the_most_allowed() -> None:
    """With at most 2 overdue reminders, the third date (28 March) sends nothing new."""
    overdue = [r.due_on for r in reminders(SCHEDULE) if r.kind == "overdue"]
    assert overdue == [date(2027, 3, 22), date(2027, 3, 25)]
    none = Schedule(**{**SCHEDULE.__dict__, "overdue_max": 0})
    assert [r.kind for r in reminders(none)].count("overdue") == 0


def test_reminders_dated_before_the_opening_date_are_dropped() -> None:
    """A collection open for 10 days has no "14 days before" reminder."""
    short = Schedule(**{**SCHEDULE.__dict__, "opens_on": date(2027, 3, 11)})
    assert [r.due_on for r in reminders(short)][:2] == [date(2027, 3, 11), date(2027, 3, 12)]


def test_the_opening_message_wins_a_day_shared_with_a_reminder() -> None:
    """When the opening date is also a reminder day, one message goes: the opening one."""
    same_day = Schedule(**{**SCHEDULE.__dict__, "opens_on": date(2027, 3, 5)})
    first = reminders(same_day)[0]
    assert first == Reminder(date(2027, 3, 5), "collection_opened")
    assert len([r for r in reminders(same_day) if r.due_on == date(2027, 3, 5)]) == 1


def test_no_reminder_before_the_deadline_when_none_is_asked_for() -> None:
    """An empty list of days sends the opening message, then only overdue ones."""
    bare = Schedule(**{**SCHEDULE.__dict__, "days_before": ()})
    assert [r.kind for r in reminders(bare)] == ["collection_opened", "overdue", "overdue"]
    assert due(bare, SCHEDULE.deadline - timedelta(days=1)) == Reminder(
        date(2027, 3, 1), "collection_opened"
    )
