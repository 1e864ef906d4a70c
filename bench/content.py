"""Content benchmark: practice list/detail latency and queries per request with 100,000 practices, and API create throughput.

Runs in-process through Django's test client (no network, no server), against
its own PostgreSQL database so nobody else's data is touched:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hub_bench_content \\
        .venv/bin/python bench/content.py --practices 100000 --requests 200 --creates 300

The database is created if missing and loaded once with bulk_create (re-runs
reuse it when it already holds enough practices). Runtime is bounded by the
request counts; loading 100,000 rows takes about a minute.
"""

import argparse
import logging
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.base")
os.environ.setdefault("DEBUG", "1")


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def load(practices: int) -> None:
    from django.utils import timezone

    from municipalities.models import Organization
    from practices.models import ContentStatus, Practice, PracticeActivity, Term, Vocabulary

    existing = Practice.objects.count()
    if existing >= practices:
        print(f"reusing {existing} practices")
        return
    organizations = list(Organization.objects.filter(kind=Organization.Kind.MUNICIPALITY))
    themes = list(Term.objects.filter(vocabulary=Vocabulary.THEME))
    rng = random.Random(1)
    now = timezone.now()
    batch = 5000
    started = time.perf_counter()
    for offset in range(existing, practices, batch):
        rows = [
            Practice(
                organization=organizations[number % len(organizations)],
                slug=f"bench-{number}",
                status=ContentStatus.PUBLISHED if number % 10 else ContentStatus.DRAFT,
                title_ka=f"პრაქტიკა {number}: ელექტრონული მომსახურება",
                title_en=f"Practice {number}" if number % 3 else "",
                challenge_ka="მოქალაქეები ითხოვდნენ უფრო სწრაფ მომსახურებას. " * 5,
                short_description_ka="მერიამ დანერგა ახალი სერვისი და გაუზიარა გამოცდილება. " * 10,
                published_at=now,
            )
            for number in range(offset, min(offset + batch, practices))
        ]
        created = Practice.objects.bulk_create(rows)
        Practice.themes.through.objects.bulk_create(
            Practice.themes.through(practice_id=practice.pk, term_id=theme.pk)
            for practice in created
            for theme in rng.sample(themes, 2)
        )
        PracticeActivity.objects.bulk_create(
            PracticeActivity(practice=practice, position=position, stage_ka=f"{position} ეტაპი", activity_ka="აქტივობა", result_ka="შედეგი")
            for practice in created
            for position in (1, 2, 3)
        )
    print(f"loaded {practices - existing} practices in {time.perf_counter() - started:.0f} s")


def measure(client, paths: list[str]) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, queries = [], []
    for path in paths:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        queries.append(len(captured))
    timings.sort()
    return {
        "requests": len(paths),
        "p50_ms": statistics.median(timings),
        "p95_ms": timings[int(len(timings) * 0.95) - 1],
        "queries": f"{min(queries)}–{max(queries)}" if min(queries) != max(queries) else str(queries[0]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--creates", type=int, default=300)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own, e.g. postgres://postgres@127.0.0.1:5432/hub_bench_content")
    ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment
    from rest_framework.test import APIClient

    from municipalities.actors import Actor
    from municipalities.models import ApiKey, Organization
    from municipalities.services import api_key_create
    from practices.models import ContentStatus, Practice

    setup_test_environment()
    # Per-request log lines would cost more than some of the requests measured.
    logging.disable(logging.WARNING)
    call_command("migrate", verbosity=0)
    load(args.practices)
    # VACUUM as well: a freshly bulk-loaded table has no visibility map, so the pagination COUNT(*) would read
    # every heap page instead of the status index alone, which autovacuum gives a live database.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

    client = APIClient()
    rng = random.Random(2)
    published = list(Practice.objects.filter(status=ContentStatus.PUBLISHED).values_list("pk", "organization__slug", "slug")[: 20_000])
    sample = [rng.choice(published) for _ in range(args.requests)]
    results = {
        "list, page_size 20": measure(client, [f"/api/v1/practices/?page={rng.randint(1, 50)}" for _ in range(args.requests)]),
        "list, page_size 100": measure(client, [f"/api/v1/practices/?page_size=100&page={rng.randint(1, 50)}" for _ in range(args.requests)]),
        "list, theme + region filter": measure(client, [f"/api/v1/practices/?theme=open-data&region=imereti&page={rng.randint(1, 5)}" for _ in range(args.requests)]),
        "detail by id": measure(client, [f"/api/v1/practices/{pk}/" for pk, _org, _slug in sample]),
        "detail by slug": measure(client, [f"/api/v1/practices/by-slug/{org}/{slug}/" for _pk, org, slug in sample]),
    }

    organization = Organization.objects.get(slug="rustavi")
    key, secret = api_key_create(organization=organization, name="bench", scope=ApiKey.Scope.WRITE, actor=Actor.system(name="bench"))
    writer = APIClient()
    writer.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    started = time.perf_counter()
    for number in range(args.creates):
        response = writer.post(
            "/api/v1/practices/",
            {"title_ka": f"ბენჩმარკის პრაქტიკა {number}", "themes": ["open-data", "efficiency"],
             "challenge_ka": "გამოწვევა", "activities": [{"activity_ka": "ა"}, {"activity_ka": "ბ"}]},
            format="json",
        )
        assert response.status_code == 201, response.content
    elapsed = time.perf_counter() - started
    Practice.objects.filter(organization=organization, title_ka__startswith="ბენჩმარკის პრაქტიკა").delete()
    key.delete()

    total = Practice.objects.count()
    print(f"\n{total} practices ({Practice.objects.filter(status=ContentStatus.PUBLISHED).count()} published)\n")
    print("| request | n | p50 ms | p95 ms | queries/request |")
    print("| --- | --- | --- | --- | --- |")
    for name, row in results.items():
        print(f"| {name} | {row['requests']} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['queries']} |")
    print(f"\ncreate through the API (write key, 2 themes, 2 activity rows): {args.creates} in {elapsed:.1f} s "
          f"= {args.creates / elapsed:.0f} creates/s ({elapsed / args.creates * 1000:.1f} ms each)")


if __name__ == "__main__":
    main()
