"""The WordPress connector against a real WordPress on 127.0.0.1 (tests/sync/wordpress.py), through real runs."""

import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from werkzeug import Response

from practices.markdown import render_markdown
from practices.models import ContentStatus, LockKind, Practice
from sync.connectors import get_connector
from sync.connectors.wordpress import html_to_markdown
from sync.models import HarvestedItem, RunStatus, Source
from sync.services import run_execute, run_request
from tests.actors import TEST_ACTOR
from tests.contentapp.models import Note

from .wordpress import wordpress, wordpress_site  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def harvest(source, *, full: bool = False):
    run = run_request(source=source, actor=TEST_ACTOR, full=full, enqueue=False)
    return run_execute(run_id=run.pk)


@pytest.fixture
def wordpress_source(organization, source_for, wordpress):  # noqa: F811 - the fixture above
    def make(**options):
        return source_for(organization, wordpress.url, connector="wordpress", name="ქუთაისის მერია", options=options)

    return make


def test_the_first_harvest_brings_the_published_posts_in_georgian(organization, wordpress, wordpress_source):  # noqa: F811
    source = wordpress_source()

    run = harvest(source)

    assert (run.status, run.created, run.invalid) == (RunStatus.SUCCEEDED, 3, 0), run.message
    titles = set(Practice.objects.filter(organization=organization).values_list("title_ka", flat=True))
    assert titles == {
        "ნარჩენების დახარისხება ქუთაისის სკოლებში",
        "მონაწილეობითი ბიუჯეტი: მოქალაქეები ირჩევენ",
        "ელექტრონული სერვისების ცენტრი",
    }
    ids = wordpress.ids
    assert set(HarvestedItem.objects.filter(source=source).values_list("external_id", flat=True)) == {
        f"post/{ids['waste']}", f"post/{ids['budget']}", f"post/{ids['hostile']}"
    }
    waste = Practice.objects.get(title_ka="ნარჩენების დახარისხება ქუთაისის სკოლებში")
    assert waste.status == ContentStatus.PUBLISHED
    assert (waste.lock_kind, waste.lock_source) == (LockKind.HARVESTED, source.name)
    assert waste.short_description_ka == "სკოლებში ნარჩენების დახარისხების პილოტური პროექტი."
    assert waste.detailed_description_ka == (
        "ქუთაისის მერიამ **12 სკოლაში** დანერგა ნარჩენების დახარისხება.\n\n"
        "## შედეგები\n\n"
        "- ქაღალდის გადამუშავება 40%-ით გაიზარდა\n"
        "- მოსწავლეები ჩაერთნენ\n\n"
        "დაწვრილებით: [მერიის გვერდი](https://kutaisi.gov.ge/ka/waste)."
    )
    provenance = HarvestedItem.objects.get(source=source, external_id=f"post/{ids['waste']}")
    assert provenance.url.startswith(wordpress.url)


def test_drafts_private_and_password_protected_posts_and_pages_never_arrive(organization, wordpress, wordpress_source):  # noqa: F811
    harvest(wordpress_source())

    titles = set(Practice.objects.filter(organization=organization).values_list("title_ka", flat=True))
    assert "დრაფტი: ჯერ არ გამოქვეყნებულა" not in titles
    assert "პირადი ჩანაწერი" not in titles
    assert "პაროლით დაცული ოქმი" not in titles
    assert "მერიის შესახებ" not in titles
    stored = " ".join(Practice.objects.values_list("detailed_description_ka", flat=True))
    for secret in ("საიდუმლო მონახაზი", "მხოლოდ რედაქტორებისთვის", "სხდომის დახურული ოქმი"):
        assert secret not in stored


def test_pages_arrive_when_the_source_asks_for_them(organization, wordpress, wordpress_source):  # noqa: F811
    run = harvest(wordpress_source(post_types=["posts", "pages"]))

    assert run.created == 4
    about = Practice.objects.get(title_ka="მერიის შესახებ")
    assert about.detailed_description_ka == "ქუთაისის მუნიციპალიტეტის მერია."
    assert HarvestedItem.objects.filter(external_id=f"page/{wordpress.ids['page']}").exists()


def test_the_listing_is_read_page_by_page(organization, wordpress, wordpress_source):  # noqa: F811
    run = harvest(wordpress_source(per_page=1))

    # Four pages of one post (the password-protected one is listed, and left out), then the page that closes
    # the walk (the id listing's tombstones).
    assert (run.status, run.pages, run.created) == (RunStatus.SUCCEEDED, 5, 3), run.message


