"""Reviewing one return: accept, return for amendment with a comment, resubmit, bulk accept."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from sspcollect.db import session, utcnow
from sspcollect.models import AuditEvent, CollectionStatus, Finding, Return, ReturnStatus
from sspcollect.returns.force_service import snapshot_register
from sspcollect.versioning import StaleEditError
from tests.conftest import Outbox
from tests.pages import Page, get, post
from tests.returns.school_pages import DECLARED, FIGURES, YES_ANSWERS, form_fields, url
from tests.returns.school_pages import answer as answer_page
from tests.review.world import World, answer, build_world, signed_in, submit


def _reload(return_: Return) -> Return:
    """The return as the database holds it now."""
    session.expire_all()
    found = session.get(Return, return_.id)
    assert found is not None
    return found


def _version(page: Page) -> str:
    """The version carried by the page's first form that has one."""
    field = page.soup.find("input", {"name": "version"})
    assert field is not None, "the page has no version"
    return str(field["value"])


def _submitted_school(world: World) -> Return:
    """School A's return, answered and submitted."""
    answer(
        world.return_a,
        has_ssp="no",
        pupils_on_roll=420,
        suspensions=12,
        permanent_exclusions=1,
    )
    return submit(world.return_a, world.users["school"])


def _events(return_: Return, action: str) -> list[AuditEvent]:
    """The return's audit events of one action."""
    return list(
        session.scalars(
            select(AuditEvent).where(
                AuditEvent.object_type == "return",
                AuditEvent.object_id == str(return_.id),
                AuditEvent.action == action,
            )
        )
    )


def test_reviewer_sees_every_answer_finding_and_the_history_of_a_return(
    client: FlaskClient,
) -> None:
    """The review page shows the answers, each rule that fired with its explanation, the history."""
    world = build_world()
    return_ = _submitted_school(world)
    return_.findings.append(
        Finding(
            rule_id="SCH-101",
            level="query",
            subject="",
            message="Attendance is below 85%",
            explanation="A flu outbreak closed two year groups.",
        )
    )
    session.commit()
    signed_in(client, world.users["reviewer"])
    page = get(client, f"/review/returns/{return_.id}")
    assert page.heading == world.school_a.name
    assert "Pupils on roll 420" in page.text
    assert "Suspensions 12" in page.text
    assert "SCH-101" in page.text
    assert "A flu outbreak closed two year groups." in page.text
    assert "Accept this return" in page.text
    assert "Return for amendment" in page.text


def test_reviewer_accepts_a_submitted_return_and_the_school_is_told(
    client: FlaskClient, outbox: Outbox
) -> None:
    """Accept: submitted → accepted, in the audit trail and the history, with an email."""
    world = build_world()
    return_ = _submitted_school(world)
    signed_in(client, world.users["reviewer"])
    page = get(client, f"/review/returns/{return_.id}")
    done = post(
        client,
        f"/review/returns/{return_.id}/accept",
        {"version": _version(page)},
        expected_status=302,
        form_url=f"/review/returns/{return_.id}",
    )
    assert done.response.headers["Location"] == f"/review/returns/{return_.id}"
    stored = _reload(return_)
    assert stored.status == ReturnStatus.ACCEPTED
    assert stored.accepted_at is not None
    [event] = _events(return_, "return_accepted")
    assert event.user_id == world.users["reviewer"].id
    assert event.organisation_id == return_.organisation_id
    assert event.collection_id == world.collection.id
    after = get(client, f"/review/returns/{return_.id}")
    assert "Accepted" in after.text
    assert "Rita Reviewer" in after.text
    assert "Accept this return" not in after.text
    [email] = outbox.to(world.users["school"].email)
    assert str(email["Subject"]).startswith(f"Return accepted: {world.school_a.name}, ")


def test_only_a_submitted_return_can_be_accepted(client: FlaskClient) -> None:
    """Accepting a return still in progress is refused with a clear message."""
    world = build_world()
    world.return_a.status = ReturnStatus.IN_PROGRESS
    session.commit()
    signed_in(client, world.users["reviewer"])
    page = get(client, f"/review/returns/{world.return_a.id}")
    assert "Accept this return" not in page.text
    refused = post(
        client,
        f"/review/returns/{world.return_a.id}/accept",
        {"version": str(world.return_a.version)},
        expected_status=409,
        form_url=f"/review/returns/{world.return_a.id}",
    )
    assert refused.errors == ["Only a submitted return can be accepted"]
    assert _reload(world.return_a).status == ReturnStatus.IN_PROGRESS


