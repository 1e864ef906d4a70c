from django.db.models import Prefetch, QuerySet

from municipalities.permissions import Principal

from ..models import ContentStatus, Practice, PracticeActivity, Term, Vocabulary
from .content import content_visible

PRACTICE_PREFETCH = (
    Prefetch("themes", queryset=Term.objects.order_by("position", "name_ka")),
    Prefetch("activities", queryset=PracticeActivity.objects.order_by("position", "id")),
)


def theme_list(*, include_inactive: bool = False) -> QuerySet:
    terms = Term.objects.filter(vocabulary=Vocabulary.THEME)
    return terms if include_inactive else terms.filter(is_active=True)


def practice_visible(*, principal: Principal) -> QuerySet:
    return content_visible(model=Practice, principal=principal).prefetch_related(*PRACTICE_PREFETCH)


def practice_adoptions(*, practice: Practice) -> QuerySet:
    """Who recorded adopting the practice, for its page."""
    return practice.adoptions.select_related("organization").order_by("-date", "-id")


def practice_published_choices() -> QuerySet:
    return Practice.objects.filter(status=ContentStatus.PUBLISHED).select_related("organization").order_by("title_ka")
