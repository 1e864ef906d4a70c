import pytest
from django.utils.translation import gettext, override

from search.backends import get_search_backend
from search.backends.base import SearchQuery

from .corpus import CORPUS

SEARCH_URL = "/api/v1/search/"
SUGGEST_URL = "/api/v1/search/suggest/"


def in_georgian(message: str) -> str:
    """The message as the API sends it: API requests are answered in the default language, Georgian."""
    with override("ka"):
        return gettext(message).format(max_length=200)


@pytest.fixture
def indexed(db):
    get_search_backend().index(CORPUS)


def test_search_returns_hits_facets_and_counts(api_client, indexed, django_assert_max_num_queries):
    # The search itself, then one query each for the names of organizations, regions and themes.
    with django_assert_max_num_queries(5):
        response = api_client.get(SEARCH_URL, {"q": "ნარჩენებით"})

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["num_pages"], body["did_you_mean"]) == (1, 1, 1, None)
    (hit,) = body["results"]
    assert {key: hit[key] for key in ("type", "id", "title", "url")} == {
        "type": "practice",
        "id": "batumi-waste",
        "title": "ნარჩენების მართვა ბათუმში",
        "url": "/practices/batumi-waste/",
    }
    assert hit["snippet"].startswith("<mark>ნარჩენების</mark> სეპარირება")
    assert hit["score"] > 0
    assert body["facets"]["doc_type"] == [{"value": "practice", "label": "პრაქტიკა", "count": 1}]
    assert body["facets"]["language"] == [
        {"value": "en", "label": "ინგლისური", "count": 1},
        {"value": "ka", "label": "ქართული", "count": 1},
    ]


def test_titles_follow_the_active_language_and_fall_back_to_the_other(indexed):
    backend = get_search_backend()
    with override("en"):
        assert backend.search(SearchQuery("ნარჩენები")).hits[0].title == "Waste management in Batumi"
    with override("ka"):
        assert backend.search(SearchQuery("consultations")).hits[0].title == "Citizen budget consultations in Telavi"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"organization": "vani"}, ["vani-plan"]),
        ({"type": "service"}, ["tsalenjikha-docs"]),
        ({"region": "kakheti"}, ["akhmeta-petitions"]),
        ({"theme": "document-flow"}, ["tsalenjikha-docs"]),
        ({"lang": "en", "year": "2021"}, ["kareli-booking"]),
    ],
)
def test_filters(api_client, indexed, params, expected):
    response = api_client.get(SEARCH_URL, {"q": "elektronuli", **params})

    assert [hit["id"] for hit in response.json()["results"]] == expected


def test_sort_by_date_and_pages(api_client, indexed):
    response = api_client.get(SEARCH_URL, {"q": "ელექტრონული", "sort": "date", "page": 2, "page_size": 4})

    body = response.json()
    assert (body["count"], body["page"], body["num_pages"]) == (6, 2, 2)
    assert [hit["id"] for hit in body["results"]] == ["khashuri-privatisation", "psda-pilots"]


def test_did_you_mean(api_client, indexed):
    body = api_client.get(SEARCH_URL, {"q": "ქუთაისსის"}).json()

    assert (body["count"], body["results"], body["did_you_mean"]) == (0, [], "ქუთაისის")


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({}, "q", "Enter a word or phrase to search for."),
        ({"q": ""}, "q", "Enter a word or phrase to search for."),
        ({"q": "   "}, "q", "Enter a word or phrase to search for."),
        ({"q": "ა" * 201}, "q", "A search query can be at most {max_length} characters long."),
        ({"q": "\x00ღია"}, "q", "Null characters are not allowed."),
        ({"q": "გეგმა", "sort": "random"}, "sort", '"random" is not a valid choice.'),
        ({"q": "გეგმა", "page": "0"}, "page", "Ensure this value is greater than or equal to 1."),
        ({"q": "გეგმა", "lang": "fr"}, "lang", '"fr" is not a valid choice.'),
        ({"q": "გეგმა", "organization": "<b>"}, "organization", 'Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.'),
    ],
)
def test_bad_input_is_a_clear_400(api_client, indexed, params, field, message):
    response = api_client.get(SEARCH_URL, params)

    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "status": 400,
            "code": "invalid",
            "message": in_georgian("The submitted data is not valid: %(reason)s") % {"reason": in_georgian(message)},
            "fields": {field: [in_georgian(message)]},
        }
    }


def test_query_syntax_never_causes_a_500(api_client, indexed):
    for text in ['"', "'); DROP TABLE search_indexentry; --", "a:* | !b", "NEAR(x y)", "%%%"]:
        assert api_client.get(SEARCH_URL, {"q": text}).status_code == 200


def test_an_unavailable_engine_is_a_503(api_client, settings, httpserver):
    httpserver.expect_request("").respond_with_data("overloaded", status=503)
    settings.SEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backends.elasticsearch", "URL": httpserver.url_for("/"), "MAX_RETRIES": 0}
    }

    response = api_client.get(SEARCH_URL, {"q": "გეგმა"})

    assert response.status_code == 503
    assert response.json() == {
        "error": {
            "status": 503,
            "code": "search_unavailable",
            "message": in_georgian("Search is temporarily unavailable; please try again in a minute."),
        }
    }


def test_suggest_completes_titles(api_client, indexed):
    response = api_client.get(SUGGEST_URL, {"q": "ღია მონ"})

    assert response.status_code == 200
    assert sorted(response.json()["results"], key=lambda item: item["id"]) == [
        {"type": "action_plan", "id": "akhaltsikhe-open-data", "title": "ახალციხის ღია მონაცემების სტრატეგია", "url": "/action_plans/akhaltsikhe-open-data/"},
        {"type": "action_plan", "id": "kutaisi-open-data", "title": "ქუთაისის მერიის ღია მონაცემების სამოქმედო გეგმა", "url": "/action_plans/kutaisi-open-data/"},
    ]


def test_suggest_refuses_an_empty_query(api_client, indexed):
    response = api_client.get(SUGGEST_URL, {"q": " "})

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"q": [in_georgian("Enter a word or phrase to search for.")]}


def test_schema_documents_the_search_parameters(api_client, db):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    parameters = {parameter["name"] for parameter in schema["paths"]["/api/v1/search/"]["get"]["parameters"]}

    assert {"q", "type", "organization", "region", "theme", "lang", "year", "sort", "page"} <= parameters
