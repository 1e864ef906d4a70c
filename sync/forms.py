"""Source forms: they check input for the source services and never save by themselves."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from practices.models import Term, Vocabulary, content_models

from .connectors import connector_choices
from .models import Language, Schedule


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            continue
        widget.attrs.setdefault("class", "form-select" if isinstance(widget, forms.Select) else "form-control")


class SourceForm(forms.Form):
    name = forms.CharField(label=_("portal name"), max_length=200, help_text=_("Shown on harvested items: “Harvested from …”."))
    connector = forms.ChoiceField(label=_("connector"), choices=[])
    url = forms.URLField(label=_("address"), max_length=500, assume_scheme="https",
                         help_text=_("The portal's address (for a hub: its home page; for RSS: the feed)."))
    schedule = forms.ChoiceField(label=_("schedule"), choices=Schedule.choices, initial=Schedule.DAILY)
    content_type = forms.ChoiceField(label=_("items become"), choices=[])
    default_theme = forms.ModelChoiceField(
        label=_("default theme"), queryset=Term.objects.filter(vocabulary=Vocabulary.THEME, is_active=True), required=False,
        to_field_name="slug",
    )
    language = forms.ChoiceField(label=_("language of the portal"), choices=Language.choices, initial=Language.KA)
    options = forms.CharField(
        label=_("connector options"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("JSON, e.g. a category mapping; leave empty if the connector needs none."),
    )
    credential_username = forms.CharField(label=_("user name"), max_length=200, required=False)
    secret = forms.CharField(
        label=_("password or token"), required=False, widget=forms.PasswordInput(render_value=False),
        help_text=_("Stored encrypted and never shown again; leave empty to keep the stored one."),
    )
    credential_setting = forms.CharField(
        label=_("credentials setting"), max_length=100, required=False,
        help_text=_("Instead of a password: the name of a server setting that holds “user:secret”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["connector"].choices = connector_choices()
        self.fields["content_type"].choices = [(model._meta.model_name, model._meta.verbose_name) for model in content_models()]
        _style(self)

    def clean_options(self) -> dict:
        raw = self.cleaned_data.get("options", "").strip()
        if not raw:
            return {}
        try:
            value = json.loads(raw)
        except ValueError as error:
            raise forms.ValidationError(_("This is not valid JSON.")) from error
        if not isinstance(value, dict):
            raise forms.ValidationError(_("Connector options must be a JSON object."))
        return value

    @classmethod
    def initial_for(cls, source) -> dict:
        return {
            "name": source.name, "connector": source.connector, "url": source.url, "schedule": source.schedule,
            "content_type": source.content_type, "default_theme": source.default_theme, "language": source.language,
            "options": json.dumps(source.options, ensure_ascii=False) if source.options else "",
            "credential_username": source.credential_username, "credential_setting": source.credential_setting,
        }
