"""The Welsh catalogue is complete and in step: every string marked for translation has a
Welsh translation with the same placeholders, the compiled .mo says what the .po says, and
the templates counted as translated have no words outside the catalogue."""

from __future__ import annotations

import re
from fnmatch import fnmatch
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from jinja2 import Environment

from sspcollect.config import ROOT
from sspcollect.language import CENTRAL_STAFF_TEMPLATES, TRANSLATED_TEMPLATES

TRANSLATIONS = ROOT / "sspcollect" / "translations"
WELSH_PO = TRANSLATIONS / "cy" / "LC_MESSAGES" / "messages.po"
WELSH_MO = TRANSLATIONS / "cy" / "LC_MESSAGES" / "messages.mo"
# As `make catalogue` extracts them.
KEYWORDS = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "plural_patterns": (1, 2)}
# Placeholders as gettext fills them (%(name)s), and as the validation messages name the
# values they are filled with ({name}, by str.format).
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def placeholders(text: str) -> set[str]:
    """The names of the placeholders in text, in either style."""
    return {percent or brace for percent, brace in PLACEHOLDER.findall(text)}


def extracted() -> dict[str | tuple[str, ...], str]:
    """Every message marked in the package and the templates, with where it was found."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[str | tuple[str, ...], str] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        found.setdefault(message, filename)
    return found


@pytest.fixture(scope="module")
def welsh() -> Catalog:
    """The Welsh catalogue as translators edit it."""
    with WELSH_PO.open("rb") as po:
        return read_po(po, locale="cy")


@pytest.fixture(scope="module")
def marked() -> dict[str | tuple[str, ...], str]:
    """The messages the code and templates mark for translation."""
    return extracted()


def forms(message: str | tuple[str, ...] | list[str]) -> list[str]:
    """The forms of a message id or translation (one, or one per plural form)."""
    return [message] if isinstance(message, str) else list(message)


def test_the_welsh_catalogue_has_six_plural_forms(welsh: Catalog) -> None:
    assert welsh.num_plurals == 6
    assert welsh.plural_expr == "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n==3 ? 3 : n==6 ? 4 : 5)"


def test_the_extraction_finds_the_layouts_words(marked: dict[str | tuple[str, ...], str]) -> None:
    # A broken extraction finding nothing would make the next test pass on nothing.
    assert "Skip to main content" in marked
    assert ("%(num)s minute", "%(num)s minutes") in marked
    assert "Enter your email address" in marked


def test_every_marked_message_has_a_welsh_translation(
    marked: dict[str | tuple[str, ...], str], welsh: Catalog
) -> None:
    problems = []
    for message_id, filename in marked.items():
        key = message_id[0] if isinstance(message_id, tuple) else message_id
        entry = welsh.get(key)
        if entry is None:
            problems.append(f"{filename}: not in the Welsh catalogue: {message_id!r}")
        elif entry.fuzzy:
            problems.append(f"{filename}: fuzzy (needs checking): {message_id!r}")
        elif not all(forms(entry.string)):
            problems.append(f"{filename}: no Welsh yet: {message_id!r}")
        elif isinstance(message_id, tuple) and len(forms(entry.string)) != 6:
            problems.append(f"{filename}: needs all six Welsh plural forms: {message_id!r}")
    assert not problems, "Run `make catalogue`, translate, then `make translations`:\n" + (
        "\n".join(problems)
    )


def test_each_welsh_string_has_the_placeholders_of_its_english(welsh: Catalog) -> None:
    problems = []
    for entry in welsh:
        if not entry.id:
            continue
        english = {name for form in forms(entry.id) for name in placeholders(form)}
        for form in forms(entry.string):
            if placeholders(form) != english:
                problems.append(f"{entry.id!r} → {form!r}")
    assert not problems, "Placeholders differ:\n" + "\n".join(problems)


def test_the_placeholder_check_sees_both_styles() -> None:
    assert placeholders("{changes} since %(year)s, {what}") == {"changes", "year", "what"}
    assert placeholders("100% of 5 {") == set()


def test_the_compiled_catalogue_is_in_step_with_the_po(welsh: Catalog) -> None:
    with WELSH_MO.open("rb") as mo:
        compiled = read_mo(mo)
    # Keyed by context too ("Yes" answers "is it?" as Ydy, "did it?" as Do); Babel reads a
    # compiled context as bytes.
    by_key = {
        (m.context.decode() if isinstance(m.context, bytes) else m.context, forms(m.id)[0]): m
        for m in compiled
        if m.id
    }
    stale = []
    for entry in welsh:
        if not entry.id or entry.fuzzy:
            continue
        built = by_key.get((entry.context, forms(entry.id)[0]))
        if built is None or forms(built.string) != forms(entry.string):
            stale.append(repr(entry.id))
    assert not stale, "messages.mo is out of date: run `make translations`\n" + "\n".join(stale)


# Text a person reads left in a template: in its data (what is outside Jinja's tags and
# {% trans %} blocks), or written as a literal for a macro's text parameter or an attribute.
LEXER = Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
LITERAL_PARAMETER = re.compile(
    r"""['"](?:text|html|titleText|caption|label|visuallyHiddenTitle|navigationLabel)['"]\s*:"""
    r"""\s*(['"])(?P<words>[^'"]*[A-Za-z][^'"]*)\1"""
)
LITERAL_ATTRIBUTE = re.compile(
    r"""(?:aria-label|title|alt|placeholder)="(?P<words>[^"{]*[A-Za-z][^"{]*)\""""
)


