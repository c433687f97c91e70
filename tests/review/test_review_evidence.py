"""The review of one return puts the evidence first: answers beside last year's, queries with
their explanations (marked as reviewed), the other side of each reconciliation, then the
decision; with its history in words, a comparison, an assignment and the list kept."""

from __future__ import annotations

from datetime import date

from flask.testing import FlaskClient
from sqlalchemy import select

from sspcollect import audit
from sspcollect.db import session
from sspcollect.models import (
    AuditEvent,
    CollectionStatus,
    Finding,
    Return,
    ReturnStatus,
    SchoolAnswers,
)
from tests.conftest import Outbox
from tests.factories import organisation_for
from tests.pages import Page, get, post
from tests.returns.factories import create_collection, create_return
from tests.review.world import World, answer, build_world, signed_in, submit


def _reload(return_: Return) -> Return:
    """The return as the database holds it now."""
    session.expire_all()
    found = session.get(Return, return_.id)
    assert found is not None
    return found


def _with_query(
    world: World, explanation: str = "A flu outbreak closed two year groups."
) -> Finding:
    """School A's return answered, submitted, with an explained attendance query."""
    answer(world.return_a, has_ssp="no", pupils_on_roll=431, suspensions=12, permanent_exclusions=1)
    finding = Finding(
        rule_id="SCH-101",
        level="query",
        subject="",
        message="Overall attendance of 82% is lower than at most schools (below 85%).",
        explanation=explanation,
    )
    world.return_a.findings.append(finding)
    submit(world.return_a, world.users["school"])
    return finding


def _last_year(world: World) -> Return:
    """School A's return in an earlier, closed collection, accepted with 420 pupils."""
    earlier = create_collection(
        title="Safer School Partnerships 2019/20",
        time_period="201920",
        reference_date=date(2020, 1, 15),
        deadline=date(2020, 6, 30),
        closes_on=date(2020, 7, 31),
        status=CollectionStatus.CLOSED,
    )
    previous = create_return(organisation_for(str(world.school_a.urn)), earlier)
    previous.school_answers = SchoolAnswers(
        has_ssp="no", pupils_on_roll=420, suspensions=12, permanent_exclusions=0
    )
    previous.status = ReturnStatus.ACCEPTED
    session.commit()
    return previous


def _position(page: Page, text: str) -> int:
    """Where text first appears in the page."""
    at = page.text.find(text)
    assert at >= 0, f"{text!r} is not on the page"
    return at


def test_the_evidence_comes_before_the_decision(client: FlaskClient) -> None:
    """Answers, then queries, then reconciliation, then the decision."""
    world = build_world()
    _with_query(world)
    signed_in(client, world.users["reviewer"])
    page = get(client, f"/review/returns/{world.return_a.id}")
    answers = _position(page, "Pupils on roll")
    queries = _position(page, "A flu outbreak closed two year groups.")
    reconciliation = _position(page, "Reconciliation with the other side")
    decision = _position(page, "Your decision")
    assert answers < queries < reconciliation < decision
    assert "Low attendance" in page.text  # the rule's name, not only its code


def test_last_years_answers_sit_beside_this_years_with_changes_marked(client: FlaskClient) -> None:
    """The school's previous return gives the column before this year's, as on the comparison
    page; a changed answer is marked."""
    world = build_world()
    _last_year(world)
    _with_query(world)
    signed_in(client, world.users["reviewer"])
    page = get(client, f"/review/returns/{world.return_a.id}")
    table = next(t for t in page.soup.select("table") if "Pupils on roll" in t.get_text())
    headings = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headings == ["Question", "Safer School Partnerships 2019/20", "This return"]
    pupils = next(r for r in table.select("tbody tr") if "Pupils on roll" in r.get_text())
    cells = [td.get_text(" ", strip=True) for td in pupils.select("td")]
    assert cells == ["420", "431 Changed"]
    suspensions = next(r for r in table.select("tbody tr") if "Suspensions" in r.get_text())
    assert [td.get_text(" ", strip=True) for td in suspensions.select("td")] == ["12", "12"]


