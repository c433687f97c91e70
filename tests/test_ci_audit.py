"""The dependency audit step of .ci/run fails on a known vulnerability with a fix available."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sspcollect.config import ROOT

SCRIPT = ROOT / ".ci" / "audit_report.py"


def _judge(tmp_path: Path, report: dict[str, object] | str) -> subprocess.CompletedProcess[str]:
    """Run the audit report script on a pip-audit JSON report."""
    path = tmp_path / "audit.json"
    path.write_text(report if isinstance(report, str) else json.dumps(report), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(path)], capture_output=True, text=True, check=False
    )


def _dependency(name: str, version: str, *vulns: tuple[str, list[str]]) -> dict[str, object]:
    """One dependency as pip-audit reports it, with (id, fixed versions) vulnerabilities."""
    return {
        "name": name,
        "version": version,
        "vulns": [
            {"id": vuln_id, "fix_versions": fixes, "aliases": [], "description": ""}
            for vuln_id, fixes in vulns
        ],
    }


def test_a_vulnerability_with_a_fix_fails_the_step(tmp_path: Path) -> None:
    report = {
        "dependencies": [
            _dependency("flask", "3.1.3"),
            _dependency("jinja2", "2.10", ("PYSEC-2019-217", ["2.10.1"])),
        ],
        "fixes": [],
    }
    result = _judge(tmp_path, report)
    assert result.returncode == 1
    assert "jinja2 2.10: PYSEC-2019-217 (fixed in 2.10.1)" in result.stdout


def test_a_clean_report_passes(tmp_path: Path) -> None:
    result = _judge(tmp_path, {"dependencies": [_dependency("flask", "3.1.3")], "fixes": []})
    assert result.returncode == 0
    assert "No known vulnerability with a fix available." in result.stdout


def test_a_vulnerability_without_a_fix_is_listed_but_passes(tmp_path: Path) -> None:
    report = {"dependencies": [_dependency("somepkg", "1.0", ("GHSA-xxxx", []))], "fixes": []}
    result = _judge(tmp_path, report)
    assert result.returncode == 0
    assert "NOTE: somepkg 1.0: GHSA-xxxx (no fixed release yet)" in result.stdout


def test_an_unreachable_service_warns(tmp_path: Path) -> None:
    nothing = _judge(tmp_path, "")
    assert nothing.returncode == 0
    assert nothing.stdout.startswith("WARNING: pip-audit could not reach")
    skipped = {"dependencies": [{"name": "flask", "skip_reason": "network"}], "fixes": []}
    result = _judge(tmp_path, skipped)
    assert result.returncode == 0
    assert "no dependency could be audited" in result.stdout
