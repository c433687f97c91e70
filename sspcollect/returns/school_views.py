"""The school return journey: overview, question pages, check your answers, confirmation."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from markupsafe import Markup, escape
from werkzeug.wrappers import Response

from sspcollect.accounts.access import roles
from sspcollect.content import school as words
from sspcollect.content.fields import SCHOOL_FIELDS
from sspcollect.content.time import date_and_time, long_date
from sspcollect.models import STATUS_LABELS, Finding, Return, ReturnKind, ReturnStatus, Role, User
from sspcollect.returns import school_service as service
from sspcollect.returns.school_forms import (
    NONE_OF_THESE,
    PAGES,
    PAGES_BY_SLUG,
    SECTION_TITLES,
    QuestionPage,
    Section,
    answer_text,
    choices_shown,
    label,
    model_hints_shown,
    read_page,
    section_caption,
    shown,
)
from sspcollect.returns.service import (
    EXPLANATION_LIMIT,
    Declaration,
    NotEditableError,
    Readiness,
    declaration_errors,
    load_return,
    previous_return,
)
from sspcollect.validation import CATALOGUE, Level
from sspcollect.validation.school import COMMENTS_LIMIT
from sspcollect.validation.values import whole_number
from sspcollect.versioning import StaleEditError

bp = Blueprint("school_returns", __name__, url_prefix="/returns/<int:return_id>/school")

ViewResult = str | tuple[str, int] | Response


def _user() -> User:
    """The signed-in user."""
    user: User = current_user._get_current_object()
    return user


def _load(return_id: int) -> Return:
    """The school's own return, or 404."""
    return load_return(return_id, _user(), kind=ReturnKind.SCHOOL)


def _version() -> int | None:
    """The version of the return the submitted page was shown with."""
    version = whole_number(request.form.get("version"))
    return version if isinstance(version, int) else None


def _page_url(return_: Return, page: QuestionPage, **args: Any) -> str:
    """The address of a question page of the return."""
    return url_for(".question", return_id=return_.id, slug=page.slug, **args)


@bp.route("")
@roles(Role.SCHOOL)
def overview(return_id: int) -> str:
    """The return's start page: status, deadline and the task list of its sections.

    Each section's link picks it up where the school left off.
    """
    return_ = _load(return_id)
    tasks = []
    for section in Section:
        status = service.section_status(return_, section)
        tasks.append(
            {
                "title": gettext(SECTION_TITLES[section]),
                "href": _page_url(return_, service.resume_page(return_, section)),
                "status": status,
                "status_text": gettext(status),
            }
        )
    ready_to_check = all(task["status"] is service.TaskStatus.COMPLETED for task in tasks)
    return render_template(
        "returns/school/overview.html",
        return_=return_,
        tasks=tasks,
        ready_to_check=ready_to_check,
        deadline=long_date(return_.deadline)
        + (gettext(words.DEADLINE_EXTENDED) if return_.deadline_extended_to else ""),
        submitted_on=_submitted_on(return_),
        locked_message=None if return_.is_editable else service.locked_message(return_),
    )


@bp.route("/<slug>", methods=["GET", "POST"])
@roles(Role.SCHOOL)
def question(return_id: int, slug: str) -> ViewResult:
    """One question page: show it, or save its answers and go on."""
    return_ = _load(return_id)
    page = PAGES_BY_SLUG.get(slug)
    if page is None:
        abort(404)
    values = service.answer_values(return_)
    if not service.applies(page, values):
        return redirect(_page_url(return_, PAGES[0]))
    if not return_.is_editable:
        return _read_only(return_, page, refused=request.method == "POST")
    if request.method == "GET":
        return _question(return_, page, values)
    answers = read_page(page, request.form, service.force_names())
    try:
        if request.form.get("action") == "later":
            skipped = service.save_answers(return_, answers, _user(), _version())
            _flash_saved(return_, skipped)
            return redirect(url_for("pages.school_home"))
        field_errors = service.page_errors(page, values, answers)
        if field_errors:
            return _question(return_, page, {**values, **answers}, field_errors)
        service.save_answers(return_, answers, _user(), _version())
        _flash_set_aside(return_, page)
    except StaleEditError:
        stale = [{"text": gettext(StaleEditError.MESSAGE), "href": f"#{page.fields[0]}"}]
        return _question(return_, page, service.answer_values(return_), errors=stale), 409
    except NotEditableError:
        return _read_only(return_, page, refused=True)
    return redirect(_after(return_, page))


