"""Search backends: indexing rate, query latency with facets, and recall@10 of the Georgian analyzer.

Synthetic documents are built from seed-like Georgian text (tests/search/inflections/corpus_sample.txt): a
title of 6 words, a body of 80 words, one of 64 organizations in 10 regions, 1–3 of 12 themes, a year and
languages. Three of each title's words are key words: a random form of a random lemma of the inflection table
(tests/search/inflections/georgian.tsv).

- Indexing: documents per second through `backend.index()` (analysis included), at each size.
- Latency: a three-word query with every facet (total, type, organization, region, theme, year, language)
  and the first page of 20 snippets; words drawn from one document's title, so every query matches; p50/p95
  over the queries, each query timed by the median of --repeat passes.
- Recall@10 (known item, on the smallest size): each query names a document's three key lemmas in OTHER forms
  of the inflection table (inflected), or those forms typed in Latin letters without apostrophes
  (transliterated); relevant = every document holding the three lemmas. The Georgian analyzer is compared with
  a plain unstemmed baseline (lowercase, split on non-word characters) indexed the same way.

Run on its own database (created and migrated here), e.g.:
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/hub_bench .venv/bin/python bench/search.py
  DATABASE_URL=sqlite:////tmp/hub_bench.sqlite3 .venv/bin/python bench/search.py
Options: --sizes 10000,100000 --queries 300 --repeat 3 --seed 7
"""

import argparse
import csv
import os
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.base")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from anyascii import anyascii  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from search.backends import get_search_backend  # noqa: E402
from search.backends.base import SearchQuery  # noqa: E402
from search.documents import SearchDocument  # noqa: E402

TABLE = ROOT / "tests/search/inflections/georgian.tsv"
SAMPLE = ROOT / "tests/search/inflections/corpus_sample.txt"
THEMES = ["e-governance", "transparency", "open-data", "training", "citizen-services", "participation",
          "property", "social", "environment", "document-flow", "inter-municipal-cooperation", "budget"]  # fmt: skip
TBILISI = ZoneInfo("Asia/Tbilisi")
EPOCH = datetime(2015, 1, 1, tzinfo=TBILISI)


class PlainAnalyzer:
    """The unstemmed baseline: casefolded words, split on anything that is not a word character."""

    @staticmethod
    def index_terms(text):
        return re.findall(r"\w+", text.casefold())

    @staticmethod
    def query_terms(text):
        return [[word] for word in re.findall(r"\w+", text.casefold())]

    prefix_terms = query_terms


def load_lemmas() -> dict[str, list[str]]:
    forms = defaultdict(list)
    with TABLE.open(encoding="utf-8") as table:
        for row in csv.reader(table, delimiter="\t"):
            if row and not row[0].startswith("#") and " " not in row[1]:
                forms[row[0]].append(row[1])
    return {lemma: sorted(set(words)) for lemma, words in forms.items() if len(set(words)) > 2}


def make_corpus(size: int, rng: random.Random, lemmas: dict[str, list[str]]):
    vocabulary = [word for word in re.findall(r"\w+", SAMPLE.read_text(encoding="utf-8")) if len(word) > 2]
    lemma_names = sorted(lemmas)
    documents, keys = [], []
    for number in range(size):
        key_lemmas = rng.sample(lemma_names, 3)
        title = [rng.choice(lemmas[lemma]) for lemma in key_lemmas] + rng.choices(vocabulary, k=3)
        rng.shuffle(title)
        organization = rng.randrange(64)
        published = EPOCH + timedelta(days=rng.randrange(3900))
        documents.append(
            SearchDocument(
                doc_type=rng.choice(["practice", "practice", "action_plan", "training", "service"]),
                object_id=str(number),
                title_ka=" ".join(title),
                title_en="",
                body=" ".join(rng.choices(vocabulary, k=80)),
                url=f"/practices/{number}/",
                organization_slug=f"municipality-{organization}",
                organization_name=f"მუნიციპალიტეტი {organization}",
                region_slug=f"region-{organization % 10}",
                tags=rng.sample(THEMES, rng.randint(1, 3)),
                year=published.year,
                languages=["ka", "en"] if rng.random() < 0.3 else ["ka"],
                published_at=published,
                updated_at=published,
            )
        )
        keys.append(frozenset(key_lemmas))
    return documents, keys


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure_latency(backend, documents, rng, count: int, repeat: int) -> tuple[float, float, float]:
    queries = []
    for document in rng.sample(documents, count):
        words = document.title_ka.split()
        queries.append(" ".join(rng.sample(words, 3)))
    for text in queries[:20]:  # warm caches and plans
        backend.search(SearchQuery(text))
    # Each query's time is the median of `repeat` passes over the whole set, so a moment of
    # noise on the shared machine does not stand for a query's cost; percentiles are over queries.
    passes = []
    for _ in range(repeat):
        timings, totals = [], []
        for text in queries:
            started = time.perf_counter()
            results = backend.search(SearchQuery(text))
            timings.append((time.perf_counter() - started) * 1000)
            totals.append(results.total)
        passes.append(timings)
    per_query = [statistics.median(times) for times in zip(*passes, strict=True)]
    return percentile(per_query, 0.5), percentile(per_query, 0.95), statistics.mean(totals)


