"""Importing an uploaded Get Information About Schools extract in the background.

The admin's request keeps the upload's record (SchoolImport) and starts a thread, then shows a
progress page that reads the record. The thread runs the same checked import as
`sspcollect import-schools`: the whole file is checked first, then every change is made in one
transaction, so a refused or failed import changes nothing. Progress is written on a connection
of its own while the file is checked, so any server process can show it. What happened is
recorded on the upload and in the audit trail, in words.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import Any

from flask import Flask, current_app
from sqlalchemy import desc, select, update

from sspcollect import audit
from sspcollect.db import database, session, utcnow
from sspcollect.models import ImportStatus, SchoolImport, User
from sspcollect.reference.gias import GiasImportError, apply, check
from sspcollect.words import counted

log = logging.getLogger(__name__)

RUNNING = (ImportStatus.CHECKING.value, ImportStatus.SAVING.value)
# Progress is written at least every 1,000 rows; an import silent for this long has stopped.
STOPPED_AFTER = timedelta(minutes=10)
FAULT = (
    "The import stopped because of a fault in the service, and nothing was changed. Try "
    "again; if it stops again, tell the service team the time it stopped."
)
STOPPED = (
    "The import stopped before it finished (the server may have been restarted), and "
    "nothing was changed. Upload the file again."
)

# The threads started by this process, by import id: tests and the bench wait on them.
_threads: dict[int, threading.Thread] = {}


class ImportBusyError(Exception):
    """Another import is still running; its id is import_id."""

    def __init__(self, import_id: int) -> None:
        """Keep the id of the import that is running."""
        super().__init__("Another import of schools is still running")
        self.import_id = import_id


def is_stopped(job: SchoolImport) -> bool:
    """True for an import that says it is running but has not been heard from for long."""
    return job.status in RUNNING and utcnow() - job.updated_at > STOPPED_AFTER


def running_import() -> SchoolImport | None:
    """The import still running, if any."""
    jobs = session.scalars(select(SchoolImport).where(SchoolImport.status.in_(RUNNING)))
    return next((job for job in jobs if not is_stopped(job)), None)


def recent_imports(limit: int = 10) -> list[SchoolImport]:
    """The latest uploads, newest first."""
    return list(
        session.scalars(
            select(SchoolImport)
            .order_by(desc(SchoolImport.started_at), desc(SchoolImport.id))
            .limit(limit)
        )
    )


def load_import(import_id: int) -> SchoolImport | None:
    """One upload's record."""
    return session.get(SchoolImport, import_id)


def start_import(data: bytes, file_name: str, user: User, *, allow_shrink: bool) -> SchoolImport:
    """Keep the upload's record and start importing it in a thread; the record, committed."""
    busy = running_import()
    if busy is not None:
        raise ImportBusyError(busy.id)
    job = SchoolImport(
        started_by_id=user.id,
        file_name=file_name[:200] or "the file",
        size_bytes=len(data),
        allow_shrink=allow_shrink,
        status=ImportStatus.CHECKING.value,
        rows_total=0,
        rows_checked=0,
        updated_at=utcnow(),
    )
    session.add(job)
    session.flush()
    audit.record(
        "schools_import_started",
        "school_import",
        job.id,
        comment=f"Uploaded {job.file_name} ({size_words(len(data))}) to import schools"
        + (", saying it may list fewer schools than are held." if allow_shrink else "."),
        user=user,
    )
    session.commit()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    thread = threading.Thread(
        target=_run, args=(app, job.id, data, user.id), name=f"school-import-{job.id}", daemon=True
    )
    _threads[job.id] = thread
    thread.start()
    return job


def wait_for(import_id: int, timeout: float | None = None) -> None:
    """Wait for this process's thread importing import_id to end (for tests and the bench)."""
    thread = _threads.get(import_id)
    if thread is not None:
        thread.join(timeout)


def estimated_rows(data: bytes) -> int:
    """How many rows the file holds, for the progress bar: its lines less the header.

    Counting bytes takes milliseconds where parsing the file twice would take seconds; a
    quoted line break (rare in an extract) only makes the estimate a little high.
    """
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    return max(lines - 1, 0)


def size_words(size: int) -> str:
    """A file size as people say it: 820 KB, 61.2 MB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024)):,} KB"
    return f"{size / (1024 * 1024):,.1f} MB"


class _Progress:
    """Writes an import's progress on a connection of its own, committed at once."""

    def __init__(self, import_id: int) -> None:
        """Report on import_id."""
        self.import_id = import_id
        self.checked = 0

    def write(self, **values: Any) -> None:
        """Set values on the import's record now."""
        with database().engine.begin() as connection:
            connection.execute(
                update(SchoolImport)
                .where(SchoolImport.id == self.import_id)
                .values(updated_at=utcnow(), **values)
            )

    def step(self, rows: int) -> None:
        """rows more rows were checked."""
        self.checked += rows
        self.write(rows_checked=self.checked)


def _run(app: Flask, import_id: int, data: bytes, user_id: int) -> None:
    """The thread: check and import data, then record what happened on the upload and audit."""
    with app.app_context():
        progress = _Progress(import_id)
        try:
            progress.write(rows_total=estimated_rows(data))
            checked = check(data, progress.step)
            progress.write(status=ImportStatus.SAVING.value)
            job = session.get(SchoolImport, import_id)
            assert job is not None
            report = apply(checked, allow_shrink=job.allow_shrink)
            summary = report.summary()
            kept = {**report.as_dict(), "lines": report.lines()}
            _finish(job, ImportStatus.FINISHED, summary, kept)
            audit.record(
                "schools_imported",
                "school_import",
                import_id,
                changes={
                    "added": report.added,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                    "skipped": report.skipped,
                },
                comment=f"Imported schools from {job.file_name}. {summary}",
                user=session.get(User, user_id),
            )
            session.commit()
        except GiasImportError as problem:
            session.rollback()
            _record_end(import_id, user_id, ImportStatus.REFUSED, problem.message)
        except Exception:
            session.rollback()
            log.exception("the import of schools stopped", extra={"import_id": import_id})
            _record_end(import_id, user_id, ImportStatus.FAILED, FAULT)
        finally:
            session.close()


def _finish(
    job: SchoolImport, status: ImportStatus, message: str, report: dict[str, Any] | None = None
) -> None:
    """Mark job ended with message (the caller commits)."""
    job.status = status.value
    job.message = message
    job.report = report
    job.finished_at = job.updated_at = utcnow()


def _record_end(import_id: int, user_id: int, status: ImportStatus, message: str) -> None:
    """Keep why an import changed nothing, on its record and in the audit trail."""
    job = session.get(SchoolImport, import_id)
    if job is None:
        return
    _finish(job, status, message)
    audit.record(
        "schools_import_refused" if status is ImportStatus.REFUSED else "schools_import_failed",
        "school_import",
        import_id,
        comment=f"Did not import schools from {job.file_name}. {message}",
        user=session.get(User, user_id),
    )
    session.commit()


def progress_words(job: SchoolImport) -> str:
    """Where a running import has got to, in a sentence."""
    if job.status == ImportStatus.SAVING.value:
        return (
            f"Every row of the file has been checked. Saving the schools: this takes a few "
            f"seconds for {counted(job.rows_total, 'row')}."
        )
    if job.rows_total:
        return f"Checked {job.rows_checked:,} of {counted(job.rows_total, 'row')}."
    return "Reading the file."
