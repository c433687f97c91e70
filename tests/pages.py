"""Fetching pages as a person would, checking status and title on every request."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from tests.factories import csrf_token


class Page:
    """A fetched page: status, parsed HTML and what a person reads."""

    def __init__(self, response: Any) -> None:
        """Parse response."""
        self.response = response
        self.status = response.status_code
        self.html = response.get_data(as_text=True)
        self.soup = BeautifulSoup(self.html, "html.parser")

    @property
    def title(self) -> str:
        """The <title> text."""
        return self.soup.title.get_text(strip=True) if self.soup.title else ""

    @property
    def heading(self) -> str:
        """The first <h1>."""
        h1 = self.soup.find("h1")
        return h1.get_text(" ", strip=True) if h1 else ""

    @property
    def text(self) -> str:
        """All visible text, whitespace collapsed."""
        return " ".join(self.soup.get_text(" ").split())

    @property
    def errors(self) -> list[str]:
        """The messages in the GOV.UK error summary."""
        summary = self.soup.select(".govuk-error-summary__list li")
        return [item.get_text(" ", strip=True) for item in summary]


def _checked(response: Any, expected_status: int) -> Page:
    """Check status and title conventions, then wrap response."""
    page = Page(response)
    assert page.status == expected_status, f"{page.status} != {expected_status}: {page.text[:500]}"
    if expected_status == 200 and response.mimetype == "text/html":
        assert page.title.endswith("GOV.UK"), page.title
        assert page.title.startswith("Error: ") == bool(page.errors), page.title
    return page


def get(client: FlaskClient, url: str, expected_status: int = 200) -> Page:
    """GET url and check the page."""
    return _checked(client.get(url), expected_status)


def post(
    client: FlaskClient,
    url: str,
    data: dict[str, Any] | None = None,
    expected_status: int = 200,
    follow_redirects: bool = False,
    form_url: str | None = None,
) -> Page:
    """POST data to url with the CSRF token of the form page (form_url, default url)."""
    form = client.get(form_url or url)
    payload = {"csrf_token": csrf_token(form.get_data(as_text=True)), **(data or {})}
    return _checked(
        client.post(url, data=payload, follow_redirects=follow_redirects), expected_status
    )
