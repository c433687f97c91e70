"""Hostile values in every form of the main journeys: never a 500, never bad data saved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from sspcollect.accounts.service import issue_token
from sspcollect.db import session
from sspcollect.models import PartnershipOutcome, SchoolAnswers, TokenPurpose, User
from sspcollect.returns.force_forms import OUTCOME_QUESTIONS
from sspcollect.returns.school_forms import PAGES
from tests.factories import csrf_token
from tests.review.world import World, answer, build_world, signed_in, submit

FUZZ = settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=20),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "x" * 100_000,
            "\u202e\u0000\ufeff",
            "😀" * 500,
            "-1",
            "-0",
            "1e309",
            "NaN",
            "Infinity",
            "99999999999999999999999999",
            "-99999999999999999999999999",
            "2147483648",
            "0x10",
            "1,000",
            "3.14159265358979323846",
            "yes",
            "true",
            "[]",
            "{}",
            "None",
            "31",
            "2",
            "2030",
        ]
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
# A field is left out, given once, or repeated.
FIELD_VALUE = st.one_of(st.none(), HOSTILE_TEXT, st.lists(HOSTILE_TEXT, min_size=2, max_size=3))


def hostile_form(fields: list[str]) -> st.SearchStrategy[dict[str, object]]:
    """Form data for fields: each missing, hostile, or repeated."""
    return st.fixed_dictionaries({name: FIELD_VALUE for name in fields}).map(
        lambda data: {name: value for name, value in data.items() if value is not None}
    )


def _post(client: FlaskClient, url: str, data: dict[str, object], version: int | None) -> int:
    """POST data to url with the page's CSRF token (and version when given); the status."""
    page = client.get(url)
    assert page.status_code < 500, url
    token = csrf_token(page.get_data(as_text=True)) if page.status_code == 200 else ""
    sent = {"csrf_token": token, **data}
    if version is not None and "version" not in data:
        sent["version"] = str(version)
    response = client.post(url, data=sent)
    assert response.status_code < 500, f"{url} {data!r:.300}: {response.status_code}"
    return response.status_code


def _fuzz(
    app: Flask,
    client: FlaskClient,
    url: str,
    fields: list[str],
    version: Callable[[], int | None],
    examples: int = 5,
) -> None:
    """Post hostile forms for fields to url."""

    @settings(FUZZ, max_examples=examples)
    @given(data=hostile_form(fields))
    def run(data: dict[str, object]) -> None:
        with app.app_context():
            _post(client, url, data, version())

    run()


def _world_client(app: Flask, role: str) -> tuple[World, FlaskClient]:
    """The review world and a client signed in as role."""
    world = build_world()
    return world, signed_in(app.test_client(), world.users[role])


def _version(obj: object) -> Callable[[], int]:
    """The current version of obj, read afresh."""

    def current() -> int:
        session.expire_all()
        return int(obj.version)  # type: ignore[attr-defined]

    return current


def test_sign_in_survives_hostile_input(app: Flask) -> None:
    _fuzz(app, app.test_client(), "/sign-in", ["email", "password"], lambda: None)


def test_forgot_password_survives_hostile_input(app: Flask) -> None:
    _fuzz(app, app.test_client(), "/forgot-password", ["email"], lambda: None)


def test_set_password_survives_hostile_input(app: Flask) -> None:
    world = build_world()
    token = issue_token(world.users["spare"], TokenPurpose.INVITATION, timedelta(days=1))
    session.commit()
    _fuzz(app, app.test_client(), f"/set-password/{token}", ["password", "confirm"], lambda: None)


def test_school_question_pages_survive_hostile_input_and_save_nothing_out_of_range(
    app: Flask,
) -> None:
    world, client = _world_client(app, "school")
    answer(world.return_a, has_ssp="yes")
    for page in PAGES:
        url = f"/returns/{world.return_a.id}/school/{page.slug}"
        _fuzz(app, client, url, [*page.fields, "action", "version"], _version(world.return_a), 3)
        answer(world.return_a, has_ssp="yes")
    session.expire_all()
    saved = session.scalar(
        select(SchoolAnswers).where(SchoolAnswers.return_id == world.return_a.id)
    )
    assert saved is not None
    assert saved.has_ssp in {None, "yes", "no", "not_sure"}
    assert saved.effectiveness is None or 1 <= saved.effectiveness <= 5
    assert saved.officer_days_per_week is None or 0 <= saved.officer_days_per_week <= 5
    for name in ("attendance_percent", "persistent_absence_percent", "pupils_feel_safe_percent"):
        value = getattr(saved, name)
        assert value is None or Decimal(0) <= value <= Decimal(100), name
    for name in ("pupils_on_roll", "suspensions", "permanent_exclusions", "violent_incidents"):
        value = getattr(saved, name)
        assert value is None or 0 <= value < 2**31, name
    assert "\x00" not in (saved.comments or "")


