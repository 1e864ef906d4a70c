from django.utils.translation import gettext_lazy as _

from ..filtersets import PracticeFilter
from ..forms.adoption import AdoptionForm
from ..forms.practice import PracticeForm
from ..models import PRACTICE_SECTIONS, Practice
from ..selectors.practice import PRACTICE_PREFETCH, practice_adoptions, theme_list
from ..selectors.related import practice_related_list
from ..services.practice import practice_create, practice_update
from .base import ContentDetailView, ContentFormView, ContentListView, editable_organizations


class PracticeViewMixin:
    model = Practice
    template_dir = "practices/practice"


class PracticeListView(PracticeViewMixin, ContentListView):
    filterset_class = PracticeFilter

    def list_queryset(self):
        return self.visible().prefetch_related(*PRACTICE_PREFETCH)

    def extra_context(self) -> dict:
        themes = theme_list()
        selected = self.request.GET.get("theme")
        return {
            "terms": themes,
            "term_param": "theme",
            "term_label": _("Theme"),
            # Filtered by one theme: the page offers to follow it.
            "selected_theme": themes.filter(slug=selected).first() if selected else None,
        }


class PracticeDetailView(PracticeViewMixin, ContentDetailView):
    def visible(self):
        return super().visible().prefetch_related(*PRACTICE_PREFETCH)

    def extra_context(self, item: Practice) -> dict:
        adopters = editable_organizations(self.actor).exclude(pk=item.organization_id)
        return {
            "sections": PRACTICE_SECTIONS,
            "adoptions": practice_adoptions(practice=item),
            "related_practices": practice_related_list(practice=item) if item.is_published else [],
            "adoption_form": AdoptionForm(organizations=adopters) if item.is_published and adopters.exists() else None,
        }


class PracticeFormView(PracticeViewMixin, ContentFormView):
    form_class = PracticeForm

    def extra_context(self) -> dict:
        return {"sections": PRACTICE_SECTIONS}

    def create_item(self, *, organization, data: dict) -> Practice:
        return practice_create(organization=organization, **data, actor=self.actor)

    def update_item(self, *, item: Practice, data: dict, expected_version: int) -> Practice:
        return practice_update(practice=item, expected_version=expected_version, **data, actor=self.actor)
