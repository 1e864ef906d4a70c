from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub.errors import NotAllowed

from . import services
from .actors import Actor
from .filters import OrganizationFilter
from .forms import ApiKeyForm, InvitationForm, RoleForm
from .models import Membership, Organization, Region
from .selectors import (
    api_key_list,
    audit_entries_for,
    invitation_for_token,
    invitation_pending_list,
    member_list,
    memberships_of_user,
    organization_list,
)

AUDIT_PAGE_SIZE = 50


def organization_directory(request):
    filterset = OrganizationFilter(request.GET or None, queryset=organization_list())
    return render(
        request,
        "municipalities/directory.html",
        {"filter": filterset, "organizations": filterset.qs, "regions": Region.objects.all(), "kinds": Organization.Kind.choices},
    )


@login_required
def my_organizations(request):
    return render(request, "municipalities/my_organizations.html", {"memberships": memberships_of_user(user=request.user)})


def tenant_page(role: str):
    """Resolve the organization from the URL and require `role` in it, with 2FA where the role needs it.

    The view receives the organization and the actor; people without the
    role get a 403 page, administrators without 2FA a page that explains how
    to set it up.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, slug: str, *args, **kwargs):
            organization = get_object_or_404(organization_list(), slug=slug)
            actor = Actor.from_request(request)
            if not actor.has_role(organization, role):
                return render(
                    request,
                    "municipalities/tenancy/access_denied.html",
                    {"organization": organization, "role": Membership.Role(role).label},
                    status=403,
                )
            if actor.needs_mfa_for(role):
                return render(request, "municipalities/tenancy/mfa_required.html", {"organization": organization}, status=403)
            return view(request, organization, actor, *args, **kwargs)

        return wrapper

    return decorator


def _tenant_context(organization: Organization, actor: Actor, section: str) -> dict:
    is_admin = actor.has_role(organization, Membership.Role.ADMIN)
    return {
        "organization": organization,
        "section": section,
        "is_admin": is_admin,
        "admin_needs_mfa": is_admin and actor.needs_mfa_for(Membership.Role.ADMIN),
    }


def _report(request, write, *, success: str) -> None:
    """Run a service call and tell the person how it went: the service's refusal, or `success`."""
    try:
        write()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)


def _render_members(request, organization, actor, *, status=200, role_errors=None):
    memberships = member_list(organization=organization)
    rows = [(membership, RoleForm(initial={"role": membership.role}, organization=organization, prefix=f"m{membership.pk}")) for membership in memberships]
    context = _tenant_context(organization, actor, "members") | {"rows": rows, "role_errors": role_errors or {}}
    return render(request, "municipalities/tenancy/members.html", context, status=status)


@tenant_page(Membership.Role.MEMBER)
def organization_members(request, organization, actor):
    return _render_members(request, organization, actor)