def recall_queries(documents, keys, lemmas, rng, count: int):
    by_lemmas = defaultdict(set)
    for document, key in zip(documents, keys, strict=True):
        by_lemmas[key].add(document.object_id)
    queries = []
    for index in rng.sample(range(len(documents)), count):
        title_words = set(documents[index].title_ka.split())
        forms = []
        for lemma in sorted(keys[index]):
            others = [form for form in lemmas[lemma] if form not in title_words]
            forms.append(rng.choice(others))
        relevant = set().union(*(ids for key, ids in by_lemmas.items() if keys[index] <= key))
        inflected = " ".join(forms)
        transliterated = anyascii(inflected).lower().replace("'", "")
        queries.append((inflected, transliterated, relevant))
    return queries


def recall_at_10(backend, queries, which: int) -> float:
    scores = []
    for query in queries:
        relevant = query[2]
        found = {hit.object_id for hit in backend.search(SearchQuery(query[which], page_size=10)).hits}
        scores.append(len(found & relevant) / min(len(relevant), 10))
    return statistics.mean(scores)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="passes over the queries; each query counts its median")
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    backend = get_search_backend()
    baseline = type("PlainBackend", (type(backend),), {"analyzer": PlainAnalyzer})(backend.params)
    lemmas = load_lemmas()
    vendor = connection.vendor
    print(f"# search benchmark on {vendor} ({connection.settings_dict['NAME']})")
    print("| documents | indexing docs/s | p50 ms | p95 ms | mean matches per query |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    sizes = [int(size) for size in options.sizes.split(",")]
    recall_rows = []
    for size in sizes:
        rng = random.Random(options.seed)
        documents, keys = make_corpus(size, rng, lemmas)
        backend.clear()
        started = time.perf_counter()
        backend.index(documents)
        rate = size / (time.perf_counter() - started)
        if vendor == "postgresql":
            # Each size replaces the previous one with DELETE; measure the steady state autovacuum
            # reaches, not a heap full of the dead rows of the last run.
            with connection.cursor() as cursor:
                for table in ("search_indexentry", "search_indexcontent", "search_facetvalue", "search_indexword"):
                    cursor.execute(f"VACUUM ANALYZE {table}")
        p50, p95, matches = measure_latency(backend, documents, rng, options.queries, options.repeat)
        print(f"| {size:,} | {rate:,.0f} | {p50:.1f} | {p95:.1f} | {matches:,.0f} |", flush=True)
        if size == sizes[0]:
            queries = recall_queries(documents, keys, lemmas, rng, options.queries)
            recall_rows.append(("Georgian analyzer", recall_at_10(backend, queries, 0), recall_at_10(backend, queries, 1)))
            baseline.clear()
            baseline.index(documents)
            recall_rows.append(("plain baseline", recall_at_10(baseline, queries, 0), recall_at_10(baseline, queries, 1)))
    print(f"\nrecall@10 at {sizes[0]:,} documents, {options.queries} known-item queries")
    print("| analyzer | inflected Georgian | Latin transliteration |")
    print("| --- | ---: | ---: |")
    for name, inflected, transliterated in recall_rows:
        print(f"| {name} | {inflected:.3f} | {transliterated:.3f} |")
    backend.clear()


if __name__ == "__main__":
    main()
