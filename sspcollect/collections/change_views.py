"""Admin pages that change a collection once made: change or delete a draft, move an open
collection's dates, extend one organisation's deadline, reopen a closed collection."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from sspcollect.accounts.access import admin_only
from sspcollect.collections import changes, service
from sspcollect.collections.forms import CollectionForm, DatesForm, ExtensionForm, ReopenForm
from sspcollect.collections.periods import long_date
from sspcollect.collections.views import bp
from sspcollect.db import session
from sspcollect.models import Collection, CollectionStatus, Return, User
from sspcollect.notify.reminders import RunReport


def _load(collection_id: int) -> Collection:
    """The collection with this id, or 404."""
    collection = session.get(Collection, collection_id)
    if collection is None:
        abort(404)
    return collection


def _user() -> User:
    """The signed-in admin."""
    user: User = current_user._get_current_object()
    return user


def _back(collection: Collection) -> Response:
    """To the collection's page."""
    return redirect(url_for("collections.view", collection_id=collection.id))


def _told(report: RunReport | None) -> str:
    """How many people were emailed, in words."""
    if report is None:
        return "No date changed, so nobody was emailed."
    done = report.delivered
    sent = f"{done.sent:,} {'person was' if done.sent == 1 else 'people were'} emailed"
    if done.failed or done.unsent:
        return f"{sent}; {done.failed + done.unsent:,} emails failed and will be tried again."
    return f"{sent}."


@bp.route("/<int:collection_id>/change", methods=["GET", "POST"])
@admin_only
def change_draft(collection_id: int) -> str | Response:
    """Change any detail of a draft collection."""
    collection = _load(collection_id)
    if collection.status != CollectionStatus.DRAFT:
        flash("Only a draft collection can be changed in full")
        return _back(collection)
    form = CollectionForm()
    if not form.is_submitted():
        form.fill(changes.details_of(collection))
    elif form.validate():
        try:
            changes.update_draft(collection, form.details(), _user())
        except service.InvalidCollectionError as problems:
            form.show_problems(problems.problems)
        else:
            flash("The draft collection has been changed", "success")
            return _back(collection)
    return render_template("collections/create.html", form=form, collection=collection)


@bp.route("/<int:collection_id>/delete", methods=["GET", "POST"])
@admin_only
def delete_draft(collection_id: int) -> str | Response:
    """Ask, then delete a draft collection made by mistake."""
    collection = _load(collection_id)
    if collection.status != CollectionStatus.DRAFT:
        flash("Only a draft collection can be deleted")
        return _back(collection)
    form = FlaskForm()
    if form.validate_on_submit():
        title = collection.title
        try:
            changes.delete_draft(collection, _user())
        except service.CollectionError as problem:
            flash(str(problem))
            return _back(collection)
        flash(f"The draft collection \u201c{title}\u201d has been deleted", "success")
        return redirect(url_for("collections.index"))
    return render_template("collections/delete.html", collection=collection, form=form)


@bp.route("/<int:collection_id>/dates", methods=["GET", "POST"])
@admin_only
def change_dates(collection_id: int) -> str | Response:
    """Move the dates of an open collection, saying why; its organisations are emailed."""
    collection = _load(collection_id)
    if collection.status != CollectionStatus.OPEN:
        flash("Only an open collection\u2019s dates can be moved")
        return _back(collection)
    form = DatesForm()
    if not form.is_submitted():
        for name in ("reference_date", "opens_on", "deadline", "closes_on"):
            form[name].process(None, getattr(collection, name))
    elif form.validate():
        dates = changes.NewDates(
            form.reference_date.data,
            form.opens_on.data,
            form.deadline.data,
            form.closes_on.data,
            form.reason_text(),
        )
        try:
            report = changes.change_dates(collection, dates, _user())
        except service.InvalidCollectionError as problems:
            form.show_problems(problems.problems)
        else:
            flash(f"The collection\u2019s dates have been changed. {_told(report)}", "success")
            return _back(collection)
    return render_template("collections/dates.html", form=form, collection=collection)


@bp.route("/<int:collection_id>/reopen", methods=["GET", "POST"])
@admin_only
def reopen(collection_id: int) -> str | Response:
    """Reopen a closed collection, saying why and until when; its organisations are emailed."""
    collection = _load(collection_id)
    if collection.status != CollectionStatus.CLOSED:
        flash("Only a closed collection can be reopened")
        return _back(collection)
    form = ReopenForm()
    if form.validate_on_submit():
        try:
            report = changes.reopen_collection(
                collection, form.closes_on.data, form.reason_text(), _user()
            )
        except service.InvalidCollectionError as problems:
            form.show_problems(problems.problems)
        else:
            flash(f"The collection has been reopened. {_told(report)}", "success")
            return _back(collection)
    return render_template("collections/reopen.html", form=form, collection=collection)


@bp.route("/returns/<int:return_id>/extend", methods=["GET", "POST"])
@admin_only
def extend(return_id: int) -> str | Response:
    """Give one organisation a later deadline, saying why; it is emailed."""
    return_ = session.get(Return, return_id)
    if return_ is None:
        abort(404)
    collection = return_.collection
    back = url_for("review.return_page", return_id=return_.id)
    if not collection.is_open:
        flash("A deadline can only be extended while the collection is open")
        return redirect(back)
    form = ExtensionForm()
    if form.validate_on_submit():
        try:
            report = changes.extend_deadline(
                return_, form.deadline.data, form.reason_text(), _user()
            )
        except service.InvalidCollectionError as problems:
            form.show_problems(problems.problems)
        else:
            flash(
                f"{return_.organisation.name} now has until {long_date(return_.deadline)}. "
                f"{_told(report)}",
                "success",
            )
            return redirect(back)
    return render_template(
        "collections/extend.html", form=form, return_=return_, collection=collection, back=back
    )