def _country(return_: Return) -> str:
    """'wales' for a Welsh school (its local authority code starts W), 'england' otherwise."""
    return "wales" if (return_.la_code or "").startswith("W") else "england"


def _last_year(return_: Return) -> tuple[str | None, dict[str, str]]:
    """The academic year of the school's previous return and its figures in words, by field."""
    earlier = previous_return(return_)
    answers = earlier.school_answers if earlier else None
    if earlier is None or answers is None:
        return None, {}
    values = service.values_of(answers)
    forces = service.force_names()
    given = {
        name: answer_text(name, value, forces)
        for name, value in values.items()
        if value is not None and SCHOOL_FIELDS.get(name) and SCHOOL_FIELDS[name].is_figure
    }
    if values.get("feel_safe_not_surveyed") and values.get("pupils_feel_safe_percent") is None:
        given["pupils_feel_safe_percent"] = gettext(words.NOT_SURVEYED).lower()
    return earlier.collection.outcomes_year.label, given


def _question(
    return_: Return,
    page: QuestionPage,
    values: dict[str, Any],
    field_errors: dict[str, str] | None = None,
    errors: list[dict[str, str]] | None = None,
) -> str:
    """Render a question page with values (as typed, when re-shown) and any errors."""
    field_errors = field_errors or {}
    if errors is None:
        errors = [
            {"text": field_errors[name], "href": f"#{name}"}
            for name in page.fields
            if name in field_errors
        ]
    change = request.args.get("change") == "yes"
    previous = service.previous_page(page, values)
    if change:
        back = url_for(".check_answers", return_id=return_.id)
    elif previous is not None:
        back = _page_url(return_, previous)
    else:
        back = url_for(".overview", return_id=return_.id)
    year, last_year = _last_year(return_) if page.section is Section.FIGURES else (None, {})
    collection = return_.collection
    return render_template(
        f"returns/school/{page.slug.replace('-', '_')}.html",
        return_=return_,
        page=page,
        section_title=section_caption(page.section, return_.collection),
        values={name: shown(values.get(name)) for name in page.fields},
        field_errors=field_errors,
        errors=errors,
        version=return_.version,
        back_url=back,
        change=change,
        forces=service.force_names(),
        choices=choices_shown(),
        model_hints=model_hints_shown(),
        none_of_these=NONE_OF_THESE,
        no_aims=gettext(words.NO_AIMS),
        fields=_figure_words(return_, page),
        comments_limit=COMMENTS_LIMIT,
        figures_as_reported=gettext(
            words.FIGURES_AS_REPORTED[_country(return_)],
            year=collection.outcomes_year.label,
            period=collection.period_words,
        ),
        previous_year=year,
        last_year=last_year,
        kept_answers=_kept_words(values),
    )


def _figure_words(return_: Return, page: QuestionPage) -> dict[str, dict[str, str]]:
    """The label and hint of each figure on page, in the page's language; a school in Wales
    reads its hints in the terms it uses with the Welsh Government."""
    wales = _country(return_) == "wales"
    return {
        name: {
            "label": label(name),
            "hint": gettext(
                words.WALES_HINTS.get(name, SCHOOL_FIELDS[name].hint)
                if wales
                else SCHOOL_FIELDS[name].hint
            ),
        }
        for name in page.fields
        if name in SCHOOL_FIELDS and SCHOOL_FIELDS[name].hint
    }


def _kept_words(values: dict[str, Any]) -> str:
    """The partnership answers kept, in words, whether or not they are set aside now."""
    kept = service.set_aside({**values, "has_ssp": "no"})
    return service.set_aside_words(kept) if kept else ""


def _after(return_: Return, page: QuestionPage) -> str:
    """Where to go after a page is saved: on through the questions, or back to the check page."""
    values = service.answer_values(return_)
    following = service.next_page(page, values)
    if request.args.get("change") == "yes":
        # A changed answer may open new questions (a partnership after all): ask those only.
        while following is not None and service.page_answered(following, values):
            following = service.next_page(following, values)
        if following is not None:
            return _page_url(return_, following, change="yes")
    if following is None or request.args.get("change") == "yes":
        return url_for(".check_answers", return_id=return_.id)
    return _page_url(return_, following)


def _flash_set_aside(return_: Return, page: QuestionPage) -> None:
    """Tell the school, as it answers "No", that its partnership answers are kept aside."""
    if page.slug != PAGES[0].slug:
        return
    names = service.set_aside(service.answer_values(return_))
    if names:
        flash(
            gettext(
                "Your answers about the partnership (%(answers)s) are set aside. They will be "
                "removed when you submit the return, unless you answer \u2018Yes\u2019 to "
                "having a partnership again.",
                answers=service.set_aside_words(names),
            ),
            "success",
        )


