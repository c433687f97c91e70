"""The browser tour in Welsh: the pages a person meets, looked at as a Welsh reader sees them.

A browser that asks for Welsh first (Accept-Language cy) gets Welsh from its first page. On
every page `<html lang="cy">`, axe passes (its `html-lang-valid` and `valid-lang` rules check
the language attributes), and the page reflows at 320 pixels. On the pages whose words are all
in the catalogue, no English sentence from the catalogue is left in what a person reads; on
the others (the journeys not translated yet), the main content is marked `lang="en"`.
Screenshots land in `test-results/tour/welsh-*`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest
from babel.messages.pofile import read_po
from openpyxl import load_workbook

from sspcollect import schema
from sspcollect.bulk.register_file import XLSX_TYPE
from sspcollect.config import ROOT
from sspcollect.demo import DEMO_PASSWORD, load_demo
from tests.browser.conftest import LiveServer, follow, serving
from tests.browser.tour import Tour
from tests.conftest import make_app

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


@pytest.fixture(scope="module")
def welsh_force_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server of its own with the demo (the journey changes South Wales Police's data)."""
    folder = tmp_path_factory.mktemp("welsh-force")
    app = make_app(f"sqlite:///{folder / 'welsh.db'}", folder)
    schema.upgrade(app)
    with app.app_context():
        sign_ins = load_demo(echo=lambda *_: None)
    with serving(app) as base_url:
        yield LiveServer(base_url, sign_ins)


def press(page: Page, name: str) -> None:
    """Press the button with this name and wait for the page it leads to."""
    follow(page.get_by_role("button", name=name, exact=True))


def errors_read(page: Page) -> str:
    """The error summary as a person reads it."""
    return page.locator(".govuk-error-summary").inner_text()


def add_a_partnership(page: Page, tour: Tour) -> None:
    """Add a partnership in Welsh: first without answers (the errors are Welsh), then in full."""
    follow(page.get_by_role("button", name="Ychwanegu partneriaeth"))
    look_in_welsh(page, tour, "ychwanegu partneriaeth")
    press(page, "Cadw\u2019r bartneriaeth")
    assert page.title().startswith("Gwall: ")
    assert "Mae problem wedi codi" in errors_read(page)
    look_in_welsh(page, tour, "ychwanegu partneriaeth gwallau")
    page.get_by_label("Cyfeirnod", exact=True).fill("SWP-100")
    page.get_by_label("Enw", exact=True).fill("Partneriaeth ysgolion Pen-y-bont")
    page.get_by_label("Swyddog clwstwr", exact=True).check()
    page.get_by_label("Dod o hyd i ysgol yn ôl URN neu enw").fill("Ysgol")
    press(page, "Dod o hyd i ysgol")
    look_in_welsh(page, tour, "ychwanegu partneriaeth ysgolion a ganfuwyd")
    follow(page.locator("main table button", has_text="Ychwanegu").first)
    page.get_by_label("Cwnstabl", exact=True).check()
    page.get_by_label("Nifer y swyddogion").fill("1")
    page.get_by_label("Cyfwerth ag amser llawn (CALl)").fill("1")
    page.get_by_label("Heddlu", exact=True).check()
    page.get_by_label("Oes", exact=True).check()
    for part, value in (("day", "1"), ("month", "9"), ("year", "2025")):
        page.locator(f"input[name=start_date-{part}]").fill(value)
    press(page, "Cadw\u2019r bartneriaeth")
    assert "Partneriaeth SWP-100 wedi\u2019i hychwanegu" in page.locator("main").inner_text()
    look_in_welsh(page, tour, "partneriaeth")
    assert "Model\tSwyddog clwstwr" in page.locator(".govuk-summary-list").inner_text()


def change_the_partnership(page: Page, tour: Tour) -> None:
    """Change its name, then try to end it without a date (the error is Welsh)."""
    follow(page.get_by_role("button", name="Newid y bartneriaeth"))
    look_in_welsh(page, tour, "newid partneriaeth")
    page.get_by_label("Enw", exact=True).fill("Partneriaeth ysgolion Pen-y-bont ar Ogwr")
    press(page, "Cadw\u2019r bartneriaeth")
    assert "Partneriaeth SWP-100 wedi\u2019i chadw" in page.locator("main").inner_text()
    follow(page.get_by_role("button", name="Dod â\u2019r bartneriaeth i ben"))
    press(page, "Dod â\u2019r bartneriaeth i ben")
    assert "Rhowch y dyddiad y daeth y bartneriaeth i ben" in errors_read(page)
    look_in_welsh(page, tour, "dod a phartneriaeth i ben gwallau")


