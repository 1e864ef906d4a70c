"""The contract every search backend fulfils, on one shared Georgian + English corpus.

Each test runs against every configured backend (see conftest.BACKEND_PARAMS)
and asserts the same documents, so a query means the same thing everywhere.
"""

import pytest
from django.utils.translation import override
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from search.backends.base import InvalidSearchQuery, SearchFilters, SearchQuery

from .corpus import BY_ID, CORPUS


@pytest.fixture
def backend(search_backend):
    assert search_backend.index(CORPUS) == len(CORPUS)
    return search_backend


def ids(results) -> set[str]:
    return {hit.object_id for hit in results.hits}


def search(backend, text, **options):
    filters = options.pop("filters", {})
    return backend.search(SearchQuery(text, filters=SearchFilters(**filters), **options))


ELECTRONIC = {"vani-plan", "psda-pilots", "tsalenjikha-docs", "kareli-booking", "akhmeta-petitions", "khashuri-privatisation"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Inflected Georgian forms meet other forms of the same words.
        ("ელექტრონულ საქმისწარმოებაში", {"tsalenjikha-docs", "psda-pilots"}),
        ("ღია მონაცემებში", {"akhaltsikhe-open-data", "kutaisi-open-data"}),
        ("ელექტრონული პეტიციები", {"vani-plan", "akhmeta-petitions"}),
        ("ლეგალიზაციისთვის", {"kvareli-land"}),
        ("ნარჩენებით", {"batumi-waste"}),
        ("ელექტრონულად", ELECTRONIC),
        # Latin letters meet Georgian text.
        ("rustavi", {"rustavi-centre"}),
        ("elektronuli", ELECTRONIC),
        ("kutaisis", {"kutaisi-open-data"}),
        # English.
        ("open data", {"akhaltsikhe-open-data", "kutaisi-open-data"}),
        ("e-petitions", {"vani-plan", "akhmeta-petitions"}),
        ("privatisation", {"khashuri-privatisation"}),
        ("budget consultations", {"telavi-budget"}),
        # Every word must match.
        ("ელექტრონული პეტიციები ვანის", {"vani-plan"}),
        ("ღია ნარჩენები", set()),
    ],
)
def test_matching_documents(backend, text, expected):
    results = search(backend, text, page_size=50)

    assert ids(results) == expected
    assert results.total == len(expected)


def test_hits_carry_title_url_type_and_positive_score(backend):
    (hit,) = search(backend, "ნარჩენები").hits

    assert (hit.doc_type, hit.object_id, hit.url) == ("practice", "batumi-waste", "/practices/batumi-waste/")
    assert (hit.title_ka, hit.title_en) == ("ნარჩენების მართვა ბათუმში", "Waste management in Batumi")
    assert hit.score > 0


def test_title_matches_rank_above_body_matches(backend):
    results = search(backend, "ჯავშნის სისტემა")

    assert [hit.object_id for hit in results.hits][:1] == ["kareli-booking"]


def test_snippet_highlights_the_inflected_words_people_wrote(backend):
    (hit,) = search(backend, "ნარჩენებით").hits

    assert hit.snippet.startswith("<mark>ნარჩენების</mark> სეპარირება და გადამუშავება")


def test_snippet_escapes_document_html(backend):
    (hit,) = search(backend, "ოქმები").hits

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hit.snippet
    assert "<script>" not in hit.snippet
    assert "<mark>ოქმები</mark>" in hit.snippet


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"organization": "vani"}, {"vani-plan"}),
        ({"doc_type": "service"}, {"tsalenjikha-docs"}),
        ({"region": "shida-kartli"}, {"kareli-booking", "khashuri-privatisation"}),
        ({"tags": ("e-governance",)}, {"vani-plan", "psda-pilots", "kareli-booking", "akhmeta-petitions"}),
        ({"tags": ("e-governance", "participation")}, {"akhmeta-petitions"}),
        ({"year": 2019}, {"psda-pilots", "khashuri-privatisation"}),
        ({"language": "en"}, {"vani-plan", "kareli-booking", "akhmeta-petitions", "khashuri-privatisation"}),
        ({"language": "fr"}, set()),
        ({"organization": "no-such-organization"}, set()),
    ],
)
def test_filters(backend, filters, expected):
    assert ids(search(backend, "ელექტრონული", filters=filters, page_size=50)) == expected


