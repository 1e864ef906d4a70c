"""Web pages of the library types: lists, details with progress bars, forms, totals and comparison."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from municipalities.models import AuditEntry
from practices.models import ActionPlan, Indicator, IndicatorValue, ServiceDescription, TrainingSession, Vocabulary
from practices.services.action_plan import indicator_value_record
from practices.services.training import training_session_create

from .library_builders import build_action_plan, build_service, build_training_module, indicator_row, task_row, term
from .library_builders import in_english  # noqa: F401  (a fixture, used through pytestmark)
from tests.actors import TEST_ACTOR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def test_action_plan_pages_show_the_tree_with_accessible_progress_bars(client, organization):
    plan = build_action_plan(
        organization, publish=True,
        goals=[{"title_ka": "გამჭვირვალობა", "tasks": [task_row("ცხელი ხაზი", indicators=[indicator_row("ზარები", target="600")])]}],
    )  # fmt: skip
    indicator_value_record(actor=TEST_ACTOR, indicator=Indicator.objects.get(), recorded_at=date(2020, 12, 1), value=Decimal("150"))
    listing = client.get(reverse("actionplan-list"))
    assert listing.status_code == 200 and plan.title_en in listing.content.decode()
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "ცხელი ხაზი" in page and "ზარები" in page
    assert page.count('role="progressbar"') == 4  # plan, goal, task, indicator
    assert 'aria-valuenow="25"' in page


def test_action_plan_form_creates_the_tree_and_keeps_values_on_edit(client, editor, organization):
    client.force_login(editor)
    rows = {
        "tasks-TOTAL_FORMS": "1", "tasks-INITIAL_FORMS": "0",
        "tasks-0-goal_ka": "გამჭვირვალობა", "tasks-0-title_ka": "ცხელი ხაზი", "tasks-0-starts_on": "2020-09-01",
        "tasks-0-ends_on": "2020-12-31", "tasks-0-monitoring_frequency": "twice_a_year",
        "tasks-0-activities": "ხაზის დამონტაჟება\nპერსონალის გადამზადება", "tasks-0-indicators": "ზარები | calls | 0 | 600",
    }  # fmt: skip
    response = client.post(reverse("actionplan-create"), {
        "organization": organization.pk, "title_ka": "გეგმა", "period_start": "2020-06-01", "period_end": "2021-09-30", **rows,
    })  # fmt: skip
    plan = ActionPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    task = plan.goals.get().tasks.get()
    assert list(task.activities.values_list("description_ka", flat=True)) == ["ხაზის დამონტაჟება", "პერსონალის გადამზადება"]
    indicator = task.indicators.get()
    assert (indicator.baseline, indicator.target) == (Decimal("0"), Decimal("600"))

    recorded = client.post(reverse("actionplan-record", args=[organization.slug, plan.slug]),
                           {"indicator": indicator.pk, "recorded_at": "2020-12-01", "value": "300"})  # fmt: skip
    assert recorded.status_code == 302
    assert AuditEntry.objects.filter(action="action_plan.indicator_value_recorded", actor=editor).exists()

    edit = client.get(reverse("actionplan-edit", args=[organization.slug, plan.slug]))
    assert "ზარები | calls | 0 | 600" in edit.content.decode()
    plan.refresh_from_db()
    response = client.post(reverse("actionplan-edit", args=[organization.slug, plan.slug]), {
        "version": plan.version, "title_ka": "გეგმა", "period_start": "2020-06-01", "period_end": "2021-09-30",
        **rows, "tasks-INITIAL_FORMS": "1", "tasks-0-task_id": task.pk, "tasks-0-indicators": "ზარები | calls | 0 | 800",
    })  # fmt: skip
    assert response.status_code == 302
    kept = Indicator.objects.get()
    assert kept.pk == indicator.pk and kept.target == Decimal("800") and IndicatorValue.objects.filter(indicator=kept).count() == 1


def test_action_plan_form_with_non_numeric_target_saves_nothing(client, editor, organization):
    client.force_login(editor)
    response = client.post(reverse("actionplan-create"), {
        "organization": organization.pk, "title_ka": "გეგმა", "period_start": "2020-06-01", "period_end": "2021-09-30",
        "tasks-TOTAL_FORMS": "1", "tasks-INITIAL_FORMS": "0", "tasks-0-goal_ka": "მ", "tasks-0-title_ka": "ა",
        "tasks-0-starts_on": "2020-09-01", "tasks-0-ends_on": "2020-12-31", "tasks-0-monitoring_frequency": "yearly",
        "tasks-0-indicators": "ზარები | calls | 0 | ბევრი",
    })  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].tasks.forms[0].errors["indicators"] == ["Line 1: the target “ბევრი” is not a number."]
    assert not ActionPlan.objects.exists()


def test_training_pages_module_sessions_and_totals_chart(client, organization, other_organization):
    module = build_training_module(organization)
    training_session_create(actor=TEST_ACTOR, 
        organization=other_organization, module=module,
        fields={"starts_on": date(2015, 10, 5), "ends_on": date(2015, 10, 16), "capacity": 40, "trainers": "იუსტიციის სასწავლო ცენტრი"},
        participations=[{"organization": other_organization, "count": 30}],
    )  # fmt: skip
    assert module.title_en in client.get(reverse("trainingmodule-list")).content.decode()
    detail = client.get(module.get_absolute_url()).content.decode()
    assert "30 / 40" in detail and "იუსტიციის სასწავლო ცენტრი" in detail
    totals = client.get(reverse("training-totals"))
    assert totals.status_code == 200
    page = totals.content.decode()
    assert 'data-testid="totals-chart"' in page and "<rect" in page and other_organization.name_en in page


def test_session_form_rejects_over_capacity(client, editor, organization):
    client.force_login(editor)
    module = build_training_module(organization)
    response = client.post(reverse("trainingsession-create"), {
        "organization": organization.pk, "module": module.pk, "starts_on": "2015-10-05", "ends_on": "2015-10-16", "capacity": "10",
        "participations-TOTAL_FORMS": "1", "participations-INITIAL_FORMS": "0",
        "participations-0-organization": organization.pk, "participations-0-count": "11",
    })  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["11 participants exceed the session's capacity of 10."]
    assert not TrainingSession.objects.exists()


def test_service_pages_detail_links_to_comparison(client, organization, other_organization):
    service = build_service(organization, cost="100")
    build_service(other_organization, cost="30")
    assert service.title_en in client.get(reverse("servicedescription-list")).content.decode()
    detail = client.get(service.get_absolute_url()).content.decode()
    assert f"{reverse('service-compare')}?category=construction-permit" in detail
    comparison = client.get(reverse("service-compare"), {"category": "construction-permit"})
    assert [row.organization.slug for row in comparison.context["comparison"].services] == ["vani-test", "rustavi-test"]
    assert "min" in comparison.content.decode()


def test_service_form_negative_cost_is_a_field_error(client, editor, organization):
    client.force_login(editor)
    response = client.post(reverse("servicedescription-create"), {
        "organization": organization.pk, "title_ka": "ნებართვა", "identifier": "p-1", "category": term(Vocabulary.SERVICE_CATEGORY, "construction-permit").pk,
        "cost_gel": "-1", "processing_time_days": "10", "channels": ["online"], "required_documents": "განცხადება",
    })  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors["cost_gel"] == ["Ensure this value is greater than or equal to 0."]
    assert not ServiceDescription.objects.exists()

