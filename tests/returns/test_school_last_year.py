"""A figures page reminds the school of what it gave last year, in one query, on every save."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from sspcollect.db import session
from sspcollect.models import CollectionStatus, Return, ReturnStatus, SchoolAnswers, User
from tests.factories import create_user, sign_in
from tests.pages import get
from tests.returns.factories import create_collection, create_return
from tests.returns.school_pages import FIGURES, form_fields, url
from tests.sql import statements

PAGE = "pupils-and-attendance"


def _school_with_history(pupils_by_year: list[int | None]) -> tuple[User, Return, list[Return]]:
    """A school user whose school answered pupils on roll in earlier, closed collections (None:
    a return with no answers), its return in a new open collection, and the earlier returns."""
    user = create_user("school")
    earlier_returns = []
    for pupils in pupils_by_year:
        earlier = create_return(
            user.organisation,
            create_collection(status=CollectionStatus.CLOSED),
            status=ReturnStatus.ACCEPTED,
        )
        earlier_returns.append(earlier)
        if pupils is not None:
            session.add(SchoolAnswers(return_id=earlier.id, has_ssp="no", pupils_on_roll=pupils))
    session.commit()
    return user, create_return(user.organisation, create_collection()), earlier_returns


def test_the_hint_gives_the_figure_of_the_latest_earlier_return(client: FlaskClient) -> None:
    """Only the year just before counts: not an older one, and not a year left unanswered."""
    user, return_, earlier = _school_with_history([350, 480])
    sign_in(client, user)
    hint = get(client, url(return_, PAGE)).soup.select_one("#pupils_on_roll-hint")
    assert hint is not None
    year = earlier[-1].collection.outcomes_year.label
    assert f"In {year} your school gave 480." in hint.get_text(" ", strip=True)
    assert "350" not in hint.get_text()

    user, return_, _ = _school_with_history([350, None])
    client = client.application.test_client()
    sign_in(client, user)
    hint = get(client, url(return_, PAGE)).soup.select_one("#pupils_on_roll-hint")
    assert hint is not None
    assert "your school gave" not in hint.get_text()


def test_a_page_and_a_save_take_as_many_statements_with_a_history_as_without(
    app: Flask, client: FlaskClient
) -> None:
    """Deadline day, however many years the school has answered: a question page is 3
    statements (the user; the return with its collection, answers and school; last year's
    return with its answers), and saving a changed figure 7 (the user, the return, its
    findings, the audit entry, the return's new version, the answer, last year's return)."""
    counts = []
    for history in ([], [350, 480, 500]):
        user, return_, _ = _school_with_history(history)
        client = app.test_client()
        sign_in(client, user)
        with statements(app) as page_load:
            shown = client.get(url(return_, PAGE))
        assert shown.status_code == 200
        data = {**form_fields(shown.text), "action": "continue", **FIGURES[PAGE]}
        assert client.post(url(return_, PAGE), data=data).status_code == 302
        again = client.get(url(return_, PAGE))
        data = {
            **form_fields(again.text),
            "action": "continue",
            **FIGURES[PAGE],
            "pupils_on_roll": "421",
        }
        with statements(app) as save:
            saved = client.post(url(return_, PAGE), data=data)
        assert saved.status_code == 302
        counts.append((len(page_load), len(save)))
    assert counts[0] == counts[1]
    assert counts[1][0] == 3, counts
    assert counts[1][1] == 7, counts
