"""RSS 2.0 and Atom feeds, read with feedparser after defusedxml has checked the XML.

An item's guid (or link) is its id; title and summary become the source's
content type's title and short description in the source's language, the HTML
reduced to text by the library's sanitizer (nh3). Incremental with ETag and
Last-Modified: an unchanged feed answers 304 and costs nothing. A feed lists
only its latest entries, so absence is not deletion: RSS items are withdrawn
only by removing the source.
"""

import calendar
import datetime

import feedparser
import nh3
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.outbound import fetch, parse_xml

from .base import Connector, HarvestedRecord, HarvestError, Page

ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"


def _text(html: str) -> str:
    return " ".join(nh3.clean(html or "", tags=set()).split())


class FeedConnector(Connector):
    kind = "rss"
    label = gettext_lazy("RSS or Atom feed")

    def pages(self, *, cursor: dict, full: bool):
        response = fetch(
            self.source.url, headers={"Accept": ACCEPT}, auth=self.source.credentials(),
            etag=None if full else cursor.get("etag") or None, modified_since=None if full else cursor.get("modified") or None,
        )
        if response.not_modified:
            return
        # defusedxml first: entity expansion and external entities are refused before feedparser sees the bytes.
        parse_xml(response.body)
        parsed = feedparser.parse(response.body, sanitize_html=True, resolve_relative_uris=False)
        if not parsed.get("version"):
            raise HarvestError(_("The address does not serve an RSS or Atom feed."), code="not_a_feed")
        language = self.source.language
        description = self.source.options.get("description_field", "short_description")
        records = []
        for entry in parsed.entries:
            external_id = entry.get("id") or entry.get("link") or ""
            title = _text(entry.get("title", ""))[:300]
            record = HarvestedRecord(external_id=external_id[:300], url=entry.get("link", "")[:1000], language=language)
            if not external_id:
                record.error = _("The entry has neither a guid nor a link.")
            elif not title:
                record.error = _("The entry has no title.")
            else:
                record.fields = {f"title_{language}": title, f"{description}_{language}": _text(entry.get("summary", ""))}
                record.themes = [tag.get("term", "") for tag in entry.get("tags", []) if tag.get("term")]
            # Asked for by their own keys: feedparser's updated → published fallback is deprecated.
            stamp = dict.get(entry, "updated_parsed") or dict.get(entry, "published_parsed")
            if stamp:
                record.modified = datetime.datetime.fromtimestamp(calendar.timegm(stamp), tz=datetime.UTC)
            records.append(record)
        yield Page(records=records, cursor={"etag": response.headers.get("ETag", ""), "modified": response.headers.get("Last-Modified", "")})


Connector = FeedConnector
