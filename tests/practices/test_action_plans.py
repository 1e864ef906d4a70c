"""Action plans: the tree, its validation, indicator values and the progress computed from them."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hub.errors import StaleVersion
from municipalities.models import AuditEntry
from practices.models import ActionPlan, Goal, Indicator, IndicatorValue, Task
from practices.selectors.action_plan import action_plan_attach_progress, action_plan_list, indicator_progress, mean_progress
from practices.services.action_plan import action_plan_create, action_plan_update, indicator_value_record

from .library_builders import build_action_plan, indicator_row, task_row
from .library_builders import in_english  # noqa: F401  (a fixture, used through pytestmark)
from tests.actors import TEST_ACTOR
from municipalities.actors import Actor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


@pytest.mark.parametrize(
    ("baseline", "target", "direction", "latest", "expected"),
    [
        ("0", "100", "increase", None, 0.0),
        ("0", "100", "increase", "25", 0.25),
        ("10", "20", "increase", "15", 0.5),
        ("0", "100", "increase", "150", 1.0),
        ("50", "100", "increase", "20", 0.0),
        ("100", "40", "decrease", "70", 0.5),
        ("100", "40", "decrease", "10", 1.0),
        ("5", "5", "increase", None, 1.0),
        ("5", "5", "increase", "4", 0.0),
        ("5", "5", "increase", "6", 1.0),
        ("5", "5", "decrease", "6", 0.0),
    ],
)
def test_indicator_progress(baseline, target, direction, latest, expected):
    progress = indicator_progress(
        baseline=Decimal(baseline), target=Decimal(target), direction=direction, latest=None if latest is None else Decimal(latest)
    )
    assert progress == pytest.approx(expected)


def test_mean_progress_ignores_unmeasured_parts_and_is_none_when_nothing_is_measured():
    assert mean_progress([0.5, None, 1.0]) == pytest.approx(0.75)
    assert mean_progress([None, None]) is None
    assert mean_progress([]) is None


def test_create_builds_the_ordered_tree_and_audits(organization, editor):
    plan = build_action_plan(
        organization,
        actor=Actor.for_user(editor),
        goals=[
            {"title_ka": "გამჭვირვალობა", "tasks": [task_row("ვებგვერდი"), task_row("ცხელი ხაზი")]},
            {"title_ka": "ეფექტიანობა", "tasks": []},
        ],
    )
    assert [goal.title_ka for goal in plan.goals.all()] == ["გამჭვირვალობა", "ეფექტიანობა"]
    assert [task.title_ka for task in plan.goals.first().tasks.all()] == ["ვებგვერდი", "ცხელი ხაზი"]
    assert plan.status == "draft" and plan.slug == "joint-action-plan"
    entry = AuditEntry.objects.get(action="content.created", data__type="actionplan")
    assert entry.organization == organization and entry.actor == editor and entry.target_id == str(plan.pk)


def test_indicator_target_against_direction_is_a_field_error_and_nothing_is_saved(organization):
    bad = indicator_row(baseline="100", target="50", direction="increase")
    with pytest.raises(ValidationError) as caught:
        build_action_plan(organization, goals=[{"title_ka": "მიზანი", "tasks": [task_row(indicators=[bad])]}])
    assert caught.value.message_dict == {
        "goals[0].tasks[0].indicators[0].target": [
            "For an indicator where higher is better, the target cannot be below the baseline."
        ]
    }
    assert not ActionPlan.objects.exists() and not Goal.objects.exists() and not AuditEntry.objects.filter(action="content.created").exists()


def test_non_numeric_target_is_a_field_error(organization):
    bad = {**indicator_row(), "target": "ბევრი"}
    with pytest.raises(ValidationError) as caught:
        build_action_plan(organization, goals=[{"title_ka": "მიზანი", "tasks": [task_row(indicators=[bad])]}])
    assert caught.value.message_dict == {"goals[0].tasks[0].indicators[0].target": ["“ბევრი” value must be a decimal number."]}
    assert not ActionPlan.objects.exists()


def test_task_ending_before_it_starts_is_rejected(organization):
    with pytest.raises(ValidationError) as caught:
        build_action_plan(organization, goals=[{"title_ka": "მიზანი", "tasks": [task_row(ends_on=date(2020, 1, 1))]}])
    assert caught.value.message_dict == {"goals[0].tasks[0].ends_on": ["The end date cannot be before the start date."]}


def test_plan_period_order_is_validated(organization):
    with pytest.raises(ValidationError) as caught:
        action_plan_create(actor=TEST_ACTOR, 
            organization=organization,
            fields={"title_ka": "გეგმა", "period_start": date(2021, 1, 1), "period_end": date(2020, 1, 1)},
        )
    assert caught.value.message_dict == {"period_end": ["The end date cannot be before the start date."]}


def test_update_keeps_rows_with_ids_and_their_values(organization, editor):
    plan = build_action_plan(organization)
    goal = plan.goals.get()
    task = goal.tasks.get()
    indicator = task.indicators.get()
    indicator_value_record(indicator=indicator, recorded_at=date(2020, 9, 1), value=Decimal("40"), actor=Actor.for_user(editor))
    version = ActionPlan.objects.get(pk=plan.pk).version

    plan = ActionPlan.objects.get(pk=plan.pk)
    action_plan_update(
        plan=plan,
        fields={"title_en": "Renamed"},
        goals=[
            {"title_ka": "ახალი მიზანი", "tasks": []},
            {
                "id": goal.pk,
                "title_ka": "გამჭვირვალობა (განახლებული)",
                "tasks": [{**task_row("ვებგვერდი"), "id": task.pk, "indicators": [{**indicator_row(target="80"), "id": indicator.pk}]}],
            },
        ],
        expected_version=version,
        actor=Actor.for_user(editor),
    )
    goals = list(plan.goals.all())
    assert [g.title_ka for g in goals] == ["ახალი მიზანი", "გამჭვირვალობა (განახლებული)"]
    assert goals[1].pk == goal.pk
    kept = Indicator.objects.get(pk=indicator.pk)
    assert kept.target == Decimal("80") and kept.values.count() == 1
    assert AuditEntry.objects.get(action="content.updated").data == {"type": "actionplan", "changed": ["title_en", "goals"]}


def test_update_drops_rows_left_out(organization):
    plan = build_action_plan(organization)
    action_plan_update(actor=TEST_ACTOR, plan=plan, fields={}, goals=[])
    assert not Goal.objects.exists() and not Task.objects.exists() and not Indicator.objects.exists()


def test_update_with_a_foreign_row_id_is_rejected(organization, other_organization):
    other_goal = build_action_plan(other_organization).goals.get()
    plan = build_action_plan(organization)
    with pytest.raises(ValidationError) as caught:
        action_plan_update(actor=TEST_ACTOR, plan=plan, fields={}, goals=[{"id": other_goal.pk, "title_ka": "გატაცება"}])
    assert caught.value.message_dict == {"goals[0].id": ["There is no such row in this item."]}
    assert Goal.objects.get(pk=other_goal.pk).title_ka == "გამჭვირვალობა"


def test_stale_version_overwrites_nothing(organization):
    plan = build_action_plan(organization)
    with pytest.raises(StaleVersion):
        action_plan_update(actor=TEST_ACTOR, plan=plan, fields={"title_ka": "სხვა"}, expected_version=plan.version + 5)
    assert ActionPlan.objects.get(pk=plan.pk).title_ka == "ერთობლივი სამოქმედო გეგმა"


def test_recording_a_value_audits_and_bumps_the_plan_version(organization, editor):
    plan = build_action_plan(organization)
    indicator = Indicator.objects.get()
    entry = indicator_value_record(indicator=indicator, recorded_at=date(2021, 3, 1), value=Decimal("12.5"), note="I კვარტალი", actor=Actor.for_user(editor))
    assert entry.recorded_by == editor
    assert ActionPlan.objects.get(pk=plan.pk).version == plan.version + 1
    audit = AuditEntry.objects.get(action="action_plan.indicator_value_recorded")
    assert audit.organization == organization
    assert audit.data == {"indicator": indicator.pk, "recorded_at": "2021-03-01", "value": "12.5"}


def test_progress_rolls_up_from_latest_values(organization):
    plan = build_action_plan(
        organization,
        goals=[
            {
                "title_ka": "გამჭვირვალობა",
                "tasks": [
                    task_row("ა", indicators=[indicator_row("ზარები", target="100"), indicator_row("პერსონალი", baseline="2", target="6")]),
                    task_row("ბ", indicators=[]),
                ],
            },
            {"title_ka": "ინკლუზიურობა", "tasks": [task_row("გ", indicators=[indicator_row("შეხვედრები", target="10")])]},
            {"title_ka": "ცარიელი", "tasks": []},
        ],
    )
    calls, staff, meetings = Indicator.objects.order_by("task__goal__position", "task__position", "position")
    indicator_value_record(actor=TEST_ACTOR, indicator=calls, recorded_at=date(2020, 7, 1), value=Decimal("90"))
    # The latest by date counts, not the last entered.
    indicator_value_record(actor=TEST_ACTOR, indicator=calls, recorded_at=date(2020, 10, 1), value=Decimal("50"))
    indicator_value_record(actor=TEST_ACTOR, indicator=calls, recorded_at=date(2020, 8, 1), value=Decimal("70"))
    indicator_value_record(actor=TEST_ACTOR, indicator=staff, recorded_at=date(2020, 8, 1), value=Decimal("6"))
    indicator_value_record(actor=TEST_ACTOR, indicator=meetings, recorded_at=date(2020, 8, 1), value=Decimal("2"))

    [loaded] = action_plan_list(queryset=ActionPlan.objects.filter(pk=plan.pk))
    action_plan_attach_progress([loaded])
    transparency, inclusion, empty = loaded.goals.all()
    first_task, unmeasured_task = transparency.tasks.all()
    assert [i.progress for i in first_task.indicators.all()] == [pytest.approx(0.5), pytest.approx(1.0)]
    assert first_task.progress == pytest.approx(0.75)
    assert unmeasured_task.progress is None
    assert transparency.progress == pytest.approx(0.75)
    assert inclusion.progress == pytest.approx(0.2)
    assert empty.progress is None
    assert loaded.progress == pytest.approx((0.75 + 0.2) / 2)


def test_progress_of_many_plans_takes_a_constant_number_of_queries(organization, django_assert_num_queries):
    for number in range(5):
        build_action_plan(organization, title=f"გეგმა {number}", goals=[{"title_ka": "მიზანი", "tasks": [task_row(), task_row()]}])
    for indicator in Indicator.objects.all():
        IndicatorValue.objects.create(indicator=indicator, recorded_at=date(2020, 9, 1), value=Decimal("10"))
    # plans, goals, tasks, activities, indicators (with their latest value), linked practices
    with django_assert_num_queries(6):
        plans = list(action_plan_list())
        action_plan_attach_progress(plans)
    assert [plan.progress for plan in plans] == [pytest.approx(0.1)] * 5
