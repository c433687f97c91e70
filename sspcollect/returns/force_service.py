"""The force return: the partnerships it concerns, its findings, saving its answers, submitting.

A force return concerns every partnership of the force's register that ran at any time in
the collection's academic year. Its findings are the register rules on those partnerships,
the outcome rules on their counts, and the rules on the return itself; they are refreshed on
every save and whenever the task list or the check answers page is shown while editable.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from flask import abort
from flask_babel import gettext
from sqlalchemy import ColumnElement, delete, func, insert, literal, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from sspcollect import audit
from sspcollect.content import force as words
from sspcollect.content.time import date_and_time
from sspcollect.db import session, utcnow
from sspcollect.models import (
    OUTCOME_FIELDS,
    Collection,
    Partnership,
    PartnershipOutcome,
    PartnershipSchool,
    Return,
    ReturnKind,
    SubmittedPartnership,
    SubmittedPartnershipSchool,
    User,
)
from sspcollect.notify import messages
from sspcollect.register.rules import PARTNERSHIP_FIELDS, check_partnerships, covered_pupils
from sspcollect.returns.service import (
    EXPLANATION_LIMIT,
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
from sspcollect.validation import CATALOGUE, Level, Result, Scope
from sspcollect.validation.force import NUMBER_QUESTIONS
from sspcollect.versioning import check_version, commit_or_stale, no_lost_update

log = logging.getLogger(__name__)

KIND = ReturnKind.FORCE


def subject_for(partnership_id: int) -> str:
    """The finding subject naming a partnership within a force return."""
    return f"partnership:{partnership_id}"


def academic_year(collection: Collection) -> tuple[date, date]:
    """The first and last day of the period the collection's figures describe."""
    return collection.period_start, collection.period_end


def force_code(return_: Return) -> str:
    """The force area whose register the return reports."""
    return return_.organisation.force_area_code or return_.force_area_code


def _concerned(return_: Return) -> ColumnElement[bool]:
    """The partnerships of the force that ran at any time in the academic year."""
    first, last = academic_year(return_.collection)
    return (
        (Partnership.force_area_code == force_code(return_))
        & (Partnership.start_date <= last)
        & or_(Partnership.end_date.is_(None), Partnership.end_date >= first)
    )


def concerned_partnerships(return_: Return) -> list[Partnership]:
    """The live partnerships the return reports on, by reference, with their schools."""
    return list(
        session.scalars(
            select(Partnership)
            .where(_concerned(return_))
            .options(selectinload(Partnership.schools))
            .order_by(Partnership.reference, Partnership.id)
        )
    )


def concerned_count(return_: Return) -> int:
    """How many partnerships ran in the academic year."""
    counted = session.scalar(
        select(func.count()).select_from(Partnership).where(_concerned(return_))
    )
    return counted or 0


def concerned_partnership(return_: Return, partnership_id: int) -> Partnership:
    """One partnership the return reports on; 404 for any other (another force's, say)."""
    found = session.scalar(
        select(Partnership).where(_concerned(return_), Partnership.id == partnership_id)
    )
    if found is None:
        abort(404)
    return found


def outcome_of(return_: Return, partnership_id: int) -> PartnershipOutcome | None:
    """The counts given for one partnership, if any."""
    return next((o for o in return_.outcomes if o.partnership_id == partnership_id), None)


def outcome_values(outcome: PartnershipOutcome | None) -> dict[str, Any]:
    """The values the OUTCOMES rules check: the counts kept, or all None."""
    return {name: getattr(outcome, name) if outcome else None for name in OUTCOME_FIELDS}


def previous_outcomes(return_: Return) -> dict[int, dict[str, Any]]:
    """Each partnership's counts in the force's previous return, for the year-on-year query."""
    previous = previous_return(return_)
    if previous is None:
        return {}
    return {outcome.partnership_id: outcome_values(outcome) for outcome in previous.outcomes}


def register_fingerprint(return_: Return) -> str:
    """A digest of the partnerships the return concerns and their versions.

    Any change to them (a partnership added, changed, ended or its schools changed) gives
    another digest, so a confirmation of the register made before the change no longer holds.
    """
    rows = session.execute(
        select(Partnership.id, Partnership.version)
        .where(_concerned(return_))
        .order_by(Partnership.id)
    )
    return hashlib.sha256(repr([tuple(row) for row in rows]).encode()).hexdigest()


def register_is_confirmed(return_: Return) -> bool:
    """True when the register was confirmed (or a nil return made) and has not changed since.

    A return confirmed before the register was fingerprinted keeps its confirmation.
    """
    if not return_.register_confirmed:
        return False
    if return_.register_fingerprint is None:
        return True
    return return_.register_fingerprint == register_fingerprint(return_)


def force_values(return_: Return, active_partnerships: int) -> dict[str, Any]:
    """The values the FORCE_RETURN rules check."""
    return {
        "register_confirmed": register_is_confirmed(return_),
        "nil_return": return_.nil_return,
        "active_partnerships": active_partnerships,
    }


