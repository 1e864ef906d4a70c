"""Web pages every content type shares: list, detail, create/edit, publish/archive, history, diff, drafts, files.

A type's views subclass these and name the model, filterset, form and the
services to call (`create_item` / `update_item`); templates live under
`practices/<type>/` and extend the generic ones in `practices/content/`.
"""

from typing import ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View

from hub.errors import ContentLocked, DomainError, StaleVersion
from hub.web import form_add_service_error, messages_add_service_error
from municipalities.models import Membership, Organization
from municipalities.actors import Actor
from municipalities.permissions import ActorMixin

from ..models import Content, content_models
from ..selectors.content import (
    attachment_visible,
    content_has_unpublished_changes,
    content_unpublished_of,
    content_visible,
    revision_list,
    revision_pair,
)
from ..services.content import attachment_add, content_archive, content_publish, revision_diff
from .filters import organization_groups


def editable_organizations(actor: Actor):
    """Organizations in which the user may create content (editor or admin)."""
    if actor.user is None:
        return Organization.objects.none()
    return Organization.objects.filter(
        memberships__user=actor.user, memberships__role__in=Membership.EDITING_ROLES
    ).order_by("name_ka")


def can_edit(actor: Actor, item: Content) -> bool:
    return actor.has_role(item.organization, Membership.Role.EDITOR)


def can_change_here(actor: Actor, item: Content) -> bool:
    """Whether the page offers editing: an editor, and the item is not locked to its source or a review."""
    return can_edit(actor, item) and not item.is_locked


def can_moderate(actor: Actor) -> bool:
    return actor.is_nala_admin() and not actor.needs_mfa_for(Membership.Role.ADMIN)


class ContentViewMixin(ActorMixin):
    # Set by subclasses, or by as_view(model=...) for the generic workflow views.
    model: type[Content] | None = None
    # Directory of the type's templates, e.g. "practices/practice".
    template_dir = ""

    def visible(self):
        return content_visible(model=self.model, actor=self.actor)

    def get_item(self, organization: str, slug: str) -> Content:
        return get_object_or_404(self.visible(), organization__slug=organization, slug=slug)

    def get_editable_item(self, organization: str, slug: str) -> Content:
        item = self.get_item(organization, slug)
        if not can_edit(self.actor, item):
            raise PermissionDenied(_("Only editors of %(organization)s can change this.") % {"organization": item.organization.name})
        return item


def refused(request, item: Content, error: ValidationError | DomainError) -> HttpResponseRedirect:
    """Back to the item's page with the service's reason (a lock, a stale version, a rule)."""
    messages_add_service_error(request, error)
    return HttpResponseRedirect(item.get_absolute_url())



class ContentListView(ContentViewMixin, View):
    filterset_class: ClassVar
    paginate_by = 20

    def list_queryset(self):
        return self.visible()

    def get(self, request):
        filterset = self.filterset_class(request.GET or None, queryset=self.list_queryset())
        page = Paginator(filterset.qs, self.paginate_by).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        groups = organization_groups(model=self.model)
        return render(
            request,
            f"{self.template_dir}/list.html",
            {
                "filter": filterset,
                "page": page,
                "items": page.object_list,
                "query": query.urlencode(),
                "organization_groups": groups,
                "regions": [group.region for group in groups if group.region],
                **self.extra_context(),
            },
        )

    def extra_context(self) -> dict:
        return {}


class ContentDetailView(ContentViewMixin, View):
    def get(self, request, organization: str, slug: str):
        item = self.get_item(organization, slug)
        actor = self.actor
        revisions = list(revision_list(item=item))
        latest = revisions[0] if revisions else None
        return render(
            request,
            f"{self.template_dir}/detail.html",
            {
                "item": item,
                "attachments": item.attachments.all(),
                "revisions": revisions,
                "latest_revision": latest,
                "has_unpublished_changes": content_has_unpublished_changes(item=item, latest=latest),
                "can_edit": can_change_here(actor, item),
                "can_moderate": can_moderate(actor) and not item.is_locked,
                **self.extra_context(item),
            },
        )

    def extra_context(self, item: Content) -> dict:
        return {}


