"""Filters the API (and the web lists, which share its filtersets) offer on top of django-filter."""

from datetime import UTC

import django_filters
from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField


class AwareIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time that states its UTC offset, read as that instant in UTC.

    A naive value is refused rather than guessed in the server's time zone. The
    instant is converted to UTC before it reaches the database, because
    PostgreSQL refuses offsets beyond ±15:59 that Python accepts.
    """

    default_error_messages = {
        "naive": _("Give the date-time with its UTC offset, e.g. 2025-01-31T09:00:00+04:00 or …Z."),
        "out_of_range": _("This date-time is out of range."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            parsed = parse_datetime(str(value).strip())
        except ValueError:
            parsed = None
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if parsed.utcoffset() is None:
            raise forms.ValidationError(self.error_messages["naive"], code="naive")
        try:
            return parsed.astimezone(UTC)
        except OverflowError:
            raise forms.ValidationError(self.error_messages["out_of_range"], code="out_of_range") from None


class AwareIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = AwareIsoDateTimeField
