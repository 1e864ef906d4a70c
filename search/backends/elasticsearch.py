"""Elasticsearch 8, through elasticsearch.dsl: the analyzer's terms on whitespace-analyzed fields.

Layout: each type lives in its own concrete index `<prefix>-<type>-<timestamp>`;
the alias `<prefix>-<type>` writes to it and the alias `<prefix>` spans every
type for searching. A rebuild fills a new index beside the live one, catches up
the edits made meanwhile, and moves both aliases in one atomic call.

Matching is exact on the analyzed terms, like the database backends, so a query
finds the same documents everywhere; typos are handled by "did you mean" from a
term suggester over the documents' own words rather than by fuzzy matching.
"""

from django.utils import timezone
from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch.dsl import Date, Document, Index, Integer, Keyword, Q, Search, Text, analyzer
from elasticsearch.helpers import BulkIndexError, bulk

from .base import (
    SORT_DATE,
    BaseSearchBackend,
    MatchedRow,
    SearchBackendError,
    SearchQuery,
    SearchSuggestion,
    sorted_facet,
    spelling_words,
)


# Terms arrive analyzed and space-separated: the engine must only split them.
terms_analyzer = analyzer("hub_terms", tokenizer="whitespace")
FACET_FIELDS = {
    "doc_type": "doc_type",
    "organization": "organization_slug",
    "region": "region_slug",
    "tags": "tags",
    "year": "year",
    "language": "languages",
}
ROW_FIELDS = ["doc_type", "object_id", "title_ka", "title_en", "url", "body"]
BACKEND_ERRORS = (ApiError, TransportError, BulkIndexError)
RELATED_TERMS = 16
TITLE_BOOST = 4
# Counts the tags a candidate shares with the source document, for "related" ordering.
SHARED_TAGS_SCRIPT = "int n = 0; for (t in doc['tags']) { if (params.tags.contains(t)) { n++; } } return n;"


class IndexedDocument(Document):
    doc_type = Keyword()
    object_id = Keyword()
    title_ka = Text(index=False)
    title_en = Text(index=False)
    body = Text(index=False)
    url = Keyword(index=False)
    organization_slug = Keyword()
    organization_name = Keyword(index=False)
    region_slug = Keyword()
    tags = Keyword()
    year = Integer()
    languages = Keyword()
    published_at = Date()
    updated_at = Date()
    title_terms = Text(analyzer=terms_analyzer)
    body_terms = Text(analyzer=terms_analyzer)
    # The documents' own lowercase words, for the "did you mean" term suggester.
    words = Text(analyzer=terms_analyzer)


