"""Published versions that cannot be differenced: two versions published either side of one more
accepted school return do not reveal that return's answers."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from sspcollect.datasets import service
from sspcollect.datasets.disclosure import disclosure_log
from sspcollect.datasets.export import build_national, read_archive
from sspcollect.datasets.names import ACCEPTED
from sspcollect.db import session
from sspcollect.models import LocalAuthority, Organisation, Return, Role, School, SchoolAnswers
from tests.datasets import attacker
from tests.datasets.factories import build_synthetic_collection
from tests.factories import create_user

THRESHOLD = 3
OUTCOMES = "ssp_school_outcomes"
# The school's answers, as the outcomes file adds them up.
ANSWERS = {
    "pupil_count": "pupils_on_roll",
    "suspension_count": "suspensions",
    "permanent_exclusion_count": "permanent_exclusions",
    "violent_incident_count": "violent_incidents",
    "weapon_incident_count": "weapon_incidents",
    "bullying_incident_count": "bullying_incidents",
}
FILTERS = ("ssp_status", "ssp_model", "vru_area")


def _rows(files: dict[str, bytes]) -> dict[tuple[str, tuple[str, ...]], dict[str, str]]:
    """The outcomes file's rows by area and filter items."""
    return {
        (attacker.area(row), tuple(row[f] for f in FILTERS)): row
        for row in attacker.read(files[f"{OUTCOMES}.csv"])
    }


def _number(text: str) -> float | None:
    """A shown figure, or None for a symbol."""
    try:
        return float(text)
    except ValueError:
        return None


def _accept_one_more_school() -> tuple[SchoolAnswers, set[str]]:
    """Accept a submitted school return; its answers and the areas the school lies in."""
    found = session.execute(
        select(Return, School)
        .join(Organisation, Organisation.id == Return.organisation_id)
        .join(School, School.urn == Organisation.school_urn)
        .where(Return.kind == "school", Return.status == "submitted")
        .order_by(Return.id)
    ).first()
    assert found is not None
    return_, school = found
    answers = session.get(SchoolAnswers, return_.id)
    assert answers is not None and answers.suspensions
    la = session.get(LocalAuthority, school.la_code)
    assert la is not None
    areas = {"K04000001", la.country_code, la.force_area_code, la.code}
    areas |= {la.region_code} if la.region_code else set()
    return_.status = "accepted"
    session.commit()
    return answers, areas


def test_two_versions_either_side_of_one_more_return_do_not_reveal_it(app: Flask) -> None:
    """Publish, accept one more school return, publish again: subtracting the two versions,
    or attacking the second knowing the first, gives none of that school's answers."""
    built = build_synthetic_collection()
    admin = create_user(Role.ADMIN)
    first = service.publish(built.collection, ACCEPTED, admin)
    answers, areas = _accept_one_more_school()
    second = service.publish(built.collection, ACCEPTED, admin)
    one, two = read_archive(first.archive), read_archive(second.archive)
    before, after = _rows(one), _rows(two)
    chain = [key for key in after if key[0] in areas]
    revealed = []
    for key in chain:
        for column, field in ANSWERS.items():
            old, new = _number(before.get(key, {}).get(column, "c")), _number(after[key][column])
            if old is not None and new is not None and new != old:
                revealed.append((key, column, new - old, getattr(answers, field)))
            if before.get(key, {}).get(column) == "c":
                assert after[key][column] == "c", (key, column)  # hidden once, hidden after
    assert revealed == []
    # The attacker knows the first version and where the school is: elsewhere nothing moved.
    release = attacker.load({f"{OUTCOMES}.csv": two[f"{OUTCOMES}.csv"]}, {})
    for cell in list(release.hidden):
        shown = _number(before.get((cell[1], cell[2]), {}).get(cell[3], "c"))
        if cell[1] not in areas and shown is not None:
            release.hidden.discard(cell)
            release.known[cell] = shown
    ranges = attacker.attack(release, wide=THRESHOLD).ranges
    assert any(cell[1] == "K04000001" for cell in ranges)  # the national figures moved
    for key in chain:
        for column in ANSWERS:
            shown = _number(before.get(key, {}).get(column, "c"))
            cell = (OUTCOMES, key[0], key[1], column)
            if shown is not None and cell in ranges:  # shown before, hidden now
                lower, upper = ranges[cell]
                assert upper - lower >= THRESHOLD, (cell, lower, upper)


def test_files_built_after_publication_are_protected_with_it(app: Flask) -> None:
    """Downloads built after a version is published hide whatever that version hid."""
    built = build_synthetic_collection()
    first = service.publish(built.collection, ACCEPTED, create_user(Role.ADMIN))
    _accept_one_more_school()
    now = build_national(built.collection, ACCEPTED).files
    before, after = _rows(read_archive(first.archive)), _rows(now)
    for key, row in before.items():
        for column, value in row.items():
            if value == "c":
                assert after[key][column] == "c", (key, column)
    assert first.disclosure_basis is not None


def test_every_hidden_cell_keeps_its_reason(app: Flask) -> None:
    """The log kept with each publication says why every hidden group is hidden."""
    built = build_synthetic_collection()
    datasets = build_national(built.collection, ACCEPTED)
    log = disclosure_log(datasets.disclosure)
    hidden = sum(
        row[column] == "c"
        for row in attacker.read(datasets.files[f"{OUTCOMES}.csv"])
        for column in row
    )
    assert hidden > 0
    outcomes = log[log["file"] == OUTCOMES]
    assert set(outcomes["rule"]) <= {"primary", "secondary", "audit", "with its set"}
    assert "primary" in set(log["rule"]) and "secondary" in set(log["rule"])
    secondary = log[log["rule"] == "secondary"]
    assert secondary["column"].notna().all() and secondary["dimension"].notna().all()
