from ..env import env

# Connector kind → module (each module ends with `Connector = <class>`); see sync/connectors/__init__.py.
SYNC_CONNECTORS = {
    "hub": "sync.connectors.hubfeed",
    "rss": "sync.connectors.rss",
    "wordpress": "sync.connectors.wordpress",
}
# A running run whose heartbeat is older than this is marked failed (and the source may run again).
SYNC_HEARTBEAT_TIMEOUT_SECONDS = env.int("SYNC_HEARTBEAT_TIMEOUT_SECONDS", default=15 * 60)
# After this many failed runs in a row the source pauses itself and its admins are e-mailed.
SYNC_MAX_CONSECUTIVE_FAILURES = env.int("SYNC_MAX_CONSECUTIVE_FAILURES", default=5)
# History kept per source: the last N runs, plus every failed one (up to SYNC_KEEP_FAILED_RUNS).
SYNC_KEEP_RUNS = env.int("SYNC_KEEP_RUNS", default=50)
SYNC_KEEP_FAILED_RUNS = env.int("SYNC_KEEP_FAILED_RUNS", default=200)
# Errors recorded per run (the rest are counted, not stored).
SYNC_MAX_ERRORS_PER_RUN = env.int("SYNC_MAX_ERRORS_PER_RUN", default=500)
# Pages a connector may walk in one run before the listing is cut off as endless.
SYNC_MAX_PAGES = env.int("SYNC_MAX_PAGES", default=10_000)
# Items per page of the hub's own feed (GET /api/v1/feed/).
SYNC_FEED_PAGE_SIZE = env.int("SYNC_FEED_PAGE_SIZE", default=500)
# Push API: items per request, and how long an Idempotency-Key is remembered.
SYNC_PUSH_MAX_ITEMS = 500
SYNC_IDEMPOTENCY_HOURS = env.int("SYNC_IDEMPOTENCY_HOURS", default=48)
# The only settings a source may name as its credentials ("user:secret"): the connector sends them to the
# source's address, so an admin choosing any setting could send SECRET_KEY to a host of their own.
SYNC_CREDENTIAL_SETTINGS = env.list("SYNC_CREDENTIAL_SETTINGS", default=[])
# Celery beat entries; merged into CELERY_BEAT_SCHEDULE in base.py.
SYNC_BEAT_SCHEDULE = {
    "sync-reap-stale-runs": {"task": "sync.tasks.reap_stale_runs", "schedule": 5 * 60},
    "sync-prune-history": {"task": "sync.tasks.prune_history", "schedule": 24 * 60 * 60},
}
