"""The import stage: harvested records become content items, through the library's content services.

For each record the importer hashes what the portal said; an item whose hash
is unchanged costs no write at all (a page's unchanged items only have their
`last_seen` bumped, in one UPDATE). A new item is created as a draft, locked
to the source's system actor (`content_lock`, kind "harvested") and
published; a changed one is updated and republished (so its revision history
shows what the portal changed); a tombstone archives it. Each record is
imported in its own savepoint, so a bad record is an error on the run and
never undoes its neighbours. Used by harvest runs and the push API alike.
"""

import hashlib
import json
from dataclasses import dataclass, field

from anyascii import anyascii
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, models, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hub.errors import ContentLocked, DomainError
from municipalities.actors import Actor
from municipalities.audit import AUDIT_CHANGED_KEY, AuditAction
from municipalities.services import audit_record_many
from practices.models import (
    Content,
    ContentStatus,
    LockKind,
    Revision,
    Term,
    Vocabulary,
    content_models,
)
from practices.services.content import (
    content_apply_fields,
    content_archive,
    content_claim_version,
    content_create,
    content_lock,
    content_publish,
    content_saved,
    content_unique_slug,
)
from search import updates as search_updates

from .connectors.base import HarvestedRecord, web_url
from .models import HarvestedItem, RunStage, Source

# Fields a record may never set: the import owns them.
RESERVED_FIELDS = frozenset({"organization", "slug", "status"}) | Content.SNAPSHOT_EXCLUDE


def source_actor(source: Source) -> Actor:
    """The system actor a source's runs and pushes act as; it owns the locks on the source's items."""
    return Actor.system(name=source.system_name, organization=source.organization)


def content_model(name: str) -> type[Content] | None:
    return {model._meta.model_name: model for model in content_models()}.get(name)


def importable_fields(model: type[Content]) -> dict[str, models.Field]:
    """The scalar fields a record may carry for `model` (no relations, no bookkeeping)."""
    return {
        f.name: f for f in model._meta.concrete_fields
        if not f.is_relation and f.name not in RESERVED_FIELDS and not f.primary_key
    }  # fmt: skip


def record_hash(record: HarvestedRecord, content_type: str) -> str:
    payload = [record.tombstone, content_type, record.fields, sorted(record.themes), record.url, record.origin]
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


def is_own_origin(origin: str) -> bool:
    """An item that started on this hub and came back through another: never re-imported as someone else's."""
    site = settings.SITE_URL.rstrip("/")
    return bool(origin) and (origin == site or origin.startswith(f"{site}/"))


@dataclass
class ItemResult:
    external_id: str
    result: str  # created, updated, unchanged, withdrawn, invalid
    errors: dict = field(default_factory=dict)
    type: str = ""
    id: int | None = None
    stage: str = "import"


@dataclass
class PageOutcome:
    results: list[ItemResult] = field(default_factory=list)

    def count(self, result: str) -> int:
        return sum(1 for entry in self.results if entry.result == result)


