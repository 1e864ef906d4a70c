"""An audit entry's details in words: its data's keys translated, codes (types, roles, scopes) shown by their labels."""

from django import template
from django.apps import apps
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from municipalities.models import ApiKey, Membership

register = template.Library()

KEY_LABELS = {
    "type": pgettext_lazy("audit detail", "type"),
    "revision": pgettext_lazy("audit detail", "published version"),
    "version": pgettext_lazy("audit detail", "change number"),
    "email": pgettext_lazy("audit detail", "e-mail"),
    "role": pgettext_lazy("audit detail", "role"),
    "from": pgettext_lazy("audit detail", "from"),
    "to": pgettext_lazy("audit detail", "to"),
    "name": pgettext_lazy("audit detail", "name"),
    "scope": pgettext_lazy("audit detail", "access"),
    "slug": pgettext_lazy("audit detail", "address"),
    "status": pgettext_lazy("audit detail", "status"),
    "title_ka": pgettext_lazy("audit detail", "title"),
    "fields": pgettext_lazy("audit detail", "fields"),
    "changed": pgettext_lazy("audit detail", "changed"),
    "practice": pgettext_lazy("audit detail", "practice"),
    "attachment": pgettext_lazy("audit detail", "attachment"),
    "mime_type": pgettext_lazy("audit detail", "file type"),
    "moderation": pgettext_lazy("audit detail", "moderation"),
    "indicator": pgettext_lazy("audit detail", "indicator"),
    "value": pgettext_lazy("audit detail", "value"),
    "recorded_at": pgettext_lazy("audit detail", "recorded"),
    "vocabulary": pgettext_lazy("audit detail", "list"),
    "invitation": pgettext_lazy("audit detail", "invitation"),
    "kind": pgettext_lazy("audit detail", "kind"),
    "items": pgettext_lazy("audit detail", "items"),
    "active": pgettext_lazy("audit detail", "active"),
    "language": pgettext_lazy("audit detail", "language"),
}

YES_NO = {True: _("yes"), False: _("no")}


def _value_label(key: str, value):
    if isinstance(value, bool):
        return YES_NO[value]
    if key == "type" and isinstance(value, str):
        for app_label in ("practices", "municipalities", "following"):
            try:
                return apps.get_model(app_label, value)._meta.verbose_name
            except LookupError:
                continue
    if key in ("role", "from", "to") and value in Membership.Role.values:
        return Membership.Role(value).label
    if key == "scope" and value in ApiKey.Scope.values:
        return ApiKey.Scope(value).label
    if isinstance(value, list | tuple):
        return ", ".join(str(_value_label(key, item)) for item in value)
    return value


@register.filter
def audit_details(data: dict) -> list[tuple[str, object]]:
    """(label, value) pairs of an audit entry's data, in the reader's language; unknown keys keep their name."""
    return [(KEY_LABELS.get(key, key), _value_label(key, value)) for key, value in (data or {}).items()]
