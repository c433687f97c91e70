"""The force return journey: task list, register confirmation or nil return, outcomes per
partnership, declaration, check your answers, and the confirmation page.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from sspcollect.accounts.access import roles
from sspcollect.db import session
from sspcollect.models import (
    FUNDING_SOURCE_LABELS,
    MODEL_LABELS,
    OFFICER_ROLE_LABELS,
    OUTCOME_FIELDS,
    STATUS_LABELS,
    Return,
    ReturnStatus,
    Role,
)
from sspcollect.returns import force_service as service
from sspcollect.returns.force_forms import (
    OUTCOME_QUESTIONS,
    CheckAnswersForm,
    ConfirmRegisterForm,
    DeclarationForm,
    NilReturnForm,
    OutcomesForm,
)
from sspcollect.returns.force_summary import (
    FindingView,
    FixAt,
    declaration_status,
    finding_views,
    outcome_status,
    register_entries,
    register_status,
    shows_snapshot,
)
from sspcollect.returns.service import load_return
from sspcollect.validation import CATALOGUE, Level, Scope, errors_for_fields
from sspcollect.validation.values import Invalid, yes_no
from sspcollect.versioning import StaleEditError, commit_or_stale

# Ids beyond a database integer would fail in the query: such an address is simply not found.
ID = "int(max=2147483647)"
bp = Blueprint("force_returns", __name__, url_prefix=f"/returns/<{ID}:return_id>/force")

NOT_EDITABLE = (
    "This return can no longer be changed: it has been submitted, or its collection is closed."
)


def long_date(day: date | None) -> str:
    """A date as GOV.UK writes it: 1 October 2025."""
    return f"{day.day} {day:%B %Y}" if day else ""


def register_url(partnership_id: int | None = None) -> str:
    """The force's register, or one partnership's page in it."""
    if partnership_id is not None:
        return url_for("register.show", partnership_id=partnership_id)
    return url_for("register.index")


def fix_url(view: FindingView, return_: Return) -> str:
    """Where a finding is put right."""
    entry_id = view.entry.partnership_id if view.entry else None
    if view.fix_at is FixAt.OUTCOMES and entry_id is not None:
        return (
            url_for(".outcomes", return_id=return_.id, partnership_id=entry_id) + f"#{view.field}"
        )
    if view.fix_at is FixAt.REGISTER:
        return register_url(entry_id)
    if view.fix_at is FixAt.CONFIRM:
        return url_for(".confirm_register", return_id=return_.id)
    if view.fix_at is FixAt.DECLARATION:
        return url_for(".declaration", return_id=return_.id)
    return url_for(".nil_return", return_id=return_.id)


def _render(template: str, return_: Return, status: int = 200, **context: Any) -> Any:
    """Render a page of the journey with what every page of it uses."""
    html = render_template(
        f"returns/force/{template}",
        return_=return_,
        collection=return_.collection,
        year=service.academic_year(return_.collection),
        long_date=long_date,
        register_url=register_url,
        **context,
    )
    return html if status == 200 else (html, status)


def _load(return_id: int) -> Return:
    """The signed-in force's return with this id; 404 for anyone else's."""
    return load_return(return_id, current_user, service.KIND)


def _locked(return_: Return) -> Response:
    """Send someone who tries to change a return that can no longer change to its task list."""
    flash(NOT_EDITABLE)
    return redirect(url_for(".task_list", return_id=return_.id))


def _stale_errors(anchor: str) -> list[dict[str, str]]:
    """The error summary saying that someone else saved first."""
    return [{"text": StaleEditError.MESSAGE, "href": f"#{anchor}"}]


@bp.route("")
@roles(Role.POLICE)
def task_list(return_id: int) -> Any:
    """The return's task list; the register as submitted once the return is submitted."""
    return_ = _load(return_id)
    service.refresh_for_display(return_)
    entries = register_entries(return_)
    views = finding_views(return_, entries)
    return _render(
        "task_list.html",
        return_,
        entries=entries,
        active=len(entries),
        snapshot=shows_snapshot(return_),
        status_label=STATUS_LABELS[ReturnStatus(return_.status)],
        register_status=register_status(return_),
        outcome_statuses={
            e.partnership_id: outcome_status(return_, e.partnership_id) for e in entries
        },
        declaration_status=declaration_status(return_),
        problems=sum(1 for v in views if v.finding.level == Level.ERROR),
        queries=sum(
            1
            for v in views
            if v.finding.level == Level.QUERY and not (v.finding.explanation or "").strip()
        ),
    )


