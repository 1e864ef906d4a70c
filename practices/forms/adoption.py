from django import forms
from django.utils.translation import gettext_lazy as _

from municipalities.models import Organization

from ..models import Adoption
from .base import DateInput


class AdoptionForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("Adopting organization"))
    status = forms.ChoiceField(choices=Adoption.Status.choices, label=_("Status"))
    date = forms.DateField(label=_("Date"), widget=DateInput())
    notes_ka = forms.CharField(label=_("Notes (Georgian)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    notes_en = forms.CharField(label=_("Notes (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations if organizations is not None else Organization.objects.none()
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("class", "form-select" if name in ("organization", "status") else "form-control")