def test_a_walk_cut_short_resumes_after_its_last_page(organization, wordpress, wordpress_source):  # noqa: F811
    source = wordpress_source(per_page=1)
    first_walk = get_connector(source).pages(cursor={}, full=False)
    first = next(first_walk)
    first_walk.close()  # the worker died here

    rest = list(get_connector(source).pages(cursor=first.cursor, full=False))

    seen = [record.external_id for page in [first, *rest] for record in page.records]
    ids = wordpress.ids
    assert seen == [f"post/{ids[name]}" for name in ("waste", "budget", "hostile", "protected")]
    assert first.cursor["resume"]["page"] == 2
    assert set(rest[-1].cursor) == {"modified_after", "ids"}
    assert rest[-1].cursor["ids"] == sorted(seen)


def test_the_script_payload_is_sanitized(wordpress, wordpress_source):  # noqa: F811
    harvest(wordpress_source())

    centre = Practice.objects.get(title_ka="ელექტრონული სერვისების ცენტრი")
    stored = centre.detailed_description_ka
    assert stored == "ცენტრი ყოველდღე მუშაობს.\n\nდაგვიკავშირდით\n\nბმული"
    page = render_markdown(stored)
    for hostile in ("<script", "alert", "onerror", "onclick", "javascript:", "<iframe", "<style", "display:none", "<img"):
        assert hostile not in stored and hostile not in page
    assert "დაგვიკავშირდით" in page


def test_the_category_mapping_chooses_the_content_type(organization, wordpress, wordpress_source):  # noqa: F811
    source = wordpress_source(categories={"good-practice": "practice", "services": "note", "news": None})

    run = harvest(source)

    assert (run.status, run.created) == (RunStatus.SUCCEEDED, 2), list(run.errors.values_list("message", flat=True))
    assert list(Practice.objects.filter(organization=organization).values_list("title_ka", flat=True)) == [
        "ნარჩენების დახარისხება ქუთაისის სკოლებში"
    ]
    # A content type of another app (tests/contentapp), its body field found by name.
    note = Note.objects.get(organization=organization)
    assert note.title_ka == "ელექტრონული სერვისების ცენტრი"
    assert note.body_ka.startswith("ცენტრი ყოველდღე მუშაობს.")
    assert not HarvestedItem.objects.filter(external_id=f"post/{wordpress.ids['budget']}").exists()


def test_an_edit_is_picked_up_incrementally(organization, wordpress, wordpress_source):  # noqa: F811
    source = wordpress_source()
    harvest(source)
    budget = Practice.objects.get(title_ka="მონაწილეობითი ბიუჯეტი: მოქალაქეები ირჩევენ")
    untouched = Practice.objects.get(title_ka="ნარჩენების დახარისხება ქუთაისის სკოლებში")
    untouched_version = untouched.version

    wordpress.edit(wordpress.ids["budget"], "მონაწილეობითი ბიუჯეტი 2027", "<p>მოქალაქეებმა <em>შვიდი</em> პროექტი აირჩიეს.</p>")
    run = harvest(source)

    assert (run.status, run.fetched, run.updated, run.created, run.withdrawn) == (RunStatus.SUCCEEDED, 1, 1, 0, 0), run.message
    budget.refresh_from_db()
    assert budget.title_ka == "მონაწილეობითი ბიუჯეტი 2027"
    assert budget.detailed_description_ka == "მოქალაქეებმა *შვიდი* პროექტი აირჩიეს."
    assert budget.status == ContentStatus.PUBLISHED
    untouched.refresh_from_db()
    assert untouched.version == untouched_version

    again = harvest(source)
    assert (again.status, again.updated, again.created) == (RunStatus.SUCCEEDED, 0, 0)


@pytest.mark.parametrize("trash", [False, True], ids=["deleted", "trashed"])
def test_a_deleted_post_is_withdrawn_by_the_next_run(organization, wordpress, wordpress_source, trash):  # noqa: F811
    source = wordpress_source()
    harvest(source)

    wordpress.delete(wordpress.ids["budget"], trash=trash)
    run = harvest(source)

    assert (run.status, run.withdrawn, run.updated) == (RunStatus.SUCCEEDED, 1, 0), run.message
    budget = Practice.objects.get(title_ka="მონაწილეობითი ბიუჯეტი: მოქალაქეები ირჩევენ")
    assert budget.status == ContentStatus.ARCHIVED
    provenance = HarvestedItem.objects.get(source=source, external_id=f"post/{wordpress.ids['budget']}")
    assert provenance.withdrawn_at is not None
    assert Practice.objects.filter(organization=organization, status=ContentStatus.PUBLISHED).count() == 2


