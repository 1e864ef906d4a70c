"""WordPress sites through their public REST API (`/wp-json/wp/v2/`): most Georgian municipal portals.

Gather: the site's categories once, then its published posts (and pages, if the
source asks) page by page (`page`, `X-WP-TotalPages`), ordered by id so the
pages stay put while the walk goes on. Only `status=publish` is ever asked
for, so drafts, private and password-protected posts never arrive.

Incremental: `modified_after` from the site's own clock (its `Date` header when
the previous walk began), so an edit made during a walk is fetched by the next
one; what is fetched again unchanged costs nothing (the import's content hash).

Deletions: WordPress leaves no tombstone, so every run also lists the ids the
site still publishes (`_fields=id`, cheap) and sends a tombstone for each id
the previous run listed and this one does not; a full run withdraws every
harvested item the site no longer lists (`present_ids`).

Mapping (`source.options`):
    "post_types": ["posts"]                     the REST collections to harvest ("posts", "pages")
    "categories": {"good-practice": "practice", "services": "service", "news": null}
                                                category slug → content type; null leaves those posts out;
                                                a post in no mapped category becomes the source's content type
    "themes": {"waste": "environment"}          category slug → theme slug (otherwise the category's own slug)
    "body_field": "detailed_description"        the field the post's body fills (default: the type's description)
    "per_page": 100                             posts per request (WordPress allows at most 100)

The body is sanitized by the library's sanitizer (`practices.markdown.sanitize_html`)
and converted to Markdown, the format of the hub's text fields; the rendered page
sanitizes it again.
"""

import datetime
import email.utils
import html
import re
from urllib.parse import urlencode

import markdownify
import nh3
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.outbound import OutboundResponse, UpstreamStatus, fetch
from practices.markdown import sanitize_html

from ..importer import content_model, importable_fields
from .base import (
    Connector,
    HarvestedRecord,
    HarvestError,
    Page,
    PaginationLoop,
    web_url,
)

PER_PAGE = 100
POST_FIELDS = "id,type,link,modified_gmt,title,content,excerpt,categories"
BODY_FIELDS = ("detailed_description", "description", "body")
EXCERPT_FIELD = "short_description"
# The clocks of WordPress and its database have one-second steps: the next walk starts a little earlier.
CLOCK_MARGIN = datetime.timedelta(seconds=2)
# WordPress ends an excerpt it made itself with " [&hellip;]".
WORDPRESS_ELLIPSIS = re.compile(r"\s*\[…\]$")


def _text(markup: str) -> str:
    return " ".join(html.unescape(nh3.clean(markup or "", tags=set())).split())


def html_to_markdown(markup: str) -> str:
    """The library's Markdown for a portal's HTML: sanitized first, so nothing dangerous is even converted."""
    markdown = markdownify.markdownify(sanitize_html(markup or ""), heading_style="ATX", bullets="-")
    return re.sub(r"\n{3,}", "\n\n", markdown).strip()


