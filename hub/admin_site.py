"""The Django admin under the hub's two-factor rule.

The admin edits users, memberships and API keys: powers the hub's own pages
give only to administrators who have set up TOTP (`Membership.MFA_REQUIRED_ROLES`,
`municipalities.actors.Actor.needs_mfa_for`). So every admin page
but logging out asks a staff member without two-factor authentication to set
it up first, with the same notice (403) the hub's pages show.
"""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.shortcuts import render


class HubAdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        # Imported here: this module is loaded with the app configs, before the models.
        from municipalities.actors import user_has_mfa

        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if (
                view.__name__ != "logout"
                and request.user.is_active
                and request.user.is_staff
                and not user_has_mfa(request.user)
            ):
                return render(request, "hub/admin_mfa_required.html", status=403)
            return inner(request, *args, **kwargs)

        return wrapper


class HubAdminConfig(AdminConfig):
    default_site = "hub.admin_site.HubAdminSite"
