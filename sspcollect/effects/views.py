"""The reviewers' pages: a collection's effectiveness estimates, and the methodology in words."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from sspcollect.accounts.access import central
from sspcollect.db import session
from sspcollect.effects.methodology import CAVEATS, SECTIONS
from sspcollect.effects.report import effectiveness_report
from sspcollect.models import Collection, CollectionStatus

bp = Blueprint("effects", __name__, url_prefix="/review")


@bp.route("/<int:collection_id>/effectiveness")
@central
def page(collection_id: int) -> str:
    """Estimates with intervals, pre-trends, event studies and caveats, by outcome."""
    collection = session.get(Collection, collection_id)
    if collection is None or collection.status == CollectionStatus.DRAFT:
        abort(404)
    return render_template(
        "effects/page.html", report=effectiveness_report(collection), caveats=CAVEATS
    )


@bp.route("/effectiveness/methodology")
@central
def methodology() -> str:
    """How the effects are estimated, what they assume and what would make them wrong."""
    return render_template("effects/methodology.html", sections=SECTIONS)
