"""The school return's words in Welsh: the officer's days with Welsh plurals, lists joined as
Welsh joins them, the Welsh forces by their Welsh names, and the collection's dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sspcollect.content.grammar import join_in_language, welsh_and
from sspcollect.db import session
from sspcollect.language import character_count_words, in_language
from sspcollect.returns.school_forms import answer_text, days_a_week
from sspcollect.returns.school_service import force_names, set_aside_words
from sspcollect.uk_time import period_text
from tests.pages import get
from tests.returns.school_pages import signed_in_school, url


@pytest.mark.parametrize(
    ("days", "welsh", "english"),
    [
        (Decimal(0), "0 diwrnod yr wythnos", "0 days a week"),
        (Decimal(1), "1 diwrnod yr wythnos", "1 day a week"),
        (Decimal(2), "2 ddiwrnod yr wythnos", "2 days a week"),
        (Decimal("1.5"), "1.5 diwrnod yr wythnos", "1.5 days a week"),
        (Decimal("0.5"), "0.5 diwrnod yr wythnos", "0.5 days a week"),
    ],
)
def test_the_officers_days_in_both_languages(
    app: Flask, days: Decimal, welsh: str, english: str
) -> None:
    with in_language("cy"):
        assert days_a_week(days) == welsh
    with in_language("en"):
        assert days_a_week(days) == english


def test_welsh_joins_a_list_with_a_or_ac_and_mutates_after_a() -> None:
    assert welsh_and("ysgol") == "ac ysgol"
    assert welsh_and("pa mor effeithiol") == "a pha mor effeithiol"
    assert welsh_and("Tîm") == "a Thîm"
    assert welsh_and("chwaraeon") == "a chwaraeon"
    assert welsh_and("sylwadau") == "a sylwadau"
    assert join_in_language(["heddlu", "nodau", "cyswllt"], welsh=True) == (
        "heddlu, nodau a chyswllt"
    )
    assert join_in_language(["a", "b", "c"], welsh=False) == "a, b and c"


def test_set_aside_answers_are_named_in_the_pages_language(app: Flask) -> None:
    names = ["ssp_force_code", "effectiveness", "comments"]
    with in_language("cy"):
        assert set_aside_words(names) == (
            "heddlu, pa mor effeithiol yw\u2019r bartneriaeth a sylwadau"
        )
    with in_language("en"):
        assert set_aside_words(names) == (
            "police force, how effective the partnership is and comments"
        )


def test_answers_read_in_welsh(app: Flask) -> None:
    with in_language("cy"):
        assert answer_text("has_ssp", "not_sure", {}) == "Ddim yn siŵr"
        assert answer_text("aims", ["safeguarding", "attendance"], {}) == (
            "Diogelu\nGwella presenoldeb"
        )
        assert answer_text("aims", [], {}) == "Dim un o\u2019r rhain"
        assert answer_text("ssp_model", "cluster", {}) == "Swyddog clwstwr"
        assert answer_text("comments", None, {}) == "Dim sylwadau"
    with in_language("en"):
        assert answer_text("has_ssp", "not_sure", {}) == "Not sure"


def test_the_welsh_forces_go_by_their_welsh_names_in_welsh(app: Flask) -> None:
    with in_language("cy"):
        welsh = force_names()
    with in_language("en"):
        english = force_names()
    assert english["W15000003"] == "South Wales Police"
    assert welsh["W15000003"] == "Heddlu De Cymru"
    assert welsh["W15000001"] == "Heddlu Gogledd Cymru"
    # Still in name order, in the language they are read in.
    assert list(welsh.values()) == sorted(welsh.values())
    assert set(welsh) == set(english)


def test_a_collections_period_in_welsh(app: Flask) -> None:
    start, end = date(2025, 9, 1), date(2026, 8, 31)
    with in_language("cy"):
        assert period_text(start, end) == "1 Medi 2025 i 31 Awst 2026"
    with in_language("en"):
        assert period_text(start, end) == "1 September 2025 to 31 August 2026"


def test_the_character_count_counts_down_in_welsh(app: Flask) -> None:
    with in_language("cy"):
        words = character_count_words(1000)
    assert words["textareaDescriptionText"] == "Gallwch roi hyd at %{count} nod"
    assert words["charactersUnderLimitText"]["two"] == "Mae gennych %{count} nod ar ôl"
    assert set(words["charactersOverLimitText"]) == {"zero", "one", "two", "few", "many", "other"}
    with in_language("en"):
        english = character_count_words(1000)
    assert english["charactersUnderLimitText"] == {
        "one": "You have %{count} character remaining",
        "other": "You have %{count} characters remaining",
    }


def test_a_school_in_wales_reports_as_it_does_to_the_welsh_government(
    client: FlaskClient,
) -> None:
    _user, return_ = signed_in_school(client)
    english = get(client, url(return_, "suspensions-and-exclusions"))
    assert "as you report them to the Department for Education" in english.text
    assert "suspensions (fixed-period exclusions)" in english.text
    return_.la_code = "W06000012"
    session.commit()
    wales = get(client, url(return_, "suspensions-and-exclusions"))
    assert "as you report them to the Welsh Government" in wales.text
    assert "The number of fixed-term exclusions (suspensions)" in wales.text
    welsh = get(client, url(return_, "suspensions-and-exclusions") + "?lang=cy")
    assert "fel rydych yn eu rhoi i Lywodraeth Cymru" in welsh.text
    assert "Nifer y gwaharddiadau cyfnod penodol" in welsh.text
