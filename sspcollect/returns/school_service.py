"""The school return: reading and saving its answers, its findings and sections, submitting it."""

from __future__ import annotations

import enum
import logging
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from flask_babel import gettext

from sspcollect import audit
from sspcollect.content.forces import force_listed
from sspcollect.content.grammar import join_in_language, join_words
from sspcollect.content.marking import N_
from sspcollect.content.school import WELSH_FORCE_AREA_NAMES
from sspcollect.content.time import date_and_time, long_date
from sspcollect.db import utcnow
from sspcollect.language import is_welsh
from sspcollect.models import (
    CollectionStatus,
    Finding,
    Return,
    ReturnStatus,
    SchoolAnswers,
    User,
)
from sspcollect.notify import messages
from sspcollect.reference.tables import FORCE_AREAS
from sspcollect.returns.school_forms import (
    ANSWER_FIELDS,
    FIELD_LABELS,
    PAGES,
    PARTNERSHIP_FIELDS,
    QuestionPage,
    Section,
)
from sspcollect.returns.service import (
    Declaration,
    Readiness,
    declarant,
    declaration_errors,
    explain,
    mark_submitted,
    previous_return,
    readiness,
    require_editable,
    sync_findings,
    touch,
)
from sspcollect.review.reconcile import reconcile_school
from sspcollect.validation import CATALOGUE, Level, Scope, errors_for_fields
from sspcollect.validation.school import AIMS, HAS_SSP_CHOICES
from sspcollect.validation.values import Invalid
from sspcollect.versioning import check_version, commit_or_stale, no_lost_update

log = logging.getLogger(__name__)

# What the narrow numeric columns can hold; a larger readable number is not saved.
COLUMN_LIMITS = {
    "officer_days_per_week": Decimal(10),
    "attendance_percent": Decimal(1000),
    "persistent_absence_percent": Decimal(1000),
    "pupils_feel_safe_percent": Decimal(1000),
}
# What an integer column holds on PostgreSQL.
INTEGER_LIMIT = 2**31


class TaskStatus(enum.StrEnum):
    """Where a section of the return stands, as its task list shows it."""

    NOT_STARTED = N_("Not yet started")
    IN_PROGRESS = N_("In progress")
    COMPLETED = N_("Completed")
    CANNOT_START = N_("Cannot start yet")


# The forces by their own names ("Metropolitan Police Service", as the queries name them),
# code to name in name order, for the forces of the compiled reference tables that the
# force_areas table is loaded from (no page of the service changes a force's name).
FORCE_NAMES = dict(
    sorted(
        ((row.code, force_listed(row.code, row.name)) for row in FORCE_AREAS),
        key=lambda item: item[1],
    )
)
# The answers reconciliation reads: a save that changes neither leaves it as it was.
RECONCILED_ANSWERS = ("has_ssp", "ssp_force_code")


def force_names() -> dict[str, str]:
    """The 43 police forces, code to name, in name order; in Welsh, the four Welsh forces by
    their Welsh names ("Heddlu De Cymru")."""
    if not is_welsh():
        return dict(FORCE_NAMES)
    named = {
        code: f"Heddlu {WELSH_FORCE_AREA_NAMES[code]}" if code in WELSH_FORCE_AREA_NAMES else name
        for code, name in FORCE_NAMES.items()
    }
    return dict(sorted(named.items(), key=lambda item: item[1]))


def answer_values(return_: Return) -> dict[str, Any]:
    """The return's answers keyed as the rules read them (None for each unanswered one)."""
    return values_of(return_.school_answers)


def values_of(answers: SchoolAnswers | None) -> dict[str, Any]:
    """A row of answers keyed as the rules read them (None for each unanswered one)."""
    values = {name: getattr(answers, name) if answers else None for name in ANSWER_FIELDS}
    if values["aims"] is not None:
        values["aims"] = list(values["aims"])
    return values


def previous_answers(return_: Return) -> SchoolAnswers | None:
    """The answers of the school's return in the latest earlier collection, if it has any."""
    earlier = previous_return(return_)
    return earlier.school_answers if earlier else None


def applies(page: QuestionPage, values: Mapping[str, Any]) -> bool:
    """True when the page is asked: partnership questions only of schools that have one."""
    return not page.partnership_only or values.get("has_ssp") == "yes"


def applicable_pages(values: Mapping[str, Any]) -> list[QuestionPage]:
    """The question pages this school is asked, in order."""
    return [page for page in PAGES if applies(page, values)]


def next_page(page: QuestionPage, values: Mapping[str, Any]) -> QuestionPage | None:
    """The page after page, or None at the end."""
    later = PAGES[PAGES.index(page) + 1 :]
    return next((p for p in later if applies(p, values)), None)


