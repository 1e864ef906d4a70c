"""Georgian stemmer quality and analyzer throughput.

Quality, on the inflection table tests/search/inflections/georgian.tsv (lemma, word form, tag): every ordered pair of
distinct word forms is a query and a one-word document. A pair of forms of the same lemma should match (recall), a
pair of forms of different lemmas should not (precision = matching same-lemma pairs / all matching pairs). Measured
for Georgian-script queries, for queries typed in Latin letters (the 2002 national system without apostrophes, and
chat spelling: c for ც, w for წ, q for ქ, y for ყ, x for ხ, f for ფ), and for the plain unstemmed baseline (casefolded
word equals casefolded word).

Throughput: index_terms() over ~1,000-character Georgian documents cut from the seed text sample, a first pass with
empty per-word caches and a second pass with warm caches (steady state of a reindex); and the uncached analysis rate
of distinct words (every word a cache miss, the worst case for a corpus with a large vocabulary).

Run: .venv/bin/python bench/stemmer.py
"""

import csv
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search import analysis  # noqa: E402  (needs the project root on sys.path first)

TABLE = ROOT / "tests/search/inflections/georgian.tsv"
CORPUS = ROOT / "tests/search/inflections/corpus_sample.txt"
DOCUMENT_CHARS = 1000
DOCUMENTS = 5000


def load_table() -> list[tuple[str, str]]:
    with TABLE.open(encoding="utf-8") as table:
        rows = (row for row in csv.reader(table, delimiter="\t") if row and not row[0].startswith("#"))
        return [(lemma, form) for lemma, form, _tag in rows]


def pair_scores(forms: list[tuple[str, str]], query_alternatives, document_terms) -> dict[str, float]:
    postings: dict[str, set[int]] = defaultdict(set)
    for position, (_lemma, form) in enumerate(forms):
        for term in document_terms(form):
            postings[term].add(position)
    lemma_sizes: dict[str, int] = defaultdict(int)
    for lemma, _form in forms:
        lemma_sizes[lemma] += 1
    relevant = sum(size * (size - 1) for size in lemma_sizes.values())
    matched = matched_relevant = 0
    for position, (lemma, form) in enumerate(forms):
        found = set().union(*(postings.get(term, ()) for term in query_alternatives(form))) - {position}
        matched += len(found)
        matched_relevant += sum(1 for other in found if forms[other][0] == lemma)
    return {
        "recall": matched_relevant / relevant,
        "precision": matched_relevant / matched if matched else 1.0,
        "pairs": relevant,
        "false_matches": matched - matched_relevant,
    }


def _alternatives(text: str) -> set[str]:
    return {term for group in analysis.query_terms(text) for term in group}


def _loose_latin(form: str) -> str:
    return analysis._loose_latin(form)


_CHAT_SPELLING = str.maketrans({"ქ": "q", "ყ": "y", "წ": "w", "ც": "c", "ხ": "x", "ფ": "f"})


def _chat_latin(form: str) -> str:
    return analysis._loose_latin(form.translate(_CHAT_SPELLING))


def quality() -> dict[str, dict[str, float]]:
    forms = load_table()
    return {
        "plain unstemmed baseline": pair_scores(forms, lambda form: {form.casefold()}, lambda form: {form.casefold()}),
        "analyzer, Georgian query": pair_scores(forms, _alternatives, lambda form: set(analysis.index_terms(form))),
        "analyzer, Latin query (2002 system)": pair_scores(
            forms, lambda form: _alternatives(_loose_latin(form)), lambda form: set(analysis.index_terms(form))
        ),
        "analyzer, Latin query (chat spelling)": pair_scores(
            forms, lambda form: _alternatives(_chat_latin(form)), lambda form: set(analysis.index_terms(form))
        ),
    }


def _clear_caches() -> None:
    for cached in (analysis.georgian_stems, analysis._georgian_terms, analysis._latin_terms):
        cached.cache_clear()


def throughput() -> dict[str, float]:
    text = " ".join(CORPUS.read_text(encoding="utf-8").split())
    chunks = [text[start : start + DOCUMENT_CHARS] for start in range(0, len(text) - DOCUMENT_CHARS, 97)]
    documents = [chunks[index % len(chunks)] for index in range(DOCUMENTS)]
    words = sum(len(document.split()) for document in documents)
    results = {"documents": len(documents), "words": words}
    _clear_caches()
    for label in ("first pass", "second pass"):
        started = time.perf_counter()
        for document in documents:
            analysis.index_terms(document)
        elapsed = time.perf_counter() - started
        results[f"{label} docs/s"] = len(documents) / elapsed
        results[f"{label} words/s"] = words / elapsed
    started = time.perf_counter()
    for document in documents:
        analysis.query_terms(document[:60])
    results["query µs"] = (time.perf_counter() - started) / len(documents) * 1e6
    vocabulary = {word for document in documents for word in document.split()}
    vocabulary |= {form for _lemma, form in load_table()}
    _clear_caches()
    started = time.perf_counter()
    for word in vocabulary:
        analysis.index_terms(word)
    results["distinct words"] = len(vocabulary)
    results["uncached words/s"] = len(vocabulary) / (time.perf_counter() - started)
    return results


def main() -> None:
    forms = load_table()
    print(f"Inflection table: {len({lemma for lemma, _ in forms})} lemmas, {len(forms)} word forms")
    print("| Method | Recall | Precision | Same-lemma pairs | False matches |")
    print("|---|---|---|---|---|")
    for method, score in quality().items():
        recall, precision = score["recall"], score["precision"]
        print(f"| {method} | {recall:.4f} | {precision:.4f} | {score['pairs']} | {score['false_matches']} |")
    print()
    numbers = throughput()
    documents, words = numbers["documents"], numbers["words"]
    print(f"index_terms() over {documents} documents of ~{DOCUMENT_CHARS} characters ({words} words):")
    for label in ("first pass", "second pass"):
        docs, words = numbers[f"{label} docs/s"], numbers[f"{label} words/s"]
        print(f"- {label}: {docs:,.0f} docs/s, {words:,.0f} words/s")
    distinct, uncached = numbers["distinct words"], numbers["uncached words/s"]
    print(f"- uncached, {distinct} distinct words: {uncached:,.0f} words/s")
    print(f"query_terms() on a 60-character query: {numbers['query µs']:.1f} µs")


if __name__ == "__main__":
    main()
