"""Booking benchmark: 50 delegations POST bookings at once to gunicorn; confirmed bookings/s, latency, overbooking.

Loopback only. It (re)creates its own PostgreSQL database (default
`bench_booking`), migrates it, seeds a host with a published study tour that
confirms automatically, a few popular dates with large capacities and some
small ones, and one write API key for each of the delegation organizations;
then starts gunicorn on 127.0.0.1 (production settings, `hub/gunicorn_config.py`,
2 sync workers unless told otherwise) and drives the clients — threads, one
`requests.Session` each — for a bounded time or number of requests:

    .venv/bin/python bench/booking.py --clients 50 --seconds 20

Tasks (the booking e-mails) go to Redis at CELERY_BROKER_URL (default
redis://127.0.0.1:6379/13, purged afterwards), as in production, where a
worker sends them. At the end the database itself is asked for overbooked
dates (held places above capacity, or held places that disagree with the
bookings that hold them): the answer must be 0.
"""

import argparse
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def recreate_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def server_environment(args) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.base",
        "DATABASE_URL": args.database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "SITE_URL": f"http://127.0.0.1:{args.port}",
        "CELERY_BROKER_URL": args.broker,
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "WEB_CONCURRENCY": str(args.workers),
        "LOG_LEVEL": args.log_level,
        "PYTHONPATH": str(ROOT),
    }


def seed(args) -> tuple[list[int], list[int], list[str]]:
    """The host, its tour and dates, and the delegations' API keys; returns (popular slot ids, small slot ids, secrets)."""
    import datetime

    from django.utils import timezone

    from municipalities.actors import Actor
    from municipalities.models import ApiKey, Organization
    from municipalities.services import api_key_create
    from practices.services.content import content_publish
    from tours.models import TourOffering
    from tours.services import tour_offering_create, tour_slot_create

    system = Actor.system(name="bench")
    host = Organization.objects.create(kind=Organization.Kind.MUNICIPALITY, slug="bench-host", name_ka="მასპინძელი",
                                       name_en="Bench host", municipality_kind=Organization.MunicipalityKind.COMMUNITY)  # fmt: skip
    host_actor = Actor.system(name="bench.host", organization=host)
    offering = tour_offering_create(
        organization=host, actor=system,
        fields={"title_ka": "ელექტრონული მერია", "title_en": "Electronic city hall", "max_group_size": 10,
                "confirmation": TourOffering.Confirmation.AUTOMATIC, "languages": ["ka", "en"]},
    )  # fmt: skip
    content_publish(item=offering, actor=system)
    start = (timezone.now() + datetime.timedelta(days=30)).replace(minute=0, second=0, microsecond=0)
    popular = [
        tour_slot_create(offering=offering, starts_at=start + datetime.timedelta(days=day), capacity=1_000_000, actor=host_actor).pk
        for day in range(args.popular_slots)
    ]
    small = [
        tour_slot_create(offering=offering, starts_at=start + datetime.timedelta(days=100 + day), capacity=args.small_capacity,
                         actor=host_actor).pk  # fmt: skip
        for day in range(args.small_slots)
    ]
    keys = []
    for number in range(args.clients):
        delegation = Organization.objects.create(
            kind=Organization.Kind.MUNICIPALITY, slug=f"bench-delegation-{number}", name_ka=f"დელეგაცია {number}",
            name_en=f"Delegation {number}", municipality_kind=Organization.MunicipalityKind.COMMUNITY,
        )  # fmt: skip
        keys.append(api_key_create(organization=delegation, name="bench", scope=ApiKey.Scope.WRITE, actor=system)[1])
    return popular, small, keys


def wait_for_server(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited with {process.returncode}")
        try:
            if requests.get(f"{url}/api/v1/tour-slots/?page_size=1", timeout=10).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.2)
    sys.exit("gunicorn did not answer in time")


