"""Script, HTML and SQL-looking text comes back escaped on pages and neutralised in downloads."""

from __future__ import annotations

import csv
import io

from flask import Flask
from flask.testing import FlaskClient

from sspcollect.db import session
from sspcollect.models import Partnership, Return
from tests.factories import csrf_token, hidden_value
from tests.review.world import answer, build_world, signed_in, submit

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
SQL = "' OR 1=1 --"
FORMULA = '=HYPERLINK("http://evil.example","x")'


def _html(client: FlaskClient, url: str) -> str:
    """The page at url, which must open."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _assert_escaped(html: str, url: str) -> None:
    """No payload appears raw, and the script one is shown as text."""
    assert SCRIPT not in html, url
    assert "<img src=x" not in html, url
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url


def test_hostile_names_and_comments_are_escaped_on_every_page_that_shows_them(app: Flask) -> None:
    world = build_world()
    partnership = session.get(Partnership, world.partnership_x.id)
    assert partnership is not None
    partnership.name = f"{SCRIPT} {IMAGE} {SQL}"
    for user in world.users.values():
        user.name = f"{SCRIPT} {IMAGE}"
    answer(world.return_a, has_ssp="yes", comments=f"{SCRIPT} {IMAGE} {SQL}")
    submit(world.return_a, world.users["school"])
    session.commit()

    police = signed_in(app.test_client(), world.users["police"])
    for url in ("/register", f"/register/{partnership.id}", f"/register/{partnership.id}/edit"):
        _assert_escaped(_html(police, url), url)

    school = signed_in(app.test_client(), world.users["school"])
    url = f"/returns/{world.return_a.id}/school/check-your-answers"
    _assert_escaped(_html(school, url), url)

    reviewer = signed_in(app.test_client(), world.users["reviewer"])
    url = f"/review/returns/{world.return_a.id}"
    _assert_escaped(_html(reviewer, url), url)

    admin = signed_in(app.test_client(), world.users["admin"])
    for url in ("/admin/users", f"/admin/users/{world.users['spare'].id}"):
        _assert_escaped(_html(admin, url), url)


def test_a_hostile_reviewer_comment_is_escaped_for_the_school_and_neutralised_in_the_audit_csv(
    app: Flask,
) -> None:
    world = build_world()
    answer(world.return_a, has_ssp="no")
    submit(world.return_a, world.users["school"])
    reviewer = signed_in(app.test_client(), world.users["reviewer"])
    page = f"/review/returns/{world.return_a.id}"
    # The reviewer's first look starts the review, so the form carries the version it made.
    html = _html(reviewer, page)
    comment = f"{FORMULA} {SCRIPT} {IMAGE} {SQL}"
    response = reviewer.post(
        f"{page}/return-for-amendment",
        data={
            "csrf_token": csrf_token(html),
            "comment": comment,
            "version": hidden_value(html, "version"),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    session.expire_all()
    returned = session.get(Return, world.return_a.id)
    assert returned is not None and returned.status == "returned"

    school = signed_in(app.test_client(), world.users["school"])
    url = f"/returns/{world.return_a.id}/school"
    html = _html(school, url)
    _assert_escaped(html, url)

    admin = signed_in(app.test_client(), world.users["admin"])
    _assert_escaped(_html(admin, "/admin/audit"), "/admin/audit")
    download = admin.get("/admin/audit.csv")
    assert download.status_code == 200
    cells = [
        cell for row in csv.reader(io.StringIO(download.get_data(as_text=True))) for cell in row
    ]
    hostile = [cell for cell in cells if "HYPERLINK" in cell]
    assert hostile, "the comment is in the audit download"
    assert all(
        not cell.startswith(("=", "+", "-", "@"))
        for cell in cells
        if cell and not cell[0].isdigit()
    )
    assert all(cell.startswith("'") or not cell.startswith("=") for cell in hostile)
