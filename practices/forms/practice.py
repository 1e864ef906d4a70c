from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Practice, PracticeActivity, Term, Vocabulary
from ..models import PRACTICE_FORM_FIELDS
from .base import ContentForm, DateInput

MARKDOWN_HELP = _("Markdown: **bold**, *italic*, lists, tables and links.")


class PracticeActivityForm(forms.ModelForm):
    class Meta:
        model = PracticeActivity
        fields = ["stage_ka", "stage_en", "activity_ka", "activity_en", "result_ka", "result_en"]
        widgets = {name: forms.Textarea(attrs={"rows": 2, "class": "form-control"}) for name in
                   ["activity_ka", "activity_en", "result_ka", "result_en"]}  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in ("stage_ka", "stage_en"):
            self.fields[field].widget.attrs.setdefault("class", "form-control")


ActivityFormSet = forms.formset_factory(PracticeActivityForm, extra=3, can_delete=True)


class PracticeForm(ContentForm):
    themes = forms.ModelMultipleChoiceField(
        queryset=Term.objects.filter(vocabulary=Vocabulary.THEME, is_active=True),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Themes"),
    )
    extra_service_fields = ("themes",)

    class Meta:
        model = Practice
        fields = ["title_ka", "title_en", "slug", *PRACTICE_FORM_FIELDS]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("The end of the page's address; generated from the title when left empty.")
        self.fields["themes"].widget.attrs["class"] = "form-check-input"
        if self.instance.pk:
            self.initial["themes"] = [theme.slug for theme in self.instance.themes.all()]
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 4
                field.help_text = MARKDOWN_HELP
        prefix = "activities"
        rows = [
            {name: getattr(row, name) for name in PracticeActivityForm.Meta.fields}
            for row in (self.instance.activities.all() if self.instance.pk else [])
        ]
        self.activities = ActivityFormSet(data=self.data or None, initial=rows, prefix=prefix)

    def is_valid(self) -> bool:
        form_valid = super().is_valid()
        return self.activities.is_valid() and form_valid

    def service_data(self) -> dict:
        data = super().service_data()
        data["themes"] = [theme.slug for theme in self.cleaned_data["themes"]]
        data["activities"] = [
            row.cleaned_data for row in self.activities.forms
            if row.cleaned_data and not row.cleaned_data.get("DELETE") and row.cleaned_data.get("activity_ka")
        ]  # fmt: skip
        for row in data["activities"]:
            row.pop("DELETE", None)
        if not data.get("slug"):
            data.pop("slug", None)
        return data
