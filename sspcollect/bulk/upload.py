"""Uploading the register: validate the whole file, preview the changes, save all or nothing.

Every row is parsed with the form parsers and checked with the PARTNERSHIP rules of the
catalogue, fetching the facts of every school in the file at once. A row whose reference
is in the register changes that partnership; a new reference adds one; partnerships left
out of the file are kept as they are. Between preview and confirm the rows travel with the
page, signed with the app's secret key, and are checked again before anything is saved.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from flask import current_app
from flask_babel import gettext
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from sspcollect import audit
from sspcollect.bulk.register_file import COLUMNS, DATE_COLUMNS
from sspcollect.bulk.workbook import code_of
from sspcollect.content.register import FILE_DUPLICATE, FILE_ERRORS
from sspcollect.db import session
from sspcollect.models import (
    FUNDING_SOURCE_LABELS,
    MODEL_LABELS,
    OFFICER_ROLE_LABELS,
    Model,
    OfficerRole,
    Partnership,
    User,
)
from sspcollect.register import service
from sspcollect.register.rules import PARTNERSHIP_FIELDS, partnership_values, school_facts
from sspcollect.register.service import Draft, SchoolEntry
from sspcollect.review.reconcile import reconcile_force_everywhere
from sspcollect.validation import CATALOGUE, Scope
from sspcollect.validation.engine import Result
from sspcollect.validation.force import NUMBER_QUESTIONS
from sspcollect.validation.school import DAYS_ON_SITE
from sspcollect.validation.values import (
    Invalid,
    choice,
    day,
    whole_number,
    yes_no,
)
from sspcollect.versioning import StaleEditError, commit_or_stale

Rows = list[tuple[int, dict[str, str]]]
SALT = "register-upload"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: where, what was there, and what to do."""

    row: int
    column: str
    value: str
    message: str


@dataclass
class Change:
    """What a row does to the register: added, changed, ended or unchanged."""

    kind: str
    row: int
    reference: str
    draft: Draft
    partnership: Partnership | None = None
    changes: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plan:
    """The outcome of checking a file: its problems, or the changes it makes."""

    problems: list[Problem]
    changes: list[Change]

    def of_kind(self, kind: str) -> list[Change]:
        """The changes of one kind."""
        return [change for change in self.changes if change.kind == kind]


def _text(raw: str) -> str | None:
    """Trimmed text, None when blank."""
    return raw.strip() or None


def _schools(raw: str) -> list[SchoolEntry]:
    """The schools cell: URNs separated by semicolons, each optionally with :days."""
    entries: list[SchoolEntry] = []
    for part in raw.split(";"):
        if not part.strip():
            continue
        urn_text, _, days_text = part.partition(":")
        urn = whole_number(urn_text)
        days = DAYS_ON_SITE.read(days_text)
        entries.append((urn if isinstance(urn, int) else Invalid(urn_text.strip()), days))
    return entries


def draft_of(cells: dict[str, str]) -> Draft:
    """One row's cells parsed into the values the rules check."""
    sources = [s.strip() for s in cells["funding_sources"].split(";") if s.strip()]
    fields: dict[str, Any] = {
        "reference": _text(cells["reference"]),
        "name": _text(cells["name"]),
        "model": choice(code_of(cells["model"], MODEL_LABELS), set(Model)),
        "model_description": _text(cells["model_description"]),
        "officer_role": choice(
            code_of(cells["officer_role"], OFFICER_ROLE_LABELS), set(OfficerRole)
        ),
        "officer_count": NUMBER_QUESTIONS["officer_count"].read(cells["officer_count"]),
        "fte": NUMBER_QUESTIONS["fte"].read(cells["fte"]),
        "funding_sources": list(dict.fromkeys(code_of(s, FUNDING_SOURCE_LABELS) for s in sources)),
        "information_sharing_agreement": yes_no(cells["information_sharing_agreement"]),
    }
    for name in DATE_COLUMNS:
        fields[name] = day(cells[name])
    return Draft(fields, _schools(cells["schools"]))


def _row_problems(
    number: int, cells: dict[str, str], draft: Draft, force: str, known: dict[int, Any]
) -> list[Problem]:
    """The errors the PARTNERSHIP rules find in one row."""
    # The rules read an unreadable URN as a school that does not exist (POL-007).
    schools = cast(Sequence[tuple[int, Any]], draft.schools)
    values = partnership_values({**draft.fields, "reference": None}, schools, force, None, known)
    values["reference"] = draft.fields["reference"]
    # A reference already in the register is an update, not a duplicate (checked per file).
    values["duplicate_reference"] = False
    return [
        Problem(number, r.rule.fields[0], cells.get(r.rule.fields[0], ""), file_message(r, values))
        for r in CATALOGUE.run(Scope.PARTNERSHIP, values)
        if r.is_error
    ]


# What the messages of a file row can name besides the rules' own values: the choices.
CHOICE_WORDS = {
    "models": "; ".join(MODEL_LABELS.values()),
    "roles": "; ".join(OFFICER_ROLE_LABELS.values()),
    "sources": ", ".join(FUNDING_SOURCE_LABELS.values()),
}


