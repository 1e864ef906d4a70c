"""SQLite: an FTS5 table over the analyzed terms, ranked by bm25 with titles weighted up."""

from .common import DatabaseSearchBackend, Match

TITLE_WEIGHT = 4.0
# Above every character's UTF-8 encoding, so `word < prefix + LAST` bounds a prefix range.
LAST_CHARACTER = "\U0010ffff"


def _phrase(term: str, suffix: str = "") -> str:
    return '"' + term.replace('"', '""') + '"' + suffix


def _fts_query(groups: list[list[str]], *, prefix_last: bool = False) -> str:
    clauses = []
    for position, group in enumerate(groups):
        suffix = " *" if prefix_last and position == len(groups) - 1 else ""
        clauses.append("(" + " OR ".join(_phrase(term, suffix) for term in group) + ")")
    return " AND ".join(clauses)


class SQLiteSearchBackend(DatabaseSearchBackend):
    vendor = "sqlite"
    spelling_length_slack = 2
    spelling_candidates_per_word = 200
    contains_sql = "instr(value, %s) > 0"

    def _match_terms(self, groups):
        return Match(
            joins="JOIN search_fts ON search_fts.rowid = e.id",
            condition="search_fts MATCH %s",
            condition_params=[_fts_query(groups)],
            # bm25 is lower for better matches.
            score=f"-bm25(search_fts, {TITLE_WEIGHT}, 1.0)",
        )

    def _match_title_prefix(self, groups):
        match = self._match_terms(groups)
        match.condition_params = ["title_terms : (" + _fts_query(groups, prefix_last=True) + ")"]
        return match

    def _spelling_sql(self, word):
        # Candidates share the word's first two letters and about its length; the base
        # class picks the closest by similarity, as it does for every backend.
        return (
            "SELECT word FROM search_indexword WHERE word >= %s AND word < %s"
            " AND length(word) BETWEEN %s AND %s LIMIT %s",
            [
                word[:2],
                word[:2] + LAST_CHARACTER,
                len(word) - self.spelling_length_slack,
                len(word) + self.spelling_length_slack,
                self.spelling_candidates_per_word,
            ],
        )


SearchBackend = SQLiteSearchBackend
