"""Central staff's pages of one return: the evidence, then the decision; its queries marked as
reviewed; its assignment and note; a comparison with the organisation's previous return.

Every page and form carries the filter and page of the list the reviewer came from, so "Back
to the returns" leads back to the same place after any action.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from sspcollect.accounts.access import central
from sspcollect.db import session
from sspcollect.models import STATUS_LABELS, Return, ReturnStatus
from sspcollect.returns.service import load_return, previous_return, readiness
from sspcollect.returns.withdrawal import mark_review_opened
from sspcollect.review import actions, assignments, compare, detail, evidence, history, queries
from sspcollect.review.listing import list_kept
from sspcollect.review.paging import with_query
from sspcollect.review.views import bp
from sspcollect.versioning import StaleEditError

Page = str | Response | tuple[str, int]


def came_from() -> dict[str, str]:
    """The filter and page of the list the reviewer came from (query string or form)."""
    return list_kept(request.form if request.method == "POST" else request.args)


def _back(return_: Return) -> str:
    """The list of returns the reviewer came from."""
    return with_query(url_for("review.returns", collection_id=return_.collection_id), came_from())


def _here(return_id: int, anchor: str = "") -> str:
    """The return's page, keeping the list the reviewer came from."""
    address = with_query(url_for("review.return_page", return_id=return_id), came_from())
    return f"{address}#{anchor}" if anchor else address


def _review_page(
    return_: Return,
    errors: list[dict[str, str]] | None = None,
    comment: str = "",
    note_error: str | None = None,
    status: int = 200,
) -> tuple[str, int]:
    """Render the review of one return, with any problem with the action just tried."""
    school = detail.is_school(return_)
    previous = previous_return(return_)
    partnerships = (
        []
        if school
        else detail.force_partnerships(
            return_, evidence.previous_counts(previous) if previous else None
        )
    )
    comment_error = next((e["text"] for e in errors or [] if e.get("href") == "#comment"), None)
    findings = detail.findings(return_, partnerships)
    html = render_template(
        "review/return.html",
        return_=return_,
        collection=return_.collection,
        organisation=return_.organisation,
        figures=evidence.school_figures(return_, previous) if school else [],
        earlier=evidence.earlier(return_),
        partnerships=partnerships,
        register_source=detail.register_source(return_),
        submitted_in=detail.submitted_in(return_),
        findings=findings,
        unreviewed=evidence.unreviewed_queries(return_),
        others=evidence.reconciliation(return_),
        outstanding=not readiness(return_).ready,
        history=history.history(return_),
        labels=STATUS_LABELS,
        can_accept=return_.status == ReturnStatus.SUBMITTED,
        can_return=return_.status in actions.RETURNABLE and return_.collection.is_open,
        can_reopen=current_user.role == "admin" and return_.status in actions.REOPENABLE,
        can_mark=return_.status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED),
        assignment=assignments.assignment(return_),
        reviewers=assignments.reviewers(),
        note_error=note_error,
        came_from=came_from(),
        back=_back(return_),
        errors=errors or [],
        comment=comment,
        comment_error=comment_error,
    )
    return html, status


def _version() -> int | None:
    """The version of the return the page was rendered with."""
    raw = request.form.get("version", "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


@bp.route("/returns/<int:return_id>")
@central
def return_page(return_id: int) -> Page:
    """One return: the evidence (answers, queries, reconciliation), then the decision.

    The first look at a submitted return starts its review: from then on its organisation
    can no longer withdraw it.
    """
    return_ = load_return(return_id, current_user)
    try:
        mark_review_opened(return_, current_user)
    except StaleEditError:
        # The organisation changed it at that moment (withdrew it, say): show it as it is now.
        return_ = load_return(return_id, current_user)
    return _review_page(return_)


@bp.route("/returns/<int:return_id>/accept", methods=["POST"])
@central
def accept(return_id: int) -> Page:
    """Accept a submitted return."""
    return_ = load_return(return_id, current_user)
    try:
        actions.accept(return_, current_user, _version())
    except StaleEditError:
        session.rollback()
        return _review_page(return_, [{"text": StaleEditError.MESSAGE}], status=409)
    except actions.ReviewError as problem:
        return _review_page(return_, [{"text": str(problem)}], status=409)
    flash(f"The return from {return_.organisation.name} has been accepted", "success")
    return redirect(_here(return_id))


@bp.route("/returns/<int:return_id>/return-for-amendment", methods=["POST"])
@central
def return_for_amendment(return_id: int) -> Page:
    """Send a return back to its organisation with a comment saying what to change."""
    return_ = load_return(return_id, current_user)
    comment = request.form.get("comment", "")
    problem = actions.comment_problem(comment)
    if problem:
        return _review_page(return_, [{"text": problem, "href": "#comment"}], comment)
    try:
        actions.return_for_amendment(return_, current_user, comment, _version())
    except StaleEditError:
        session.rollback()
        return _review_page(return_, [{"text": StaleEditError.MESSAGE}], comment, status=409)
    except actions.ReviewError as problem_:
        return _review_page(return_, [{"text": str(problem_)}], comment, status=409)
    flash(
        f"The return from {return_.organisation.name} has been sent back for amendment",
        "success",
    )
    return redirect(_here(return_id))


@bp.route("/returns/<int:return_id>/queries/<int:finding_id>/reviewed", methods=["POST"])
@central
def query_reviewed(return_id: int, finding_id: int) -> Page:
    """Mark a query as reviewed by the signed-in reviewer (or, undo=yes, take the mark off)."""
    return_ = load_return(return_id, current_user)
    if request.form.get("undo") == "yes":
        queries.unmark_reviewed(return_, finding_id, current_user)
    else:
        queries.mark_reviewed(return_, finding_id, current_user)
    session.commit()
    return redirect(_here(return_id, f"query-{finding_id}"))


def _reviewer_id(raw: str) -> int | None:
    """The reviewer chosen on the assignment form (None: nobody)."""
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


@bp.route("/returns/<int:return_id>/assignment", methods=["POST"])
@central
def assign(return_id: int) -> Page:
    """Assign the return to a reviewer and keep central staff's note about it."""
    return_ = load_return(return_id, current_user)
    try:
        assignments.assign(
            return_,
            _reviewer_id(request.form.get("reviewer", "")),
            request.form.get("note", ""),
            current_user,
        )
    except assignments.AssignmentError as problem:
        session.rollback()
        href = "#note" if problem.args[0] == assignments.NOTE_TOO_LONG else "#reviewer"
        return _review_page(
            return_, [{"text": str(problem), "href": href}], note_error=str(problem), status=400
        )
    flash("The assignment and note have been saved", "success")
    return redirect(_here(return_id, "assignment"))


@bp.route("/returns/<int:return_id>/compare")
@central
def compare_page(return_id: int) -> Page:
    """The return beside the organisation's previous one, answer by answer."""
    return_ = load_return(return_id, current_user)
    comparison: Any = compare.comparison(return_)
    return render_template(
        "review/compare.html",
        return_=return_,
        collection=return_.collection,
        organisation=return_.organisation,
        comparison=comparison,
        came_from=came_from(),
        back=_here(return_id),
    )
