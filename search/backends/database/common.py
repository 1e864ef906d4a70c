"""What the PostgreSQL and SQLite backends share: storage, filters, facets, paging.

Each engine contributes how analyzed terms are matched and scored (a `Match`),
the engine columns it writes beside an entry, and the settings its planner
needs to read the index well; PostgreSQL also counts facets in one pass.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import DatabaseError, connection, transaction
from django.db.models import Q

from search.documents import SearchDocument
from search.models import TAG_SEPARATOR, FacetValue, IndexEntry, IndexWord

from ..base import (
    FACETS,
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
ENTRY_COLUMNS = ["doc_type", "object_id", "organization", "tags", "year", "has_ka", "has_en", "published_at"]
CONTENT_COLUMNS = [
    "entry_id", "title_ka", "title_en", "body", "url", "organization_name", "updated_at", "title_terms", "body_terms",
]  # fmt: skip
# A suggestion's fields, in order; a hit (MatchedRow) adds its text.
ROW_COLUMNS = "e.doc_type, e.object_id, c.title_ka, c.title_en, c.url"
HIT_COLUMNS = f"{ROW_COLUMNS}, c.body"
CONTENT_JOIN = "JOIN search_indexcontent c ON c.entry_id = e.id"


@dataclass
class Match:
    """SQL fragments matching analyzed terms; `joins` come after `FROM search_indexentry e`.

    Parameters go in the order the fragments appear: score, joins, condition.
    """

    condition: str
    condition_params: list = field(default_factory=list)
    joins: str = ""
    join_params: list = field(default_factory=list)
    score: str = "0"
    score_params: list = field(default_factory=list)
    # For scores that fall in tiers: a condition on `score` that every match ranked above all the
    # others meets. The page then sorts that tier alone whenever it fills the page.
    first_tier: str = ""


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


def _tag_value(tags: Iterable[str]) -> str | None:
    cleaned = sorted({tag.replace(TAG_SEPARATOR, "") for tag in tags} - {""})
    return TAG_SEPARATOR + TAG_SEPARATOR.join(cleaned) + TAG_SEPARATOR if cleaned else None


def _tags_of(value: str | None) -> list[str]:
    return [tag for tag in (value or "").split(TAG_SEPARATOR) if tag]


def _grouped(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """The second items of `pairs` listed under their first."""
    grouped: dict[str, list[str]] = {}
    for first, second in pairs:
        grouped.setdefault(first, []).append(second)
    return grouped


class DatabaseSearchBackend(BaseSearchBackend):
    vendor = ""
    # (column, SQL expression) an engine writes into each entry, from `_engine_values()`.
    engine_columns: tuple[tuple[str, str], ...] = ()
    # True when the FacetValue's `value` (a set of tags) holds the parameter (one tag between separators).
    contains_sql = ""
    # Appended to text sort keys so ties order by bytes, as on every backend.
    binary_collation = ""

    def __init__(self, params: dict):
        super().__init__(params)
        self._known_words: set[str] = set()
        self._facet_codes: dict[tuple[str, str, str], int] = {}

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
        analyzed = [
            (document, self.analyzer.index_terms(document.title_text), self.analyzer.index_terms(document.body_text))
            for document in latest.values()
        ]
        codes = self._codes({key for document in latest.values() for key in self._facet_keys(document)})
        adapt = connection.ops.adapt_datetimefield_value
        columns = [*ENTRY_COLUMNS, *(column for column, _expression in self.engine_columns)]
        values = ["%s"] * len(ENTRY_COLUMNS) + [expression for _column, expression in self.engine_columns]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO search_indexentry ({', '.join(columns)}) VALUES ({', '.join(values)})",
                [
                    (*self._entry_row(document, codes, adapt), *self._engine_values(title_terms, body_terms))
                    for document, title_terms, body_terms in analyzed
                ],
            )
            ids = self._entry_ids(cursor, latest)
            cursor.executemany(
                f"INSERT INTO search_indexcontent ({', '.join(CONTENT_COLUMNS)})"
                f" VALUES ({', '.join(['%s'] * len(CONTENT_COLUMNS))})",
                [
                    (
                        ids[document.doc_type, document.object_id],
                        document.title_ka,
                        document.title_en,
                        document.body,
                        document.url,
                        document.organization_name,
                        adapt(document.updated_at),
                        " ".join(title_terms),
                        " ".join(body_terms),
                    )
                    for document, title_terms, body_terms in analyzed
                ],
            )
        words = set().union(*(spelling_words(f"{d.title_text} {d.body}") for d in latest.values())) - self._known_words
        IndexWord.objects.bulk_create([IndexWord(word=word) for word in sorted(words)], ignore_conflicts=True)
        # Within one indexing run (a rebuild), each word is written once.
        transaction.on_commit(lambda: self._known_words.update(words))

    @staticmethod
    def _organization_key(document: SearchDocument) -> tuple[str, str, str]:
        return (FacetValue.ORGANIZATION, document.organization_slug, document.region_slug)

    @staticmethod
    def _tags_key(document: SearchDocument) -> tuple[str, str | None, str]:
        return (FacetValue.TAGS, _tag_value(document.tags), "")

    def _facet_keys(self, document: SearchDocument) -> list[tuple[str, str, str]]:
        organization, tags = self._organization_key(document), self._tags_key(document)
        return [key for key in (organization, tags) if key[1] or key[2]]

    def _codes(self, keys: set[tuple[str, str, str]]) -> dict[tuple[str, str, str], int]:
        """FacetValue ids for (facet, value, region) keys, creating the missing ones."""
        missing = keys - self._facet_codes.keys()
        if not missing:
            return self._facet_codes
        FacetValue.objects.bulk_create(
            [FacetValue(facet=facet, value=value, region=region) for facet, value, region in sorted(missing)],
            ignore_conflicts=True,
        )
        condition = Q()
        for facet, values in _grouped((facet, value) for facet, value, _region in missing).items():
            condition |= Q(facet=facet, value__in=values)
        rows = FacetValue.objects.filter(condition).values_list("facet", "value", "region", "pk")
        found = {(facet, value, region): pk for facet, value, region, pk in rows if (facet, value, region) in missing}
        # Remembered once committed: a rolled-back insert must not leave an id behind that names nothing.
        transaction.on_commit(lambda: self._facet_codes.update(found))
        return {**self._facet_codes, **found}

    def _entry_row(self, document: SearchDocument, codes, adapt) -> tuple:
        return (
            document.doc_type,
            document.object_id,
            codes.get(self._organization_key(document)),
            codes.get(self._tags_key(document)),
            document.year,
            "ka" in document.languages,
            "en" in document.languages,
            adapt(document.published_at),
        )

    def _engine_values(self, title_terms: list[str], body_terms: list[str]) -> tuple:
        """The parameters of `engine_columns`' expressions for one document."""
        return ()

    def _entry_ids(self, cursor, keys) -> dict[tuple[str, str], int]:
        ids = {}
        for doc_type, object_ids in _grouped(keys).items():
            cursor.execute(
                "SELECT id, object_id FROM search_indexentry WHERE doc_type = %s AND object_id IN"
                f" ({', '.join(['%s'] * len(object_ids))})",
                [doc_type, *object_ids],
            )
            ids.update({(doc_type, object_id): entry_id for entry_id, object_id in cursor.fetchall()})
        return ids

    def _delete_keys(self, keys: Iterable[tuple[str, str]]) -> None:
        condition = Q()
        for doc_type, object_ids in _grouped(keys).items():
            condition |= Q(doc_type=doc_type, object_id__in=object_ids)
        if condition:
            self._delete_entries(IndexEntry.objects.filter(condition))

    @staticmethod
    def _delete_entries(entries) -> None:
        # In SQL rather than through the ORM's cascade, which would load every entry first.
        selected, params = entries.values("id").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM search_indexcontent WHERE entry_id IN ({selected})", params)
            cursor.execute(f"DELETE FROM search_indexentry WHERE id IN ({selected})", params)

    def delete(self, doc_type: str, object_ids: Iterable[str]) -> None:
        with transaction.atomic():
            self._delete_keys((doc_type, str(object_id)) for object_id in object_ids)

    def clear(self, doc_type: str | None = None) -> None:
        entries = IndexEntry.objects.all() if doc_type is None else IndexEntry.objects.filter(doc_type=doc_type)
        with transaction.atomic():
            self._delete_entries(entries)
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
        """Documents holding, for every group, at least one of its terms; scored by title matches."""
        raise NotImplementedError

    def _match_any(self, terms: list[str]) -> Match:
        """Documents holding any of the terms, scored higher the more of them their title holds."""
        return self._match_terms([terms])

    def _match_title_prefix(self, groups: list[list[str]]) -> Match:
        """Titles holding every group's terms, the last group's as prefixes."""
        raise NotImplementedError

    def _spelling_sql(self, word: str) -> tuple[str, list]:
        """A query for indexed words that look like `word`."""
        raise NotImplementedError

    def _fetch(self, cursor, sql: str, params: list) -> list[tuple]:
        """The rows of one reading statement; engines may wrap it in settings of their own."""
        cursor.execute(sql, params)
        return cursor.fetchall()

    def _spelling_candidates(self, words):
        candidates = {}
        with connection.cursor() as cursor:
            for word in words:
                cursor.execute(*self._spelling_sql(word))
                candidates[word] = [row[0] for row in cursor.fetchall()]
        return candidates

    def _filter_sql(self, filters: SearchFilters) -> tuple[list[str], list]:
        clauses, params = [], []
        if filters.doc_type:
            clauses.append("e.doc_type = %s")
            params.append(filters.doc_type)
        for column, value in (("value", filters.organization), ("region", filters.region)):
            if value:
                clauses.append(f"e.organization IN (SELECT id FROM search_facetvalue WHERE facet = %s AND {column} = %s)")
                params.extend([FacetValue.ORGANIZATION, value])
        if filters.year is not None:
            clauses.append("e.year = %s")
            params.append(filters.year)
        if filters.language is not None:
            column = {"ka": "e.has_ka", "en": "e.has_en"}.get(filters.language)
            clauses.append(f"{column} = %s" if column else "1 = 0")
            params.extend([True] if column else [])
        for tag in filters.tags:
            clauses.append(f"e.tags IN (SELECT id FROM search_facetvalue WHERE facet = %s AND {self.contains_sql})")
            params.extend([FacetValue.TAGS, TAG_SEPARATOR + tag.replace(TAG_SEPARATOR, "") + TAG_SEPARATOR])
        return clauses, params

    def _order(self, *, by_score: bool) -> str:
        order = f"published_at DESC NULLS LAST, doc_type{self.binary_collation}, object_id{self.binary_collation}"
        return f"score DESC, {order}" if by_score else order

    def _match(self, query: SearchQuery, groups: list[list[str]]):
        # One statement: the matching set is found and scored once, then counted per facet and
        # cut to the requested page, whose rows alone are read in full.
        match = self._match_terms(groups)
        filter_clauses, filter_params = self._filter_sql(query.filters)
        by_score = query.sort != SORT_DATE
        where = " AND ".join([match.condition, *filter_clauses])
        ctes, facet_selects = self._facet_sql()
        order = self._order(by_score=by_score)
        ranked, page_params = self._page_sql(order, match.first_tier if by_score else "", query)
        padding = ", NULL" * len(HIT_COLUMNS.split(", "))
        sql = (
            "WITH m AS MATERIALIZED (SELECT e.id, e.doc_type, e.object_id, e.organization, e.tags, e.year,"
            f" e.has_ka, e.has_en, e.published_at, CAST({match.score if by_score else 0} AS REAL) AS score"
            f" FROM search_indexentry e {match.joins} WHERE {where}),"
            f" page AS (SELECT id, score, ROW_NUMBER() OVER (ORDER BY {order}) AS position FROM ({ranked}) p)"
            f"{ctes} SELECT *{padding} FROM ({' UNION ALL '.join(facet_selects)}) AS facets"
            # Page rows carry their rank position in the count column: UNION ALL keeps no order.
            f" UNION ALL SELECT 'hit', '', p.position, p.score, {HIT_COLUMNS}"
            f" FROM page p JOIN search_indexentry e ON e.id = p.id {CONTENT_JOIN}"
        )
        params = [
            *(match.score_params if by_score else []),
            *match.join_params,
            *match.condition_params,
            *filter_params,
            *page_params,
        ]
        with connection.cursor() as cursor:
            return self._read_match(self._fetch(cursor, sql, params))

    @staticmethod
    def _page_sql(order: str, first_tier: str, query: SearchQuery) -> tuple[str, list]:
        """The requested page of the matches `m`, in `order`."""
        rows = "SELECT id, score, published_at, doc_type, object_id FROM m"
        if not first_tier:
            return f"{rows} ORDER BY {order} LIMIT %s OFFSET %s", [query.page_size, query.offset]
        # The second tier is only read when the first cannot fill the page: UNION ALL under a LIMIT
        # stops pulling rows once it has enough.
        end = query.offset + query.page_size
        return (
            f"SELECT * FROM (({rows} WHERE {first_tier} ORDER BY {order} LIMIT %s)"
            f" UNION ALL ({rows} WHERE NOT ({first_tier}) ORDER BY {order} LIMIT %s)) t LIMIT %s OFFSET %s",
            [end, end, query.page_size, query.offset],
        )

    def _facet_sql(self) -> tuple[str, list[str]]:
        """(further CTEs, SELECTs of (facet, value, count, 0) rows) over the matches `m`.

        Coded facets are counted by id, then named from the dictionary: a join per
        facet value, not per match. Regions add up their organizations' counts.
        """
        ctes = (
            ", k AS MATERIALIZED (SELECT 'organization' AS facet, organization AS code, COUNT(*) AS n"
            " FROM m GROUP BY organization UNION ALL SELECT 'tags', tags, COUNT(*) FROM m GROUP BY tags)"
        )
        return ctes, [
            "SELECT 'total', '', COUNT(*), 0 FROM m",
            "SELECT 'doc_type', doc_type, COUNT(*), 0 FROM m GROUP BY doc_type",
            "SELECT 'year', CAST(year AS TEXT), COUNT(*), 0 FROM m GROUP BY year",
            "SELECT 'language', 'ka', COUNT(*), 0 FROM m WHERE has_ka",
            "SELECT 'language', 'en', COUNT(*), 0 FROM m WHERE has_en",
            *self._named_facets("k"),
        ]

    def _named_facets(self, counts: str) -> list[str]:
        """Name the coded (facet, code, n) rows of `counts`, and sum the regions of its organizations."""
        return [
            f"SELECT 'organization', v.value, c.n, 0 FROM {counts} c LEFT JOIN search_facetvalue v ON v.id = c.code"
            " WHERE c.facet = 'organization'",
            f"SELECT 'region', v.region, CAST(SUM(c.n) AS BIGINT), 0 FROM {counts} c"
            " JOIN search_facetvalue v ON v.id = c.code WHERE c.facet = 'organization' GROUP BY v.region",
            self._tags_facet_sql(counts),
        ]

    def _tags_facet_sql(self, counts: str) -> str:
        """Each set of tags with its count; reading the rows credits every tag of a set."""
        return (
            f"SELECT 'tags', v.value, c.n, 0 FROM {counts} c JOIN search_facetvalue v ON v.id = c.code"
            " WHERE c.facet = 'tags'"
        )

    def _read_match(self, rows) -> tuple[int, dict, list[MatchedRow]]:
        counts: dict[str, dict] = {name: {} for name in FACETS}
        total, hits = 0, []
        for name, value, count, score, *hit in rows:
            if name == "total":
                total = count
            elif name == "hit":
                hits.append((count, MatchedRow(*hit, score=score)))
            elif name == FacetValue.TAGS:
                # Counted per set of tags: each of a set's tags gets its documents.
                for tag in _tags_of(value):
                    counts[name][tag] = counts[name].get(tag, 0) + count
            else:
                counts[name][value] = count
        facets = {name: sorted_facet(values, self.facet_size) for name, values in counts.items()}
        return total, facets, [row for _position, row in sorted(hits, key=lambda hit: hit[0])]

    def _suggest(self, groups, limit):
        match = self._match_title_prefix(groups)
        with connection.cursor() as cursor:
            rows = self._fetch(
                cursor,
                f"SELECT {ROW_COLUMNS}, {match.score} AS score FROM search_indexentry e {match.joins} {CONTENT_JOIN}"
                f" WHERE {match.condition} ORDER BY score DESC, e.published_at DESC NULLS LAST,"
                f" e.object_id{self.binary_collation} LIMIT %s",
                [*match.score_params, *match.join_params, *match.condition_params, limit],
            )
        return [SearchSuggestion(*row[:5]) for row in rows]

    def _related(self, doc_type, object_id, limit):
        source = (
            IndexEntry.objects.filter(doc_type=doc_type, object_id=object_id)
            .values("id", "content__title_terms", "tags")
            .first()
        )
        if source is None:
            return []
        terms = _unique(source["content__title_terms"].split())[:RELATED_TERMS]
        if not terms:
            return []
        tags = _tags_of(FacetValue.objects.filter(pk=source["tags"]).values_list("value", flat=True).first())
        match = self._match_any(terms)
        # How many of the source's tags a candidate's set of tags holds.
        shared = " + ".join([f"CASE WHEN {self.contains_sql} THEN 1 ELSE 0 END"] * len(tags)) or "0"
        with connection.cursor() as cursor:
            rows = self._fetch(
                cursor,
                f"SELECT {HIT_COLUMNS}, {match.score} AS score,"
                f" (SELECT {shared} FROM search_facetvalue WHERE id = e.tags) AS shared_tags"
                f" FROM search_indexentry e {match.joins} {CONTENT_JOIN}"
                f" WHERE {match.condition} AND e.doc_type = %s AND e.id <> %s"
                " ORDER BY shared_tags DESC NULLS LAST, score DESC, e.published_at DESC NULLS LAST,"
                f" e.object_id{self.binary_collation} LIMIT %s",
                [
                    *match.score_params,
                    *(TAG_SEPARATOR + tag + TAG_SEPARATOR for tag in tags),
                    *match.join_params,
                    *match.condition_params,
                    doc_type,
                    source["id"],
                    limit,
                ],
            )
        return [MatchedRow(*row[:7]) for row in rows]