@require_POST
@tenant_page(Membership.Role.ADMIN)
def organization_member_role(request, organization, actor, pk: int):
    membership = get_object_or_404(member_list(organization=organization), pk=pk)
    form = RoleForm(request.POST, organization=organization, prefix=f"m{membership.pk}")
    if form.is_valid():
        try:
            services.membership_change_role(membership=membership, role=form.cleaned_data["role"], actor=Actor.from_request(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return _render_members(request, organization, actor, status=400)
        messages.success(request, _("%(email)s is now %(role)s.") % {"email": membership.user.email, "role": membership.get_role_display()})
        return redirect("organization-members", slug=organization.slug)
    messages.error(request, " ".join(form.errors.get("role", [])))
    return _render_members(request, organization, actor, status=400)


@require_POST
@tenant_page(Membership.Role.ADMIN)
def organization_member_remove(request, organization, actor, pk: int):
    membership = get_object_or_404(member_list(organization=organization), pk=pk)
    try:
        services.membership_remove(membership=membership, actor=Actor.from_request(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _render_members(request, organization, actor, status=400)
    messages.success(request, _("%(email)s was removed from %(organization)s.") % {"email": membership.user.email, "organization": organization.name})
    return redirect("organization-members", slug=organization.slug)


@tenant_page(Membership.Role.ADMIN)
def organization_invitations(request, organization, actor):
    form = InvitationForm(request.POST or None, organization=organization)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                invitation, _token = services.invitation_create(organization=organization, actor=Actor.from_request(request), **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("An invitation was sent to %(email)s.") % {"email": invitation.email})
                return redirect("organization-invitations", slug=organization.slug)
        status = 400
    context = _tenant_context(organization, actor, "invitations") | {
        "form": form,
        "invitations": invitation_pending_list(organization=organization),
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    return render(request, "municipalities/tenancy/invitations.html", context, status=status)


@require_POST
@tenant_page(Membership.Role.ADMIN)
def organization_invitation_revoke(request, organization, actor, pk: int):
    invitation = get_object_or_404(organization.invitations.all(), pk=pk)
    _report(
        request,
        lambda: services.invitation_revoke(invitation=invitation, actor=Actor.from_request(request)),
        success=_("The invitation to %(email)s was revoked.") % {"email": invitation.email},
    )
    return redirect("organization-invitations", slug=organization.slug)


@tenant_page(Membership.Role.ADMIN)
def organization_api_keys(request, organization, actor):
    form = ApiKeyForm(request.POST or None)
    status = 200
    new_key = new_secret = None
    if request.method == "POST":
        if form.is_valid():
            # Rendered directly, not redirected: the secret must never be stored, not even in the session.
            new_key, new_secret = services.api_key_create(organization=organization, actor=Actor.from_request(request), **form.cleaned_data)
            form = ApiKeyForm()
        else:
            status = 400
    context = _tenant_context(organization, actor, "api_keys") | {
        "form": form,
        "api_keys": api_key_list(organization=organization),
        "new_key": new_key,
        "new_secret": new_secret,
    }
    return render(request, "municipalities/tenancy/api_keys.html", context, status=status)


@require_POST
@tenant_page(Membership.Role.ADMIN)
def organization_api_key_revoke(request, organization, actor, pk: int):
    api_key = get_object_or_404(api_key_list(organization=organization), pk=pk)
    _report(
        request,
        lambda: services.api_key_revoke(api_key=api_key, actor=Actor.from_request(request)),
        success=_("The API key “%(name)s” was revoked.") % {"name": api_key.name},
    )
    return redirect("organization-api-keys", slug=organization.slug)


@tenant_page(Membership.Role.ADMIN)
def organization_audit(request, organization, actor):
    page = Paginator(audit_entries_for(organization=organization), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    context = _tenant_context(organization, actor, "audit") | {"page": page}
    return render(request, "municipalities/tenancy/audit.html", context)


def invitation_accept(request, token: str):
    """The e-mailed link: people sign in (or sign up with the invited address) first, then accept."""
    invitation = invitation_for_token(token=token)
    try:
        services.invitation_check_usable(invitation=invitation)
    except ValidationError as exc:
        return render(request, "municipalities/tenancy/invitation_problem.html", {"problem": " ".join(exc.messages)}, status=400)
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(request, "municipalities/tenancy/invitation_sign_in.html", {"invitation": invitation})
    if request.method == "POST":
        try:
            membership = services.invitation_accept(token=token, actor=Actor.from_request(request))
        except NotAllowed as exc:
            return render(request, "municipalities/tenancy/invitation_problem.html", {"problem": str(exc)}, status=403)
        except ValidationError as exc:
            return render(request, "municipalities/tenancy/invitation_problem.html", {"problem": " ".join(exc.messages)}, status=400)
        messages.success(
            request,
            _("Welcome to %(organization)s: you are now %(role)s.")
            % {"organization": membership.organization.name, "role": membership.get_role_display()},
        )
        return redirect("organization-members", slug=membership.organization.slug)
    return render(request, "municipalities/tenancy/invitation_accept.html", {"invitation": invitation})
