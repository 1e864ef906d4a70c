"""PostgreSQL: tsvectors of the analyzed terms with GIN indexes; pg_trgm for spelling.

Terms arrive analyzed, so vectors are built with `array_to_tsvector` and
queries cast with `CAST(... AS tsquery)`: neither goes through a text search
parser, and a cast query is a constant the planner folds once, not a
function called per row. Each entry carries two vectors (see migration 0005):
`search_vector`, the document's every term, kept out of line because only its
GIN index is read; and `title_vector`, the title's Latin-letter terms, small and
inline. Every query word has a Latin-letter alternative, so the title vector
answers "is this word in the title" for ranking, and is what suggestions
complete.
"""

from search.models import TAG_SEPARATOR

from .common import DatabaseSearchBackend, Match

# The planner estimates neither the cost of detoasting a document vector per row nor
# how selective a tsquery is: left alone it may test every row's vector in a
# sequential scan, or JIT-compile a plan that runs in milliseconds. The GIN index is
# the only good way to these rows, so searches take it. A broad query then spends its
# time reading and scoring thousands of narrow rows, which parallel workers share;
# the default costs only start them for far larger scans.
PLANNER_SETTINGS = {"enable_seqscan": "off", "jit": "off", "parallel_setup_cost": "10", "parallel_tuple_cost": "0.01"}
# One worker beside the leader suits two cores; SEARCH_BACKENDS' PARALLEL_WORKERS sets it per machine.
DEFAULT_PARALLEL_WORKERS = 1


def _lexeme(term: str, suffix: str = "") -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'" + suffix


def _tsquery(groups: list[list[str]], *, prefix_last: bool = False) -> str:
    clauses = []
    for position, group in enumerate(groups):
        suffix = ":*" if prefix_last and position == len(groups) - 1 else ""
        clauses.append("(" + " | ".join(_lexeme(term, suffix) for term in group) + ")")
    return " & ".join(clauses)


class PostgresSearchBackend(DatabaseSearchBackend):
    vendor = "postgresql"
    spelling_candidates_per_word = 10
    engine_columns = (
        # Terms travel as one space-separated string: quoting array elements one by one on the
        # client costs more than the engine's whole write.
        ("search_vector", "array_to_tsvector(string_to_array(%s, ' '))"),
        ("title_vector", "array_to_tsvector(string_to_array(%s, ' '))"),
    )
    contains_sql = "strpos(value, %s) > 0"
    binary_collation = ' COLLATE "C"'

    def __init__(self, params: dict):
        super().__init__(params)
        self.parallel_workers = int(params.get("PARALLEL_WORKERS", DEFAULT_PARALLEL_WORKERS))

    def _engine_values(self, title_terms, body_terms):
        return " ".join([*title_terms, *body_terms]), " ".join(term for term in title_terms if term.isascii())

    def _fetch(self, cursor, sql, params):
        # One message (Django binds parameters on the client): in autocommit it runs as one
        # implicit transaction, so SET LOCAL covers exactly this statement; inside an outer
        # transaction the trailing resets keep the settings from outliving it.
        settings = {**PLANNER_SETTINGS, "max_parallel_workers_per_gather": str(self.parallel_workers)}
        setup = "".join(f"SET LOCAL {name} = {value}; " for name, value in settings.items())
        reset = "".join(f"; SET LOCAL {name} TO DEFAULT" for name in settings)
        cursor.execute(setup + sql + reset, params)
        while cursor.description is None and cursor.nextset():
            pass
        return cursor.fetchall()

    def _match_terms(self, groups):
        # One condition per word: GIN intersects them as separate keys, which skips
        # through long posting lists instead of merging all of them.
        # The score is 1 + the number of the query's words found in the title (1 for body-only
        # matches): a few lookups in a small vector per match, where ts_rank over the document's
        # vector would read it whole. The title vector holds Latin-letter terms only.
        latin = [[term for term in group if term.isascii()] for group in groups if any(map(str.isascii, group))]
        found = " + ".join(["CAST(e.title_vector @@ CAST(%s AS tsquery) AS INTEGER)"] * len(latin)) or "0"
        score_params = [_tsquery([group]) for group in latin]
        if len(latin) > 1:
            # Most matches hold none of the words in their title: one lookup says so before one per word.
            found = f"CASE WHEN e.title_vector @@ CAST(%s AS tsquery) THEN {found} ELSE 0 END"
            score_params = [_tsquery([[term for group in latin for term in group]]), *score_params]
        return Match(
            condition=" AND ".join(["e.search_vector @@ CAST(%s AS tsquery)"] * len(groups)),
            condition_params=[_tsquery([group]) for group in groups],
            score=f"1 + {found}",
            score_params=score_params,
            first_tier="score > 1",
        )

    def _match_any(self, terms):
        query = _tsquery([terms])
        return Match(
            condition="e.search_vector @@ CAST(%s AS tsquery)",
            condition_params=[query],
            score="ts_rank(e.title_vector, CAST(%s AS tsquery))",
            score_params=[query],
        )

    def _match_title_prefix(self, groups):
        query = _tsquery(groups, prefix_last=True)
        return Match(
            condition="e.title_vector @@ CAST(%s AS tsquery)",
            condition_params=[query],
            score="ts_rank(e.title_vector, CAST(%s AS tsquery))",
            score_params=[query],
        )

    def _facet_sql(self):
        # GROUPING SETS count every facet in one pass over the matches; a scan per facet
        # costs milliseconds each when a broad query matches tens of thousands of documents.
        facet = " ".join(
            f"WHEN GROUPING({column}) = 0 THEN '{column}'" for column in ("doc_type", "organization", "tags", "year")
        )
        ctes = (
            f", f AS (SELECT CASE {facet} ELSE 'total' END AS facet, doc_type, COALESCE(organization, tags) AS code,"
            " year, COUNT(*) AS n, COUNT(*) FILTER (WHERE has_ka) AS ka, COUNT(*) FILTER (WHERE has_en) AS en"
            " FROM m GROUP BY GROUPING SETS ((doc_type), (organization), (tags), (year), ()))"
        )
        return ctes, [
            "SELECT facet, COALESCE(doc_type, CAST(year AS TEXT)), n, 0 FROM f"
            " WHERE facet IN ('total', 'doc_type', 'year')",
            "SELECT 'language', 'ka', ka, 0 FROM f WHERE facet = 'total'",
            "SELECT 'language', 'en', en, 0 FROM f WHERE facet = 'total'",
            *self._named_facets("f"),
        ]

    def _tags_facet_sql(self, counts):
        # Summed per tag here: hundreds of sets of tags would otherwise travel to be split.
        return (
            f"SELECT 'tags', t.tag, CAST(SUM(c.n) AS BIGINT), 0 FROM {counts} c JOIN search_facetvalue v"
            f" ON v.id = c.code CROSS JOIN LATERAL unnest(string_to_array(v.value, chr({ord(TAG_SEPARATOR)}))) AS t (tag)"
            " WHERE c.facet = 'tags' AND t.tag <> '' GROUP BY t.tag"
        )

    def _spelling_sql(self, word):
        # `%%` is pg_trgm's similarity operator; it uses the trigram index.
        return (
            "SELECT word FROM search_indexword WHERE word %% %s ORDER BY similarity(word, %s) DESC, word LIMIT %s",
            [word, word, self.spelling_candidates_per_word],
        )


SearchBackend = PostgresSearchBackend