def test_a_reviewer_marks_a_query_as_reviewed_and_the_mark_goes_when_the_return_goes_back(
    client: FlaskClient,
) -> None:
    """Who and when are kept and shown; returning the return for amendment clears the mark."""
    world = build_world()
    finding = _with_query(world)
    signed_in(client, world.users["reviewer"])
    address = f"/review/returns/{world.return_a.id}"
    done = post(
        client,
        f"{address}/queries/{finding.id}/reviewed",
        {"status": "submitted", "page": "2"},
        expected_status=302,
        form_url=address,
    )
    assert done.response.headers["Location"] == (
        f"{address}?status=submitted&page=2#query-{finding.id}"
    )
    session.expire_all()
    stored = session.get(Finding, finding.id)
    assert stored is not None and stored.reviewed_at is not None
    assert stored.reviewed_by_id == world.users["reviewer"].id
    page = get(client, address)
    assert "By Rita Reviewer" in page.text
    assert "Query marked as reviewed: Low attendance" in page.text

    post(
        client,
        f"{address}/return-for-amendment",
        {"version": str(_reload(world.return_a).version), "comment": "Check attendance."},
        expected_status=302,
        form_url=address,
    )
    session.expire_all()
    stored = session.get(Finding, finding.id)
    assert stored is not None and stored.reviewed_at is None


def test_another_organisations_query_cannot_be_marked_through_this_return(
    client: FlaskClient,
) -> None:
    """A finding id from another return is not found."""
    world = build_world()
    _with_query(world)
    other = Finding(rule_id="SCH-101", level="query", subject="", message="Low")
    world.return_b.findings.append(other)
    session.commit()
    signed_in(client, world.users["reviewer"])
    address = f"/review/returns/{world.return_a.id}"
    post(client, f"{address}/queries/{other.id}/reviewed", expected_status=404, form_url=address)


def test_the_list_and_its_page_survive_an_action_on_a_return(client: FlaskClient) -> None:
    """The list links carry the filter; accepting keeps it; Back to the returns goes there."""
    world = build_world()
    answer(world.return_a, has_ssp="no", pupils_on_roll=420)
    submit(world.return_a, world.users["school"])
    signed_in(client, world.users["reviewer"])
    listing = get(client, f"/review/{world.collection.id}/returns?status=submitted&kind=school")
    link = listing.soup.find("a", string=world.school_a.name)
    assert link is not None
    assert link["href"] == f"/review/returns/{world.return_a.id}?status=submitted&kind=school"
    page = get(client, str(link["href"]))
    back = page.soup.select_one(".govuk-back-link")
    assert back is not None
    assert back["href"] == f"/review/{world.collection.id}/returns?status=submitted&kind=school"
    version = page.soup.find("input", {"name": "version"})
    assert version is not None
    done = post(
        client,
        f"/review/returns/{world.return_a.id}/accept",
        {"version": str(version["value"]), "status": "submitted", "kind": "school"},
        expected_status=302,
        form_url=str(link["href"]),
    )
    assert done.response.headers["Location"] == str(link["href"])


def test_the_rule_filter_names_each_rule(client: FlaskClient) -> None:
    """Each option says what the rule checks, with its id after it."""
    world = build_world()
    signed_in(client, world.users["reviewer"])
    page = get(client, f"/review/{world.collection.id}/returns")
    options = {o["value"]: o.get_text() for o in page.soup.select("select#rule option")}
    assert options["SCH-101"] == "Low attendance (SCH-101)"
    assert options["XRT-001"].startswith("School has a partnership")


def test_history_says_what_changed_in_words(client: FlaskClient) -> None:
    """A save shows old to new in the words of the form, not field names or codes."""
    world = build_world()
    audit.record(
        "school_answers_saved",
        "return",
        world.return_a.id,
        changes={
            "pupils_on_roll": [420, 431],
            "aims": [["safeguarding", "community_relations"], None],
        },
        user=world.users["school"],
        organisation_id=world.return_a.organisation_id,
        collection_id=world.collection.id,
    )
    session.commit()
    signed_in(client, world.users["reviewer"])
    page = get(client, f"/review/returns/{world.return_a.id}")
    assert "Answers saved" in page.text
    assert "Pupils on roll changed from 420 to 431" in page.text
    assert "Aims it has helped with changed from Safeguarding and Community relations to none" in (
        page.text
    )
    assert "pupils_on_roll" not in page.text


