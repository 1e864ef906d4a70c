"""Storage of the database search backends (PostgreSQL and SQLite).

The engine-specific parts — the tsvector column and its GIN index on
PostgreSQL, the FTS5 table on SQLite, the trigram index — are created by the
migrations for the database in use; these models hold what both share.
"""

from django.db import models


class IndexEntry(models.Model):
    doc_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    title_ka = models.TextField()
    title_en = models.TextField()
    body = models.TextField()
    url = models.CharField(max_length=500)
    organization_slug = models.CharField(max_length=80)
    organization_name = models.TextField()
    region_slug = models.CharField(max_length=80)
    year = models.IntegerField(null=True)
    has_ka = models.BooleanField()
    has_en = models.BooleanField()
    published_at = models.DateTimeField(null=True)
    updated_at = models.DateTimeField(null=True)
    # The analyzer's whitespace-separated terms: the only text the engines match.
    title_terms = models.TextField()
    body_terms = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["doc_type", "object_id"], name="search_entry_unique_object")]
        indexes = [models.Index(fields=["published_at"], name="search_entry_published")]


class IndexTag(models.Model):
    entry = models.ForeignKey(IndexEntry, on_delete=models.CASCADE, related_name="tags")
    tag = models.CharField(max_length=80)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tag", "entry"], name="search_tag_unique_entry")]


class IndexWord(models.Model):
    """The documents' own words, to suggest corrections from ("did you mean")."""

    word = models.CharField(max_length=40, unique=True)