class ElasticsearchSearchBackend(BaseSearchBackend):
    document_class = IndexedDocument
    client_class = Elasticsearch

    def __init__(self, params: dict):
        super().__init__(params)
        self.url = params.get("URL", "")
        self.prefix = params.get("INDEX_PREFIX", "hub").lower()
        # Tests ask writes to wait for a refresh; production lets the refresh interval do it.
        self.refresh = params.get("REFRESH", False)
        self.client = self.client_class(
            self.url or "http://localhost:9200",
            request_timeout=params.get("TIMEOUT", 10),
            max_retries=params.get("MAX_RETRIES", 2),
            retry_on_timeout=True,
        )
        self._ready_types: set[str] = set()

    def configuration_problems(self):
        return [] if self.url else [f"SEARCH_BACKENDS[{self.alias!r}] uses Elasticsearch but sets no URL."]

    # Index definitions ------------------------------------------------------

    def type_alias(self, doc_type: str) -> str:
        return f"{self.prefix}-{doc_type.lower()}"

    def index_definition(self, name: str) -> Index:
        index = Index(name)
        index.settings(number_of_shards=1, auto_expand_replicas="0-1")
        index.document(self.document_class)
        return index

    def _create_index(self, doc_type: str, *, live: bool) -> str:
        name = f"{self.type_alias(doc_type)}-{timezone.now():%Y%m%d%H%M%S%f}"
        body = self.index_definition(name).to_dict()
        if live:
            body["aliases"] = {self.type_alias(doc_type): {}, self.prefix: {}}
        else:
            body["settings"]["refresh_interval"] = "-1"
        self.client.indices.create(index=name, **body)
        return name

    def _ensure_index(self, doc_type: str) -> None:
        if doc_type not in self._ready_types:
            if not self.client.indices.exists_alias(name=self.type_alias(doc_type)):
                self._create_index(doc_type, live=True)
            self._ready_types.add(doc_type)

    def _source(self, document) -> dict:
        return self.document_class(
            doc_type=document.doc_type,
            object_id=document.object_id,
            title_ka=document.title_ka,
            title_en=document.title_en,
            body=document.body,
            url=document.url,
            organization_slug=document.organization_slug,
            organization_name=document.organization_name,
            region_slug=document.region_slug,
            tags=list(document.tags),
            year=document.year,
            languages=list(document.languages),
            published_at=document.published_at,
            updated_at=document.updated_at,
            title_terms=" ".join(self.analyzer.index_terms(document.title_text)),
            body_terms=" ".join(self.analyzer.index_terms(document.body_text)),
            words=" ".join(sorted(spelling_words(f"{document.title_text} {document.body}"))),
        ).to_dict()

    def _actions(self, documents, index: str | None = None):
        for document in documents:
            if index is None:
                self._ensure_index(document.doc_type)
            yield {
                "_index": index or self.type_alias(document.doc_type),
                "_id": f"{document.doc_type}:{document.object_id}",
                "_source": self._source(document),
            }

    # Writing ---------------------------------------------------------------

    def index(self, documents, *, into: str | None = None) -> int:
        try:
            indexed, _ = bulk(self.client, self._actions(documents, into), chunk_size=500, refresh=self.refresh)
        except BACKEND_ERRORS as exc:
            raise SearchBackendError(f"Elasticsearch refused the documents: {exc}") from exc
        return indexed

    def delete(self, doc_type, object_ids):
        actions = [{"_op_type": "delete", "_index": self.type_alias(doc_type), "_id": f"{doc_type}:{object_id}"} for object_id in object_ids]
        try:
            if actions and self.client.indices.exists_alias(name=self.type_alias(doc_type)):
                bulk(self.client, actions, refresh=self.refresh, ignore_status=(404,))
        except BACKEND_ERRORS as exc:
            raise SearchBackendError(f"Elasticsearch could not delete documents: {exc}") from exc

    def _indices_behind(self, alias: str) -> list[str]:
        return list(self.client.indices.get_alias(name=alias, ignore_unavailable=True)) if self.client.indices.exists_alias(name=alias) else []

    def clear(self, doc_type=None):
        alias = self.prefix if doc_type is None else self.type_alias(doc_type)
        try:
            indices = self._indices_behind(alias)
            if indices:
                self.client.indices.delete(index=",".join(indices))
        except BACKEND_ERRORS as exc:
            raise SearchBackendError(f"Elasticsearch could not clear {alias}: {exc}") from exc
        self._ready_types.clear()

    def rebuild(self, documents, *, doc_type=None, changed_since=None) -> int:
        if doc_type is None:
            raise ValueError("Elasticsearch rebuilds one type at a time: pass doc_type.")
        started = timezone.now()
        try:
            new_index = self._create_index(doc_type, live=False)
            indexed = self.index(documents, into=new_index)
            if changed_since is not None:
                # Edits saved while the new index filled went to the live index only.
                self.index(changed_since(started), into=new_index)
            self.client.indices.put_settings(index=new_index, settings={"refresh_interval": None})
            self.client.indices.refresh(index=new_index)
            old_indices = self._indices_behind(self.type_alias(doc_type))
            self.client.indices.update_aliases(
                actions=[
                    *({"remove": {"index": old, "alias": alias}} for old in old_indices for alias in (self.type_alias(doc_type), self.prefix)),
                    {"add": {"index": new_index, "alias": self.type_alias(doc_type)}},
                    {"add": {"index": new_index, "alias": self.prefix}},
                ]
            )
            if old_indices:
                self.client.indices.delete(index=",".join(old_indices))
        except BACKEND_ERRORS as exc:
            raise SearchBackendError(f"Elasticsearch rebuild of {doc_type!r} failed: {exc}") from exc
        self._ready_types.add(doc_type)
        return indexed

    def health(self):
        state = {"backend": "elasticsearch", "url": self.url}
        try:
            cluster = self.client.cluster.health()
            documents = self.client.count(index=self.prefix, ignore_unavailable=True, allow_no_indices=True)["count"]
        except BACKEND_ERRORS as exc:
            return {**state, "status": "unavailable", "error": str(exc)}
        return {**state, "status": "ok", "cluster": cluster["status"], "documents": documents}

    # Requests ---------------------------------------------------------------

    def _search(self) -> Search:
        return Search(using=self.client, index=self.prefix).params(ignore_unavailable=True, allow_no_indices=True)

    def search_request(self, query: SearchQuery, groups: list[list[str]]) -> Search:
        filters = query.filters
        clauses = [
            Q("term", **{field: value})
            for field, value in (
                ("doc_type", filters.doc_type),
                ("organization_slug", filters.organization),
                ("region_slug", filters.region),
                ("year", filters.year),
                ("languages", filters.language),
            )
            if value is not None
        ] + [Q("term", tags=tag) for tag in filters.tags]
        text = Q(
            "bool",
            must=[
                Q("multi_match", query=" ".join(group), fields=[f"title_terms^{TITLE_BOOST}", "body_terms"], type="most_fields")
                for group in groups
            ],
            filter=clauses,
        )
        newest = {"published_at": {"order": "desc", "missing": "_last"}}
        order = [newest, "doc_type", "object_id"] if query.sort == SORT_DATE else ["_score", newest, "doc_type", "object_id"]
        request = self._search().query(text).sort(*order).source(ROW_FIELDS)
        request = request.extra(from_=query.offset, size=query.page_size, track_total_hits=True)
        for name, field in FACET_FIELDS.items():
            request.aggs.bucket(name, "terms", field=field, size=self.facet_size)
        return request

    def suggest_request(self, groups: list[list[str]], limit: int) -> Search:
        *complete, last = groups
        text = Q(
            "bool",
            must=[Q("terms", title_terms=group) for group in complete]
            + [Q("bool", should=[Q("prefix", title_terms=prefix) for prefix in last], minimum_should_match=1)],
        )
        newest = {"published_at": {"order": "desc", "missing": "_last"}}
        return self._search().query(text).sort("_score", newest, "object_id").source(ROW_FIELDS[:5]).extra(size=limit)

    def related_request(self, doc_type: str, object_id: str, terms: list[str], tags: list[str], limit: int) -> Search:
        text = Q(
            "bool",
            should=[Q("terms", title_terms=terms), Q("terms", body_terms=terms)],
            minimum_should_match=1,
            filter=[Q("term", doc_type=doc_type)],
            must_not=[Q("ids", values=[f"{doc_type}:{object_id}"])],
        )
        shared_tags = {"_script": {"type": "number", "order": "desc", "script": {"source": SHARED_TAGS_SCRIPT, "params": {"tags": tags}}}}
        newest = {"published_at": {"order": "desc", "missing": "_last"}}
        return (
            self._search()
            .query(text)
            .sort(shared_tags, "_score", newest, "object_id")
            .source(ROW_FIELDS)
            .extra(size=limit, track_scores=True)
        )

    def spelling_request(self, words: list[str]) -> Search:
        request = self._search().extra(size=0)
        for position, word in enumerate(words):
            request = request.suggest(f"w{position}", word, term={"field": "words", "suggest_mode": "missing", "size": 10})
        return request

    # Reading ---------------------------------------------------------------

    def _execute(self, request: Search):
        try:
            return request.execute()
        except BACKEND_ERRORS as exc:
            raise SearchBackendError(f"Elasticsearch search failed: {exc}") from exc

    @staticmethod
    def _row(hit) -> MatchedRow:
        return MatchedRow(*(getattr(hit, field, "") for field in ROW_FIELDS), score=hit.meta.score or 0.0)

    def _match(self, query, groups):
        response = self._execute(self.search_request(query, groups))
        # Without any index yet (nothing indexed) the response carries no aggregations.
        aggregations = response.to_dict().get("aggregations", {})
        facets = {
            name: sorted_facet(
                {bucket["key"]: bucket["doc_count"] for bucket in aggregations.get(name, {}).get("buckets", [])},
                self.facet_size,
            )
            for name in FACET_FIELDS
        }
        return response.hits.total.value, facets, [self._row(hit) for hit in response.hits]

    def _suggest(self, groups, limit):
        response = self._execute(self.suggest_request(groups, limit))
        return [SearchSuggestion(*(getattr(hit, field, "") for field in ROW_FIELDS[:5])) for hit in response.hits]

    def _related(self, doc_type, object_id, limit):
        try:
            source = self.client.get(index=self.type_alias(doc_type), id=f"{doc_type}:{object_id}", source=["title_terms", "tags"])
        except ApiError as exc:
            if exc.meta.status == 404:
                return []
            raise SearchBackendError(f"Elasticsearch could not read {doc_type} {object_id}: {exc}") from exc
        except TransportError as exc:
            raise SearchBackendError(f"Elasticsearch could not read {doc_type} {object_id}: {exc}") from exc
        terms = list(dict.fromkeys(source["_source"].get("title_terms", "").split()))[:RELATED_TERMS]
        if not terms:
            return []
        tags = source["_source"].get("tags", [])
        return [self._row(hit) for hit in self._execute(self.related_request(doc_type, object_id, terms, tags, limit)).hits]

    def _spelling_candidates(self, words):
        if not words:
            return {}
        response = self._execute(self.spelling_request(words))
        candidates = {}
        for position, word in enumerate(words):
            options = [option.text for entry in response.suggest[f"w{position}"] for option in entry.options]
            # The suggester offers nothing for a word that is indexed as it is.
            candidates[word] = options or [word]
        return candidates


SearchBackend = ElasticsearchSearchBackend