def test_facets_count_the_matching_documents(backend):
    facets = search(backend, "ელექტრონული").facets

    assert facets == {
        "doc_type": [("practice", 4), ("service", 1), ("training", 1)],
        "organization": [("akhmeta", 1), ("kareli", 1), ("khashuri", 1), ("psda", 1), ("tsalenjikha", 1), ("vani", 1)],
        "region": [("shida-kartli", 2), ("imereti", 1), ("kakheti", 1), ("samegrelo", 1), ("tbilisi", 1)],
        "tags": [
            ("e-governance", 4),
            ("citizen-services", 1),
            ("document-flow", 1),
            ("participation", 1),
            ("property", 1),
            ("training", 1),
            ("transparency", 1),
        ],
        "year": [("2019", 2), ("2020", 2), ("2021", 1), ("2024", 1)],
        "language": [("ka", 6), ("en", 4)],
    }


def test_facets_follow_the_filters(backend):
    facets = search(backend, "ელექტრონული", filters={"region": "shida-kartli"}).facets

    assert facets["organization"] == [("kareli", 1), ("khashuri", 1)]
    assert facets["year"] == [("2019", 1), ("2021", 1)]


def test_sort_by_date_puts_the_newest_first(backend):
    results = search(backend, "ელექტრონული", sort="date")

    assert [hit.object_id for hit in results.hits] == [
        "akhmeta-petitions",
        "kareli-booking",
        "tsalenjikha-docs",
        "vani-plan",
        "khashuri-privatisation",
        "psda-pilots",
    ]


def test_pages_partition_the_results(backend):
    pages = [search(backend, "ელექტრონული", sort="date", page=page, page_size=4) for page in (1, 2, 3)]

    assert [[hit.object_id for hit in page.hits] for page in pages] == [
        ["akhmeta-petitions", "kareli-booking", "tsalenjikha-docs", "vani-plan"],
        ["khashuri-privatisation", "psda-pilots"],
        [],
    ]
    assert {page.total for page in pages} == {6}
    assert pages[0].num_pages == 2


def test_relevance_pages_partition_the_results(backend):
    pages = [search(backend, "ელექტრონული", page=page, page_size=4).hits for page in (1, 2)]

    assert len(pages[0]) == 4
    assert {hit.object_id for hit in pages[0] + pages[1]} == ELECTRONIC


@pytest.mark.parametrize(
    ("typo", "suggestion"),
    [("ქუთაისსის", "ქუთაისის"), ("privatisaton", "privatisation"), ("ღია მონაცემბის", "ღია მონაცემების")],
)
def test_did_you_mean_corrects_a_typo_with_the_documents_own_words(backend, typo, suggestion):
    results = search(backend, typo)

    assert (results.total, results.did_you_mean) == (0, suggestion)
    assert search(backend, suggestion).total > 0


def test_no_did_you_mean_when_something_is_found_or_nothing_is_close(backend):
    assert search(backend, "ღია მონაცემები").did_you_mean is None
    assert search(backend, "ზზზზზზზზ").did_you_mean is None


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("ღია მონ", {"akhaltsikhe-open-data", "kutaisi-open-data"}),
        ("ნარჩენ", {"batumi-waste"}),
        ("petit", {"akhmeta-petitions"}),
        ("ელექტრონ", {"vani-plan", "psda-pilots", "tsalenjikha-docs", "kareli-booking", "akhmeta-petitions"}),
    ],
)
def test_suggestions_complete_titles(backend, prefix, expected):
    suggestions = backend.suggest(prefix)

    assert {suggestion.object_id for suggestion in suggestions} == expected
    assert all(BY_ID[s.object_id].url == s.url for s in suggestions)


