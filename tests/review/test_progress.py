"""National progress: every figure matches a direct count, and leads to the returns behind it."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import UTC, date, datetime
from typing import Any

from bs4 import Tag
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select

from sspcollect.db import database, session
from sspcollect.models import Collection, Finding, ForceArea, LocalAuthority, Return, ReturnStatus
from sspcollect.review.progress import area_names
from tests.factories import create_school, create_user, organisation_for
from tests.pages import Page, get
from tests.returns.factories import create_collection, create_return
from tests.review.world import signed_in

STATUS_CYCLE = [
    ReturnStatus.NOT_STARTED,
    ReturnStatus.IN_PROGRESS,
    ReturnStatus.SUBMITTED,
    ReturnStatus.ACCEPTED,
    ReturnStatus.RETURNED,
    ReturnStatus.SUBMITTED,
]
# Birmingham, Kent, Medway (Kent Police), Leeds, Vale of Glamorgan (Wales).
LAS = ["330", "886", "887", "383", "673"]
FORCES = ["E23000014", "E23000032", "E23000010", "W15000003"]


def _national(schools: int = 23) -> int:
    """A collection with schools across England and Wales and four forces, in mixed statuses."""
    collection = create_collection(
        opens_on=date(2031, 3, 1), deadline=date(2031, 6, 30), closes_on=date(2031, 7, 31)
    )
    statuses = itertools.cycle(STATUS_CYCLE)
    day = itertools.cycle(range(5))
    for number in range(schools):
        school = create_school(name=f"Progress School {number:02d}", la_old_code=LAS[number % 5])
        _make(
            create_return(organisation_for(str(school.urn)), collection), next(statuses), next(day)
        )
    for code in FORCES:
        _make(create_return(organisation_for(code), collection), next(statuses), next(day))
    return collection.id


def _make(return_: Return, status: str, day: int) -> None:
    """Give the return a status (and a submission day when it has been submitted)."""
    return_.status = status
    if status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED, ReturnStatus.RETURNED):
        return_.submitted_at = datetime(2031, 4, 1 + day * 3, 10, tzinfo=UTC)
    session.commit()


def _direct_counts(collection_id: int) -> dict[str, Counter[tuple[str, str]]]:
    """Counts made in plain Python over every return, without the code under test."""
    las = {la.code: la for la in session.scalars(select(LocalAuthority))}
    counts: dict[str, Counter[tuple[str, str]]] = {
        name: Counter() for name in ("overall", "kind", "force", "region", "la")
    }
    for return_ in session.scalars(select(Return).where(Return.collection_id == collection_id)):
        counts["overall"][("", return_.status)] += 1
        counts["kind"][(return_.kind, return_.status)] += 1
        counts["force"][(return_.force_area_code, return_.status)] += 1
        if return_.la_code is not None:
            la = las[return_.la_code]
            counts["region"][(la.region_code or la.country_code, return_.status)] += 1
            counts["la"][(la.code, return_.status)] += 1
    return counts


def _table(page: Page, caption: str) -> Tag:
    """The table whose caption starts with caption."""
    for table in page.soup.select("table"):
        found = table.find("caption")
        if found and found.get_text(" ", strip=True).startswith(caption):
            return table
    raise AssertionError(f"no table {caption!r}")


def _figures(table: Tag) -> dict[tuple[str, str], tuple[int, str]]:
    """(row name, column name) → (the figure, where its link goes), for every linked figure."""
    headers = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    found: dict[tuple[str, str], tuple[int, str]] = {}
    for row in table.select("tbody tr"):
        name = row.find("th").get_text(" ", strip=True)
        for header, cell in zip(headers[1:], row.find_all("td"), strict=False):
            link = cell.find("a")
            if link is not None:
                number = int(str(link.contents[0]).replace(",", ""))
                found[(name, header)] = (number, str(link["href"]))
    return found


LABELS = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "submitted": "Submitted",
    "accepted": "Accepted",
    "returned": "Returned for amendment",
}


def _listed(client: FlaskClient, href: str) -> int:
    """How many returns the list behind a figure says it holds."""
    page = get(client, href)
    heading = page.soup.select_one("#results").get_text(strip=True)
    return int(heading.split()[0].replace(",", ""))


def test_every_progress_figure_matches_a_direct_count_and_its_list(client: FlaskClient) -> None:
    """Overall, by kind, force area, region (Wales its own row) and authority; links agree."""
    collection_id = _national()
    counts = _direct_counts(collection_id)
    signed_in(client, create_user("reviewer", "DFE"))
    page = get(client, f"/review/{collection_id}")
    links: list[tuple[int, str]] = []

    by_status = _figures(_table(page, "Returns by status"))
    columns = {"All returns": "", "School returns": "school", "Force returns": "force"}
    for (row, column), (number, href) in by_status.items():
        group = counts["overall"] if column == "All returns" else counts["kind"]
        key = columns[column]
        if row == "All statuses":
            expected = sum(n for (k, _), n in group.items() if k == key)
        else:
            status = next(s for s, label in LABELS.items() if label == row)
            expected = group[(key, status)]
        assert number == expected, (row, column)
        links.append((number, href))
    assert len(by_status) == 18

    regions, las = area_names()
    forces = {area.code: area.name for area in session.scalars(select(ForceArea))}
    for caption, counter, names in [
        ("Returns by police force area", counts["force"], forces),
        ("School returns by region", counts["region"], regions),
        ("School returns by local authority", counts["la"], las),
    ]:
        codes = {name: code for code, name in names.items()}
        figures = _figures(_table(page, caption))
        for (row, column), (number, href) in figures.items():
            code = codes[row]
            if column == "Returns":
                expected = sum(n for (k, _), n in counter.items() if k == code)
            else:
                status = next(s for s, label in LABELS.items() if label == column)
                expected = counter[(code, status)]
            assert number == expected, (caption, row, column)
            links.append((number, href))
    assert "Wales" in [row for row, _ in _figures(_table(page, "School returns by region"))]

    for number, href in links:
        if number:
            assert _listed(client, href) == number, href


def test_progress_chart_counts_submissions_by_day_against_the_deadline(
    client: FlaskClient,
) -> None:
    """The chart is an SVG with a text alternative, a deadline line and a table of the days."""
    collection_id = _national()
    signed_in(client, create_user("reviewer", "DFE"))
    page = get(client, f"/review/{collection_id}")
    svg = page.soup.select_one("svg.app-chart")
    assert svg is not None and svg["role"] == "img"
    assert svg.find("title").get_text() == "Returns submitted over time, against the deadline"
    assert svg.select_one(".app-chart__deadline") is not None
    assert "Deadline 30 Jun" in svg.get_text()
    assert "style=" not in page.html
    done = sum(
        1
        for r in session.scalars(select(Return).where(Return.collection_id == collection_id))
        if r.status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED)
    )
    assert f"{done} of 27 returns" in page.text
    table = _table(page, "Returns submitted each day")
    rows = [
        [c.get_text(strip=True) for c in tr.find_all(["th", "td"])]
        for tr in table.select("tbody tr")
    ]
    assert rows[-1][2] == str(done)
    assert [row[0] for row in rows] == sorted(
        {row[0] for row in rows}, key=lambda d: datetime.strptime(d, "%d %B %Y")
    )


def test_chart_says_when_nothing_has_been_submitted(client: FlaskClient) -> None:
    """Before any submission the chart is empty and the table says so."""
    collection = create_collection()
    signed_in(client, create_user("reviewer", "DFE"))
    page = get(client, f"/review/{collection.id}")
    assert "No return has been submitted yet." in page.text
    assert "0 of 0 returns" in page.text


def _statements(app: Flask) -> tuple[list[str], Any]:
    """A list that fills with every SQL statement run, and the listener to remove."""
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(database(app).engine, "before_cursor_execute", count)
    return seen, count


def test_review_pages_run_as_many_queries_for_many_returns_as_for_few(
    app: Flask, client: FlaskClient
) -> None:
    """Aggregate queries only: more returns never means more queries (no N+1)."""
    collection_id = _national(schools=5)
    signed_in(client, create_user("reviewer", "DFE"))
    addresses = [
        f"/review/{collection_id}",
        f"/review/{collection_id}/returns",
        f"/review/{collection_id}/returns?status=submitted&q=School",
        f"/review/{collection_id}/reconciliation",
    ]
    few = {}
    for address in addresses:
        seen, listener = _statements(app)
        get(client, address)
        event.remove(database(app).engine, "before_cursor_execute", listener)
        few[address] = len(seen)
    collection = session.get(Collection, collection_id)
    statuses = itertools.cycle(STATUS_CYCLE)
    for number in range(30):
        school = create_school(name=f"More School {number:02d}", la_old_code=LAS[number % 5])
        return_ = create_return(organisation_for(str(school.urn)), collection)
        _make(return_, next(statuses), number % 5)
        return_.findings.append(
            Finding(rule_id="SCH-101", level="query", subject="", message="Low")
        )
        session.commit()
    for address in addresses:
        seen, listener = _statements(app)
        get(client, address)
        event.remove(database(app).engine, "before_cursor_execute", listener)
        assert len(seen) == few[address], address


def _list(client: FlaskClient, collection_id: int, query: str) -> list[str]:
    """The organisation names on the list page for query."""
    page = get(client, f"/review/{collection_id}/returns?{query}")
    return [th.find("a").get_text(strip=True) for th in page.soup.select("tbody th")]


def test_returns_list_filters_and_searches(client: FlaskClient) -> None:
    """Status, kind, force, region, authority, rule, outstanding, URN, name and force name."""
    collection = create_collection()
    birmingham = create_school(name="Birch Hill Primary", la_old_code="330")
    kent = create_school(name="Oast House Academy", la_old_code="886")
    welsh = create_school(name="Ysgol y Bont", la_old_code="673")
    returns = {
        school.name: create_return(organisation_for(str(school.urn)), collection)
        for school in (birmingham, kent, welsh)
    }
    create_return(organisation_for("E23000032"), collection)
    _make(returns["Oast House Academy"], ReturnStatus.SUBMITTED, 0)
    returns["Ysgol y Bont"].findings.append(
        Finding(rule_id="SCH-101", level="query", subject="", message="Low attendance")
    )
    returns["Birch Hill Primary"].findings.append(
        Finding(
            rule_id="SCH-102", level="query", subject="", message="Many", explanation="A bad year."
        )
    )
    session.commit()
    signed_in(client, create_user("reviewer", "DFE"))
    cid = collection.id
    assert _list(client, cid, "") == [
        "Birch Hill Primary",
        "Kent",
        "Oast House Academy",
        "Ysgol y Bont",
    ]
    assert _list(client, cid, "status=submitted") == ["Oast House Academy"]
    assert _list(client, cid, "kind=force") == ["Kent"]
    assert _list(client, cid, "force=E23000032") == ["Kent", "Oast House Academy"]
    assert _list(client, cid, "region=W92000004") == ["Ysgol y Bont"]
    assert _list(client, cid, "region=E12000006") == []
    assert _list(client, cid, f"la={kent.local_authority.code}") == ["Oast House Academy"]
    assert _list(client, cid, "rule=SCH-101") == ["Ysgol y Bont"]
    assert _list(client, cid, "outstanding=yes") == ["Ysgol y Bont"]
    assert _list(client, cid, "outstanding=no") == [
        "Birch Hill Primary",
        "Kent",
        "Oast House Academy",
    ]
    assert _list(client, cid, f"q={birmingham.urn}") == ["Birch Hill Primary"]
    assert _list(client, cid, "q=oast") == ["Oast House Academy"]
    assert _list(client, cid, "q=West+Midlands") == ["Birch Hill Primary"]
    assert _list(client, cid, "q=100%25") == []
    assert _list(client, cid, "status=nonsense&rule=DROP+TABLE") == _list(client, cid, "")


def test_returns_list_shows_fifty_a_page(client: FlaskClient) -> None:
    """Fifty returns a page, with the GOV.UK pagination keeping the filter."""
    collection = create_collection()
    for number in range(53):
        school = create_school(name=f"Paged School {number:02d}")
        create_return(organisation_for(str(school.urn)), collection)
    signed_in(client, create_user("reviewer", "DFE"))
    first = get(client, f"/review/{collection.id}/returns?kind=school")
    assert len(first.soup.select("tbody tr")) == 50
    next_link = first.soup.select_one(".govuk-pagination__next a")
    assert next_link is not None and "kind=school" in next_link["href"]
    second = get(client, str(next_link["href"]))
    assert [th.get_text(strip=True) for th in second.soup.select("tbody th")] == [
        "Paged School 50",
        "Paged School 51",
        "Paged School 52",
    ]
    beyond = get(client, f"/review/{collection.id}/returns?page=99")
    assert len(beyond.soup.select("tbody tr")) == 3
    assert get(client, f"/review/{collection.id}/returns?page=abc").status == 200


def test_draft_or_unknown_collection_has_no_progress_page(client: FlaskClient) -> None:
    """Only collections that have opened are reviewed."""
    draft = create_collection(status="draft")
    signed_in(client, create_user("reviewer", "DFE"))
    get(client, f"/review/{draft.id}", expected_status=404)
    get(client, "/review/999999/returns", expected_status=404)


def test_overview_links_the_open_collections_progress(client: FlaskClient) -> None:
    """The national overview leads to the progress of each open collection."""
    collection = create_collection()
    signed_in(client, create_user("reviewer", "DFE"))
    page = get(client, "/overview")
    link = page.soup.find("a", string=f"Progress of {collection.title}")
    assert link is not None and link["href"] == f"/review/{collection.id}"
    assert "Review" in [
        a.get_text(strip=True) for a in page.soup.select(".govuk-service-navigation a")
    ]
