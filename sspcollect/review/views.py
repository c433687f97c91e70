"""Central staff's pages: national progress, the list of returns, one return, reconciliation."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from sspcollect.accounts.access import central
from sspcollect.content.rules import rule_name
from sspcollect.db import session, utcnow
from sspcollect.maps import progress as response_map
from sspcollect.maps.sections import view_choice
from sspcollect.models import (
    STATUS_LABELS,
    Collection,
    CollectionStatus,
    ForceArea,
)
from sspcollect.review import actions, assignments, chart, chasing, export, listing, pairs, progress
from sspcollect.review.listing import ReturnFilter
from sspcollect.review.paging import page_number, pagination, with_query
from sspcollect.validation import CATALOGUE
from sspcollect.versioning import StaleEditError
from sspcollect.words import counted

bp = Blueprint("review", __name__, url_prefix="/review")

Page = str | Response | tuple[str, int]
PAIRS_PER_PAGE = 50
# Bulk accept lists this many of the returns it would accept before it asks to confirm.
ACCEPT_LISTED = 500


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
        "rules": sorted(
            ((rule.id, f"{rule_name(rule.id)} ({rule.id})") for rule in CATALOGUE),
            key=lambda item: item[1],
        ),
        "reviewers": [(str(person.id), person.name) for person in assignments.reviewers()],
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
        list_args=wanted.list_args(found.page),
        accept_url=with_query(
            url_for("review.accept_many", collection_id=collection_id), wanted.args()
        ),
        export_url=with_query(
            url_for("review.export_returns", collection_id=collection_id), wanted.args()
        ),
        remind_url=with_query(
            url_for("review.remind_many", collection_id=collection_id), wanted.args()
        ),
        **_filter_choices(),
    )


@bp.route("/<int:collection_id>/returns.csv")
@central
def export_returns(collection_id: int) -> Response:
    """The filtered list of returns, every page of it, as a CSV file."""
    collection = _collection(collection_id)
    wanted = ReturnFilter.from_args(request.args)
    return Response(
        stream_with_context(export.csv_lines(collection_id, wanted)),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f"attachment; filename=returns-{collection.time_period}.csv"
        },
    )


@bp.route("/<int:collection_id>/returns/remind", methods=["GET", "POST"])
@central
def remind_many(collection_id: int) -> Page:
    """Email, after confirming, every organisation in the list that has not yet submitted."""
    collection = _collection(collection_id)
    source = request.form if request.method == "POST" else request.args
    wanted = ReturnFilter.from_args(source)
    back = with_query(url_for("review.returns", collection_id=collection_id), wanted.args())
    if request.method == "POST" and chasing.unsubmitted(collection, wanted):
        report = chasing.chase(collection, wanted, current_user)
        done = report.delivered
        if done.server_error:
            flash(
                "The reminders could not be sent because the mail server is unavailable. "
                "The next reminder run will try again."
            )
            return redirect(back)
        text = f"Reminders sent to {counted(done.sent, 'person', 'people')}."
        if report.skipped:
            text += f" {counted(report.skipped, 'person', 'people')} had already had one today."
        if done.failed:
            text += f" {done.failed:,} could not be sent; the next reminder run will try again."
        flash(text, "success")
        return redirect(back)
    return render_template(
        "review/remind_many.html",
        collection=collection,
        wanted=wanted,
        count=chasing.unsubmitted(collection, wanted),
        back=back,
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
        if str(len(chosen)) != request.form.get("count"):
            flash(
                "The returns in this list changed while you were looking at them. "
                "Check the list again before accepting."
            )
            return redirect(with_query(request.path, wanted.args()))
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
        rows=listing.acceptable_rows(collection_id, wanted, ACCEPT_LISTED),
        waiting=listing.waiting_for_review(collection_id, wanted),
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


# The pages of one return live beside this module, on the same blueprint.
from sspcollect.review import return_views  # noqa: E402, F401