def _errors_of(error: Exception) -> dict:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return {name: [str(message) for message in messages] for name, messages in error.message_dict.items()}
        return {"item": [str(message) for message in error.messages]}
    if isinstance(error, DomainError):
        return {"item": [str(error.message)]}
    return {"item": [_("The item could not be stored.")]}


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def _clean_fields(*, model: type[Content], record: HarvestedRecord, source: Source) -> dict:
    """The record's fields as model values, checked field by field; ValidationError lists every bad one."""
    allowed = importable_fields(model)
    values, errors = {}, {}
    for name, raw in record.fields.items():
        if name not in allowed:
            errors[name] = [_("%(type)s has no field “%(name)s”.") % {"type": model._meta.verbose_name, "name": name}]
            continue
        model_field = allowed[name]
        if _has_nul(raw):
            # PostgreSQL stores no NUL in text or jsonb: the write would fail the whole page.
            errors[name] = [_("Null characters are not allowed.")]
            continue
        if isinstance(raw, (list, dict)) and not isinstance(model_field, models.JSONField):
            errors[name] = [_("A single value is expected here, not a list or an object.")]
            continue
        try:
            value = model_field.to_python(raw)
            if value in (None, "") and not model_field.null:
                value = "" if isinstance(model_field, (models.CharField, models.TextField)) else raw
            if value not in (None, ""):
                model_field.run_validators(value)
            values[name] = value
        except ValidationError as error:
            errors[name] = [str(message) for message in error.messages]
        except (TypeError, ValueError, OverflowError, ArithmeticError):
            # to_python of a portal's value of the wrong type (a number for a date, …) raises these, not ValidationError.
            errors[name] = [_("This value has the wrong type for the field.")]
    language = record.language or source.language
    if not values.get("title_ka"):
        # A portal writing in English still needs the Georgian title the hub requires: its own title stands in.
        values["title_ka"] = values.get("title_en", "") if language == "en" else ""
    if not values.get("title_ka"):
        errors.setdefault("title_ka", [_("The item has no title.")])
    if errors:
        raise ValidationError(errors)
    return values


class _Invalid(Exception):
    """A record's fields failed validation (stage "validate"), as opposed to a refusal while writing it."""

    def __init__(self, error: ValidationError):
        self.error = error
        super().__init__(str(error))


def _has_themes(model: type[Content]) -> bool:
    return any(f.name == "themes" for f in model._meta.many_to_many)


def _themes(*, model: type[Content], record: HarvestedRecord, source: Source, known_terms: dict[str, Term]) -> list[Term] | None:
    """The record's themes among the active ones (unknown slugs are dropped) plus the source's default theme."""
    if not _has_themes(model):
        return None
    terms = [known_terms[slug] for slug in dict.fromkeys(record.themes) if slug in known_terms]
    if source.default_theme_id and source.default_theme_id not in {term.pk for term in terms}:
        terms.append(source.default_theme)
    return terms


def _create(*, model, values, terms, record, source, actor) -> Content:
    item = content_create(model=model, organization=source.organization, fields=values, actor=actor)
    if terms is not None:
        item.themes.set(terms)
    content_saved(item=item, action=AuditAction.CONTENT_CREATED, actor=actor, data={"slug": item.slug, "source": source.name})
    content_lock(item=item, actor=actor, kind=LockKind.HARVESTED, source=source.name)
    return content_publish(item=item, actor=actor)


def _update(*, item, values, terms, source, actor) -> Content:
    content_claim_version(item=item, actor=actor, expected_version=None)
    changed = content_apply_fields(item=item, fields=values)
    item.save()
    if terms is not None:
        item.themes.set(terms)
        changed.append("themes")
    content_saved(item=item, action=AuditAction.CONTENT_UPDATED, actor=actor, data={AUDIT_CHANGED_KEY: sorted(changed), "source": source.name})
    return content_publish(item=item, actor=actor)


