"""The demo's collections: a closed 2025/26 full of accepted returns, and an open 2026/27.

As in practice, each runs in the autumn and asks about the academic year just ended: the
2025/26 collection (November to December 2025) about 2024/25, with registers as at
1 October 2025; the 2026/27 collection about 2025/26, with registers as at 1 October 2026.

Answers are synthetic but plausible and varied (some low attendance, some exclusions, a
nil return, a few schools whose answers disagree with their force's register), so every
page and every dataset has something to show. Findings come from the real rule catalogue.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from sspcollect import audit
from sspcollect.collections.service import (
    CollectionDetails,
    close_collection,
    collection_for,
    create_collection,
    open_collection,
)
from sspcollect.db import session, utcnow
from sspcollect.demo.places import person_name
from sspcollect.demo.small import DEMO_DOMAIN
from sspcollect.models import (
    OUTCOME_FIELDS,
    Collection,
    ForceArea,
    FundingSource,
    LocalAuthority,
    Model,
    OfficerRole,
    Organisation,
    Partnership,
    PartnershipOutcome,
    PartnershipSchool,
    Return,
    ReturnKind,
    ReturnStatus,
    Role,
    School,
    SchoolAnswers,
    User,
)
from sspcollect.returns import force_service, school_service
from sspcollect.review.reconcile import reconcile_force
from sspcollect.validation import Level
from sspcollect.validation.school import AIMS

EXPLANATION = "Checked against the school's own records; the figure is correct."
ALL_PHASES = ("Primary", "Secondary", "All-through", "Not applicable", "Nursery")
# How far each demo collection has got: the share of returns in each status.
LAST_YEAR_SHARES = [
    (ReturnStatus.ACCEPTED, 0.86),
    (ReturnStatus.SUBMITTED, 0.06),
    (ReturnStatus.IN_PROGRESS, 0.04),
    (ReturnStatus.NOT_STARTED, 0.04),
]
THIS_YEAR_SHARES = [
    (ReturnStatus.NOT_STARTED, 0.35),
    (ReturnStatus.IN_PROGRESS, 0.28),
    (ReturnStatus.SUBMITTED, 0.24),
    (ReturnStatus.ACCEPTED, 0.09),
    (ReturnStatus.RETURNED, 0.04),
]
# Cumbria makes a nil return; the others keep registers.
NIL_FORCE = "E23000002"


AREA_PARTS = ["North", "South", "East", "West", "Central"]
MAINSTREAM = ("Primary", "Secondary", "All-through")


def _partnership_name(model: Model, covered: Sequence[School], force_name: str, number: int) -> str:
    """A name such as a force would give the partnership: by its school, its area or its team."""
    area = covered[0].local_authority.name
    part = AREA_PARTS[number % len(AREA_PARTS)]
    if model == Model.SCHOOL_BASED:
        return f"Safer Schools Officer at {covered[0].name}"
    if model == Model.CLUSTER:
        return f"{area} {part} schools cluster"
    if model == Model.NEIGHBOURHOOD_LINK:
        return f"{area} neighbourhood schools link"
    if model == Model.FORCE_TEAM:
        return f"{force_name} Safer Schools Team"
    return f"{area} youth engagement project"


def _partnerships_for(force: str, schools: Sequence[School], rng: random.Random) -> None:
    """Give a force a register of partnerships of every model over its schools."""
    force_name = session.get_one(ForceArea, force).name
    pool = list(schools)
    rng.shuffle(pool)
    plan = [
        (Model.SCHOOL_BASED, 1),
        (Model.SCHOOL_BASED, 1),
        (Model.SCHOOL_BASED, 1),
        (Model.CLUSTER, 4),
        (Model.CLUSTER, 5),
        (Model.NEIGHBOURHOOD_LINK, 6),
        (Model.FORCE_TEAM, 10),
        (Model.OTHER, 2),
    ]
    sources = list(FundingSource)
    for number, (model, size) in enumerate(plan, start=1):
        if model == Model.SCHOOL_BASED:
            # An officer is based in a primary or secondary school, not a nursery.
            based = next((i for i, school in enumerate(pool) if school.phase in MAINSTREAM), 0)
            pool.insert(0, pool.pop(based))
        covered, pool = pool[:size], pool[size:]
        if not covered:
            break
        start = date(rng.choice([2019, 2021, 2023, 2024]), 9, 1)
        ended = number == len(plan) - 1
        partnership = Partnership(
            force_area_code=force,
            reference=f"SSP-{number:03d}",
            name=_partnership_name(model, covered, force_name, number),
            model=model,
            model_description="A youth worker and a PCSO share the work"
            if model == Model.OTHER
            else None,
            officer_role=rng.choice(list(OfficerRole)),
            officer_count=1 if model == Model.SCHOOL_BASED else rng.randint(2, 6),
            fte=Decimal(str(round(rng.uniform(0.4, 1.0) * (1 if size == 1 else 2.5), 1))),
            funding_sources=sorted(rng.sample(sources, rng.randint(1, 2))),
            funded_until=rng.choice(
                [None, date(2026, 3, 31), date(2027, 3, 31), date(2029, 3, 31)]
            ),
            information_sharing_agreement=rng.random() < 0.7,
            start_date=start,
            end_date=date(2027, 3, 31) if ended else None,
            schools=[
                PartnershipSchool(
                    school_urn=school.urn,
                    days_per_week=Decimal(rng.choice(["0.5", "1", "2", "5"]))
                    if size == 1
                    else None,
                )
                for school in covered
            ],
        )
        session.add(partnership)


def _school_answers(school: School, covered_by: str | None, rng: random.Random) -> SchoolAnswers:
    """Plausible answers for one school; now and then at odds with the register.

    A school's figures come from a generator seeded by its URN, nudged a little each year,
    so that year-on-year queries fire only now and then, as they would in real data.
    """
    base = random.Random(school.urn)
    pupils = school.pupils or base.randint(150, 900)
    says_yes = covered_by is not None and rng.random() > 0.04

    def nudged(value: int) -> int:
        return max(0, round(value * rng.uniform(0.85, 1.15)))

    attendance = Decimal(str(round(base.uniform(83.0, 97.5) + rng.uniform(-0.5, 0.5), 1)))
    surveyed = base.random() > 0.2
    return SchoolAnswers(
        has_ssp="yes" if says_yes else rng.choice(["no", "no", "no", "not_sure"]),
        ssp_force_code=covered_by if says_yes else None,
        ssp_model=base.choice(list(Model)[:4]) if says_yes else None,
        officer_days_per_week=Decimal(base.choice(["0.5", "1", "1.5", "3"])) if says_yes else None,
        effectiveness=rng.randint(2, 5) if says_yes else None,
        aims=sorted(base.sample(list(AIMS), base.randint(1, 3))) if says_yes else None,
        comments="Pupils know the officer by name." if says_yes and rng.random() < 0.3 else None,
        pupils_on_roll=nudged(pupils) or 1,
        attendance_percent=attendance,
        persistent_absence_percent=Decimal(str(round((100 - float(attendance)) * 1.9, 1))),
        suspensions=nudged(base.randint(0, max(1, pupils // 12))),
        permanent_exclusions=base.choice([0, 0, 0, 1, 2]),
        violent_incidents=nudged(base.randint(0, 25)),
        weapon_incidents=base.choice([0, 0, 0, 1, 2, 3]),
        bullying_incidents=nudged(base.randint(0, 40)),
        pupils_feel_safe_percent=Decimal(base.randint(70, 96)) if surveyed else None,
        feel_safe_not_surveyed=not surveyed,
    )


def _explain_queries(return_: Return) -> None:
    """Give every query an explanation, as a careful respondent would."""
    for finding in return_.findings:
        if finding.level == Level.QUERY:
            finding.explanation = EXPLANATION


def _dated(action: str, return_: Return, when: datetime, user: User | None, **kw: Any) -> None:
    """Add an event to the return's history, as if user had done it at when."""
    event = audit.record(
        action,
        "return",
        return_.id,
        user=user,
        organisation_id=return_.organisation_id,
        collection_id=return_.collection_id,
        **kw,
    )
    event.at = when


