"""Compiled templates are shared by the apps of one process, and never between settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment

from sspcollect.template_cache import TEMPLATES, ProcessTemplateCache
from tests.conftest import make_app


def count_compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from now on."""
    compiled: list[str] = []
    original = Environment.compile

    def compile_and_note(self, source, name=None, filename=None, raw=False, defer_init=False):  # type: ignore[no-untyped-def]
        compiled.append(str(name))
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(Environment, "compile", compile_and_note)
    return compiled


def test_a_second_app_renders_a_page_without_compiling_it_again(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page compiled for one app is served by the next from the same code."""
    TEMPLATES.clear()
    compiled = count_compiles(monkeypatch)
    first = make_app(database_url, tmp_path).test_client().get("/sign-in")
    assert first.status_code == 200
    assert "accounts/sign_in.html" in compiled and "base.html" in compiled

    compiled.clear()
    second = make_app(database_url, tmp_path).test_client().get("/sign-in")
    assert second.status_code == 200
    assert compiled == []
    heading = '<h1 class="govuk-heading-l">'
    assert heading in first.text
    assert first.text.split(heading)[1][:80] == second.text.split(heading)[1][:80]


def test_environments_that_compile_differently_do_not_share_code() -> None:
    """Whitespace settings and the i18n policy change the code, so they change the key."""
    cache = ProcessTemplateCache()
    page = "{% if true %}\n  Hello\n{% endif %}\n{% trans %}\n  Bore da\n{% endtrans %}"
    source = {"page.html": page}

    def render(**settings: object) -> str:
        environment = Environment(
            loader=DictLoader(source),
            bytecode_cache=cache,
            extensions=["jinja2.ext.i18n"],
            autoescape=True,
        )
        environment.install_null_translations()  # type: ignore[attr-defined]
        trimmed = settings.pop("trimmed", False)
        for name, value in settings.items():
            setattr(environment, name, value)
        environment.policies["ext.i18n.trimmed"] = trimmed
        return environment.get_template("page.html").render()

    plain = render()
    tidy = render(trim_blocks=True, lstrip_blocks=True, trimmed=True)
    assert plain == "\n  Hello\n\n\n  Bore da\n"
    assert tidy == "  Hello\nBore da"
    assert render() == plain
    assert render(trim_blocks=True, lstrip_blocks=True, trimmed=True) == tidy


def test_a_changed_template_is_compiled_again() -> None:
    """The source's checksum is part of what is kept: an edited template is never stale."""
    cache = ProcessTemplateCache()
    source = {"page.html": "first"}

    def render() -> str:
        environment = Environment(loader=DictLoader(source), bytecode_cache=cache, autoescape=True)
        return environment.get_template("page.html").render()

    assert render() == "first"
    source["page.html"] = "second"
    assert render() == "second"