def _import_one(
    *, record: HarvestedRecord, known: HarvestedItem | None, source: Source, actor: Actor, digest: str, type_name: str, now, known_terms: dict
) -> ItemResult:
    result = ItemResult(external_id=record.external_id, result="unchanged", type=type_name)
    item = known.item if known is not None else None
    if record.tombstone:
        if known is None:
            return result
        if item is not None and item.status != ContentStatus.ARCHIVED:
            content_archive(item=item, actor=actor)
        known.content_hash, known.last_seen, known.withdrawn_at = digest, now, now
        known.save(update_fields=["content_hash", "last_seen", "withdrawn_at"])
        result.result, result.id = "withdrawn", known.object_id
        return result
    model = content_model(type_name)
    if model is None:
        raise ValidationError({"type": [_("The hub has no content type “%(type)s”.") % {"type": type_name}]})
    try:
        values = _clean_fields(model=model, record=record, source=source)
    except ValidationError as error:
        raise _Invalid(error) from error
    terms = _themes(model=model, record=record, source=source, known_terms=known_terms)
    if item is not None and type(item) is not model:
        raise ValidationError({"type": [_("This item was harvested as another content type; it cannot change type.")]})
    if item is None:
        item = _create(model=model, values=values, terms=terms, record=record, source=source, actor=actor)
        result.result = "created"
    else:
        _update(item=item, values=values, terms=terms, source=source, actor=actor)
        result.result = "updated"
    provenance = {
        "content_type": ContentType.objects.get_for_model(model), "object_id": item.pk, "content_hash": digest,
        "url": record.url[:1000], "origin": record.origin[:1000], "last_seen": now, "withdrawn_at": None,
    }
    if known is None:
        HarvestedItem.objects.create(source=source, external_id=record.external_id, **provenance)
    else:
        HarvestedItem.objects.filter(pk=known.pk).update(**provenance)
    result.id = item.pk
    return result


def _slugs(*, model: type[Content], source: Source, pending: list["_Pending"]) -> None:
    """Give each new item a slug unique in its organization, with one query for the whole batch."""
    max_length = model._meta.get_field("slug").max_length
    for entry in pending:
        title = entry.values.get("title_en") or entry.values["title_ka"]
        entry.base = slugify(anyascii(title))[: max_length - 8].strip("-") or model._meta.model_name
        entry.alternative = f"{entry.base}-{hashlib.sha1(entry.record.external_id.encode()).hexdigest()[:6]}"
    candidates = {entry.base for entry in pending} | {entry.alternative for entry in pending}
    taken = set(model.objects.filter(organization=source.organization, slug__in=candidates).values_list("slug", flat=True))
    for entry in pending:
        for slug in (entry.base, entry.alternative):
            if slug not in taken:
                break
        else:
            # Both taken (a hash collision between ids): the per-item lookup settles it.
            slug = content_unique_slug(model=model, organization=source.organization, title=entry.values["title_ka"])
        entry.values["slug"] = slug
        taken.add(slug)


@dataclass
class _Pending:
    """A new item waiting for the batch insert."""

    position: int
    record: HarvestedRecord
    digest: str
    values: dict
    terms: list[Term] | None
    known: HarvestedItem | None = None
    changed: list = field(default_factory=list)
    base: str = ""
    alternative: str = ""
    item: Content | None = None


def _bulk_create(*, model: type[Content], source: Source, actor: Actor, pending: list[_Pending], now) -> list[tuple[_Pending, Exception | None]]:
    """Create a batch of new items of one type in a few statements: published, locked to the source.

    What `content_create` + `content_lock` + `content_publish` do for one item,
    done for all at once: the same invariants (`check_invariants`), the lock,
    the first revision, one audit entry per item (created, locked and
    published in one), and search indexing after the commit.
    """
    outcomes, ready = [], []
    _slugs(model=model, source=source, pending=pending)
    for entry in pending:
        item = model(
            organization=source.organization, status=ContentStatus.PUBLISHED, published_at=now, created_by=None,
            lock_owner=actor.system_name, lock_kind=LockKind.HARVESTED, lock_source=source.name, **entry.values,
        )
        try:
            item.check_invariants()
        except ValidationError as error:
            outcomes.append((entry, error))
            continue
        entry.item = item
        ready.append(entry)
    if not ready:
        return outcomes
    model.objects.bulk_create([entry.item for entry in ready])
    items = [entry.item for entry in ready]
    if _has_themes(model):
        through = model.themes.through
        through.objects.bulk_create(
            [through(**{f"{model._meta.model_name}_id": entry.item.pk, "term_id": term.pk}) for entry in ready for term in entry.terms or []]
        )
    content_type = ContentType.objects.get_for_model(model)
    _revisions(model=model, items=items, numbers={})
    audit_record_many(
        actor=actor, action=AuditAction.CONTENT_CREATED, organization=source.organization,
        entries=[(item, {"type": model._meta.model_name, "slug": item.slug, "source": source.name, "locked": LockKind.HARVESTED, "published": True}) for item in items],
    )
    HarvestedItem.objects.bulk_create(
        HarvestedItem(
            source=source, external_id=entry.record.external_id, content_type=content_type, object_id=entry.item.pk,
            content_hash=entry.digest, url=entry.record.url[:1000], origin=entry.record.origin[:1000], last_seen=now,
        )
        for entry in ready if entry.known is None
    )
    _provenance_update([entry for entry in ready if entry.known is not None], now=now)
    search_updates.index_objects(model, [item.pk for item in items])
    return outcomes + [(entry, None) for entry in ready]


