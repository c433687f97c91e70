"""Paging long lists: the page asked for, and the GOV.UK pagination component's parameters,
with its words ("Previous page", "Page 3" …) in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from flask import request
from flask_babel import gettext
from markupsafe import Markup


def with_query(address: str, args: Mapping[str, str]) -> str:
    """address with args as its query string (none when args is empty)."""
    return f"{address}?{urlencode(args)}" if args else address


def page_number() -> int:
    """The page asked for in the query string (1 if none or unreadable)."""
    raw = request.args.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < len(raw) < 7 else 1


def pagination(page: int, pages: int, base: str, args: dict[str, str]) -> dict[str, Any] | None:
    """The govukPagination parameters for page of pages (None for a single page)."""
    if pages <= 1:
        return None

    def href(number: int) -> str:
        return f"{base}?{urlencode({**args, 'page': number})}"

    numbers = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    items: list[dict[str, Any]] = []
    for index, number in enumerate(numbers):
        if index and number != numbers[index - 1] + 1:
            items.append({"ellipsis": True})
        items.append(
            {
                "number": number,
                "href": href(number),
                "current": number == page,
                "visuallyHiddenText": gettext("Page %(number)s", number=number),
            }
        )
    params: dict[str, Any] = {"items": items, "landmarkLabel": gettext("Pages")}
    if page > 1:
        params["previous"] = {"href": href(page - 1), "html": _link_words(gettext("Previous"))}
    if page < pages:
        params["next"] = {"href": href(page + 1), "html": _link_words(gettext("Next"))}
    return params


def _link_words(word: str) -> Markup:
    """ "Previous" or "Next", with " page" for screen readers, as the component writes them."""
    hidden = " " + gettext("page")
    return Markup('{}<span class="govuk-visually-hidden">{}</span>').format(word, hidden)