def current_results(
    return_: Return, partnerships: Sequence[Partnership] | None = None
) -> list[Result]:
    """Every rule that fires on the return as it stands."""
    if partnerships is None:
        partnerships = concerned_partnerships(return_)
    results = check_partnerships(partnerships, return_.collection.reference_date)
    before = previous_outcomes(return_)
    pupils = covered_pupils(partnerships)
    for partnership in partnerships:
        values = outcome_values(outcome_of(return_, partnership.id))
        values["previous"] = before.get(partnership.id)
        values["covered_pupils"] = pupils.get(partnership.id)
        results.extend(CATALOGUE.run(Scope.OUTCOMES, values, subject_for(partnership.id)))
    results.extend(CATALOGUE.run(Scope.FORCE_RETURN, force_values(return_, len(partnerships))))
    return results


def refresh_findings(return_: Return, partnerships: Sequence[Partnership] | None = None) -> None:
    """Make the stored findings match the register, the outcomes and the return (no commit)."""
    sync_findings(return_, current_results(return_, partnerships))


def refresh_for_display(return_: Return) -> None:
    """Refresh an editable return's findings before a page shows them, and keep them.

    Two people opening the page at once may refresh together: the loser's refresh is
    dropped, as the winner stored the same findings.
    """
    if not return_.is_editable:
        return
    refresh_findings(return_)
    if not (session.new or session.dirty or session.deleted):
        return
    try:
        session.commit()
    except (IntegrityError, StaleDataError):
        session.rollback()


def _record(action: str, return_: Return, user: User, **kwargs: Any) -> None:
    """Add an audit event about the return."""
    audit.record(
        action,
        "return",
        return_.id,
        user=user,
        organisation_id=return_.organisation_id,
        collection_id=return_.collection_id,
        **kwargs,
    )