def _revisions(*, model: type[Content], items: list[Content], numbers: dict[int, int]) -> None:
    """The revision each published item keeps (as `content_publish` does), for a batch; `numbers` are the last ones."""
    nested = [rel.get_accessor_name() for rel in model._meta.related_objects if rel.one_to_many]
    # Snapshots read the items' relations: two or three queries for the batch instead of some per item.
    prefetch_related_objects(items, *[f.name for f in model._meta.many_to_many], *nested)
    content_type = ContentType.objects.get_for_model(model)
    rows = [(item.pk, numbers.get(item.pk, 0) + 1, item.snapshot()) for item in items]
    if connection.vendor != "postgresql":
        Revision.objects.bulk_create(
            Revision(content_type=content_type, object_id=pk, number=number, snapshot=snapshot, created_by=None) for pk, number, snapshot in rows
        )
        return
    # Not bulk_create: on PostgreSQL it sends the snapshots as one UNNEST array, which psycopg quotes in
    # Python character by character — with Georgian written as \uXXXX escapes, 3.4 s for 500 snapshots
    # against 0.2 s for this executemany of JSON text (measured; BENCHMARKS.md, Federation).
    fields = [Revision._meta.get_field(name).column for name in ("content_type", "object_id", "number", "snapshot", "created_by", "created_at")]
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {connection.ops.quote_name(Revision._meta.db_table)} ({', '.join(map(connection.ops.quote_name, fields))}) "
            "VALUES (%s, %s, %s, %s::jsonb, NULL, %s)",
            [(content_type.pk, pk, number, json.dumps(snapshot, cls=DjangoJSONEncoder, ensure_ascii=False), now) for pk, number, snapshot in rows],
        )


def _provenance_update(entries: list[_Pending], *, now) -> None:
    for entry in entries:
        known = entry.known
        known.object_id, known.content_hash, known.last_seen, known.withdrawn_at = entry.item.pk, entry.digest, now, None
        known.url, known.origin = entry.record.url[:1000], entry.record.origin[:1000]
    if entries:
        HarvestedItem.objects.bulk_update([entry.known for entry in entries], ["object_id", "content_hash", "url", "origin", "last_seen", "withdrawn_at"])