def test_returning_a_return_needs_a_comment(client: FlaskClient) -> None:
    """A blank comment is refused beside the box and in the error summary; nothing changes."""
    world = build_world()
    return_ = _submitted_school(world)
    signed_in(client, world.users["reviewer"])
    page = get(client, f"/review/returns/{return_.id}")
    refused = post(
        client,
        f"/review/returns/{return_.id}/return-for-amendment",
        {"version": _version(page), "comment": "   "},
        form_url=f"/review/returns/{return_.id}",
    )
    message = "Enter a comment saying what the organisation needs to change"
    assert refused.errors == [message]
    assert refused.title.startswith("Error: ")
    assert message in refused.soup.select_one("#comment-error").get_text()
    assert _reload(return_).status == ReturnStatus.SUBMITTED
    assert _events(return_, "return_returned") == []


def test_a_second_reviewer_working_from_an_old_page_is_refused(client: FlaskClient) -> None:
    """Two reviewers on one return: the later decision, made from an old page, is not saved."""
    world = build_world()
    return_ = _submitted_school(world)
    signed_in(client, world.users["reviewer"])
    page = get(client, f"/review/returns/{return_.id}")
    old_version = _version(page)
    post(
        client,
        f"/review/returns/{return_.id}/return-for-amendment",
        {"version": old_version, "comment": "Check the exclusions."},
        expected_status=302,
        form_url=f"/review/returns/{return_.id}",
    )
    stale = post(
        client,
        f"/review/returns/{return_.id}/accept",
        {"version": old_version},
        expected_status=409,
        form_url=f"/review/returns/{return_.id}",
    )
    assert stale.errors == [StaleEditError.MESSAGE]
    assert "Returned for amendment" in stale.text
    assert _reload(return_).status == ReturnStatus.RETURNED


def test_returned_return_reaches_the_school_which_changes_and_resubmits_it(
    app: Flask, client: FlaskClient, outbox: Outbox
) -> None:
    """Return with a comment → email → the school sees it, edits, resubmits → accepted."""
    world = build_world()
    school_user = world.users["school"]
    return_ = world.return_a
    school = signed_in(app.test_client(), school_user)
    for slug, data in {**YES_ANSWERS, **FIGURES}.items():
        answer_page(school, return_, slug, data)
    check = school.get(url(return_, "check-your-answers"))
    submitted = school.post(
        url(return_, "check-your-answers"),
        data={**form_fields(check.get_data(as_text=True)), **DECLARED},
    )
    assert submitted.status_code == 302
    assert _reload(return_).status == ReturnStatus.SUBMITTED

    signed_in(client, world.users["reviewer"])
    page = get(client, f"/review/returns/{return_.id}")
    comment = "Attendance looks like last year's figure: check it against your register."
    post(
        client,
        f"/review/returns/{return_.id}/return-for-amendment",
        {"version": _version(page), "comment": comment},
        expected_status=302,
        form_url=f"/review/returns/{return_.id}",
    )
    stored = _reload(return_)
    assert stored.status == ReturnStatus.RETURNED
    assert stored.reviewer_comment == comment
    [event] = _events(return_, "return_returned")
    assert event.comment == comment
    assert event.changes == {"status": ["submitted", "returned"]}

    emails = outbox.to(school_user.email)
    returned = [m for m in emails if "Changes needed" in str(m["Subject"])]
    assert len(returned) == 1
    assert comment in returned[0].get_body(("plain",)).get_content()

    overview = get(school, url(return_))
    assert comment in overview.text

    answer_page(
        school,
        return_,
        "pupils-and-attendance",
        {**FIGURES["pupils-and-attendance"], "attendance_percent": "94.1"},
    )
    assert _reload(return_).status == ReturnStatus.IN_PROGRESS
    check = school.get(url(return_, "check-your-answers"))
    resubmitted = school.post(
        url(return_, "check-your-answers"),
        data={**form_fields(check.get_data(as_text=True)), **DECLARED},
    )
    assert resubmitted.status_code == 302
    assert _reload(return_).status == ReturnStatus.SUBMITTED

    page = get(client, f"/review/returns/{return_.id}")
    post(
        client,
        f"/review/returns/{return_.id}/accept",
        {"version": _version(page)},
        expected_status=302,
        form_url=f"/review/returns/{return_.id}",
    )
    accepted = _reload(return_)
    assert accepted.status == ReturnStatus.ACCEPTED
    assert accepted.reviewer_comment is None
    assert comment in get(client, f"/review/returns/{return_.id}").text  # kept in the history


