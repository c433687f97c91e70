"""The language a person reads the service in: English or Welsh (Cymraeg).

Every string a person reads is in the message catalogue (sspcollect/translations/), and
Flask-Babel picks the catalogue for each request. The language is chosen, first to last, by:

1. `?lang=cy` or `?lang=en` on the address (the language links on every page), which is
   also kept in the session and, for a signed-in user, as the preference on their account;
2. the session, so that the choice holds from page to page, signed in or not;
3. the signed-in user's preference (`users.language`), so that it holds on another device;
4. the browser's Accept-Language, so that a browser asking for Welsh first gets Welsh on
   its first visit;
5. English.

Emails do not follow the request: each goes out in its recipient's language (see
sspcollect.notify.messages), rendered under `in_language`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from fnmatch import fnmatch
from typing import Any
from urllib.parse import urlencode

from babel import Locale
from flask import Flask, before_render_template, g, has_request_context, request, session
from flask_babel import (
    Babel,
    force_locale,
    get_locale,
    get_translations,
    gettext,
    lazy_gettext,
)
from flask_login import current_user
from jinja2 import Template

from sspcollect.db import session as db_session

ENGLISH = "en"
WELSH = "cy"
LANGUAGES = (ENGLISH, WELSH)
# Each language by its own name (an endonym), as the GOV.UK language navigation shows it.
ENDONYMS = {ENGLISH: "English", WELSH: "Cymraeg"}
SESSION_KEY = "language"

# The default SERVICE_NAME, marked so that the catalogue holds its Welsh.
SERVICE_NAME = lazy_gettext("Safer School Partnerships data collection")

# The templates whose every word is in the catalogue. On a Welsh page made from any other
# template, the main content is still English, and says so (`<main lang="en">`), so that a
# screen reader reads it in English; tests/language/test_catalogue.py keeps these complete.
TRANSLATED_TEMPLATES = (
    "base.html",
    "_language_navigation.html",
    "_timeout_warning.html",
    "accounts/account.html",
    "accounts/change_name.html",
    "accounts/change_password.html",
    "accounts/forgot_password.html",
    "accounts/link_expired.html",
    "accounts/reset_sent.html",
    "accounts/set_password.html",
    "accounts/sign_in.html",
    "accounts/throttled.html",
    "bulk/*.html",
    "errors/*.html",
    "pages/accessibility.html",
    "pages/cookies.html",
    "pages/help.html",
    "pages/privacy.html",
    "register/*.html",
    "pages/police_home.html",
    "pages/school_home.html",
    "maps/_force_schools.html",
    "maps/_map.html",
    "returns/force/*.html",
    "pages/start.html",
    "returns/_after_submission.html",
    "returns/withdraw.html",
    "returns/copy.html",
    "returns/school/*.html",
    "rules/catalogue.html",
    "email/*.txt",
    "email/*.html",
    # Parts of pages with no words of their own.
    "_chart.html",
    "_table.html",
    "accounts/_password_input.html",
)

# The pages only central staff use (the Department for Education and the Home Office, who
# work in English): reviewing, administering, collections, datasets, effectiveness and the
# message log. They stay English, and a Welsh page made from them marks its main content
# English. Every template is in one list or the other (tests/language/test_catalogue.py), so
# a new page for schools or forces cannot be left out of the Welsh.
CENTRAL_STAFF_TEMPLATES = (
    "admin/*.html",
    "collections/*.html",
    "datasets/*.html",
    "effects/*.html",
    "messages/*.html",
    "pages/overview.html",
    "review/*.html",
)

babel = Babel()


def chosen_on_address() -> str | None:
    """The language asked for with ?lang=, if it is one the service speaks."""
    chosen = request.args.get("lang")
    return chosen if chosen in LANGUAGES else None


def select_language() -> str:
    """The language of this request, by the order in the module's docstring."""
    if not has_request_context():
        return ENGLISH
    chosen = chosen_on_address() or session.get(SESSION_KEY)
    if chosen in LANGUAGES:
        return str(chosen)
    if current_user.is_authenticated and current_user.language in LANGUAGES:
        return str(current_user.language)
    return request.accept_languages.best_match(LANGUAGES, default=ENGLISH) or ENGLISH


def current_language() -> str:
    """The language being written in now: the request's, or the one an email is forced to."""
    locale = get_locale()
    return locale.language if locale is not None and locale.language in LANGUAGES else ENGLISH


def is_welsh() -> bool:
    """True while writing in Welsh."""
    return current_language() == WELSH


# Parsed once: a reminder run writes tens of thousands of messages, each in a language.
LOCALES = {code: Locale.parse(code) for code in LANGUAGES}


