"""PostgreSQL: a small title-only tsvector to rank by.

Ranking on the full document vector reads (and decompresses) every matching
document's whole vector; on broad queries over 100,000 documents that took
over a second. The title vector is small, stays inline, and titles are what
relevance most depends on.
"""

from django.db import migrations

FORWARD = (
    "ALTER TABLE search_indexentry ADD COLUMN title_vector tsvector"
    " GENERATED ALWAYS AS (to_tsvector('simple', title_terms)) STORED"
)
BACKWARD = "ALTER TABLE search_indexentry DROP COLUMN IF EXISTS title_vector"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_engine_structures")]

    operations = [migrations.RunPython(forward, backward)]
