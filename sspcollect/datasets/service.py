"""Finding collections and their published datasets, and publishing a frozen version.

The builders (pandas, numpy, the disclosure audit) are loaded by the functions that build or
read files, so that the pages which only list collections start without them.
"""

from __future__ import annotations

from flask import abort, current_app
from sqlalchemy import select

from sspcollect import audit
from sspcollect.datasets.names import ACCEPTED, INCLUDED_CHOICES, REGISTER_FILE
from sspcollect.db import session
from sspcollect.models import Collection, CollectionStatus, Publication, User

PUBLISHED_FILES = "sspcollect_published_files"
KEEP_PUBLISHED_FILES = 64


def collections_with_datasets() -> list[Collection]:
    """Collections that have been opened, newest first."""
    return list(
        session.scalars(
            select(Collection)
            .where(Collection.status != CollectionStatus.DRAFT.value)
            .order_by(Collection.time_period.desc())
        )
    )


def load_collection(collection_id: int) -> Collection:
    """The opened collection with this id; 404 otherwise."""
    collection = session.get(Collection, collection_id)
    if collection is None or collection.status == CollectionStatus.DRAFT:
        abort(404)
    return collection


def included_choice(raw: str | None) -> str | None:
    """Which returns to count, from a form or address: the default, a valid choice, or None."""
    if raw is None or raw == "":
        return ACCEPTED
    return raw if raw in INCLUDED_CHOICES else None


def latest_publications(collection_ids: list[int]) -> dict[int, Publication]:
    """The newest publication of each collection that has one (without their archives)."""
    if not collection_ids:
        return {}
    rows = session.execute(
        select(Publication.id, Publication.collection_id, Publication.published_at)
        .where(Publication.collection_id.in_(collection_ids))
        .order_by(Publication.published_at, Publication.id)
    ).all()
    newest = {collection_id: publication_id for publication_id, collection_id, _at in rows}
    found = session.scalars(select(Publication).where(Publication.id.in_(newest.values())))
    return {publication.collection_id: publication for publication in found}


def latest_publication(collection: Collection) -> Publication | None:
    """The collection's newest published version, if any."""
    return latest_publications([collection.id]).get(collection.id)


def load_publication(collection: Collection, publication_id: int) -> Publication:
    """A published version of this collection; 404 for any other."""
    publication = session.get(Publication, publication_id)
    if publication is None or publication.collection_id != collection.id:
        abort(404)
    return publication


def published_file(publication: Publication, name: str) -> bytes:
    """One file of a published version, from its stored zip; 404 if it holds no such file.

    The record-level register is never served as part of a published version (versions
    published before it was kept apart hold it in their zip).
    """
    if name not in publication.files or name == f"{REGISTER_FILE}.csv":
        abort(404)
    # A published version never changes, so each of its files is read from the zip once per
    # process (the application's own store, so nothing outlives it).
    kept: dict[tuple[int, str], bytes] = current_app.extensions.setdefault(PUBLISHED_FILES, {})
    key = (publication.id, name)
    if key not in kept:
        if len(kept) >= KEEP_PUBLISHED_FILES:
            kept.pop(next(iter(kept)))
        from sspcollect.datasets.export import read_member

        kept[key] = read_member(publication.archive, name)
    return kept[key]


def record_register_download(collection: Collection, included: str) -> None:
    """Record in the audit trail that the signed-in user downloaded the record-level register."""
    audit.record(
        "record_level_register_downloaded",
        "collection",
        collection.id,
        changes={"included": included},
        collection_id=collection.id,
    )
    session.commit()


def publish(collection: Collection, included: str, user: User) -> Publication:
    """Build the files now, freeze them as the collection's published version, and commit."""
    from sspcollect.datasets.export import build_national, zip_archive
    from sspcollect.datasets.releases import basis_archive

    datasets = build_national(collection, included)
    publication = Publication(
        collection_id=collection.id,
        published_by_id=user.id,
        included=included,
        threshold=datasets.threshold,
        files=datasets.names,
        archive=zip_archive(datasets.files),
        disclosure_basis=basis_archive(datasets.disclosure),
    )
    session.add(publication)
    session.flush()
    audit.record(
        "datasets_published",
        "publication",
        publication.id,
        changes={"included": included, "threshold": datasets.threshold},
        user=user,
        collection_id=collection.id,
    )
    session.commit()
    current_app.logger.info(
        "datasets published",
        extra={"collection": collection.time_period, "publication": publication.id},
    )
    return publication
