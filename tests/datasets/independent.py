"""A second, deliberately plain implementation of every figure, for the tests to check against.

It reads ssp_register.csv and the returns (through the ORM), and works each figure out with
loops over records: no pandas, nothing shared with sspcollect.datasets except the labels.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from sspcollect.db import session
from sspcollect.models import (
    FUNDING_SOURCE_LABELS,
    MODEL_LABELS,
    Collection,
    ForceArea,
    LocalAuthority,
    Organisation,
    PartnershipOutcome,
    Return,
    School,
    SchoolAnswers,
)
from sspcollect.models.returns import OUTCOME_FIELDS

TOTAL = "Total"
NOT_AVAILABLE = "x"
STATUS = {"yes": "Has an SSP", "no": "No SSP", "not_sure": "Not sure"}
# DfE's education_phase items (its data dictionary) for the phases of GIAS.
DFE_PHASE = {
    "Nursery": "Nursery",
    "Primary": "Primary",
    "Middle deemed primary": "Middle (deemed primary)",
    "Middle deemed secondary": "Middle (deemed secondary)",
    "Secondary": "Secondary",
    "All-through": "All-through",
    "16 plus": "Further education",
    "Not applicable": "Other education phase",
}
OTHER_PHASE = "Other education phase"
VRU = {True: "Violence Reduction Unit area", False: "Not a Violence Reduction Unit area"}
EVENTS = {
    "suspension": ("suspensions", 100),
    "permanent_exclusion": ("permanent_exclusions", 100),
    "violent_incident": ("violent_incidents", 1000),
    "weapon_incident": ("weapon_incidents", 1000),
    "bullying_incident": ("bullying_incidents", 1000),
}


def read_csv(content: bytes) -> list[dict[str, str]]:
    """The rows of a CSV file."""
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def area_of(row: dict[str, str]) -> tuple[str, str]:
    """(level, code) of the area a data row is about."""
    level = row["geographic_level"]
    if level == "National":
        code = row["country_code"]
        return ("national", code) if code == "K04000001" else ("country", code)
    if level == "Regional":
        return ("region", row["region_code"])
    if level == "Police force area":
        return ("pfa", row["pfa_code"])
    return ("la", row["new_la_code"])


def add_years(day: date, years: int) -> date:
    """day moved on by whole years (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def horizon(funded_until: str, reference: date) -> str:
    """The funding horizon band of a register row."""
    if not funded_until:
        return "Not known"
    until = date.fromisoformat(funded_until)
    if until < add_years(reference, 1):
        return "Ended or under 1 year"
    if until < add_years(reference, 3):
        return "1 to 3 years"
    return "3 years or more"


@dataclass
class World:
    """The raw records of one collection, from the register file and the database."""

    collection: Collection
    statuses: tuple[str, ...]
    register: list[dict[str, str]]
    la_force: dict[str, str] = field(default_factory=dict)
    la_region: dict[str, str | None] = field(default_factory=dict)
    la_country: dict[str, str] = field(default_factory=dict)
    force_country: dict[str, str] = field(default_factory=dict)
    force_region: dict[str, str | None] = field(default_factory=dict)
    force_vru: dict[str, bool] = field(default_factory=dict)
    school_la: dict[int, str] = field(default_factory=dict)
    education_phase: dict[int, str] = field(default_factory=dict)
    returns: list[dict[str, Any]] = field(default_factory=list)
    answers: list[dict[str, Any]] = field(default_factory=list)
    outcomes: dict[tuple[str, int], dict[str, int | None]] = field(default_factory=dict)

    @property
    def counted_forces(self) -> set[str]:
        """Force areas whose return is counted."""
        return {
            r["force"]
            for r in self.returns
            if r["kind"] == "force" and r["status"] in self.statuses
        }

    def schools_in(self, area: tuple[str, str], counted_only: bool = False) -> list[int]:
        """URNs of the collection's schools in area (only in counted force areas if asked)."""
        counted = self.counted_forces
        return [
            r["urn"]
            for r in self.returns
            if r["kind"] == "school"
            and self.in_area(area, la=self.school_la[r["urn"]])
            and (not counted_only or self.la_force[self.school_la[r["urn"]]] in counted)
        ]

    def in_area(
        self, area: tuple[str, str], la: str | None = None, force: str | None = None
    ) -> bool:
        """True when a school's local authority (or else a force) lies in area."""
        level, code = area
        if force is None and la is not None:
            force = self.la_force[la]
        assert force is not None
        if level == "national":
            return True
        if level == "country":
            return self.force_country[force] == code
        if level == "region":
            return self.force_region[force] == code
        if level == "pfa":
            return force == code
        return la == code


def load_world(collection: Collection, statuses: Iterable[str], register_csv: bytes) -> World:
    """Everything the figures are made from."""
    world = World(collection, tuple(statuses), read_csv(register_csv))
    for la in session.scalars(select(LocalAuthority)):
        world.la_force[la.code] = la.force_area_code
        world.la_region[la.code] = la.region_code
        world.la_country[la.code] = la.country_code
        if la.region_code:
            world.force_region[la.force_area_code] = la.region_code
    for force in session.scalars(select(ForceArea)):
        world.force_country[force.code] = force.country_code
        world.force_vru[force.code] = force.vru
        world.force_region.setdefault(force.code, None)
    for school in session.scalars(select(School)):
        world.school_la[school.urn] = school.la_code
        world.education_phase[school.urn] = DFE_PHASE.get(school.phase or "", OTHER_PHASE)
    for return_, organisation in session.execute(
        select(Return, Organisation)
        .join(Organisation, Organisation.id == Return.organisation_id)
        .where(Return.collection_id == collection.id)
    ):
        world.returns.append(
            {
                "kind": return_.kind,
                "status": return_.status,
                "urn": organisation.school_urn,
                "force": return_.force_area_code,
            }
        )
        answers = session.get(SchoolAnswers, return_.id)
        if return_.kind == "school" and return_.status in world.statuses and answers:
            world.answers.append({"urn": organisation.school_urn, "answers": answers})
        if return_.kind == "force" and return_.status in world.statuses:
            for outcome in session.scalars(
                select(PartnershipOutcome).where(PartnershipOutcome.return_id == return_.id)
            ):
                world.outcomes[(return_.force_area_code, outcome.partnership_id)] = {
                    name: getattr(outcome, name) for name in OUTCOME_FIELDS
                }
    return world


def _matches(value: str, wanted: str) -> bool:
    """A filter item matches itself; Total matches everything."""
    return wanted == TOTAL or value == wanted


def _model(code: str | None) -> str:
    """A model code as the files label it."""
    return MODEL_LABELS.get(code, code) if code else "Not known"  # type: ignore[call-overload]


def _covered_links(world: World) -> list[dict[str, str]]:
    """Register rows for schools of the collection."""
    return [row for row in world.register if row["school_in_collection"] == "yes"]


def _counted_links(world: World) -> list[dict[str, str]]:
    """Register rows for schools of the collection in force areas whose return is counted."""
    counted = world.counted_forces
    return [row for row in _covered_links(world) if row["school_pfa_code"] in counted]


def _share(world: World, row: dict[str, str]) -> float:
    """The share of a partnership's FTE that falls on one of its schools in the collection."""
    key = (row["pfa_code"], row["partnership_id"])
    count = sum(1 for r in _covered_links(world) if (r["pfa_code"], r["partnership_id"]) == key)
    return float(row["officer_fte"]) / count


def partnerships_figures(world: World, row: dict[str, str]) -> dict[str, float | None]:
    """The figures of one ssp_partnerships row."""
    area = area_of(row)
    model, phase = row["ssp_model"], row["education_phase"]
    population = {u for u in world.schools_in(area) if _matches(world.education_phase[u], phase)}
    counted = {u for u in world.schools_in(area, True) if _matches(world.education_phase[u], phase)}
    if not counted:
        return {
            "school_count": len(population),
            "schools_counted_count": 0,
            **dict.fromkeys(
                (
                    "partnership_count",
                    "schools_covered_count",
                    "schools_covered_percent",
                    "pupils_in_covered_schools_count",
                    "officer_fte",
                ),
                NOT_AVAILABLE,
            ),
        }
    partnerships, schools, pupils, fte = set(), set(), {}, 0.0
    for link in _counted_links(world):
        if not (
            _matches(_model(link["ssp_model"]), model)
            and _matches(DFE_PHASE.get(link["school_phase"], OTHER_PHASE), phase)
            and world.in_area(area, la=link["new_la_code"])
        ):
            continue
        partnerships.add((link["pfa_code"], link["partnership_id"]))
        schools.add(link["urn"])
        pupils[link["urn"]] = int(link["school_pupils"] or 0)
        fte += _share(world, link)
    return {
        "partnership_count": len(partnerships),
        "school_count": len(population),
        "schools_counted_count": len(counted),
        "schools_covered_count": len(schools),
        "schools_covered_percent": 100 * len(schools) / len(counted),
        "pupils_in_covered_schools_count": sum(pupils.values()),
        "officer_fte": fte,
    }


def school_outcomes_figures(world: World, row: dict[str, str]) -> dict[str, float | None]:
    """The figures of one ssp_school_outcomes row."""
    area = area_of(row)
    chosen = []
    for item in world.answers:
        answers, la = item["answers"], world.school_la[item["urn"]]
        status = STATUS.get(answers.has_ssp, "Not known")
        model = _model(answers.ssp_model) if status == "Has an SSP" else None
        if not world.in_area(area, la=la) or not _matches(status, row["ssp_status"]):
            continue
        if row["ssp_model"] != TOTAL and model != row["ssp_model"]:
            continue
        if not _matches(VRU[world.force_vru[world.la_force[la]]], row["vru_area"]):
            continue
        chosen.append(answers)
    figures: dict[str, float | None] = {
        "school_count": len(chosen),
        "pupil_count": sum(a.pupils_on_roll or 0 for a in chosen),
    }
    for name, attribute in (
        ("attendance_percent", "attendance_percent"),
        ("persistent_absence_percent", "persistent_absence_percent"),
        ("feel_safe_percent", "pupils_feel_safe_percent"),
    ):
        top = bottom = 0.0
        surveyed = 0
        for a in chosen:
            value = getattr(a, attribute)
            if attribute == "pupils_feel_safe_percent" and a.feel_safe_not_surveyed:
                value = None
            if value is not None and a.pupils_on_roll is not None:
                top += float(value) * a.pupils_on_roll
                bottom += a.pupils_on_roll
                surveyed += 1
        figures[name] = top / bottom if bottom else None
        if name == "feel_safe_percent":
            figures["feel_safe_schools_count"] = surveyed
    for thing, (attribute, per) in EVENTS.items():
        events = pupils = 0
        for a in chosen:
            if getattr(a, attribute) is not None and a.pupils_on_roll is not None:
                events += getattr(a, attribute)
                pupils += a.pupils_on_roll
        figures[f"{thing}_count"] = events
        figures[f"{thing}_rate"] = per * events / pupils if pupils else None
    if not chosen and row["ssp_status"] == TOTAL:
        # An area with schools but no counted school return: nothing is available.
        return {name: (0 if name == "school_count" else NOT_AVAILABLE) for name in figures}
    return figures


def police_outcomes_figures(world: World, row: dict[str, str]) -> dict[str, float | None]:
    """The figures of one ssp_police_outcomes row."""
    area = area_of(row)
    if not any(world.in_area(area, force=force) for force in world.counted_forces):
        names = ["partnership_count", *(f"{name}_count" for name in OUTCOME_FIELDS)]
        return dict.fromkeys(names, NOT_AVAILABLE)
    seen = {}
    for link in world.register:
        key = (link["pfa_code"], int(link["partnership_id"]))
        if world.in_area(area, force=link["pfa_code"]) and _matches(
            _model(link["ssp_model"]), row["ssp_model"]
        ):
            seen[key] = world.outcomes.get(key, dict.fromkeys(OUTCOME_FIELDS))
    figures: dict[str, float | None] = {"partnership_count": len(seen)}
    for name in OUTCOME_FIELDS:
        known = [values[name] for values in seen.values() if values[name] is not None]
        figures[f"{name}_count"] = sum(known) if known or not seen else None
    return figures


def funding_figures(world: World, row: dict[str, str]) -> dict[str, float | None]:
    """The figures of one ssp_funding row."""
    area = area_of(row)
    reference = world.collection.reference_date
    if not world.schools_in(area, counted_only=True):
        names = ("partnership_count", "officer_fte", "partnerships_with_isa_count")
        return {**dict.fromkeys(names, NOT_AVAILABLE), "partnerships_with_isa_percent": "x"}
    partnerships: dict[tuple[str, str], bool] = {}
    fte = 0.0
    for link in _counted_links(world):
        codes = [c for c in link["funding_sources"].split(";") if c]
        sources = [FUNDING_SOURCE_LABELS[c] for c in codes] or ["Not known"]  # type: ignore[index]
        if row["funding_source"] != TOTAL and row["funding_source"] not in sources:
            continue
        if not _matches(horizon(link["funded_until"], reference), row["funding_horizon"]):
            continue
        if not world.in_area(area, la=link["new_la_code"]):
            continue
        partnerships[(link["pfa_code"], link["partnership_id"])] = (
            link["information_sharing_agreement"] == "yes"
        )
        fte += _share(world, link)
    count = len(partnerships)
    with_isa = sum(partnerships.values())
    return {
        "partnership_count": count,
        "officer_fte": fte,
        "partnerships_with_isa_count": with_isa,
        "partnerships_with_isa_percent": 100 * with_isa / count if count else None,
    }


def progress_figures(world: World, row: dict[str, str]) -> dict[str, float | None]:
    """The figures of one ssp_collection_progress row."""
    area = area_of(row)
    kinds = {"School": "school", "Police force": "force"}
    counts = dict.fromkeys(("expected", "submitted", "accepted", "included"), 0)
    for item in world.returns:
        if row["return_type"] != TOTAL and kinds[row["return_type"]] != item["kind"]:
            continue
        if item["kind"] == "school":
            if not world.in_area(area, la=world.school_la[item["urn"]]):
                continue
        elif area[0] == "la" or not world.in_area(area, force=item["force"]):
            continue
        counts["expected"] += 1
        counts["submitted"] += item["status"] in ("submitted", "accepted")
        counts["accepted"] += item["status"] == "accepted"
        counts["included"] += item["status"] in world.statuses
    return {
        "returns_expected_count": counts["expected"],
        "returns_submitted_count": counts["submitted"],
        "returns_accepted_count": counts["accepted"],
        "returns_included_count": counts["included"],
        "response_rate_percent": (
            100 * counts["submitted"] / counts["expected"] if counts["expected"] else None
        ),
        "returns_included_percent": (
            100 * counts["included"] / counts["expected"] if counts["expected"] else None
        ),
    }


FIGURES = {
    "ssp_partnerships": partnerships_figures,
    "ssp_school_outcomes": school_outcomes_figures,
    "ssp_police_outcomes": police_outcomes_figures,
    "ssp_funding": funding_figures,
    "ssp_collection_progress": progress_figures,
}
