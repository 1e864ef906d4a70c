"""Writing action plans: the plan, its goal → task → activity/indicator tree, and indicator values."""

from datetime import date
from decimal import Decimal
from typing import NotRequired, TypedDict

from django.db import transaction

from municipalities.actors import Actor
from municipalities.audit import AUDIT_CHANGED_KEY, AuditAction
from municipalities.models import Organization
from municipalities.services import audit_record

from ..models import ActionPlan, Indicator, IndicatorValue
from .content import content_apply_fields, content_claim_version, content_create, content_saved
from .rows import ordered_rows_sync, row_validate


class ActivityRow(TypedDict):
    description_ka: str
    description_en: NotRequired[str]


class IndicatorRow(TypedDict):
    id: NotRequired[int]
    name_ka: str
    name_en: NotRequired[str]
    unit: NotRequired[str]
    baseline: Decimal
    target: Decimal
    direction: NotRequired[str]


class TaskRow(TypedDict):
    id: NotRequired[int]
    title_ka: str
    title_en: NotRequired[str]
    executors: NotRequired[str]
    starts_on: date
    ends_on: date
    monitoring_frequency: NotRequired[str]
    activities: NotRequired[list[ActivityRow]]
    indicators: NotRequired[list[IndicatorRow]]


class GoalRow(TypedDict):
    id: NotRequired[int]
    title_ka: str
    title_en: NotRequired[str]
    tasks: NotRequired[list[TaskRow]]


GOAL_FIELDS = ("title_ka", "title_en")
TASK_FIELDS = ("title_ka", "title_en", "executors", "starts_on", "ends_on", "monitoring_frequency")
ACTIVITY_FIELDS = ("description_ka", "description_en")
# Set by content_create (a slug from the title when none is given), not by the editor.
CONTENT_MANAGED_FIELDS = ("slug", "organization", "created_by")
INDICATOR_FIELDS = ("name_ka", "name_en", "unit", "baseline", "target", "direction")


def _task_children(task, data: dict, path: str) -> None:
    if "activities" in data:
        ordered_rows_sync(manager=task.activities, rows=data["activities"], fields=ACTIVITY_FIELDS, path=f"{path}.activities")
    if "indicators" in data:
        ordered_rows_sync(manager=task.indicators, rows=data["indicators"], fields=INDICATOR_FIELDS, path=f"{path}.indicators")


def _goal_children(goal, data: dict, path: str) -> None:
    if "tasks" in data:
        ordered_rows_sync(manager=goal.tasks, rows=data["tasks"], fields=TASK_FIELDS, path=f"{path}.tasks", children=_task_children)


def _plan_set_relations(*, plan: ActionPlan, goals: list[GoalRow] | None, practices: list | None) -> None:
    if goals is not None:
        ordered_rows_sync(manager=plan.goals, rows=goals, fields=GOAL_FIELDS, path="goals", children=_goal_children)
    if practices is not None:
        plan.practices.set(practices)


@transaction.atomic
def action_plan_create(
    *,
    organization: Organization,
    fields: dict,
    goals: list[GoalRow] | None = None,
    practices: list | None = None,
    actor: Actor,
) -> ActionPlan:
    """A draft plan with its tree; any invalid row raises ValidationError and nothing is kept."""
    row_validate(row=ActionPlan(organization=organization, **fields), exclude=CONTENT_MANAGED_FIELDS)
    plan = content_create(model=ActionPlan, organization=organization, fields=fields, actor=actor)
    _plan_set_relations(plan=plan, goals=goals or [], practices=practices)
    content_saved(item=plan, action=AuditAction.CONTENT_CREATED, actor=actor, data={"title_ka": plan.title_ka})
    return plan


@transaction.atomic
def action_plan_update(
    *,
    plan: ActionPlan,
    fields: dict,
    goals: list[GoalRow] | None = None,
    practices: list | None = None,
    expected_version: int | None = None,
    actor: Actor,
) -> ActionPlan:
    """Change the plan; `goals` (when given) replaces the tree, keeping rows that carry their id."""
    content_claim_version(item=plan, actor=actor, expected_version=expected_version)
    changed = content_apply_fields(item=plan, fields=fields)
    row_validate(row=plan, exclude=CONTENT_MANAGED_FIELDS)
    plan.save()
    _plan_set_relations(plan=plan, goals=goals, practices=practices)
    if goals is not None:
        changed.append("goals")
    if practices is not None:
        changed.append("practices")
    content_saved(item=plan, action=AuditAction.CONTENT_UPDATED, actor=actor, data={AUDIT_CHANGED_KEY: changed})
    return plan


@transaction.atomic
def indicator_value_record(
    *,
    indicator: Indicator,
    recorded_at: date,
    value: Decimal,
    note: str = "",
    actor: Actor,
) -> IndicatorValue:
    """Record an actual value; the plan's version moves so cached copies of its progress go stale."""
    plan = indicator.task.goal.plan
    entry = IndicatorValue(
        indicator=indicator,
        recorded_at=recorded_at,
        value=value,
        note=note,
        recorded_by=actor.user,
    )
    row_validate(row=entry, exclude=("indicator",))
    entry.save()
    content_claim_version(item=plan, actor=actor, expected_version=None)
    audit_record(
        organization=plan.organization,
        actor=actor,
        action=AuditAction.INDICATOR_VALUE_RECORDED,
        target=plan,
        data={"indicator": indicator.pk, "recorded_at": recorded_at.isoformat(), "value": str(value)},
    )
    return entry


def split_plan_data(data: dict) -> tuple[dict, dict]:
    """Scalar fields for the plan, and the relations the service writes itself."""
    relations = {name: data.pop(name) for name in ("goals", "practices") if name in data}
    return data, relations
