"""What the knowledge library gives search: one document per published item of every content type."""

from municipalities.models import in_language
from search import index
from search.documents import SearchDocument

from .models import Content, Term, content_models
from .selectors.content import content_published


def content_document(item: Content) -> SearchDocument:
    return SearchDocument(
        doc_type=item._meta.model_name,
        object_id=item.pk,
        title_ka=item.title_ka,
        title_en=item.title_en,
        body=item.search_text(),
        url=item.get_absolute_url(),
        organization_slug=item.organization.slug,
        organization_name=f"{item.organization.name_ka} {item.organization.name_en}",
        region_slug=item.organization.region.slug if item.organization.region else "",
        tags=item.search_tags(),
        year=(item.published_at or item.updated_at).year,
        languages=["ka", "en"] if item.title_en else ["ka"],
        published_at=item.published_at,
        updated_at=item.updated_at,
    )


def term_labels(slugs: list[str]) -> dict[str, str]:
    """Themes, categories and directions are managed-list entries: their names in the active language."""
    terms = Term.objects.filter(slug__in=slugs).only("slug", "name_ka", "name_en")
    return {term.slug: in_language(term, "name") for term in terms}


def register_content_types() -> None:
    """Every content type of every installed app is searchable under its model name (practice, actionplan, …)."""
    index.register_tag_labels(term_labels)
    for model in content_models():
        index.register(
            model._meta.model_name,
            model,
            to_document=content_document,
            queryset=lambda model=model: content_published(model=model),
        )
