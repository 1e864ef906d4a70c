"""The contract every search backend fulfils, and the parts all of them share.

A backend only stores and matches the analyzer's terms; analysis, query
validation, snippets and "did you mean" ranking live here, so the same query
finds the same documents with the same snippets on every backend.
"""

import difflib
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from municipalities.models import in_language
from search import analysis
from search.documents import SearchDocument, reader_path

SORT_RELEVANCE = "relevance"
SORT_DATE = "date"
SORTS = (SORT_RELEVANCE, SORT_DATE)
FACETS = ("doc_type", "organization", "region", "tags", "year", "language")
MAX_PAGE_SIZE = 100
# Elasticsearch refuses to page past 10,000 hits; every backend keeps the same limit.
MAX_RESULT_WINDOW = 10_000
SNIPPET_LENGTH = 240
SPELLING_MIN_SIMILARITY = 0.75

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


def bilingual_title(item) -> str:
    """The title in the current language, else whichever language the document has."""
    return in_language(item, "title") or item.title_en or item.title_ka


class InvalidSearchQuery(ValueError):
    """The one error a search may raise: the API turns it into a 400 with this message."""


class SearchBackendError(Exception):
    """The engine could not be reached or refused a write; indexing tasks retry on it."""


def clean_query_text(text: str | None) -> str:
    text = _SPACE.sub(" ", (text or "").replace("\x00", " ")).strip()
    if not text:
        raise InvalidSearchQuery(_("Enter a word or phrase to search for."))
    limit = settings.SEARCH_QUERY_MAX_LENGTH
    if len(text) > limit:
        raise InvalidSearchQuery(
            _("A search query can be at most %(limit)d characters long; yours has %(length)d.")
            % {"limit": limit, "length": len(text)}
        )
    return text


def _clean_value(value: str | None) -> str | None:
    # PostgreSQL rejects NUL characters in text parameters; no filter value may carry one.
    return value.replace("\x00", "") if value is not None else None


@dataclass(frozen=True)
class SearchFilters:
    doc_type: str | None = None
    organization: str | None = None
    region: str | None = None
    tags: tuple[str, ...] = ()
    year: int | None = None
    language: str | None = None

    def __post_init__(self):
        for name in ("doc_type", "organization", "region", "language"):
            object.__setattr__(self, name, _clean_value(getattr(self, name)) or None)
        object.__setattr__(self, "tags", tuple(tag for tag in map(_clean_value, self.tags) if tag))
        if self.year is not None and not 1 <= self.year <= 9999:
            raise InvalidSearchQuery(_("A year must lie between 1 and 9999."))


@dataclass(frozen=True)
class SearchQuery:
    text: str
    filters: SearchFilters = field(default_factory=SearchFilters)
    sort: str = SORT_RELEVANCE
    page: int = 1
    page_size: int = 20

    def __post_init__(self):
        object.__setattr__(self, "text", clean_query_text(self.text))
        if self.sort not in SORTS:
            raise InvalidSearchQuery(_("Sort by relevance or by date."))
        if self.page < 1 or not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise InvalidSearchQuery(_("Pages start at 1 and hold 1 to %(limit)d results.") % {"limit": MAX_PAGE_SIZE})
        if self.page * self.page_size > MAX_RESULT_WINDOW:
            raise InvalidSearchQuery(
                _("Only the first %(limit)d results can be paged through; narrow the search.")
                % {"limit": MAX_RESULT_WINDOW}
            )

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass
class SearchSuggestion:
    doc_type: str
    object_id: str
    title_ka: str
    title_en: str
    url: str

    def __post_init__(self):
        # Built when the results are read, so in the reader's language whoever indexed the item.
        self.url = reader_path(self.url)

    @property
    def title(self) -> str:
        return bilingual_title(self)


@dataclass
class SearchHit(SearchSuggestion):
    snippet: SafeString
    score: float


@dataclass
class MatchedRow:
    """What a backend returns for one match; the base class turns it into a hit."""

    doc_type: str
    object_id: str
    title_ka: str
    title_en: str
    url: str
    body: str
    score: float


