"""Who is acting: the one value every service, selector and audit entry takes.

An `Actor` is a signed-in user (acting through their memberships), an
organization's API key, the system (a harvest run, a scheduled task — named,
and acting for an organization where it has one), or nobody (anonymous
reads). Views and permission classes build it once per request with
`Actor.from_request`; tasks and commands build a system actor.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings

from .models import ApiKey, Membership, Organization, User

ROLE_RANK = {Membership.Role.MEMBER: 0, Membership.Role.EDITOR: 1, Membership.Role.ADMIN: 2}


class ActorKind(StrEnum):
    USER = "user"
    API_KEY = "api_key"
    SYSTEM = "system"
    ANONYMOUS = "anonymous"


def user_has_mfa(user: User) -> bool:
    from allauth.mfa.utils import is_mfa_enabled

    return is_mfa_enabled(user)


@dataclass(frozen=True, eq=False)
class Actor:
    kind: ActorKind
    user: User | None = None
    api_key: ApiKey | None = None
    # The organization an API key or a system actor acts for; users act through memberships.
    organization: Organization | None = None
    # A system actor's name, e.g. "sync.source:12"; it is also the owner of the content locks it takes.
    system_name: str = ""
    _roles: dict = field(default_factory=dict, repr=False, compare=False)

    # --- construction -----------------------------------------------------------------
    @classmethod
    def for_user(cls, user: User) -> "Actor":
        if not getattr(user, "is_authenticated", False):
            return cls.anonymous()
        return cls(kind=ActorKind.USER, user=user)

    @classmethod
    def for_api_key(cls, api_key: ApiKey) -> "Actor":
        return cls(kind=ActorKind.API_KEY, api_key=api_key, organization=api_key.organization)

    @classmethod
    def system(cls, *, name: str, organization: Organization | None = None) -> "Actor":
        if not name:
            raise ValueError("A system actor needs a name.")
        return cls(kind=ActorKind.SYSTEM, organization=organization, system_name=name)

    @classmethod
    def anonymous(cls) -> "Actor":
        return cls(kind=ActorKind.ANONYMOUS)

    @classmethod
    def from_request(cls, request) -> "Actor":
        """The request's actor, built once and kept on the request."""
        cached = getattr(request, "_hub_actor", None)
        if cached is not None:
            return cached
        auth = getattr(request, "auth", None)
        if isinstance(auth, ApiKey):
            actor = cls.for_api_key(auth)
        else:
            actor = cls.for_user(getattr(request, "user", None))
        request._hub_actor = actor
        return actor

    # --- what it is ---------------------------------------------------------------------
    @property
    def is_anonymous(self) -> bool:
        return self.kind == ActorKind.ANONYMOUS

    @property
    def is_system(self) -> bool:
        return self.kind == ActorKind.SYSTEM

    def __str__(self) -> str:
        if self.user is not None:
            return self.user.email
        if self.api_key is not None:
            return f"API key {self.api_key.name}"
        return self.system_name or "anonymous"

    # --- roles --------------------------------------------------------------------------
    def role_in(self, organization: Organization) -> str | None:
        """The role the actor holds in `organization`, or None.

        An API key acts as an editor (write scope) or a member (read scope) of its
        own organization; a system actor as an editor of its organization.
        """
        if self.kind == ActorKind.API_KEY:
            if self.api_key.organization_id != organization.pk:
                return None
            return Membership.Role.EDITOR if self.api_key.can_write else Membership.Role.MEMBER
        if self.kind == ActorKind.SYSTEM:
            return Membership.Role.EDITOR if self.organization is not None and self.organization.pk == organization.pk else None
        if self.user is None:
            return None
        if organization.pk not in self._roles:
            self._roles[organization.pk] = (
                Membership.objects.filter(user=self.user, organization=organization).values_list("role", flat=True).first()
            )
        return self._roles[organization.pk]

    def has_role(self, organization: Organization, role: str) -> bool:
        """Whether the actor holds `role` (or a higher one) in the organization.

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
        return self.kind == ActorKind.USER and role in Membership.MFA_REQUIRED_ROLES and not user_has_mfa(self.user)

    def is_nala_admin(self) -> bool:
        if self.user is None:
            return False
        return Membership.objects.filter(
            user=self.user, organization__slug=settings.NALA_SLUG, role=Membership.Role.ADMIN
        ).exists()


# Writes that `seed_demo` makes: recorded in the audit log as the system's.
SEED_ACTOR = Actor.system(name="seed_demo")
