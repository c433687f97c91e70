"""Frames are written as CSV exactly as pandas writes them, whatever the fields hold."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from sspcollect.datasets.frame_csv import frame_csv


def _pandas_csv(frame: pd.DataFrame) -> str:
    """The text pandas writes for a frame, as the files were written before frame_csv."""
    return frame.to_csv(index=False, lineterminator="\n")


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame(
            {
                "name": ["Oak, Ash", 'The "Fields"', "two\nlines", "", None, "plain", "r\rs"],
                "pupils": pd.array([1, None, 3, 4, 5, 6, 7], dtype="Int64"),
                "count": [1, 2, 3, 4, 5, 6, 7],
                "fte": [0.1, np.nan, 2.5, 1e-05, 1e16, -0.0, 3.0],
                "flag": [True, False, True, True, False, False, True],
            }
        ),
        pd.DataFrame({"a, b": ["1", "2"], 'say "hi"': ["x", "y"]}),
        pd.DataFrame({"a": pd.Series([], dtype=object), "b": pd.Series([], dtype=object)}),
        pd.DataFrame({"only": ["", "x"]}),
        pd.DataFrame({"day": [date(2026, 1, 1), None], "n": [1, 2]}),
        pd.DataFrame({"when": pd.to_datetime(["2026-01-01", None]), "n": [1, 2]}),
    ],
    ids=["text and numbers", "quoted header", "no rows", "one column", "dates", "timestamps"],
)
def test_frames_are_written_exactly_as_pandas_writes_them(frame: pd.DataFrame) -> None:
    """Quotes only where a field needs them, missing values empty, numbers as pandas writes
    them; columns it does not write itself (dates, a single column) go to pandas."""
    assert frame_csv(frame) == _pandas_csv(frame)
