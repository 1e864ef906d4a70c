"""Narrow matching rows: display text moves to IndexContent, facet values become FacetValue ids.

A broad query reads every matching entry to count facets; rows holding only
ids, small integers and a date let PostgreSQL and SQLite scan tens of
thousands of them in a few milliseconds. Tags move from their own table into
one FacetValue per set of tags, so no facet needs a join per match.

The index is derived data: this migration empties it, and
`python manage.py search_reindex` fills it again (docs/operations.md).

PostgreSQL: `search_vector` is read only through its GIN index, so a
toast_tuple_target of 128 bytes always stores it out of line; the columns a
search reads per row are PLAIN so that they stay inline, uncompressed.
SQLite: the FTS5 table now indexes the terms in search_indexcontent.
"""

from importlib import import_module

from django.db import migrations, models

POSTGRES_DROP = [
    "ALTER TABLE search_indexentry DROP COLUMN IF EXISTS title_vector",
    "ALTER TABLE search_indexentry DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE search_indexentry RESET (toast_tuple_target)",
]
POSTGRES_CREATE = [
    "ALTER TABLE search_indexentry ADD COLUMN search_vector tsvector",
    "ALTER TABLE search_indexentry ADD COLUMN title_vector tsvector",
    "ALTER TABLE search_indexentry ALTER COLUMN title_vector SET STORAGE PLAIN",
    "ALTER TABLE search_indexentry ALTER COLUMN doc_type SET STORAGE PLAIN",
    "ALTER TABLE search_indexentry ALTER COLUMN object_id SET STORAGE PLAIN",
    "ALTER TABLE search_indexentry SET (toast_tuple_target = 128)",
    "CREATE INDEX search_entry_vector ON search_indexentry USING gin (search_vector)",
    "CREATE INDEX search_entry_title_vector ON search_indexentry USING gin (title_vector)",
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]
# Terms are pre-analyzed and joined by spaces: the tokenizer must only split on
# spaces, so it keeps case, diacritics and underscores exactly as the analyzer wrote them.
SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_terms, body_terms, content='search_indexcontent', content_rowid='entry_id',
        tokenize="unicode61 remove_diacritics 0 tokenchars '_'"
    )""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_indexcontent BEGIN
        INSERT INTO search_fts(rowid, title_terms, body_terms) VALUES (new.entry_id, new.title_terms, new.body_terms);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_indexcontent BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.entry_id, old.title_terms, old.body_terms);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_indexcontent BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.entry_id, old.title_terms, old.body_terms);
        INSERT INTO search_fts(rowid, title_terms, body_terms) VALUES (new.entry_id, new.title_terms, new.body_terms);
    END""",
]

STATEMENTS = {
    "postgresql": (POSTGRES_DROP, POSTGRES_CREATE),
    "sqlite": (SQLITE_DROP, SQLITE_CREATE),
}


def _run(schema_editor, which: int) -> None:
    statements = STATEMENTS.get(schema_editor.connection.vendor)
    for statement in statements[which] if statements else []:
        schema_editor.execute(statement)


def empty_and_drop_engine_structures(apps, schema_editor):
    for model in ("IndexTag", "IndexEntry"):
        apps.get_model("search", model).objects.all().delete()
    _run(schema_editor, 0)


def create_engine_structures(apps, schema_editor):
    _run(schema_editor, 1)


def drop_engine_structures(apps, schema_editor):
    _run(schema_editor, 0)


def restore_previous_engine_structures(apps, schema_editor):
    # 0002's statements for the entries only: the spelling words' trigram index stayed.
    previous = import_module("search.migrations.0002_engine_structures").STATEMENTS.get(schema_editor.connection.vendor)
    for statement in previous[0] if previous else []:
        if "search_indexentry" in statement or "search_fts" in statement:
            schema_editor.execute(statement)
    for name in ("0003_title_vector", "0004_narrow_heap"):
        import_module(f"search.migrations.{name}").forward(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_narrow_heap")]

    # Either way the index is left empty: `search_reindex` fills it.
    operations = [
        migrations.RunPython(empty_and_drop_engine_structures, restore_previous_engine_structures),
        migrations.DeleteModel(name="IndexTag"),
        migrations.RemoveIndex(model_name="indexentry", name="search_entry_published"),
        *(
            migrations.RemoveField(model_name="indexentry", name=name)
            for name in (
                "title_ka", "title_en", "body", "url", "organization_slug", "organization_name",
                "region_slug", "updated_at", "title_terms", "body_terms",
            )  # fmt: skip
        ),
        migrations.AddField(model_name="indexentry", name="organization", field=models.IntegerField(null=True)),
        migrations.AddField(model_name="indexentry", name="tags", field=models.IntegerField(null=True)),
        migrations.AlterField(model_name="indexentry", name="year", field=models.SmallIntegerField(null=True)),
        migrations.CreateModel(
            name="FacetValue",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("facet", models.CharField(max_length=20)),
                ("value", models.TextField()),
                ("region", models.CharField(blank=True, max_length=80)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("facet", "value", "region"), name="search_facet_value_unique"),
                ],
            },
        ),
        migrations.CreateModel(
            name="IndexContent",
            fields=[
                (
                    "entry",
                    models.OneToOneField(
                        on_delete=models.deletion.CASCADE,
                        primary_key=True,
                        related_name="content",
                        serialize=False,
                        to="search.indexentry",
                    ),
                ),
                ("title_ka", models.TextField()),
                ("title_en", models.TextField()),
                ("body", models.TextField()),
                ("url", models.CharField(max_length=500)),
                ("organization_name", models.TextField()),
                ("updated_at", models.DateTimeField(null=True)),
                ("title_terms", models.TextField()),
                ("body_terms", models.TextField()),
            ],
        ),
        migrations.RunPython(create_engine_structures, drop_engine_structures),
    ]