def _flash_saved(return_: Return, skipped: list[str]) -> None:
    """Tell the school its answers were saved, and which could not be read."""
    flash(gettext(words.SAVED, deadline=long_date(return_.deadline)), "success")
    if skipped:
        names = ", ".join(label(name).lower() for name in skipped)
        flash(gettext(words.NOT_READ, names=names))


def _read_only(return_: Return, page: QuestionPage, refused: bool) -> tuple[str, int]:
    """A question page of a return that can no longer be changed: its answers, no inputs."""
    values = service.answer_values(return_)
    return render_template(
        "returns/school/read_only.html",
        return_=return_,
        page=page,
        section_title=section_caption(page.section, return_.collection),
        rows=_rows(return_, [page], values, editable=False),
        locked_message=service.locked_message(return_),
    ), (409 if refused else 200)


def _rows(
    return_: Return,
    pages: list[QuestionPage],
    values: dict[str, Any],
    editable: bool,
    last_year: tuple[str | None, dict[str, str]] = (None, {}),
) -> list[dict[str, Any]]:
    """Summary list rows for the answers on pages, with last year's figure under this year's
    and Change links when editable."""
    forces = service.force_names()
    year, before = last_year
    rows = []
    for page in pages:
        for name in page.fields:
            if name == "feel_safe_not_surveyed":
                continue
            if name == "ssp_model_description" and not values.get(name):
                continue
            value = values.get(name)
            if name == "pupils_feel_safe_percent" and values.get("feel_safe_not_surveyed"):
                text = gettext(words.NOT_SURVEYED)
            else:
                text = answer_text(name, value, forces)
            # Comments and lists keep their line breaks.
            lines = Markup("<br>").join(escape(line) for line in text.split("\n"))
            if year and name in before:
                lines += Markup('<span class="app-secondary-text">{}: {}</span>').format(
                    year, before[name]
                )
            row: dict[str, Any] = {"key": {"text": label(name)}, "value": {"html": lines}}
            if editable:
                href = _page_url(return_, page, change="yes") + f"#{name}"
                hidden = label(name).lower()
                row["actions"] = {
                    "items": [
                        {"href": href, "text": gettext("Change"), "visuallyHiddenText": hidden}
                    ]
                }
            rows.append(row)
    return rows


def _problems(return_: Return, values: dict[str, Any]) -> list[dict[str, str]]:
    """The errors still in the return, each linked to the answer to fix."""
    problems = []
    for finding in return_.findings:
        if finding.level != Level.ERROR:
            continue
        field = CATALOGUE[finding.rule_id].fields[0]
        page = service.page_for_field(field, values)
        href = _page_url(return_, page, change="yes") + f"#{field}"
        problems.append({"text": finding.message, "href": href})
    return problems


def _question_of(finding: Finding) -> str:
    """The question a query asks (a query kept before questions were asked gets its rule's)."""
    return finding.question or CATALOGUE[finding.rule_id].question or finding.message


def _section_of(finding: Finding) -> Section:
    """The section of the return a query is about (reconciliation: the partnership)."""
    field = CATALOGUE[finding.rule_id].fields[0]
    page = next((page for page in PAGES if field in page.fields), PAGES[0])
    return page.section


def _declaration() -> Declaration:
    """The declaration as typed on check your answers."""
    return Declaration(
        name=request.form.get("declarant_name", ""),
        role=request.form.get("declarant_role", ""),
        declared=request.form.get("declared") == "yes",
    )


def _blockers(
    return_: Return, state: Readiness, values: dict[str, Any], declaration: Declaration
) -> tuple[list[dict[str, str]], dict[str, str]]:
    """Everything that stopped the submission, for the error summary, and the field errors."""
    errors = _problems(return_, values)
    field_errors: dict[str, str] = {}
    for finding in state.unexplained:
        key = f"explanation-{finding.id}"
        field_errors[key] = gettext(words.EXPLANATION_MISSING)
        errors.append(
            {
                "text": gettext(words.ANSWER_THE_QUESTION, question=_question_of(finding)),
                "href": f"#{key}",
            }
        )
    for name, message in declaration_errors(declaration).items():
        field_errors[name] = message
        errors.append({"text": message, "href": f"#{name}"})
    return errors, field_errors


