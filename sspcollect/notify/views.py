"""Pages about messages: a collection's reminder schedule (admins) and a return's messages,
from which central staff can send a reminder now."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import HiddenField, StringField

from sspcollect.accounts.access import admin_only, central
from sspcollect.db import session
from sspcollect.models import STATUS_LABELS, Collection, ReturnStatus
from sspcollect.notify import message_log, reminders, schedules
from sspcollect.notify.messages import KIND_LABELS, long_date
from sspcollect.returns.service import load_return
from sspcollect.versioning import StaleEditError

bp = Blueprint("messages", __name__)

Page = str | tuple[str, int] | Response


class ScheduleForm(FlaskForm):
    """The three settings of a reminder schedule, as text so that anything typed is shown again."""

    reminder_days_before = StringField("Days before the deadline")
    overdue_every_days = StringField("Days between overdue reminders")
    overdue_max = StringField("Most overdue reminders to send")
    version = HiddenField()


def _load_collection(collection_id: int) -> Collection:
    """The collection, or 404."""
    collection = session.get(Collection, collection_id)
    if collection is None:
        abort(404)
    return collection


def _fill(form: ScheduleForm, collection: Collection) -> None:
    """Show the collection's current schedule in form."""
    form.reminder_days_before.data = ", ".join(map(str, collection.reminder_days_before or []))
    form.overdue_every_days.data = str(collection.overdue_every_days)
    form.overdue_max.data = str(collection.overdue_max)
    form.version.data = schedules.schedule_version(collection)


def _schedule_page(
    collection: Collection, form: ScheduleForm, errors: list[dict[str, str]], status: int = 200
) -> tuple[str, int]:
    """The schedule page with form as given."""
    page = render_template(
        "messages/schedule.html",
        collection=collection,
        form=form,
        errors=errors,
        rows=schedules.schedule_rows(collection),
        failed=message_log.failed_in(collection),
        failed_total=schedules.failed_count(collection),
        today=reminders.server_today(),
        labels=KIND_LABELS,
        long_date=long_date,
    )
    return page, status


@bp.route("/collections/<int:collection_id>/reminders", methods=["GET", "POST"])
@admin_only
def schedule(collection_id: int) -> Page:
    """See and change when a collection's reminders go, and which messages failed."""
    collection = _load_collection(collection_id)
    form = ScheduleForm()
    if not form.is_submitted():
        _fill(form, collection)
        return _schedule_page(collection, form, [])
    if not form.validate():  # only the CSRF token can fail here
        abort(400)
    answers = schedules.ScheduleAnswers(
        form.reminder_days_before.data or "",
        form.overdue_every_days.data or "",
        form.overdue_max.data or "",
    )
    try:
        schedules.change_schedule(collection, answers, form.version.data, current_user)
    except schedules.ScheduleError as exc:
        for name, message in exc.problems.items():
            form[name].errors = [message]
        return _schedule_page(collection, form, [])
    except StaleEditError:
        fresh = ScheduleForm(formdata=None)
        _fill(fresh, _load_collection(collection_id))
        errors = [{"text": StaleEditError.MESSAGE, "href": "#reminder_days_before"}]
        return _schedule_page(collection, fresh, errors, 409)
    flash("The reminder schedule has been saved.", "success")
    return redirect(url_for("messages.schedule", collection_id=collection.id))


def _chase_outcome(report: reminders.RunReport, organisation: str) -> tuple[str, bool]:
    """What to tell the reviewer after pressing the button, and whether anything was sent."""
    done = report.delivered
    if done.server_error:
        return (
            "The reminder could not be sent because the mail server is unavailable. "
            "The next reminder run will try again.",
            False,
        )
    if done.sent == 0 and done.failed == 0:
        return (
            f"A reminder has already been sent to {organisation} today. "
            "You can send another one tomorrow.",
            False,
        )
    people = f"{done.sent} {'person' if done.sent == 1 else 'people'}"
    text = f"Reminder sent to {people} at {organisation}."
    if done.failed:
        text += f" {done.failed} could not be sent; see below."
    return text, True


@bp.route("/returns/<int:return_id>/messages", methods=["GET", "POST"])
@central
def return_messages(return_id: int) -> Page:
    """The messages sent about a return, and a button to send its organisation a reminder now."""
    return_ = load_return(return_id, current_user)
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        try:
            report = reminders.send_chase(return_, current_user)
        except reminders.ChaseError as exc:
            errors.append({"text": str(exc), "href": "#send-reminder"})
        else:
            text, sent = _chase_outcome(report, return_.organisation.name)
            if sent:
                flash(text, "success")
                return redirect(url_for("messages.return_messages", return_id=return_.id))
            errors.append({"text": text, "href": "#send-reminder"})
    page = render_template(
        "messages/return_messages.html",
        return_=return_,
        history=message_log.history(return_.id),
        labels=KIND_LABELS,
        long_date=long_date,
        status_label=STATUS_LABELS[ReturnStatus(return_.status)],
        can_chase=return_.is_editable,
        errors=errors,
    )
    return page, 200
