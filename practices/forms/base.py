"""Form base for every content type: validates input for a service, never saves by itself."""

from django import forms
from django.utils.translation import gettext_lazy as _

from municipalities.models import Organization




class ContentForm(forms.ModelForm):
    """On creation the user picks the owner among the organizations they edit for; on edit the
    version they loaded travels with the form, so a concurrent change is detected, not overwritten."""

    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("Organization"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    # Fields handed to the service besides the model fields of Meta.fields.
    extra_service_fields: tuple[str, ...] = ()

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["organization"]
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
            self.fields["organization"].queryset = organizations
            if organizations is not None and len(organizations) == 1:
                self.fields["organization"].initial = organizations[0]
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else "form-control"
            if isinstance(field.widget, forms.Select) and not isinstance(field.widget, forms.SelectMultiple):
                css = "form-select"
            field.widget.attrs.setdefault("class", css)

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}
        data.update({name: self.cleaned_data[name] for name in self.extra_service_fields})
        return data

    def _post_clean(self):
        # The model is written by the service, not here: skip ModelForm's instance update and unique checks.
        pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


