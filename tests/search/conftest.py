import os
import uuid

import pytest

from search.backends import get_search_backend

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")

# Every backend the contract suite runs against. The database backend is whichever
# engine the test database is (SQLite FTS5 or PostgreSQL); Elasticsearch needs a server.
BACKEND_PARAMS = [
    pytest.param({"BACKEND": "search.backends.database"}, id="database"),
    pytest.param(
        {
            "BACKEND": "search.backends.elasticsearch",
            "URL": ELASTICSEARCH_URL,
            "INDEX_PREFIX": f"hub-test-{uuid.uuid4().hex[:8]}",
            "REFRESH": "wait_for",
        },
        id="elasticsearch",
        marks=pytest.mark.skipif(not ELASTICSEARCH_URL, reason="ELASTICSEARCH_URL is not set"),
    ),
]


@pytest.fixture(params=BACKEND_PARAMS)
def search_backend(request, db, settings):
    """An empty backend, configured as the default one."""
    settings.SEARCH_BACKENDS = {"default": request.param}
    backend = get_search_backend()
    backend.clear()
    yield backend
    backend.clear()