def _at(when: datetime, days: int, hour: int) -> datetime:
    """A time of day some days after when (a reviewer's working day)."""
    return datetime.combine((when + timedelta(days=days)).date(), time(hour, when.minute), UTC)


def _mark(
    return_: Return,
    status: ReturnStatus,
    when: datetime,
    people: dict[int, User],
    reviewer: User | None,
) -> None:
    """Move a demo return on to status, as if it happened at when, by the organisation's user
    (and, for a decision, a reviewer a few working days later)."""
    return_.status = status
    return_.updated_at = when
    respondent = people.get(return_.organisation_id)
    if status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED, ReturnStatus.RETURNED):
        return_.submitted_at = when
        return_.submitted_by_id = respondent.id if respondent else None
        _dated("return_submitted", return_, when, respondent)
        return_.declaration = True
    if status in (ReturnStatus.ACCEPTED, ReturnStatus.RETURNED):
        # A reviewer opened it before deciding, so it can no longer be withdrawn.
        opened = min(_at(when, 2, 10), utcnow() - timedelta(minutes=30))
        return_.review_opened_at = opened
        return_.review_opened_by_id = reviewer.id if reviewer else None
        _dated("review_started", return_, opened, reviewer)
        decided = min(_at(when, 3, 14), utcnow() - timedelta(minutes=10))
        if status == ReturnStatus.ACCEPTED:
            return_.accepted_at = decided
            _dated(
                "return_accepted",
                return_,
                decided,
                reviewer,
                changes={"status": ["submitted", "accepted"]},
            )
        else:
            return_.reviewer_comment = (
                "Please check the number of suspensions against your records."
            )
            _dated(
                "return_returned",
                return_,
                decided,
                reviewer,
                changes={"status": ["submitted", "returned"]},
                comment=return_.reviewer_comment,
            )


