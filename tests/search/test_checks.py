import pytest

from search.backends import InvalidSearchBackendError, get_search_backend
from search.checks import search_backends_check


def check_messages(settings, backends) -> list[tuple[str, str]]:
    settings.SEARCH_BACKENDS = backends
    return [(error.id, error.msg) for error in search_backends_check(None)]


def test_the_default_configuration_passes(settings):
    assert check_messages(settings, {"default": {"BACKEND": "search.backends.database"}}) == []


@pytest.mark.parametrize(
    ("backends", "expected"),
    [
        ({}, [("search.E001", "SEARCH_BACKENDS has no 'default' backend.")]),
        (
            {"default": {"BACKEND": "search.backends.solr"}},
            [("search.E002", "Could not find search backend 'search.backends.solr': Module \"search.backends\" does not define a \"solr\" attribute/class")],
        ),
        ({"default": {}}, [("search.E002", "SEARCH_BACKENDS['default'] names no BACKEND.")]),
        (
            {"default": {"BACKEND": "search.backends.elasticsearch"}},
            [("search.E003", "SEARCH_BACKENDS['default'] uses Elasticsearch but sets no URL.")],
        ),
    ],
)
def test_misconfigurations_are_reported(settings, backends, expected):
    assert check_messages(settings, backends) == expected


def test_an_unknown_alias_is_an_improperly_configured_error():
    with pytest.raises(InvalidSearchBackendError) as raised:
        get_search_backend("archive")

    assert str(raised.value) == "No search backend is configured under 'archive' in SEARCH_BACKENDS."


def test_a_dotted_class_path_works_too(settings):
    settings.SEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.elasticsearch.ElasticsearchSearchBackend", "URL": "http://es:9200"}}

    assert type(get_search_backend()).__name__ == "ElasticsearchSearchBackend"
