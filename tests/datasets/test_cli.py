"""`sspcollect export-national` writes the same files as the download pages."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from flask import Flask

from sspcollect.datasets.export import build_national
from sspcollect.datasets.names import ACCEPTED_AND_SUBMITTED
from tests.datasets.factories import build_synthetic_collection
from tests.datasets.independent import read_csv


def test_export_national_writes_every_file_by_time_period(
    app: Flask, runner: CliRunner, tmp_path: Path
) -> None:
    """The collection named by its time period; every file written; progress shown."""
    built = build_synthetic_collection()
    out = tmp_path / "national"
    result = runner.invoke(args=["export-national", "--collection", "202526", "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = sorted(path.name for path in out.iterdir() if path.is_file())
    assert len(written) == 11
    assert "ssp_partnerships.csv: " in result.output
    # The disclosure report: what is hidden in each file and why, and the attack's verdict.
    assert "Disclosure control, threshold 3: " in result.output
    assert "- ssp_police_outcomes.csv: " in result.output
    assert "No hidden cell can be worked out" in result.output
    assert "HiGHS" not in result.output  # the solver's banner never reaches the output
    assert "Wrote 11 files for Safer School Partnerships 2025/26, counting accepted returns." in (
        result.output
    )
    expected = build_national(built.collection)
    for name, content in expected.files.items():
        assert (out / name).read_bytes() == content, name
    # The record-level register is kept apart from the publishable files, in its own folder.
    assert "ssp_register.csv" not in written
    assert (out / "not_for_publication" / "ssp_register.csv").read_bytes() == expected.register
    assert "never to be published" in result.output


def test_export_national_by_id_can_count_submitted_returns(
    app: Flask, runner: CliRunner, tmp_path: Path
) -> None:
    """--include-submitted counts submitted returns too; the collection may be given by id."""
    built = build_synthetic_collection()
    result = runner.invoke(
        args=[
            "export-national",
            "--collection",
            str(built.collection.id),
            "--out",
            str(tmp_path / "national"),
            "--include-submitted",
        ]
    )
    assert result.exit_code == 0, result.output
    expected = build_national(built.collection, ACCEPTED_AND_SUBMITTED).register
    apart = tmp_path / "national" / "not_for_publication"
    assert (apart / "ssp_register.csv").read_bytes() == expected
    forces = {row["pfa_code"] for row in read_csv(expected)}
    assert "E23000001" in forces
    assert "counting accepted and submitted returns" in result.output


def test_export_national_names_a_missing_collection(
    app: Flask, runner: CliRunner, tmp_path: Path
) -> None:
    """An unknown collection is a clear error, not a traceback."""
    out = tmp_path / "national"
    result = runner.invoke(args=["export-national", "--collection", "209091", "--out", str(out)])
    assert result.exit_code != 0
    assert "No collection '209091'" in result.output
    assert not out.exists()
