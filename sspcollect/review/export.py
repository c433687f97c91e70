"""The filtered list of returns as a CSV file, for central staff to work from in a spreadsheet.

Every return the filter matches (not only the page on screen), one query, streamed a line at a
time; text cells are neutralised so that nothing in a name can run as a formula.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from sspcollect.datasets.safe_csv import line_writer
from sspcollect.db import session
from sspcollect.models import STATUS_LABELS, ForceArea, Organisation, Return, ReviewAssignment, User
from sspcollect.review.listing import ReturnFilter, conditions, outstanding
from sspcollect.uk_time import in_uk

HEADER = (
    "organisation",
    "urn",
    "kind",
    "police_force_area",
    "status",
    "submitted_at",
    "outstanding_query_or_error",
    "assigned_to",
)
KIND_WORDS = {"school": "School return", "force": "Force return"}


def csv_lines(collection_id: int, wanted: ReturnFilter) -> Iterator[str]:
    """The returns the filter matches, by name, as CSV text a line at a time."""
    line = line_writer()

    yield line(list(HEADER))
    statement = (
        select(
            Organisation.name,
            Organisation.school_urn,
            Return.kind,
            ForceArea.name,
            Return.status,
            Return.submitted_at,
            outstanding().label("outstanding"),
            User.name,
        )
        .join(Organisation, Return.organisation_id == Organisation.id)
        .join(ForceArea, Return.force_area_code == ForceArea.code)
        .outerjoin(ReviewAssignment, ReviewAssignment.return_id == Return.id)
        .outerjoin(User, ReviewAssignment.reviewer_id == User.id)
        .where(*conditions(collection_id, wanted))
        .order_by(Organisation.name, Return.id)
        .execution_options(yield_per=1000)
    )
    for name, urn, kind, force, status, submitted, unsettled, reviewer in session.execute(
        statement
    ):
        yield line(
            [
                name,
                urn or "",
                KIND_WORDS.get(kind, kind),
                force,
                STATUS_LABELS.get(status, status),
                in_uk(submitted).strftime("%Y-%m-%d %H:%M") if submitted else "",
                "Yes" if unsettled else "No",
                reviewer or "",
            ]
        )
