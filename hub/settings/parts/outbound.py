from ..env import env

# The one outbound HTTP client (hub/outbound.py): every harvest and every fetch of another hub goes through it.
# Loopback is allowed only where the hub talks to servers on its own machine: tests and the embedded
# development default (DEBUG on). Production (DEBUG=0) refuses it unless told otherwise.
OUTBOUND_ALLOW_LOOPBACK = env.bool("OUTBOUND_ALLOW_LOOPBACK", default=env.bool("DEBUG", default=True))
OUTBOUND_CONNECT_TIMEOUT = env.float("OUTBOUND_CONNECT_TIMEOUT", default=5.0)
# One fetch, retries and redirects included, never takes longer than this (seconds).
OUTBOUND_TOTAL_TIMEOUT = env.float("OUTBOUND_TOTAL_TIMEOUT", default=60.0)
# Bytes of one answer, counted both as sent and after gzip/deflate decoding.
OUTBOUND_MAX_BYTES = env.int("OUTBOUND_MAX_BYTES", default=20 * 1024 * 1024)
OUTBOUND_MAX_REDIRECTS = env.int("OUTBOUND_MAX_REDIRECTS", default=5)
# Extra attempts after a connection error, a 5xx or a 429; the waits double from OUTBOUND_BACKOFF seconds.
OUTBOUND_RETRIES = env.int("OUTBOUND_RETRIES", default=2)
OUTBOUND_BACKOFF = env.float("OUTBOUND_BACKOFF", default=0.5)
# A Retry-After longer than this (seconds) is not waited for: the fetch fails and the next run tries again.
OUTBOUND_RETRY_AFTER_MAX = env.float("OUTBOUND_RETRY_AFTER_MAX", default=30.0)
# Empty: "MunicipalKnowledgeHub/1.0 (+SITE_URL)".
OUTBOUND_USER_AGENT = env.str("OUTBOUND_USER_AGENT", default="")
