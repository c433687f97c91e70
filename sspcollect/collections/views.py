"""Admin pages for collections: list, create, view, open to schools and forces, close."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from sspcollect.accounts.access import admin_only
from sspcollect.collections import service
from sspcollect.collections.forms import CollectionForm
from sspcollect.db import session
from sspcollect.models import Collection, CollectionStatus, User

bp = Blueprint("collections", __name__, url_prefix="/collections")


def _load(collection_id: int) -> Collection:
    """The collection with this id, or 404."""
    collection = session.get(Collection, collection_id)
    if collection is None:
        abort(404)
    return collection


def _user() -> User:
    """The signed-in admin."""
    user: User = current_user._get_current_object()
    return user


def _created_message(year: str, created: service.ReturnCounts) -> str:
    """What opening made, in words."""
    return (
        f"{year} collection open: {created.schools:,} school "
        f"{'return' if created.schools == 1 else 'returns'} and {created.forces:,} force "
        f"{'return' if created.forces == 1 else 'returns'} created"
    )


@bp.route("")
@admin_only
def index() -> str:
    """Every collection with its status and how many returns it has."""
    collections = service.all_collections()
    return render_template(
        "collections/index.html",
        collections=collections,
        counts=service.return_counts(c.id for c in collections),
    )


@bp.route("/new", methods=["GET", "POST"])
@admin_only
def create() -> str | Response:
    """Create a draft collection."""
    form = CollectionForm()
    if form.validate_on_submit():
        try:
            collection = service.create_collection(form.details(), _user())
        except service.InvalidCollectionError as problems:
            form.show_problems(problems.problems)
        else:
            flash(f"{collection.academic_year} collection created as a draft", "success")
            return redirect(url_for("collections.view", collection_id=collection.id))
    return render_template("collections/create.html", form=form)


@bp.route("/<int:collection_id>")
@admin_only
def view(collection_id: int) -> str:
    """One collection: its dates, schedule, scope and returns."""
    collection = _load(collection_id)
    counts = service.return_counts([collection.id]).get(collection.id, service.ReturnCounts())
    return render_template("collections/view.html", collection=collection, counts=counts)


@bp.route("/<int:collection_id>/open", methods=["GET", "POST"])
@admin_only
def open_phases(collection_id: int) -> str | Response:
    """Choose the phases of education to open to; then check how many returns that makes."""
    collection = _load(collection_id)
    if collection.status == CollectionStatus.CLOSED:
        flash(f"The {collection.academic_year} collection is closed")
        return redirect(url_for("collections.view", collection_id=collection.id))
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        chosen = request.form.getlist("phases")
        try:
            phases = service.chosen_phases(chosen)
        except service.CollectionError as problem:
            errors = [{"text": str(problem), "href": "#phases"}]
        else:
            counts = service.returns_to_create(collection, phases)
            return render_template(
                "collections/open_check.html", collection=collection, phases=phases, counts=counts
            )
    else:
        chosen = request.args.getlist("phases") or _default(collection)
    return render_template(
        "collections/open_phases.html",
        collection=collection,
        phases=service.PHASES,
        chosen=chosen,
        errors=errors,
    )


def _default(collection: Collection) -> list[str]:
    """Phases ticked at first: those already open, or every phase."""
    return list(collection.phases) or list(service.PHASES)


@bp.route("/<int:collection_id>/open/confirm", methods=["POST"])
@admin_only
def open_confirm(collection_id: int) -> str | Response:
    """Open the collection to the phases checked on the page before."""
    collection = _load(collection_id)
    try:
        created = service.open_collection(collection, request.form.getlist("phases"), _user())
    except service.CollectionError as problem:
        flash(str(problem))
        return redirect(url_for("collections.open_phases", collection_id=collection_id))
    flash(_created_message(collection.academic_year, created), "success")
    return redirect(url_for("collections.view", collection_id=collection.id))


@bp.route("/<int:collection_id>/close", methods=["GET", "POST"])
@admin_only
def close(collection_id: int) -> str | Response:
    """Ask for confirmation, then close the collection and lock its returns."""
    collection = _load(collection_id)
    if collection.status != CollectionStatus.OPEN:
        flash(f"Only an open collection can be closed: this one is {collection.status}")
        return redirect(url_for("collections.view", collection_id=collection.id))
    if request.method == "POST":
        try:
            service.close_collection(collection, _user())
        except service.CollectionError as problem:
            flash(str(problem))
            return redirect(url_for("collections.view", collection_id=collection.id))
        flash(f"{collection.academic_year} collection closed: its returns are locked", "success")
        return redirect(url_for("collections.view", collection_id=collection.id))
    counts = service.return_counts([collection.id]).get(collection.id, service.ReturnCounts())
    return render_template("collections/close.html", collection=collection, counts=counts)
