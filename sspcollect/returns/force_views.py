"""The force return journey: task list, register confirmation or nil return, outcomes per
partnership, check your answers (with the declaration), and the confirmation page.

A page reached by "Change" on check your answers carries `?change=yes`, and goes back there
when it is saved.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from sspcollect.accounts.access import roles
from sspcollect.content import force as words
from sspcollect.content.fields import OUTCOME_FIELDS as OUTCOME_WORDS
from sspcollect.content.marking import N_
from sspcollect.content.time import long_date
from sspcollect.db import session
from sspcollect.models import (
    FUNDING_SOURCE_LABELS,
    MODEL_LABELS,
    OFFICER_ROLE_LABELS,
    OUTCOME_FIELDS,
    Return,
    ReturnStatus,
    Role,
)
from sspcollect.returns import force_service as service
from sspcollect.returns.force_check import force_check, page_of
from sspcollect.returns.force_forms import (
    CheckAnswersForm,
    ConfirmRegisterForm,
    NilReturnForm,
    OutcomesForm,
)
from sspcollect.returns.force_summary import (
    FindingView,
    FixAt,
    RegisterEntry,
    TaskStatus,
    finding_views,
    outcome_status,
    register_changed_since_confirmed,
    register_entries,
    register_status,
    shows_snapshot,
)
from sspcollect.returns.service import Declaration, declaration_errors, load_return
from sspcollect.review.paging import page_number, pagination
from sspcollect.validation import CATALOGUE, Level, Scope, errors_for_fields
from sspcollect.validation.values import Invalid, yes_no
from sspcollect.versioning import StaleEditError, commit_or_stale

# Ids beyond a database integer would fail in the query: such an address is simply not found.
ID = "int(max=2147483647)"
bp = Blueprint("force_returns", __name__, url_prefix=f"/returns/<{ID}:return_id>/force")

NOT_EDITABLE = N_(
    "This return can no longer be changed: it has been submitted, or its collection is closed."
)
# A force with more partnerships than this sees them on a page of their own, not the task list.
TASK_LIST_PARTNERSHIPS = 12
OUTCOMES_PAGE_SIZE = 50


def register_url(partnership_id: int | None = None) -> str:
    """The force's register, or one partnership's page in it."""
    if partnership_id is not None:
        return url_for("register.show", partnership_id=partnership_id)
    return url_for("register.index")


def _from_check() -> bool:
    """True when the page was reached by a Change link on check your answers."""
    return request.args.get("change") == "yes"


def _check_url(return_: Return, anchor: str = "") -> str:
    """Check your answers, at an anchor."""
    return url_for(".check_answers", return_id=return_.id) + (f"#{anchor}" if anchor else "")


def fix_url(view: FindingView, return_: Return) -> str:
    """Where a finding is put right (pages of the return come back to check your answers)."""
    entry_id = view.entry.partnership_id if view.entry else None
    if view.fix_at is FixAt.OUTCOMES and entry_id is not None:
        address = url_for(".outcomes", return_id=return_.id, partnership_id=entry_id, change="yes")
        return address + f"#{view.field}"
    if view.fix_at is FixAt.REGISTER:
        return register_url(entry_id)
    if view.fix_at is FixAt.CONFIRM:
        return url_for(".confirm_register", return_id=return_.id, change="yes")
    return url_for(".nil_return", return_id=return_.id, change="yes")


def _render(template: str, return_: Return, status: int = 200, **context: Any) -> Any:
    """Render a page of the journey with what every page of it uses."""
    html = render_template(
        f"returns/force/{template}",
        return_=return_,
        collection=return_.collection,
        year=service.academic_year(return_.collection),
        register_url=register_url,
        from_check=_from_check(),
        **context,
    )
    return html if status == 200 else (html, status)


def _load(return_id: int) -> Return:
    """The signed-in force's return with this id; 404 for anyone else's."""
    return load_return(return_id, current_user, service.KIND)


def _locked(return_: Return) -> Response:
    """Send someone who tries to change a return that can no longer change to its task list."""
    flash(gettext(NOT_EDITABLE))
    return redirect(url_for(".task_list", return_id=return_.id))


def _stale_errors(anchor: str) -> list[dict[str, str]]:
    """The error summary saying that someone else saved first."""
    return [{"text": StaleEditError.MESSAGE, "href": f"#{anchor}"}]


def next_to_complete(
    return_: Return, entries: list[RegisterEntry], after: int | None
) -> int | None:
    """The next partnership (after the one with id after, or from the start) whose outcomes
    are not completed, wrapping round; None when every one is completed."""
    ids = [entry.partnership_id for entry in entries]
    start = ids.index(after) + 1 if after in ids else 0
    for partnership_id in ids[start:] + ids[:start]:
        if partnership_id == after:
            continue
        if outcome_status(return_, partnership_id) is not TaskStatus.COMPLETED:
            return partnership_id
    return None


@bp.route("")
@roles(Role.POLICE)
def task_list(return_id: int) -> Any:
    """The return's task list; the register as submitted once the return is submitted."""
    return_ = _load(return_id)
    service.refresh_for_display(return_)
    entries = register_entries(return_)
    statuses = {e.partnership_id: outcome_status(return_, e.partnership_id) for e in entries}
    completed = sum(1 for status in statuses.values() if status is TaskStatus.COMPLETED)
    resume = next_to_complete(return_, entries, None)
    register = register_status(return_)
    outcomes_done = completed == len(entries)
    return _render(
        "task_list.html",
        return_,
        entries=entries,
        active=len(entries),
        snapshot=shows_snapshot(return_),
        register_status=register,
        register_changed=register_changed_since_confirmed(return_),
        outcome_statuses=statuses,
        outcomes_completed=completed,
        list_each=len(entries) <= TASK_LIST_PARTNERSHIPS,
        resume=resume,
        ready_to_check=register is TaskStatus.COMPLETED and outcomes_done,
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
        return redirect(
            url_for(".nil_return", return_id=return_.id, change=request.args.get("change"))
        )
    form = ConfirmRegisterForm()
    errors: list[dict[str, str]] = []
    if form.validate_on_submit():
        answer = yes_no(form.confirmed.data)
        if answer is None or isinstance(answer, Invalid):
            form.confirmed.errors = [gettext(words.CONFIRM_REGISTER_MISSING)]
        else:
            try:
                service.confirm_register(return_, answer, form.loaded_version(), current_user)
            except StaleEditError:
                session.rollback()
                errors = _stale_errors("confirmed")
            else:
                if not answer:
                    flash(gettext(words.UPDATE_REGISTER_THEN_CONFIRM))
                    return redirect(url_for(".task_list", return_id=return_.id))
                if _from_check():
                    return redirect(_check_url(return_))
                return redirect(_after_register(return_, entries))
    if errors or request.method == "GET":
        form = ConfirmRegisterForm(formdata=None, version=return_.version)
        if service.register_is_confirmed(return_):
            form.confirmed.data = "yes"
    return _render(
        "confirm_register.html",
        return_,
        409 if errors else 200,
        form=form,
        errors=errors,
        entries=entries,
        schools=len({school.urn for entry in entries for school in entry.schools}),
        changed=register_changed_since_confirmed(return_),
    )


def _after_register(return_: Return, entries: list[RegisterEntry]) -> str:
    """After confirming the register: the first partnership still to do, or check answers."""
    first = next_to_complete(return_, entries, None)
    if first is None:
        return _check_url(return_)
    return url_for(".outcomes", return_id=return_.id, partnership_id=first)


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
                gettext(
                    words.NIL_RETURN_MISSING,
                    start=long_date(return_.collection.period_start),
                    end=long_date(return_.collection.period_end),
                )
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
                        flash(gettext(words.ADD_PARTNERSHIPS_THEN_CONFIRM))
                        return redirect(url_for(".task_list", return_id=return_.id))
                    return redirect(_check_url(return_))
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


def _after_outcomes(return_: Return, partnership_id: int) -> str:
    """Where saving a partnership's outcomes leads: the next partnership still to do, or back."""
    if request.form.get("action") == "later":
        return url_for(".task_list", return_id=return_.id)
    if _from_check():
        return _check_url(return_, f"partnership-{partnership_id}")
    following = next_to_complete(return_, register_entries(return_), partnership_id)
    if following is None:
        return _check_url(return_)
    return url_for(".outcomes", return_id=return_.id, partnership_id=following)


@bp.route(f"/outcomes/<{ID}:partnership_id>", methods=["GET", "POST"])
@roles(Role.POLICE)
def outcomes(return_id: int, partnership_id: int) -> Any:
    """The eight counts for one partnership, with last year's beside them."""
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
                    gettext(
                        words.OUTCOMES_SAVED,
                        partnership=f"{partnership.reference} \u2013 {partnership.name}",
                    ),
                    "success",
                )
                return redirect(_after_outcomes(return_, partnership_id))
            for name, message in errors_for_fields(problems, OUTCOME_FIELDS).items():
                getattr(form, name).errors = [message]
    else:
        form = _outcomes_form(return_, partnership_id)
    entries = register_entries(return_)
    entry = next(e for e in entries if e.partnership_id == partnership_id)
    register_problems = [
        f
        for f in return_.findings
        if f.subject == entry.subject and CATALOGUE[f.rule_id].scope is Scope.PARTNERSHIP
    ]
    position = [e.partnership_id for e in entries].index(partnership_id) + 1
    following = next_to_complete(return_, entries, partnership_id)
    return _render(
        "outcomes.html",
        return_,
        409 if errors else 200,
        form=form,
        errors=errors,
        entry=entry,
        position=position,
        total=len(entries),
        has_next=following is not None,
        fields=OUTCOME_WORDS,
        last_year=service.previous_outcomes(return_).get(partnership_id),
        previous_year=_previous_year(return_),
        register_problems=register_problems,
    )


