"""The form for a new collection; the service checks the answers, so the fields keep raw text."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, StringField, TextAreaField
from wtforms.utils import unset_value

from sspcollect.collections.service import CollectionDetails, reminder_days
from sspcollect.validation.values import Invalid, date_parts, whole_number

DATE_PARTS = ("day", "month", "year")


class DateInputField(Field):
    """A date typed into the three boxes of the GOV.UK date input (name-day, name-month, name-year).

    `data` is a date, Invalid for boxes that do not make a real date, or None when all are
    blank; `parts` keeps what was typed so the page can show it again.
    """

    data: date | Invalid | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Bind the field; its id is the first box's, where the error summary links to."""
        super().__init__(*args, **kwargs)
        self.id = f"{self.name}-day"
        self.parts: tuple[str, str, str] = ("", "", "")

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        """Read the three boxes from formdata, or the date given as data."""
        self.process_errors: list[Any] = []
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = data
        self.data = data
        if isinstance(data, date):
            self.parts = (str(data.day), str(data.month), str(data.year))
        if formdata is not None and any(f"{self.name}-{part}" in formdata for part in DATE_PARTS):
            day, month, year = (
                str(formdata.get(f"{self.name}-{part}", ""))[:10] for part in DATE_PARTS
            )
            self.parts = (day, month, year)
            self.data = date_parts(day, month, year)


class CollectionForm(FlaskForm):
    """Title, academic years, the four dates and the reminder schedule of a new collection."""

    title = StringField("Title")
    time_period = StringField("Academic year of the collection")
    outcomes_year = StringField("Academic year the figures describe")
    reference_date = DateInputField("Reference date")
    opens_on = DateInputField("Opening date")
    deadline = DateInputField("Deadline")
    closes_on = DateInputField("Closing date")
    reminder_days_before = StringField("Days before the deadline", default="14, 7, 2")
    overdue_every_days = StringField("Days between overdue reminders", default="7")
    overdue_max = StringField("Most overdue reminders to send", default="3")

    def details(self) -> CollectionDetails:
        """The answers as the service reads them."""
        return CollectionDetails(
            title=(self.title.data or "")[:1000],
            time_period=(self.time_period.data or "").strip()[:20],
            outcomes_year=(self.outcomes_year.data or "").strip()[:20],
            reference_date=self.reference_date.data,
            opens_on=self.opens_on.data,
            deadline=self.deadline.data,
            closes_on=self.closes_on.data,
            reminder_days_before=reminder_days(self.reminder_days_before.data),
            overdue_every_days=whole_number(self.overdue_every_days.data),
            overdue_max=whole_number(self.overdue_max.data),
        )

    def show_problems(self, problems: dict[str, str]) -> None:
        """Put each problem beside its field (and so in the error summary)."""
        for name, message in problems.items():
            self[name].errors = [message]

    def fill(self, details: CollectionDetails) -> None:
        """Show a collection's details, to be changed."""
        self.title.data = details.title
        self.time_period.data = details.time_period
        self.outcomes_year.data = details.outcomes_year
        for name in ("reference_date", "opens_on", "deadline", "closes_on"):
            self[name].process(None, getattr(details, name))
        days = details.reminder_days_before
        self.reminder_days_before.data = (
            ", ".join(str(d) for d in days) if isinstance(days, list) else ""
        )
        self.overdue_every_days.data = str(details.overdue_every_days)
        self.overdue_max.data = str(details.overdue_max)


REASON_LABEL = "Why are you making this change?"


class ReasonForm(FlaskForm):
    """Why an admin makes a change, kept in the audit trail (each form asks it last)."""

    reason: TextAreaField

    def reason_text(self) -> str:
        """The reason as typed, with the browser's line ends made plain."""
        return (self.reason.data or "").replace("\r\n", "\n")[:5000]

    def show_problems(self, problems: dict[str, str]) -> None:
        """Put each problem beside its field (and so in the error summary)."""
        for name, message in problems.items():
            self[name].errors = [message]


class DatesForm(ReasonForm):
    """The four dates of an open collection."""

    reference_date = DateInputField("Reference date")
    opens_on = DateInputField("Opening date")
    deadline = DateInputField("Deadline")
    closes_on = DateInputField("Closing date")
    reason = TextAreaField(REASON_LABEL)


class ReopenForm(ReasonForm):
    """The new closing date of a closed collection being reopened."""

    closes_on = DateInputField("New closing date")
    reason = TextAreaField(REASON_LABEL)


class ExtensionForm(ReasonForm):
    """One organisation's new deadline."""

    deadline = DateInputField("New deadline")
    reason = TextAreaField(REASON_LABEL)
