"""The screen before publication: the checks DfE's screener runs on every file of a release.

`screen_release` takes a release's files as bytes (data files, their `.meta.csv` and the data
guidance) and runs, under the screener's own check names, the checks of the Explore
Education Statistics standard: file names and pairs, columns, metadata, general, time,
filters, geography (including `geog_la_combos` and `geog_region_for_la`), indicators,
harmonised variables and the API checks (lengths, `data_dict_col_name`). A failed check
stops publication; a warning does not. It reads the files as a stranger would: nothing here
knows how our files are written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from sspcollect.datasets.screening import api, content, structure
from sspcollect.datasets.screening.results import (
    FAIL,
    PASS,
    WARNING,
    Check,
    FileScreen,
    ReleaseScreen,
    Table,
    listed,
    read_table,
)

__all__ = ["FAIL", "PASS", "WARNING", "Check", "FileScreen", "ReleaseScreen", "screen_release"]

FILES = "Files"
META_SUFFIX = ".meta.csv"
GUIDANCE_SUFFIX = ".txt"
FILE_NAME = re.compile(r"^[a-z0-9_]+$")


def screen_release(files: Mapping[str, bytes]) -> ReleaseScreen:
    """Every check on the release's files, in the screener's order."""
    data_names = [
        name[: -len(".csv")]
        for name in files
        if name.endswith(".csv") and not name.endswith(META_SUFFIX)
    ]
    checks = (
        _filename_spaces(files),
        _filename_special(files),
        _filenames_match(files, data_names),
        _no_unreferenced(files),
    )
    screened = tuple(
        screen_file(name, files[f"{name}.csv"], files[f"{name}{META_SUFFIX}"])
        for name in data_names
        if f"{name}{META_SUFFIX}" in files
    )
    return ReleaseScreen(checks=checks, files=screened)


def screen_file(name: str, data_bytes: bytes, meta_bytes: bytes) -> FileScreen:
    """Every check on one data file and its metadata; stops after a failed precheck."""
    data = read_table(f"{name}.csv", data_bytes)
    meta = read_table(f"{name}{META_SUFFIX}", meta_bytes)
    unreadable = [problem for problem in (data, meta) if isinstance(problem, str)]
    if unreadable:
        check = Check("file_readable", structure.COLUMNS, FAIL, " ".join(unreadable))
        return FileScreen(name=name, rows=0, checks=(check,))
    assert isinstance(data, Table) and isinstance(meta, Table)
    if data.rows == 0:
        check = Check(
            "data_rows",
            structure.COLUMNS,
            FAIL,
            "The file has a header and no rows: EES cannot take an empty data file.",
        )
        return FileScreen(name=name, rows=0, checks=(check,))
    found = [Check("data_rows", structure.COLUMNS, PASS, f"The file has {data.rows:,} rows.")]
    found += [precheck(data, meta) for precheck in structure.PRECHECKS]
    if all(check.result != FAIL for check in found):
        found += [run(data, meta) for run in (*structure.CHECKS, *content.CHECKS, *api.CHECKS)]
    return FileScreen(name=name, rows=data.rows, checks=tuple(found))


def _filename_spaces(files: Mapping[str, bytes]) -> Check:
    """No file name has a space."""
    spaced = [name for name in files if " " in name]
    if not spaced:
        return Check("filename_spaces", FILES, PASS, "No file name has a space.")
    return Check("filename_spaces", FILES, FAIL, f"These file names have spaces: {listed(spaced)}.")


def _filename_special(files: Mapping[str, bytes]) -> Check:
    """File names use only lowercase letters, numbers and underscores."""
    wrong = [name for name in files if not FILE_NAME.match(name.split(".", 1)[0])]
    if not wrong:
        return Check("filename_special", FILES, PASS, "File names use only letters, numbers and _.")
    return Check(
        "filename_special",
        FILES,
        FAIL,
        f"These file names use characters other than lowercase letters, numbers and "
        f"underscores: {listed(wrong)}.",
    )


def _filenames_match(files: Mapping[str, bytes], data_names: list[str]) -> Check:
    """Every data file has its metadata file and every metadata file its data file."""
    lonely = [f"{name}.csv" for name in data_names if f"{name}{META_SUFFIX}" not in files]
    lonely += [
        name
        for name in files
        if name.endswith(META_SUFFIX) and name[: -len(META_SUFFIX)] not in data_names
    ]
    if not lonely:
        return Check("filenames_match", FILES, PASS, "Every data file has its metadata file.")
    return Check(
        "filenames_match",
        FILES,
        FAIL,
        f"These files have no partner (every data file needs its .meta.csv, so a record-level "
        f"file cannot be part of a release): {listed(lonely)}.",
    )


def _no_unreferenced(files: Mapping[str, bytes]) -> Check:
    """The release holds only CSV data files, their metadata and the data guidance."""
    other = [name for name in files if not name.endswith((".csv", GUIDANCE_SUFFIX))]
    if not other:
        return Check("zip_no_unreferenced", FILES, PASS, "The release holds only data files.")
    return Check(
        "zip_no_unreferenced",
        FILES,
        FAIL,
        f"These files are not data files, metadata or data guidance: {listed(other)}.",
    )