def test_history_lists_the_newest_event_first(client: FlaskClient) -> None:
    """The return's history reads from the audit trail, newest first."""
    world = build_world()
    return_ = _submitted_school(world)
    signed_in(client, world.users["reviewer"])
    page = get(client, f"/review/returns/{return_.id}")
    post(
        client,
        f"/review/returns/{return_.id}/return-for-amendment",
        {"version": _version(page), "comment": "First look again."},
        expected_status=302,
        form_url=f"/review/returns/{return_.id}",
    )
    submit(_reload(return_))
    page = get(client, f"/review/returns/{return_.id}")
    post(
        client,
        f"/review/returns/{return_.id}/accept",
        {"version": _version(page)},
        expected_status=302,
        form_url=f"/review/returns/{return_.id}",
    )
    page = get(client, f"/review/returns/{return_.id}")
    table = next(t for t in page.soup.select("table") if "newest first" in t.get_text())
    actions = [row.select("td")[1].get_text(strip=True) for row in table.select("tbody tr")]
    assert actions == ["Accepted", "Returned for amendment", "Review started"]


def test_force_return_shows_the_register_as_submitted_not_as_edited_since(
    client: FlaskClient,
) -> None:
    """Before submission the live register; after it, the snapshot frozen at submission."""
    world = build_world()
    signed_in(client, world.users["reviewer"])
    live = get(client, f"/review/returns/{world.return_x.id}")
    assert world.partnership_x.name in live.text
    assert "live register" in live.text
    assert world.school_a.name in live.text

    snapshot_register(world.return_x)
    submit(world.return_x)
    world.partnership_x.name = "Renamed After Submission"
    session.commit()
    frozen = get(client, f"/review/returns/{world.return_x.id}")
    assert "Xanthic Schools Team" in frozen.text
    assert "Renamed After Submission" not in frozen.text
    assert "as it stood when the return was submitted" in frozen.text


def _bulk_world(world: World) -> None:
    """All submitted: A with nothing outstanding, B with an unexplained query, X with an
    explained query, Y with an error."""
    submit(world.return_a)
    submit(world.return_b)
    submit(world.return_x)
    submit(world.return_y)
    world.return_b.findings.append(
        Finding(rule_id="SCH-101", level="query", subject="", message="Low attendance")
    )
    world.return_x.findings.append(
        Finding(
            rule_id="POL-101",
            level="query",
            subject="partnership:1",
            message="One school in a cluster",
            explanation="The second school closed in March.",
        )
    )
    world.return_y.findings.append(
        Finding(rule_id="POL-030", level="error", subject="", message="Confirm the register")
    )
    session.commit()


def _mark_reviewed(return_: Return, reviewer_id: int) -> None:
    """Mark every query of the return as reviewed."""
    for finding in return_.findings:
        if finding.level == "query":
            finding.reviewed_at = utcnow()
            finding.reviewed_by_id = reviewer_id
    session.commit()


def test_bulk_accept_leaves_a_return_whose_explained_query_nobody_has_reviewed(
    client: FlaskClient,
) -> None:
    """An explanation is not enough: someone must have read it before bulk accept takes it."""
    world = build_world()
    _bulk_world(world)
    signed_in(client, world.users["reviewer"])
    confirm = get(client, f"/review/{world.collection.id}/returns/accept")
    assert confirm.heading == "Accept 1 return"
    listed = [row.text for row in confirm.soup.select("tbody th")]
    assert listed == [world.school_a.name]
    assert "2 other submitted returns have queries nobody has marked as reviewed" in confirm.text


