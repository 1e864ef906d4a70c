"""PostgreSQL: keep the rows that searches scan narrow.

Broad queries visit tens of thousands of rows to count facets; with bodies and
terms stored inline each row spans most of a page. Moving long values out of
line (TOAST) leaves only the short columns the scan reads in the table itself.
"""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_indexentry SET (toast_tuple_target = 256)")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_indexentry RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_title_vector")]

    operations = [migrations.RunPython(forward, backward)]
