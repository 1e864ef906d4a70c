from django import forms
from django.utils.translation import gettext_lazy as _

from municipalities.models import Organization

from ..models import Term, TrainingModule, TrainingSession, Vocabulary
from ..models import TRAINING_MODULE_FIELDS
from .base import ContentForm, DateInput

MARKDOWN_HELP = _("Markdown: **bold**, *italic*, lists, tables and links.")


class TrainingModuleForm(ContentForm):
    class Meta:
        model = TrainingModule
        fields = ["title_ka", "title_en", "slug", "direction", "provider", *TRAINING_MODULE_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("The end of the page's address; generated from the title when left empty.")
        self.fields["direction"].queryset = Term.objects.filter(vocabulary=Vocabulary.TRAINING_DIRECTION, is_active=True)
        self.fields["provider"].queryset = Organization.objects.exclude(kind=Organization.Kind.MUNICIPALITY).order_by("name_ka")
        self.fields["provider"].help_text = _("Who teaches the module, if not your organization (e.g. a training centre).")
        for name in ("learning_objectives_ka", "learning_objectives_en", "materials_ka", "materials_en"):
            self.fields[name].widget.attrs["rows"] = 4
            self.fields[name].help_text = MARKDOWN_HELP

    def service_data(self) -> dict:
        data = super().service_data()
        if not data.get("slug"):
            data.pop("slug", None)
        return data


class ParticipationForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.order_by("name_ka"), label=_("Organization"))
    count = forms.IntegerField(min_value=1, label=_("Participants"))


ParticipationFormSet = forms.formset_factory(ParticipationForm, extra=3)


class TrainingSessionForm(forms.ModelForm):
    """A session hosted by one of the user's organizations; the service checks capacity and the module."""

    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("Host organization"))

    class Meta:
        model = TrainingSession
        fields = ["module", "starts_on", "ends_on", "location_ka", "location_en", "trainers", "capacity"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, organizations=None, modules=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["module"].queryset = modules
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select) else "form-control")
        self.participations = ParticipationFormSet(data=self.data or None, prefix="participations")

    def is_valid(self) -> bool:
        form_valid = super().is_valid()
        return self.participations.is_valid() and form_valid

    def _post_clean(self):
        # The session is written by the service, which validates dates and capacity.
        pass

    def service_data(self) -> tuple[dict, list[dict]]:
        fields = {name: self.cleaned_data[name] for name in self._meta.fields}
        rows = [row.cleaned_data for row in self.participations.forms if row.cleaned_data]
        return fields, rows