def test_bulk_accept_accepts_only_returns_with_nothing_outstanding(
    client: FlaskClient, outbox: Outbox
) -> None:
    """The confirmation lists them; only those without errors, with every query reviewed, go."""
    world = build_world()
    _bulk_world(world)
    _mark_reviewed(world.return_x, world.users["reviewer"].id)
    signed_in(client, world.users["reviewer"])
    address = f"/review/{world.collection.id}/returns/accept"
    confirm = get(client, address)
    assert confirm.heading == "Accept 2 returns"
    listed = sorted(row.text for row in confirm.soup.select("tbody th"))
    assert listed == sorted([world.school_a.name, world.return_x.organisation.name])
    done = post(client, address, {"count": "2"}, expected_status=302, follow_redirects=False)
    assert done.response.headers["Location"].startswith(f"/review/{world.collection.id}/returns")
    statuses = {
        r.id: _reload(r).status
        for r in (world.return_a, world.return_b, world.return_x, world.return_y)
    }
    assert statuses == {
        world.return_a.id: ReturnStatus.ACCEPTED,
        world.return_b.id: ReturnStatus.SUBMITTED,
        world.return_x.id: ReturnStatus.ACCEPTED,
        world.return_y.id: ReturnStatus.SUBMITTED,
    }
    assert len(_events(world.return_a, "return_accepted")) == 1
    assert len(outbox.to(world.users["school"].email)) == 1
    assert len(outbox.to(world.users["police"].email)) == 1
    assert outbox.to(world.users["school_b"].email) == []
    listing = get(client, f"/review/{world.collection.id}/returns")
    assert "2 returns accepted" in listing.text


def test_bulk_accept_keeps_to_the_filter_of_the_list(client: FlaskClient) -> None:
    """Accepting from a list of school returns leaves force returns alone."""
    world = build_world()
    _bulk_world(world)
    signed_in(client, world.users["reviewer"])
    address = f"/review/{world.collection.id}/returns/accept?kind=school"
    confirm = get(client, address)
    assert confirm.heading == "Accept 1 return"
    post(
        client,
        address.split("?")[0],
        {"kind": "school", "count": "1"},
        expected_status=302,
        form_url=address,
    )
    assert _reload(world.return_a).status == ReturnStatus.ACCEPTED
    assert _reload(world.return_x).status == ReturnStatus.SUBMITTED


def test_bulk_accept_refuses_when_the_list_changed_since_it_was_shown(
    client: FlaskClient,
) -> None:
    """The reviewer confirmed a list of one; a second has become acceptable: nothing is accepted."""
    world = build_world()
    _bulk_world(world)
    signed_in(client, world.users["reviewer"])
    address = f"/review/{world.collection.id}/returns/accept"
    _mark_reviewed(world.return_x, world.users["reviewer"].id)
    refused = post(client, address, {"count": "1"}, expected_status=302)
    assert refused.response.headers["Location"].startswith(address)
    assert _reload(world.return_a).status == ReturnStatus.SUBMITTED


def test_bulk_accept_with_nothing_to_accept_says_so(client: FlaskClient) -> None:
    """No submitted return free of queries: the page says there is nothing to accept."""
    world = build_world()
    signed_in(client, world.users["reviewer"])
    page = get(client, f"/review/{world.collection.id}/returns/accept")
    assert page.heading == "No returns to accept"


def test_a_return_of_a_closed_collection_cannot_be_returned_for_amendment(
    client: FlaskClient,
) -> None:
    """Its organisation could not change it: the comment is refused and nothing changes."""
    world = build_world()
    return_ = _submitted_school(world)
    world.collection.status = CollectionStatus.CLOSED
    session.commit()
    signed_in(client, world.users["reviewer"])
    # Opening the return starts its review (a versioned save): post the version then shown.
    get(client, f"/review/returns/{return_.id}")
    refused = post(
        client,
        f"/review/returns/{return_.id}/return-for-amendment",
        {"version": str(_reload(return_).version), "comment": "Check the exclusions."},
        expected_status=409,
        form_url=f"/review/returns/{return_.id}",
    )
    assert refused.errors[0].startswith("This return's collection is closed")
    assert _reload(return_).status == ReturnStatus.SUBMITTED