@dataclass
class SearchResults:
    hits: list[SearchHit]
    total: int
    page: int
    page_size: int
    facets: dict[str, list[tuple[str, int]]]
    did_you_mean: str | None = None

    @property
    def num_pages(self) -> int:
        return max(1, -(-min(self.total, MAX_RESULT_WINDOW) // self.page_size))


def sorted_facet(counts: dict, limit: int) -> list[tuple[str, int]]:
    """Facet values by count, then value, so every backend lists them in the same order."""
    pairs = [(str(value), int(count)) for value, count in counts.items() if value not in (None, "") and count]
    return sorted(pairs, key=lambda pair: (-pair[1], pair[0]))[:limit]


def spelling_words(text: str) -> set[str]:
    """Words offered by "did you mean": the documents' own lowercase words, not stems."""
    return {word for word in _WORD.findall(text.casefold()) if 3 <= len(word) <= 40 and word.isalpha()}


class SnippetBuilder:
    """Highlights, in the original text, the words whose analyzed terms the query asked for.

    Engines highlight their indexed tokens, which here are stems; this marks the
    words people actually wrote, and gives every backend identical snippets.
    """

    length = SNIPPET_LENGTH
    scan_limit = 20_000

    def __init__(self, analyzer):
        self.terms_of = lru_cache(maxsize=100_000)(lambda word: frozenset(analyzer.index_terms(word)))

    def for_query(self, groups: list[list[str]]) -> Callable[[str], SafeString]:
        """Builds snippets for one query's hits, deciding once per word whether it is marked."""
        wanted = {term for group in groups for term in group}
        marked: dict[str, bool] = {}

        def is_marked(word: str) -> bool:
            if word not in marked:
                marked[word] = bool(wanted & self.terms_of(word))
            return marked[word]

        return lambda text: self._build(text, is_marked)

    def _build(self, text: str, is_marked: Callable[[str], bool]) -> SafeString:
        text = _SPACE.sub(" ", text[: self.scan_limit]).strip()
        first = next((m for m in _WORD.finditer(text) if is_marked(m.group())), None)
        start = 0
        if first is not None and first.start() > self.length // 4:
            start = text.rfind(" ", 0, first.start() - self.length // 4) + 1
        end = len(text) if len(text) - start <= self.length else text.rfind(" ", start, start + self.length)
        if end <= start:
            end = min(len(text), start + self.length)
        pieces, position = [], start
        for match in _WORD.finditer(text, start, end):
            if is_marked(match.group()):
                pieces += [html.escape(text[position : match.start()]), "<mark>", html.escape(match.group()), "</mark>"]
                position = match.end()
        pieces.append(html.escape(text[position:end]))
        return mark_safe(("… " if start else "") + "".join(pieces) + (" …" if end < len(text) else ""))


class BaseSearchBackend:
    """Stores analyzed documents, and answers searches, suggestions and related documents.

    Subclasses implement the storage and matching (`_match`, `_suggest`,
    `_related`, `_spelling_candidates`); collaborators are class attributes, so a
    subclass (or the benchmark's unstemmed baseline) swaps one without rewriting the rest.
    """

    analyzer = analysis
    snippet_builder_class = SnippetBuilder
    facet_size = 30

    def __init__(self, params: dict):
        self.params = params
        self.alias = params.get("ALIAS", "default")
        self.snippets = self.snippet_builder_class(self.analyzer)

    # Writing ---------------------------------------------------------------

    def index(self, documents: Iterable[SearchDocument]) -> int:
        raise NotImplementedError

    def delete(self, doc_type: str, object_ids: Iterable[str]) -> None:
        raise NotImplementedError

    def clear(self, doc_type: str | None = None) -> None:
        raise NotImplementedError

    def rebuild(
        self,
        documents: Iterable[SearchDocument],
        *,
        doc_type: str | None = None,
        changed_since: Callable[[datetime], Iterable[SearchDocument]] | None = None,
    ) -> int:
        """Replace the indexed documents (of one type) with `documents`; readers never see an empty index.

        `changed_since(moment)` yields what was edited while the rebuild ran, for
        backends that build beside the live index.
        """
        raise NotImplementedError

    def health(self) -> dict:
        """The backend's state for /healthz: never raises, says "ok" or what is wrong."""
        raise NotImplementedError

    def configuration_problems(self) -> list[str]:
        """Misconfigurations the system check reports; empty when all is well."""
        return []

    # Reading ---------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        groups = self.analyzer.query_terms(query.text)
        if not groups:
            return SearchResults(hits=[], total=0, page=query.page, page_size=query.page_size, facets={})
        total, facets, rows = self._match(query, groups)
        snippet = self.snippets.for_query(groups)
        results = SearchResults(
            hits=[self._hit(row, snippet) for row in rows],
            total=total,
            page=query.page,
            page_size=query.page_size,
            facets=facets,
        )
        if total == 0:
            results.did_you_mean = self.did_you_mean(query)
        return results

    def suggest(self, text: str, *, limit: int = 8) -> list[SearchSuggestion]:
        groups = self.analyzer.prefix_terms(clean_query_text(text))
        return self._suggest(groups, limit) if groups else []

    def related(self, doc_type: str, object_id: str, *, limit: int = 5) -> list[SearchHit]:
        """Documents of the same type sharing the most tags, then the most title words."""
        snippet = self.snippets.for_query([])
        return [self._hit(row, snippet) for row in self._related(doc_type, str(object_id), limit)]

    def did_you_mean(self, query: SearchQuery) -> str | None:
        """A corrected query that finds something, built from the documents' own words."""
        words = _WORD.findall(query.text.casefold())
        candidates = self._spelling_candidates([word for word in words if word.isalpha() and len(word) >= 3])
        corrected = []
        for word in words:
            known = candidates.get(word, [])
            if word in known:
                corrected.append(word)
                continue
            closest = difflib.get_close_matches(word, sorted(known), n=1, cutoff=SPELLING_MIN_SIMILARITY)
            corrected.append(closest[0] if closest else word)
        if corrected == words:
            return None
        suggestion = " ".join(corrected)
        groups = self.analyzer.query_terms(suggestion)
        probe = replace(query, text=suggestion, page=1, page_size=1)
        return suggestion if groups and self._match(probe, groups)[0] else None

    @staticmethod
    def _hit(row: MatchedRow, snippet: Callable[[str], SafeString]) -> SearchHit:
        return SearchHit(
            doc_type=row.doc_type,
            object_id=row.object_id,
            title_ka=row.title_ka,
            title_en=row.title_en,
            url=row.url,
            snippet=snippet(row.body),
            score=round(float(row.score), 4),
        )

    def _match(self, query: SearchQuery, groups: list[list[str]]) -> tuple[int, dict, list[MatchedRow]]:
        """(total, facets, rows of the requested page) for documents matching every group."""
        raise NotImplementedError

    def _suggest(self, groups: list[list[str]], limit: int) -> list[SearchSuggestion]:
        raise NotImplementedError

    def _related(self, doc_type: str, object_id: str, limit: int) -> list[MatchedRow]:
        raise NotImplementedError

    def _spelling_candidates(self, words: list[str]) -> dict[str, list[str]]:
        """For each word, indexed words that look like it (the word itself if it is indexed)."""
        raise NotImplementedError
