from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from hub.web import form_add_service_error
from municipalities.permissions import ActorMixin
from municipalities.models import in_language

from ..filtersets import TrainingModuleFilter
from ..forms.training import TrainingModuleForm, TrainingSessionForm
from ..models import ContentStatus, TrainingModule
from ..selectors.training import (
    TRAINING_MODULE_PREFETCH,
    training_directions,
    training_session_list,
    training_totals_by_direction,
    training_totals_by_organization,
)
from ..services.training import training_module_create, training_module_update, training_session_create
from .base import (
    ContentDetailView,
    ContentFormView,
    ContentListView,
    editable_organizations,
)


class TrainingModuleViewMixin:
    model = TrainingModule
    template_dir = "practices/training"


class TrainingModuleListView(TrainingModuleViewMixin, ContentListView):
    filterset_class = TrainingModuleFilter

    def list_queryset(self):
        return self.visible().prefetch_related(*TRAINING_MODULE_PREFETCH)

    def extra_context(self) -> dict:
        return {
            "terms": training_directions(),
            "term_param": "direction",
            "term_label": _("Direction"),
            "choices": TrainingModule.Format.choices,
            "choice_param": "delivery",
            "choice_label": _("Format"),
        }


class TrainingModuleDetailView(TrainingModuleViewMixin, ContentDetailView):
    def visible(self):
        return super().visible().prefetch_related(*TRAINING_MODULE_PREFETCH)

    def extra_context(self, item: TrainingModule) -> dict:
        return {"sessions": training_session_list(actor=self.actor).filter(module=item).order_by("starts_on")}


class TrainingModuleFormView(TrainingModuleViewMixin, ContentFormView):
    form_class = TrainingModuleForm

    def create_item(self, *, organization, data: dict) -> TrainingModule:
        return training_module_create(organization=organization, fields=data, actor=self.actor)

    def update_item(self, *, item: TrainingModule, data: dict, expected_version: int) -> TrainingModule:
        return training_module_update(module=item, fields=data, expected_version=expected_version, actor=self.actor)


class TrainingSessionFormView(LoginRequiredMixin, ActorMixin, View):
    """Add a session hosted by one of the user's organizations, with participants per organization."""

    def build_form(self, data=None):
        hosts = editable_organizations(self.actor)
        if not hosts.exists():
            raise PermissionDenied(_("You need the editor role in an organization to add content."))
        modules = TrainingModule.objects.filter(Q(status=ContentStatus.PUBLISHED) | Q(organization__in=hosts)).order_by("title_ka")
        return TrainingSessionForm(data=data, organizations=hosts, modules=modules, initial={"module": self.request.GET.get("module")})

    def render_form(self, form):
        return render(self.request, "practices/training/session_form.html", {"form": form})

    def get(self, request):
        return self.render_form(self.build_form())

    def post(self, request):
        form = self.build_form(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        fields, participations = form.service_data()
        module = fields.pop("module")
        try:
            training_session_create(
                organization=form.cleaned_data["organization"], module=module, fields=fields,
                participations=participations, actor=self.actor,
            )  # fmt: skip
        except ValidationError as error:
            form_add_service_error(form, error)
            return self.render_form(form)
        messages.success(request, _("The session is saved."))
        return HttpResponseRedirect(module.get_absolute_url())


BAR_ROW_HEIGHT = 24
LABEL_WIDTH = 170
# Direction names are longer than municipality names.
DIRECTION_LABEL_WIDTH = 420
BAR_MAX_WIDTH = 380


def _named(rows: list[dict]) -> list[dict]:
    """Each row with `name` in the reader's language."""
    return [{**row, "name": in_language(SimpleNamespace(**row), "name")} for row in rows]


def _bar_chart(rows: list[dict], *, label_width: int = LABEL_WIDTH) -> dict:
    """Geometry of a horizontal bar chart (inline SVG) of staff trained, one bar per row."""
    maximum = max((row["trained"] for row in rows), default=0)
    bars = [
        {
            "label": row["name"],
            "value": row["trained"],
            "y": index * BAR_ROW_HEIGHT + 4,
            "width": round(BAR_MAX_WIDTH * row["trained"] / maximum) if maximum else 0,
        }
        for index, row in enumerate(rows)
    ]
    return {
        "bars": bars,
        "height": len(bars) * BAR_ROW_HEIGHT + 8,
        "width": label_width + BAR_MAX_WIDTH + 50,
        "label_width": label_width,
    }


def training_totals_page(request):
    """Staff trained per municipality and per direction, drawn as bars."""
    direction = training_directions().filter(slug=request.GET.get("direction", "")).first()
    per_organization = _named(training_totals_by_organization(direction=direction))
    per_direction = _named(training_totals_by_direction())
    return render(
        request,
        "practices/training/totals.html",
        {
            "per_organization": per_organization,
            "per_direction": per_direction,
            "chart": _bar_chart(per_organization),
            "direction_chart": _bar_chart(per_direction, label_width=DIRECTION_LABEL_WIDTH),
            "total": sum(row["trained"] for row in per_organization),
            "directions": training_directions(),
            "direction": direction,
        },
    )
