from ..env import env

ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")

# The database backend is the default; Elasticsearch takes over when a URL is given.
SEARCH_BACKENDS = {
    "default": (
        {"BACKEND": "search.backends.elasticsearch", "URL": ELASTICSEARCH_URL, "INDEX_PREFIX": env.str("SEARCH_INDEX_PREFIX", default="hub")}
        if ELASTICSEARCH_URL
        # PostgreSQL: parallel workers beside the leader for a broad search; one suits two cores.
        else {"BACKEND": "search.backends.database", "PARALLEL_WORKERS": env.int("SEARCH_PARALLEL_WORKERS", default=1)}
    ),
}

# Longer queries are refused with a 400: they are never searches people type, and they cost.
SEARCH_QUERY_MAX_LENGTH = env.int("SEARCH_QUERY_MAX_LENGTH", default=200)
SEARCH_PAGE_SIZE = 20
# The periodic catch-up re-indexes what changed in this many minutes; it runs more often than that.
SEARCH_CATCH_UP_MINUTES = env.int("SEARCH_CATCH_UP_MINUTES", default=30)
# Celery beat entry for the catch-up; merged into CELERY_BEAT_SCHEDULE by the settings that own it.
SEARCH_BEAT_SCHEDULE = {
    "search-catch-up": {"task": "search.tasks.catch_up_index", "schedule": 10 * 60},
}
