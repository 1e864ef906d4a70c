"""Storage of the database search backends (PostgreSQL and SQLite).

A search reads every matching document to count facets, so what it reads is
kept apart from what it shows:

- `IndexEntry`, one narrow row per document: identity, the date and the facet
  values as small integers. Searches scan only these rows.
- `IndexContent`, the document's text and terms, read for the page of hits,
  snippets and related documents only.
- `FacetValue`, the dictionary that turns an organization (with its region)
  and a document's set of tags into those integers.

The engine-specific parts — tsvector columns and their GIN index on
PostgreSQL, the FTS5 table on SQLite, the trigram index — are created by the
migrations for the database in use.
"""

from django.db import models

# Joins a document's tags into one FacetValue: a character no tag contains.
TAG_SEPARATOR = "\x1f"


class FacetValue(models.Model):
    ORGANIZATION = "organization"
    TAGS = "tags"

    facet = models.CharField(max_length=20)
    # For TAGS: the document's sorted tags, each between TAG_SEPARATORs.
    value = models.TextField()
    # An organization's region travels with it: the region facet and filter need no column of their own.
    region = models.CharField(max_length=80, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["facet", "value", "region"], name="search_facet_value_unique"),
        ]


class IndexEntry(models.Model):
    doc_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    # FacetValue ids, not foreign keys: the dictionary only grows, and a constraint would cost every write.
    organization = models.IntegerField(null=True)
    tags = models.IntegerField(null=True)
    year = models.SmallIntegerField(null=True)
    has_ka = models.BooleanField()
    has_en = models.BooleanField()
    published_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["doc_type", "object_id"], name="search_entry_unique_object")]


class IndexContent(models.Model):
    entry = models.OneToOneField(IndexEntry, on_delete=models.CASCADE, primary_key=True, related_name="content")
    title_ka = models.TextField()
    title_en = models.TextField()
    body = models.TextField()
    url = models.CharField(max_length=500)
    organization_name = models.TextField()
    updated_at = models.DateTimeField(null=True)
    # The analyzer's whitespace-separated terms: the only text the engines match.
    title_terms = models.TextField()
    body_terms = models.TextField()


class IndexWord(models.Model):
    """The documents' own words, to suggest corrections from ("did you mean")."""

    word = models.CharField(max_length=40, unique=True)
