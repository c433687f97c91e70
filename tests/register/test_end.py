"""Ending partnerships, and the audit trail of every save."""

from __future__ import annotations

from datetime import date

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from sspcollect.db import session
from sspcollect.models import AuditEvent, Partnership
from sspcollect.versioning import StaleEditError
from tests.factories import create_school, csrf_token
from tests.pages import Page, get, post
from tests.register.helpers import (
    WEST_MIDLANDS,
    answers,
    create_partnership,
    field_error,
    hidden_value,
    police_client,
    submit,
    value_of,
)


def _end(day: str, month: str, year: str) -> dict[str, str]:
    """The end page's date boxes."""
    return {"end_date-day": day, "end_date-month": month, "end_date-year": year}


def _fresh(partnership_id: int) -> Partnership:
    """The partnership as the database holds it now."""
    session.expire_all()
    found = session.get(Partnership, partnership_id)
    assert found is not None
    return found


def test_police_user_ends_a_partnership(client: FlaskClient) -> None:
    """The end date is kept, the register shows the partnership ended, and it is audited."""
    user = police_client(client)
    partnership = create_partnership(WEST_MIDLANDS, [create_school().urn])
    url = f"/register/{partnership.id}/end"
    page = get(client, url)
    assert page.heading.endswith("When did the partnership end?")
    assert "For example," in page.text
    saved = submit(client, url, _end("31", "7", "2025"), expected_status=302)
    assert saved.response.headers["Location"] == f"/register/{partnership.id}"
    kept = _fresh(partnership.id)
    assert kept.end_date == date(2025, 7, 31)
    assert kept.version == 2
    summary = get(client, f"/register/{partnership.id}")
    assert "Partnership REF-1 ended" in summary.text
    assert "31 July 2025" in summary.text
    assert "Ended" in get(client, "/register").soup.select("tbody tr")[0].get_text()
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "partnership_ended")
    ).one()
    assert event.changes == {"end_date": [None, "2025-07-31"]}
    assert event.user_id == user.id
    assert event.object_id == str(partnership.id)


def test_end_date_before_the_start_is_refused(client: FlaskClient) -> None:
    """POL-017 on the end page: the partnership cannot end before it started."""
    police_client(client)
    partnership = create_partnership(WEST_MIDLANDS, [create_school().urn])
    url = f"/register/{partnership.id}/end"
    page = submit(client, url, _end("31", "8", "2023"))
    assert page.errors == ["The end date must be the same as or after the start date"]
    assert "same as or after" in field_error(page, "end_date")
    assert value_of(page, "end_date-year") == "2023"
    assert _fresh(partnership.id).end_date is None
    submit(client, url, _end("1", "9", "2023"), expected_status=302)
    assert _fresh(partnership.id).end_date == date(2023, 9, 1)


def test_unreadable_end_date_is_refused(client: FlaskClient) -> None:
    """POL-016 on the end page."""
    police_client(client)
    partnership = create_partnership(WEST_MIDLANDS, [create_school().urn])
    page = submit(client, f"/register/{partnership.id}/end", _end("31", "2", "2025"))
    assert page.errors == ["Enter the end date as a real date, or leave it blank"]
    assert page.soup.select_one(".govuk-error-summary a")["href"] == "#end_date-day"
    assert _fresh(partnership.id).end_date is None


def test_blank_end_date_asks_for_one(client: FlaskClient) -> None:
    """Ending needs a date."""
    police_client(client)
    partnership = create_partnership(WEST_MIDLANDS, [create_school().urn])
    page = submit(client, f"/register/{partnership.id}/end", _end("", "", ""))
    assert page.errors == ["Enter the date the partnership ended"]
    assert _fresh(partnership.id).version == 1


def test_ending_a_partnership_whose_school_has_closed_is_allowed(client: FlaskClient) -> None:
    """Only the end date is checked: a school closed since does not stop the ending."""
    police_client(client)
    school = create_school()
    partnership = create_partnership(WEST_MIDLANDS, [school.urn])
    school.is_open = False
    session.commit()
    summary = get(client, f"/register/{partnership.id}")
    assert "is closed; remove it from the partnership" in summary.text
    submit(client, f"/register/{partnership.id}/end", _end("20", "7", "2025"), expected_status=302)
    assert _fresh(partnership.id).end_date == date(2025, 7, 20)


def test_ending_from_a_stale_page_is_refused(app: Flask, client: FlaskClient) -> None:
    """The end page is versioned like the change page."""
    police_client(client)
    first, second = create_school(), create_school()
    partnership = create_partnership(WEST_MIDLANDS, [first.urn, second.urn])
    end_url = f"/register/{partnership.id}/end"
    end_page = get(client, end_url)
    submit(
        client,
        f"/register/{partnership.id}/edit",
        answers(first.urn, second.urn, reference="REF-1"),
        expected_status=302,
    )
    stale = Page(
        client.post(
            end_url,
            data={
                "csrf_token": csrf_token(end_page.html),
                "version": hidden_value(end_page, "version"),
                **_end("1", "8", "2025"),
            },
        )
    )
    assert stale.status == 409
    assert stale.errors == [StaleEditError.MESSAGE]
    assert hidden_value(stale, "version") == "2"
    assert _fresh(partnership.id).end_date is None


def test_every_save_is_in_the_audit_trail(client: FlaskClient) -> None:
    """Add, change and end each leave one audit event naming the fields they changed."""
    user = police_client(client)
    first, second = create_school(), create_school()
    post(client, "/register/add", answers(first.urn, second.urn), expected_status=302)
    partnership = session.scalars(select(Partnership)).one()
    submit(
        client,
        f"/register/{partnership.id}/edit",
        answers(first.urn, second.urn, officer_count="4"),
        expected_status=302,
    )
    submit(client, f"/register/{partnership.id}/end", _end("31", "8", "2026"), expected_status=302)
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.object_type == "partnership").order_by(AuditEvent.id)
    ).all()
    assert [e.action for e in events] == [
        "partnership_added",
        "partnership_changed",
        "partnership_ended",
    ]
    assert {e.object_id for e in events} == {str(partnership.id)}
    assert {e.organisation_id for e in events} == {user.organisation_id}
    added = events[0].changes
    assert added["reference"] == [None, "WM-001"]
    assert added["funding_sources"] == [None, ["police_force", "vru"]]
    assert added["start_date"] == [None, "2024-09-01"]
    assert added["schools"] == [None, [[first.urn, "2.5"], [second.urn, "2.5"]]]
    assert events[1].changes == {"officer_count": [2, 4]}
    assert events[2].changes == {"end_date": [None, "2026-08-31"]}
