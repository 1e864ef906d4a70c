"""Federation reads: the hub's public feed, sources and runs as an actor may see them, provenance.

The feed (`feed_page`) lists every published item of every content type, and
a tombstone for each item withdrawn (archived after publication) or deleted,
in one stable order: (updated time, type, id). Its cursor is that triple,
opaque to clients; a page costs a bounded number of queries whatever its size
(one per content type, its themes and its provenance, plus one for deletions).
Tombstones need nothing in `practices`: archived rows are still in their
tables, and deletions are in the audit log (`content.deleted`).
"""

import base64
import binascii
import datetime
import json
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from municipalities.actors import Actor
from municipalities.audit import AuditAction
from municipalities.models import AuditEntry, Membership
from practices.models import Content, ContentStatus, Term, content_models

from .importer import importable_fields
from .models import HarvestedItem, Run, Source


class InvalidCursor(ValueError):
    pass


@dataclass(frozen=True, order=True)
class FeedKey:
    updated: datetime.datetime
    type: str
    id: int

    def encode(self) -> str:
        raw = json.dumps([self.updated.isoformat(), self.type, self.id]).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, cursor: str) -> "FeedKey":
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            updated, type_name, pk = json.loads(raw)
            moment = parse_datetime(updated)
            if moment is None or moment.tzinfo is None or not isinstance(type_name, str) or not isinstance(pk, int):
                raise ValueError
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as error:
            raise InvalidCursor(_("This is not a cursor the feed gave out.")) from error
        return cls(moment, type_name, pk)


@dataclass
class FeedPage:
    items: list[dict]
    next: str
    more: bool


def _after(key: FeedKey | None, type_name: str, field: str = "updated_at") -> Q:
    if key is None:
        return Q()
    if type_name > key.type:
        return Q(**{f"{field}__gte": key.updated})
    if type_name < key.type:
        return Q(**{f"{field}__gt": key.updated})
    return Q(**{f"{field}__gt": key.updated}) | Q(**{field: key.updated, "pk__gt": key.id})


def _json_value(value):
    """Field values as JSON has them (what DjangoJSONEncoder would write), converted once, not encoded twice."""
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _site(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _entries_for(model: type[Content], key: FeedKey | None, limit: int) -> list[tuple[FeedKey, dict]]:
    type_name = model._meta.model_name
    visible = Q(status=ContentStatus.PUBLISHED) | Q(status=ContentStatus.ARCHIVED, published_at__isnull=False)
    rows = model.objects.filter(visible).filter(_after(key, type_name)).select_related("organization").order_by("updated_at", "pk")
    has_themes = any(f.name == "themes" for f in model._meta.many_to_many)
    if has_themes:
        rows = rows.prefetch_related(Prefetch("themes", queryset=Term.objects.only("pk", "slug")))
    rows = list(rows[:limit])
    if not rows:
        return []
    provenance = {
        h.object_id: h for h in HarvestedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=[row.pk for row in rows]
        ).only("object_id", "url", "origin")
    }  # fmt: skip
    names = list(importable_fields(model))
    entries = []
    for row in rows:
        # One address per item whoever asks: the default language's, which has no language prefix.
        with translation.override(settings.LANGUAGE_CODE):
            url = _site(row.get_absolute_url())
        harvested = provenance.get(row.pk)
        entry = {
            "id": f"{type_name}:{row.pk}",
            "type": type_name,
            "status": "published" if row.status == ContentStatus.PUBLISHED else "withdrawn",
            "updated": row.updated_at.isoformat(),
            "url": url,
            "origin": harvested.origin_url if harvested is not None else url,
            "organization": {"slug": row.organization.slug, "name_ka": row.organization.name_ka, "name_en": row.organization.name_en},
        }
        if row.status == ContentStatus.PUBLISHED:
            entry["fields"] = {name: _json_value(getattr(row, name)) for name in names}
            entry["themes"] = sorted(term.slug for term in row.themes.all()) if has_themes else []
        entries.append((FeedKey(row.updated_at, type_name, row.pk), entry))
    return entries


def _deletions(key: FeedKey | None, limit: int, types: set[str]) -> list[tuple[FeedKey, dict]]:
    ever_published = AuditEntry.objects.filter(
        Q(action=AuditAction.CONTENT_PUBLISHED) | Q(action=AuditAction.CONTENT_CREATED, data__published=True),
        target_type=OuterRef("target_type"), target_id=OuterRef("target_id"),
    )
    # Only items that were public once: a deleted draft was never anyone else's business. Entries written before
    # deletions said so ("published") are judged by the item's history.
    rows = AuditEntry.objects.filter(
        Q(data__published=True) | (~Q(data__has_key="published") & Exists(ever_published)), action=AuditAction.CONTENT_DELETED
    ).order_by("created_at", "pk")
    if key is not None:
        rows = rows.filter(created_at__gte=key.updated)
    entries = []
    for entry in rows.only("created_at", "target_id", "data")[: limit * 2 + 10]:
        type_name = (entry.data or {}).get("type", "")
        if type_name not in types or not entry.target_id.isdigit():
            continue
        feed_key = FeedKey(entry.created_at, type_name, int(entry.target_id))
        if key is not None and feed_key <= key:
            continue
        entries.append((feed_key, {
            "id": f"{type_name}:{entry.target_id}", "type": type_name, "status": "deleted", "updated": entry.created_at.isoformat(),
        }))  # fmt: skip
    return entries


def feed_page(*, since: str | None, limit: int | None = None) -> FeedPage:
    """The page of the feed after cursor `since` (from the start without one); raises InvalidCursor."""
    limit = limit or settings.SYNC_FEED_PAGE_SIZE
    key = FeedKey.decode(since) if since else None
    models = content_models()
    candidates = []
    for model in models:
        candidates.extend(_entries_for(model, key, limit + 1))
    candidates.extend(_deletions(key, limit + 1, {model._meta.model_name for model in models}))
    candidates.sort(key=lambda pair: pair[0])
    page = candidates[:limit]
    more = len(candidates) > limit
    last = page[-1][0] if page else key
    items = [entry for _key, entry in page]
    return FeedPage(items=items, next=last.encode() if last else (since or ""), more=more)


# --- sources and runs ---------------------------------------------------------------------

def source_visible(*, actor: Actor) -> QuerySet[Source]:
    """Sources the actor manages: its organizations' (as admin), every one for NALA admins."""
    sources = Source.objects.select_related("organization", "default_theme")
    if actor.is_anonymous:
        return sources.none()
    if actor.user is not None and actor.is_nala_admin():
        return sources
    if actor.user is None:
        # API keys and system actors never manage sources.
        return sources.none()
    admin_of = Membership.objects.filter(user=actor.user, role=Membership.Role.ADMIN).values("organization")
    return sources.filter(organization__in=admin_of)


def run_list(*, source: Source) -> QuerySet[Run]:
    return source.runs.select_related("requested_by").order_by("-created_at", "-id")


def item_provenance(*, item: Content) -> HarvestedItem | None:
    return (
        HarvestedItem.objects.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)
        .select_related("source").first()
    )
