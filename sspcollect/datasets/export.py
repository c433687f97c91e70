"""Building every national dataset file of a collection, writing them out, and zipping them."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from flask import current_app
from sqlalchemy import select

from sspcollect.datasets import aggregate
from sspcollect.datasets import definitions as defs
from sspcollect.datasets.coverage import Coverage, coverage_of
from sspcollect.datasets.disclosure import Block, Disclosure, protect_release, report_lines
from sspcollect.datasets.ees import NOT_AVAILABLE, DataFile, data_csv, meta_csv
from sspcollect.datasets.geography import attach_geography, without_welsh_local_authorities
from sspcollect.datasets.guidance import guidance_text
from sspcollect.datasets.names import (
    ACCEPTED,
    ACCEPTED_AND_SUBMITTED,
    GUIDANCE_FILE,
    REGISTER_FILE,
)
from sspcollect.datasets.queries import CollectionFacts, Inputs, read_inputs
from sspcollect.datasets.record_level import register_csv
from sspcollect.datasets.releases import Basis, earlier_versions, read_basis
from sspcollect.db import session
from sspcollect.effects.publication import EffectivenessFile, effectiveness_file
from sspcollect.models import Collection, Publication

Progress = Callable[[str], object]
# The folder, inside an export's folder, that keeps the record-level register apart.
RECORD_LEVEL_FOLDER = "not_for_publication"

# Each EES data file and the aggregation that makes its table.
BUILDERS: tuple[tuple[str, Callable[[aggregate.Prepared], pd.DataFrame]], ...] = (
    ("ssp_partnerships", aggregate.partnerships_table),
    ("ssp_school_outcomes", aggregate.school_outcomes_table),
    ("ssp_police_outcomes", aggregate.police_outcomes_table),
    ("ssp_funding", aggregate.funding_table),
    ("ssp_collection_progress", aggregate.progress_table),
)

# Files made outside this package from the same collection, each already safe to publish
# (its maker applies the disclosure rules), written, described and screened with the rest.
EXTRA_FILES = (effectiveness_file,)

# What each file's figures describe: the outcomes of an academic year that has ended, the
# registers as at the reference date (reported in the academic year it falls in), or the
# progress of the collection itself (in the academic year it ran).
OUTCOME_FILES = frozenset({"ssp_school_outcomes", "ssp_police_outcomes"})
REGISTER_FILES = frozenset({"ssp_partnerships", "ssp_funding", REGISTER_FILE})


def file_time_period(name: str, collection: CollectionFacts) -> str:
    """The EES time_period (an academic year, 202526) that the figures of file name cover."""
    if name in OUTCOME_FILES:
        return collection.outcomes_year.time_period
    if name in REGISTER_FILES:
        return collection.register_year.time_period
    return collection.time_period


@dataclass(frozen=True)
class Datasets:
    """One build: the publishable files by name, in the order they are listed, and apart from
    them the record-level register, which is never published."""

    files: dict[str, bytes]  # the EES data files, their metadata and the data guidance
    register: bytes  # ssp_register.csv: record level, for analysts only
    absent: dict[str, str]  # data files not written because they have no figures, and why
    included: str
    threshold: int
    disclosure: Disclosure
    coverage: Coverage
    tables: dict[str, pd.DataFrame]  # what each data file shows, by file name

    @property
    def names(self) -> list[str]:
        """The names of the publishable files."""
        return list(self.files)

    @property
    def disclosure_report(self) -> list[str]:
        """The short disclosure report of these files, line by line."""
        return report_lines(self.disclosure, self.threshold)


def national_coverage(prepared: aggregate.Prepared) -> Coverage:
    """How far the counted returns reach (for the guidance and the datasets page)."""
    forces = prepared.areas.force_areas.set_index("pfa_code")["pfa_name"]
    return coverage_of(
        prepared.population,
        prepared.covered["urn"],
        prepared.inputs.answers["urn"].astype("int64"),
        forces,
        prepared.counted_forces,
    )


def data_files(included: str) -> list[DataFile]:
    """The EES data files, in order (the progress file says which returns are counted)."""
    return [
        defs.PARTNERSHIPS,
        defs.SCHOOL_OUTCOMES,
        defs.POLICE_OUTCOMES,
        defs.FUNDING,
        defs.progress_file(included),
    ]


def file_names() -> list[str]:
    """Every publishable file a build can make, in order (a file with no rows is left out)."""
    names = []
    for spec in data_files(ACCEPTED):
        names += [f"{spec.name}.csv", f"{spec.name}.meta.csv"]
    return [*names, GUIDANCE_FILE]


def build_national(
    collection: Collection,
    included: str = ACCEPTED,
    threshold: int | None = None,
    progress: Progress | None = None,
) -> Datasets:
    """Every file for collection, counting the returns named by included, in memory."""
    if threshold is None:
        threshold = collection_threshold(collection)
    say = progress or (lambda _message: None)
    say(f"Reading collection {collection.time_period}")
    extras = [make(collection, threshold) for make in EXTRA_FILES]
    return build_files(
        read_inputs(collection, included), threshold, say, published_bases(collection), extras
    )


def collection_threshold(collection: Collection) -> int:
    """The disclosure threshold of collection's files: a closed collection keeps the one in
    force when it closed."""
    return collection.disclosure_threshold or int(current_app.config["DISCLOSURE_THRESHOLD"])


def published_bases(collection: Collection) -> list[Basis]:
    """The disclosure bases of every published version of the collection, oldest first."""
    archives = session.scalars(
        select(Publication.disclosure_basis)
        .where(
            Publication.collection_id == collection.id,
            Publication.disclosure_basis.is_not(None),
        )
        .order_by(Publication.published_at, Publication.id)
    )
    return [read_basis(archive) for archive in archives if archive is not None]


def published_tables(collection: Collection, included: str = ACCEPTED) -> dict[str, pd.DataFrame]:
    """The tables the publishable files show, by file name, disclosure control applied.

    Each has its geography columns, filters and indicators; a hidden figure is "c" and a
    figure no counted return covers is "x". Maps and pages draw from these, never from the
    unprotected figures.
    """
    return build_national(collection, included).tables


def build_files(
    inputs: Inputs,
    threshold: int,
    say: Progress | None = None,
    bases: Sequence[Basis] = (),
    extras: Sequence[EffectivenessFile] = (),
) -> Datasets:
    """Every file from the inputs of one collection: aggregate, protect (jointly with the
    bases of its published versions), write; extras are added as they come."""
    say = say or (lambda _message: None)
    included = inputs.included
    prepared = aggregate.prepare(inputs)
    specs = {spec.name: spec for spec in data_files(included)}
    tables = {
        name: without_welsh_local_authorities(
            attach_geography(build(prepared), specs[name].levels, prepared.areas)
        )
        for name, build in BUILDERS
    }
    progress_table = tables["ssp_collection_progress"]
    blocks = [
        Block(
            name,
            table,
            tuple(specs[name].filter_columns),
            specs[name].protected,
            specs[name].overlaps,
        )
        for name, table in tables.items()
        if specs[name].protected
    ]
    earlier = earlier_versions(blocks, bases, threshold)
    disclosure = protect_release(
        blocks, defs.SAME_FIGURES, threshold, earlier.hidden, earlier.changed, earlier.known
    )
    files: dict[str, bytes] = {}
    published_tables: dict[str, pd.DataFrame] = {}
    absent: dict[str, str] = {}
    for name, table in tables.items():
        spec = specs[name]
        if _without_figures(table, spec):
            # EES cannot take a data file with no rows, and one whose every figure is "not
            # available" tells nobody anything: the guidance says it is absent, and why.
            absent[name] = spec.when_empty
            say(f"{name}.csv not written: {spec.when_empty}")
            continue
        published = disclosure.published.get(name, table)
        published_tables[name] = published
        period = file_time_period(name, inputs.collection)
        files[f"{name}.csv"] = data_csv(published, spec, period).encode()
        files[f"{name}.meta.csv"] = meta_csv(spec).encode()
        say(f"{name}.csv: {len(table):,} rows")
    made = [extra for extra in extras if extra.table is not None and not extra.table.empty]
    for extra in made:
        assert extra.table is not None
        name = extra.spec.name
        published_tables[name] = extra.table
        files[f"{name}.csv"] = data_csv(extra.table, extra.spec, extra.time_period).encode()
        files[f"{name}.meta.csv"] = meta_csv(extra.spec).encode()
        say(f"{name}.csv: {len(extra.table):,} rows")
    register = register_csv(prepared).encode()
    say(f"{REGISTER_FILE}.csv: {len(prepared.partnerships):,} partnerships")
    coverage = national_coverage(prepared)
    written = [spec for name, spec in specs.items() if name not in absent]
    files[GUIDANCE_FILE] = (
        guidance_text(
            inputs.collection,
            included,
            threshold,
            [*written, *(extra.spec for extra in made)],
            progress_table,
            coverage,
            report_lines(disclosure, threshold),
            absent,
        ).encode()
        + "".join(f"\n{line}" for extra in extras for line in extra.guidance).encode()
    )
    return Datasets(
        files, register, absent, included, threshold, disclosure, coverage, published_tables
    )


@dataclass(frozen=True)
class Written:
    """What export_national wrote: the publishable files, the register apart, what is absent."""

    paths: list[Path]  # the publishable files, in out_dir
    register: Path  # the record-level register, in a folder of its own inside out_dir
    absent: dict[str, str]  # data files not written, and why


def _without_figures(table: pd.DataFrame, spec: DataFile) -> bool:
    """True when the table has no rows, or no row with a figure that is available."""
    if table.empty:
        return True
    columns = [indicator.column for indicator in spec.indicators]
    return bool(table[columns].isin([NOT_AVAILABLE]).all(axis=None))


def export_national(
    collection: Collection,
    out_dir: Path,
    include_submitted: bool = False,
    progress: Progress | None = None,
    report: Progress | None = None,
) -> Written:
    """Write the publishable files for collection into out_dir, and the record-level register
    into its own folder, RECORD_LEVEL_FOLDER, inside it.

    report, when given, receives each line of the disclosure report.
    """
    included = ACCEPTED_AND_SUBMITTED if include_submitted else ACCEPTED
    datasets = build_national(collection, included, progress=progress)
    if report is not None:
        for line in datasets.disclosure_report:
            report(line)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, content in datasets.files.items():
        path = out_dir / name
        path.write_bytes(content)
        paths.append(path)
    apart = out_dir / RECORD_LEVEL_FOLDER
    apart.mkdir(exist_ok=True)
    register = apart / f"{REGISTER_FILE}.csv"
    register.write_bytes(datasets.register)
    return Written(paths, register, datasets.absent)


def zip_archive(files: dict[str, bytes]) -> bytes:
    """A zip of files (name → content), every file at the top level."""
    buffer = io.BytesIO()
    stamp = datetime.now(UTC).timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


def read_member(archive: bytes, name: str) -> bytes:
    """One file inside a zip made by zip_archive, without reading the others."""
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return opened.read(name)


def read_archive(archive: bytes) -> dict[str, bytes]:
    """The files inside a zip made by zip_archive."""
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return {name: opened.read(name) for name in opened.namelist()}