@bp.route("/confirm-register", methods=["GET", "POST"])
@roles(Role.POLICE)
def confirm_register(return_id: int) -> Any:
    """Is the register complete and up to date as at the reference date?"""
    return_ = _load(return_id)
    if not return_.is_editable:
        return _locked(return_)
    entries = register_entries(return_)
    if not entries:
        return redirect(url_for(".nil_return", return_id=return_.id))
    form = ConfirmRegisterForm()
    errors: list[dict[str, str]] = []
    if form.validate_on_submit():
        answer = yes_no(form.confirmed.data)
        if answer is None or isinstance(answer, Invalid):
            form.confirmed.errors = [
                "Select yes if your register is complete and up to date as at "
                + long_date(return_.collection.reference_date)
            ]
        else:
            try:
                service.confirm_register(return_, answer, form.loaded_version(), current_user)
            except StaleEditError:
                session.rollback()
                errors = _stale_errors("confirmed")
            else:
                if not answer:
                    flash("Update your register, then come back to confirm it.")
                return redirect(url_for(".task_list", return_id=return_.id))
    if errors or request.method == "GET":
        form = ConfirmRegisterForm(formdata=None, version=return_.version)
        if return_.register_confirmed:
            form.confirmed.data = "yes"
    return _render(
        "confirm_register.html",
        return_,
        409 if errors else 200,
        form=form,
        errors=errors,
        entries=entries,
    )


@bp.route("/nil-return", methods=["GET", "POST"])
@roles(Role.POLICE)
def nil_return(return_id: int) -> Any:
    """Did the force run any partnership in the year? No makes a nil return."""
    return_ = _load(return_id)
    if not return_.is_editable:
        return _locked(return_)
    form = NilReturnForm()
    errors: list[dict[str, str]] = []
    if form.validate_on_submit():
        ran = yes_no(form.ran_partnerships.data)
        if ran is None or isinstance(ran, Invalid):
            form.ran_partnerships.errors = [
                "Select yes if your force ran any Safer School Partnerships between "
                f"{long_date(return_.collection.period_start)} and "
                f"{long_date(return_.collection.period_end)}"
            ]
        else:
            try:
                problems = service.set_nil_return(
                    return_, not ran, form.loaded_version(), current_user
                )
            except StaleEditError:
                session.rollback()
                errors = _stale_errors("ran_partnerships")
            else:
                if not problems:
                    if ran:
                        flash("Add your partnerships to your register, then confirm it.")
                    return redirect(url_for(".task_list", return_id=return_.id))
                form.ran_partnerships.errors = [problems[0].message]
    if errors or request.method == "GET":
        form = NilReturnForm(formdata=None, version=return_.version)
        if return_.nil_return:
            form.ran_partnerships.data = "no"
    return _render(
        "nil_return.html",
        return_,
        409 if errors else 200,
        form=form,
        errors=errors,
        active=service.concerned_count(return_),
    )


def _outcomes_form(return_: Return, partnership_id: int) -> OutcomesForm:
    """The outcomes form filled with the counts kept, at the current version."""
    values = service.outcome_values(service.outcome_of(return_, partnership_id))
    data = {name: "" if value is None else str(value) for name, value in values.items()}
    return OutcomesForm(formdata=None, version=return_.version, **data)


@bp.route(f"/outcomes/<{ID}:partnership_id>", methods=["GET", "POST"])
@roles(Role.POLICE)
def outcomes(return_id: int, partnership_id: int) -> Any:
    """The eight counts for one partnership."""
    return_ = _load(return_id)
    if not return_.is_editable:
        return _locked(return_)
    partnership = service.concerned_partnership(return_, partnership_id)
    form = OutcomesForm()
    errors: list[dict[str, str]] = []
    if form.validate_on_submit():
        try:
            problems = service.save_outcomes(
                return_, partnership, request.form, form.loaded_version(), current_user
            )
        except StaleEditError:
            session.rollback()
            errors = _stale_errors(OUTCOME_FIELDS[0])
            form = _outcomes_form(return_, partnership_id)
        else:
            if not problems:
                flash(
                    f"Outcomes saved for {partnership.reference} \u2013 {partnership.name}.",
                    "success",
                )
                return redirect(url_for(".task_list", return_id=return_.id))
            for name, message in errors_for_fields(problems, OUTCOME_FIELDS).items():
                getattr(form, name).errors = [message]
    else:
        form = _outcomes_form(return_, partnership_id)
    entry = next(e for e in register_entries(return_) if e.partnership_id == partnership_id)
    register_problems = [
        f
        for f in return_.findings
        if f.subject == entry.subject and CATALOGUE[f.rule_id].scope is Scope.PARTNERSHIP
    ]
    return _render(
        "outcomes.html",
        return_,
        409 if errors else 200,
        form=form,
        errors=errors,
        entry=entry,
        questions=OUTCOME_QUESTIONS,
        register_problems=register_problems,
    )


