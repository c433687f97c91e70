"""The school side of the national demo: each school's return in a collection, answered.

A school's answers are its figures in `demo.history` for that collection, and what it says
about a partnership follows the register: nearly every covered school says it has one (with
the register's model, most of the time), a few are not sure, and now and then a school with
none says it has one. Findings come from the real rule catalogue, year-on-year queries
against the school's answers the year before; a submitted return has its queries explained.
Everything is written with multi-row INSERTs and UPDATEs.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from sspcollect.db import session, utcnow
from sspcollect.demo.bulk import dealt, insert_rows, update_rows
from sspcollect.demo.history import History
from sspcollect.demo.national_register import OTHER_MODEL, Registers
from sspcollect.language import ENGLISH, WELSH
from sspcollect.models import (
    Collection,
    Finding,
    Model,
    Organisation,
    Return,
    ReturnKind,
    ReturnStatus,
    School,
    SchoolAnswers,
)
from sspcollect.returns.school_forms import ANSWER_FIELDS
from sspcollect.validation import CATALOGUE, Level, Scope
from sspcollect.validation.school import AIMS

EXPLANATION = "Checked against the school's own records; the figure is correct."
# A fortnight before the deadline of the open collection.
OPEN_MIX: tuple[tuple[ReturnStatus, float], ...] = (
    (ReturnStatus.NOT_STARTED, 0.35),
    (ReturnStatus.IN_PROGRESS, 0.28),
    (ReturnStatus.SUBMITTED, 0.24),
    (ReturnStatus.ACCEPTED, 0.09),
    (ReturnStatus.RETURNED, 0.04),
)
# A closed collection: most returns accepted, a few never finished or never reviewed.
CLOSED_MIX: tuple[tuple[ReturnStatus, float], ...] = (
    (ReturnStatus.ACCEPTED, 0.93),
    (ReturnStatus.SUBMITTED, 0.02),
    (ReturnStatus.IN_PROGRESS, 0.01),
    (ReturnStatus.NOT_STARTED, 0.04),
)
SUBMITTED = frozenset({ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED, ReturnStatus.RETURNED})
COUNTS = (
    "pupils_on_roll",
    "suspensions",
    "permanent_exclusions",
    "violent_incidents",
    "weapon_incidents",
    "bullying_incidents",
)
SAYS_MODELS = [m.value for m in list(Model)[:4]]
COLUMNS = [c.key for c in SchoolAnswers.__table__.columns]
Values = dict[str, Any]


def _partnership_answers(
    history: History, registers: Registers, index: int, year: int, rng: random.Random
) -> Values:
    """What the school says about a partnership in collection year."""
    covered = bool(history.covered[index, year])
    if covered:
        says = "yes" if rng.random() < 0.97 else "not_sure"
    else:
        says = "yes" if rng.random() < 0.01 else rng.choice(["no"] * 7 + ["not_sure"])
    if says != "yes":
        return {"has_ssp": says}
    model = registers.model.get(index) if covered and rng.random() < 0.9 else None
    model = model or rng.choice(SAYS_MODELS)
    days = registers.days.get(index) if covered else None
    return {
        "has_ssp": "yes",
        "ssp_force_code": str(history.schools.force[index]),
        "ssp_model": model,
        "ssp_model_description": OTHER_MODEL if model == Model.OTHER else None,
        "officer_days_per_week": days or Decimal(rng.choice(["0.5", "1", "1.5", "3"])),
        "effectiveness": rng.randint(2, 5),
        "aims": sorted(rng.sample(list(AIMS), rng.randint(1, 3))),
        "comments": "Pupils know the officer by name." if rng.random() < 0.2 else None,
    }


def answers_of(
    history: History, registers: Registers, index: int, year: int, rng: random.Random
) -> Values:
    """A school's answers in collection year, keyed by SchoolAnswers column."""
    figures = history.figures
    row: Values = dict.fromkeys(COLUMNS)
    row.update(_partnership_answers(history, registers, index, year, rng))
    for name in COUNTS:
        row[name] = int(figures[name][index, year])
    row["attendance_percent"] = Decimal(str(figures["attendance_percent"][index, year]))
    row["persistent_absence_percent"] = Decimal(
        str(figures["persistent_absence_percent"][index, year])
    )
    surveyed = bool(history.surveyed[index])
    row["pupils_feel_safe_percent"] = (
        Decimal(int(figures["pupils_feel_safe_percent"][index, year])) if surveyed else None
    )
    row["feel_safe_not_surveyed"] = not surveyed
    return row


