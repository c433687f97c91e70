"""Which language a page is in: ?lang=, the session, the user's preference, the browser, English;
`<html lang>` and the language navigation on every page, signed in or not."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from sspcollect.db import session
from sspcollect.models import Role, User
from tests.factories import create_user, sign_in
from tests.pages import Page, get

WELSH_FIRST = {"Accept-Language": "cy-GB,cy;q=0.9,en-GB;q=0.8,en;q=0.7"}
ENGLISH_FIRST = {"Accept-Language": "en-GB,en;q=0.9,cy;q=0.5"}


def html_lang(page: Page) -> str:
    """The lang attribute of the page's <html> element."""
    return str(page.soup.html["lang"]) if page.soup.html else ""


def language_navigation(page: Page) -> dict[str, dict[str, str]]:
    """The language navigation: each language's name, its link (if not current) and lang."""
    found = {}
    for item in page.soup.select(".app-language-navigation__item"):
        link = item.find("a")
        found[item.get_text(strip=True)] = {
            "lang": str(item.get("lang")),
            "href": str(link["href"]) if link else "",
            "hreflang": str(link.get("hreflang", "")) if link else "",
            "link_lang": str(link.get("lang", "")) if link else "",
            "current": "" if link else "yes",
        }
    return found


def home(client: FlaskClient, query: str = "", **headers: str) -> Page:
    """The signed-in user's home page (the service's first page sends them on to it)."""
    response = client.get(f"/{query}", headers=headers, follow_redirects=True)
    assert response.status_code == 200
    return Page(response)


def stored_language(user: User) -> str | None:
    """The language kept on the user's account, read afresh from the database."""
    session.expire_all()
    return session.scalar(select(User.language).where(User.id == user.id))


def test_a_first_visit_is_in_english(client: FlaskClient) -> None:
    page = get(client, "/sign-in")
    assert html_lang(page) == "en"
    assert page.heading == "Sign in"


def test_a_browser_asking_for_welsh_first_gets_welsh_on_its_first_visit(
    client: FlaskClient,
) -> None:
    page = Page(client.get("/sign-in", headers=WELSH_FIRST))
    assert html_lang(page) == "cy"
    assert page.heading == "Mewngofnodi"
    assert "Casgliad data Partneriaethau Ysgolion Mwy Diogel" in page.title


def test_a_browser_asking_for_english_first_gets_english(client: FlaskClient) -> None:
    page = Page(client.get("/sign-in", headers=ENGLISH_FIRST))
    assert html_lang(page) == "en"


def test_lang_on_the_address_wins_and_is_kept_for_the_next_page(client: FlaskClient) -> None:
    assert html_lang(get(client, "/cookies?lang=cy")) == "cy"
    # No ?lang= now, and a browser that prefers English: the session keeps Welsh.
    page = Page(client.get("/privacy", headers=ENGLISH_FIRST))
    assert html_lang(page) == "cy"
    assert page.heading == "Hysbysiad preifatrwydd"
    # The choice beats the browser both ways.
    assert html_lang(get(client, "/privacy?lang=en")) == "en"
    assert html_lang(Page(client.get("/privacy", headers=WELSH_FIRST))) == "en"


def test_an_unknown_language_is_ignored(client: FlaskClient) -> None:
    page = get(client, "/cookies?lang=fr")
    assert html_lang(page) == "en"


def test_the_language_navigation_is_on_signed_out_pages(client: FlaskClient) -> None:
    nav = language_navigation(get(client, "/cookies?x=1"))
    assert nav["English"]["current"] == "yes"
    assert nav["English"]["lang"] == "en"
    welsh = nav["Cymraeg"]
    assert (welsh["lang"], welsh["hreflang"], welsh["link_lang"]) == ("cy", "cy", "cy")
    # The link is this page in Welsh, other query values kept.
    assert welsh["href"] == "/cookies?x=1&lang=cy"

    nav = language_navigation(get(client, welsh["href"]))
    assert nav["Cymraeg"]["current"] == "yes"
    assert nav["English"]["href"] == "/cookies?x=1&lang=en"
    assert nav["English"]["hreflang"] == "en"


def test_the_language_navigation_is_on_error_pages(client: FlaskClient) -> None:
    page = get(client, "/no-such-page?lang=cy", expected_status=404)
    assert html_lang(page) == "cy"
    assert page.heading == "Heb ddod o hyd i’r dudalen"
    assert set(language_navigation(page)) == {"English", "Cymraeg"}


def test_the_language_navigation_is_on_signed_in_pages_beside_sign_out(
    client: FlaskClient,
) -> None:
    user = create_user(Role.SCHOOL)
    sign_in(client, user)
    page = home(client)
    assert "Sign out" in page.text
    nav = language_navigation(page)
    assert nav["English"]["current"] == "yes"
    assert nav["Cymraeg"]["href"] == "/school?lang=cy"
    # In the service navigation's list, after the sign-out button.
    items = page.soup.select(".govuk-service-navigation__list > li")
    assert "app-language-navigation" in items[-1]["class"]