def file_message(result: Result, values: dict[str, Any]) -> str:
    """A rule's error said for a cell of a file row, not for a question on a form."""
    text = FILE_ERRORS.get(result.rule.id)
    if text is None:
        return result.message
    named = dict(result.rule.format_values(values)) if result.rule.format_values else {}
    return gettext(text).format(**CHOICE_WORDS, **named)


def _key(reference: Any) -> str:
    """A reference as compared: trimmed, any case."""
    return str(reference or "").strip().lower()


def check_rows(rows: Rows, force: str) -> Plan:
    """Check every row of the file and work out what it changes in force's register."""
    drafts = [(number, cells, draft_of(cells)) for number, cells in rows]
    known = school_facts(urn for _, _, d in drafts for urn in d.urns())
    register = {_key(p.reference): p for p in service.partnerships_of(force)}
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for number, cells, draft in drafts:
        problems += _row_problems(number, cells, draft, force, known)
        key = _key(draft.fields["reference"])
        if key and key in seen:
            message = (
                FILE_DUPLICATE.format(reference=cells["reference"]) + f" (also row {seen[key]})"
            )
            problems.append(Problem(number, "reference", cells["reference"], message))
        seen.setdefault(key, number)
    if not rows:
        problems.append(
            Problem(1, "", "", gettext("The file has no partnerships; add a row for each"))
        )
    if problems:
        return Plan(problems, [])
    changes = [
        _change(number, draft, register.get(_key(draft.fields["reference"])))
        for number, _, draft in drafts
    ]
    return Plan([], changes)


def _proposed(draft: Draft) -> dict[str, Any]:
    """The snapshot (as service.snapshot) a partnership would have once the row is saved."""
    after = {name: draft.fields.get(name) for name in PARTNERSHIP_FIELDS}
    if after.get("model") != Model.OTHER:
        after["model_description"] = None
    after["funding_sources"] = sorted(str(s) for s in after["funding_sources"] or [])
    after["schools"] = sorted([urn, days] for urn, days in draft.schools)
    return after


def _change(number: int, draft: Draft, partnership: Partnership | None) -> Change:
    """What saving the row would do to partnership (None: a new one)."""
    reference = str(draft.fields.get("reference") or "")
    if partnership is None:
        return Change("added", number, reference, draft)
    before = service.snapshot(partnership)
    before["funding_sources"] = sorted(before["funding_sources"])
    after = _proposed(draft)
    changes = audit.differences(before, after)
    if not changes:
        kind = "unchanged"
    elif set(changes) == {"end_date"} and partnership.end_date is None:
        kind = "ended"
    else:
        kind = "changed"
    return Change(kind, number, reference, draft, partnership, changes)


def save(plan: Plan, force: str, user: User) -> None:
    """Save every change of a checked plan in one transaction, each in the audit trail."""
    assert not plan.problems
    try:
        for change in plan.changes:
            if change.kind == "unchanged":
                continue
            if change.partnership is None:
                change.partnership = Partnership(force_area_code=force, schools=[])
                session.add(change.partnership)
            before = service.snapshot(change.partnership) if change.kind != "added" else {}
            # The register's own copy of answers onto a partnership, not a second one.
            service._apply(change.partnership, change.draft)
            if change.kind != "added":
                change.changes = audit.differences(before, service.snapshot(change.partnership))
        session.flush()
        for change in plan.changes:
            if change.kind == "unchanged":
                continue
            assert change.partnership is not None
            changes = change.changes or audit.differences({}, service.snapshot(change.partnership))
            audit.record(
                f"partnership_{change.kind}",
                "partnership",
                change.partnership.id,
                changes=changes,
                comment="Uploaded register",
                user=user,
                organisation_id=user.organisation_id,
            )
        reconcile_force_everywhere(force)
        commit_or_stale()
    except IntegrityError:
        session.rollback()
        raise StaleEditError from None
    except Exception:
        session.rollback()
        raise


def fingerprint(force: str) -> str:
    """A digest of the register's partnerships and versions, to tell if it changed."""
    rows = session.execute(
        select(Partnership.id, Partnership.version)
        .where(Partnership.force_area_code == force)
        .order_by(Partnership.id)
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def _serializer() -> URLSafeSerializer:
    """Signs the rows the preview page carries, with the app's secret key."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def sign(rows: Rows, force: str) -> str:
    """The checked rows and the register they were compared with, signed for the page."""
    payload = {
        "force": force,
        "register": fingerprint(force),
        "rows": [[number, [cells[c] for c in COLUMNS]] for number, cells in rows],
    }
    return _serializer().dumps(payload)


def unsign(token: str, force: str) -> tuple[Rows, str]:
    """The rows and register fingerprint the page carried; BadSignature if tampered with."""
    payload = _serializer().loads(token)
    if payload.get("force") != force:
        raise BadSignature("another force's upload")
    rows = [
        (int(number), dict(zip(COLUMNS, cells, strict=True))) for number, cells in payload["rows"]
    ]
    return rows, str(payload["register"])