def test_a_full_run_withdraws_what_the_site_no_longer_lists(organization, wordpress, wordpress_source):  # noqa: F811
    source = wordpress_source()
    harvest(source)

    wordpress.delete(wordpress.ids["hostile"])
    run = harvest(source, full=True)

    # Unchanged: the two posts still there and the password-protected one, left out again.
    assert (run.status, run.withdrawn, run.unchanged) == (RunStatus.SUCCEEDED, 1, 3), run.message
    assert Practice.objects.get(title_ka="ელექტრონული სერვისების ცენტრი").status == ContentStatus.ARCHIVED


def test_a_site_that_is_not_wordpress_fails_the_run_with_a_clear_message(organization, source_for, httpserver):
    httpserver.expect_request("/wp-json/wp/v2/categories").respond_with_json({"code": "rest_no_route"})
    source = source_for(organization, httpserver.url_for("/"), connector="wordpress")

    # tests/sync/conftest.py reads runs in English; here the hub's own language, as a scheduled run has it.
    with translation.override(settings.LANGUAGE_CODE):
        run = harvest(source)

    assert run.status == RunStatus.FAILED
    # Runs speak the hub's language (Georgian) when no one is asking in another.
    assert run.message == "საიტის categories ჩამონათვალი სია არ არის: ეს ნამდვილად WordPress-ის REST API-ა?"


def test_html_becomes_the_librarys_markdown():
    assert html_to_markdown("<h3>სათაური</h3><p>ერთი <b>ორი</b></p><ol><li>პირველი</li></ol>") == (
        "### სათაური\n\nერთი **ორი**\n\n1. პირველი"
    )
    assert html_to_markdown('<p>a_b *c*</p><img src="x"><table><tr><td>1</td></tr></table>').startswith("a\\_b \\*c\\*")


def test_the_harvest_command_runs_a_wordpress_source(wordpress, wordpress_source):  # noqa: F811
    source = wordpress_source()
    out = io.StringIO()

    call_command("harvest", str(source.pk), stdout=out)

    assert "succeeded — fetched 4, created 3, updated 0, unchanged 1, withdrawn 0, invalid 0" in out.getvalue()
    call_command("harvest", str(source.pk), "--full", stdout=out)
    assert "succeeded — fetched 4, created 0, updated 0, unchanged 4, withdrawn 0, invalid 0" in out.getvalue()


def test_a_site_without_pretty_permalinks_is_read_through_rest_route(organization, source_for, httpserver):
    """Plain permalinks: /wp-json/ is a 404 and the same API answers at /?rest_route=. Also: a link that is not http(s)."""
    post = {
        "id": 7, "type": "post", "link": "javascript:alert(1)", "modified_gmt": "2026-11-20T08:00:00",
        "title": {"rendered": "ზესტაფონის ბიბლიოთეკა &#8211; ახალი სივრცე"},
        "content": {"rendered": "<p>ბიბლიოთეკა განახლდა.</p>", "protected": False},
        "excerpt": {"rendered": "<p>ბიბლიოთეკა განახლდა [&hellip;]</p>"}, "categories": [],
    }  # fmt: skip

    def rest_route(request):
        route = request.args.get("rest_route", "")
        entries = {"/wp/v2/categories": [], "/wp/v2/posts": [post]}.get(route)
        if entries is None:
            return Response('{"code": "rest_no_route"}', status=404, content_type="application/json")
        return Response(json.dumps(entries), headers={"X-WP-TotalPages": "1"}, content_type="application/json")

    httpserver.expect_request("/wp-json/wp/v2/categories").respond_with_data("Not Found", status=404)
    httpserver.expect_request("/").respond_with_handler(rest_route)
    source = source_for(organization, httpserver.url_for("/"), connector="wordpress")

    run = harvest(source)

    assert (run.status, run.created) == (RunStatus.SUCCEEDED, 1), run.message
    library = Practice.objects.get(organization=organization)
    assert library.title_ka == "ზესტაფონის ბიბლიოთეკა – ახალი სივრცე"
    assert library.short_description_ka == "ბიბლიოთეკა განახლდა…"
    assert HarvestedItem.objects.get(source=source, external_id="post/7").url == ""
    routes = [request.args.get("rest_route") for request, _response in httpserver.log if request.path == "/"]
    assert routes == ["/wp/v2/categories", "/wp/v2/posts", "/wp/v2/posts"]


def test_options_of_the_wrong_shape_fall_back_to_the_defaults():
    source = Source(url="https://kutaisi.gov.ge/wp-json/", connector="wordpress", options={"categories": ["news"], "post_types": "pages", "per_page": "9"})

    connector = get_connector(source)

    assert (connector.site, connector.post_types, connector.category_types, connector.per_page) == ("https://kutaisi.gov.ge", ["posts"], {}, 100)