def test_choosing_welsh_while_signed_in_becomes_the_users_preference(
    client: FlaskClient, app
) -> None:  # type: ignore[no-untyped-def]
    user = create_user(Role.SCHOOL)
    assert user.language is None
    sign_in(client, user)
    page = home(client, "?lang=cy")
    assert html_lang(page) == "cy"
    assert "Allgofnodi" in page.text
    assert stored_language(user) == "cy"

    # Another browser, English first: the preference on the account decides once signed in.
    other = app.test_client()
    sign_in(other, user)
    assert html_lang(home(other, **ENGLISH_FIRST)) == "cy"


def test_the_users_preference_beats_the_browser(client: FlaskClient) -> None:
    user = create_user(Role.SCHOOL, language="en")
    sign_in(client, user)
    assert html_lang(home(client, **WELSH_FIRST)) == "en"


def test_welsh_chosen_before_signing_in_is_kept_and_remembered(client: FlaskClient) -> None:
    user = create_user(Role.SCHOOL)
    get(client, "/sign-in?lang=cy")
    response = sign_in(client, user)
    assert response.status_code == 302
    assert html_lang(home(client)) == "cy"
    assert stored_language(user) == "cy"


def test_a_choice_before_signing_in_does_not_overwrite_a_preference(
    client: FlaskClient,
) -> None:
    user = create_user(Role.SCHOOL, language="en")
    get(client, "/sign-in?lang=cy")
    sign_in(client, user)
    assert html_lang(home(client)) == "en"
    assert stored_language(user) == "en"


def test_signing_out_keeps_the_language(client: FlaskClient) -> None:
    user = create_user(Role.SCHOOL, language="cy")
    sign_in(client, user)
    page = Page(
        client.post("/sign-out", data={"csrf_token": _token(client)}, follow_redirects=True)
    )
    assert html_lang(page) == "cy"
    assert "Rydych chi wedi allgofnodi." in page.text


def _token(client: FlaskClient) -> str:
    """A CSRF token from a signed-in page."""
    from tests.factories import csrf_token

    return csrf_token(home(client).html)


def test_welsh_form_errors_are_in_welsh(client: FlaskClient) -> None:
    from tests.factories import csrf_token

    page = get(client, "/sign-in?lang=cy")
    response = client.post(
        "/sign-in", data={"email": "", "password": "", "csrf_token": csrf_token(page.html)}
    )
    page = Page(response)
    assert page.errors == ["Rhowch eich cyfeiriad e-bost", "Rhowch eich cyfrinair"]
    assert page.title.startswith("Gwall: ")


def test_a_welsh_page_not_yet_translated_marks_its_english_as_english(
    client: FlaskClient,
) -> None:
    # The reviewers' pages are written for central staff in English and are not in the
    # catalogue: the layout is Welsh (its footer links to "Help a chysylltu"), the main content
    # says it is English, so that a screen reader reads it as English.
    sign_in(client, create_user(Role.REVIEWER))
    page = get(client, "/review?lang=cy")
    assert html_lang(page) == "cy"
    assert page.soup.main is not None and page.soup.main.get("lang") == "en"
    assert "Help a chysylltu" in page.text
    # A translated page's main content is in the page's language.
    page = get(client, "/cookies")
    assert page.soup.main is not None and page.soup.main.get("lang") is None
    page = get(client, "/review?lang=en")
    assert page.soup.main is not None and page.soup.main.get("lang") is None


def test_the_account_page_shows_and_changes_the_language(client: FlaskClient) -> None:
    user = create_user(Role.POLICE)
    sign_in(client, user)
    page = get(client, "/account")
    row = page.soup.find("dt", string=lambda text: text and text.strip() == "Language")
    assert row is not None
    value = row.find_next_sibling("dd")
    assert value.get_text(strip=True) == "Not chosen yet"
    change = row.find_parent(class_="govuk-summary-list__row").find("a")
    assert change["href"] == "/account?lang=cy"

    page = get(client, change["href"])
    assert html_lang(page) == "cy"
    assert page.heading == "Eich cyfrif"
    rows = {
        item.select_one("dt").get_text(strip=True): item.select_one("dd").get_text(" ", strip=True)
        for item in page.soup.select(".govuk-summary-list__row")
    }
    assert rows["Iaith"] == "Cymraeg"
    assert rows["Rôl"].startswith("Heddlu: rydych yn cadw cofrestr partneriaethau")
    assert stored_language(user) == "cy"
    assert "Eich heddlu" in page.text and "Cofrestr" in page.text
