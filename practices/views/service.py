from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from ..filtersets import ServiceFilter
from ..forms.service import ServiceDescriptionForm
from ..models import ServiceDescription
from ..selectors.service import SERVICE_PREFETCH, service_categories, service_comparison
from ..services.service import split_service_data
from ..services.service import service_description_create, service_description_update
from .base import ContentDetailView, ContentFormView, ContentListView


class ServiceViewMixin:
    model = ServiceDescription
    template_dir = "practices/service"


class ServiceListView(ServiceViewMixin, ContentListView):
    filterset_class = ServiceFilter

    def list_queryset(self):
        return self.visible().prefetch_related(*SERVICE_PREFETCH)

    def extra_context(self) -> dict:
        return {"terms": service_categories(), "term_param": "category", "term_label": _("Category")}


class ServiceDetailView(ServiceViewMixin, ContentDetailView):
    def visible(self):
        return super().visible().prefetch_related(*SERVICE_PREFETCH)


class ServiceFormView(ServiceViewMixin, ContentFormView):
    form_class = ServiceDescriptionForm

    def create_item(self, *, organization, data: dict) -> ServiceDescription:
        fields, documents = split_service_data(data)
        return service_description_create(organization=organization, fields=fields, required_documents=documents, actor=self.actor)

    def update_item(self, *, item: ServiceDescription, data: dict, expected_version: int) -> ServiceDescription:
        fields, documents = split_service_data(data)
        return service_description_update(
            service=item, fields=fields, required_documents=documents, expected_version=expected_version, actor=self.actor
        )


def service_comparison_page(request):
    """One service category side by side across municipalities."""
    categories = service_categories()
    category = categories.filter(slug=request.GET.get("category", "")).first() or categories.first()
    comparison = service_comparison(category=category) if category else None
    return render(request, "practices/service/compare.html", {"categories": categories, "comparison": comparison})
