"""PostgreSQL: a weighted tsvector over the analyzed terms ('simple' configuration), GIN, ts_rank_cd; pg_trgm for spelling."""

from .common import DatabaseSearchBackend, Match


def _lexeme(term: str, suffix: str = "") -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'" + suffix


def _tsquery(groups: list[list[str]], *, weight: str = "", prefix_last: bool = False) -> str:
    clauses = []
    for position, group in enumerate(groups):
        suffix = (":*" if prefix_last and position == len(groups) - 1 else ":" if weight else "") + weight
        clauses.append("(" + " | ".join(_lexeme(term, suffix) for term in group) + ")")
    return " & ".join(clauses)


class PostgresSearchBackend(DatabaseSearchBackend):
    vendor = "postgresql"
    spelling_candidates_per_word = 10

    def _match_terms(self, groups):
        return Match(
            joins=", to_tsquery('simple', %s) q",
            join_params=[_tsquery(groups)],
            condition="e.search_vector @@ q",
            # Ranked by the title alone (with partial credit): the whole-document vector would
            # have to be read for every match, which is what made broad queries slow.
            score="ts_rank(e.title_vector, q)",
        )

    def _match_title_prefix(self, groups):
        match = self._match_terms(groups)
        match.join_params = [_tsquery(groups, weight="A", prefix_last=True)]
        return match

    def _spelling_sql(self, word):
        # `%%` is pg_trgm's similarity operator; it uses the trigram index.
        return (
            "SELECT word FROM search_indexword WHERE word %% %s ORDER BY similarity(word, %s) DESC, word LIMIT %s",
            [word, word, self.spelling_candidates_per_word],
        )


SearchBackend = PostgresSearchBackend
