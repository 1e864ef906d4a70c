"""Cached API reads that are never stale: a new or edited item shows in the very next response.

Every cached answer is stored under the current *generation*, a random token
in the shared cache. Any write to the hub's data replaces the token, so every
answer cached before it is simply never looked up again (and expires):

- a save or delete of any model of the hub's apps (services, the admin, the
  shell) replaces it at once and again when the transaction commits, so an
  answer read from the uncommitted state by a concurrent request cannot
  survive under the new token;
- the search index replaces it after every document it writes
  (`search.index`), because with a broker the index changes after the commit.

Writes that bypass signals (`QuerySet.update`, `bulk_create`) happen inside
services, which also write their audit entry (a save) in the same transaction.

Only reads whose answer does not depend on who asks beyond what the key holds
are cached: anonymous callers, and API keys by organization and scope. A
signed-in person's reads are never cached. A token that falls out of the cache
is replaced by a new random one, never by an old value, so eviction cannot
bring stale answers back.

An entry holds the generation it was computed under and is read in the same
round trip as the current generation (`cached`): one cache read per lookup,
and an entry from an older generation is a miss. Other per-request lookups
that must never be stale (an API key's validity: municipalities/authentication.py)
use the same entries and the same rule.

The cache must be shared by every worker (Redis, `CACHE_URL`) for this to
hold across processes: `API_RESPONSE_CACHE` is on by default only then.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

GENERATION_KEY = "hub:api-cache:generation"
# Long enough for a page to be read many times, short enough that nothing cached outlives a day of edits.
RESPONSE_TTL = 60 * 60
# Every app of the hub's own (an answer can show any of their rows: a study tour lists its next dates);
# tests/hub/test_api_cache_watch.py checks that none is missing.
WATCHED_APPS = ("municipalities", "practices", "search", "tours", "following", "competitions", "sync")
NOT_WATCHED = {"auditentry"}  # written with every service's change, which saves its own rows too


def enabled() -> bool:
    return settings.API_RESPONSE_CACHE


def _new_generation() -> str:
    cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    return cache.get(GENERATION_KEY)


class Entry:
    """One cached value of one request: `value` (None on a miss) and the generation to `store` it under."""

    def __init__(self, key: str, generation: str, value):
        self.key, self.generation, self.value = key, generation, value

    def store(self, value, *, timeout: int) -> None:
        # Stored under the generation read *before* the value was computed: a write in between makes it a miss.
        cache.set(self.key, (self.generation, value), timeout=timeout)


def cached(request, key: str) -> Entry:
    """The entry under `key` if it was stored under the current generation, read with the generation in one round trip.

    The generation is read once per request and kept on it, so a second lookup
    in the same request costs one read.
    """
    token = getattr(request, "_hub_cache_generation", None)
    if token is None:
        found = cache.get_many([GENERATION_KEY, key])
        token = found.get(GENERATION_KEY) or _new_generation()
        request._hub_cache_generation = token
        stored = found.get(key)
    else:
        stored = cache.get(key)
    value = stored[1] if isinstance(stored, tuple) and stored[0] == token else None
    return Entry(key, token, value)


def invalidate() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def invalidate_now_and_on_commit() -> None:
    invalidate()
    transaction.on_commit(invalidate)


def _on_write(sender, **kwargs) -> None:
    if enabled() and sender._meta.app_label in WATCHED_APPS and sender._meta.model_name not in NOT_WATCHED:
        invalidate_now_and_on_commit()


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"hub-api-cache-{signal!r}")


def audience(request) -> str | None:
    """Who the answer is for, as far as it can differ: None when it must not be cached."""
    if getattr(request.user, "is_authenticated", False):
        return None
    # An organization's API key (the shared base knows it by its attributes, not its model).
    key = request.auth
    if getattr(key, "organization_id", None) is not None and getattr(key, "scope", None):
        return f"key:{key.organization_id}:{key.scope}"
    return "anonymous"


def cached_data(request, compute, *, per_audience: bool = True) -> Response:
    """The response `compute()` makes, or the one it made for the same request under the current generation.

    JSON answers are kept as the bytes sent, so a hit is not rendered again
    (the JSON renderer's output depends only on the data and the media type,
    which is in the key); other renderers (the browsable API shows who asks)
    keep the data and render it for each request.
    """
    who = audience(request) if per_audience else "everyone"
    if not enabled() or request.method != "GET" or who is None:
        return compute()
    renderer = getattr(request, "accepted_renderer", None)
    parts = [
        who, request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else "",
        request.scheme, request.get_host(), str(getattr(request, "accepted_media_type", "")), request.get_full_path(),
    ]
    entry = cached(request, "hub:api-cache:response:" + hashlib.sha256("\n".join(parts).encode()).hexdigest())
    if entry.value is not None:
        return _from_cache(entry.value)
    response = compute()
    if response.status_code != 200 or response.has_header("ETag"):
        return response
    if type(renderer) is JSONRenderer:
        response.add_post_render_callback(
            lambda rendered: entry.store(("json", rendered["Content-Type"], rendered.content), timeout=RESPONSE_TTL)
        )
    else:
        entry.store(("data", response.data), timeout=RESPONSE_TTL)
    return response


def _from_cache(value) -> Response:
    if value[0] == "json":
        _kind, content_type, content = value
        response = Response()
        response.content = content  # marks the response rendered
        response["Content-Type"] = content_type
        return response
    return Response(value[1])
