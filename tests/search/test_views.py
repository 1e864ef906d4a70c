import pytest
from django.utils.translation import ngettext, override

from search.backends import get_search_backend

from .corpus import CORPUS


@pytest.fixture
def indexed(db):
    get_search_backend().index(CORPUS)


def test_empty_page_shows_only_the_search_box(client, db):
    response = client.get("/search/")

    assert response.status_code == 200
    assert b'role="search"' in response.content
    assert "results" not in response.context


def test_results_with_highlighted_snippets_facets_and_sort_links(client, indexed, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get("/search/", {"q": "ელექტრონული პეტიციები"})

    content = response.content.decode()
    assert response.context["results"].total == 2
    assert '<a href="/practices/vani-plan/">ვანის ელექტრონული სერვისების სამოქმედო გეგმა</a>' in content
    assert "<mark>ელექტრონული</mark> <mark>პეტიციები</mark>" in content
    organization_facet = next(group for group in response.context["facet_groups"] if group["name"] == "organization")
    assert organization_facet["options"] == [
        {"label": "ახმეტა", "count": 1, "selected": False, "url": "?q=%E1%83%94%E1%83%9A%E1%83%94%E1%83%A5%E1%83%A2%E1%83%A0%E1%83%9D%E1%83%9C%E1%83%A3%E1%83%9A%E1%83%98+%E1%83%9E%E1%83%94%E1%83%A2%E1%83%98%E1%83%AA%E1%83%98%E1%83%94%E1%83%91%E1%83%98&organization=akhmeta"},
        {"label": "ვანი", "count": 1, "selected": False, "url": "?q=%E1%83%94%E1%83%9A%E1%83%94%E1%83%A5%E1%83%A2%E1%83%A0%E1%83%9D%E1%83%9C%E1%83%A3%E1%83%9A%E1%83%98+%E1%83%9E%E1%83%94%E1%83%A2%E1%83%98%E1%83%AA%E1%83%98%E1%83%94%E1%83%91%E1%83%98&organization=vani"},
    ]
    region_facet = next(group for group in response.context["facet_groups"] if group["name"] == "region")
    assert [(option["label"], option["count"]) for option in region_facet["options"]] == [("იმერეთი", 1), ("კახეთი", 1)]


def test_a_selected_facet_filters_and_its_link_removes_it(client, indexed):
    response = client.get("/search/", {"q": "ელექტრონული", "organization": "vani"})

    assert [hit.object_id for hit in response.context["results"].hits] == ["vani-plan"]
    organization_facet = next(group for group in response.context["facet_groups"] if group["name"] == "organization")
    assert organization_facet["options"][0]["selected"] is True
    assert "organization" not in organization_facet["options"][0]["url"]


def test_pagination_links(client, indexed):
    first = client.get("/search/", {"q": "ელექტრონული", "sort": "date"})

    assert first.context["next_url"] is None and first.context["previous_url"] is None
    assert [link["current"] for link in first.context["sort_links"]] == [False, True]


def test_did_you_mean_link(client, indexed):
    response = client.get("/search/", {"q": "ქუთაისსის"})

    assert response.context["did_you_mean_url"] == "?q=%E1%83%A5%E1%83%A3%E1%83%97%E1%83%90%E1%83%98%E1%83%A1%E1%83%98%E1%83%A1"
    assert 'lang="ka">ქუთაისის</a>' in response.content.decode()


def test_an_overlong_query_is_a_form_error(client, indexed):
    response = client.get("/search/", {"q": "ა" * 201})

    assert response.status_code == 200
    assert "results" not in response.context
    with override("ka"):
        expected = ngettext(
            "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
            200,
        ) % {
            "limit_value": 200,
            "show_value": 201,
        }
    assert response.context["form"].errors["q"] == [expected]


def _facet(response, name: str) -> list[tuple[str, int]]:
    group = next(group for group in response.context["facet_groups"] if group["name"] == name)
    return [(option["label"], option["count"]) for option in group["options"]]


def test_facets_show_type_and_theme_names_in_the_active_language(client, indexed, django_assert_max_num_queries):
    # The search, then one query per kind of name (organizations, regions, themes), never one per value.
    with django_assert_max_num_queries(6):
        response = client.get("/search/", {"q": "ელექტრონული"})

    content = response.content.decode()
    assert ("პრაქტიკა", 4) in _facet(response, "doc_type")
    assert ("ელექტრონული მმართველობა და ციფრული სერვისები", 4) in _facet(response, "tags")
    assert ("გამჭვირვალობა", 1) in _facet(response, "tags")
    assert "<span>გამჭვირვალობა</span>" in content
    assert "<span>transparency</span>" not in content and "<span>practice</span>" not in content

    english = client.get("/en/search/", {"q": "ელექტრონული"})
    assert ("Practice", 4) in _facet(english, "doc_type")
    assert ("Transparency", 1) in _facet(english, "tags")


def test_a_value_without_a_name_is_shown_as_it_is(client, indexed):
    response = client.get("/search/", {"q": "ელექტრონული", "type": "service"})

    assert ("service", 1) in _facet(response, "doc_type")
