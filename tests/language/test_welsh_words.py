"""Dates, times and numbers written in Welsh, and Welsh plural forms where a number is shown."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import Flask
from flask_babel import ngettext

from sspcollect.language import in_language
from sspcollect.uk_time import long_date, moment_text, time_of_day, weekday_date
from tests.factories import create_user, sign_in
from tests.pages import Page


def test_dates_and_times_in_welsh_in_uk_time(app: Flask) -> None:
    with in_language("cy"):
        assert long_date(date(2027, 3, 5)) == "5 Mawrth 2027"
        assert weekday_date(date(2026, 7, 10)) == "dydd Gwener 10 Gorffennaf 2026"
        # 14:04 UTC in November is 2:04pm in the UK; 11:00 UTC in July is midday (BST).
        assert moment_text(datetime(2026, 11, 25, 14, 4, tzinfo=UTC)) == (
            "25 Tachwedd 2026 am 2:04yp"
        )
        assert moment_text(datetime(2026, 7, 10, 11, 0, tzinfo=UTC)) == (
            "10 Gorffennaf 2026 am hanner dydd"
        )
        assert time_of_day(datetime(2026, 1, 1, 0, 0, tzinfo=UTC)) == "hanner nos"
        assert time_of_day(datetime(2026, 1, 1, 9, 0, tzinfo=UTC)) == "9yb"


def test_dates_stay_english_in_english(app: Flask) -> None:
    with in_language("en"):
        assert weekday_date(date(2026, 7, 10)) == "Friday 10 July 2026"
        assert moment_text(datetime(2026, 7, 10, 11, 0, tzinfo=UTC)) == "10 July 2026 at midday"
    # Outside any request or forced language (a command), English too.
    assert long_date(date(2027, 3, 5)) == "5 March 2027"


@pytest.mark.parametrize(
    ("number", "welsh"),
    [
        (0, "0 munud"),
        (1, "1 munud"),
        (2, "2 funud"),
        (3, "3 munud"),
        (6, "6 munud"),
        (30, "30 munud"),
    ],
)
def test_welsh_uses_its_plural_forms(app: Flask, number: int, welsh: str) -> None:
    with in_language("cy"):
        assert ngettext("%(num)s minute", "%(num)s minutes", number) == welsh
    with in_language("en"):
        english = ngettext("%(num)s minute", "%(num)s minutes", number)
    assert english == f"{number} minute" + ("" if number == 1 else "s")


def test_the_cookies_page_counts_minutes_in_welsh(app: Flask) -> None:
    app.config["SESSION_IDLE_MINUTES"] = 2
    page = Page(app.test_client().get("/cookies?lang=cy"))
    assert "Ar ôl 2 funud heb weithgarwch, neu 12 awr fan bellaf" in page.text
    app.config["SESSION_IDLE_MINUTES"] = 1
    page = Page(app.test_client().get("/cookies"))
    assert "After 1 minute of inactivity, or 12 hours at most" in page.text


def test_the_timeout_warning_counts_down_in_welsh(app: Flask) -> None:
    client = app.test_client()
    sign_in(client, create_user("school"))
    page = Page(client.get("/?lang=cy", follow_redirects=True))
    dialog = page.soup.select_one("dialog#timeout-warning")
    assert dialog is not None
    assert "Rydych chi ar fin cael eich allgofnodi" in dialog.get_text()
    assert "byddwn yn eich allgofnodi ymhen 2 funud" in " ".join(dialog.get_text().split())
    assert dialog["data-language"] == "cy"
    import json

    words = json.loads(str(dialog["data-words"]))
    # One pattern for each of the six Welsh plural categories, for Intl.PluralRules("cy").
    assert set(words["minutes"]) == {"zero", "one", "two", "few", "many", "other"}
    assert words["minutes"]["two"] == "{n} funud"
    assert words["sentence"] == "Byddwn yn eich allgofnodi ymhen {time}."
