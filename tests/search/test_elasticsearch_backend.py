"""The Elasticsearch backend without a cluster: its index definition, the requests it builds,
how it reads responses, and that an unreachable engine raises SearchBackendError.

Wherever ELASTICSEARCH_URL is set, test_backends_contract.py runs the full contract against it.
"""

import json

import pytest
from werkzeug import Response

from search.backends import get_search_backend
from search.backends.base import SearchBackendError, SearchFilters, SearchQuery
from search.backends.elasticsearch import ElasticsearchSearchBackend

from .corpus import BY_ID

ES_HEADERS = {"X-Elastic-Product": "Elasticsearch", "Content-Type": "application/json"}
NEWEST = {"published_at": {"order": "desc", "missing": "_last"}}
ROW_FIELDS = ["doc_type", "object_id", "title_ka", "title_en", "url", "body"]


def make_backend(url="http://127.0.0.1:9200") -> ElasticsearchSearchBackend:
    return ElasticsearchSearchBackend({"URL": url, "INDEX_PREFIX": "hub", "MAX_RETRIES": 0, "TIMEOUT": 2})


def test_the_registry_builds_it_from_settings(settings):
    settings.SEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backends.elasticsearch", "URL": "http://es:9200", "INDEX_PREFIX": "Hub"}
    }

    backend = get_search_backend()

    assert isinstance(backend, ElasticsearchSearchBackend)
    assert (backend.url, backend.prefix, backend.type_alias("action_plan")) == ("http://es:9200", "hub", "hub-action_plan")


def test_index_definition_splits_terms_on_whitespace_and_keeps_facets_as_keywords():
    definition = make_backend().index_definition("hub-practice-1").to_dict()
    terms = {"type": "text", "analyzer": "hub_terms"}

    assert definition["settings"] == {
        "number_of_shards": 1,
        "auto_expand_replicas": "0-1",
        "analysis": {"analyzer": {"hub_terms": {"type": "custom", "tokenizer": "whitespace"}}},
    }
    assert definition["mappings"]["properties"] == {
        "doc_type": {"type": "keyword"},
        "object_id": {"type": "keyword"},
        "title_ka": {"type": "text", "index": False},
        "title_en": {"type": "text", "index": False},
        "body": {"type": "text", "index": False},
        "url": {"type": "keyword", "index": False},
        "organization_slug": {"type": "keyword"},
        "organization_name": {"type": "keyword", "index": False},
        "region_slug": {"type": "keyword"},
        "tags": {"type": "keyword"},
        "year": {"type": "integer"},
        "languages": {"type": "keyword"},
        "published_at": {"type": "date"},
        "updated_at": {"type": "date"},
        "title_terms": terms,
        "body_terms": terms,
        "words": terms,
    }


def test_indexed_source_carries_the_analyzers_terms_and_the_original_words():
    backend = make_backend()
    document = BY_ID["batumi-waste"]

    source = backend._source(document)

    assert source["title_terms"] == " ".join(backend.analyzer.index_terms(document.title_text))
    assert source["body_terms"] == " ".join(backend.analyzer.index_terms(document.body_text))
    assert "ნარჩენების" in source["words"].split()
    assert (source["tags"], source["languages"], source["year"]) == (["environment"], ["ka", "en"], 2024)


def test_search_request_requires_every_group_and_filters_without_scoring():
    backend = make_backend()
    query = SearchQuery(
        "ღია მონაცემები",
        filters=SearchFilters(organization="kutaisi", region="imereti", tags=("open-data",), year=2021, language="en"),
    )
    groups = [["ღი", "ghi"], ["მონაცმ", "monatsm"]]

    body = backend.search_request(query, groups).to_dict()

    assert body["query"] == {
        "bool": {
            "must": [
                {"multi_match": {"query": "ღი ghi", "fields": ["title_terms^4", "body_terms"], "type": "most_fields"}},
                {"multi_match": {"query": "მონაცმ monatsm", "fields": ["title_terms^4", "body_terms"], "type": "most_fields"}},
            ],
            "filter": [
                {"term": {"organization_slug": "kutaisi"}},
                {"term": {"region_slug": "imereti"}},
                {"term": {"year": 2021}},
                {"term": {"languages": "en"}},
                {"term": {"tags": "open-data"}},
            ],
        }
    }
    assert body["sort"] == ["_score", NEWEST, "doc_type", "object_id"]
    assert (body["from"], body["size"], body["track_total_hits"], body["_source"]) == (0, 20, True, ROW_FIELDS)
    assert body["aggs"] == {
        name: {"terms": {"field": field, "size": 30}}
        for name, field in [
            ("doc_type", "doc_type"),
            ("organization", "organization_slug"),
            ("region", "region_slug"),
            ("tags", "tags"),
            ("year", "year"),
            ("language", "languages"),
        ]
    }


def test_search_request_sorted_by_date_pages_with_from_and_size():
    body = make_backend().search_request(SearchQuery("გეგმა", sort="date", page=3, page_size=10), [["გეგმ"]]).to_dict()

    assert body["sort"] == [NEWEST, "doc_type", "object_id"]
    assert (body["from"], body["size"]) == (20, 10)
    assert body["query"]["bool"]["must"] == [
        {"multi_match": {"query": "გეგმ", "fields": ["title_terms^4", "body_terms"], "type": "most_fields"}}
    ]


