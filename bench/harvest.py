"""Harvest benchmark: a hub harvesting a loopback hub feed, re-harvesting it unchanged, 64 sources at once, a 500-item push.

Loopback only. Two hubs, two PostgreSQL databases it (re)creates and migrates: the publisher
(`<database>_feed`), seeded with --items published practices of one organization (bulk inserts: fixture
data, not what is measured) and served by gunicorn on 127.0.0.1; and the harvester (`<database>`), this
process. Then:

1. **full harvest**: the publisher's feed (`/api/v1/feed/`, 500 items a page); the harvester's hub-feed
   source reads it in this process (`run_execute`, end to end into PostgreSQL:
   HTTP, JSON, hashing, the batch inserts of items, themes, revisions, audit rows, provenance). Search
   indexing is a task per page sent to Redis (CELERY_BROKER_URL), as in production; it is then run here,
   timed on its own (`search.index.documents_sync` over the new items).
2. **unchanged re-harvest**: the same source with nothing changed, twice: incrementally (the stored cursor: the
   feed answers one empty page) and `--full` (every page read again and hashed, no write).
3. **64 sources at once**: 64 organizations, each with a source on its own loopback feed of --small-items
   items (a threaded server in this process serving static pages), all runs queued at once and executed by
   a Celery worker (`--worker-concurrency` processes) through Redis; wall time from the first request to the
   last run finished.
4. **push**: POST /api/v1/sync/push/ to the publisher's gunicorn with a write key, 500 new items, then the same 500 changed, then a
   retry with the same Idempotency-Key.

    .venv/bin/python bench/harvest.py                      # 10,000 items, 64 × 200 small sources
    .venv/bin/python bench/harvest.py --items 2000 --skip-many
"""

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from booking import recreate_database  # bench/ is the script's directory

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def environment(args, database_url: str | None = None) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.base",
        "DATABASE_URL": database_url or args.database_url,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "SITE_URL": f"http://127.0.0.1:{args.port}",
        "CELERY_BROKER_URL": args.broker,
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "WARNING",
        # The feed is on loopback; production keeps the guard on.
        "OUTBOUND_ALLOW_LOOPBACK": "1",
        "OUTBOUND_RETRIES": "0",
        "API_RATE_ANONYMOUS": "100000000/minute",
        "API_RATE_API_KEY": "100000000/minute",
        "PYTHONPATH": str(ROOT),
    }


def organization(slug: str, name: str):
    from municipalities.models import Organization

    return Organization.objects.create(
        kind=Organization.Kind.MUNICIPALITY, slug=slug, name_ka=name, name_en=slug,
        municipality_kind=Organization.MunicipalityKind.COMMUNITY,
    )  # fmt: skip


def seed_publisher(count: int):
    from django.utils import timezone

    from practices.models import ContentStatus, Practice, Term, Vocabulary

    publisher = organization("bench-publisher", "გამომცემელი")
    theme, _created = Term.objects.get_or_create(vocabulary=Vocabulary.THEME, slug="e-governance", defaults={"name_ka": "ელექტრონული მმართველობა"})
    now = timezone.now()
    for start in range(0, count, 2000):
        batch = Practice.objects.bulk_create(
            Practice(
                organization=publisher, slug=f"practice-{n}", status=ContentStatus.PUBLISHED, published_at=now,
                title_ka=f"პრაქტიკა {n}: ელექტრონული სერვისები", title_en=f"Practice {n}",
                short_description_ka="მუნიციპალიტეტმა დანერგა ელექტრონული პეტიციები და ცხელი ხაზი. " * 3,
                challenge_ka="მოქალაქეებს მერიაში მისვლა უწევდათ.", results_ka=f"{n} მომართვა თვეში.",
            )
            for n in range(start, min(count, start + 2000))
        )
        Practice.themes.through.objects.bulk_create(Practice.themes.through(practice_id=p.pk, term_id=theme.pk) for p in batch)
    return publisher


def wait_for(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited with {process.returncode}")
        try:
            if requests.get(url, timeout=10).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.3)
    sys.exit("gunicorn did not answer in time")


