from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View

from ..filtersets import ActionPlanFilter
from ..forms.action_plan import ActionPlanForm, IndicatorValueForm
from ..models import ActionPlan, Indicator
from ..selectors.action_plan import action_plan_attach_progress, action_plan_prefetch
from ..services.action_plan import split_plan_data
from ..services.action_plan import action_plan_create, action_plan_update, indicator_value_record
from .base import ContentDetailView, ContentFormView, ContentListView, ContentViewMixin


class ActionPlanViewMixin:
    model = ActionPlan
    template_dir = "practices/action_plan"


class ActionPlanListView(ActionPlanViewMixin, ContentListView):
    filterset_class = ActionPlanFilter

    def list_queryset(self):
        return self.visible().prefetch_related(*action_plan_prefetch())


class ActionPlanDetailView(ActionPlanViewMixin, ContentDetailView):
    def visible(self):
        return super().visible().prefetch_related(*action_plan_prefetch(with_history=True))

    def extra_context(self, item: ActionPlan) -> dict:
        action_plan_attach_progress([item])
        return {}


class ActionPlanFormView(ActionPlanViewMixin, ContentFormView):
    form_class = ActionPlanForm

    def create_item(self, *, organization, data: dict) -> ActionPlan:
        fields, relations = split_plan_data(data)
        return action_plan_create(organization=organization, fields=fields, **relations, actor=self.actor)

    def update_item(self, *, item: ActionPlan, data: dict, expected_version: int) -> ActionPlan:
        fields, relations = split_plan_data(data)
        return action_plan_update(plan=item, fields=fields, expected_version=expected_version, **relations, actor=self.actor)


class IndicatorValueRecordView(LoginRequiredMixin, ActionPlanViewMixin, ContentViewMixin, View):
    """Record an indicator's actual value from the plan's page (editors of the owner)."""

    def post(self, request, organization: str, slug: str):
        plan = self.get_editable_item(organization, slug)
        form = IndicatorValueForm(request.POST)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
            return HttpResponseRedirect(plan.get_absolute_url())
        indicator = get_object_or_404(Indicator.objects.select_related("task__goal__plan"), pk=form.cleaned_data["indicator"], task__goal__plan=plan)
        data = {name: form.cleaned_data[name] for name in ("recorded_at", "value", "note")}
        indicator_value_record(indicator=indicator, **data, actor=self.actor)
        messages.success(request, _("The value is recorded."))
        return HttpResponseRedirect(plan.get_absolute_url())