def test_suggestions_are_limited(backend):
    assert len(backend.suggest("ელექტრონ", limit=2)) == 2


def test_related_documents_share_type_tags_and_title_words(backend):
    related = backend.related("practice", "akhmeta-petitions", limit=10)
    related_ids = [hit.object_id for hit in related]

    assert related_ids[:2] == ["vani-plan", "kareli-booking"]
    assert "akhmeta-petitions" not in related_ids
    assert "batumi-waste" not in related_ids
    assert {hit.doc_type for hit in related} == {"practice"}


def test_related_to_an_unknown_document_is_empty(backend):
    assert backend.related("practice", "no-such-document") == []


def test_reindexing_a_document_replaces_it(backend):
    changed = BY_ID["batumi-waste"]
    backend.index([type(changed)(**{**changed.__dict__, "title_ka": "ბათუმის ბიუჯეტი", "body": "", "tags": []})])

    assert ids(search(backend, "ნარჩენები")) == set()
    assert ids(search(backend, "ბათუმის ბიუჯეტი")) == {"batumi-waste"}
    assert search(backend, "ბათუმის ბიუჯეტი").facets["tags"] == []


def test_delete_removes_documents(backend):
    backend.delete("practice", ["rustavi-centre", "never-indexed"])

    assert search(backend, "rustavi").total == 0
    assert ids(search(backend, "ღია მონაცემები")) == {"akhaltsikhe-open-data", "kutaisi-open-data"}


def test_clear_one_type_keeps_the_others(backend):
    backend.clear("service")

    assert ids(search(backend, "ელექტრონული", page_size=50)) == ELECTRONIC - {"tsalenjikha-docs"}


def test_clear_everything(backend):
    backend.clear()

    assert search(backend, "ელექტრონული").total == 0
    assert backend.health()["documents"] == 0


def test_rebuild_replaces_one_type(backend):
    plans = [document for document in CORPUS if document.doc_type == "action_plan"][:1]

    assert backend.rebuild(plans, doc_type="action_plan") == 1
    assert ids(search(backend, "ღია მონაცემები")) == {"akhaltsikhe-open-data"}
    assert search(backend, "გეგმა", filters={"doc_type": "action_plan"}).total == 0
    assert search(backend, "ნარჩენები").total == 1


def test_health_reports_ok_and_counts_documents(backend):
    health = backend.health()

    assert (health["status"], health["documents"]) == ("ok", len(CORPUS))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter a word or phrase to search for."),
        (" \t\n ", "Enter a word or phrase to search for."),
        ("\x00", "Enter a word or phrase to search for."),
        ("ა" * 201, "A search query can be at most 200 characters long; yours has 201."),
    ],
)
def test_empty_and_overlong_queries_are_refused(text, message):
    with override("en"), pytest.raises(InvalidSearchQuery) as raised:
        SearchQuery(text)

    assert str(raised.value) == message


@pytest.mark.parametrize(
    "text",
    ['"', "'", "*", "-", "ღია AND OR NOT", 'a" OR "b', "NEAR(a b)", "title_terms: x", ":*", "%", "\\", "'); DROP TABLE x; --"],
)
def test_query_syntax_is_never_interpreted(backend, text):
    assert search(backend, text).total >= 0
    assert isinstance(backend.suggest(text), list)


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=60), page=st.integers(min_value=1, max_value=3))
def test_no_query_string_crashes_a_backend(backend, text, page):
    try:
        query = SearchQuery(text, page=page, page_size=5, sort="date" if page == 2 else "relevance")
    except InvalidSearchQuery:
        assert not text.replace("\x00", "").strip()
        return
    results = backend.search(query)
    assert results.total >= len(results.hits)
    backend.suggest(text)
