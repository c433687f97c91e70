"""The covariates of the analysis plan: phase, size and area, as regression terms.

Fixed here, before any collection's outcomes are looked at, and used alike by the real panel
and by the simulated panels that validate the estimator.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Phases of education grouped as the outcomes differ: primary-age, secondary-age, the rest.
PHASE_GROUPS = {
    "Nursery": "Other",
    "Primary": "Primary",
    "Middle deemed primary": "Primary",
    "Middle deemed secondary": "Secondary",
    "Secondary": "Secondary",
    "All-through": "Secondary",
    "16 plus": "Other",
    "Not applicable": "Other",
}
PHASE_GROUP_ORDER = ("Primary", "Secondary", "Other")
# Wales has no English region; its schools form an area of their own.
WALES_AREA = "W92000004"


def phase_group(phases: pd.Series) -> pd.Series:
    """Each school's phase group (a phase not in the list counts as Other)."""
    return phases.map(PHASE_GROUPS).fillna("Other")


def add_covariates(schools: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """schools with the regression terms added, and their names.

    schools has one row per school with `phase_group`, `pupils` and `area` (an English region
    code, or Wales). Terms: a dummy for each phase group but Primary, the logarithm of pupils
    on roll (a missing size counts as the median), and a dummy for each area but the first.
    """
    frame = schools.copy()
    names: list[str] = []
    for group in PHASE_GROUP_ORDER[1:]:
        name = f"phase_{group.lower()}"
        frame[name] = (frame["phase_group"] == group).astype(float)
        names.append(name)
    pupils = pd.to_numeric(frame["pupils"], errors="coerce").astype(float)
    pupils = pupils.where(pupils > 0)
    frame["log_pupils"] = np.log(pupils.fillna(pupils.median() if pupils.notna().any() else 1.0))
    names.append("log_pupils")
    for area in sorted(frame["area"].dropna().unique())[1:]:
        name = f"area_{area}"
        frame[name] = (frame["area"] == area).astype(float)
        names.append(name)
    return frame, names
