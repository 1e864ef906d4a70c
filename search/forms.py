from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .backends.base import SORT_DATE, SORT_RELEVANCE
from .documents import LANGUAGES


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=settings.SEARCH_QUERY_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    type = forms.SlugField(required=False)
    organization = forms.SlugField(required=False)
    region = forms.SlugField(required=False)
    theme = forms.SlugField(required=False)
    lang = forms.ChoiceField(choices=[("", "")] + [(code, code) for code in LANGUAGES], required=False)
    year = forms.IntegerField(required=False, min_value=1, max_value=9999)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[(SORT_RELEVANCE, _("Relevance")), (SORT_DATE, _("Newest first"))],
        required=False,
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=500)