def filled_workbook(data: bytes) -> bytes:
    """The downloaded outcomes workbook with every empty count given as 2."""
    book = load_workbook(io.BytesIO(data))
    for row in book["Outcomes"].iter_rows(min_row=2, min_col=3):
        for cell in row:
            if cell.value is None:
                cell.value = 2
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def make_the_return(page: Page, server: LiveServer, tour: Tour) -> None:
    """Confirm the register, give outcomes by page and by spreadsheet, declare and submit."""
    go(page, server, "/police")
    follow(page.locator("main a[href*='/returns/'][href$='/force']").first)
    look_in_welsh(page, tour, "rhestr tasgau")
    tasks = page.url
    follow(page.locator("a[href$='/force/confirm-register']").first)
    look_in_welsh(page, tour, "cadarnhau eich cofrestr")
    page.get_by_label("Ydy", exact=True).check()
    press(page, "Cadw a pharhau")
    look_in_welsh(page, tour, "canlyniadau partneriaeth")
    for box in page.locator("main input.govuk-input").all():
        box.fill("3")
    press(page, "Cadw a pharhau i\u2019r bartneriaeth nesaf")
    page.goto(tasks + "/nil-return")
    look_in_welsh(page, tour, "ffurflen ddim")
    page.goto(tasks + "/outcomes")
    look_in_welsh(page, tour, "canlyniadau pob partneriaeth")
    page.goto(tasks)
    follow(page.get_by_role("link", name="Rhoi\u2019r cyfrifon ar gyfer llawer o bartneriaethau"))
    look_in_welsh(page, tour, "llwytho cyfrifon i fyny")
    workbook = page.request.get(page.url.removesuffix("/upload") + "/download.xlsx")
    page.set_input_files(
        "input[name=outcomes_file]",
        files=[
            {
                "name": "outcomes.xlsx",
                "mimeType": XLSX_TYPE,
                "buffer": filled_workbook(workbook.body()),
            }
        ],
    )
    press(page, "Gwirio\u2019r ffeil")
    look_in_welsh(page, tour, "gwirio'r cyfrifon")
    press(page, "Cadw\u2019r cyfrifon hyn")
    look_in_welsh(page, tour, "rhestr tasgau canlyniadau wedi'u rhoi")
    follow(page.get_by_role("link", name="Gwirio eich atebion a chyflwyno"))
    look_in_welsh(page, tour, "gwirio eich atebion")
    for box in page.locator("main textarea").all():
        box.fill("Mae hyn yn gywir: daw\u2019r ffigurau o\u2019n cofnodion ni ar gyfer y flwyddyn.")
    page.get_by_label("Eich enw llawn").fill("Rhian Davies")
    page.get_by_label("Teitl eich swydd").fill("Cydlynydd Partneriaethau Ysgolion Mwy Diogel")
    page.get_by_label("Rwy\u2019n cadarnhau").check()
    press(page, "Cyflwyno\u2019r ffurflen")
    assert page.locator("h1").inner_text() == "Ffurflen wedi\u2019i chyflwyno"
    assert "Heddlu De Cymru" in page.locator(".govuk-panel").inner_text()
    look_in_welsh(page, tour, "ffurflen wedi'i chyflwyno")
    follow(page.get_by_role("link", name="Tynnu eich ffurflen yn \u00f4l i\u2019w newid"))
    look_in_welsh(page, tour, "tynnu'r ffurflen yn ol")
    press(page, "Tynnu eich ffurflen yn \u00f4l")
    assert "wedi\u2019i thynnu\u2019n \u00f4l" in page.locator("main").inner_text()
    look_in_welsh(page, tour, "rhestr tasgau wedi'i thynnu'n ol")


def test_tour_welsh_police(
    welsh_force_server: LiveServer, welsh_page: Page, welsh_tour: Tour
) -> None:
    """South Wales Police, in Welsh: its page, the register (a partnership added, changed and
    its errors), the register's upload page, and the force return through to submission."""
    page, server = welsh_page, welsh_force_server
    # A long journey on a server of its own, loaded with the demo: give slow pages more time.
    page.set_default_timeout(30_000)
    email = _demo_user(server, "police", lambda org: "Wales" in org)
    sign_in_in_welsh(page, server, email)
    look_in_welsh(page, welsh_tour, "hafan yr heddlu")
    assert page.locator("h1").inner_text() == "Heddlu De Cymru"
    assert page.get_by_role("button", name="Allgofnodi").first.is_visible()
    go(page, server, "/register")
    look_in_welsh(page, welsh_tour, "cofrestr")
    add_a_partnership(page, welsh_tour)
    change_the_partnership(page, welsh_tour)
    go(page, server, "/register/upload")
    look_in_welsh(page, welsh_tour, "llwytho'r gofrestr i fyny")
    make_the_return(page, server, welsh_tour)
    go(page, server, "/account")
    look_in_welsh(page, welsh_tour, "eich cyfrif")


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
        cards = page.locator("main .govuk-summary-card")
        assert cards.count() >= 1
        assert page.locator("main dt", has_text="Dyddiad cau").count() == cards.count()
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
        assert banner.startswith("Llwyddiant")
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
        banner = page.locator(".govuk-notification-banner").inner_text()
        assert banner.startswith("Pwysig") and "Ni allwch ei newid nawr" in banner
        look_in_welsh(page, welsh_tour, "ateb wedi'i gyflwyno")
    finally:
        back_to_english(page, live_server)
