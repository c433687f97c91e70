"""Emails in the recipient's language, delivered to a real SMTP server on this machine.

A user who chose Welsh reads every message in Welsh, reminders included; one who chose
English reads English; one who has not chosen, in a Welsh force or a school in Wales, gets
both, Welsh first; in England, English.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask
from flask.testing import FlaskCliRunner

from sspcollect.db import session
from sspcollect.notify import messages
from tests.factories import create_user
from tests.notify.conftest import Mailbox
from tests.notify.helpers import force_return, make_collection, school_return

# Isle of Anglesey (Ynys Môn), in Wales.
WELSH_LA = "660"
WELSH_DEADLINE = "dydd Gwener 19 Mawrth 2027"
ENGLISH_DEADLINE = "Friday 19 March 2027"


def welsh_school_return(language: str | None, name: str = "Ysgol Gynradd Llangefni"):  # type: ignore[no-untyped-def]
    """A return of a school in Wales whose one user has the language preference given."""
    from sspcollect.models import Return, ReturnKind, ReturnStatus
    from tests.factories import create_school, organisation_for

    collection = make_collection()
    school = create_school(name=name, la_old_code=WELSH_LA)
    return_ = Return(
        collection=collection,
        organisation=organisation_for(str(school.urn)),
        kind=ReturnKind.SCHOOL,
        status=ReturnStatus.NOT_STARTED,
        force_area_code=school.local_authority.force_area_code,
        la_code=school.la_code,
    )
    session.add(return_)
    session.commit()
    user = create_user("school", str(school.urn), language=language)
    return return_, user


def test_a_welsh_reader_gets_the_reminder_in_welsh(
    app: Flask, runner: FlaskCliRunner, smtp: Mailbox
) -> None:
    _return, user = welsh_school_return("cy")

    result = runner.invoke(args=["send-reminders", "--today", "2027-03-12"])

    assert result.exit_code == 0, result.output
    (received,) = smtp.to(user.email)
    assert received.subject == (
        "Nodyn atgoffa: rhaid cyflwyno’r ffurflen ar gyfer Ysgol Gynradd Llangefni "
        f"erbyn {WELSH_DEADLINE}"
    )
    for subtype in ("plain", "html"):
        body = received.body(subtype)
        assert "ymhen 7 diwrnod" in body
        assert WELSH_DEADLINE in body
        assert "Mewngofnodwch" in body
        assert "has not been submitted" not in body
        assert ENGLISH_DEADLINE not in body
    assert '<div lang="cy">' in received.body("html")


def test_an_english_reader_in_wales_gets_english_only(
    app: Flask, runner: FlaskCliRunner, smtp: Mailbox
) -> None:
    _return, user = welsh_school_return("en")

    runner.invoke(args=["send-reminders", "--today", "2027-03-12"])

    (received,) = smtp.to(user.email)
    assert received.subject.startswith("Reminder: the return for Ysgol Gynradd Llangefni")
    assert "|" not in received.subject
    assert "Nodyn atgoffa" not in received.body("plain")


def test_someone_in_wales_with_no_preference_gets_both_welsh_first(
    app: Flask, runner: FlaskCliRunner, smtp: Mailbox
) -> None:
    _return, user = welsh_school_return(None)

    runner.invoke(args=["send-reminders", "--today", "2027-03-12"])

    (received,) = smtp.to(user.email)
    welsh_subject, english_subject = received.subject.split(" | ")
    assert welsh_subject.startswith("Nodyn atgoffa:")
    assert english_subject.startswith("Reminder: the return for Ysgol Gynradd Llangefni")
    for subtype in ("plain", "html"):
        body = received.body(subtype)
        assert body.index("ymhen 7 diwrnod") < body.index("7 days from now")
        assert body.index(WELSH_DEADLINE) < body.index(ENGLISH_DEADLINE)


def test_a_welsh_force_with_no_preference_gets_both_welsh_first(
    app: Flask, runner: FlaskCliRunner, smtp: Mailbox
) -> None:
    collection = make_collection()
    _return, user = force_return(collection, "W15000001")

    runner.invoke(args=["send-reminders", "--today", "2027-03-22"])

    (received,) = smtp.to(user.email)
    welsh_subject, english_subject = received.subject.split(" | ")
    assert welsh_subject.startswith("Hwyr: roedd y ffurflen ar gyfer")
    assert english_subject.startswith("Overdue: the return for")


def test_someone_in_england_with_no_preference_gets_english(
    app: Flask, runner: FlaskCliRunner, smtp: Mailbox
) -> None:
    collection = make_collection()
    _return, (user,) = school_return(collection, name="Elm Street Primary")

    runner.invoke(args=["send-reminders", "--today", "2027-03-12"])

    (received,) = smtp.to(user.email)
    assert received.subject == (
        f"Reminder: the return for Elm Street Primary is due by {ENGLISH_DEADLINE}"
    )
    assert "Nodyn" not in received.body("plain")


def test_a_welsh_reader_in_england_gets_welsh(
    app: Flask, runner: FlaskCliRunner, smtp: Mailbox
) -> None:
    collection = make_collection()
    _return, (user,) = school_return(collection, name="Elm Street Primary")
    user.language = "cy"
    session.commit()

    runner.invoke(args=["send-reminders", "--today", "2027-03-12"])

    (received,) = smtp.to(user.email)
    assert received.subject.startswith("Nodyn atgoffa:")


def test_account_emails_follow_the_users_language(app: Flask, smtp: Mailbox) -> None:
    user = create_user("school", language="cy")
    messages.send_invitation(user, "a-token")
    messages.send_password_reset(user, "b-token")
    messages.send_password_changed(user)

    invitation, reset, changed = smtp.to(user.email)
    assert invitation.subject == (
        "Rydych wedi cael gwahoddiad i Casgliad data Partneriaethau Ysgolion Mwy Diogel"
    )
    assert "Gosodwch eich cyfrinair i fewngofnodi" in invitation.body("plain")
    assert reset.subject.startswith("Ailosod eich cyfrinair ar gyfer")
    assert "daw i ben ymhen 2 awr" in reset.body("html")
    assert changed.subject.startswith("Mae eich cyfrinair ar gyfer")
    # The moment of the change, written in Welsh in UK time.
    assert " am " in changed.body("plain")
    assert (
        "yb" in changed.body("plain")
        or "yp" in changed.body("plain")
        or ("hanner" in changed.body("plain"))
    )


def test_returned_message_to_a_welsh_reader_is_in_welsh(app: Flask, smtp: Mailbox) -> None:
    return_, user = welsh_school_return("cy")
    return_.reviewer_comment = "Gwiriwch y ffigur."
    session.commit()

    delivery = messages.send_returned(return_)

    assert delivery.sent == [user.email]
    (received,) = smtp.to(user.email)
    assert received.subject == "Angen newidiadau: y ffurflen ar gyfer Ysgol Gynradd Llangefni"
    body = received.body("plain").replace("\r\n", "\n")
    assert "Beth ddywedodd y dadansoddwr:\nGwiriwch y ffigur." in body
    assert f"erbyn {WELSH_DEADLINE}:" in body


def _render_welsh(kind: str, **context: object) -> messages.Email:
    """kind written in Welsh with a return's usual fields."""
    collection = make_collection()
    fields = messages.return_fields("Heddlu Gogledd Cymru", collection, "https://example.org/r/1")
    return messages.render("a@example.org", kind, languages=("cy",), **{**fields, **context})


