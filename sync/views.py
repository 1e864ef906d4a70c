"""Federation pages: an admin's sources, a source with its run history and live progress, its runs' errors.

Organization admins see and manage their own organizations' sources, NALA
admins every one (`source_visible`); anyone else gets a 404 for a source and
a 403 for adding one. The progress bar polls the run's API representation
(`/api/v1/sync/runs/<id>/`) from sync/static/sync/progress.js.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub.errors import DomainError
from hub.web import form_add_service_error, messages_add_service_error
from municipalities.actors import Actor
from municipalities.models import Membership, Organization

from .forms import SourceForm
from .models import ACTIVE_STATUSES, Run
from .selectors import run_list, source_visible
from .services import (
    PUSH_CONNECTOR,
    can_manage_sources,
    run_cancel,
    run_request,
    source_create,
    source_delete,
    source_pause,
    source_resume,
    source_update,
)

RUNS_SHOWN = 25
ERRORS_SHOWN = 100


def _manageable_organizations(actor: Actor):
    if actor.is_nala_admin():
        return Organization.objects.order_by("name_ka")
    return Organization.objects.filter(memberships__user=actor.user, memberships__role=Membership.Role.ADMIN).order_by("name_ka")


@login_required
def source_list(request):
    actor = Actor.from_request(request)
    sources = source_visible(actor=actor).order_by("organization__name_ka", "name")
    return render(request, "sync/source_list.html", {"sources": sources, "organizations": _manageable_organizations(actor)})


def _source_form_data(form: SourceForm) -> tuple[dict, str]:
    data = dict(form.cleaned_data)
    secret = data.pop("secret", "")
    return data, secret


@login_required
def source_add(request, slug: str):
    actor = Actor.from_request(request)
    organization = get_object_or_404(Organization, slug=slug)
    if not can_manage_sources(actor=actor, organization=organization):
        return render(request, "sync/forbidden.html", {"organization": organization}, status=403)
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data, secret = _source_form_data(form)
        try:
            source = source_create(organization=organization, actor=actor, secret=secret, **data)
        except (ValidationError, DomainError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The source was added."))
            return redirect("sync-source-detail", pk=source.pk)
    return render(request, "sync/source_form.html", {"form": form, "organization": organization}, status=400 if form.errors else 200)


@login_required
def source_edit(request, pk: int):
    actor = Actor.from_request(request)
    source = get_object_or_404(source_visible(actor=actor).exclude(connector=PUSH_CONNECTOR), pk=pk)
    form = SourceForm(request.POST or None, initial=SourceForm.initial_for(source))
    if request.method == "POST" and form.is_valid():
        data, secret = _source_form_data(form)
        try:
            source_update(source=source, actor=actor, secret=secret or None, **data)
        except (ValidationError, DomainError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The source was saved."))
            return redirect("sync-source-detail", pk=source.pk)
    context = {"form": form, "organization": source.organization, "source": source}
    return render(request, "sync/source_form.html", context, status=400 if form.errors else 200)


@login_required
def source_detail(request, pk: int):
    actor = Actor.from_request(request)
    source = get_object_or_404(source_visible(actor=actor), pk=pk)
    runs = list(run_list(source=source)[:RUNS_SHOWN])
    active = next((run for run in runs if run.status in ACTIVE_STATUSES), None)
    latest = next((run for run in runs if run.status not in ACTIVE_STATUSES), None)
    errors = list(latest.errors.all()[:ERRORS_SHOWN]) if latest is not None else []
    context = {"source": source, "runs": runs, "active": active, "latest": latest, "errors": errors, "is_push": source.connector == PUSH_CONNECTOR}
    return render(request, "sync/source_detail.html", context)


@login_required
@require_POST
def source_action(request, pk: int, action: str):
    actor = Actor.from_request(request)
    source = get_object_or_404(source_visible(actor=actor), pk=pk)
    try:
        if action in ("harvest", "harvest-full"):
            run_request(source=source, actor=actor, full=action == "harvest-full")
            messages.success(request, _("The harvest has started."))
        elif action == "pause":
            source_pause(source=source, actor=actor)
            messages.success(request, _("The source is paused."))
        elif action == "resume":
            source_resume(source=source, actor=actor)
            messages.success(request, _("The source is harvested again."))
        elif action == "delete":
            source_delete(source=source, actor=actor)
            messages.success(request, _("The source was deleted; its items were withdrawn."))
            return redirect("sync-source-list")
    except (ValidationError, DomainError) as error:
        messages_add_service_error(request, error)
    return redirect("sync-source-detail", pk=source.pk)


@login_required
def run_detail(request, pk: int):
    actor = Actor.from_request(request)
    run = get_object_or_404(Run.objects.filter(source__in=source_visible(actor=actor)).select_related("source__organization"), pk=pk)
    return render(request, "sync/run_detail.html", {"run": run, "source": run.source, "errors": run.errors.all()[:1000]})


@login_required
@require_POST
def run_cancel_view(request, pk: int):
    actor = Actor.from_request(request)
    run = get_object_or_404(Run.objects.filter(source__in=source_visible(actor=actor)).select_related("source__organization"), pk=pk)
    try:
        run_cancel(run=run, actor=actor)
        messages.success(request, _("The harvest was cancelled."))
    except DomainError as error:
        messages_add_service_error(request, error)
    return redirect("sync-source-detail", pk=run.source_id)
