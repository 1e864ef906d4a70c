"""RSS 2.0 and Atom through feedparser, XML checked by defusedxml; ETag and Last-Modified make unchanged feeds free."""

import pytest
from werkzeug import Response

from practices.models import ContentStatus, Practice
from sync.models import RunStatus
from sync.services import run_execute, run_request
from tests.actors import TEST_ACTOR

pytestmark = pytest.mark.django_db

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>ვანის მერია</title><link>https://vani.example.ge/</link><description>სიახლეები</description>
<item><guid>https://vani.example.ge/?p=1</guid><title>ელექტრონული პეტიციები</title><link>https://vani.example.ge/petitions</link>
<description>&lt;p&gt;მოქალაქეებს შეუძლიათ &lt;b&gt;პეტიციის&lt;/b&gt; წარდგენა.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</description>
<pubDate>Mon, 05 Jan 2026 10:00:00 +0000</pubDate></item>
<item><guid>https://vani.example.ge/?p=2</guid><title>ცხელი ხაზი</title><link>https://vani.example.ge/hotline</link><description>24/7</description></item>
<item><guid>https://vani.example.ge/?p=3</guid><title></title><description>no title</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Kutaisi</title><id>urn:kutaisi</id><updated>2026-01-01T00:00:00Z</updated>
<entry><id>urn:kutaisi:open-data</id><title>Open data strategy</title><link href="https://kutaisi.example.ge/open-data"/>
<updated>2026-01-01T00:00:00Z</updated><summary>Publishing on data.gov.ge</summary></entry></feed>"""

BOMB = """<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><rss version="2.0"><channel><item><title>&lol3;</title></item></channel></rss>"""


def harvest(source, **kwargs):
    return run_execute(run_id=run_request(source=source, actor=TEST_ACTOR, enqueue=False, **kwargs).pk)


def test_rss_items_become_sanitized_practices_and_an_unchanged_feed_answers_304(organization, source_for, httpserver):
    seen_etags = []

    def handler(request):
        seen_etags.append(request.headers.get("If-None-Match"))
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(RSS, content_type="application/rss+xml", headers={"ETag": '"v1"'})

    httpserver.expect_request("/feed").respond_with_handler(handler)
    source = source_for(organization, httpserver.url_for("/feed"), connector="rss")

    run = harvest(source)

    assert (run.status, run.created, run.invalid) == (RunStatus.PARTIALLY_FAILED, 2, 1)
    petition = Practice.objects.get(title_ka="ელექტრონული პეტიციები")
    assert petition.short_description_ka == "მოქალაქეებს შეუძლიათ პეტიციის წარდგენა."
    assert "script" not in petition.short_description_ka and petition.status == ContentStatus.PUBLISHED
    assert run.errors.get().message == "item: The entry has no title."

    again = harvest(source)
    assert seen_etags == [None, '"v1"']
    assert (again.status, again.fetched, again.pages) == (RunStatus.SUCCEEDED, 0, 0)


def test_atom_in_english_fills_the_required_georgian_title(organization, source_for, httpserver):
    httpserver.expect_request("/atom").respond_with_data(ATOM, content_type="application/atom+xml")
    source = source_for(organization, httpserver.url_for("/atom"), connector="rss", language="en")
    run = harvest(source)
    assert run.created == 1
    practice = Practice.objects.get(organization=organization)
    assert (practice.title_en, practice.title_ka, practice.short_description_en) == ("Open data strategy", "Open data strategy", "Publishing on data.gov.ge")


@pytest.mark.parametrize("body", [BOMB, "<rss><channel><item>unclosed", "plain text, not XML"])
def test_hostile_or_invalid_xml_fails_the_run_and_changes_nothing(organization, source_for, httpserver, body):
    httpserver.expect_request("/feed").respond_with_data(body, content_type="application/rss+xml")
    run = harvest(source_for(organization, httpserver.url_for("/feed"), connector="rss"))
    assert run.status == RunStatus.FAILED and run.message
    assert not Practice.objects.exists()
