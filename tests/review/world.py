"""A small world for the review tests: one open collection, two schools, two forces, every role.

School A (Birmingham, West Midlands Police = force X) and school B (Kent, Kent Police = force
Y) each have a school return; forces X and Y each have a force return and a partnership
covering their own school. Names are unusual so that a leak shows up in a page's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask.testing import FlaskClient

from sspcollect.accounts.passwords import hash_password
from sspcollect.db import session, utcnow
from sspcollect.models import (
    Collection,
    Partnership,
    Return,
    ReturnStatus,
    School,
    SchoolAnswers,
    User,
)
from tests.factories import PASSWORD, create_school, create_user, organisation_for, sign_in
from tests.returns.factories import create_collection, create_partnership, create_return

FORCE_X = "E23000014"  # West Midlands Police: covers Birmingham (330)
FORCE_Y = "E23000032"  # Kent Police: covers Kent (886)


_password_hash: list[str] = []


def password_hash() -> str:
    """The test password's hash, made once (a memory-hard hash is slow on purpose)."""
    if not _password_hash:
        _password_hash.append(hash_password(PASSWORD))
    return _password_hash[0]


def make_user(role: str, org: str, name: str) -> User:
    """A user of role in org, with the test password."""
    return create_user(role, org, name=name, password_hash=password_hash())


@dataclass
class World:
    """Everything the tests need to hand."""

    collection: Collection
    school_a: School
    school_b: School
    return_a: Return
    return_b: Return
    return_x: Return
    return_y: Return
    partnership_x: Partnership
    partnership_y: Partnership
    users: dict[str, User]


def answer(return_: Return, **values: Any) -> SchoolAnswers:
    """Give a school return answers (has_ssp and the rest), committed."""
    answers = return_.school_answers or SchoolAnswers(return_id=return_.id)
    for name, value in values.items():
        setattr(answers, name, value)
    return_.school_answers = answers
    session.commit()
    return answers


def submit(return_: Return, user: User | None = None) -> Return:
    """Mark a return submitted, as the journeys would after check your answers."""
    return_.status = ReturnStatus.SUBMITTED
    return_.submitted_at = utcnow()
    return_.submitted_by_id = user.id if user else None
    session.commit()
    return return_


def build_world() -> World:
    """Create the collection, schools, forces, returns, partnerships and users."""
    collection = create_collection()
    school_a = create_school(name="Alderbrook Primary School", la_old_code="330")
    school_b = create_school(name="Zephyrine Quarry Academy", la_old_code="886")
    return_a = create_return(organisation_for(str(school_a.urn)), collection)
    return_b = create_return(organisation_for(str(school_b.urn)), collection)
    return_x = create_return(organisation_for(FORCE_X), collection)
    return_y = create_return(organisation_for(FORCE_Y), collection)
    partnership_x = create_partnership(FORCE_X, [school_a], name="Xanthic Schools Team")
    partnership_y = create_partnership(FORCE_Y, [school_b], name="Yarrowfield Cluster")
    users = {
        "school": make_user("school", str(school_a.urn), "Ada School"),
        "school_b": make_user("school", str(school_b.urn), "Bea School"),
        "police": make_user("police", FORCE_X, "Xavier Police"),
        "police_y": make_user("police", FORCE_Y, "Yusuf Police"),
        "reviewer": make_user("reviewer", "DFE", "Rita Reviewer"),
        "admin": make_user("admin", "HO", "Adam Admin"),
        "spare": make_user("reviewer", "DFE", "Spare Reviewer"),
    }
    return World(
        collection,
        school_a,
        school_b,
        return_a,
        return_b,
        return_x,
        return_y,
        partnership_x,
        partnership_y,
        users,
    )


def signed_in(client: FlaskClient, user: User) -> FlaskClient:
    """client, signed in as user."""
    response = sign_in(client, user)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client
