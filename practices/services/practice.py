from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from municipalities.actors import Actor
from municipalities.audit import AUDIT_CHANGED_KEY, AuditAction
from municipalities.models import Organization

from ..models import Practice, PracticeActivity, Term, Vocabulary
from .content import content_apply_fields, content_claim_version, content_create, content_saved

ACTIVITY_FIELDS = ("stage_ka", "stage_en", "activity_ka", "activity_en", "result_ka", "result_en")


def _check_slug_free(*, organization: Organization, slug: str, exclude_pk: int | None = None) -> None:
    taken = Practice.objects.filter(organization=organization, slug=slug).exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"slug": [_("Your organization already has a practice at this address (“%(slug)s”).") % {"slug": slug}]})


def _themes(slugs: list[str]) -> list[Term]:
    themes = list(Term.objects.filter(vocabulary=Vocabulary.THEME, is_active=True, slug__in=slugs))
    unknown = sorted(set(slugs) - {theme.slug for theme in themes})
    if unknown:
        raise ValidationError({"themes": [_("Unknown theme: %(slugs)s.") % {"slugs": ", ".join(unknown)}]})
    return themes


def _replace_activities(*, practice: Practice, activities: list[dict]) -> None:
    practice.activities.all().delete()
    PracticeActivity.objects.bulk_create(
        PracticeActivity(practice=practice, position=position, **{name: row.get(name, "") for name in ACTIVITY_FIELDS})
        for position, row in enumerate(activities, start=1)
    )


@transaction.atomic
def practice_create(
    *,
    organization: Organization,
    title_ka: str,
    themes: list[str] | None = None,
    activities: list[dict] | None = None,
    actor: Actor,
    **fields,
) -> Practice:
    """Create a draft practice; `themes` are term slugs, `activities` the activity plan's rows in order."""
    if fields.get("slug"):
        _check_slug_free(organization=organization, slug=fields["slug"])
    terms = _themes(themes or [])
    practice = content_create(
        model=Practice, organization=organization, fields={"title_ka": title_ka, **fields}, actor=actor
    )
    practice.themes.set(terms)
    _replace_activities(practice=practice, activities=activities or [])
    content_saved(item=practice, action=AuditAction.CONTENT_CREATED, actor=actor, data={"slug": practice.slug})
    return practice


@transaction.atomic
def practice_update(
    *,
    practice: Practice,
    expected_version: int | None = None,
    themes: list[str] | None = None,
    activities: list[dict] | None = None,
    actor: Actor,
    **fields,
) -> Practice:
    """Change the given fields; `themes` / `activities` left as None stay as they are."""
    if fields.get("slug"):
        _check_slug_free(organization=practice.organization, slug=fields["slug"], exclude_pk=practice.pk)
    terms = _themes(themes) if themes is not None else None
    content_claim_version(item=practice, actor=actor, expected_version=expected_version)
    changed = content_apply_fields(item=practice, fields=fields)
    practice.save()
    if terms is not None:
        practice.themes.set(terms)
        changed.append("themes")
    if activities is not None:
        _replace_activities(practice=practice, activities=activities)
        changed.append("activities")
    content_saved(item=practice, action=AuditAction.CONTENT_UPDATED, actor=actor, data={AUDIT_CHANGED_KEY: sorted(changed)})
    return practice
