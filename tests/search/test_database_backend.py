"""The database backends beyond the contract: how they store entries, and what PostgreSQL promises besides."""

import pytest
from django.db import connection, transaction

from search import analysis
from search.backends import get_search_backend
from search.backends.base import SearchQuery
from search.models import FacetValue, IndexContent, IndexEntry

from .corpus import BY_ID, CORPUS

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only; CI runs it")


@pytest.fixture
def database_backend(settings):
    settings.SEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
    backend = get_search_backend()
    backend.clear()
    return backend


@pytest.fixture
def backend(database_backend):
    database_backend.index(CORPUS)
    return database_backend


def test_an_organization_with_its_region_and_a_set_of_tags_are_stored_once(backend):
    organizations = set(FacetValue.objects.filter(facet="organization").values_list("value", "region"))
    tag_sets = FacetValue.objects.filter(facet="tags").count()

    assert organizations == {(document.organization_slug, document.region_slug) for document in CORPUS}
    assert tag_sets == len({frozenset(document.tags) for document in CORPUS if document.tags})
    before = FacetValue.objects.count()
    backend.index(CORPUS)
    assert FacetValue.objects.count() == before


def test_a_document_keeps_one_entry_and_one_content_row(backend):
    backend.index([BY_ID["batumi-waste"], BY_ID["batumi-waste"]])

    assert IndexEntry.objects.filter(object_id="batumi-waste").count() == 1
    assert IndexContent.objects.filter(entry__object_id="batumi-waste").count() == 1
    backend.delete("practice", ["batumi-waste"])
    assert not IndexContent.objects.filter(entry__object_id="batumi-waste").exists()
    assert IndexContent.objects.count() == IndexEntry.objects.count() == len(CORPUS) - 1


def test_a_rolled_back_write_leaves_no_facet_id_behind(database_backend):
    vani = [BY_ID["vani-plan"]]
    with pytest.raises(RuntimeError), transaction.atomic():
        database_backend.index(vani)
        raise RuntimeError("the surrounding change failed")
    assert not FacetValue.objects.exists()

    database_backend.index(vani)

    facets = database_backend.search(SearchQuery("ვანის")).facets
    assert (facets["organization"], facets["region"]) == ([("vani", 1)], [("imereti", 1)])


@on_postgresql
def test_planner_settings_do_not_outlive_the_search(backend):
    def planner_settings():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), current_setting('jit'),"
                " current_setting('max_parallel_workers_per_gather'), current_setting('parallel_setup_cost')"
            )
            return cursor.fetchone()

    with transaction.atomic():
        before = planner_settings()
        backend.search(SearchQuery("ელექტრონული"))
        backend.suggest("ელექტრონ")
        backend.related("practice", "akhmeta-petitions")
        after = planner_settings()

    assert before[0] == "on"
    assert after == before


@on_postgresql
def test_score_counts_the_query_words_in_the_title_and_orders_the_pages(backend):
    text = "ელექტრონული პეტიციები"
    groups = analysis.query_terms(text)
    pages = [backend.search(SearchQuery(text, page=page, page_size=1)).hits for page in (1, 2, 3)]
    hits = [hit for page in pages for hit in page]

    def words_in_title(hit):
        title_terms = set(analysis.index_terms(f"{hit.title_ka} {hit.title_en}"))
        return sum(1 for group in groups if title_terms.intersection(group))

    assert [hit.object_id for hit in hits] == ["akhmeta-petitions", "vani-plan"]
    assert [hit.score for hit in hits] == [1 + words_in_title(hit) for hit in hits]
    assert hits[0].score > hits[1].score
    assert pages[2] == []
