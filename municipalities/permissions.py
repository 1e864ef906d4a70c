"""Who may act on which organization: resolved once, here, for every API view.

A request acts either as a signed-in user (through their memberships) or as
an organization's API key. Views declare the role a write needs
(`write_role`, default editor); the tenant is the object's organization, or,
for creation, the organization the view resolves with `get_tenant()`.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions

from .models import ApiKey, Membership, Organization

ROLE_RANK = {
    Membership.Role.MEMBER: 0,
    Membership.Role.REVIEWER: 1,
    Membership.Role.EDITOR: 2,
    Membership.Role.COMPETITION_MANAGER: 2,
    Membership.Role.ADMIN: 3,
}


class MfaRequired(exceptions.PermissionDenied):
    default_code = "mfa_required"
    default_detail = _("This action needs two-factor authentication. Set it up under Account → Two-factor authentication.")


def user_has_mfa(user) -> bool:
    from allauth.mfa.utils import is_mfa_enabled

    return is_mfa_enabled(user)


@dataclass(frozen=True)
class Principal:
    """Who is acting: a user (with memberships) or an organization's API key."""

    user: object | None
    api_key: ApiKey | None

    @classmethod
    def from_request(cls, request) -> "Principal":
        api_key = request.auth if isinstance(request.auth, ApiKey) else None
        user = request.user if getattr(request.user, "is_authenticated", False) else None
        return cls(user=user, api_key=api_key)

    @property
    def is_anonymous(self) -> bool:
        return self.user is None and self.api_key is None

    def role_in(self, organization: Organization) -> str | None:
        if self.api_key is not None:
            if self.api_key.organization_id != organization.pk:
                return None
            return Membership.Role.EDITOR if self.api_key.can_write else Membership.Role.MEMBER
        if self.user is None:
            return None
        cache = self.__dict__.setdefault("_roles", {})
        if organization.pk not in cache:
            cache[organization.pk] = (
                Membership.objects.filter(user=self.user, organization=organization).values_list("role", flat=True).first()
            )
        return cache[organization.pk]

    def has_role(self, organization: Organization, role: str) -> bool:
        """Whether the principal holds `role` (or a higher one) in the organization.

        Competition roles are not ranked against content roles: only the exact
        role, or an admin, satisfies them.
        """
        held = self.role_in(organization)
        if held is None:
            return False
        if role in Membership.NALA_ONLY_ROLES:
            return held in (role, Membership.Role.ADMIN)
        if held in Membership.NALA_ONLY_ROLES:
            return role == Membership.Role.MEMBER
        return ROLE_RANK[held] >= ROLE_RANK[role]

    def needs_mfa_for(self, role: str) -> bool:
        return self.api_key is None and role in Membership.MFA_REQUIRED_ROLES and not user_has_mfa(self.user)

    def is_nala_admin(self) -> bool:
        if self.user is None:
            return False
        return Membership.objects.filter(
            user=self.user, organization__slug=settings.NALA_SLUG, role=Membership.Role.ADMIN
        ).exists()


def check_role(*, principal: Principal, organization: Organization, role: str) -> None:
    """Raise the DRF error a request without `role` in `organization` deserves."""
    if principal.is_anonymous:
        raise exceptions.NotAuthenticated()
    if principal.api_key is not None and principal.api_key.organization_id == organization.pk:
        if role != Membership.Role.MEMBER and not principal.api_key.can_write:
            raise exceptions.PermissionDenied(_("This API key is read-only."))
        if role in (Membership.Role.ADMIN, *Membership.NALA_ONLY_ROLES):
            raise exceptions.PermissionDenied(_("API keys cannot manage organizations; sign in as an administrator."))
    if not principal.has_role(organization, role):
        raise exceptions.PermissionDenied(
            _("You need the %(role)s role in %(organization)s for this.")
            % {"role": Membership.Role(role).label, "organization": organization.name}
        )
    if principal.needs_mfa_for(role):
        raise MfaRequired()


class TenantPermission(permissions.BasePermission):
    """Reads follow the view's queryset; writes need `view.write_role` in the tenant.

    The view supplies the tenant for creation with `get_tenant()`; for an
    existing object the tenant is `obj.organization`.
    """

    def has_permission(self, request, view) -> bool:
        principal = Principal.from_request(request)
        request.principal = principal
        if request.method in permissions.SAFE_METHODS and not getattr(view, "read_role", None):
            return True
        tenant = view.get_tenant() if hasattr(view, "get_tenant") else None
        if tenant is not None:
            check_role(principal=principal, organization=tenant, role=required_role(request, view))
        elif principal.is_anonymous:
            raise exceptions.NotAuthenticated()
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS and not getattr(view, "read_role", None):
            return True
        organization = obj if isinstance(obj, Organization) else obj.organization
        check_role(principal=request.principal, organization=organization, role=required_role(request, view))
        return True


def required_role(request, view) -> str:
    if request.method in permissions.SAFE_METHODS:
        return view.read_role
    return getattr(view, "write_role", Membership.Role.EDITOR)
