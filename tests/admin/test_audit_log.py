"""The audit log: filtered by user, organisation, collection and dates; paged; as safe CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from flask.testing import FlaskClient

from sspcollect.db import session
from sspcollect.models import AuditEvent, Collection, User
from tests.factories import create_school, organisation_for
from tests.pages import Page, get
from tests.returns.factories import create_collection
from tests.review.world import make_user, signed_in


def _event(action: str, at: datetime, **values: object) -> None:
    """Add one audit event as if it had happened at `at`."""
    session.add(AuditEvent(action=action, object_type="return", at=at, **values))
    session.commit()


def _world(client: FlaskClient) -> tuple[User, User, Collection, int]:
    """An admin signed in; events by two users on two organisations in two collections."""
    admin = make_user("admin", "DFE", "Adam Admin")
    signed_in(client, admin)
    school = create_school(name="Hazel Grove Primary")
    teacher = make_user("school", str(school.urn), "Tess Teacher")
    first, second = create_collection(), create_collection()
    kent = organisation_for("E23000032").id
    _event(
        "alpha_saved",
        datetime(2031, 3, 2, 9, tzinfo=UTC),
        user_id=teacher.id,
        organisation_id=teacher.organisation_id,
        collection_id=first.id,
        object_id="1",
    )
    _event(
        "bravo_saved",
        datetime(2031, 3, 9, 23, 30, tzinfo=UTC),
        user_id=teacher.id,
        organisation_id=teacher.organisation_id,
        collection_id=second.id,
        object_id="1",
        comment='=HYPERLINK("http://evil.example")',
    )
    _event(
        "charlie_saved",
        datetime(2031, 4, 1, 12, tzinfo=UTC),
        user_id=admin.id,
        organisation_id=kent,
        collection_id=first.id,
        object_id="2",
        changes={"status": ["submitted", "accepted"]},
    )
    return admin, teacher, first, kent


def _actions(page: Page) -> list[str]:
    """The actions listed on the log page, in order."""
    return [
        str(row.select("td")[3].find(string=True)).strip().lower()
        for row in page.soup.select("tbody tr")
        if "saved" in row.get_text()
    ]


def test_audit_log_lists_events_newest_first_with_filters(client: FlaskClient) -> None:
    """By user, organisation, collection and UK dates (inclusive)."""
    _admin, teacher, first, _kent = _world(client)
    assert _actions(get(client, "/admin/audit"))[:3] == [
        "charlie saved",
        "bravo saved",
        "alpha saved",
    ]
    assert _actions(get(client, f"/admin/audit?user={teacher.email.upper()}")) == [
        "bravo saved",
        "alpha saved",
    ]
    assert _actions(get(client, "/admin/audit?organisation=e23000032")) == ["charlie saved"]
    assert _actions(get(client, f"/admin/audit?collection={first.id}")) == [
        "charlie saved",
        "alpha saved",
    ]
    # 23:30 UTC on 9 March is still 9 March in the UK (GMT); 1 April 12:00 is BST, still 1 April.
    dated = get(
        client,
        "/admin/audit?date_from-day=3&date_from-month=3&date_from-year=2031"
        "&date_to-day=9&date_to-month=3&date_to-year=2031",
    )
    assert _actions(dated) == ["bravo saved"]
    assert _actions(
        get(client, "/admin/audit?date_from-day=1&date_from-month=4&date_from-year=2031")
    ) == ["charlie saved"]


def test_audit_log_explains_dates_it_cannot_read(client: FlaskClient) -> None:
    """An impossible date, or a range that ends before it starts, is an error, not a 500."""
    _world(client)
    wrong = get(client, "/admin/audit?date_from-day=31&date_from-month=2&date_from-year=2031")
    assert wrong.errors == ["From date must be a real date, such as 5 3 2027"]
    assert wrong.title.startswith("Error: ")
    backwards = get(
        client,
        "/admin/audit?date_from-day=9&date_from-month=3&date_from-year=2031"
        "&date_to-day=1&date_to-month=3&date_to-year=2031",
    )
    assert backwards.errors == ["To date must be the same as or after the from date"]
    assert get(client, "/admin/audit?collection=abc&page=-1").status == 200


def test_audit_log_downloads_as_csv_with_the_same_filter_and_no_formulas(
    client: FlaskClient,
) -> None:
    """The CSV holds the filtered events; a cell that could run as a formula is neutralised."""
    _admin, teacher, _first, _kent = _world(client)
    page = get(client, f"/admin/audit?user={teacher.email}")
    link = page.soup.find("a", string="Download these events as CSV")
    response = client.get(str(link["href"]))
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [row["action"] for row in rows] == ["bravo_saved", "alpha_saved"]
    assert rows[0]["user_email"] == teacher.email
    assert rows[0]["organisation_name"] == "Hazel Grove Primary"
    assert rows[0]["comment"] == '\'=HYPERLINK("http://evil.example")'


def test_audit_log_csv_keeps_changes_as_json(client: FlaskClient) -> None:
    """What changed is written as JSON in one column."""
    _world(client)
    response = client.get("/admin/audit.csv?organisation=E23000032")
    [row] = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert row["changes"] == '{"status": ["submitted", "accepted"]}'


def test_audit_log_pages_fifty_at_a_time(client: FlaskClient) -> None:
    """A long log is paged; the filter travels with the pages."""
    admin = make_user("admin", "DFE", "Adam Admin")
    signed_in(client, admin)
    for number in range(60):
        session.add(
            AuditEvent(
                action="bulk_thing",
                object_type="x",
                object_id=str(number),
                user_id=admin.id,
                at=datetime(2031, 1, 1, tzinfo=UTC),
            )
        )
    session.commit()
    first = get(client, f"/admin/audit?user={admin.email}")
    assert len(first.soup.select("tbody tr")) == 50
    following = first.soup.select_one(".govuk-pagination__next a")
    assert following is not None and "user=" in following["href"]
    second = get(client, str(following["href"]))
    assert len(second.soup.select("tbody tr")) >= 10


def test_audit_log_is_written_in_words_and_the_csv_keeps_the_raw_values(
    client: FlaskClient,
) -> None:
    """A VRU flag, a list of aims taken away and a schedule read as people say them."""
    admin = make_user("admin", "DFE", "Adam Admin")
    signed_in(client, admin)
    school = create_school(name="Hazel Grove Primary")
    organisation = organisation_for(str(school.urn))
    at = datetime(2031, 3, 2, 9, tzinfo=UTC)
    session.add_all(
        [
            AuditEvent(
                action="force_area_vru_changed",
                object_type="force_area",
                object_id="E23000002",
                changes={"vru": [False, True]},
                user_id=admin.id,
                at=at,
            ),
            AuditEvent(
                action="school_answers_saved",
                object_type="return",
                object_id="7",
                organisation_id=organisation.id,
                changes={"aims": [["safeguarding", "community_relations"], None]},
                at=at,
            ),
            AuditEvent(
                action="reminder_schedule_changed",
                object_type="collection",
                object_id="999",
                changes={"reminder_days": [14, 7, 2]},
                at=at,
            ),
        ]
    )
    session.commit()
    page = get(client, "/admin/audit")
    assert "Cumbria was marked as a Violence Reduction Unit area" in page.text
    assert "Answers were saved on the return from Hazel Grove Primary" in page.text
    assert (
        "Aims it has helped with changed from Safeguarding and Community relations to none"
        in page.text
    )
    schedule = next(r for r in page.soup.select("tbody tr") if "reminder schedule" in r.get_text())
    assert [li.get_text() for li in schedule.select("ul ul li")] == ["14", "7", "2"]
    assert "\u2192" not in page.text and "vru" not in page.text
    rows = list(csv.DictReader(io.StringIO(client.get("/admin/audit.csv").get_data(as_text=True))))
    vru = next(row for row in rows if row["action"] == "force_area_vru_changed")
    assert vru["changes"] == '{"vru": [false, true]}'