def parse_outcomes(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The counts typed on the outcomes page, read as whole numbers (or Invalid, or None)."""
    return {name: NUMBER_QUESTIONS[name].read(raw.get(name)) for name in OUTCOME_FIELDS}


def blocking_results(values: Mapping[str, Any], subject: str) -> list[Result]:
    """Outcome errors on answers given: an unreadable or impossible count cannot be kept.

    A blank count can be kept for now; its rule stays on the return until it is answered.
    """
    return [
        result
        for result in CATALOGUE.run(Scope.OUTCOMES, values, subject)
        if result.is_error and any(values.get(name) is not None for name in result.rule.fields)
    ]


@no_lost_update()
def save_outcomes(
    return_: Return,
    partnership: Partnership,
    raw: Mapping[str, Any],
    version: int | None,
    user: User,
) -> list[Result]:
    """Keep the counts for one partnership, or return the errors that stop them being kept."""
    require_editable(return_)
    check_version(return_.version, version)
    values = parse_outcomes(raw)
    problems = blocking_results(values, subject_for(partnership.id))
    if problems:
        return problems
    outcome = outcome_of(return_, partnership.id)
    before = outcome_values(outcome)
    if outcome is None:
        outcome = PartnershipOutcome(partnership_id=partnership.id)
        return_.outcomes.append(outcome)
    for name, value in values.items():
        setattr(outcome, name, value)
    touch(return_, user)
    audit.record(
        "outcomes_saved",
        "partnership_outcome",
        f"{return_.id}:{partnership.id}",
        changes=audit.differences(before, values),
        user=user,
        organisation_id=return_.organisation_id,
        collection_id=return_.collection_id,
    )
    refresh_findings(return_)
    commit_or_stale()
    return []


@no_lost_update()
def _register_flags(return_: Return) -> dict[str, bool]:
    """What the audit trail records of a change to the register confirmation or nil return."""
    return {"register_confirmed": return_.register_confirmed, "nil_return": return_.nil_return}


def _set_register_flags(
    return_: Return, user: User, action: str, *, confirmed: bool, nil: bool
) -> None:
    """Set the register confirmation and the nil return, audited and re-checked; commit."""
    before = _register_flags(return_)
    return_.register_confirmed = confirmed
    return_.nil_return = nil
    return_.register_fingerprint = register_fingerprint(return_) if confirmed else None
    touch(return_, user)
    _record(action, return_, user, changes=audit.differences(before, _register_flags(return_)))
    refresh_findings(return_)
    commit_or_stale()


def confirm_register(return_: Return, confirmed: bool, version: int | None, user: User) -> None:
    """Record whether the register is complete and up to date as at the reference date.

    Confirming a register that has partnerships withdraws a nil return made earlier.
    """
    require_editable(return_)
    check_version(return_.version, version)
    _set_register_flags(
        return_,
        user,
        "register_confirmed" if confirmed else "register_not_confirmed",
        confirmed=confirmed,
        nil=False if confirmed else return_.nil_return,
    )


@no_lost_update()
def set_nil_return(return_: Return, nil: bool, version: int | None, user: User) -> list[Result]:
    """Declare (or withdraw) a nil return; refused while any partnership ran in the year."""
    require_editable(return_)
    check_version(return_.version, version)
    active = concerned_count(return_)
    if nil:
        proposed = force_values(return_, active) | {"nil_return": True}
        problems = [
            r for r in CATALOGUE.run(Scope.FORCE_RETURN, proposed) if r.rule.id == "POL-032"
        ]
        if problems:
            return problems
    # A nil return confirms the (empty) register; withdrawing it leaves the register to confirm.
    _set_register_flags(
        return_,
        user,
        "nil_return_made" if nil else "nil_return_withdrawn",
        confirmed=nil,
        nil=nil,
    )
    return []


def explanation_problems(explanations: Mapping[int, str]) -> dict[int, str]:
    """Explanations that are too long to keep, by finding id."""
    return {
        finding_id: gettext(words.EXPLANATION_TOO_LONG)
        for finding_id, text in explanations.items()
        if len(text.strip()) > EXPLANATION_LIMIT
    }


@no_lost_update()
def save_explanations(
    return_: Return, explanations: Mapping[int, str], version: int | None, user: User
) -> None:
    """Keep the explanations that changed (the caller has checked their length)."""
    require_editable(return_)
    check_version(return_.version, version)
    queries = {f.id: f for f in return_.findings if f.level == Level.QUERY}
    for finding_id, text in explanations.items():
        finding = queries.get(finding_id)
        if finding is None or (finding.explanation or "") == text.strip():
            continue
        explain(return_, finding_id, text, user)


def snapshot_register(return_: Return) -> None:
    """Freeze the concerned partnerships and their schools as the return's submitted register.

    One INSERT … SELECT per table; a snapshot from an earlier submission is replaced.
    """
    earlier = select(SubmittedPartnership.id).where(SubmittedPartnership.return_id == return_.id)
    session.execute(
        delete(SubmittedPartnershipSchool).where(
            SubmittedPartnershipSchool.submitted_partnership_id.in_(earlier)
        )
    )
    session.execute(
        delete(SubmittedPartnership).where(SubmittedPartnership.return_id == return_.id)
    )
    columns = ["return_id", "partnership_id", *PARTNERSHIP_FIELDS]
    session.execute(
        insert(SubmittedPartnership).from_select(
            columns,
            select(
                literal(return_.id),
                Partnership.id,
                *(getattr(Partnership, name) for name in PARTNERSHIP_FIELDS),
            ).where(_concerned(return_)),
        )
    )
    snapshot_register_schools([return_.id])


def snapshot_register_schools(return_ids: Sequence[int]) -> None:
    """Freeze the schools of the partnerships just frozen for these returns, with their days
    a week: one INSERT … SELECT for all of them."""
    session.execute(
        insert(SubmittedPartnershipSchool).from_select(
            ["submitted_partnership_id", "school_urn", "days_per_week"],
            select(
                SubmittedPartnership.id,
                PartnershipSchool.school_urn,
                PartnershipSchool.days_per_week,
            )
            .join(
                PartnershipSchool,
                PartnershipSchool.partnership_id == SubmittedPartnership.partnership_id,
            )
            .where(SubmittedPartnership.return_id.in_(return_ids)),
        )
    )


@no_lost_update()
def submit(return_: Return, user: User, version: int | None, declaration: Declaration) -> Readiness:
    """Submit a ready, declared return: freeze its register, record it, email a receipt.

    Returns the readiness; when it is not ready, or the declaration is not made, nothing is
    submitted (the refreshed findings are kept so that the page shows them).
    """
    require_editable(return_)
    check_version(return_.version, version)
    refresh_findings(return_)
    state = readiness(return_)
    if not state.ready or declaration_errors(declaration):
        commit_or_stale()
        return state
    snapshot_register(return_)
    mark_submitted(return_, user, declaration)
    commit_or_stale()
    send_receipt(return_, user)
    return state


def send_receipt(return_: Return, submitted_by: User) -> None:
    """Email the submitted receipt to the force's users, logged; a failure is never raised."""
    submitted_on = return_.submitted_at or utcnow()
    partnerships = session.scalar(
        select(func.count())
        .select_from(SubmittedPartnership)
        .where(SubmittedPartnership.return_id == return_.id)
    )
    try:
        # The copy is built from this module's answers: imported here, not at the top.
        from sspcollect.returns.copy_pdf import copy_attachment

        delivery = messages.send_about_return(
            return_,
            "force_return_submitted",
            copy_in=lambda language: copy_attachment(return_, language),
            submitted_by=declarant(return_) or submitted_by.name,
            submitted_on=date_and_time(submitted_on),
            partnerships=partnerships or 0,
            nil_return=return_.nil_return,
        )
    except Exception:
        log.exception("submitted receipt not sent", extra={"return_id": return_.id})
        return
    if delivery.failed:
        log.error("submitted receipt not sent", extra={"return_id": return_.id})
