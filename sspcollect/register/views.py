"""The police force's partnership register: list, add, view, change and end partnerships."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from werkzeug.wrappers import Response

from sspcollect.accounts.access import roles
from sspcollect.models import (
    FUNDING_SOURCE_LABELS,
    MODEL_LABELS,
    OFFICER_ROLE_LABELS,
    Partnership,
    Role,
)
from sspcollect.register import forms, service
from sspcollect.register.forms import ChosenSchool, EndForm, PartnershipForm
from sspcollect.register.rules import PARTNERSHIP_FIELDS
from sspcollect.validation import Result, errors_for_fields
from sspcollect.versioning import StaleEditError

bp = Blueprint("register", __name__, url_prefix="/register")

Page = str | Response | tuple[str, int]
LABELS = {
    "models": MODEL_LABELS,
    "officer_roles": OFFICER_ROLE_LABELS,
    "funding_sources": FUNDING_SOURCE_LABELS,
}


def _error_list(results: Sequence[Result]) -> list[dict[str, str]]:
    """The error summary items for the errors among results, linked to their fields."""
    return [
        {"text": r.message, "href": "#" + forms.ANCHORS.get(r.rule.fields[0], "reference")}
        for r in results
        if r.is_error
    ]


def _form_page(
    form: PartnershipForm,
    chosen: list[ChosenSchool],
    partnership: Partnership | None = None,
    results: Sequence[Result] = (),
    search: list[service.SchoolChoice] | None = None,
    search_error: str | None = None,
    stale: bool = False,
) -> Page:
    """Render the add or change page with what was typed, and the rules that fired."""
    described = service.describe_schools(s.number for s in chosen if s.number is not None)
    errors = [{"text": StaleEditError.MESSAGE}] if stale else []
    errors += _error_list(results)
    if search_error:
        errors.append({"text": search_error, "href": "#school_search"})
    html = render_template(
        "register/form.html",
        form=form,
        partnership=partnership,
        force=service.force_of(current_user),
        chosen=chosen,
        described=described,
        chosen_urns={s.urn for s in chosen},
        search=search,
        search_error=search_error,
        field_errors=errors_for_fields(results, [*PARTNERSHIP_FIELDS, "schools"]),
        errors=errors,
        model_hints=forms.MODEL_HINTS,
        **LABELS,
    )
    return (html, 409) if stale else html


def _round_trip(
    form: PartnershipForm, chosen: list[ChosenSchool], action: str, partnership: Partnership | None
) -> Page:
    """Find, add or remove a school, keeping every other answer; nothing is saved."""
    if action.startswith("add:"):
        chosen = forms.add_school(chosen, action.removeprefix("add:"))
    elif action.startswith("remove:"):
        chosen = forms.remove_school(chosen, action.removeprefix("remove:"))
    text = (form.school_search.data or "").strip()
    if action == "find" and not text:
        return _form_page(
            form,
            chosen,
            partnership,
            search_error=gettext("Enter a URN or part of a school\u2019s name"),
        )
    search = service.find_schools(text) if text else None
    return _form_page(form, chosen, partnership, search=search)


@bp.route("")
@roles(Role.POLICE)
def index() -> str:
    """The force's register: every partnership, active and ended."""
    force = service.force_of(current_user)
    partnerships = service.partnerships_of(force.code)
    today = date.today()
    return render_template(
        "register/index.html",
        force=force,
        partnerships=partnerships,
        statuses={p.id: service.status_of(p, today) for p in partnerships},
        models=MODEL_LABELS,
    )


@bp.route("/add", methods=["GET", "POST"])
@roles(Role.POLICE)
def add() -> Page:
    """Add a partnership to the register."""
    form = PartnershipForm()
    if request.method == "GET":
        return _form_page(form, [])
    chosen = forms.chosen_schools(request.form)
    action = request.form.get("action", "save")
    if action != "save":
        return _round_trip(form, chosen, action, None)
    try:
        partnership = service.create(forms.draft_of(form, chosen), current_user)
    except service.RefusedError as refused:
        return _form_page(form, chosen, results=refused.results)
    flash(gettext("Partnership %(reference)s added", reference=partnership.reference), "success")
    return redirect(url_for(".show", partnership_id=partnership.id))


@bp.route("/<int:partnership_id>")
@roles(Role.POLICE)
def show(partnership_id: int) -> str:
    """Every answer about one partnership, its schools, and the queries it raises."""
    partnership = service.load_partnership(partnership_id, current_user)
    described = service.describe_schools(link.school_urn for link in partnership.schools)
    results = service.findings(partnership)
    return render_template(
        "register/show.html",
        partnership=partnership,
        force=service.force_of(current_user),
        described=described,
        status=service.status_of(partnership, date.today()),
        queries=[r for r in results if not r.is_error],
        problems=[r for r in results if r.is_error],
        **LABELS,
    )


@bp.route("/<int:partnership_id>/edit", methods=["GET", "POST"])
@roles(Role.POLICE)
def edit(partnership_id: int) -> Page:
    """Change a partnership; a save made from an older version is refused."""
    partnership = service.load_partnership(partnership_id, current_user)
    if request.method == "GET":
        form = PartnershipForm(data=forms.data_of(partnership))
        return _form_page(form, forms.chosen_of(partnership), partnership)
    form = PartnershipForm()
    chosen = forms.chosen_schools(request.form)
    action = request.form.get("action", "save")
    if action != "save":
        return _round_trip(form, chosen, action, partnership)
    draft = forms.draft_of(form, chosen)
    try:
        service.update(partnership, draft, forms.version_of(form), current_user)
    except service.RefusedError as refused:
        return _form_page(form, chosen, partnership, results=refused.results)
    except StaleEditError:
        partnership = service.load_partnership(partnership_id, current_user)
        current = PartnershipForm(formdata=None, data=forms.data_of(partnership))
        return _form_page(current, forms.chosen_of(partnership), partnership, stale=True)
    flash(gettext("Partnership %(reference)s saved", reference=partnership.reference), "success")
    return redirect(url_for(".show", partnership_id=partnership.id))


def _end_page(form: EndForm, partnership: Partnership, errors: list[dict[str, str]]) -> str:
    """Render the page asking when the partnership ended."""
    return render_template(
        "register/end.html",
        form=form,
        partnership=partnership,
        errors=errors,
        field_error=next((e["text"] for e in errors if "href" in e), None),
        today=date.today(),
    )


@bp.route("/<int:partnership_id>/end", methods=["GET", "POST"])
@roles(Role.POLICE)
def end(partnership_id: int) -> Page:
    """Record the date a partnership ended."""
    partnership = service.load_partnership(partnership_id, current_user)
    if request.method == "GET":
        return _end_page(EndForm(data=forms.end_data_of(partnership)), partnership, [])
    form = EndForm()
    end_date = form.end_date.form.value()
    if end_date is None:
        return _end_page(
            form, partnership, [{"text": gettext(forms.NEED_END_DATE), "href": "#end_date-day"}]
        )
    try:
        service.end(partnership, end_date, forms.version_of(form), current_user)
    except service.RefusedError as refused:
        return _end_page(form, partnership, _error_list(refused.results))
    except StaleEditError:
        partnership = service.load_partnership(partnership_id, current_user)
        current = EndForm(formdata=None, data=forms.end_data_of(partnership))
        return _end_page(current, partnership, [{"text": StaleEditError.MESSAGE}]), 409
    flash(gettext("Partnership %(reference)s ended", reference=partnership.reference), "success")
    return redirect(url_for(".show", partnership_id=partnership.id))
