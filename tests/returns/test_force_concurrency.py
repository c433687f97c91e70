"""Two people saving the same force return: the second save is refused, nothing is lost."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from sspcollect.db import database, session
from sspcollect.models import PartnershipOutcome, Return, Role
from sspcollect.returns import force_service
from sspcollect.versioning import StaleEditError
from tests.factories import create_school, create_user, sign_in
from tests.pages import get
from tests.returns.factories import create_partnership
from tests.returns.force_steps import (
    COUNTS,
    DECLARED,
    FORCE,
    force_return,
    outcomes_url,
    police_user,
    send,
    url,
)


def test_the_second_of_two_outcome_saves_is_refused_and_the_first_is_kept(
    app: Flask, client: FlaskClient
) -> None:
    """Both load the page; the first save wins; the second sees the message and current values."""
    partnership = create_partnership(schools=[create_school()])
    return_ = force_return()
    police_user(client)
    other = app.test_client()
    sign_in(other, create_user(Role.POLICE, FORCE))
    address = outcomes_url(return_, partnership)
    first_page, second_page = get(client, address), get(other, address)

    send(client, address, COUNTS, loaded=first_page)
    refused = send(
        other, address, COUNTS | {"crimes_recorded": "99"}, expected_status=409, loaded=second_page
    )

    assert refused.errors == [StaleEditError.MESSAGE]
    shown = refused.soup.select_one("input#crimes_recorded")
    assert shown is not None and shown["value"] == "12"
    session.expire_all()
    kept = session.get(PartnershipOutcome, (return_.id, partnership.id))
    assert kept is not None and kept.crimes_recorded == 12
    # The page now carries the current version: saving again from it works.
    send(other, address, COUNTS | {"crimes_recorded": "99"}, loaded=refused)
    session.expire_all()
    kept = session.get(PartnershipOutcome, (return_.id, partnership.id))
    assert kept is not None and kept.crimes_recorded == 99


def test_a_stale_confirmation_is_refused(app: Flask, client: FlaskClient) -> None:
    """Every page that saves carries the version it was rendered with."""
    create_partnership(schools=[create_school()])
    return_ = force_return()
    police_user(client)
    other = app.test_client()
    sign_in(other, create_user(Role.POLICE, FORCE))
    confirm = get(other, url(return_, "/confirm-register"))

    send(client, url(return_, "/confirm-register"), {"confirmed": "yes"})

    refused = send(
        other, url(return_, "/confirm-register"), {"confirmed": "no"}, 409, loaded=confirm
    )
    assert refused.errors == [StaleEditError.MESSAGE]
    checked = refused.soup.select_one("input[name=confirmed][value=yes]")
    assert checked is not None and checked.has_attr("checked")
    session.expire_all()
    kept = session.get(Return, return_.id)
    assert kept is not None and kept.register_confirmed and not kept.declaration


def test_a_save_racing_another_commit_is_refused(app: Flask) -> None:
    """If another save commits between loading and committing, the commit is refused."""
    partnership = create_partnership(schools=[create_school()])
    return_ = force_return()
    user = create_user(Role.POLICE, FORCE)
    loaded_version = return_.version
    with database(app).engine.begin() as connection:
        connection.execute(
            update(Return).where(Return.id == return_.id).values(version=Return.version + 1)
        )

    with pytest.raises(StaleEditError):
        force_service.save_outcomes(return_, partnership, COUNTS, loaded_version, user)

    session.expire_all()
    assert session.get(PartnershipOutcome, (return_.id, partnership.id)) is None


def test_submitting_from_a_stale_check_answers_page_is_refused(
    app: Flask, client: FlaskClient
) -> None:
    """Answers changed by someone else since the check page was loaded: check them again first."""
    partnership = create_partnership(schools=[create_school()])
    return_ = force_return()
    police_user(client)
    other = app.test_client()
    sign_in(other, create_user(Role.POLICE, FORCE))
    send(client, url(return_, "/confirm-register"), {"confirmed": "yes"})
    send(client, outcomes_url(return_, partnership), COUNTS)
    check = get(other, url(return_, "/check-your-answers"))

    send(client, outcomes_url(return_, partnership), COUNTS | {"crimes_recorded": "50"})
    refused = send(
        other,
        url(return_, "/check-your-answers"),
        {"action": "submit", **DECLARED},
        409,
        loaded=check,
    )

    assert refused.errors == [StaleEditError.MESSAGE]
    assert "50" in refused.text
    session.expire_all()
    kept = session.get(Return, return_.id)
    assert kept is not None and kept.submitted_at is None
