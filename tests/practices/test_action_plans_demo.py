"""The library's demo data loads from the seeds, twice without duplicating anything."""

import pytest

from practices import demo_library
from practices.models import ActionPlan, ContentStatus, ServiceDescription, TrainingModule, TrainingSession
from practices.selectors.action_plan import action_plan_attach_progress, action_plan_list
from practices.selectors.training import training_totals_by_direction, training_totals_by_organization

pytestmark = pytest.mark.django_db

PILOTS = {"kareli", "khashuri", "akhmeta", "kvareli", "khobi", "chkhorotsku", "zugdidi", "mtskheta", "gori"}


def test_demo_seed_is_realistic_and_idempotent():
    demo_library.seed()
    demo_library.seed()

    [plan] = action_plan_list(queryset=ActionPlan.objects.filter(organization__slug="vani"))
    action_plan_attach_progress([plan])
    assert plan.status == ContentStatus.PUBLISHED
    assert [goal.title_en for goal in plan.goals.all()] == [
        "Promoting the transparency of local government",
        "Making local government more efficient",
        "Making local government more inclusive",
    ]
    assert 0 < plan.progress < 1

    assert TrainingModule.objects.filter(organization__slug="public-service-development-agency", provider__slug="justice-training-centre").count() == 3
    assert {session.organization.slug for session in TrainingSession.objects.select_related("organization")} == PILOTS
    per_municipality = training_totals_by_organization()
    assert all(20 <= row["trained"] / row["sessions"] <= 40 for row in per_municipality)
    assert 450 <= sum(row["trained"] for row in per_municipality) <= 500
    assert len(training_totals_by_direction()) == 3

    services = ServiceDescription.objects.filter(status=ContentStatus.PUBLISHED)
    assert services.filter(organization__slug="tsalenjikha").count() == 4
    assert services.filter(category__slug="construction-permit").values("cost_gel").distinct().count() >= 5
