"""Reading action plans, with progress computed from the indicators' latest values.

Progress of an indicator is how far its latest value has moved from the
baseline towards the target, clamped to 0..1; a task's progress is the mean
of its indicators, a goal's the mean of its measurable tasks, a plan's the
mean of its measurable goals. A task without indicators (and a goal or plan
with nothing measurable under it) has no progress (None), rather than 0,
so "not measured" is not shown as "no progress".

The whole tree, with each indicator's latest value, is loaded with a
constant number of queries however many plans, goals and tasks there are.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from practices.models import ActionPlan, Goal, Indicator, IndicatorValue, Practice, Task


def indicator_progress(*, baseline: Decimal, target: Decimal, direction: str, latest: Decimal | None) -> float:
    """Share of the way from baseline to target reached by `latest` (no value yet: the baseline)."""
    actual = baseline if latest is None else latest
    if target == baseline:
        # Nothing to move: the target is met while the value stays on the right side of it.
        met = actual >= target if direction == Indicator.Direction.INCREASE else actual <= target
        return 1.0 if met else 0.0
    share = (actual - baseline) / (target - baseline)
    return float(min(max(share, Decimal(0)), Decimal(1)))


def mean_progress(values: Iterable[float | None]) -> float | None:
    measured = [value for value in values if value is not None]
    if not measured:
        return None
    return sum(measured) / len(measured)


def latest_value_subquery() -> Subquery:
    latest = IndicatorValue.objects.filter(indicator=OuterRef("pk")).order_by("-recorded_at", "-id")
    return Subquery(latest.values("value")[:1])


def action_plan_prefetch(*, with_history: bool = False) -> tuple[Prefetch, ...]:
    """Goals → tasks → activities and indicators (each with `latest_value`), and the linked practices.

    `with_history` adds every recorded value of each indicator (the plan's page shows them).
    """
    indicators = Indicator.objects.annotate(latest_value=latest_value_subquery())
    if with_history:
        indicators = indicators.prefetch_related("values")
    tasks = Task.objects.prefetch_related("activities", Prefetch("indicators", queryset=indicators))
    return (
        Prefetch("goals", queryset=Goal.objects.prefetch_related(Prefetch("tasks", queryset=tasks))),
        Prefetch("practices", queryset=Practice.objects.select_related("organization")),
    )


def action_plan_list(*, queryset: QuerySet[ActionPlan] | None = None, with_history: bool = False) -> QuerySet[ActionPlan]:
    """Plans with their owner and the tree progress needs; `queryset` narrows which plans (visibility, filters)."""
    plans = ActionPlan.objects.all() if queryset is None else queryset
    return plans.select_related("organization__region").prefetch_related(*action_plan_prefetch(with_history=with_history))


def action_plan_attach_progress(plans: Iterable[ActionPlan]) -> None:
    """Set `progress` (0..1 or None) on each plan, goal, task and indicator from the prefetched tree."""
    for plan in plans:
        for goal in plan.goals.all():
            for task in goal.tasks.all():
                for indicator in task.indicators.all():
                    indicator.progress = indicator_progress(
                        baseline=indicator.baseline,
                        target=indicator.target,
                        direction=indicator.direction,
                        latest=indicator.latest_value,
                    )
                task.progress = mean_progress(indicator.progress for indicator in task.indicators.all())
            goal.progress = mean_progress(task.progress for task in goal.tasks.all())
        plan.progress = mean_progress(goal.progress for goal in plan.goals.all())