def test_force_outcomes_survive_hostile_input_and_save_nothing_negative(app: Flask) -> None:
    world, client = _world_client(app, "police")
    url = f"/returns/{world.return_x.id}/force/outcomes/{world.partnership_x.id}"
    _fuzz(app, client, url, [*OUTCOME_QUESTIONS, "version"], _version(world.return_x))
    session.expire_all()
    for outcome in session.scalars(select(PartnershipOutcome)):
        for name in OUTCOME_QUESTIONS:
            value = getattr(outcome, name)
            assert value is None or 0 <= value < 2**31, name


REGISTER_FIELDS = [
    "reference",
    "name",
    "model",
    "model_description",
    "officer_role",
    "officer_count",
    "fte",
    "funding_sources",
    "funded_until-day",
    "funded_until-month",
    "funded_until-year",
    "information_sharing_agreement",
    "start_date-day",
    "start_date-month",
    "start_date-year",
    "school_search",
    "school_urn",
    "action",
]


def test_register_add_survives_hostile_input(app: Flask) -> None:
    _world, client = _world_client(app, "police")
    _fuzz(app, client, "/register/add", REGISTER_FIELDS, lambda: None)


def test_register_edit_survives_hostile_input(app: Flask) -> None:
    world, client = _world_client(app, "police")
    url = f"/register/{world.partnership_x.id}/edit"
    _fuzz(app, client, url, [*REGISTER_FIELDS, "version"], _version(world.partnership_x))


def test_collection_create_survives_hostile_input(app: Flask) -> None:
    _world, client = _world_client(app, "admin")
    fields = [
        "title",
        "time_period",
        *(
            f"{name}-{part}"
            for name in ("reference_date", "opens_on", "deadline", "closes_on")
            for part in ("day", "month", "year")
        ),
        "reminder_days_before",
        "overdue_every_days",
        "overdue_max",
    ]
    _fuzz(app, client, "/collections/new", fields, lambda: None)


def test_return_for_amendment_survives_hostile_input(app: Flask) -> None:
    world, client = _world_client(app, "reviewer")
    submit(world.return_a)
    url = f"/review/returns/{world.return_a.id}/return-for-amendment"
    page = f"/review/returns/{world.return_a.id}"

    @FUZZ
    @given(data=hostile_form(["comment", "version"]))
    def run(data: dict[str, object]) -> None:
        with app.app_context():
            token = csrf_token(client.get(page).get_data(as_text=True))
            response = client.post(url, data={"csrf_token": token, **data})
            assert response.status_code < 500, data

    run()


def test_admin_invite_survives_hostile_input(app: Flask) -> None:
    _world, client = _world_client(app, "admin")
    _fuzz(
        app,
        client,
        "/admin/users/invite",
        ["name", "email", "role", "organisation_code"],
        lambda: None,
    )
    session.expire_all()
    for user in session.scalars(select(User)):
        assert "\x00" not in user.name and "\x00" not in user.email


def test_huge_ids_in_urls_are_not_found(app: Flask) -> None:
    world, client = _world_client(app, "admin")
    huge = "99999999999999999999"
    for url in (
        f"/admin/users/{huge}",
        f"/collections/{huge}",
        f"/review/returns/{huge}",
        f"/datasets/{huge}",
        f"/review/{huge}",
        f"/admin/returns/{huge}/reopen",
        "/admin/users/2147483648",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/admin/users/{world.users['spare'].id}").status_code == 200


def test_a_nul_byte_in_a_form_is_refused_and_saves_nothing(app: Flask) -> None:
    world, client = _world_client(app, "school")
    url = f"/returns/{world.return_a.id}/school/comments"
    answer(world.return_a, has_ssp="yes", comments="Kept")
    status = _post(client, url, {"comments": "bad\x00comment"}, _version(world.return_a)())
    assert status == 400
    session.expire_all()
    saved = session.scalar(
        select(SchoolAnswers).where(SchoolAnswers.return_id == world.return_a.id)
    )
    assert saved is not None and saved.comments == "Kept"


def test_a_comment_without_a_nul_byte_is_saved(app: Flask) -> None:
    world, client = _world_client(app, "school")
    url = f"/returns/{world.return_a.id}/school/comments"
    answer(world.return_a, has_ssp="yes", comments="Kept")
    assert _post(client, url, {"comments": "Good ✓"}, _version(world.return_a)()) == 302
    session.expire_all()
    saved = session.scalar(
        select(SchoolAnswers).where(SchoolAnswers.return_id == world.return_a.id)
    )
    assert saved is not None and saved.comments == "Good ✓"