class ContentFormView(LoginRequiredMixin, ContentViewMixin, View):
    """Create (no organization/slug in the URL) or edit an item through the type's form."""

    form_class: ClassVar

    def create_item(self, *, organization: Organization, data: dict) -> Content:
        raise NotImplementedError

    def update_item(self, *, item: Content, data: dict, expected_version: int) -> Content:
        raise NotImplementedError

    def build_form(self, item: Content | None, data=None):
        return self.form_class(data=data, instance=item, organizations=editable_organizations(self.actor))

    def render_form(self, form, item: Content | None):
        return render(self.request, f"{self.template_dir}/form.html", {"form": form, "item": item, **self.extra_context()})

    def extra_context(self) -> dict:
        return {}

    def get(self, request, organization: str | None = None, slug: str | None = None):
        item = self.get_editable_item(organization, slug) if slug else None
        if item is None and not editable_organizations(self.actor).exists():
            raise PermissionDenied(_("You need the editor role in an organization to add content."))
        if item is not None and item.is_locked:
            return refused(request, item, ContentLocked(item.lock_reason))
        return self.render_form(self.build_form(item), item)

    def post(self, request, organization: str | None = None, slug: str | None = None):
        item = self.get_editable_item(organization, slug) if slug else None
        if item is not None and item.is_locked:
            return refused(request, item, ContentLocked(item.lock_reason))
        form = self.build_form(item, data=request.POST)
        if not form.is_valid():
            return self.render_form(form, item)
        data = form.service_data()
        try:
            if item is None:
                item = self.create_item(organization=form.cleaned_data["organization"], data=data)
                messages.success(request, _("Saved as a draft. Publish it when it is ready."))
            else:
                item = self.update_item(item=item, data=data, expected_version=form.cleaned_data["version"])
                messages.success(request, _("Your changes are saved."))
        except StaleVersion:
            form.add_error(None, _("Someone else changed this item while you were editing. Reload it and apply your changes again."))
            return self.render_form(form, item)
        except (ValidationError, DomainError) as error:
            form_add_service_error(form, error)
            return self.render_form(form, item)
        return HttpResponseRedirect(item.get_absolute_url())


class ContentPublishView(LoginRequiredMixin, ContentViewMixin, View):
    def post(self, request, organization: str, slug: str):
        item = self.get_editable_item(organization, slug)
        if item.is_locked:
            return refused(request, item, ContentLocked(item.lock_reason))
        latest = revision_list(item=item).first()
        if item.is_published and not content_has_unpublished_changes(item=item, latest=latest):
            messages.info(request, _("Nothing to publish: the published version is up to date."))
            return HttpResponseRedirect(item.get_absolute_url())
        try:
            content_publish(item=item, actor=self.actor)
        except DomainError as error:
            return refused(request, item, error)
        messages.success(request, _("Published."))
        return HttpResponseRedirect(item.get_absolute_url())


class ContentArchiveView(LoginRequiredMixin, ContentViewMixin, View):
    def post(self, request, organization: str, slug: str):
        item = self.get_item(organization, slug)
        actor = self.actor
        if can_edit(actor, item):
            moderation = False
        elif can_moderate(actor):
            moderation = True
        else:
            raise PermissionDenied(_("Only the owner's editors, or NALA administrators, can archive this."))
        try:
            content_archive(item=item, moderation=moderation, actor=self.actor)
        except DomainError as error:
            return refused(request, item, error)
        messages.success(request, _("Archived."))
        return HttpResponseRedirect(item.get_absolute_url())


class ContentHistoryView(ContentViewMixin, View):
    """Revision history and, with ?from=&to=, what changed between two revisions."""

    def get(self, request, organization: str, slug: str):
        item = self.get_item(organization, slug)
        revisions = list(revision_list(item=item))
        changes, pair = None, None
        if request.GET.get("from") and request.GET.get("to"):
            try:
                pair = revision_pair(item=item, before=int(request.GET["from"]), after=int(request.GET["to"]))
            except ValueError:
                pair = None
            if pair is None:
                raise Http404(_("This item has no such revision."))
            changes = revision_diff(item=item, before=pair[0], after=pair[1])
        return render(
            request,
            "practices/content/history.html",
            {"item": item, "revisions": revisions, "changes": changes, "pair": pair, "labels": field_labels(self.model)},
        )


def field_labels(model: type[Content]) -> dict:
    """Human labels of the fields a revision snapshot holds; child rows (goals, activities) take their model's plural name."""
    return {
        field.name: field.verbose_name if hasattr(field, "verbose_name") else field.related_model._meta.verbose_name_plural
        for field in model._meta.get_fields()
    }


class AttachmentUploadView(LoginRequiredMixin, ContentViewMixin, View):
    def post(self, request, organization: str, slug: str):
        item = self.get_editable_item(organization, slug)
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a file to upload."))
        else:
            try:
                attachment_add(item=item, upload=upload, title=request.POST.get("title", "")[:255], actor=self.actor)
                messages.success(request, _("The file is attached."))
            except (ValidationError, DomainError) as error:
                messages_add_service_error(request, error)
        return HttpResponseRedirect(item.get_absolute_url())


def attachment_download(request, pk: int):
    """The only way to a stored file: the item must be visible to the requester (drafts: its members only)."""
    attachment = attachment_visible(actor=Actor.from_request(request), attachment_id=pk)
    if attachment is None:
        raise Http404(_("No such file."))
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name, content_type=attachment.mime_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store" if not attachment.item.is_published else "public, max-age=3600"
    return response


class DraftsView(LoginRequiredMixin, View):
    """Drafts and archived items of the user's organizations, for every content type of every app."""

    def get(self, request):
        actor = Actor.from_request(request)
        models = content_models()
        sections = [
            (model._meta.verbose_name_plural, list(content_unpublished_of(model=model, actor=actor).order_by("-updated_at")[:200]))
            for model in models
        ]
        has_items = any(items for _heading, items in sections)
        return render(request, "practices/content/drafts.html", {"sections": sections, "has_items": has_items})
