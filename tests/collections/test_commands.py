"""`sspcollect open-collection` and `sspcollect close-collection`."""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import func, select

from sspcollect.db import session
from sspcollect.models import Collection, Return, ReturnKind
from tests.factories import create_school

OPEN_2026_27 = [
    "open-collection",
    "--time-period",
    "202627",
    "--title",
    "Safer School Partnerships 2026/27",
    "--reference-date",
    "2027-03-31",
    "--opens",
    "2027-04-01",
    "--deadline",
    "2027-05-14",
    "--closes",
    "2027-06-30",
]


def count_returns(kind: ReturnKind) -> int:
    """How many returns of kind exist."""
    return session.scalar(select(func.count()).select_from(Return).where(Return.kind == kind)) or 0


def test_open_collection_creates_and_opens_for_every_phase(runner: CliRunner) -> None:
    """Without --phase every phase is opened, and the counts are printed."""
    create_school(phase="Primary")
    create_school(phase="16 plus")
    create_school(phase="Secondary", is_open=False, status="Closed")
    result = runner.invoke(args=OPEN_2026_27)
    assert result.exit_code == 0, result.output
    assert "Created the 2026/27 collection" in result.output
    assert "2 school returns and 43 force returns created" in result.output
    collection = session.scalar(select(Collection))
    assert collection is not None and collection.status == "open"
    assert collection.deadline.isoformat() == "2027-05-14"
    assert (count_returns(ReturnKind.SCHOOL), count_returns(ReturnKind.FORCE)) == (2, 43)


def test_open_collection_opens_only_the_phases_named(runner: CliRunner) -> None:
    """--phase limits the schools, whatever the case it is typed in."""
    create_school(phase="Primary")
    create_school(phase="Secondary")
    create_school(phase="Nursery")
    result = runner.invoke(args=[*OPEN_2026_27, "--phase", "primary", "--phase", "Secondary"])
    assert result.exit_code == 0, result.output
    assert "Opened 2026/27 for Primary, Secondary: 2 school returns" in result.output


def test_open_collection_twice_creates_nothing_more(runner: CliRunner) -> None:
    """A second run finds the collection and adds no return."""
    create_school()
    assert runner.invoke(args=OPEN_2026_27).exit_code == 0
    again = runner.invoke(args=["open-collection", "--time-period", "202627"])
    assert again.exit_code == 0, again.output
    assert "Created" not in again.output
    assert "0 school returns and 0 force returns created" in again.output
    assert count_returns(ReturnKind.SCHOOL) + count_returns(ReturnKind.FORCE) == 44


def test_open_collection_says_which_options_to_fix(runner: CliRunner) -> None:
    """Bad details name the option and what to enter; nothing is created."""
    args = [a if a != "2027-05-14" else "2027-02-30" for a in OPEN_2026_27]
    result = runner.invoke(args=[*args[:2], "202628", *args[3:]])
    assert result.exit_code != 0
    assert "--time-period: The second year must follow the first, such as 2026/27" in result.output
    assert "--deadline: Deadline must be a real date, such as 31 3 2027" in result.output
    assert session.scalar(select(Collection)) is None


def test_open_collection_refuses_an_unknown_phase(runner: CliRunner) -> None:
    """Only the phases of education of GIAS are accepted."""
    result = runner.invoke(args=[*OPEN_2026_27, "--phase", "Infant"])
    assert result.exit_code != 0
    assert "Infant" in result.output
    assert session.scalar(select(Collection)) is None


def test_close_collection_locks_the_returns(runner: CliRunner) -> None:
    """close-collection closes the year named; its returns can no longer be edited."""
    create_school()
    runner.invoke(args=OPEN_2026_27)
    result = runner.invoke(args=["close-collection", "--time-period", "202627"])
    assert result.exit_code == 0, result.output
    assert "Closed the 2026/27 collection" in result.output
    session.expire_all()
    assert not any(r.is_editable for r in session.scalars(select(Return)))
    reopened = runner.invoke(args=["open-collection", "--time-period", "202627"])
    assert reopened.exit_code != 0
    assert "The 2026/27 collection is closed" in reopened.output


def test_close_collection_needs_an_existing_open_collection(runner: CliRunner) -> None:
    """An unknown year, or a collection not open, is refused with the reason."""
    missing = runner.invoke(args=["close-collection", "--time-period", "203031"])
    assert missing.exit_code != 0
    assert "There is no collection for 203031" in missing.output
    create_school()
    runner.invoke(args=[*OPEN_2026_27[:2], "202728", *OPEN_2026_27[3:]])
    runner.invoke(args=["close-collection", "--time-period", "202728"])
    again = runner.invoke(args=["close-collection", "--time-period", "202728"])
    assert again.exit_code != 0
    assert "Only an open collection can be closed: this one is closed" in again.output