def harvest(source, *, full: bool = False):
    from municipalities.actors import Actor
    from sync.services import run_execute, run_request

    actor = Actor.system(name="bench", organization=source.organization)
    run = run_request(source=source, actor=actor, full=full, enqueue=False)
    started = time.perf_counter()
    run = run_execute(run_id=run.pk)
    return run, time.perf_counter() - started


def index_new(organization_id: int) -> tuple[int, float]:
    from practices.models import Practice
    from search.index import documents_sync

    ids = [str(pk) for pk in Practice.objects.filter(organization_id=organization_id).values_list("pk", flat=True)]
    started = time.perf_counter()
    for start in range(0, len(ids), 500):
        documents_sync(doc_type="practice", object_ids=ids[start : start + 500])
    return len(ids), time.perf_counter() - started


class StaticFeeds(BaseHTTPRequestHandler):
    """/feed/<n>/api/v1/feed/?since=<i>: feed n's items from index i, 100 a page."""

    pages: dict = {}

    def do_GET(self):
        parts = urlsplit(self.path)
        number = int(parts.path.split("/")[2])
        start = int(parse_qs(parts.query).get("since", ["0"])[0])
        items = self.pages[number]
        page = items[start : start + 100]
        body = json.dumps({"items": page, "next": str(start + len(page)), "more": start + len(page) < len(items)}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def many_sources(args) -> dict:
    from municipalities.actors import Actor
    from sync.models import Run, RunStatus
    from sync.services import run_request, source_create

    StaticFeeds.pages = {
        n: [{"id": f"s{n}-{i}", "type": "practice", "url": f"https://portal-{n}.example.ge/{i}",
             "fields": {"title_ka": f"სიახლე {i}", "short_description_ka": "აღწერა " * 20}, "themes": ["e-governance"]}
            for i in range(args.small_items)]
        for n in range(64)
    }  # fmt: skip
    server = ThreadingHTTPServer(("127.0.0.1", 0), StaticFeeds)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    sources = []
    for n in range(64):
        owner = organization(f"bench-many-{n}", f"მუნიციპალიტეტი {n}")
        system = Actor.system(name="bench", organization=owner)
        sources.append(source_create(organization=owner, actor=system, name=f"portal {n}", connector="hub",
                                     url=f"http://127.0.0.1:{port}/feed/{n}/", schedule="manual"))  # fmt: skip
    from hub.celery import app

    app.control.purge()  # nothing left over from an earlier run may sit in front of these
    worker_log = open(Path(tempfile.gettempdir()) / "bench-harvest-worker.log", "w")  # noqa: SIM115
    worker = subprocess.Popen(
        [str(Path(sys.executable).with_name("celery")), "-A", "hub", "worker", "--concurrency", str(args.worker_concurrency),
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=environment(args), stdout=worker_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        time.sleep(5)  # the worker connects to Redis
        started = time.perf_counter()
        for source in sources:
            run_request(source=source, actor=Actor.system(name="bench", organization=source.organization))
        active = [RunStatus.QUEUED, RunStatus.RUNNING]
        while Run.objects.filter(source__in=sources, status__in=active).exists():
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(30)
        server.shutdown()
    statuses = sorted(set(Run.objects.filter(source__in=sources).values_list("status", flat=True)))
    created = sum(Run.objects.filter(source__in=sources).values_list("created", flat=True))
    return {"sources": 64, "items": created, "seconds": round(elapsed, 2), "items_per_s": round(created / elapsed), "statuses": statuses}


def push(url: str, secret: str) -> dict:
    import requests

    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}

    def batch(suffix: str) -> bytes:
        return json.dumps({"items": [
            {"id": f"doc-{i}", "type": "practice", "url": f"https://pusher.example.ge/{i}",
             "fields": {"title_ka": f"დოკუმენტი {i}{suffix}", "short_description_ka": "აღწერა " * 20}, "themes": ["e-governance"]}
            for i in range(500)
        ]}).encode()  # fmt: skip

    results = {}
    with requests.Session() as session:
        for label, body, key in (("500 new", batch(""), "k1"), ("500 changed", batch(" v2"), "k2"), ("retry (same key)", batch(" v2"), "k2")):
            started = time.perf_counter()
            response = session.post(f"{url}/api/v1/sync/push/", data=body, headers={**headers, "Idempotency-Key": key}, timeout=120)
            results[label] = {"status": response.status_code, "seconds": round(time.perf_counter() - started, 3),
                              "counts": response.json().get("counts")}  # fmt: skip
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_harvest"))
    parser.add_argument("--broker", default=os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/14"))
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--small-items", type=int, default=200)
    parser.add_argument("--worker-concurrency", type=int, default=2)
    parser.add_argument("--skip-many", action="store_true")
    parser.add_argument("--seed-publisher", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    publisher_url = f"{args.database_url}_feed"
    env = environment(args)
    os.environ.update({key: env[key] for key in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "CELERY_BROKER_URL", "SITE_URL",
                                                 "OUTBOUND_ALLOW_LOOPBACK", "OUTBOUND_RETRIES", "LOG_LEVEL", "SECRET_KEY", "DEBUG",
                                                 "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS")})  # fmt: skip
    import django

    if args.seed_publisher:
        os.environ["DATABASE_URL"] = publisher_url
        django.setup()
        seed_publisher(args.items)
        from municipalities.actors import Actor
        from municipalities.models import ApiKey
        from municipalities.services import api_key_create

        pusher = organization("bench-pusher", "მიმწოდებელი")
        print(api_key_create(organization=pusher, name="bench", scope=ApiKey.Scope.WRITE, actor=Actor.system(name="bench"))[1])
        return
    publisher_env = environment(args, publisher_url)
    for url, database_env in ((args.database_url, env), (publisher_url, publisher_env)):
        recreate_database(url)
        subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=database_env, check=True)
    started = time.perf_counter()
    from redis import Redis

    Redis.from_url(args.broker).flushdb()  # the bench's own broker database: no task of an earlier run survives
    seeded = subprocess.run([sys.executable, __file__, "--seed-publisher", "--items", str(args.items), "--database-url", args.database_url],
                            cwd=ROOT, env=env, check=True, capture_output=True, text=True)  # fmt: skip
    push_secret = seeded.stdout.strip().splitlines()[-1]
    print(f"seeded {args.items} published practices in {time.perf_counter() - started:.1f} s", flush=True)
    django.setup()
    from municipalities.actors import Actor
    from sync.services import source_create

    url = f"http://127.0.0.1:{args.port}"
    log = open(Path(tempfile.gettempdir()) / "bench-harvest-gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--config", "python:hub.gunicorn_config", "hub.wsgi:application"],
        cwd=ROOT, env=publisher_env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    report = {}
    try:
        wait_for(f"{url}/api/v1/feed/", server)
        harvester = organization("bench-harvester", "შემგროვებელი")
        source = source_create(organization=harvester, actor=Actor.system(name="bench", organization=harvester),
                               name="bench hub", connector="hub", url=url, schedule="manual")  # fmt: skip
        run, seconds = harvest(source)
        report["full harvest"] = {"status": run.status, "created": run.created, "pages": run.pages, "seconds": round(seconds, 2),
                                  "items_per_s": round(run.created / seconds)}  # fmt: skip
        print(report["full harvest"], flush=True)
        indexed, index_seconds = index_new(harvester.pk)
        report["search indexing (after)"] = {"documents": indexed, "seconds": round(index_seconds, 2), "per_s": round(indexed / index_seconds)}
        print(report["search indexing (after)"], flush=True)
        run, seconds = harvest(source)
        report["unchanged, incremental (cursor)"] = {"status": run.status, "fetched": run.fetched, "pages": run.pages,
                                                     "seconds": round(seconds, 3)}  # fmt: skip
        print(report["unchanged, incremental (cursor)"], flush=True)
        run, seconds = harvest(source, full=True)
        report["unchanged re-harvest"] = {"status": run.status, "unchanged": run.unchanged, "written": run.created + run.updated,
                                          "seconds": round(seconds, 2)}  # fmt: skip
        print(report["unchanged re-harvest"], flush=True)
        report["push"] = push(url, push_secret)
        print(report["push"], flush=True)
        if not args.skip_many:
            report["64 sources"] = many_sources(args)
            print(report["64 sources"], flush=True)
    finally:
        server.terminate()
        server.wait(30)
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
