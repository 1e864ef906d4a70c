"""The contract every connector keeps: how the hub reads one kind of portal.

A harvest run has CKAN's three stages. The connector does the first two:
**gather** (walk the portal's listing from a cursor) and **fetch** (turn each
entry into a `HarvestedRecord`, its fields already mapped and sanitized);
`sync.services.run_execute` does the third, **import** (hash, compare, write
through the content services, lock, withdraw). A connector never writes to the
database and never opens a socket itself: every request goes through
`hub.outbound.fetch`, which holds the timeouts, size limits and SSRF guard.

    class MyConnector(Connector):
        kind = "my-portal"
        label = _("My portal")

        def pages(self, *, cursor, full):
            response = fetch(self.source.url, etag=None if full else cursor.get("etag"))
            if response.not_modified:
                return
            yield Page(records=[...], cursor={"etag": response.headers.get("ETag")})

    Connector = MyConnector   # each connector module ends with this line

Errors: a problem with one entry becomes a `HarvestedRecord` with `error`
set (stage "fetch"), never an exception, so one bad entry never sinks the
run; a problem with the listing itself (HTTP error, malformed page, a
pagination loop) raises `HarvestError` (or lets `hub.outbound.OutboundError`
through), which fails the run with that message.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

_WEB_URL = URLValidator(schemes=["http", "https"])


def web_url(value) -> str:
    """`value` if it is an absolute http(s) address, else "": the hub links to it, so never javascript:, data:, …"""
    url = value if isinstance(value, str) else ""
    if not url or len(url) > 1000:
        return ""
    try:
        _WEB_URL(url)
    except ValidationError:
        return ""
    return url


class HarvestError(Exception):
    """The listing itself cannot be read (the run stops); `message` is shown on the run."""

    code = "harvest_failed"

    def __init__(self, message, *, code: str | None = None):
        self.message = message
        if code:
            self.code = code
        super().__init__(str(message))


class PaginationLoop(HarvestError):
    code = "pagination_loop"


@dataclass
class HarvestedRecord:
    """One item as the portal has it, mapped onto the hub's content model.

    external_id: the portal's stable id for the item (unique per source).
    tombstone:   True when the portal says the item was withdrawn or deleted; `fields` may be empty.
    content_type: the hub model's name ("practice", "actionplan", …), or "" for the source's default.
    fields:      model field values (title_ka, short_description_ka, …), already sanitized; never
                 organization, slug, status or lock fields — the import sets those.
    themes:      theme slugs (terms); unknown ones are dropped, the source's default theme is added.
    url:         where the item lives on the portal (shown as its origin).
    modified:    the portal's modification time, if it has one (aware).
    origin:      the first publisher's URL or name when the portal itself harvested the item
                 (symmetric federation: a hub never re-exports someone else's item as its own);
                 "" means the portal is the origin.
    language:    "ka" or "en" when the portal says; the source's language otherwise.
    error:       why the entry could not be read (the import records it as an invalid item).
    error_field: the field `error` is about ("item" for the entry as a whole).
    """

    external_id: str
    tombstone: bool = False
    content_type: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    themes: list[str] = field(default_factory=list)
    url: str = ""
    modified: datetime.datetime | None = None
    origin: str = ""
    language: str = ""
    error: str = ""
    error_field: str = "item"


@dataclass
class Page:
    """One page of the listing and the cursor to resume after it.

    The run stores `cursor` once the page is imported, so a run killed midway
    resumes after the last page it finished. `cursor` is JSON (a dict).
    """

    records: list[HarvestedRecord]
    cursor: dict = field(default_factory=dict)


class Connector:
    """Base class: subclasses set `kind` and `label` and implement `pages`.

    `source` is the `sync.models.Source` being harvested: `source.url`,
    `source.options` (the connector's own settings, e.g. a category mapping),
    `source.credentials()` (a (user, secret) pair or None) and
    `source.default_content_type`.
    """

    kind: ClassVar[str] = ""
    label: ClassVar[str] = ""
    # Whether `present_ids` can list every id the portal still has (deletions show as absence).
    lists_all_ids: ClassVar[bool] = False

    def __init__(self, source):
        self.source = source

    def pages(self, *, cursor: dict, full: bool) -> Iterator[Page]:
        """Yield the listing's pages from `cursor` (everything when `full` or the cursor is empty)."""
        raise NotImplementedError

    def present_ids(self) -> set[str] | None:
        """Every external id the portal still publishes, or None if the portal cannot say.

        After a full run the import withdraws harvested items whose id is not in
        the set: for portals that delete without leaving a tombstone.
        """
        return None

    @classmethod
    def describe(cls) -> str:
        return str(cls.label or cls.kind)


__all__ = ["Connector", "HarvestError", "HarvestedRecord", "Page", "PaginationLoop", "web_url"]
