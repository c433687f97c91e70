"""Sending many claimed messages at once, over a few connections, and logging what happened.

The messages are written and sent by MAIL_SMTP_CONNECTIONS worker threads, each holding one
connection for the whole run; this thread marks them sent or failed in batches. When the mail
server is down the workers stop, and every claimed message not yet sent is marked failed, so
that the next run tries it again and nothing unsent is ever marked sent.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from flask import Flask, current_app

from sspcollect.db import session
from sspcollect.notify import message_log
from sspcollect.notify.backends import (
    DeliveryError,
    MailServerError,
    backend_from_config,
)
from sspcollect.notify.message_log import Claim
from sspcollect.notify.mime import Email

log = logging.getLogger(__name__)

# Sent messages are marked in the log every this many, so a crash loses little.
MARK_EVERY = 500


@dataclass
class DeliveryReport:
    """What happened to the claimed messages of one run."""

    sent: int = 0
    failed: int = 0
    # Claimed but never tried because the mail server was down; marked failed for a retry.
    unsent: int = 0
    server_error: str | None = None
    failures: dict[int, str] = field(default_factory=dict)


class _Run:
    """The shared state of one delivery: the work queue, the results, the stop signal."""

    def __init__(self, claims: Sequence[Claim]) -> None:
        """Queue every claim."""
        self.work: queue.SimpleQueue[Claim] = queue.SimpleQueue()
        for claim in claims:
            self.work.put(claim)
        # (claim id, None when sent or the reason it failed)
        self.results: queue.SimpleQueue[tuple[int, str | None] | None] = queue.SimpleQueue()
        self.stop = threading.Event()
        self.server_error: str | None = None

    def next_claim(self) -> Claim | None:
        """The next claim to send, or None when done or stopped."""
        if self.stop.is_set():
            return None
        try:
            return self.work.get_nowait()
        except queue.Empty:
            return None


def _worker(app: Flask, run: _Run, render: Callable[[Claim], Email]) -> None:
    """Write and send claims over one connection until none are left or the server is down."""
    try:
        with app.app_context(), backend_from_config(app.config) as backend:
            while (claim := run.next_claim()) is not None:
                try:
                    backend.send(render(claim))
                except MailServerError as exc:
                    run.server_error = str(exc)
                    run.stop.set()
                    # Not sent: it goes back with the others the run never tried.
                    run.work.put(claim)
                except DeliveryError as exc:
                    run.results.put((claim.id, str(exc)))
                except Exception as exc:  # one broken message must not stop the others
                    log.exception("could not write or send message %s", claim.id)
                    run.results.put((claim.id, f"{type(exc).__name__}: {exc}"))
                else:
                    run.results.put((claim.id, None))
    except MailServerError as exc:  # raised when opening or closing the backend
        run.server_error = str(exc)
        run.stop.set()
    except Exception as exc:  # a broken backend: stop, so that what is left is retried
        log.exception("the mail backend failed")
        run.server_error = repr(exc)
        run.stop.set()
    finally:
        run.results.put(None)


def deliver(
    claims: Sequence[Claim],
    render: Callable[[Claim], Email],
    progress: Callable[[int], None] | None = None,
) -> DeliveryReport:
    """Send every claim written by render, then mark each sent or failed in the log."""
    report = DeliveryReport()
    if not claims:
        return report
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    run = _Run(claims)
    connections = max(1, min(int(app.config["MAIL_SMTP_CONNECTIONS"]), len(claims)))
    workers = [
        threading.Thread(target=_worker, args=(app, run, render), daemon=True)
        for _ in range(connections)
    ]
    for worker in workers:
        worker.start()
    sent: list[int] = []
    failed: dict[int, str] = {}
    finished = 0
    while finished < len(workers):
        result = run.results.get()
        if result is None:
            finished += 1
            continue
        claim_id, error = result
        if error is None:
            sent.append(claim_id)
        else:
            failed[claim_id] = error
            report.failures[claim_id] = error
        if progress is not None:
            progress(1)
        if len(sent) + len(failed) >= MARK_EVERY:
            report.sent += _mark(sent, failed)
            sent, failed = [], {}
    for worker in workers:
        worker.join()
    report.failed = len(report.failures)
    if run.server_error:
        report.server_error = run.server_error
        unsent = _untried(run)
        report.unsent = len(unsent)
        failed.update({claim_id: f"not sent: {run.server_error}" for claim_id in unsent})
    report.sent += _mark(sent, failed)
    return report


def _untried(run: _Run) -> list[int]:
    """The claims left in the queue when the workers stopped."""
    left: list[int] = []
    while not run.work.empty():
        left.append(run.work.get_nowait().id)
    return left


def _mark(sent: list[int], failed: dict[int, str]) -> int:
    """Record a batch of outcomes in the log and commit; the number marked sent."""
    message_log.mark_sent(sent)
    message_log.mark_failed(failed)
    session.commit()
    return len(sent)