def _status(rng: random.Random, shares: Sequence[tuple[ReturnStatus, float]]) -> ReturnStatus:
    """A status drawn with the given shares."""
    statuses, weights = zip(*shares, strict=True)
    return rng.choices(statuses, weights=weights)[0]


def _respondents(collection: Collection) -> dict[int, User]:
    """The person who fills in each organisation's returns, by organisation: its first user,
    or (for the many demo organisations nobody signs in as) an account not yet activated."""
    people: dict[int, User] = {}
    for user in session.scalars(select(User).order_by(User.id)):
        people.setdefault(user.organisation_id, user)
    organisations = session.scalars(
        select(Organisation).join(Return).where(Return.collection_id == collection.id)
    ).all()
    for organisation in organisations:
        if organisation.id in people:
            continue
        kind = Role.SCHOOL if organisation.kind == "school" else Role.POLICE
        user = User(
            email=f"returns.{organisation.code.lower()}@{DEMO_DOMAIN}",
            name=person_name(organisation.name),
            role=kind,
            organisation_id=organisation.id,
            password_hash=None,
        )
        session.add(user)
        people[organisation.id] = user
    session.flush()
    return people


def _settle(
    pending: list[tuple[Return, ReturnStatus, datetime]],
    forces: Sequence[str],
    people: dict[int, User],
    reviewer: User | None,
) -> None:
    """Reconcile the answered school returns with every register at once, then explain their
    queries and move them on: as each school's own save would have left them, for a few
    queries rather than a few for each school."""
    if not pending:
        return
    session.flush()
    for force in forces:
        reconcile_force(pending[0][0].collection_id, force)
    for return_, status, when in pending:
        if status != ReturnStatus.IN_PROGRESS:
            _explain_queries(return_)
        _mark(return_, status, when, people, reviewer)
    pending.clear()


def _fill(
    collection: Collection,
    shares: Sequence[tuple[ReturnStatus, float]],
    rng: random.Random,
    forces: Sequence[str],
    pinned: Mapping[str, ReturnStatus] | None = None,
) -> None:
    """Answer and move on every return of collection according to shares (the organisations
    in pinned, by code, to the status given).

    The school returns come first; they are reconciled together before the first force
    return, which then sees them submitted, as it would have in the collection's weeks."""
    pinned = pinned or {}
    people = _respondents(collection)
    reviewer = session.scalar(
        select(User).where(User.role == Role.REVIEWER).order_by(User.id).limit(1)
    )
    opened = datetime.combine(collection.opens_on, datetime.min.time(), UTC)
    span = max(1, (collection.deadline - collection.opens_on).days)
    coverage = {
        urn: force
        for urn, force in session.execute(
            select(PartnershipSchool.school_urn, Partnership.force_area_code).join(Partnership)
        )
    }
    returns = session.scalars(
        select(Return)
        .where(Return.collection_id == collection.id)
        .options(
            selectinload(Return.organisation).selectinload(Organisation.school),
            selectinload(Return.findings),
        )
        .order_by(Return.id)
    ).all()
    pending: list[tuple[Return, ReturnStatus, datetime]] = []
    for return_ in returns:
        status = _status(rng, shares)
        status = pinned.get(return_.organisation.code, status)
        # In working hours: a school office or a force's coordinator, at their desk.
        when = opened + timedelta(
            days=int(rng.triangular(0, span + 3, span)),
            hours=rng.randint(8, 16),
            minutes=rng.randint(0, 59),
        )
        # Nothing in the demo happened in the future.
        when = min(when, utcnow() - timedelta(hours=rng.randint(1, 72)))
        if status == ReturnStatus.NOT_STARTED:
            continue
        if return_.kind == ReturnKind.SCHOOL:
            school = return_.organisation.school
            assert school is not None
            return_.school_answers = _school_answers(school, coverage.get(school.urn), rng)
            session.flush()
            school_service.refresh_findings(return_, reconcile=False)
            pending.append((return_, status, when))
            continue
        _settle(pending, forces, people, reviewer)
        _force_answers(return_, rng)
        if status != ReturnStatus.IN_PROGRESS:
            _explain_queries(return_)
            force_service.snapshot_register(return_)
        _mark(return_, status, when, people, reviewer)
    _settle(pending, forces, people, reviewer)
    session.flush()


