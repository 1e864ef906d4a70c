"""Who may act on which organization: resolved once, here, for every API view.

A request acts as one `Actor` (municipalities/actors.py): a signed-in user
(through their memberships) or an organization's API key. Views declare the role a write needs
(`write_role`, default editor); the tenant is the object's organization, or,
for creation, the organization the view resolves with `get_tenant()`.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions

from .actors import Actor
from .models import Membership, Organization


class MfaRequired(exceptions.PermissionDenied):
    default_code = "mfa_required"
    default_detail = _("This action needs two-factor authentication. Set it up under Account → Two-factor authentication.")


def check_role(*, actor: Actor, organization: Organization, role: str) -> None:
    """Raise the DRF error a request without `role` in `organization` deserves."""
    if actor.is_anonymous:
        raise exceptions.NotAuthenticated()
    if actor.api_key is not None and actor.api_key.organization_id == organization.pk:
        if role != Membership.Role.MEMBER and not actor.api_key.can_write:
            raise exceptions.PermissionDenied(_("This API key is read-only."))
        if role in (Membership.Role.ADMIN, *Membership.NALA_ONLY_ROLES):
            raise exceptions.PermissionDenied(_("API keys cannot manage organizations; sign in as an administrator."))
    if not actor.has_role(organization, role):
        raise exceptions.PermissionDenied(
            _("You need the %(role)s role in %(organization)s for this.")
            % {"role": Membership.Role(role).label, "organization": organization.name}
        )
    if actor.needs_mfa_for(role):
        raise MfaRequired()


class TenantPermission(permissions.BasePermission):
    """Reads follow the view's queryset; writes need `view.write_role` in the tenant.

    The view supplies the tenant for creation with `get_tenant()`; for an
    existing object the tenant is `obj.organization`.
    """

    def has_permission(self, request, view) -> bool:
        actor = Actor.from_request(request)
        if request.method in permissions.SAFE_METHODS and not getattr(view, "read_role", None):
            return True
        tenant = view.get_tenant() if hasattr(view, "get_tenant") else None
        if tenant is not None:
            check_role(actor=actor, organization=tenant, role=required_role(request, view))
        elif actor.is_anonymous:
            raise exceptions.NotAuthenticated()
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS and not getattr(view, "read_role", None):
            return True
        organization = obj if isinstance(obj, Organization) else obj.organization
        check_role(actor=Actor.from_request(request), organization=organization, role=required_role(request, view))
        return True


class ActorMixin:
    """`self.actor`: the request's actor, for API views and web views alike."""

    @property
    def actor(self) -> Actor:
        return Actor.from_request(self.request)


def required_role(request, view) -> str:
    if request.method in permissions.SAFE_METHODS:
        return view.read_role
    return getattr(view, "write_role", Membership.Role.EDITOR)
