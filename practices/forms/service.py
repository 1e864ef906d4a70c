from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Channel, ServiceDescription, Term, Vocabulary
from .base import ContentForm

MARKDOWN_HELP = _("Markdown: **bold**, *italic*, lists, tables and links.")


class ServiceDescriptionForm(ContentForm):
    channels = forms.MultipleChoiceField(
        choices=Channel.choices, widget=forms.CheckboxSelectMultiple, required=False, label=_("Channels")
    )
    required_documents = forms.CharField(
        label=_("Required documents"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
        help_text=_("One per line, in the order the applicant needs them."),
    )  # fmt: skip
    extra_service_fields = ("channels",)

    class Meta:
        model = ServiceDescription
        fields = [
            "title_ka", "title_en", "slug", "identifier", "category", "description_ka", "description_en",
            "output_ka", "output_en", "cost_gel", "processing_time_days",
            "legal_basis_ka", "legal_basis_en", "responsible_unit_ka", "responsible_unit_en", "contact",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("The end of the page's address; generated from the title when left empty.")
        self.fields["category"].queryset = Term.objects.filter(vocabulary=Vocabulary.SERVICE_CATEGORY, is_active=True)
        self.fields["channels"].widget.attrs["class"] = "form-check-input"
        for name in ("description_ka", "description_en"):
            self.fields[name].widget.attrs["rows"] = 4
            self.fields[name].help_text = MARKDOWN_HELP
        if self.instance.pk:
            self.initial["channels"] = self.instance.channels
            self.initial["required_documents"] = "\n".join(row.name_ka for row in self.instance.required_documents.all())

    def service_data(self) -> dict:
        data = super().service_data()
        if not data.get("slug"):
            data.pop("slug", None)
        data["channels"] = list(data["channels"])
        lines = [line.strip() for line in self.cleaned_data["required_documents"].splitlines() if line.strip()]
        data["required_documents"] = [{"name_ka": line} for line in lines]
        return data