def _bulk_update(*, model: type[Content], source: Source, actor: Actor, changes: list[_Pending], now) -> list[tuple[_Pending, Exception | None]]:
    """Update a batch of changed items of one type in a few statements, and republish them.

    What `content_claim_version` + `content_apply_fields` + `content_publish`
    do for one item: the lock is checked (only the source's own actor, or an
    unlocked item, is written), invariants are checked before anything is
    written, the version is bumped, a revision is kept, one audit entry per
    item, search follows after the commit. Items deleted here since they were
    harvested come back with `item = None` for the caller to create again.
    """
    outcomes, ready = [], []
    items = model.objects.in_bulk([entry.known.object_id for entry in changes])
    for entry in changes:
        item = items.get(entry.known.object_id)
        if item is None:
            outcomes.append((entry, None))
            continue
        if item.lock_owner not in ("", actor.system_name):
            outcomes.append((entry, ContentLocked(item.lock_reason)))
            continue
        before = {name: getattr(item, name) for name in entry.values}
        try:
            entry.changed = content_apply_fields(item=item, fields=entry.values)
        except ValidationError as error:
            for name, value in before.items():
                setattr(item, name, value)
            outcomes.append((entry, error))
            continue
        entry.item = item
        ready.append(entry)
    if not ready:
        return outcomes
    ids = [entry.item.pk for entry in ready]
    # The same conditional claim as content_claim_version, for the batch: a lock taken meanwhile refuses the write.
    claimed = set(model.objects.filter(pk__in=ids, lock_owner__in=["", actor.system_name]).values_list("pk", flat=True).select_for_update(of=("self",)))
    written = [entry for entry in ready if entry.item.pk in claimed]
    outcomes += [(entry, ContentLocked(entry.item.lock_reason)) for entry in ready if entry.item.pk not in claimed]
    if not written:
        return outcomes
    changed_fields = sorted({name for entry in written for name in entry.changed})
    for entry in written:
        item = entry.item
        item.version += 1
        item.updated_at, item.status = now, ContentStatus.PUBLISHED
        item.published_at = item.published_at or now
        item.lock_owner, item.lock_kind, item.lock_source = actor.system_name, LockKind.HARVESTED, source.name
    model.objects.bulk_update(
        [entry.item for entry in written],
        [*changed_fields, "version", "updated_at", "status", "published_at", "lock_owner", "lock_kind", "lock_source"],
    )
    written_ids = [entry.item.pk for entry in written]
    if _has_themes(model):
        through = model.themes.through
        column = f"{model._meta.model_name}_id"
        through.objects.filter(**{f"{column}__in": written_ids}).delete()
        through.objects.bulk_create([through(**{column: entry.item.pk, "term_id": term.pk}) for entry in written for term in entry.terms or []])
    items = [entry.item for entry in written]
    for item in items:
        getattr(item, "_prefetched_objects_cache", {}).clear()
    content_type = ContentType.objects.get_for_model(model)
    last = dict(
        Revision.objects.filter(content_type=content_type, object_id__in=written_ids).values("object_id")
        .annotate(last=models.Max("number")).values_list("object_id", "last")
    )
    _revisions(model=model, items=items, numbers=last)
    audit_record_many(
        actor=actor, action=AuditAction.CONTENT_UPDATED, organization=source.organization,
        entries=[(entry.item, {"type": model._meta.model_name, AUDIT_CHANGED_KEY: sorted(entry.changed), "source": source.name, "published": True})
                 for entry in written],
    )  # fmt: skip
    _provenance_update(written, now=now)
    search_updates.index_objects(model, written_ids)
    return outcomes + [(entry, None) for entry in written]


