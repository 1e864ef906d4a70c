"""What the PostgreSQL and SQLite backends share: storage, filters, facets, paging.

Each engine contributes only how analyzed terms are matched and ranked (a
`Match`): a tsquery against the tsvector column, or an FTS5 MATCH.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import DatabaseError, connection, transaction
from django.db.models import Q

from search.documents import SearchDocument
from search.models import IndexEntry, IndexTag, IndexWord

from ..base import (
    SORT_DATE,
    BaseSearchBackend,
    MatchedRow,
    SearchFilters,
    SearchQuery,
    SearchSuggestion,
    sorted_facet,
    spelling_words,
)

BATCH_SIZE = 500
RELATED_TERMS = 16
FACET_COLUMNS = {"doc_type": "doc_type", "organization": "organization_slug", "region": "region_slug"}
ENTRY_COLUMNS = [
    "doc_type", "object_id", "title_ka", "title_en", "body", "url", "organization_slug", "organization_name",
    "region_slug", "year", "has_ka", "has_en", "published_at", "updated_at", "title_terms", "body_terms",
]  # fmt: skip
ROW_COLUMNS = "e.doc_type, e.object_id, e.title_ka, e.title_en, e.url"


@dataclass
class Match:
    """SQL fragments matching analyzed terms; `joins` come after `FROM search_indexentry e`."""

    joins: str
    join_params: list
    condition: str
    condition_params: list = field(default_factory=list)
    score: str = "0"


def _chunks(documents: Iterable[SearchDocument], size: int):
    batch = []
    for document in documents:
        batch.append(document)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


class DatabaseSearchBackend(BaseSearchBackend):
    vendor = ""

    def __init__(self, params: dict):
        super().__init__(params)
        self._known_words: set[str] = set()

    # Writing ---------------------------------------------------------------

    def index(self, documents: Iterable[SearchDocument]) -> int:
        count = 0
        for batch in _chunks(documents, BATCH_SIZE):
            self._index_batch(batch)
            count += len(batch)
        return count

    @transaction.atomic
    def _index_batch(self, documents: list[SearchDocument]) -> None:
        # Plain executemany rather than bulk_create: model instances cost more than the engine's own work.
        latest = {(document.doc_type, document.object_id): document for document in documents}
        self._delete_keys(latest)
        adapt = connection.ops.adapt_datetimefield_value
        placeholders = ", ".join(["%s"] * len(ENTRY_COLUMNS))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO search_indexentry ({', '.join(ENTRY_COLUMNS)}) VALUES ({placeholders})",
                [self._entry_row(document, adapt) for document in latest.values()],
            )
            ids = self._entry_ids(cursor, latest)
            cursor.executemany(
                "INSERT INTO search_indextag (entry_id, tag) VALUES (%s, %s)",
                [(ids[key], tag) for key, document in latest.items() for tag in _unique(document.tags)],
            )
        words = set().union(*(spelling_words(f"{d.title_text} {d.body}") for d in latest.values())) - self._known_words
        IndexWord.objects.bulk_create([IndexWord(word=word) for word in sorted(words)], ignore_conflicts=True)
        # Within one indexing run (a rebuild), each word is written once.
        transaction.on_commit(lambda: self._known_words.update(words))

    def _entry_ids(self, cursor, keys) -> dict[tuple[str, str], int]:
        by_type: dict[str, list[str]] = {}
        for doc_type, object_id in keys:
            by_type.setdefault(doc_type, []).append(object_id)
        ids = {}
        for doc_type, object_ids in by_type.items():
            cursor.execute(
                "SELECT id, object_id FROM search_indexentry WHERE doc_type = %s AND object_id IN"
                f" ({', '.join(['%s'] * len(object_ids))})",
                [doc_type, *object_ids],
            )
            ids.update({(doc_type, object_id): entry_id for entry_id, object_id in cursor.fetchall()})
        return ids

    def _entry_row(self, document: SearchDocument, adapt) -> tuple:
        return (
            document.doc_type,
            document.object_id,
            document.title_ka,
            document.title_en,
            document.body,
            document.url,
            document.organization_slug,
            document.organization_name,
            document.region_slug,
            document.year,
            "ka" in document.languages,
            "en" in document.languages,
            adapt(document.published_at),
            adapt(document.updated_at),
            " ".join(self.analyzer.index_terms(document.title_text)),
            " ".join(self.analyzer.index_terms(document.body_text)),
        )

    def _delete_keys(self, keys: Iterable[tuple[str, str]]) -> None:
        by_type: dict[str, list[str]] = {}
        for doc_type, object_id in keys:
            by_type.setdefault(doc_type, []).append(object_id)
        condition = Q()
        for doc_type, object_ids in by_type.items():
            condition |= Q(doc_type=doc_type, object_id__in=object_ids)
        if condition:
            IndexEntry.objects.filter(condition).delete()

    def delete(self, doc_type: str, object_ids: Iterable[str]) -> None:
        self._delete_keys((doc_type, str(object_id)) for object_id in object_ids)

    def clear(self, doc_type: str | None = None) -> None:
        entries = IndexEntry.objects.all() if doc_type is None else IndexEntry.objects.filter(doc_type=doc_type)
        with transaction.atomic():
            entries.delete()
            if doc_type is None:
                IndexWord.objects.all().delete()
                self._known_words.clear()

    def rebuild(self, documents, *, doc_type=None, changed_since=None) -> int:
        # One transaction: readers keep seeing the old entries until the new ones commit,
        # and edits made meanwhile wait on the rebuilt rows, so nothing needs catching up.
        with transaction.atomic():
            self.clear(doc_type)
            return self.index(documents)

    def health(self) -> dict:
        state = {"backend": "database", "engine": self.vendor}
        try:
            return {**state, "status": "ok", "documents": IndexEntry.objects.count()}
        except DatabaseError as exc:
            return {**state, "status": "error", "error": str(exc)}

    # Reading ---------------------------------------------------------------

    def _match_terms(self, groups: list[list[str]]) -> Match:
        """Documents holding, for every group, at least one of its terms."""
        raise NotImplementedError

    def _match_title_prefix(self, groups: list[list[str]]) -> Match:
        """Titles holding every group's terms, the last group's as prefixes."""
        raise NotImplementedError

    def _spelling_sql(self, word: str) -> tuple[str, list]:
        """A query for indexed words that look like `word`."""
        raise NotImplementedError

    def _spelling_candidates(self, words):
        candidates = {}
        with connection.cursor() as cursor:
            for word in words:
                cursor.execute(*self._spelling_sql(word))
                candidates[word] = [row[0] for row in cursor.fetchall()]
        return candidates

    def _filter_sql(self, filters: SearchFilters) -> tuple[list[str], list]:
        clauses, params = [], []
        for name, column in FACET_COLUMNS.items():
            if getattr(filters, name):
                clauses.append(f"e.{column} = %s")
                params.append(getattr(filters, name))
        if filters.year is not None:
            clauses.append("e.year = %s")
            params.append(filters.year)
        if filters.language is not None:
            column = {"ka": "e.has_ka", "en": "e.has_en"}.get(filters.language)
            clauses.append(f"{column} = %s" if column else "1 = 0")
            params.extend([True] if column else [])
        for tag in filters.tags:
            clauses.append("e.id IN (SELECT entry_id FROM search_indextag WHERE tag = %s)")
            params.append(tag)
        return clauses, params

    def _match(self, query: SearchQuery, groups: list[list[str]]):
        # One statement: the matching set is found and ranked once, then counted per facet and
        # cut to the requested page; only that page's rows are read in full afterwards.
        match = self._match_terms(groups)
        filter_clauses, filter_params = self._filter_sql(query.filters)
        where = " AND ".join([match.condition, *filter_clauses])
        source = f"FROM search_indexentry e {match.joins} WHERE {where}"
        score = "0" if query.sort == SORT_DATE else match.score
        order = "published_at DESC NULLS LAST, doc_type, object_id"
        order = order if query.sort == SORT_DATE else f"score DESC, {order}"
        with connection.cursor() as cursor:
            cursor.execute(
                self._match_sql(source, score, order),
                [*match.join_params, *match.condition_params, *filter_params, query.page_size, query.offset],
            )
            total, facets, page = self._read_match(cursor.fetchall())
            if not page:
                return total, facets, []
            cursor.execute(
                f"SELECT e.id, {ROW_COLUMNS}, e.body FROM search_indexentry e"
                f" WHERE e.id IN ({', '.join(['%s'] * len(page))})",
                list(page),
            )
            rows = {row[0]: row[1:] for row in cursor.fetchall()}
        return total, facets, [MatchedRow(*rows[entry_id], score=entry_score) for entry_id, entry_score in page.items()]

    def _match_sql(self, source: str, score: str, order: str) -> str:
        grouped = [
            f"SELECT '{name}', {column}, COUNT(*), 0 FROM m GROUP BY {column}" for name, column in FACET_COLUMNS.items()
        ]
        return (
            "WITH m AS MATERIALIZED (SELECT e.id, e.doc_type, e.object_id, e.organization_slug, e.region_slug,"
            f" e.year, e.has_ka, e.has_en, e.published_at, CAST({score} AS REAL) AS score {source}),"
            f" page AS (SELECT id, score, ROW_NUMBER() OVER (ORDER BY {order}) AS position"
            f" FROM m ORDER BY {order} LIMIT %s OFFSET %s) "
            + " UNION ALL ".join(
                [
                    "SELECT 'total', '', COUNT(*), 0 FROM m",
                    *grouped,
                    "SELECT 'year', CAST(year AS TEXT), COUNT(*), 0 FROM m GROUP BY year",
                    "SELECT 'language', 'ka', COUNT(*), 0 FROM m WHERE has_ka",
                    "SELECT 'language', 'en', COUNT(*), 0 FROM m WHERE has_en",
                    "SELECT 'tags', t.tag, COUNT(*), 0 FROM search_indextag t JOIN m ON m.id = t.entry_id GROUP BY t.tag",
                    # Page rows carry their rank position in the count column: UNION ALL keeps no order.
                    "SELECT 'hit', CAST(id AS TEXT), position, score FROM page",
                ]
            )
        )

    def _read_match(self, rows) -> tuple[int, dict, dict[int, float]]:
        counts: dict[str, dict] = {name: {} for name in ("doc_type", "organization", "region", "tags", "year", "language")}
        total, hits = 0, []
        for name, value, count, score in rows:
            if name == "total":
                total = count
            elif name == "hit":
                hits.append((count, int(value), score))
            else:
                counts[name][value] = count
        facets = {name: sorted_facet(values, self.facet_size) for name, values in counts.items()}
        return total, facets, {entry_id: score for _position, entry_id, score in sorted(hits)}

    def _suggest(self, groups, limit):
        match = self._match_title_prefix(groups)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {ROW_COLUMNS}, {match.score} AS score FROM search_indexentry e {match.joins} "
                f"WHERE {match.condition} ORDER BY score DESC, e.published_at DESC NULLS LAST, e.object_id LIMIT %s",
                [*match.join_params, *match.condition_params, limit],
            )
            return [SearchSuggestion(*row[:5]) for row in cursor.fetchall()]

    def _related(self, doc_type, object_id, limit):
        source = IndexEntry.objects.filter(doc_type=doc_type, object_id=object_id).values("id", "title_terms").first()
        if source is None:
            return []
        terms = _unique(source["title_terms"].split())[:RELATED_TERMS]
        if not terms:
            return []
        tags = list(IndexTag.objects.filter(entry_id=source["id"]).values_list("tag", flat=True)) or [""]
        match = self._match_terms([terms])
        placeholders = ", ".join(["%s"] * len(tags))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {ROW_COLUMNS}, e.body, {match.score} AS score,"
                f" (SELECT COUNT(*) FROM search_indextag t WHERE t.entry_id = e.id AND t.tag IN ({placeholders}))"
                f" AS shared_tags FROM search_indexentry e {match.joins}"
                f" WHERE {match.condition} AND e.doc_type = %s AND e.id <> %s"
                " ORDER BY shared_tags DESC, score DESC, e.published_at DESC NULLS LAST, e.object_id LIMIT %s",
                [*tags, *match.join_params, *match.condition_params, doc_type, source["id"], limit],
            )
            return [MatchedRow(*row[:7]) for row in cursor.fetchall()]
