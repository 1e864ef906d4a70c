from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ApiKey, Membership, Organization


def role_choices(organization: Organization) -> list[tuple[str, str]]:
    """The roles an organization can give: competition roles only exist in NALA."""
    return [
        (value, label)
        for value, label in Membership.Role.choices
        if organization.is_nala or value not in Membership.NALA_ONLY_ROLES
    ]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), initial=Membership.Role.MEMBER)

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(organization)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(organization)


class ApiKeyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What the key is for, e.g. “municipal portal”."))
    scope = forms.ChoiceField(label=_("Scope"), choices=ApiKey.Scope.choices, initial=ApiKey.Scope.READ)
