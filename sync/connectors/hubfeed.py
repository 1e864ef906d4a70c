"""Another hub (or a portal implementing the hub feed): `GET <base>/api/v1/feed/?since=<cursor>`.

The feed is documented in docs/federation.md. Pages are walked until the feed
says `more: false`; the cursor after each page is kept, so the next run asks
only for what changed since. Items keep the origin the other hub gives them,
so an item that hub harvested from a third portal is never taken for its own.
"""

from urllib.parse import urlencode

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.outbound import fetch

from .base import Connector, HarvestedRecord, HarvestError, Page

FEED_PATH = "/api/v1/feed/"


def feed_url(address: str) -> str:
    address = address.split("?", 1)[0]
    return address if address.rstrip("/").endswith(FEED_PATH.rstrip("/")) else f"{address.rstrip('/')}{FEED_PATH}"


def _record(entry) -> HarvestedRecord:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry["id"]:
        return HarvestedRecord(external_id=str(entry.get("id", ""))[:300] if isinstance(entry, dict) else "", error=_("The entry has no id."))
    status = entry.get("status", "published")
    record = HarvestedRecord(
        external_id=entry["id"], content_type=str(entry.get("type", "")), tombstone=status in ("withdrawn", "deleted"),
        url=str(entry.get("url", ""))[:1000],
    )
    origin = str(entry.get("origin", ""))
    record.origin = "" if origin == record.url else origin[:1000]
    modified = parse_datetime(str(entry.get("updated", "")))
    record.modified = modified if modified is not None and modified.tzinfo is not None else None
    if record.tombstone:
        return record
    fields, themes = entry.get("fields"), entry.get("themes", [])
    if not isinstance(fields, dict) or not isinstance(themes, list) or not all(isinstance(slug, str) for slug in themes):
        record.error = _("The entry's fields must be an object and its themes a list of slugs.")
        return record
    record.fields, record.themes = fields, themes
    return record


class HubFeedConnector(Connector):
    kind = "hub"
    label = gettext_lazy("Another hub (hub feed)")

    def pages(self, *, cursor: dict, full: bool):
        since = None if full else cursor.get("since")
        base = feed_url(self.source.url)
        while True:
            response = fetch(f"{base}?{urlencode({'since': since})}" if since else base, auth=self.source.credentials())
            data = response.json()
            if not isinstance(data, dict) or not isinstance(data.get("items"), list):
                raise HarvestError(_("The answer is not a hub feed (an object with an “items” list)."), code="not_a_feed")
            since = data.get("next") or since
            yield Page(records=[_record(entry) for entry in data["items"]], cursor={"since": since} if since else {})
            if not data.get("more"):
                return


Connector = HubFeedConnector
