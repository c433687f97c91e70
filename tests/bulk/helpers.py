"""Files of the register layout, uploading them, and counting what the database holds."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func, select

from sspcollect.bulk.register_file import COLUMNS
from sspcollect.db import session
from sspcollect.models import AuditEvent, Partnership
from tests.pages import Page, post

UPLOAD = "/register/upload"


def row(urns: str, **overrides: Any) -> dict[str, str]:
    """A valid row of the register file covering the schools urns."""
    values = {
        "reference": "UP-1",
        "name": "Uploaded partnership",
        "model": "cluster",
        "model_description": "",
        "officer_role": "constable",
        "officer_count": "2",
        "fte": "1.5",
        "funding_sources": "police_force;vru",
        "funded_until": "2028-03-31",
        "information_sharing_agreement": "yes",
        "start_date": "2024-09-01",
        "end_date": "",
        "schools": urns,
    }
    values.update(overrides)
    return values


def csv_of(rows: list[dict[str, str]], header: list[str] | None = None) -> str:
    """CSV text of rows under header (default: the register's columns)."""
    columns = header or list(COLUMNS)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for values in rows:
        writer.writerow([values.get(column, "") for column in columns])
    return buffer.getvalue()


def upload(client: FlaskClient, data: bytes, filename: str = "register.csv") -> Page:
    """Upload a file on the upload page."""
    return post(client, UPLOAD, {"register_file": (io.BytesIO(data), filename)})


def confirm(client: FlaskClient, preview: Page) -> Page:
    """Confirm the changes a preview page shows, following the redirect."""
    token = preview.soup.find("input", {"name": "upload"})
    assert token is not None
    return post(
        client,
        "/register/upload/confirm",
        {"upload": token["value"]},
        follow_redirects=True,
        form_url=UPLOAD,
    )


def counts() -> tuple[int, int]:
    """How many partnerships and audit events the database holds."""
    session.expire_all()
    partnerships = session.scalar(select(func.count()).select_from(Partnership))
    events = session.scalar(select(func.count()).select_from(AuditEvent))
    return int(partnerships or 0), int(events or 0)


def problems(page: Page) -> list[list[str]]:
    """The rows of the problems table: row, column, value, what to do."""
    table = page.soup.find(id="problems")
    assert table is not None, page.errors
    return [
        [cell.get_text(" ", strip=True) for cell in tr.find_all(["td", "th"])]
        for tr in table.select("tbody tr")
    ]
