"""The force side of the national demo: each force's return in a collection, answered.

A force return reports on every partnership of its register that ran at any time in the
collection's academic year (as `returns.force_service` decides). Each force answers as a
coordinator would: the register confirmed, counts for every partnership (a return still in
progress has a few left blank), the register frozen as submitted once the return is
submitted, findings from the real rule catalogue with every query explained. A force with no
partnership that year makes a nil return.

Counts come from a generator seeded by the partnership, moved a little each year and scaled
by the schools it covers, so that year-on-year queries fire only now and then.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, or_, select
from sqlalchemy.orm import selectinload

from sspcollect.db import session, utcnow
from sspcollect.demo.bulk import dealt, insert_rows
from sspcollect.models import (
    OUTCOME_FIELDS,
    Collection,
    Partnership,
    PartnershipOutcome,
    PartnershipSchool,
    Return,
    ReturnKind,
    ReturnStatus,
    School,
    SubmittedPartnership,
)
from sspcollect.register.rules import (
    PARTNERSHIP_FIELDS,
    covered_pupils,
    partnership_values,
    school_facts,
    subject_of,
)
from sspcollect.returns import force_service
from sspcollect.returns.service import sync_findings
from sspcollect.validation import CATALOGUE, Level, Result, Scope

EXPLANATION = "Checked against the force's own records; the figure is correct."
# Where the forces had got a fortnight before the deadline of the open collection.
OPEN_MIX: tuple[tuple[ReturnStatus, float], ...] = (
    (ReturnStatus.NOT_STARTED, 8),
    (ReturnStatus.IN_PROGRESS, 8),
    (ReturnStatus.SUBMITTED, 10),
    (ReturnStatus.ACCEPTED, 12),
    (ReturnStatus.RETURNED, 5),
)
# A closed collection: nearly every force accepted, one submitted too late to be reviewed.
CLOSED_MIX: tuple[tuple[ReturnStatus, float], ...] = (
    (ReturnStatus.ACCEPTED, 42),
    (ReturnStatus.SUBMITTED, 1),
)
SUBMITTED = frozenset({ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED, ReturnStatus.RETURNED})


def concerned(collection: Collection) -> dict[str, list[tuple[int, int, int]]]:
    """Each force's partnerships that ran in the collection's academic year, with their
    schools and pupils: force → [(partnership id, schools covered, pupils on roll)]."""
    first, last = collection.period_start, collection.period_end
    schools = (
        select(
            PartnershipSchool.partnership_id,
            func.count().label("schools"),
            func.coalesce(func.sum(School.pupils), 0).label("pupils"),
        )
        .join(School, School.urn == PartnershipSchool.school_urn)
        .group_by(PartnershipSchool.partnership_id)
        .subquery()
    )
    rows = session.execute(
        select(Partnership.force_area_code, Partnership.id, schools.c.schools, schools.c.pupils)
        .join(schools, schools.c.partnership_id == Partnership.id)
        .where(
            Partnership.start_date <= last,
            or_(Partnership.end_date.is_(None), Partnership.end_date >= first),
        )
        .order_by(Partnership.force_area_code, Partnership.id)
    )
    found: dict[str, list[tuple[int, int, int]]] = {}
    for force, partnership_id, covered, pupils in rows:
        found.setdefault(force, []).append((partnership_id, covered, int(pupils)))
    return found


def outcome_counts(partnership_id: int, schools: int, pupils: int, year: int) -> dict[str, int]:
    """A partnership's counts for one year: its own level, moved up to 15% either way; never
    more pupils engaged than are on roll at its schools."""
    base = random.Random(partnership_id)
    moved = random.Random(partnership_id * 10_000 + year)

    def nudged(value: int) -> int:
        return max(0, round(value * moved.uniform(0.85, 1.15)))

    crimes = nudged(base.randint(2, 30) * schools)
    counts = {
        "crimes_recorded": crimes,
        "violent_crimes_recorded": min(crimes, nudged(round(crimes * base.uniform(0.2, 0.45)))),
        "weapon_incidents": nudged(base.randint(0, 3) * schools),
        "asb_incidents": nudged(base.randint(5, 40) * schools),
        "safeguarding_referrals": nudged(base.randint(1, 12) * schools),
        "diversion_referrals": nudged(base.randint(0, 8) * schools),
        "sessions_delivered": nudged(base.randint(20, 60) * schools),
        "pupils_engaged": min(pupils, nudged(round(pupils * base.uniform(0.2, 0.7)))),
    }
    assert set(counts) == set(OUTCOME_FIELDS)
    return counts


def fill_force_returns(
    collection: Collection,
    mix: Sequence[tuple[ReturnStatus, float]],
    rng: random.Random,
    always_accepted: Sequence[str] = (),
) -> Counter[str]:
    """Answer the collection's force returns with statuses dealt from mix; counts by status.

    Forces in always_accepted are accepted whatever the mix (so that a nil return shows).
    """
    returns = session.scalars(
        select(Return)
        .where(Return.collection_id == collection.id, Return.kind == ReturnKind.FORCE.value)
        .options(
            selectinload(Return.collection),
            selectinload(Return.organisation),
            selectinload(Return.outcomes),
            selectinload(Return.findings),
        )
        .order_by(Return.force_area_code)
    ).all()
    statuses = dealt(len(returns), mix, rng)
    registers = concerned(collection)
    year = int(collection.time_period[:4])
    counts: Counter[str] = Counter()
    outcomes: list[dict[str, Any]] = []
    moved: list[tuple[Return, ReturnStatus]] = []
    for return_, status in zip(returns, statuses, strict=True):
        if return_.force_area_code in always_accepted:
            status = ReturnStatus.ACCEPTED
        counts[status.value] += 1
        if status == ReturnStatus.NOT_STARTED:
            continue
        partnerships = registers.get(return_.force_area_code, [])
        for partnership_id, schools, pupils in partnerships:
            row: dict[str, Any] = {"return_id": return_.id, "partnership_id": partnership_id}
            row.update(outcome_counts(partnership_id, schools, pupils, year))
            if status == ReturnStatus.IN_PROGRESS and rng.random() < 0.3:
                row.update(dict.fromkeys(OUTCOME_FIELDS[4:]))  # not answered yet
            outcomes.append(row)
        counts["nil returns"] += not partnerships
        moved.append((return_, status))
    insert_rows(PartnershipOutcome, outcomes)
    counts["partnership outcomes"] = len(outcomes)
    _snapshot([r.id for r, status in moved if status in SUBMITTED], collection)
    session.flush()
    session.expire_all()
    urns = session.scalars(select(PartnershipSchool.school_urn).distinct())
    known = school_facts(urns)
    for return_, status in moved:
        _answer(return_, status, known, rng)
    session.commit()
    return counts


def _results(return_: Return, known: Mapping[int, Mapping[str, Any]]) -> list[Result]:
    """Every rule that fires on the return, as force_service.current_results finds them, but
    with the school facts fetched once for all forces and without asking the database
    whether each reference is used twice (the demo's references are unique)."""
    partnerships = force_service.concerned_partnerships(return_)
    results: list[Result] = []
    for partnership in partnerships:
        fields = {name: getattr(partnership, name) for name in PARTNERSHIP_FIELDS}
        values = partnership_values(
            {**fields, "reference": None},
            [(link.school_urn, link.days_per_week) for link in partnership.schools],
            partnership.force_area_code,
            partnership.id,
            known,
        )
        values.update(
            reference=fields["reference"],
            duplicate_reference=False,
            reference_date=return_.collection.reference_date,
        )
        results.extend(CATALOGUE.run(Scope.PARTNERSHIP, values, subject_of(partnership)))
    before = force_service.previous_outcomes(return_)
    pupils = covered_pupils(partnerships)
    for partnership in partnerships:
        values = force_service.outcome_values(force_service.outcome_of(return_, partnership.id))
        values["previous"] = before.get(partnership.id)
        values["covered_pupils"] = pupils.get(partnership.id)
        subject = force_service.subject_for(partnership.id)
        results.extend(CATALOGUE.run(Scope.OUTCOMES, values, subject))
    checked = force_service.force_values(return_, len(partnerships))
    results.extend(CATALOGUE.run(Scope.FORCE_RETURN, checked))
    return results


def _answer(
    return_: Return,
    status: ReturnStatus,
    known: Mapping[int, Mapping[str, Any]],
    rng: random.Random,
) -> None:
    """Confirm the register, refresh the findings and move the return on to status."""
    collection = return_.collection
    opened = datetime.combine(collection.opens_on, datetime.min.time(), UTC)
    span = max(1, (collection.deadline - collection.opens_on).days)
    when = opened + timedelta(days=rng.triangular(0, span, span * 0.8), hours=rng.randint(8, 17))
    # Nothing in the demo happened in the future.
    when = min(when, utcnow() - timedelta(hours=rng.randint(2, 72)))
    return_.register_confirmed = True
    return_.register_fingerprint = force_service.register_fingerprint(return_)
    return_.nil_return = force_service.concerned_count(return_) == 0
    return_.updated_at = when
    sync_findings(return_, _results(return_, known))
    if status not in SUBMITTED:
        return_.status = status
        return
    for finding in return_.findings:
        if finding.level == Level.QUERY:
            finding.explanation = EXPLANATION
    return_.status = status
    return_.submitted_at = when
    return_.declaration = True
    return_.declarant_name = f"{return_.organisation.name} schools coordinator"
    return_.declarant_role = "Safer School Partnerships coordinator"
    if status in (ReturnStatus.ACCEPTED, ReturnStatus.RETURNED):
        # A reviewer opened it before deciding, so it can no longer be withdrawn.
        return_.review_opened_at = when + timedelta(days=1)
    if status == ReturnStatus.ACCEPTED:
        return_.accepted_at = min(when + timedelta(days=2), utcnow())
    if status == ReturnStatus.RETURNED:
        return_.reviewer_comment = (
            "Please check the number of pupils engaged against your session records."
        )


def _snapshot(return_ids: Sequence[int], collection: Collection) -> None:
    """Freeze the register of each submitted return, as submitting does: one INSERT … SELECT
    per table for all of them."""
    if not return_ids:
        return
    first, last = collection.period_start, collection.period_end
    session.execute(
        insert(SubmittedPartnership).from_select(
            ["return_id", "partnership_id", *PARTNERSHIP_FIELDS],
            select(
                Return.id,
                Partnership.id,
                *(getattr(Partnership, name) for name in PARTNERSHIP_FIELDS),
            )
            .join(Partnership, Partnership.force_area_code == Return.force_area_code)
            .where(
                Return.id.in_(return_ids),
                Partnership.start_date <= last,
                or_(Partnership.end_date.is_(None), Partnership.end_date >= first),
            ),
        )
    )
    force_service.snapshot_register_schools(return_ids)


def status_words(counts: Mapping[str, int]) -> str:
    """Counts by status as the demo prints them."""
    return ", ".join(f"{status.replace('_', ' ')}: {n:,}" for status, n in sorted(counts.items()))
