"""The browser tour in Welsh: the pages a person meets, looked at as a Welsh reader sees them.

A browser that asks for Welsh first (Accept-Language cy) gets Welsh from its first page. On
every page `<html lang="cy">`, axe passes (its `html-lang-valid` and `valid-lang` rules check
the language attributes), and the page reflows at 320 pixels. On the pages whose words are all
in the catalogue, no English sentence from the catalogue is left in what a person reads; on
the others (the journeys not translated yet), the main content is marked `lang="en"`.
Screenshots land in `test-results/tour/welsh-*`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest
from babel.messages.pofile import read_po

from sspcollect.config import ROOT
from sspcollect.demo import DEMO_PASSWORD
from tests.browser.conftest import LiveServer, follow
from tests.browser.tour import Tour

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

Axe = Callable[["Page"], dict[str, Any]]
CATALOGUE = ROOT / "sspcollect" / "translations" / "messages.pot"
# What a person reads, leaving out what is marked English (the "English" link, say).
READ_TEXT = """() => {
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll('[lang="en"], script, template').forEach((node) => node.remove());
  return copy.textContent.replace(/\\s+/g, ' ');
}"""


def english_sentences() -> list[str]:
    """The English of the catalogue in pieces of four words or more, placeholders left out."""
    with CATALOGUE.open("rb") as pot:
        catalogue = read_po(pot)
    pieces: set[str] = set()
    for message in catalogue:
        for text in [message.id] if isinstance(message.id, str) else list(message.id):
            for piece in re.split(r"%\(\w+\)[sd]|<[^>]*>", text):
                piece = " ".join(piece.split()).strip(" .,:;")
                if len(piece.split()) >= 4:
                    pieces.add(piece)
    return sorted(pieces)


ENGLISH = english_sentences()


@pytest.fixture
def welsh_page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh browser that asks for Welsh first; fails on errors in the console."""
    context = browser.new_context(locale="cy-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page
    context.close()
    assert not problems, "The browser reported errors:\n" + "\n".join(problems)


def look_in_welsh(page: Page, tour: Tour, name: str, translated: bool = True) -> None:
    """Check the page is Welsh (and, if translated, has no English left), then look at it."""
    assert page.evaluate("() => document.documentElement.lang") == "cy", name
    main_lang = page.evaluate("() => document.querySelector('main').getAttribute('lang')")
    if translated:
        assert main_lang is None, f"{name}: a translated page marks its main content {main_lang}"
        text = page.evaluate(READ_TEXT)
        left = [sentence for sentence in ENGLISH if sentence in text]
        assert not left, f"{name} ({page.url}) still reads in English: {left}"
    else:
        assert main_lang == "en", f"{name}: English content on a Welsh page must say so"
    tour.look(page, name)


def go(page: Page, server: LiveServer, path: str) -> None:
    """Open a page by its path (an error page's status is fine: it is looked at too)."""
    page.goto(server.url(path))


def sign_in_in_welsh(page: Page, server: LiveServer, email: str) -> None:
    """Sign in through the Welsh sign-in page."""
    go(page, server, "/sign-in")
    page.get_by_label("Cyfeiriad e-bost").fill(email)
    page.get_by_label("Cyfrinair", exact=True).fill(DEMO_PASSWORD)
    follow(page.get_by_role("button", name="Mewngofnodi", exact=True))
    page.wait_for_url(lambda url: "/sign-in" not in url)


def back_to_english(page: Page, server: LiveServer) -> None:
    """Choose English again, so that the demo user reads English in the other tests."""
    go(page, server, "/?lang=en")
    assert page.evaluate("() => document.documentElement.lang") == "en"


@pytest.fixture
def welsh_tour(request: pytest.FixtureRequest, axe: Axe) -> Tour:
    """A tour named after the test (test_tour_welsh_public → welsh-public)."""
    return Tour(request.node.name.removeprefix("test_tour_").replace("_", "-"), axe)


def test_tour_welsh_public(live_server: LiveServer, welsh_page: Page, welsh_tour: Tour) -> None:
    """Someone not signed in whose browser asks for Welsh: sign-in and the service's pages."""
    page = welsh_page
    go(page, live_server, "/sign-in")
    look_in_welsh(page, welsh_tour, "mewngofnodi")
    nav = page.locator(".app-language-navigation")
    english = nav.get_by_role("link", name="English")
    assert english.get_attribute("hreflang") == "en"
    assert english.get_attribute("lang") == "en"
    assert nav.locator("[aria-current='true']").inner_text() == "Cymraeg"
    follow(page.get_by_role("button", name="Mewngofnodi", exact=True))
    look_in_welsh(page, welsh_tour, "mewngofnodi gwallau")
    assert page.title().startswith("Gwall: ")
    assert "Rhowch eich cyfeiriad e-bost" in page.locator(".govuk-error-summary").inner_text()
    for path, name in [
        ("/forgot-password", "ailosod cyfrinair"),
        ("/cookies", "cwcis"),
        ("/privacy", "hysbysiad preifatrwydd"),
        ("/no-such-page", "heb ddod o hyd i'r dudalen"),
        ("/start", "dechrau"),
        ("/help", "help"),
        ("/accessibility", "hygyrchedd"),
    ]:
        go(page, live_server, path)
        look_in_welsh(page, welsh_tour, name)
    assert page.locator("h1").inner_text().startswith("Datganiad hygyrchedd ar gyfer Casgliad")
    # The language navigation takes the reader to the same page in English.
    follow(page.locator(".app-language-navigation").get_by_role("link", name="English"))
    assert page.evaluate("() => document.documentElement.lang") == "en"
    assert page.url.endswith("/accessibility?lang=en")


def _demo_user(server: LiveServer, role: str, welsh: Callable[[str], bool]) -> str:
    """The email of a demo user of role whose organisation is Welsh (else the first)."""
    users = [(email, org) for user_role, email, org in server.sign_ins.users if user_role == role]
    return next((email for email, org in users if welsh(org)), users[0][0])


def test_tour_welsh_police(live_server: LiveServer, welsh_page: Page, welsh_tour: Tour) -> None:
    """South Wales Police signs in in Welsh: the layout is Welsh, the journey not yet."""
    page = welsh_page
    email = _demo_user(live_server, "police", lambda org: "Wales" in org)
    sign_in_in_welsh(page, live_server, email)
    try:
        look_in_welsh(page, welsh_tour, "hafan yr heddlu", translated=False)
        assert page.get_by_role("button", name="Allgofnodi").first.is_visible()
        go(page, live_server, "/register")
        look_in_welsh(page, welsh_tour, "cofrestr", translated=False)
        go(page, live_server, "/account")
        look_in_welsh(page, welsh_tour, "eich cyfrif")
        go(page, live_server, "/account/password")
        look_in_welsh(page, welsh_tour, "newid eich cyfrinair")
    finally:
        back_to_english(page, live_server)


def save_and_continue(page: Page, tour: Tour, name: str, heading: str) -> None:
    """Check a question page is in Welsh and asks heading, look at it, then save and go on."""
    assert heading in page.locator("h1").inner_text(), page.locator("h1").inner_text()
    look_in_welsh(page, tour, name)
    follow(page.get_by_role("button", name="Cadw a pharhau"))


def test_tour_welsh_school(live_server: LiveServer, welsh_page: Page, welsh_tour: Tour) -> None:
    """A Welsh school does its whole return in Welsh: every question, an error, a save for
    later, check your answers with its queries, the declaration, and the confirmation."""
    page = welsh_page
    email = _demo_user(live_server, "school", lambda org: org.startswith("Ysgol"))
    sign_in_in_welsh(page, live_server, email)
    try:
        look_in_welsh(page, welsh_tour, "hafan yr ysgol")
        assert page.locator("main th", has_text="Dyddiad cau").count() == 1
        follow(page.locator("main a[href*='/returns/'][href$='/school']").first)
        look_in_welsh(page, welsh_tour, "trosolwg o'r ffurflen")
        assert page.get_by_role("heading", name="Eich ffurflen").is_visible()
        follow(page.get_by_role("link", name="Eich Partneriaeth Ysgolion Mwy Diogel"))

        # Going on without an answer: the error summary and the field's error, in Welsh.
        follow(page.get_by_role("button", name="Cadw a pharhau"))
        assert page.title().startswith("Gwall: ")
        assert "Mae problem wedi codi" in page.locator(".govuk-error-summary").inner_text()
        look_in_welsh(page, welsh_tour, "oes partneriaeth gwall")
        page.get_by_label("Oes", exact=True).check()
        save_and_continue(page, welsh_tour, "oes partneriaeth", "Oes gan eich ysgol")
        save_and_continue(page, welsh_tour, "pa heddlu", "Gyda pha heddlu")
        page.get_by_label("Swyddog clwstwr").check()
        save_and_continue(page, welsh_tour, "sut mae'n gweithio", "Sut mae eich partneriaeth")
        page.get_by_label("Sawl diwrnod yr wythnos").fill("1.5")
        save_and_continue(page, welsh_tour, "diwrnodau", "Sawl diwrnod yr wythnos")
        page.get_by_label("4 \u2013 Effeithiol").check()
        save_and_continue(page, welsh_tour, "effeithiolrwydd", "Pa mor effeithiol")
        page.get_by_label("Lleihau trais").check()
        page.get_by_label("Diogelu").check()
        save_and_continue(page, welsh_tour, "nodau", "Pa nodau")
        page.get_by_label("Eich sylwadau (dewisol)").fill("Gwasanaethau am droseddau cyllyll.")
        page.get_by_text("Mae gennych 966 nod ar ôl").wait_for()
        save_and_continue(page, welsh_tour, "sylwadau", "sylwadau am y bartneriaeth")

        # The figures, as the school gives them to the Welsh Government; saved for later.
        assert "i Lywodraeth Cymru" in page.locator("main").inner_text()
        page.get_by_label("Disgyblion ar y gofrestr").fill("420")
        follow(page.get_by_role("button", name="Cadw a dod yn ôl yn nes ymlaen"))
        banner = page.locator(".govuk-notification-banner").inner_text()
        assert "Mae eich atebion wedi\u2019u cadw" in banner
        look_in_welsh(page, welsh_tour, "wedi cadw")
        follow(page.locator("main a[href*='/returns/'][href$='/school']").first)
        follow(page.get_by_role("link", name="Ffigurau eich ysgol"))
        assert page.get_by_label("Disgyblion ar y gofrestr").input_value() == "420"
        page.get_by_label("Presenoldeb cyffredinol").fill("80")
        page.get_by_label("Absenoldeb parhaus").fill("21.5")
        save_and_continue(page, welsh_tour, "disgyblion", "Disgyblion a phresenoldeb")
        page.get_by_label("Gwaharddiadau cyfnod penodol", exact=True).fill("12")
        page.get_by_label("Gwaharddiadau parhaol").fill("0")
        save_and_continue(page, welsh_tour, "gwaharddiadau", "Gwaharddiadau")
        page.get_by_label("Digwyddiadau treisgar").fill("4")
        page.get_by_label("Digwyddiadau yn ymwneud ag arf").fill("0")
        page.get_by_label("Digwyddiadau bwlio").fill("9")
        save_and_continue(page, welsh_tour, "digwyddiadau", "Digwyddiadau")
        page.get_by_label("Ni chafodd ein disgyblion eu holi").check()
        save_and_continue(page, welsh_tour, "teimlo'n ddiogel", "teimlo\u2019n ddiogel")

        # Check your answers; submitting before the queries are explained is refused.
        assert "Gwiriwch eich atebion" in page.locator("h1").inner_text()
        assert "1.5 diwrnod yr wythnos" in page.locator("main").inner_text()
        # The academic year's dates in Welsh: 1 Medi 2025 i 31 Awst 2026.
        assert re.search(r"1 Medi \d{4} i 31 Awst \d{4}", page.locator("#period").inner_text())
        look_in_welsh(page, welsh_tour, "gwirio eich atebion")
        follow(page.get_by_role("button", name="Cyflwyno\u2019r ffurflen"))
        assert page.title().startswith("Gwall: ")
        look_in_welsh(page, welsh_tour, "gwirio eich atebion gwall")
        for box in page.locator("textarea").all():
            if not box.input_value():
                box.fill("Roedd y ffliw wedi cau dau ddosbarth am dair wythnos.")
        page.get_by_label("Teitl eich swydd").fill("Pennaeth")
        page.get_by_label("Rwy\u2019n cadarnhau").check()
        follow(page.get_by_role("button", name="Cyflwyno\u2019r ffurflen"))

        assert page.locator("h1").inner_text() == "Ffurflen wedi\u2019i chyflwyno"
        look_in_welsh(page, welsh_tour, "cadarnhad")
        follow(page.get_by_role("link", name="Gweld yr atebion a gyflwynwyd gennych"))
        assert page.locator("h1").inner_text().endswith("Eich atebion")
        look_in_welsh(page, welsh_tour, "eich atebion")
        # A question page of a submitted return shows its answers, and cannot be changed.
        page.goto(page.url.replace("/check-your-answers", "/officer-time"))
        assert "Ni allwch ei newid nawr" in page.locator(".govuk-notification-banner").inner_text()
        look_in_welsh(page, welsh_tour, "ateb wedi'i gyflwyno")
    finally:
        back_to_english(page, live_server)
