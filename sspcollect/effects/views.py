"""The reviewers' pages: a collection's effectiveness estimates, and the methodology in words.

The estimates need pandas and numpy: the pages that show them load them, so that the service
starts without waiting for them.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from werkzeug.wrappers import Response

from sspcollect.accounts.access import central
from sspcollect.db import session
from sspcollect.effects.methodology import CAVEATS, SECTIONS
from sspcollect.models import Collection, CollectionStatus

bp = Blueprint("effects", __name__, url_prefix="/review")


def _collection(collection_id: int) -> Collection:
    """The collection, unless it is a draft or does not exist (404)."""
    collection = session.get(Collection, collection_id)
    if collection is None or collection.status == CollectionStatus.DRAFT:
        abort(404)
    return collection


@bp.route("/<int:collection_id>/effectiveness")
@central
def page(collection_id: int) -> str:
    """Estimates with intervals, pre-trends, event studies and caveats, by outcome."""
    from sspcollect.effects.publication import NAME
    from sspcollect.effects.report import effectiveness_report

    collection = _collection(collection_id)
    return render_template(
        "effects/page.html",
        report=effectiveness_report(collection),
        caveats=CAVEATS,
        files=(f"{NAME}.csv", f"{NAME}.meta.csv"),
    )


@bp.route("/<int:collection_id>/effectiveness/<name>")
@central
def download(collection_id: int, name: str) -> Response:
    """The ssp_effectiveness file or its metadata, as the national datasets carry them."""
    from sspcollect.effects.publication import effectiveness_downloads

    collection = _collection(collection_id)
    threshold = collection.disclosure_threshold or int(current_app.config["DISCLOSURE_THRESHOLD"])
    files = effectiveness_downloads(collection, threshold)
    if name not in files:
        abort(404)
    return Response(
        files[name],
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/effectiveness/methodology")
@central
def methodology() -> str:
    """How the effects are estimated, what they assume and what would make them wrong."""
    return render_template("effects/methodology.html", sections=SECTIONS)
