"""Builders for action plans, training and service descriptions, going through the real services."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from practices.models import ActionPlan, ServiceDescription, Term, TrainingModule, Vocabulary
from practices.services.action_plan import action_plan_create
from practices.services.content import content_publish
from practices.services.service import service_description_create
from practices.services.training import training_module_create

from .permission_matrix import assert_unchanged_when_refused, client_for_role, perform
from tests.actors import TEST_ACTOR


@pytest.fixture
def in_english():
    """Messages asserted in English: the site's default language is Georgian."""
    with translation.override("en"):
        yield


def term(vocabulary: str, slug: str) -> Term:
    return Term.objects.get(vocabulary=vocabulary, slug=slug)


def indicator_row(name: str = "ვებგვერდის მომხმარებლები", *, baseline="0", target="100", **extra) -> dict:
    return {"name_ka": name, "unit": "persons", "baseline": Decimal(baseline), "target": Decimal(target), **extra}


def task_row(title: str = "ვებგვერდის განახლება", *, indicators=None, activities=None, **extra) -> dict:
    return {
        "title_ka": title,
        "executors": "მერია, საკრებულო",
        "starts_on": date(2020, 6, 1),
        "ends_on": date(2020, 12, 31),
        "activities": activities if activities is not None else [{"description_ka": "სპეციალისტის შერჩევა"}],
        "indicators": indicators if indicators is not None else [indicator_row()],
        **extra,
    }


def build_action_plan(organization, *, goals=None, publish: bool = False, title: str = "ერთობლივი სამოქმედო გეგმა", actor=TEST_ACTOR) -> ActionPlan:
    plan = action_plan_create(
        organization=organization,
        fields={"title_ka": title, "title_en": "Joint action plan", "period_start": date(2020, 6, 1), "period_end": date(2021, 9, 30)},
        goals=goals if goals is not None else [{"title_ka": "გამჭვირვალობა", "tasks": [task_row()]}],
        actor=actor,
    )
    if publish:
        content_publish(item=plan, actor=actor)
    return plan


def build_training_module(organization, *, direction: str = "basic-it-skills", publish: bool = True, provider=None, title="საბაზისო IT უნარები") -> TrainingModule:
    module = training_module_create(actor=TEST_ACTOR, 
        organization=organization,
        fields={
            "title_ka": title,
            "title_en": "Basic IT skills",
            "direction": term(Vocabulary.TRAINING_DIRECTION, direction),
            "duration_value": 10,
            "duration_unit": TrainingModule.DurationUnit.DAYS,
            "provider": provider,
        },
    )
    if publish:
        content_publish(actor=TEST_ACTOR, item=module)
    return module


def build_service(organization, *, category: str = "construction-permit", cost="50.00", days=10, channels=("in_person",), publish=True, identifier=None) -> ServiceDescription:
    service = service_description_create(actor=TEST_ACTOR, 
        organization=organization,
        fields={
            "title_ka": "მშენებლობის ნებართვის გაცემა",
            "title_en": "Construction permit",
            "identifier": identifier or f"{organization.slug}-{category}",
            "category": term(Vocabulary.SERVICE_CATEGORY, category),
            "cost_gel": Decimal(cost),
            "processing_time_days": days,
            "channels": list(channels),
        },
        required_documents=[{"name_ka": "განცხადება"}, {"name_ka": "პირადობის მოწმობის ასლი"}],
    )
    if publish:
        content_publish(actor=TEST_ACTOR, item=service)
    return service


def check_permission_case(request, *, role: str, action: str, expected: int, url: str, draft, published, create_payload: dict) -> None:
    """One cell of the shared permission matrix for a library collection at `url`."""
    response = perform(
        action, client_for_role(role, request), collection_url=url, draft=draft, published=published,
        create_payload=create_payload, update_payload={"title_en": "Changed"},
    )  # fmt: skip
    assert response.status_code == expected, response.content
    if action == "delete" and expected == 204:
        assert not type(published).objects.filter(pk=published.pk).exists()
    else:
        assert_unchanged_when_refused(action, response, published)
