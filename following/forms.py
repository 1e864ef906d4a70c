from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class DigestSettingsForm(forms.Form):
    is_active = forms.BooleanField(label=_("Send me the weekly digest"), required=False)
    language = forms.ChoiceField(label=_("Language of the digest"), choices=settings.LANGUAGES)
