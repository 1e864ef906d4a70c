from ..env import env

ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")

# The database backend is the default; Elasticsearch takes over when a URL is given.
SEARCH_BACKENDS = {
    "default": (
        {"BACKEND": "search.backends.elasticsearch", "URL": ELASTICSEARCH_URL, "INDEX_PREFIX": env.str("SEARCH_INDEX_PREFIX", default="hub")}
        if ELASTICSEARCH_URL
        else {"BACKEND": "search.backends.database"}
    ),
}
