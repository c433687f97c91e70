"""The public rules page in Welsh: every check by its Welsh name, with its Welsh message."""

from __future__ import annotations

from flask import Flask

from sspcollect.language import in_language
from sspcollect.validation import CATALOGUE
from sspcollect.validation.views import readable_message
from tests.pages import Page


def test_the_rules_page_reads_in_welsh(app: Flask) -> None:
    page = Page(app.test_client().get("/validation-rules?lang=cy"))
    assert page.soup.html is not None and page.soup.html["lang"] == "cy"
    main = page.soup.select_one("main")
    assert main is not None and main.get("lang") != "en"
    assert page.heading == "Rheolau dilysu"
    text = " ".join(page.text.split())
    for welsh in (
        "Presenoldeb isel",
        "Ymholiad \u2013 eglurwch ef",
        "Gwall \u2013 rhaid ei gywiro",
        "Nid oes gan unrhyw ysgol yr URN [URN]; gwiriwch yr URN",
        "Rhowch nifer y disgyblion ar y gofrestr fel rhif cyfan o 1 i 10,000",
        "Ffurflen ysgol",
    ):
        assert welsh in text, welsh
    assert "{" not in page.text
    for english in ("Validation rules", "Low attendance", "What the service says"):
        assert english not in text
    with in_language("cy"):
        for rule in CATALOGUE:
            assert readable_message(rule) in text, rule.id
