from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

# What people read in the audit log; actions other apps record without a label here show their code.
ACTION_LABELS = {
    "membership.role_changed": _("Role changed"),
    "membership.removed": _("Member removed"),
    "invitation.created": _("Invitation sent"),
    "invitation.revoked": _("Invitation revoked"),
    "invitation.accepted": _("Invitation accepted"),
    "api_key.created": _("API key created"),
    "api_key.revoked": _("API key revoked"),
}


@register.filter
def audit_action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)