def _force_answers(return_: Return, rng: random.Random) -> None:
    """Confirm the register, give outcomes for each partnership, declare."""
    partnerships = force_service.concerned_partnerships(return_)
    return_.register_confirmed = True
    return_.register_fingerprint = force_service.register_fingerprint(return_)
    return_.nil_return = not partnerships
    for partnership in partnerships:
        base = random.Random(partnership.id)
        crimes = base.randint(2, 40) * len(partnership.schools) + rng.randint(0, 3)
        counts = {
            "crimes_recorded": crimes,
            "violent_crimes_recorded": base.randint(0, crimes // 2),
            "weapon_incidents": base.randint(0, 6),
            "asb_incidents": base.randint(0, 60),
            "safeguarding_referrals": base.randint(0, 30),
            "diversion_referrals": base.randint(0, 20),
            "sessions_delivered": base.randint(10, 200),
            "pupils_engaged": base.randint(50, 2000),
        }
        assert set(counts) == set(OUTCOME_FIELDS)
        return_.outcomes.append(PartnershipOutcome(partnership_id=partnership.id, **counts))
    session.flush()
    force_service.refresh_findings(return_)


def _details(
    title: str, period: str, reference: date, opens: date, deadline: date, closes: date
) -> CollectionDetails:
    """The details of a demo collection."""
    return CollectionDetails(
        title=title,
        time_period=period,
        reference_date=reference,
        opens_on=opens,
        deadline=deadline,
        closes_on=closes,
    )


def load_demo_collections(
    forces: Sequence[str],
    echo: Callable[[str], object] = print,
    pinned: Mapping[str, ReturnStatus] | None = None,
) -> None:
    """Create the demo registers and both collections, unless they are already there.

    pinned gives the status of some organisations' 2026/27 returns (by organisation code), so
    that the printed sign-ins find what their lines promise.
    """
    if collection_for("202526") is not None:
        echo("Demo collections already loaded.")
        return
    rng = random.Random(2526)
    for force in forces:
        if force == NIL_FORCE:
            continue
        schools = session.scalars(
            select(School)
            .join(LocalAuthority)
            .where(LocalAuthority.force_area_code == force, School.is_open.is_(True))
            .order_by(School.urn)
        ).all()
        _partnerships_for(force, schools, rng)
    session.commit()

    last_year = _round(
        _details(
            "Safer School Partnerships 2025/26",
            "202526",
            date(2025, 10, 1),
            date(2025, 11, 3),
            date(2025, 12, 12),
            date(2026, 1, 16),
        ),
        LAST_YEAR_SHARES,
        forces,
        rng,
        echo,
    )
    close_collection(last_year)
    _round(
        _details(
            "Safer School Partnerships 2026/27",
            "202627",
            date(2026, 10, 1),
            date(2026, 11, 2),
            date(2026, 12, 11),
            date(2027, 1, 15),
        ),
        THIS_YEAR_SHARES,
        forces,
        rng,
        echo,
        pinned,
    )


def _round(
    details: CollectionDetails,
    shares: Sequence[tuple[ReturnStatus, float]],
    forces: Sequence[str],
    rng: random.Random,
    echo: Callable[[str], object],
    pinned: Mapping[str, ReturnStatus] | None = None,
) -> Collection:
    """Create and open one demo collection, answer its returns, and reconcile them."""
    echo(f"Creating the {details.time_period[:4]}/{details.time_period[4:]} collection…")
    collection = create_collection(details)
    open_collection(collection, ALL_PHASES)
    _fill(collection, shares, rng, forces, pinned)
    for force in forces:
        reconcile_force(collection.id, force)
    session.commit()
    return collection