def previous_page(page: QuestionPage, values: Mapping[str, Any]) -> QuestionPage | None:
    """The page before page, or None at the start."""
    earlier = reversed(PAGES[: PAGES.index(page)])
    return next((p for p in earlier if applies(p, values)), None)


def page_answered(page: QuestionPage, values: Mapping[str, Any]) -> bool:
    """True when every answer on page has been given (a blank comment counts once saved)."""
    if page.slug == "feeling-safe":
        return values.get("pupils_feel_safe_percent") is not None or bool(
            values.get("feel_safe_not_surveyed")
        )
    if page.slug == "partnership-model":
        # The description is asked only of a partnership that works in another way.
        return values.get("ssp_model") is not None
    return all(values.get(name) is not None for name in page.fields)


def with_page_answers(values: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any]:
    """values with a page's answers in.

    Answering "No" to the partnership question keeps the partnership answers, set aside:
    nothing typed is lost until the return is submitted (see `discard_set_aside`).
    """
    return {**values, **answers}


def set_aside(values: Mapping[str, Any]) -> list[str]:
    """The partnership answers kept but not asked now, because the school has no partnership."""
    if values.get("has_ssp") == "yes":
        return []
    return [name for name in PARTNERSHIP_FIELDS if values.get(name) not in (None, "", [])]


def set_aside_words(names: list[str]) -> str:
    """The set-aside answers in words, in the page's language: "police force, how the
    partnership works and comments"."""
    return join_in_language((gettext(FIELD_LABELS[name]).lower() for name in names), is_welsh())


def discard_set_aside(return_: Return, user: User) -> None:
    """Remove the set-aside partnership answers, as the return is submitted, and record it."""
    row = return_.school_answers
    names = set_aside(answer_values(return_))
    if row is None or not names:
        return
    before = {name: getattr(row, name) for name in names}
    for name in names:
        setattr(row, name, None)
    answer = HAS_SSP_CHOICES.get(str(row.has_ssp), "not answered").lower()
    # The audit log is kept in English, whatever language the school submitted in.
    english_names = join_words(FIELD_LABELS[name].lower() for name in names)
    audit.record(
        "set_aside_answers_discarded",
        "return",
        return_.id,
        changes=audit.differences(before, dict.fromkeys(names)),
        comment=(
            f"The school answered \u2018{answer}\u2019 to having a Safer School Partnership, "
            f"so its answers about a partnership ({english_names}) were removed "
            "when the return was submitted."
        ),
        user=user,
        organisation_id=return_.organisation_id,
        collection_id=return_.collection_id,
    )


def page_errors(
    page: QuestionPage, values: Mapping[str, Any], answers: Mapping[str, Any]
) -> dict[str, str]:
    """The errors in a page's answers, by field, checked with the rest of the return."""
    results = CATALOGUE.run(Scope.SCHOOL_RETURN, with_page_answers(values, answers))
    return errors_for_fields(results, page.fields)


