"""'Related practices' on a practice's page: found by the search index, shown only when published."""

import logging
import socket

import pytest

from practices.selectors.related import practice_related_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_port() -> int:
    """A local TCP port nothing listens on: the OS handed it out and it was released."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def practices(make_practice, other_organization, django_capture_on_commit_callbacks):
    # Celery runs eagerly in tests: publishing indexes each practice once its transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        return _build(make_practice, other_organization)


def _build(make_practice, other_organization):
    shown = make_practice(title_ka="ელექტრონული დოკუმენტბრუნვა მერიაში", themes=["e-governance"], published=True)
    similar = make_practice(
        owner=other_organization, title_ka="ელექტრონული დოკუმენტბრუნვა საკრებულოში", themes=["e-governance"], published=True
    )
    make_practice(title_ka="ელექტრონული დოკუმენტბრუნვის პროექტი", themes=["e-governance"])
    return shown, similar


def test_page_lists_related_published_practices_with_links(client, practices):
    shown, similar = practices

    response = client.get(shown.get_absolute_url())

    assert response.status_code == 200
    assert response.context["related_practices"] == [similar]
    content = response.content.decode()
    assert f'<a href="{similar.get_absolute_url()}">ელექტრონული დოკუმენტბრუნვა საკრებულოში</a>' in content
    assert "დოკუმენტბრუნვის პროექტი" not in content


def test_page_opens_without_related_practices_when_search_is_unavailable(client, practices, settings, caplog, closed_port):
    shown, _similar = practices
    settings.SEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backends.elasticsearch", "URL": f"http://127.0.0.1:{closed_port}", "TIMEOUT": 1, "MAX_RETRIES": 0}
    }

    with caplog.at_level(logging.WARNING, logger="practices.selectors.related"):
        response = client.get(shown.get_absolute_url())

    assert response.status_code == 200
    assert response.context["related_practices"] == []
    assert b"related-heading" not in response.content
    assert [record.message for record in caplog.records if record.name == "practices.selectors.related"] == [
        "practices.related_unavailable"
    ]


def test_selector_returns_nothing_for_a_practice_without_neighbours(make_practice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lonely = make_practice(title_ka="ნარჩენების მართვა", themes=["efficiency"], published=True)

    assert practice_related_list(practice=lonely) == []