def test_suggest_request_matches_the_last_word_as_a_prefix_of_title_terms():
    body = make_backend().suggest_request([["ღი", "ghi"], ["მონ", "mon"]], 8).to_dict()

    assert body == {
        "query": {
            "bool": {
                "must": [
                    {"terms": {"title_terms": ["ღი", "ghi"]}},
                    {
                        "bool": {
                            "should": [{"prefix": {"title_terms": "მონ"}}, {"prefix": {"title_terms": "mon"}}],
                            "minimum_should_match": 1,
                        }
                    },
                ]
            }
        },
        "sort": ["_score", NEWEST, "object_id"],
        "_source": ROW_FIELDS[:5],
        "size": 8,
    }


def test_related_request_ranks_shared_tags_first_and_excludes_the_document():
    body = make_backend().related_request("practice", "vani-plan", ["ვან", "vani"], ["e-governance"], 5).to_dict()

    assert body["query"] == {
        "bool": {
            "should": [{"terms": {"title_terms": ["ვან", "vani"]}}, {"terms": {"body_terms": ["ვან", "vani"]}}],
            "minimum_should_match": 1,
            "filter": [{"term": {"doc_type": "practice"}}],
            "must_not": [{"ids": {"values": ["practice:vani-plan"]}}],
        }
    }
    assert body["sort"][0]["_script"]["script"]["params"] == {"tags": ["e-governance"]}
    assert body["sort"][1:] == ["_score", NEWEST, "object_id"]
    assert (body["size"], body["track_scores"]) == (5, True)


def test_spelling_request_asks_the_term_suggester_about_each_word():
    body = make_backend().spelling_request(["ქუთაისსის", "გეგმა"]).to_dict()

    assert body == {
        "size": 0,
        "suggest": {
            "w0": {"text": "ქუთაისსის", "term": {"field": "words", "suggest_mode": "missing", "size": 10}},
            "w1": {"text": "გეგმა", "term": {"field": "words", "suggest_mode": "missing", "size": 10}},
        },
    }


def test_search_reads_hits_facets_and_builds_snippets(httpserver):
    backend = make_backend(httpserver.url_for("/"))
    query = SearchQuery("ნარჩენებით")
    expected_body = backend.search_request(query, backend.analyzer.query_terms(query.text)).to_dict()
    document = BY_ID["batumi-waste"]
    httpserver.expect_request("/hub/_search", method="POST", json=expected_body).respond_with_response(
        Response(
            json.dumps(
                {
                    "took": 1,
                    "timed_out": False,
                    "hits": {
                        "total": {"value": 1, "relation": "eq"},
                        "max_score": 2.5,
                        "hits": [
                            {
                                "_index": "hub-practice-1",
                                "_id": "practice:batumi-waste",
                                "_score": 2.5,
                                "_source": {field: getattr(document, field) for field in ROW_FIELDS},
                            }
                        ],
                    },
                    "aggregations": {
                        "doc_type": {"buckets": [{"key": "practice", "doc_count": 1}]},
                        "year": {"buckets": [{"key": 2024, "doc_count": 1}]},
                        "language": {"buckets": [{"key": "en", "doc_count": 1}, {"key": "ka", "doc_count": 1}]},
                    },
                }
            ),
            headers=ES_HEADERS,
        )
    )

    results = backend.search(query)

    assert results.total == 1
    (hit,) = results.hits
    assert (hit.doc_type, hit.object_id, hit.url, hit.score) == ("practice", "batumi-waste", document.url, 2.5)
    assert hit.snippet.startswith("<mark>ნარჩენების</mark> სეპარირება")
    assert results.facets == {
        "doc_type": [("practice", 1)],
        "organization": [],
        "region": [],
        "tags": [],
        "year": [("2024", 1)],
        "language": [("en", 1), ("ka", 1)],
    }


@pytest.fixture
def unavailable_backend(httpserver):
    httpserver.expect_request("").respond_with_data("overloaded", status=503)
    return make_backend(httpserver.url_for("/"))


def test_an_unavailable_engine_raises_search_backend_error(unavailable_backend):
    with pytest.raises(SearchBackendError, match="^Elasticsearch refused the documents: "):
        unavailable_backend.index([BY_ID["vani-plan"]])
    with pytest.raises(SearchBackendError, match="^Elasticsearch search failed: "):
        unavailable_backend.search(SearchQuery("გეგმა"))


def test_health_reports_an_unavailable_engine(unavailable_backend):
    health = unavailable_backend.health()

    assert (health["backend"], health["status"]) == ("elasticsearch", "unavailable")


def test_health_reports_cluster_state_and_document_count(httpserver):
    httpserver.expect_request("/_cluster/health").respond_with_json({"status": "green"}, headers=ES_HEADERS)
    httpserver.expect_request("/hub/_count").respond_with_json({"count": 42}, headers=ES_HEADERS)

    health = make_backend(httpserver.url_for("/")).health()

    assert health == {
        "backend": "elasticsearch",
        "url": httpserver.url_for("/"),
        "status": "ok",
        "cluster": "green",
        "documents": 42,
    }


def test_rebuild_needs_a_type():
    with pytest.raises(ValueError, match="^Elasticsearch rebuilds one type at a time: pass doc_type.$"):
        make_backend().rebuild([])