@bp.route("/declaration", methods=["GET", "POST"])
@roles(Role.POLICE)
def declaration(return_id: int) -> Any:
    """The declaration that the return is complete and correct."""
    return_ = _load(return_id)
    if not return_.is_editable:
        return _locked(return_)
    form = DeclarationForm()
    errors: list[dict[str, str]] = []
    if form.validate_on_submit():
        try:
            problems = service.declare(
                return_, form.declaration.data == "yes", form.loaded_version(), current_user
            )
        except StaleEditError:
            session.rollback()
            errors = _stale_errors("declaration")
        else:
            if not problems:
                return redirect(url_for(".task_list", return_id=return_.id))
            form.declaration.errors = [problems[0].message]
    if errors or request.method == "GET":
        form = DeclarationForm(formdata=None, version=return_.version)
        form.declaration.data = "yes" if return_.declaration else ""
    return _render("declaration.html", return_, 409 if errors else 200, form=form, errors=errors)


def _explanations(return_: Return) -> dict[int, str]:
    """The explanations typed on the check answers page, by finding id."""
    return {
        finding.id: request.form.get(f"explanation-{finding.id}", "")
        for finding in return_.findings
        if finding.level == Level.QUERY
    }


@bp.route("/check-your-answers", methods=["GET", "POST"])
@roles(Role.POLICE)
def check_answers(return_id: int) -> Any:
    """Everything the return will report, what stops it being submitted, and the submit button."""
    return_ = _load(return_id)
    errors: list[dict[str, str]] = []
    field_errors: dict[int, str] = {}
    typed: dict[int, str] = {}
    stale = False
    form = CheckAnswersForm()
    if request.method == "POST" and not return_.is_editable:
        return _locked(return_)
    if form.validate_on_submit():
        typed = _explanations(return_)
        field_errors = service.explanation_problems(typed)
        if field_errors:
            errors = [{"text": m, "href": f"#explanation-{i}"} for i, m in field_errors.items()]
        else:
            try:
                service.save_explanations(return_, typed, form.loaded_version(), current_user)
                if form.action.data == "submit":
                    state = service.submit(return_, current_user, return_.version)
                    if state.ready:
                        return redirect(url_for(".confirmation", return_id=return_.id))
                    errors = _blocking_summary(return_)
                    field_errors = {
                        f.id: "Explain this query in one sentence" for f in state.unexplained
                    }
                else:
                    commit_or_stale()
                    flash("Your explanations have been saved.", "success")
                    return redirect(url_for(".check_answers", return_id=return_.id))
            except StaleEditError:
                session.rollback()
                stale, errors, typed = True, _stale_errors("main-content"), {}
    service.refresh_for_display(return_)
    entries = register_entries(return_)
    views = finding_views(return_, entries)
    return _render(
        "check_answers.html",
        return_,
        409 if stale else 200,
        form=CheckAnswersForm(formdata=None, version=return_.version),
        errors=errors,
        field_errors=field_errors,
        typed=typed,
        entries=entries,
        outcomes={e.partnership_id: service.outcome_of(return_, e.partnership_id) for e in entries},
        error_views=[v for v in views if v.finding.level == Level.ERROR],
        query_views=[v for v in views if v.finding.level == Level.QUERY],
        fix_url=fix_url,
        questions=OUTCOME_QUESTIONS,
        model_labels=MODEL_LABELS,
        role_labels=OFFICER_ROLE_LABELS,
        funding_labels=FUNDING_SOURCE_LABELS,
        snapshot=shows_snapshot(return_),
    )


def _blocking_summary(return_: Return) -> list[dict[str, str]]:
    """Error summary items for everything that stops the return being submitted."""
    entries = register_entries(return_)
    items = []
    for view in finding_views(return_, entries):
        if view.finding.level == Level.ERROR:
            items.append({"text": view.text, "href": fix_url(view, return_)})
        elif not (view.finding.explanation or "").strip():
            items.append(
                {
                    "text": f"Explain the query: {view.text}",
                    "href": f"#explanation-{view.finding.id}",
                }
            )
    return items


@bp.route("/confirmation")
@roles(Role.POLICE)
def confirmation(return_id: int) -> Any:
    """The return has been submitted."""
    return_ = _load(return_id)
    if not shows_snapshot(return_):
        return redirect(url_for(".check_answers", return_id=return_.id))
    return _render("confirmation.html", return_)