def fill_school_returns(
    collection: Collection,
    year: int,
    history: History,
    registers: Registers,
    mix: Sequence[tuple[ReturnStatus, float]],
    rng: random.Random,
    previous: dict[int, Values],
) -> tuple[Counter[str], dict[int, Values]]:
    """Answer and move on the collection's school returns with statuses dealt from mix.

    previous holds each school's answers in the collection before (by URN), for the
    year-on-year queries; the answers given now are returned for the next.
    """
    returns = session.execute(
        select(Return.id, School.urn, School.phase, School.name)
        .join(Organisation, Return.organisation_id == Organisation.id)
        .join(School, Organisation.school_urn == School.urn)
        .where(Return.collection_id == collection.id, Return.kind == ReturnKind.SCHOOL.value)
        .order_by(Return.id)
    ).all()
    position = {int(urn): index for index, urn in enumerate(history.schools.urn)}
    statuses = dealt(len(returns), mix, rng)
    opened = datetime.combine(collection.opens_on, datetime.min.time(), UTC)
    span = max(1, (collection.deadline - collection.opens_on).days)
    latest = utcnow() - timedelta(hours=2)
    counts: Counter[str] = Counter()
    changes: list[Values] = []
    answers: list[Values] = []
    findings: list[Values] = []
    given: dict[int, Values] = {}
    for (return_id, urn, phase, name), status in zip(returns, statuses, strict=True):
        counts[status.value] += 1
        if status == ReturnStatus.NOT_STARTED:
            continue
        when = opened + timedelta(days=rng.triangular(0, span + 3, span), hours=rng.randint(8, 17))
        when = min(when, latest)  # nothing in the demo happened in the future
        submitted = status in SUBMITTED
        changes.append(
            {
                "row_id": return_id,
                "status": status.value,
                "version": 2,
                "updated_at": when,
                "submitted_at": when if submitted else None,
                "review_opened_at": min(when + timedelta(days=2), latest)
                if status in (ReturnStatus.ACCEPTED, ReturnStatus.RETURNED)
                else None,
                "accepted_at": min(when + timedelta(days=3), latest)
                if status == ReturnStatus.ACCEPTED
                else None,
                "reviewer_comment": "Please check the number of suspensions against your records."
                if status == ReturnStatus.RETURNED
                else None,
                "declaration": submitted,
                "declarant_name": f"Head of {name}" if submitted else None,
                "declarant_role": "Headteacher" if submitted else None,
            }
        )
        row = answers_of(history, registers, position[urn], year, rng)
        row["return_id"] = return_id
        answers.append(row)
        values = {field: row[field] for field in ANSWER_FIELDS}
        given[urn] = values
        checked = {
            **values,
            "previous": previous.get(urn),
            "school_phase": phase,
            "school_name": name,
        }
        for result in CATALOGUE.run(Scope.SCHOOL_RETURN, checked):
            query = result.rule.level == Level.QUERY
            # The words as a finding keeps them: English, and Welsh where it differs.
            words = Finding()
            words.write(result.written_in(ENGLISH), result.written_in(WELSH))
            findings.append(
                {
                    "return_id": return_id,
                    "rule_id": result.rule.id,
                    "level": str(result.rule.level),
                    "subject": result.subject,
                    "message": words.english_message,
                    "question": words.english_question,
                    "message_cy": words.welsh_message,
                    "question_cy": words.welsh_question,
                    "explanation": EXPLANATION if submitted and query else None,
                }
            )
    update_rows(Return, changes)
    insert_rows(SchoolAnswers, answers)
    insert_rows(Finding, findings)
    counts["findings"] = len(findings)
    session.commit()
    return counts, given
