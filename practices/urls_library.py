from django.urls import path

from .models import ActionPlan, ServiceDescription, TrainingModule
from .content_urls import content_pages
from .views import action_plan, service, training


urlpatterns = [
    path("training/totals/", training.training_totals_page, name="training-totals"),
    path("training/sessions/new/", training.TrainingSessionFormView.as_view(), name="trainingsession-create"),
    path("services/compare/", service.service_comparison_page, name="service-compare"),
    path(
        "action-plans/<slug:organization>/<slug:slug>/values/",
        action_plan.IndicatorValueRecordView.as_view(),
        name="actionplan-record",
    ),
    *content_pages(
        "action-plans", ActionPlan, list_view=action_plan.ActionPlanListView,
        detail_view=action_plan.ActionPlanDetailView, form_view=action_plan.ActionPlanFormView,
    ),
    *content_pages(
        "training", TrainingModule, list_view=training.TrainingModuleListView,
        detail_view=training.TrainingModuleDetailView, form_view=training.TrainingModuleFormView,
    ),
    *content_pages(
        "services", ServiceDescription, list_view=service.ServiceListView,
        detail_view=service.ServiceDetailView, form_view=service.ServiceFormView,
    ),
]  # fmt: skip