def _previous_year(return_: Return) -> str | None:
    """The academic year of the force's previous return, as 2024/25."""
    earlier = service.previous_return(return_)
    return earlier.collection.outcomes_year.label if earlier else None


@bp.route("/outcomes")
@roles(Role.POLICE)
def outcomes_list(return_id: int) -> Any:
    """Every partnership with where its outcomes stand, a page at a time."""
    return_ = _load(return_id)
    entries = register_entries(return_)
    pages = max(1, -(-len(entries) // OUTCOMES_PAGE_SIZE))
    page = min(page_number(), pages)
    shown = entries[(page - 1) * OUTCOMES_PAGE_SIZE : page * OUTCOMES_PAGE_SIZE]
    return _render(
        "outcomes_list.html",
        return_,
        entries=shown,
        total=len(entries),
        statuses={e.partnership_id: outcome_status(return_, e.partnership_id) for e in shown},
        pagination=pagination(page, pages, url_for(".outcomes_list", return_id=return_.id), {}),
    )


@bp.route("/declaration")
@roles(Role.POLICE)
def declaration(return_id: int) -> Response:
    """The declaration is made on check your answers now; old links lead there."""
    return redirect(_check_url(_load(return_id), "declaration"))


def _explanations(return_: Return) -> dict[int, str]:
    """The explanations typed on the check answers page, by finding id (only those sent)."""
    return {
        finding.id: request.form[f"explanation-{finding.id}"]
        for finding in return_.findings
        if finding.level == Level.QUERY and f"explanation-{finding.id}" in request.form
    }


def _declaration() -> Declaration:
    """The declaration as typed on check your answers."""
    return Declaration(
        name=request.form.get("declarant_name", ""),
        role=request.form.get("declarant_role", ""),
        declared=request.form.get("declared") == "yes",
    )


@bp.route("/check-your-answers", methods=["GET", "POST"])
@roles(Role.POLICE)
def check_answers(return_id: int) -> Any:
    """Everything the return will report, what stops it being submitted, the declaration and
    the submit button; the return as submitted once it is."""
    return_ = _load(return_id)
    errors: list[dict[str, str]] = []
    field_errors: dict[str, str] = {}
    typed: dict[int, str] = {}
    declaration = Declaration(current_user.name, "", False)
    stale = False
    form = CheckAnswersForm()
    if request.method == "POST" and not return_.is_editable:
        return _locked(return_)
    if form.validate_on_submit():
        typed = _explanations(return_)
        declaration = _declaration()
        too_long = service.explanation_problems(typed)
        if too_long:
            field_errors = {f"explanation-{i}": m for i, m in too_long.items()}
            errors = [{"text": m, "href": f"#{key}"} for key, m in field_errors.items()]
        else:
            try:
                service.save_explanations(return_, typed, form.loaded_version(), current_user)
                if form.action.data == "submit":
                    state = service.submit(return_, current_user, return_.version, declaration)
                    if return_.status == ReturnStatus.SUBMITTED:
                        return redirect(url_for(".confirmation", return_id=return_.id))
                    errors, field_errors = _blocking(return_, declaration, state.unexplained)
                else:
                    commit_or_stale()
                    flash(gettext(words.EXPLANATIONS_SAVED), "success")
                    return redirect(_check_url(return_))
            except StaleEditError:
                session.rollback()
                stale, errors, typed = True, _stale_errors("main-content"), {}
    service.refresh_for_display(return_)
    entries = register_entries(return_)
    page = force_check(return_, entries, page_number())
    address = url_for(".check_answers", return_id=return_.id)
    return _render(
        "check_answers.html",
        return_,
        409 if stale else 200,
        form=CheckAnswersForm(formdata=None, version=return_.version),
        errors=errors,
        field_errors=field_errors,
        typed=typed,
        declaration=declaration,
        declaration_text=words.DECLARATION,
        words=words,
        check=page,
        pagination=pagination(page.page, page.pages, address, {}),
        fix_url=fix_url,
        fields=OUTCOME_WORDS,
        model_labels=MODEL_LABELS,
        role_labels=OFFICER_ROLE_LABELS,
        funding_labels=FUNDING_SOURCE_LABELS,
        snapshot=shows_snapshot(return_),
        register_confirmed=service.register_is_confirmed(return_),
    )


def _blocking(
    return_: Return, declaration: Declaration, unexplained: list[Any]
) -> tuple[list[dict[str, str]], dict[str, str]]:
    """The error summary and the field errors for everything that stopped the submission.

    Each item is short and links to what it is about; a query is not repeated in full.
    """
    entries = register_entries(return_)
    items: list[dict[str, str]] = []
    field_errors: dict[str, str] = {}
    waiting = {finding.id for finding in unexplained}
    views = finding_views(return_, entries)
    unanswered = [view for view in views if view.is_unanswered]
    if len(unanswered) > 1:
        text = ngettext(
            "Give the outcomes for %(num)s partnership",
            "Give the outcomes for %(num)s partnerships",
            len(unanswered),
        )
        items.append({"text": text, "href": fix_url(unanswered[0], return_)})
    for view in views:
        if view.is_unanswered and len(unanswered) > 1:
            continue
        if view.finding.level == Level.ERROR:
            items.append({"text": view.text, "href": fix_url(view, return_)})
        elif view.finding.id in waiting:
            key = f"explanation-{view.finding.id}"
            field_errors[key] = gettext(words.EXPLANATION_MISSING)
            about = view.entry.label if view.entry else gettext(words.ABOUT_THE_REGISTER)
            page = page_of(view.finding.subject, entries)
            href = url_for(".check_answers", return_id=return_.id, page=page) if page > 1 else ""
            items.append(
                {"text": gettext(words.EXPLAIN_THE_QUERY, about=about), "href": f"{href}#{key}"}
            )
    for name, message in declaration_errors(declaration).items():
        field_errors[name] = message
        items.append({"text": message, "href": f"#{name}"})
    return items, field_errors


@bp.route("/confirmation")
@roles(Role.POLICE)
def confirmation(return_id: int) -> Any:
    """The return has been submitted."""
    return_ = _load(return_id)
    if not shows_snapshot(return_):
        return redirect(url_for(".check_answers", return_id=return_.id))
    return _render("confirmation.html", return_)
