from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from ..models import ContentStatus, Practice, PracticeActivity, Term, Vocabulary

THEMES_IN_ORDER = Term.objects.order_by("position", "name_ka")
ACTIVITIES_IN_ORDER = PracticeActivity.objects.order_by("position", "id")

# For pages, which read practice.themes.all() / practice.activities.all().
PRACTICE_PREFETCH = (Prefetch("themes", queryset=THEMES_IN_ORDER), Prefetch("activities", queryset=ACTIVITIES_IN_ORDER))

# For the API's serializers: plain lists (to_attr) spare Django a filtered queryset per row and relation,
# which dominated prefetching a page of 100.
PRACTICE_API_PREFETCH = (
    Prefetch("themes", queryset=THEMES_IN_ORDER, to_attr="prefetched_themes"),
    Prefetch("activities", queryset=ACTIVITIES_IN_ORDER, to_attr="prefetched_activities"),
)


def theme_list(*, include_inactive: bool = False) -> QuerySet:
    terms = Term.objects.filter(vocabulary=Vocabulary.THEME)
    return terms if include_inactive else terms.filter(is_active=True)


def practice_with_theme(*, queryset: QuerySet, slug: str) -> QuerySet:
    """The practices of `queryset` tagged with the theme `slug`.

    A semi-join (EXISTS) rather than a join plus DISTINCT: DISTINCT over every
    column made the page and its COUNT(*) sort all matching rows.
    """
    tagged = Practice.themes.through.objects.filter(practice_id=OuterRef("pk"), term__slug=slug)
    return queryset.filter(Exists(tagged))


def practice_adoptions(*, practice: Practice) -> QuerySet:
    """Who recorded adopting the practice, for its page."""
    return practice.adoptions.select_related("organization").order_by("-date", "-id")


def practice_published_choices() -> QuerySet:
    return Practice.objects.filter(status=ContentStatus.PUBLISHED).select_related("organization").order_by("title_ka")
