"""The full validation study of the effectiveness estimator: 500 synthetic panels a scenario.

Each panel has 1,500 schools over five years with staggered partnerships, heterogeneous
effects, selection on prior levels and the demo's noise (sspcollect/effects/simulate.py).
Scenarios: a planted effect and none, each with not-yet-covered comparisons (the published
choice) and never-covered ones. Prints coverage, bias and interval width, with the naive
with-and-without comparison in the same panels, and writes them to bench/results/.

    .venv/bin/python bench/effects_validation.py [--datasets 500] [--schools 1500]
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path

from sspcollect.effects.estimator import Comparison
from sspcollect.effects.validation import Study, run_study

RESULTS = Path(__file__).resolve().parent / "results"


def row(name: str, study: Study) -> str:
    """One line of the markdown table."""
    return (
        f"| {name} | {study.mean_truth:.2f} | {study.coverage:.1%} | {study.coverage_by_area:.1%} "
        f"| {study.bias:+.3f} | {study.spread:.3f} | {study.width:.2f} "
        f"| {study.naive_bias:+.2f} | {study.naive_coverage:.1%} "
        f"| {study.pre_trend_rejections:.1%} | {1000 * study.seconds_per_dataset:.0f} ms |"
    )


def main() -> None:
    """Run every scenario and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets", type=int, default=500)
    parser.add_argument("--schools", type=int, default=1500)
    args = parser.parse_args()
    scenarios = [
        ("Effect planted, not-yet-covered comparison", -1.5, Comparison.NOT_YET, 0),
        ("No effect, not-yet-covered comparison", 0.0, Comparison.NOT_YET, 100_000),
        ("Effect planted, never-covered comparison", -1.5, Comparison.NEVER, 0),
        ("No effect, never-covered comparison", 0.0, Comparison.NEVER, 100_000),
    ]
    print(
        "| Scenario | true effect (mean) | coverage, by school | coverage, by local authority "
        "| bias | spread (sd) | interval width | naive bias | naive coverage "
        "| pre-trend rejections | time a panel |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    results = {}
    for name, effect, comparison, seed in scenarios:
        study = run_study(args.datasets, effect, args.schools, seed, comparison)
        results[name] = asdict(study)
        print(row(name, study), flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "effects_validation.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
