"""Action plans (seed 000): goal → task → activities and indicators, with values recorded over time.

Progress is never stored: it is computed from the indicators' latest values
by practices.selectors.action_plan, so recording a value is the only write
that moves a progress bar.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipalities.models import in_language

from .base import Content

__all__ = ["ActionPlan", "Activity", "Goal", "Indicator", "IndicatorValue", "MonitoringFrequency", "Task", "check_date_order"]

# Indicator figures: counts, percentages and GEL amounts all fit.
FIGURE = {"max_digits": 14, "decimal_places": 2}


class MonitoringFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    TWICE_A_YEAR = "twice_a_year", _("Twice a year")
    YEARLY = "yearly", _("Once a year")


class ActionPlan(Content):
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    description_ka = models.TextField(_("description (Georgian, Markdown)"), blank=True)
    description_en = models.TextField(_("description (English, Markdown)"), blank=True)
    practices = models.ManyToManyField(
        "practices.Practice", verbose_name=_("linked practices"), related_name="action_plans", blank=True
    )

    class Meta(Content.Meta):
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            *Content.Meta.constraints,
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")), name="action_plan_period_order"),
        ]

    def search_text(self) -> str:
        return self.bilingual_text("description")

    def clean(self) -> None:
        check_date_order(start=self.period_start, end=self.period_end, end_field="period_end")

    def snapshot(self) -> dict:
        """The plan with its whole goal → task → activity/indicator tree (recorded values are not content)."""
        data = super().snapshot()
        goals = [
            {
                "title_ka": goal.title_ka,
                "title_en": goal.title_en,
                "tasks": [
                    {
                        **{name: getattr(task, name) for name in ("title_ka", "title_en", "executors", "starts_on", "ends_on", "monitoring_frequency")},
                        "activities": [[activity.description_ka, activity.description_en] for activity in task.activities.all()],
                        "indicators": [
                            {name: getattr(indicator, name) for name in ("name_ka", "name_en", "unit", "baseline", "target", "direction")}
                            for indicator in task.indicators.all()
                        ],
                    }
                    for task in goal.tasks.all()
                ],
            }
            for goal in self.goals.prefetch_related("tasks__activities", "tasks__indicators")
        ]
        data["goals"] = json.loads(json.dumps(goals, cls=DjangoJSONEncoder))
        return data

    @property
    def description(self) -> str:
        return in_language(self, "description")


def check_date_order(*, start, end, end_field: str) -> None:
    if start is not None and end is not None and end < start:
        raise ValidationError({end_field: _("The end date cannot be before the start date.")})


class Goal(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title_ka = models.CharField(_("title (Georgian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self, "title")


class Task(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title_ka = models.TextField(_("task (Georgian)"))
    title_en = models.TextField(_("task (English)"), blank=True)
    executors = models.TextField(_("executors"), blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    monitoring_frequency = models.CharField(
        _("monitoring frequency"), max_length=16, choices=MonitoringFrequency.choices, default=MonitoringFrequency.TWICE_A_YEAR
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="task_timeframe_order")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        check_date_order(start=self.starts_on, end=self.ends_on, end_field="ends_on")

    @property
    def title(self) -> str:
        return in_language(self, "title")


class Activity(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    description_ka = models.TextField(_("activity (Georgian)"))
    description_en = models.TextField(_("activity (English)"), blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.description

    @property
    def description(self) -> str:
        return in_language(self, "description")


class Indicator(models.Model):
    class Direction(models.TextChoices):
        INCREASE = "increase", _("Higher is better")
        DECREASE = "decrease", _("Lower is better")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_ka = models.CharField(_("indicator (Georgian)"), max_length=300)
    name_en = models.CharField(_("indicator (English)"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    baseline = models.DecimalField(_("baseline"), **FIGURE)
    target = models.DecimalField(_("target"), **FIGURE)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices, default=Direction.INCREASE)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            # A target on the wrong side of the baseline would make progress run backwards.
            models.CheckConstraint(
                condition=models.Q(direction="increase", target__gte=models.F("baseline"))
                | models.Q(direction="decrease", target__lte=models.F("baseline")),
                name="indicator_target_follows_direction",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.baseline is None or self.target is None:
            return
        if self.direction == self.Direction.INCREASE and self.target < self.baseline:
            raise ValidationError({"target": _("For an indicator where higher is better, the target cannot be below the baseline.")})
        if self.direction == self.Direction.DECREASE and self.target > self.baseline:
            raise ValidationError({"target": _("For an indicator where lower is better, the target cannot be above the baseline.")})

    @property
    def name(self) -> str:
        return in_language(self, "name")


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    recorded_at = models.DateField(_("date"))
    value = models.DecimalField(_("value"), **FIGURE)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        indexes = [models.Index(fields=["indicator", "-recorded_at", "-id"], name="indicator_value_latest")]

    def __str__(self) -> str:
        return f"{self.recorded_at}: {self.value}"
