from django.urls import path

from .models import ActionPlan, ServiceDescription, TrainingModule
from .views import action_plan, base, service, training


def content_pages(prefix: str, model, *, list_view, detail_view, form_view) -> list:
    """The pages every content type has, named `<model_name>-<page>` (see Content.page_url)."""
    name = model._meta.model_name
    item = f"{prefix}/<slug:organization>/<slug:slug>"
    return [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}-list"),
        path(f"{prefix}/new/", form_view.as_view(), name=f"{name}-create"),
        path(f"{item}/", detail_view.as_view(), name=f"{name}-detail"),
        path(f"{item}/edit/", form_view.as_view(), name=f"{name}-edit"),
        path(f"{item}/publish/", base.ContentPublishView.as_view(model=model), name=f"{name}-publish"),
        path(f"{item}/archive/", base.ContentArchiveView.as_view(model=model), name=f"{name}-archive"),
        path(f"{item}/history/", base.ContentHistoryView.as_view(model=model), name=f"{name}-history"),
        path(f"{item}/attachments/", base.AttachmentUploadView.as_view(model=model), name=f"{name}-attach"),
    ]


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
