"""The full-text structures of the database backend in use.

PostgreSQL: a generated tsvector over the analyzed terms (title weighted A,
body B) with a GIN index, and pg_trgm with a trigram index on the spelling
words. SQLite: an FTS5 table over the same terms, kept in step by triggers.
Other databases get neither; the system check reports them.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """ALTER TABLE search_indexentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_terms), 'A') || setweight(to_tsvector('simple', body_terms), 'B')
    ) STORED""",
    "CREATE INDEX search_entry_vector ON search_indexentry USING gin (search_vector)",
    "CREATE INDEX search_word_trigram ON search_indexword USING gin (word gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_word_trigram",
    "DROP INDEX IF EXISTS search_entry_vector",
    "ALTER TABLE search_indexentry DROP COLUMN IF EXISTS search_vector",
]

# Terms are pre-analyzed and joined by spaces: the tokenizer must only split on
# spaces, so it keeps case, diacritics and underscores exactly as the analyzer wrote them.
SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_terms, body_terms, content='search_indexentry', content_rowid='id',
        tokenize="unicode61 remove_diacritics 0 tokenchars '_'"
    )""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_indexentry BEGIN
        INSERT INTO search_fts(rowid, title_terms, body_terms) VALUES (new.id, new.title_terms, new.body_terms);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_indexentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_indexentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms);
        INSERT INTO search_fts(rowid, title_terms, body_terms) VALUES (new.id, new.title_terms, new.body_terms);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]

STATEMENTS = {
    "postgresql": (POSTGRES_FORWARD, POSTGRES_BACKWARD),
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
}


def _run(schema_editor, direction: int) -> None:
    statements = STATEMENTS.get(schema_editor.connection.vendor)
    for statement in statements[direction] if statements else []:
        schema_editor.execute(statement)


def forward(apps, schema_editor):
    _run(schema_editor, 0)


def backward(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
