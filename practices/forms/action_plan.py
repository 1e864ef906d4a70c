"""The action plan form: the plan's fields, and one row per task (its goal named on the row).

Activities are written one per line and indicators one per line as
`name | unit | baseline | target`; rows are grouped into goals by the goal's
Georgian title, in the order they appear. Goals and indicators that keep
their Georgian text keep their identity, so recorded values survive an edit.
"""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ActionPlan, ContentStatus, MonitoringFrequency, Practice
from .base import ContentForm, DateInput

MARKDOWN_HELP = _("Markdown: **bold**, *italic*, lists, tables and links.")
INDICATOR_HELP = _("One per line: name | unit | baseline | target, e.g. “Calls received | calls | 0 | 600”.")


def _number(text: str, *, line: int, what: str) -> Decimal:
    try:
        return Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise forms.ValidationError(
            _("Line %(line)d: the %(what)s “%(value)s” is not a number.") % {"line": line, "what": what, "value": text.strip()}
        ) from None


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class TaskRowForm(forms.Form):
    task_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    goal_ka = forms.CharField(label=_("Goal (Georgian)"), max_length=300)
    goal_en = forms.CharField(label=_("Goal (English)"), max_length=300, required=False)
    title_ka = forms.CharField(label=_("Task (Georgian)"), widget=forms.Textarea(attrs={"rows": 2}))
    title_en = forms.CharField(label=_("Task (English)"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    executors = forms.CharField(label=_("Executors"), required=False)
    starts_on = forms.DateField(label=_("Starts"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends"), widget=DateInput())
    monitoring_frequency = forms.ChoiceField(label=_("Monitoring frequency"), choices=MonitoringFrequency.choices)
    activities = forms.CharField(
        label=_("Activities"), widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text=_("One per line.")
    )
    indicators = forms.CharField(label=_("Indicators"), widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text=INDICATOR_HELP)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select) else "form-control")

    def clean_indicators(self) -> list[dict]:
        rows = []
        for number, line in enumerate(_lines(self.cleaned_data["indicators"]), start=1):
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 4 or not parts[0]:
                raise forms.ValidationError(_("Line %(line)d: write name | unit | baseline | target.") % {"line": number})
            baseline = _number(parts[2], line=number, what=_("baseline"))
            target = _number(parts[3], line=number, what=_("target"))
            direction = "decrease" if target < baseline else "increase"
            rows.append({"name_ka": parts[0], "unit": parts[1], "baseline": baseline, "target": target, "direction": direction})
        return rows

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        return cleaned


TaskRowFormSet = forms.formset_factory(TaskRowForm, extra=2, can_delete=True)


def _task_initial(plan: ActionPlan) -> list[dict]:
    rows = []
    for goal in plan.goals.prefetch_related("tasks__activities", "tasks__indicators"):
        for task in goal.tasks.all():
            rows.append(
                {
                    "task_id": task.pk, "goal_ka": goal.title_ka, "goal_en": goal.title_en,
                    "title_ka": task.title_ka, "title_en": task.title_en, "executors": task.executors,
                    "starts_on": task.starts_on, "ends_on": task.ends_on, "monitoring_frequency": task.monitoring_frequency,
                    "activities": "\n".join(activity.description_ka for activity in task.activities.all()),
                    "indicators": "\n".join(
                        f"{i.name_ka} | {i.unit} | {i.baseline.normalize():f} | {i.target.normalize():f}" for i in task.indicators.all()
                    ),
                }
            )  # fmt: skip
    return rows


class ActionPlanForm(ContentForm):
    practices = forms.ModelMultipleChoiceField(
        queryset=Practice.objects.filter(status=ContentStatus.PUBLISHED).select_related("organization").order_by("title_ka"),
        required=False,
        label=_("Linked practices"),
    )
    extra_service_fields = ("practices",)

    class Meta:
        model = ActionPlan
        fields = ["title_ka", "title_en", "slug", "period_start", "period_end", "description_ka", "description_en"]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("The end of the page's address; generated from the title when left empty.")
        for name in ("description_ka", "description_en"):
            self.fields[name].widget.attrs["rows"] = 4
            self.fields[name].help_text = MARKDOWN_HELP
        if self.instance.pk:
            self.initial["practices"] = list(self.instance.practices.all())
        self.tasks = TaskRowFormSet(
            data=self.data or None, initial=_task_initial(self.instance) if self.instance.pk else None, prefix="tasks"
        )

    def is_valid(self) -> bool:
        form_valid = super().is_valid()
        return self.tasks.is_valid() and form_valid

    def _existing_ids(self) -> tuple[dict, dict, dict]:
        """Goal ids by Georgian title, each task's goal id, indicator ids by (task id, Georgian name)."""
        if not self.instance.pk:
            return {}, {}, {}
        goals = {goal.title_ka: goal.pk for goal in self.instance.goals.all()}
        task_goals, indicators = {}, {}
        rows = self.instance.goals.values_list("pk", "tasks__pk", "tasks__indicators__pk", "tasks__indicators__name_ka")
        for goal_id, task_id, indicator_id, name in rows:
            if task_id is not None:
                task_goals[task_id] = goal_id
            if indicator_id is not None:
                indicators[(task_id, name)] = indicator_id
        return goals, task_goals, indicators

    def service_data(self) -> dict:
        data = super().service_data()
        if not data.get("slug"):
            data.pop("slug", None)
        goal_ids, task_goals, indicator_ids = self._existing_ids()
        goals: dict[str, dict] = {}
        for row in self.tasks.forms:
            task = row.cleaned_data
            if not task or task.get("DELETE") or not task.get("title_ka"):
                continue
            goal = goals.setdefault(task["goal_ka"], {"title_ka": task["goal_ka"], "title_en": task["goal_en"], "tasks": []})
            if task["goal_ka"] in goal_ids:
                goal["id"] = goal_ids[task["goal_ka"]]
            entry = {
                "title_ka": task["title_ka"], "title_en": task["title_en"], "executors": task["executors"],
                "starts_on": task["starts_on"], "ends_on": task["ends_on"], "monitoring_frequency": task["monitoring_frequency"],
                "activities": [{"description_ka": line} for line in _lines(task["activities"])],
                "indicators": task["indicators"],
            }  # fmt: skip
            # A task keeps its identity (and its indicators their recorded values) while it stays under the same goal.
            task_id = task["task_id"]
            if task_id in task_goals and task_goals[task_id] == goal.get("id"):
                entry["id"] = task_id
                entry["indicators"] = [
                    {**indicator, "id": indicator_ids[(task_id, indicator["name_ka"])]}
                    if (task_id, indicator["name_ka"]) in indicator_ids else indicator
                    for indicator in task["indicators"]
                ]  # fmt: skip
            goal["tasks"].append(entry)
        data["goals"] = list(goals.values())
        return data


class IndicatorValueForm(forms.Form):
    indicator = forms.IntegerField()
    recorded_at = forms.DateField(label=_("Date"))
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
