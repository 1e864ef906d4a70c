"""Fixtures for federation tests: sources, a theme, and a hub feed served by a real HTTP server on 127.0.0.1."""

import json
from dataclasses import dataclass, field

import pytest
from django.utils import translation
from werkzeug import Request, Response

from practices.models import Term, Vocabulary
from sync.services import source_create
from tests.actors import TEST_ACTOR


@pytest.fixture(autouse=True)
def _english():
    # Run messages are written in the language active when the run executes; tests read them in English.
    with translation.override("en"):
        yield


@pytest.fixture
def theme(db) -> Term:
    return Term.objects.get_or_create(vocabulary=Vocabulary.THEME, slug="e-governance", defaults={"name_ka": "ელექტრონული მმართველობა"})[0]


@pytest.fixture
def source_for(db):
    """`source_for(organization, url, connector="hub", **fields)`: a source made through the service."""

    def make(organization, url: str, connector: str = "hub", **fields):
        fields.setdefault("name", f"{connector} portal {url}")
        fields.setdefault("schedule", "manual")
        return source_create(organization=organization, actor=TEST_ACTOR, connector=connector, url=url, **fields)

    return make


def feed_item(number: int, **overrides) -> dict:
    item = {
        "id": f"post-{number}",
        "type": "practice",
        "status": "published",
        "updated": f"2026-01-01T00:00:{number % 60:02d}+00:00",
        "url": f"https://vani.example.ge/posts/{number}",
        "origin": f"https://vani.example.ge/posts/{number}",
        "fields": {"title_ka": f"პრაქტიკა {number}", "short_description_ka": f"აღწერა {number}"},
        "themes": ["e-governance"],
    }
    item.update(overrides)
    return item


@dataclass
class FeedServer:
    """A hub feed: `items` in order, `page_size` per page; the cursor is the index of the next item.

    `failures` answers that many requests with HTTP 500 first; `requests` records each query string.
    """

    server: object
    items: list = field(default_factory=list)
    page_size: int = 2
    failures: int = 0
    body: bytes | None = None
    requests: list = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.server.url_for("/")

    def handle(self, request: Request) -> Response:
        self.requests.append(request.args.get("since", ""))
        if self.failures:
            self.failures -= 1
            return Response("upstream broke", status=500)
        if self.body is not None:
            return Response(self.body, content_type="application/json")
        start = int(request.args.get("since", "0") or 0)
        page = self.items[start : start + self.page_size]
        end = start + len(page)
        return Response(
            json.dumps({"items": page, "next": str(end), "more": end < len(self.items)}, ensure_ascii=False),
            content_type="application/json",
        )


@pytest.fixture
def feed_server(httpserver):
    feed = FeedServer(server=httpserver)
    httpserver.expect_request("/api/v1/feed/").respond_with_handler(feed.handle)
    return feed
