"""Read a `pip-audit --format json` report; exit 1 on a known vulnerability with a fix.

Usage: python .ci/audit_report.py REPORT.json

A report that is not JSON, or whose dependencies were all skipped, means the vulnerability
service could not be reached (this machine may reach only package registries): that is a
warning, not a failure. A vulnerability with no fixed release is listed but does not fail.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def findings(report: dict) -> tuple[list[str], list[str], list[str]]:
    """(fixable, unfixable, skipped): vulnerabilities with and without a fix, skipped names."""
    deps = report.get("dependencies", [])
    fixable, unfixable = [], []
    for dep in deps:
        for vuln in dep.get("vulns", []):
            line = f"{dep['name']} {dep['version']}: {vuln['id']}"
            if vuln.get("fix_versions"):
                fixable.append(f"{line} (fixed in {', '.join(vuln['fix_versions'])})")
            else:
                unfixable.append(f"{line} (no fixed release yet)")
    skipped = [dep["name"] for dep in deps if "skip_reason" in dep]
    return fixable, unfixable, skipped


def main(path: str) -> int:
    """Print what the report says; 1 if anything has a fix to take, else 0."""
    try:
        report = json.loads(Path(path).read_text(encoding="utf-8"))
    except ValueError:
        print("WARNING: pip-audit could not reach the vulnerability service; not audited.")
        return 0
    fixable, unfixable, skipped = findings(report)
    if skipped and len(skipped) == len(report.get("dependencies", [])):
        print("WARNING: no dependency could be audited (vulnerability service unreachable).")
    elif skipped:
        print(f"WARNING: {len(skipped)} dependencies could not be audited: {', '.join(skipped)}")
    for line in unfixable:
        print(f"NOTE: {line}")
    print("\n".join(fixable) or "No known vulnerability with a fix available.")
    return 1 if fixable else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