def records_import(*, source: Source, records: list[HarvestedRecord], actor: Actor | None = None) -> PageOutcome:
    """Import one page of records; call inside a transaction (a run's page, a push).

    New items of a page are created in one batch per type; changed items and
    tombstones go one by one through the content services (each in its own
    savepoint); unchanged ones only have `last_seen` bumped, in one UPDATE.
    Results come back in the records' order.
    """
    actor = actor or source_actor(source)
    now = timezone.now()
    results: list[ItemResult | None] = [None] * len(records)
    last_position = {record.external_id: position for position, record in enumerate(records)}
    existing = {
        known.external_id: known
        for known in HarvestedItem.objects.filter(source=source, external_id__in=list(last_position)).select_related("content_type")
    }
    wanted_slugs = {slug for record in records for slug in record.themes}
    known_terms = {term.slug: term for term in Term.objects.filter(vocabulary=Vocabulary.THEME, is_active=True, slug__in=wanted_slugs)} if wanted_slugs else {}
    unchanged, pending, changes = [], {}, {}
    for position, record in enumerate(records):
        type_name = record.content_type or source.content_type
        if record.error:
            results[position] = ItemResult(record.external_id, "invalid", {record.error_field: [record.error]}, type_name, stage="fetch")
            continue
        # Shown as links on the item's page: whatever a connector let through, only http(s) addresses stay.
        record.url, record.origin = web_url(record.url), web_url(record.origin)
        if not record.external_id or len(record.external_id) > 300:
            results[position] = ItemResult(record.external_id[:300], "invalid", {"id": [_("Every item needs an id of at most 300 characters.")]}, type_name)
            continue
        if last_position[record.external_id] != position:
            results[position] = ItemResult(record.external_id, "invalid", {"id": [_("The same id comes again later in this batch; the later one counts.")]}, type_name)
            continue
        if is_own_origin(record.origin):
            results[position] = ItemResult(record.external_id, "unchanged", type=type_name)
            continue
        digest = record_hash(record, type_name)
        known = existing.get(record.external_id)
        if known is not None and known.content_hash == digest:
            unchanged.append(known.pk)
            results[position] = ItemResult(record.external_id, "unchanged", type=type_name, id=known.object_id)
            continue
        model = content_model(type_name)
        batchable = model is not None and not record.tombstone and (known is None or known.content_type.model_class() is model)
        if batchable:
            try:
                values = _clean_fields(model=model, record=record, source=source)
            except ValidationError as error:
                results[position] = ItemResult(record.external_id, "invalid", _errors_of(error), type_name, stage=RunStage.VALIDATE)
                continue
            terms = _themes(model=model, record=record, source=source, known_terms=known_terms)
            entry = _Pending(position, record, digest, values, terms, known=known)
            (changes if known is not None else pending).setdefault(model, []).append(entry)
            continue
        try:
            with transaction.atomic():
                results[position] = _import_one(
                    record=record, known=known, source=source, actor=actor, digest=digest, type_name=type_name, now=now, known_terms=known_terms
                )
        except _Invalid as invalid:
            results[position] = ItemResult(record.external_id, "invalid", _errors_of(invalid.error), type_name, stage=RunStage.VALIDATE)
        except (ValidationError, DomainError, DatabaseError) as error:
            results[position] = ItemResult(record.external_id, "invalid", _errors_of(error), type_name)
    for model, batch in changes.items():
        for entry, error in _bulk_update(model=model, source=source, actor=actor, changes=batch, now=now):
            type_name = model._meta.model_name
            if entry.item is None and error is None:
                # Deleted here since it was harvested: it is created again.
                pending.setdefault(model, []).append(entry)
                continue
            results[entry.position] = (
                ItemResult(entry.record.external_id, "invalid", _errors_of(error), type_name) if error is not None
                else ItemResult(entry.record.external_id, "updated", type=type_name, id=entry.item.pk)
            )  # fmt: skip
    for model, batch in pending.items():
        for entry, error in _bulk_create(model=model, source=source, actor=actor, pending=batch, now=now):
            type_name = model._meta.model_name
            results[entry.position] = (
                ItemResult(entry.record.external_id, "invalid", _errors_of(error), type_name) if error is not None
                else ItemResult(entry.record.external_id, "created", type=type_name, id=entry.item.pk)
            )  # fmt: skip
    if unchanged:
        HarvestedItem.objects.filter(pk__in=unchanged).update(last_seen=now)
    return PageOutcome(results=[result for result in results if result is not None])


def items_withdraw_missing(*, source: Source, present: set[str], actor: Actor | None = None) -> list[ItemResult]:
    """Withdraw the source's items the portal no longer lists (for connectors that cannot send tombstones)."""
    actor = actor or source_actor(source)
    missing = HarvestedItem.objects.filter(source=source, withdrawn_at__isnull=True).exclude(external_id__in=present)
    records = [HarvestedRecord(external_id=external_id, tombstone=True) for external_id in missing.values_list("external_id", flat=True)]
    return records_import(source=source, records=records, actor=actor).results if records else []