def _gmt(value: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(value).replace(tzinfo=datetime.UTC)
    except (TypeError, ValueError):
        return None


def _server_time(response: OutboundResponse) -> datetime.datetime | None:
    try:
        when = email.utils.parsedate_to_datetime(response.headers.get("Date", ""))
    except (TypeError, ValueError):
        return None
    return when.astimezone(datetime.UTC) if when.tzinfo else None


def _stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class WordPressConnector(Connector):
    kind = "wordpress"
    label = gettext_lazy("WordPress site (REST API)")
    lists_all_ids = True

    def __init__(self, source):
        super().__init__(source)
        self.site = re.sub(r"/wp-json(/.*)?$", "", source.url.rstrip("/"))
        # Sites without pretty permalinks have no /wp-json/ path; every WordPress answers ?rest_route= instead.
        self.plain_routes = False
        options = source.options if isinstance(source.options, dict) else {}
        post_types = options.get("post_types", ["posts"])
        self.post_types = [kind for kind in post_types if kind in {"posts", "pages"}] if isinstance(post_types, list) else ["posts"]
        self.category_types = options.get("categories") if isinstance(options.get("categories"), dict) else {}
        self.theme_map = options.get("themes") if isinstance(options.get("themes"), dict) else {}
        self.body_field = str(options.get("body_field") or "")
        self._fields_of: dict[str, tuple[str, str]] = {}
        per_page = options.get("per_page", PER_PAGE)
        self.per_page = min(max(per_page, 1), PER_PAGE) if isinstance(per_page, int) else PER_PAGE
        self._present: set[str] | None = None

    # --- Reading the API ---------------------------------------------------------------------------

    def _url(self, collection: str, params: dict) -> str:
        if self.plain_routes:
            return f"{self.site}/?{urlencode({'rest_route': f'/wp/v2/{collection}', **params})}"
        return f"{self.site}/wp-json/wp/v2/{collection}?{urlencode(params)}"

    def _get(self, collection: str, **params) -> tuple[OutboundResponse, list]:
        def read():
            return fetch(self._url(collection, params), headers={"Accept": "application/json"}, auth=self.source.credentials())

        try:
            response = read()
        except UpstreamStatus as error:
            if error.status != 404 or self.plain_routes:
                raise
            self.plain_routes = True
            response = read()
        entries = response.json()
        if not isinstance(entries, list):
            raise HarvestError(_("The site's %(collection)s listing is not a list: is this a WordPress REST API?") % {"collection": collection}, code="not_wordpress")
        return response, [entry for entry in entries if isinstance(entry, dict) and "id" in entry]

    def _walk(self, collection: str, *, first_page: int = 1, **params):
        """(page number, total pages, response, entries) for each page of a collection, from `first_page`."""
        page, total = first_page, first_page
        while page <= total:
            if page > settings.SYNC_MAX_PAGES:
                raise PaginationLoop(_("The site's %(collection)s listing does not end (more than %(pages)s pages); the run was stopped.") % {"collection": collection, "pages": settings.SYNC_MAX_PAGES})
            response, entries = self._get(collection, per_page=self.per_page, page=page, **params)
            declared = response.headers.get("X-WP-TotalPages", "")
            # Without the header: go on while pages come back full.
            total = int(declared) if declared.isdigit() else (page + 1 if len(entries) == self.per_page else page)
            yield page, total, response, entries
            page += 1

    def _categories(self) -> dict[int, str]:
        slugs = {}
        for _page, _total, _response, entries in self._walk("categories", _fields="id,slug", hide_empty="false"):
            slugs.update({entry["id"]: str(entry.get("slug", "")) for entry in entries})
        return slugs

    def _listed_ids(self) -> set[str]:
        ids = set()
        for collection in self.post_types:
            for _page, _total, _response, entries in self._walk(collection, _fields="id,type", status="publish", orderby="id", order="asc"):
                ids.update(self._external_id(entry) for entry in entries)
        return ids

    @staticmethod
    def _external_id(entry: dict) -> str:
        return f"{entry.get('type') or 'post'}/{entry['id']}"

    # --- Mapping -----------------------------------------------------------------------------------

    def _content_type(self, category_slugs: list[str]) -> str | None:
        """The content type for a post's categories: "" for the source's default, None to leave it out."""
        mapped = [self.category_types[slug] for slug in category_slugs if slug in self.category_types]
        if not mapped:
            return ""
        chosen = [kind for kind in mapped if kind]
        return chosen[0] if chosen else None

    def _fields_for(self, type_name: str) -> tuple[str, str]:
        """(body field, excerpt field or "") of a content type, without the language suffix."""
        if type_name not in self._fields_of:
            self._fields_of[type_name] = self._find_fields(type_name)
        return self._fields_of[type_name]

    def _find_fields(self, type_name: str) -> tuple[str, str]:
        model = content_model(type_name)
        names = set(importable_fields(model)) if model is not None else set()
        language = self.source.language
        body = self.body_field or next((name for name in BODY_FIELDS if f"{name}_{language}" in names), "")
        excerpt = EXCERPT_FIELD if f"{EXCERPT_FIELD}_{language}" in names and body != EXCERPT_FIELD else ""
        return body, excerpt

    def record(self, entry: dict, categories: dict[int, str]) -> HarvestedRecord:
        external_id = self._external_id(entry)
        record = HarvestedRecord(external_id=external_id, url=web_url(entry.get("link")), modified=_gmt(entry.get("modified_gmt", "")), language=self.source.language)
        content = entry.get("content") or {}
        category_slugs = [categories[number] for number in entry.get("categories", []) if number in categories]
        type_name = self._content_type(category_slugs)
        if type_name is None or content.get("protected"):
            # Left out by the mapping, or behind a password: not (or no longer) for the hub.
            record.tombstone = True
            return record
        record.content_type = type_name
        title = _text((entry.get("title") or {}).get("rendered", ""))[:300]
        if not title:
            record.error = _("The post has no title.")
            return record
        language = self.source.language
        body_field, excerpt_field = self._fields_for(type_name or self.source.content_type)
        record.fields = {f"title_{language}": title}
        if body_field:
            record.fields[f"{body_field}_{language}"] = html_to_markdown(content.get("rendered", ""))
        if excerpt_field:
            excerpt = _text((entry.get("excerpt") or {}).get("rendered", ""))
            record.fields[f"{excerpt_field}_{language}"] = WORDPRESS_ELLIPSIS.sub("…", excerpt)
        record.themes = [self.theme_map.get(slug, slug) for slug in category_slugs if slug != "uncategorized"]
        return record

    # --- The connector's contract --------------------------------------------------------------------

    def pages(self, *, cursor: dict, full: bool):
        after = None if full else cursor.get("modified_after")
        previous_ids = None if full else cursor.get("ids")
        resume = {} if full else cursor.get("resume") or {}
        # The site's clock when this walk (or the one it resumes) began: the next walk asks from there.
        started = resume.get("started") or None
        latest = None
        categories = self._categories()
        params = {"_fields": POST_FIELDS, "status": "publish", "orderby": "id", "order": "asc"}
        if after:
            params["modified_after"] = after
        for position, collection in enumerate(self.post_types):
            first_page = 1
            if resume.get("collection") in self.post_types:
                done = self.post_types.index(resume["collection"])
                if position < done:
                    continue
                if position == done:
                    first_page = int(resume.get("page", 1))
                    if first_page > int(resume.get("of", first_page)):
                        continue
            for page, total, response, entries in self._walk(collection, first_page=first_page, **params):
                if started is None:
                    moment = _server_time(response)
                    started = _stamp(moment - CLOCK_MARGIN) if moment else None
                records = [self.record(entry, categories) for entry in entries]
                latest = max([stamp for stamp in [latest, *(r.modified for r in records)] if stamp], default=None)
                # A run killed here resumes with the same query from the next page.
                resume_at = {"collection": collection, "page": page + 1, "of": total, "started": started}
                yield Page(records=records, cursor={"modified_after": after, "ids": previous_ids, "resume": resume_at})
        present = self._listed_ids()
        self._present = present
        gone = sorted(set(previous_ids or []) - present)
        next_after = started or (_stamp(latest) if latest else after)
        yield Page(records=[HarvestedRecord(external_id=external_id, tombstone=True) for external_id in gone], cursor={"modified_after": next_after, "ids": sorted(present)})

    def present_ids(self) -> set[str] | None:
        return self._present if self._present is not None else self._listed_ids()


Connector = WordPressConnector