@bp.route("/check-your-answers", methods=["GET", "POST"])
@roles(Role.SCHOOL)
def check_answers(return_id: int) -> ViewResult:
    """Every answer with Change links, the queries beside their answers, the declaration and
    the Submit button."""
    return_ = _load(return_id)
    if request.method == "GET":
        return _check_page(return_, declaration=Declaration(_user().name, "", False))
    if not return_.is_editable:
        return _check_page(return_, locked=True), 409
    queries = [f for f in return_.findings if f.level == Level.QUERY]
    # Only what was sent: a box left out of the form leaves its explanation as it was.
    typed = {
        f.id: request.form[f"explanation-{f.id}"]
        for f in queries
        if f"explanation-{f.id}" in request.form
    }
    declaration = _declaration()
    too_long = {
        f"explanation-{f.id}": gettext(words.EXPLANATION_TOO_LONG, question=_question_of(f))
        for f in queries
        if len(typed.get(f.id, "").strip()) > EXPLANATION_LIMIT
    }
    if too_long:
        errors = [{"text": text, "href": f"#{key}"} for key, text in too_long.items()]
        return _check_page(return_, errors, typed, declaration=declaration, fields=too_long)
    try:
        state = service.submit(return_, _user(), _version(), typed, declaration)
    except StaleEditError:
        return _check_page(return_, errors=[_stale_error()], declaration=declaration), 409
    except NotEditableError:
        return _check_page(return_, locked=True), 409
    if return_.status == ReturnStatus.SUBMITTED:
        return redirect(url_for(".confirmation", return_id=return_.id))
    values = service.answer_values(return_)
    errors, fields = _blockers(return_, state, values, declaration)
    return _check_page(return_, errors, typed, declaration=declaration, fields=fields)


def _stale_error() -> dict[str, str]:
    """The error summary item for a save refused because someone else saved first."""
    return {"text": gettext(StaleEditError.MESSAGE), "href": "#answers"}


def _check_page(
    return_: Return,
    errors: list[dict[str, str]] | None = None,
    typed: dict[int, str] | None = None,
    locked: bool = False,
    declaration: Declaration | None = None,
    fields: dict[str, str] | None = None,
) -> str:
    """Render the check-your-answers page (read-only once the return cannot be changed)."""
    values = service.answer_values(return_)
    editable = return_.is_editable
    asked = service.applicable_pages(values)
    typed = typed or {}
    fields = fields or {}
    last_year = _last_year(return_)
    queries = [
        {
            "id": f"explanation-{finding.id}",
            "question": _question_of(finding),
            "finding": finding,
            "value": typed.get(finding.id, finding.explanation or ""),
            "error": fields.get(f"explanation-{finding.id}"),
            "section": _section_of(finding),
        }
        for finding in return_.findings
        if finding.level == Level.QUERY
    ]
    sections = [
        {
            "title": gettext(SECTION_TITLES[section]),
            "rows": _rows(
                return_, [p for p in asked if p.section is section], values, editable, last_year
            ),
            "queries": [query for query in queries if query["section"] is section],
        }
        for section in Section
    ]
    return render_template(
        "returns/school/check_answers.html",
        return_=return_,
        sections=sections,
        problems=_problems(return_, values),
        queries=queries,
        errors=errors or [],
        editable=editable,
        version=return_.version,
        explanation_limit=EXPLANATION_LIMIT,
        locked_message=None if editable else service.locked_message(return_),
        refused=locked,
        declaration=declaration or Declaration(_user().name, "", False),
        declaration_text=gettext(words.DECLARATION),
        field_errors=fields,
        query_guidance=gettext(words.QUERY_GUIDANCE),
        set_aside=service.set_aside_words(service.set_aside(values)) if editable else "",
        restore_url=_page_url(return_, PAGES[0], change="yes"),
    )


@bp.route("/confirmation")
@roles(Role.SCHOOL)
def confirmation(return_id: int) -> ViewResult:
    """The confirmation page after submitting: what happens next."""
    return_ = _load(return_id)
    if return_.status not in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED):
        return redirect(url_for(".overview", return_id=return_.id))
    return render_template("returns/school/confirmation.html", return_=return_)


def _submitted_on(return_: Return) -> str | None:
    """When the return was submitted, in words (UK time)."""
    if return_.submitted_at is None:
        return None
    return date_and_time(return_.submitted_at)


@bp.app_template_global()
def return_status_label(status: str) -> str:
    """A return's status in words ("In progress"), for any page that lists returns, in the
    page's language."""
    try:
        return gettext(STATUS_LABELS[ReturnStatus(status)])
    except ValueError:
        return status