def test_compare_with_the_previous_return_side_by_side(client: FlaskClient) -> None:
    """Both years' answers in one table, the changes counted and marked."""
    world = build_world()
    _last_year(world)
    _with_query(world)
    signed_in(client, world.users["reviewer"])
    page = get(client, f"/review/returns/{world.return_a.id}/compare")
    assert page.heading == "Compare with the previous return"
    assert "2 answers have changed" in page.text  # pupils on roll and permanent exclusions
    row = next(r for r in page.soup.select("tbody tr") if "Permanent exclusions" in r.get_text())
    assert [td.get_text(" ", strip=True) for td in row.select("td")] == ["0", "1 Changed"]


def test_compare_without_a_previous_return_says_so(client: FlaskClient) -> None:
    """A first return has nothing to compare with."""
    world = build_world()
    signed_in(client, world.users["reviewer"])
    page = get(client, f"/review/returns/{world.return_b.id}/compare")
    assert "nothing to compare with" in page.text


def test_a_return_is_assigned_with_a_note_only_central_staff_see(client: FlaskClient) -> None:
    """The assignment shows in the list and filters it; the school never sees the note."""
    world = build_world()
    _with_query(world)
    signed_in(client, world.users["reviewer"])
    address = f"/review/returns/{world.return_a.id}"
    post(
        client,
        f"{address}/assignment",
        {"reviewer": str(world.users["spare"].id), "note": "Waiting for the LA's figures."},
        expected_status=302,
        form_url=address,
    )
    page = get(client, address)
    assert "Waiting for the LA's figures." in page.text
    mine = get(client, f"/review/{world.collection.id}/returns?assigned={world.users['spare'].id}")
    assert [a.get_text() for a in mine.soup.select("tbody th a")] == [world.school_a.name]
    nobody = get(client, f"/review/{world.collection.id}/returns?assigned=none")
    assert world.school_a.name not in nobody.text

    school = client.application.test_client()
    signed_in(school, world.users["school"])
    for url in (f"/returns/{world.return_a.id}", "/"):
        seen = school.get(url, follow_redirects=True).get_data(as_text=True)
        assert "Waiting for the LA" not in seen
    assert school.get(address).status_code in (403, 404)


def test_a_note_that_is_too_long_is_refused(client: FlaskClient) -> None:
    """The error says how long it may be; nothing is kept."""
    world = build_world()
    signed_in(client, world.users["reviewer"])
    address = f"/review/returns/{world.return_a.id}"
    page = post(
        client, f"{address}/assignment", {"note": "x" * 2001}, expected_status=400, form_url=address
    )
    assert page.errors == ["The note must be 2,000 characters or fewer"]


def test_the_filtered_list_downloads_as_csv_with_formulas_neutralised(
    client: FlaskClient,
) -> None:
    """Every return the filter matches, names made safe for a spreadsheet."""
    world = build_world()
    world.return_b.organisation.name = "=HYPERLINK(1)"
    session.commit()
    signed_in(client, world.users["reviewer"])
    response = client.get(f"/review/{world.collection.id}/returns.csv?kind=school")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0].startswith("organisation,urn,kind,police_force_area,status")
    assert len(lines) == 3  # the two school returns, not the forces'
    assert any(line.startswith("'=HYPERLINK(1)") for line in lines)


def test_reminders_to_a_filtered_list_go_once_a_day(client: FlaskClient, outbox: Outbox) -> None:
    """Only unsubmitted returns in the list are chased; pressing again sends nothing more."""
    world = build_world()
    submit(world.return_b)
    signed_in(client, world.users["reviewer"])
    address = f"/review/{world.collection.id}/returns/remind"
    confirm = get(client, f"{address}?kind=school")
    assert confirm.heading == "Send a reminder about 1 return"
    post(
        client, address, {"kind": "school"}, expected_status=302, form_url=f"{address}?kind=school"
    )
    assert len(outbox.to(world.users["school"].email)) == 1
    assert outbox.to(world.users["school_b"].email) == []
    assert outbox.to(world.users["police"].email) == []
    again = post(
        client,
        address,
        {"kind": "school"},
        expected_status=200,
        follow_redirects=True,
        form_url=f"{address}?kind=school",
    )
    assert "1 person had already had one today" in again.text
    assert len(outbox.to(world.users["school"].email)) == 1
    events = list(session.scalars(select(AuditEvent).where(AuditEvent.action == "reminders_sent")))
    assert [e.changes["filter"] for e in events if e.changes] == [{"kind": "school"}] * 2