@contextmanager
def in_language(language: str | None) -> Iterator[None]:
    """Write everything inside in language (English when None), whatever the request's is."""
    with force_locale(LOCALES.get(language or ENGLISH, LOCALES[ENGLISH])):
        yield


# A number in each CLDR plural category, to find the words a script needs for each.
PLURAL_SAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 6, "other": 5}


def plural_patterns(singular: str, plural: str, number: str = "{n}") -> dict[str, str]:
    """The words for each plural category of the language, with number ({n}) for the number.

    For scripts that count (the timeout warning): they pick a category with the browser's
    Intl.PluralRules. singular and plural hold %(num)s and are in the catalogue.
    """
    locale = get_locale()
    categories = locale.plural_form.tags if locale is not None else {"one", "other"}
    translations = get_translations()
    return {
        category: translations.ungettext(singular, plural, PLURAL_SAMPLES[category])
        % {"num": number}
        for category in sorted(categories | {"other"})
    }


def character_count_words(limit: int) -> dict[str, Any]:
    """The GOV.UK character count's own words in this language, for a box of limit characters.

    Its script counts down in the browser and writes the number where %{count} stands.
    """
    count = "%{count}"
    return {
        "textareaDescriptionText": get_translations().ungettext(
            "You can enter up to %(num)s character", "You can enter up to %(num)s characters", limit
        )
        % {"num": count},
        "charactersUnderLimitText": plural_patterns(
            "You have %(num)s character remaining", "You have %(num)s characters remaining", count
        ),
        "charactersAtLimitText": gettext("You have 0 characters remaining"),
        "charactersOverLimitText": plural_patterns(
            "You have %(num)s character too many", "You have %(num)s characters too many", count
        ),
    }


def password_words() -> dict[str, str]:
    """The GOV.UK password input's own words (its show and hide button) in this language."""
    return {
        "showPasswordText": gettext("Show"),
        "hidePasswordText": gettext("Hide"),
        "showPasswordAriaLabelText": gettext("Show password"),
        "hidePasswordAriaLabelText": gettext("Hide password"),
        "passwordShownAnnouncementText": gettext("Your password is visible"),
        "passwordHiddenAnnouncementText": gettext("Your password is hidden"),
    }


def page_translated() -> bool:
    """True when the page being rendered comes from a template that is all in the catalogue."""
    name = g.get("page_template") or ""
    return any(fnmatch(name, pattern) for pattern in TRANSLATED_TEMPLATES)


def _note_page_template(_app: Flask, template: Template, **_extra: Any) -> None:
    """Keep the name of the template a view renders, for page_translated."""
    if has_request_context() and "page_template" not in g:
        g.page_template = template.name


def remember_choice() -> None:
    """Keep a language chosen with ?lang= in the session and on the signed-in user's account."""
    chosen = chosen_on_address()
    if chosen is None:
        return
    session[SESSION_KEY] = chosen
    if current_user.is_authenticated and current_user.language != chosen:
        current_user.language = chosen
        db_session.commit()


def keep_across_sign_in(user: Any, language: str | None) -> None:
    """After signing in (which starts a new session): keep the language chosen before it.

    A language picked on the sign-in page becomes the preference of a user who had none; a
    user with a preference reads in it.
    """
    if language not in LANGUAGES:
        return
    if user.language is None:
        user.language = language
        db_session.commit()
    session[SESSION_KEY] = user.language


def language_links() -> list[dict[str, Any]]:
    """The language navigation: each language, its link (this page in it), and which is on."""
    current = current_language()
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    links = []
    for code in LANGUAGES:
        query = urlencode([*args, ("lang", code)])
        links.append(
            {
                "code": code,
                "name": ENDONYMS[code],
                "href": f"{request.path}?{query}",
                "current": code == current,
            }
        )
    return links


def init_app(app: Flask) -> None:
    """Set up Flask-Babel, keep ?lang= choices, and give templates the language navigation."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", ENGLISH)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Europe/London")
    babel.init_app(app, locale_selector=select_language)
    # Blocks of {% trans %} lose their line breaks and indents, so the catalogue reads cleanly.
    app.jinja_env.policies["ext.i18n.trimmed"] = True

    before_render_template.connect(_note_page_template, app)

    @app.before_request
    def keep_language_choice() -> None:
        if not request.path.startswith("/assets/"):
            remember_choice()

    @app.context_processor
    def language_context() -> dict[str, Any]:
        if not has_request_context():
            return {"html_lang": current_language()}
        return {
            "html_lang": current_language(),
            "language_links": language_links(),
            "plural_patterns": plural_patterns,
            "character_count_words": character_count_words,
            "password_words": password_words,
            "page_translated": page_translated,
        }