def template_data(source: str) -> str:
    """The text of a template outside its tags, expressions, comments and trans blocks."""
    data, in_trans, after_block_start = [], False, False
    for _line, kind, value in LEXER.lex(source):
        if kind == "whitespace":
            continue
        if kind == "name" and after_block_start:
            in_trans = {"trans": True, "endtrans": False}.get(value, in_trans)
        after_block_start = kind == "block_begin"
        if kind == "data" and not in_trans:
            data.append(value)
    return "".join(data)


# Names that read the same in both languages, and an email's "Subject:" line marker.
PROPER_NAMES = re.compile(r"GOV\.UK|^Subject:", re.M)


def words_outside_the_catalogue(source: str) -> list[str]:
    """The words of a template that no translation can reach."""
    found = [m["words"] for m in LITERAL_PARAMETER.finditer(source)]
    found += [m["words"] for m in LITERAL_ATTRIBUTE.finditer(source)]
    text = PROPER_NAMES.sub(" ", re.sub(r"<[^>]*>", " ", template_data(source)))
    found += [line.strip() for line in text.splitlines() if re.search(r"[A-Za-z]", line)]
    return found


def translated_templates() -> list[Path]:
    """The files named by TRANSLATED_TEMPLATES."""
    return sorted(
        path for pattern in TRANSLATED_TEMPLATES for path in (ROOT / "templates").glob(pattern)
    )


def test_the_list_of_translated_templates_names_real_files() -> None:
    assert len(translated_templates()) >= len(TRANSLATED_TEMPLATES)


def test_every_template_is_translated_unless_only_central_staff_read_it() -> None:
    """A page schools or forces meet cannot be left out of the Welsh: every template is
    either translated or one of the central staff's English pages, and not both."""
    templates = ROOT / "templates"
    problems = []
    for path in sorted(templates.rglob("*.*")):
        name = path.relative_to(templates).as_posix()
        translated = any(fnmatch(name, pattern) for pattern in TRANSLATED_TEMPLATES)
        central = any(fnmatch(name, pattern) for pattern in CENTRAL_STAFF_TEMPLATES)
        if translated == central:
            problems.append(f"{name}: {'in both lists' if translated else 'in neither list'}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("template", translated_templates(), ids=lambda p: p.name)
def test_a_translated_template_has_no_words_outside_the_catalogue(template: Path) -> None:
    assert words_outside_the_catalogue(template.read_text(encoding="utf-8")) == []


def test_the_check_finds_words_left_outside() -> None:
    source = """<h1>{{ _('Fine') }}</h1><p>Left behind</p>
    {{ govukButton({'text': 'Save', 'href': {'a': 1}}) }}<a aria-label="Close">{{ _('Shut') }}</a>
    {% trans n=1 %}Fine {{ n }}{% endtrans %} {# a note #}"""
    assert words_outside_the_catalogue(source) == ["Save", "Close", "Left behind"]
