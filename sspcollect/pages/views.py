"""Landing pages for each kind of organisation, and the pages every GOV.UK service has."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from sspcollect.accounts.access import central, public, roles
from sspcollect.db import session, utcnow
from sspcollect.maps.schools import force_schools_section
from sspcollect.models import (
    Collection,
    CollectionStatus,
    ForceArea,
    LocalAuthority,
    Organisation,
    Role,
    School,
)
from sspcollect.returns.service import returns_for

bp = Blueprint("pages", __name__)

LANDING = {
    Role.SCHOOL: "pages.school_home",
    Role.POLICE: "pages.police_home",
    Role.REVIEWER: "pages.overview",
    Role.ADMIN: "pages.overview",
}


@bp.route("/")
@public
def home() -> Response:
    """Send a signed-in user to their organisation's page, anyone else to the start page."""
    if not current_user.is_authenticated:
        return redirect(url_for("pages.start"))
    return redirect(url_for(LANDING[Role(current_user.role)]))


@bp.route("/start")
@public
def start() -> str:
    """What the service is for, who uses it, what to have ready, and the way in (sign in)."""
    collection = session.scalar(
        select(Collection)
        .where(Collection.status == CollectionStatus.OPEN)
        .order_by(Collection.time_period.desc())
        .limit(1)
    )
    return render_template("pages/start.html", collection=collection)


def _own_organisation() -> Organisation:
    """The signed-in user's organisation."""
    organisation: Organisation = current_user.organisation
    return organisation


@bp.route("/school")
@roles(Role.SCHOOL)
def school_home() -> str:
    """The school's own page."""
    organisation = _own_organisation()
    school = organisation.school
    if school is None:
        abort(404)
    return render_template(
        "pages/school_home.html",
        organisation=organisation,
        school=school,
        returns=returns_for(organisation),
    )


@bp.route("/police")
@roles(Role.POLICE)
def police_home() -> str:
    """The police force's own page."""
    organisation = _own_organisation()
    force = organisation.force_area
    if force is None:
        abort(404)
    school_count = session.scalar(
        select(func.count())
        .select_from(School)
        .join(LocalAuthority)
        .where(LocalAuthority.force_area_code == force.code, School.is_open.is_(True))
    )
    return render_template(
        "pages/police_home.html",
        organisation=organisation,
        force=force,
        school_count=school_count,
        returns=returns_for(organisation),
        force_map=force_schools_section(force.code, utcnow().date()),
    )


@bp.route("/overview")
@central
def overview() -> str:
    """The national overview for central staff."""
    figures = {
        "forces": session.scalar(select(func.count()).select_from(ForceArea)),
        "vru_forces": session.scalar(
            select(func.count()).select_from(ForceArea).where(ForceArea.vru.is_(True))
        ),
        "local_authorities": session.scalar(select(func.count()).select_from(LocalAuthority)),
        "open_schools": session.scalar(
            select(func.count()).select_from(School).where(School.is_open.is_(True))
        ),
    }
    return render_template("pages/overview.html", figures=figures)


@bp.route("/accessibility")
@public
def accessibility() -> str:
    """The accessibility statement."""
    return render_template("pages/accessibility.html")


@bp.route("/cookies")
@public
def cookies() -> str:
    """Which cookies the service sets (essential ones only)."""
    return render_template("pages/cookies.html")


@bp.route("/privacy")
@public
def privacy() -> str:
    """The privacy notice for staff users."""
    return render_template("pages/privacy.html")


@bp.route("/help")
@public
def help() -> str:
    """Help and contact."""
    return render_template("pages/help.html")
