"""Paging long lists: the page asked for, and the GOV.UK pagination component's parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from flask import request


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
        items.append({"number": number, "href": href(number), "current": number == page})
    params: dict[str, Any] = {"items": items}
    if page > 1:
        params["previous"] = {"href": href(page - 1)}
    if page < pages:
        params["next"] = {"href": href(page + 1)}
    return params
