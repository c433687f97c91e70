"""Central staff's pages: national progress, the list of returns, one return, reconciliation."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from sspcollect.accounts.access import central
from sspcollect.db import session, utcnow
from sspcollect.maps import progress as response_map
from sspcollect.maps.sections import view_choice
from sspcollect.models import (
    STATUS_LABELS,
    Collection,
    CollectionStatus,
    ForceArea,
    Return,
    ReturnStatus,
)
from sspcollect.returns.service import load_return, readiness
from sspcollect.returns.withdrawal import mark_review_opened
from sspcollect.review import actions, chart, detail, listing, pairs, progress
from sspcollect.review.listing import ReturnFilter
from sspcollect.review.paging import page_number, pagination, with_query
from sspcollect.validation import CATALOGUE
from sspcollect.versioning import StaleEditError

bp = Blueprint("review", __name__, url_prefix="/review")

Page = str | Response | tuple[str, int]
PAIRS_PER_PAGE = 50


def _collection(collection_id: int) -> Collection:
    """The collection, unless it is a draft or does not exist (404)."""
    collection = session.get(Collection, collection_id)
    if collection is None or collection.status == CollectionStatus.DRAFT:
        abort(404)
    return collection


@bp.app_template_global("review_open_collections")
def open_collections() -> list[Collection]:
    """The open collections, newest first (for the national overview)."""
    return list(
        session.scalars(
            select(Collection)
            .where(Collection.status == CollectionStatus.OPEN)
            .order_by(Collection.time_period.desc())
        )
    )


@bp.route("")
@central
def index() -> str:
    """Every collection that has opened, newest first, with links to its review pages."""
    collections = session.scalars(
        select(Collection)
        .where(Collection.status != CollectionStatus.DRAFT)
        .order_by(Collection.time_period.desc())
    )
    return render_template("review/index.html", collections=list(collections))


@bp.route("/<int:collection_id>")
@central
def progress_page(collection_id: int) -> str:
    """Returns by status, nationally, by kind and by area, and submissions over time."""
    collection = _collection(collection_id)
    figures = progress.progress(collection_id)
    daily = progress.submissions_by_day(collection_id)
    drawn = chart.progress_chart(collection, figures.overall.total, daily, utcnow().date())
    list_url = url_for("review.returns", collection_id=collection_id)
    page_url = url_for("review.progress_page", collection_id=collection_id)
    map_section = response_map.response_section(
        figures, view_choice(request.args.get("map")), page_url, list_url
    )

    def link(**args: str) -> str:
        cleaned = {name: value for name, value in args.items() if value}
        return with_query(list_url, cleaned)

    return render_template(
        "review/progress.html",
        collection=collection,
        figures=figures,
        chart=drawn,
        map_section=map_section,
        statuses=progress.STATUSES,
        labels=STATUS_LABELS,
        link=link,
        areas=[
            (
                "Returns by police force area (its schools and the force\u2019s own return)",
                "Police force area",
                progress.area_rows(figures.by_force, "force", list_url),
            ),
            (
                "School returns by region",
                "Region",
                progress.area_rows(figures.by_region, "region", list_url),
            ),
            (
                "School returns by local authority",
                "Local authority",
                progress.area_rows(figures.by_la, "la", list_url),
            ),
        ],
    )


def _filter_choices() -> dict[str, Any]:
    """The options of the list's filters."""
    regions, las = progress.area_names()
    forces = session.execute(select(ForceArea.code, ForceArea.name).order_by(ForceArea.name))
    return {
        "forces": list(forces),
        "regions": sorted(regions.items(), key=lambda item: (not item[0].startswith("E"), item[0])),
        "las": sorted(las.items(), key=lambda item: item[1]),
        "rules": [(rule.id, rule.id) for rule in CATALOGUE],
    }


@bp.route("/<int:collection_id>/returns")
@central
def returns(collection_id: int) -> str:
    """The returns behind a figure: filtered, searched, 50 a page."""
    collection = _collection(collection_id)
    wanted = ReturnFilter.from_args(request.args)
    found = listing.returns_page(collection_id, wanted, page_number())
    base = url_for("review.returns", collection_id=collection_id)
    return render_template(
        "review/returns.html",
        collection=collection,
        wanted=wanted,
        found=found,
        labels=STATUS_LABELS,
        pagination=pagination(found.page, found.pages, base, wanted.args()),
        accept_url=with_query(
            url_for("review.accept_many", collection_id=collection_id), wanted.args()
        ),
        **_filter_choices(),
    )


@bp.route("/<int:collection_id>/returns/accept", methods=["GET", "POST"])
@central
def accept_many(collection_id: int) -> Page:
    """Accept, after confirming, every submitted return in the filter with nothing outstanding."""
    collection = _collection(collection_id)
    source = request.form if request.method == "POST" else request.args
    wanted = ReturnFilter.from_args(source)
    back = with_query(url_for("review.returns", collection_id=collection_id), wanted.args())
    if request.method == "POST":
        chosen = listing.acceptable_ids(collection_id, wanted)
        try:
            accepted = actions.accept_many(chosen, current_user)
        except StaleEditError:
            flash("Some returns changed while you were accepting them. Nothing was accepted.")
            return redirect(with_query(request.path, wanted.args()))
        flash(f"{len(accepted):,} returns accepted", "success")
        return redirect(back)
    return render_template(
        "review/accept_many.html",
        collection=collection,
        wanted=wanted,
        count=listing.acceptable_count(collection_id, wanted),
        back=back,
    )


@bp.route("/<int:collection_id>/reconciliation")
@central
def reconciliation(collection_id: int) -> str:
    """Schools and forces whose answers disagree, nationally, with both explanations."""
    collection = _collection(collection_id)
    found = pairs.unreconciled_pairs(collection_id)
    pages = max(1, -(-len(found) // PAIRS_PER_PAGE))
    page = min(page_number(), pages)
    shown = found[(page - 1) * PAIRS_PER_PAGE : page * PAIRS_PER_PAGE]
    base = url_for("review.reconciliation", collection_id=collection_id)
    return render_template(
        "review/reconciliation.html",
        collection=collection,
        pairs=shown,
        total=len(found),
        pagination=pagination(page, pages, base, {}),
    )


def _review_page(
    return_: Return,
    errors: list[dict[str, str]] | None = None,
    comment: str = "",
    status: int = 200,
) -> tuple[str, int]:
    """Render the review of one return, with any problem with the action just tried."""
    partnerships = [] if detail.is_school(return_) else detail.force_partnerships(return_)
    comment_error = next((e["text"] for e in errors or [] if e.get("href") == "#comment"), None)
    html = render_template(
        "review/return.html",
        return_=return_,
        collection=return_.collection,
        organisation=return_.organisation,
        answers=detail.school_answers(return_) if detail.is_school(return_) else [],
        partnerships=partnerships,
        register_source=detail.register_source(return_),
        findings=detail.findings(return_, partnerships),
        outstanding=not readiness(return_).ready,
        history=detail.history(return_),
        labels=STATUS_LABELS,
        can_accept=return_.status == ReturnStatus.SUBMITTED,
        can_return=return_.status in actions.RETURNABLE and return_.collection.is_open,
        can_reopen=current_user.role == "admin" and return_.status in actions.REOPENABLE,
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
    """One return: every answer, every finding, its history, and the reviewer's actions.

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
    flash(f"{return_.organisation.name}'s return accepted", "success")
    return redirect(url_for("review.return_page", return_id=return_id))


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
    flash(f"{return_.organisation.name}'s return was returned for amendment", "success")
    return redirect(url_for("review.return_page", return_id=return_id))