def storable(name: str, value: Any) -> bool:
    """True when an answer was readable and fits where it is kept."""
    if isinstance(value, Invalid):
        return False
    if name == "aims":
        return all(aim in AIMS for aim in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return abs(value) < INTEGER_LIMIT
    limit = COLUMN_LIMITS.get(name)
    return limit is None or value is None or abs(value) < limit


def save_answers(
    return_: Return, answers: Mapping[str, Any], user: User, loaded_version: int | None
) -> list[str]:
    """Save a page's readable answers; the names of those that could not be kept."""
    require_editable(return_)
    check_version(return_.version, loaded_version)
    with no_lost_update():
        # Load what the save touches first, so that nothing is flushed half-changed.
        before = answer_values(return_)
        list(return_.findings)
        kept = {name: value for name, value in answers.items() if storable(name, value)}
        after = with_page_answers(before, kept)
        touch(return_, user)
        row = return_.school_answers
        if row is None:
            row = SchoolAnswers()
            return_.school_answers = row
        for name in ANSWER_FIELDS:
            setattr(row, name, after[name])
        audit.record(
            "school_answers_saved",
            "return",
            return_.id,
            changes=audit.differences(before, after),
            user=user,
            organisation_id=return_.organisation_id,
            collection_id=return_.collection_id,
        )
        changed = any(before[name] != after[name] for name in RECONCILED_ANSWERS)
        refresh_findings(return_, after, reconcile=changed)
        commit_or_stale()
    return [name for name in answers if name not in kept]


def refresh_findings(
    return_: Return, values: Mapping[str, Any] | None = None, *, reconcile: bool = True
) -> None:
    """Make the return's school findings those of its answers now, and re-check reconciliation.

    Year-on-year queries compare with the school's previous return; findings of other scopes
    are kept by sync_findings. reconcile=False leaves reconciliation alone: for a save that
    changed none of RECONCILED_ANSWERS (register changes re-check it from the force's side).
    """
    if values is None:
        values = answer_values(return_)
    previous = previous_answers(return_)
    school = return_.organisation.school
    checked = {
        **values,
        "previous": values_of(previous) if previous else None,
        "school_phase": school.phase if school else None,
        "school_name": school.name if school else None,
    }
    results = CATALOGUE.run(Scope.SCHOOL_RETURN, checked)
    sync_findings(return_, results, scopes={Scope.SCHOOL_RETURN})
    if not reconcile:
        return
    urn = return_.organisation.school_urn
    if urn is not None:
        reconcile_school(return_.collection_id, urn)


def error_fields(findings: list[Finding]) -> set[str]:
    """The answers named by the error findings."""
    known = {rule.id: rule for rule in CATALOGUE}
    return {
        name
        for finding in findings
        if finding.level == Level.ERROR and finding.rule_id in known
        for name in known[finding.rule_id].fields
    }


def section_status(return_: Return, section: Section) -> TaskStatus:
    """Whether a section is not started, in progress, or completed without errors."""
    values = answer_values(return_)
    pages = [page for page in applicable_pages(values) if page.section is section]
    answered = [page_answered(page, values) for page in pages]
    if not any(answered):
        return TaskStatus.NOT_STARTED
    fields = {name for page in pages for name in page.fields}
    if all(answered) and not fields & error_fields(return_.findings):
        return TaskStatus.COMPLETED
    return TaskStatus.IN_PROGRESS


def resume_page(return_: Return, section: Section) -> QuestionPage:
    """Where to pick a section up: its first page not yet answered (or with an error), else
    its first page."""
    values = answer_values(return_)
    pages = [page for page in applicable_pages(values) if page.section is section]
    wrong = error_fields(return_.findings)
    for page in pages:
        if not page_answered(page, values) or set(page.fields) & wrong:
            return page
    return pages[0]


def page_for_field(name: str, values: Mapping[str, Any]) -> QuestionPage:
    """The page that asks for an answer (the first page asked, if the answer is not)."""
    asked = applicable_pages(values)
    return next((page for page in asked if name in page.fields), asked[0])


def locked_message(return_: Return) -> str:
    """Why the school can no longer change the return."""
    if return_.status == ReturnStatus.ACCEPTED:
        return gettext("This return has been accepted. It can no longer be changed.")
    if return_.status == ReturnStatus.SUBMITTED and return_.submitted_at is not None:
        return gettext(
            "You submitted this return on %(submitted)s. You cannot change it now.",
            submitted=date_and_time(return_.submitted_at),
        )
    if return_.collection.status == CollectionStatus.DRAFT:
        return gettext("This collection has not opened yet, so the return cannot be changed.")
    if return_.collection.is_open and not return_.collection.has_opened:
        return gettext(
            "This collection opens on %(opens)s. You can start your return then.",
            opens=return_.collection.opens_on_words,
        )
    return gettext(
        "This collection closed on %(closed)s, so the return can no longer be changed. "
        "Contact us if you need it reopened.",
        closed=long_date(return_.collection.closes_on),
    )


def submit(
    return_: Return,
    user: User,
    loaded_version: int | None,
    explanations: Mapping[int, str],
    declaration: Declaration,
) -> Readiness:
    """Keep the explanations given and submit the return if nothing stands in its way.

    Returns the readiness: the return is submitted when it is ready and the declaration is
    made. The receipt is emailed after the submission is committed; a mail failure never
    undoes it.
    """
    require_editable(return_)
    check_version(return_.version, loaded_version)
    with no_lost_update():
        refresh_findings(return_)
        for finding in list(return_.findings):
            text = explanations.get(finding.id) if finding.id is not None else None
            if finding.level != Level.QUERY or text is None:
                continue
            if text.strip() != (finding.explanation or ""):
                explain(return_, finding.id, text, user)
        state = readiness(return_)
        submitting = state.ready and not declaration_errors(declaration)
        if submitting:
            discard_set_aside(return_, user)
            mark_submitted(return_, user, declaration)
        commit_or_stale()
    if submitting:
        send_receipts(return_)
    return state


def send_receipts(return_: Return) -> int:
    """Email the submitted receipt to the school's active users, logged; how many were sent.

    The return is submitted whatever happens to the email: a failure is logged, never raised.
    """
    submitted_on = date_and_time(return_.submitted_at or utcnow())
    try:
        # The copy is built from this module's answers: imported here, not at the top.
        from sspcollect.returns.copy_pdf import copy_attachment

        delivery = messages.send_about_return(
            return_,
            "return_submitted",
            copy_in=lambda language: copy_attachment(return_, language),
            submitted_on=submitted_on,
            submitted_by=declarant(return_) or "",
        )
    except Exception:
        log.exception("could not send the submitted receipt", extra={"return_id": return_.id})
        return 0
    if delivery.failed:
        log.error("could not send the submitted receipt", extra={"return_id": return_.id})
    return len(delivery.sent)
