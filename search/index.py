"""Which models are searchable, and keeping every search backend in step with them.

Content apps register themselves in their AppConfig.ready():

    search.index.register("practice", Practice, to_document=practice_document, queryset=practice_public_list)

`queryset()` returns what may be found (published, not archived); the model needs
an `updated_at` field so the periodic catch-up can repair drift. Their services
then call `search.updates.index_object(obj)` (or `remove_object(...)` after a
delete) inside their transaction; the index is updated by a Celery task after
the commit.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models

from hub.api.caching import invalidate as invalidate_cached_answers

from .backends import get_search_backends
from .backends.base import BaseSearchBackend
from .documents import SearchDocument

ITERATOR_CHUNK = 500


@dataclass(frozen=True)
class Registration:
    doc_type: str
    model: type[models.Model]
    to_document: Callable[[models.Model], SearchDocument]
    queryset: Callable[[], models.QuerySet]

    def documents(self, queryset: models.QuerySet | None = None) -> Iterator[SearchDocument]:
        queryset = self.queryset() if queryset is None else queryset
        return (self.to_document(obj) for obj in queryset.iterator(chunk_size=ITERATOR_CHUNK))

    def changed_since(self, moment: datetime) -> Iterator[SearchDocument]:
        return self.documents(self.queryset().filter(updated_at__gte=moment))


_registry: dict[str, Registration] = {}


def register(
    doc_type: str,
    model: type[models.Model],
    to_document: Callable[[models.Model], SearchDocument],
    queryset: Callable[[], models.QuerySet],
) -> None:
    try:
        model._meta.get_field("updated_at")
    except FieldDoesNotExist as exc:
        raise ImproperlyConfigured(f"{model.__name__} needs an updated_at field to be searchable.") from exc
    registered = _registry.get(doc_type)
    if registered is not None and registered.model is not model:
        raise ImproperlyConfigured(f"Search type {doc_type!r} is already registered for {registered.model.__name__}.")
    _registry[doc_type] = Registration(doc_type, model, to_document, queryset)


# Functions naming tags (themes, categories, directions) in the active language: slugs in, {slug: name} out.
_tag_labellers: list[Callable[[list[str]], dict[str, str]]] = []


def register_tag_labels(labeller: Callable[[list[str]], dict[str, str]]) -> None:
    """A content app says how its tags read, so search shows names without knowing the app."""
    if labeller not in _tag_labellers:
        _tag_labellers.append(labeller)


def tag_labels(slugs: list[str]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for labeller in _tag_labellers:
        labels.update(labeller(slugs))
    return labels


def registrations() -> list[Registration]:
    return list(_registry.values())


def registration_for(doc_type: str) -> Registration:
    try:
        return _registry[doc_type]
    except KeyError:
        raise ImproperlyConfigured(
            f"No searchable type {doc_type!r}; registered: {', '.join(sorted(_registry)) or 'none'}."
        ) from None


def registration_for_model(model: type[models.Model]) -> Registration:
    concrete = model._meta.concrete_model
    for registration in _registry.values():
        if registration.model._meta.concrete_model is concrete:
            return registration
    raise ImproperlyConfigured(f"{model.__name__} is not registered for search.")


# Services the tasks and commands call ------------------------------------------


def document_sync(*, doc_type: str, object_id: str) -> bool:
    """Index the object in every backend if it is public, else remove it; True when indexed."""
    registration = registration_for(doc_type)
    obj = registration.queryset().filter(pk=object_id).first()
    for backend in get_search_backends():
        if obj is None:
            backend.delete(doc_type, [object_id])
        else:
            backend.index([registration.to_document(obj)])
    # Cached search answers predate this document (with a broker, indexing follows the commit).
    invalidate_cached_answers()
    return obj is not None


def documents_sync(*, doc_type: str, object_ids: list[str]) -> int:
    """`document_sync` for many objects of one type in one pass: index the public ones, remove the rest."""
    registration = registration_for(doc_type)
    public = registration.queryset().filter(pk__in=object_ids)
    documents = list(registration.documents(public))
    indexed = {str(document.object_id) for document in documents}
    hidden = [object_id for object_id in object_ids if object_id not in indexed]
    for backend in get_search_backends():
        backend.index(documents)
        backend.delete(doc_type, hidden)
    invalidate_cached_answers()
    return len(documents)


def catch_up(*, since: datetime) -> int:
    """Repair drift: re-index what changed since `since`, and remove what stopped being public.

    Catches changes whose task was lost and bulk `.update()` calls that bypass
    services (they must set `updated_at`). Returns the number of documents indexed.
    """
    indexed = 0
    for registration in registrations():
        public = registration.queryset().filter(updated_at__gte=since)
        documents = list(registration.documents(public))
        hidden = (
            registration.model._default_manager.filter(updated_at__gte=since)
            .exclude(pk__in=public.values("pk"))
            .values_list("pk", flat=True)
        )
        hidden_ids = [str(pk) for pk in hidden]
        for backend in get_search_backends():
            backend.index(documents)
            backend.delete(registration.doc_type, hidden_ids)
        indexed += len(documents)
    if indexed or hidden_ids:
        invalidate_cached_answers()
    return indexed


def rebuild(
    *,
    backend: BaseSearchBackend,
    doc_type: str | None = None,
    progress: Callable[[Iterable[SearchDocument], int, str], Iterable[SearchDocument]] = lambda docs, total, label: docs,
) -> int:
    """Rebuild one backend's index of one type, or of every registered type; returns documents indexed."""
    targets = [registration_for(doc_type)] if doc_type else registrations()
    indexed = 0
    for registration in targets:
        queryset = registration.queryset()
        indexed += backend.rebuild(
            progress(registration.documents(queryset), queryset.count(), registration.doc_type),
            doc_type=registration.doc_type,
            changed_since=registration.changed_since,
        )
    invalidate_cached_answers()
    return indexed