def test_welsh_counts_days_with_its_plural_forms(app: Flask) -> None:
    expected = {1: "1 diwrnod", 2: "2 ddiwrnod", 3: "3 diwrnod", 6: "6 diwrnod", 14: "14 diwrnod"}
    for days, words in expected.items():
        email = _render_welsh("due_soon", name="Sam", days_left=days)
        assert f"ymhen {words}." in email.text, email.text


def test_welsh_counts_partnerships_with_its_plural_forms(app: Flask) -> None:
    expected = {
        1: "1 bartneriaeth",
        2: "2 bartneriaeth",
        3: "3 partneriaeth",
        6: "6 phartneriaeth",
        11: "11 partneriaeth",
    }
    submitted = datetime(2027, 3, 1, 14, 5, tzinfo=UTC)
    for count, words in expected.items():
        email = _render_welsh(
            "force_return_submitted",
            name="Sam",
            partnerships=count,
            nil_return=False,
            copy_attached=True,
            submitted_on=submitted,
            submitted_by="Sam Jones",
        )
        assert f"Mae’n nodi {words}," in email.text, email.text
        assert "ar 1 Mawrth 2027 am 2:05yp gan Sam Jones" in email.text


def test_notify_personalisation_carries_the_dates_as_written(app: Flask) -> None:
    email = _render_welsh("due_soon", name="Sam", days_left=2)
    assert email.fields["deadline"] == WELSH_DEADLINE
    english = messages.render(
        "a@example.org",
        "due_soon",
        deadline=date(2027, 3, 19),
        organisation="x",
        collection="y",
        period="z",
        link="l",
        days_left=2,
    )
    assert english.fields["deadline"] == ENGLISH_DEADLINE