def drive(args, url: str, popular: list[int], small: list[int], keys: list[str]) -> dict:
    import requests

    latencies: list[float] = []
    statuses: Counter = Counter()
    booking_statuses: Counter = Counter()
    lock = threading.Lock()
    sent = iter(range(args.max_requests))
    sent_lock = threading.Lock()
    barrier = threading.Barrier(len(keys) + 1)
    stop_at = [0.0]

    def client(number: int, secret: str) -> None:
        rng = random.Random(number)
        session = requests.Session()
        session.headers.update({"Authorization": f"Bearer {secret}", "Accept-Language": "en"})
        mine, outcome = [], Counter()
        barrier.wait()
        while time.perf_counter() < stop_at[0]:
            with sent_lock:
                if next(sent, None) is None:
                    break
            slot = rng.choice(small) if small and rng.random() < args.small_share else rng.choice(popular)
            body = {"slot": slot, "contact_name": f"Delegate {number}", "contact_email": f"d{number}@example.ge",
                    "participants": rng.randint(1, 4), "purpose": "Study visit"}  # fmt: skip
            started = time.perf_counter()
            response = session.post(f"{url}/api/v1/tour-bookings/", json=body, headers={"Idempotency-Key": uuid.uuid4().hex})
            mine.append((time.perf_counter() - started) * 1000)
            outcome[response.status_code] += 1
            if response.status_code == 201:
                booking_statuses_local[number][response.json()["status"]] += 1
        with lock:
            latencies.extend(mine)
            statuses.update(outcome)

    booking_statuses_local = [Counter() for _ in keys]
    threads = [threading.Thread(target=client, args=(number, secret)) for number, secret in enumerate(keys)]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    stop_at[0] = started + args.seconds
    barrier.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    for counter in booking_statuses_local:
        booking_statuses.update(counter)
    latencies.sort()
    return {
        "elapsed": elapsed,
        "requests": len(latencies),
        "statuses": dict(statuses),
        "booking_statuses": dict(booking_statuses),
        "p50": statistics.median(latencies),
        "p95": latencies[int(len(latencies) * 0.95) - 1],
        "p99": latencies[int(len(latencies) * 0.99) - 1],
    }


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids) -> float:
    """User + system CPU the processes have used (from /proc); a process gone since counts 0."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICKS


def children_of(parent: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == parent:
                pids.append(int(stat.parent.name))
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return pids


def database_backends(connection, name: str) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [name])
        return [row[0] for row in cursor.fetchall()]


OVERBOOKED_SQL = """
SELECT count(*) FROM tours_tourslot AS slot
LEFT JOIN (
    SELECT slot_id, sum(participants) AS held FROM tours_tourbooking
    WHERE status IN ('requested', 'promoted', 'confirmed') GROUP BY slot_id
) AS holding ON holding.slot_id = slot.id
WHERE slot.held_places > slot.capacity OR COALESCE(holding.held, 0) > slot.capacity
   OR COALESCE(holding.held, 0) <> slot.held_places
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20, help="how long the clients send requests")
    parser.add_argument("--max-requests", type=int, default=100_000, help="stop after this many requests in all")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (more than 1: the gthread worker)")
    parser.add_argument("--popular-slots", type=int, default=3)
    parser.add_argument("--small-slots", type=int, default=5)
    parser.add_argument("--small-capacity", type=int, default=20)
    parser.add_argument("--small-share", type=float, default=0.2, help="share of requests for the small dates")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--log-level", default="WARNING", help="the server's LOG_LEVEL (INFO logs every request)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_booking"))
    parser.add_argument("--broker", default=os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/13"))
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        sys.exit("--database-url must name a PostgreSQL database of the benchmark's own")

    recreate_database(args.database_url)
    environment = server_environment(args)
    os.environ.update({key: environment[key] for key in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "CELERY_BROKER_URL", "LOG_LEVEL")})
    os.environ.setdefault("SECRET_KEY", environment["SECRET_KEY"])
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=environment, check=True)

    import django

    django.setup()
    from django.db import connection

    popular, small, keys = seed(args)
    connection.close()
    print(f"database {args.database_url.rsplit('/', 1)[1]} migrated and seeded in {time.perf_counter() - started:.0f} s: "
          f"{len(popular)} popular dates, {len(small)} of {args.small_capacity} places, {len(keys)} delegations")  # fmt: skip

    url = f"http://127.0.0.1:{args.port}"
    log_path = Path(tempfile.gettempdir()) / "bench-booking-gunicorn.log"
    log = open(log_path, "w")  # noqa: SIM115
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--config", "python:hub.gunicorn_config",
         "--threads", str(args.threads), "hub.wsgi:application"],
        cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    database = args.database_url.rsplit("/", 1)[1]
    try:
        wait_for_server(url, server)
        workers = children_of(server.pid)
        backends_before = database_backends(connection, database)
        cpu_before = (cpu_seconds(workers), cpu_seconds(backends_before), time.process_time())
        result = drive(args, url, popular, small, keys)
        backends = set(backends_before) | set(database_backends(connection, database))
        cpu_after = (cpu_seconds(workers), cpu_seconds(backends), time.process_time())
        # Backends that started during the run count from zero; those before it, from their reading then.
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()

    with connection.cursor() as cursor:
        cursor.execute(OVERBOOKED_SQL)
        overbooked = cursor.fetchone()[0]
        cursor.execute("SELECT status, count(*) FROM tours_tourbooking GROUP BY status ORDER BY status")
        in_database = dict(cursor.fetchall())
        cursor.execute("SELECT id, capacity, held_places FROM tours_tourslot WHERE capacity < 1000000 ORDER BY id")
        small_slots = cursor.fetchall()
    try:
        import redis

        redis.Redis.from_url(args.broker).flushdb()
    except Exception:  # noqa: BLE001  (the queue is the benchmark's own; nothing to clean if Redis is gone)
        pass

    elapsed, confirmed = result["elapsed"], in_database.get("confirmed", 0)
    print(f"\n{args.clients} clients, gunicorn {args.workers} workers × {args.threads} threads, {elapsed:.1f} s, "
          f"{result['requests']} requests")
    print(f"HTTP statuses: {result['statuses']}; booking statuses answered: {result['booking_statuses']}")
    print(f"bookings in the database by status: {in_database}")
    print(f"small dates (id, capacity, held): {small_slots}")
    print(f"requests/s: {result['requests'] / elapsed:.0f}")
    print(f"confirmed bookings/s: {confirmed / elapsed:.0f}")
    print(f"latency p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, p99 {result['p99']:.1f} ms")
    per_request = [(after - before) * 1000 / result["requests"] for before, after in zip(cpu_before, cpu_after, strict=True)]
    print(f"CPU per request: gunicorn workers {per_request[0]:.1f} ms, PostgreSQL backends {per_request[1]:.1f} ms, "
          f"benchmark clients {per_request[2]:.1f} ms; load average at the end {os.getloadavg()[0]:.1f}")
    print(f"server-side capacity on {os.cpu_count()} idle cores (gunicorn + PostgreSQL CPU only): "
          f"{os.cpu_count() * 1000 / (per_request[0] + per_request[1]):.0f} requests/s")
    print(f"overbooked dates (checked in SQL): {overbooked}; the server's log: {log_path}")
    if overbooked:
        sys.exit(1)


if __name__ == "__main__":
    main()
