"""Tours forms: they validate input for a service and never save by themselves."""

import datetime
import uuid
from zoneinfo import ZoneInfo

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from municipalities.models import Organization
from practices.forms.base import ContentForm, DateInput
from practices.models import ContentStatus, Practice

from .models import TOUR_LANGUAGES, TourOffering

TBILISI = ZoneInfo("Asia/Tbilisi")
MARKDOWN_HELP = _("Markdown: **bold**, *italic*, lists, tables and links.")
WEEKDAYS = [
    (0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")),
    (4, _("Friday")), (5, _("Saturday")), (6, _("Sunday")),
]  # fmt: skip


class TimeInput(forms.TimeInput):
    """HH:MM as text: a native time input follows the browser's locale and may show 10:00 AM; the hub writes 24-hour."""

    input_type = "text"

    def __init__(self, **kwargs):
        attrs = {"inputmode": "numeric", "pattern": "([01]?[0-9]|2[0-3]):[0-5][0-9]", "placeholder": "14:30", "autocomplete": "off",
                 "maxlength": "5"}  # fmt: skip
        super().__init__(format="%H:%M", attrs=attrs, **kwargs)


def _style(form: forms.Form) -> None:
    """Bootstrap classes on every widget, as the library's forms have them."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.HiddenInput)):
            continue
        css = "form-select" if isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple) else "form-control"
        widget.attrs.setdefault("class", css)


# --- offerings ---------------------------------------------------------------------------------
class TourOfferingForm(ContentForm):
    languages = forms.MultipleChoiceField(
        label=_("languages"), choices=TOUR_LANGUAGES, widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("The languages the visit can be held in."),
    )  # fmt: skip
    practices = forms.ModelMultipleChoiceField(
        label=_("practices shown"), queryset=Practice.objects.none(), widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("Published practices the visitors will see in person."),
    )  # fmt: skip

    extra_service_fields = ("practices",)

    class Meta:
        model = TourOffering
        fields = [
            "title_ka", "title_en", "slug", "description_ka", "description_en", "what_visitors_see_ka", "what_visitors_see_en",
            "languages", "duration_minutes", "max_group_size", "confirmation", "address", "latitude", "longitude",
            "contact_name", "contact_email", "contact_phone",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("The end of the page's address; generated from the title when left empty.")
        self.fields["practices"].queryset = (
            Practice.objects.filter(status=ContentStatus.PUBLISHED).select_related("organization").order_by("title_ka")
        )
        self.fields["practices"].label_from_instance = lambda practice: f"{practice.title} — {practice.organization.name}"
        if self.instance.pk:
            self.fields["practices"].initial = list(self.instance.practices.all())
            self.fields["languages"].initial = self.instance.languages
        else:
            self.fields["languages"].initial = ["ka"]
        # The model's bounds (at least 15 minutes, a group of at least one), checked here as well as by the database.
        for name in ("duration_minutes", "max_group_size"):
            field = self.fields[name]
            validators = TourOffering._meta.get_field(name).validators
            field.validators.extend(validators)
            field.widget.attrs["min"] = max(validator.limit_value for validator in validators if isinstance(validator, MinValueValidator))
        for name in ("description_ka", "description_en", "what_visitors_see_ka", "what_visitors_see_en"):
            self.fields[name].widget.attrs["rows"] = 5
            self.fields[name].help_text = MARKDOWN_HELP

    def service_data(self) -> dict:
        data = super().service_data()
        if not data.get("slug"):
            data.pop("slug", None)
        return data


# --- dates -------------------------------------------------------------------------------------
class TourSlotForm(forms.Form):
    """One date: the day and start time in Tbilisi; the end follows from the offering's duration."""

    day = forms.DateField(label=_("date"), widget=DateInput())
    start_time = forms.TimeField(label=_("start time (Tbilisi)"), widget=TimeInput(), help_text=_("24-hour, e.g. 14:30."))
    capacity = forms.IntegerField(label=_("capacity (participants)"), min_value=1, max_value=10_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def starts_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.cleaned_data["day"], self.cleaned_data["start_time"], tzinfo=TBILISI)


class TourWeeklySlotsForm(forms.Form):
    first_day = forms.DateField(label=_("from"), widget=DateInput())
    last_day = forms.DateField(label=_("until"), widget=DateInput())
    weekdays = forms.TypedMultipleChoiceField(
        label=_("weekdays"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    start_time = forms.TimeField(label=_("start time (Tbilisi)"), widget=TimeInput(), help_text=_("24-hour, e.g. 14:30."))
    capacity = forms.IntegerField(label=_("capacity (participants)"), min_value=1, max_value=10_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def clean(self):
        data = super().clean()
        if data.get("first_day") and data.get("last_day") and data["last_day"] < data["first_day"]:
            self.add_error("last_day", _("The range ends before it starts."))
        return data


class TourSlotCapacityForm(forms.Form):
    capacity = forms.IntegerField(label=_("capacity (participants)"), min_value=1, max_value=10_000)


class TourSlotCancelForm(forms.Form):
    reason = forms.CharField(label=_("reason for cancelling"), max_length=500)


class HostBlackoutForm(forms.Form):
    date = forms.DateField(label=_("date"), widget=DateInput())
    reason = forms.CharField(label=_("reason"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


# --- bookings ----------------------------------------------------------------------------------
def parse_participant_lines(text: str) -> list[dict]:
    """"name | position", one participant a line; blank lines are skipped."""
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _sep, position = line.partition("|")
        rows.append({"name": name.strip(), "position": position.strip()})
    return rows


class TourBookingForm(forms.Form):
    """A request for places on one date; `request_key` makes a double submission one booking."""

    request_key = forms.CharField(widget=forms.HiddenInput, max_length=80)
    requesting_organization = forms.ModelChoiceField(
        label=_("requesting organization"), queryset=Organization.objects.none(), required=False,
        empty_label=_("— not one of my organizations —"),
    )  # fmt: skip
    delegation_name = forms.CharField(
        label=_("or the delegation's name"), max_length=300, required=False,
        help_text=_("Only when the delegation is not one of your organizations, e.g. a ministry or a donor."),
    )  # fmt: skip
    contact_name = forms.CharField(label=_("contact person"), max_length=200)
    contact_email = forms.EmailField(label=_("contact e-mail"))
    contact_phone = forms.CharField(label=_("contact phone"), max_length=40, required=False)
    participants = forms.IntegerField(label=_("participants"), min_value=1)
    participant_list = forms.CharField(
        label=_("participants' names and positions"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One participant a line: name | position."),
    )  # fmt: skip
    purpose = forms.CharField(label=_("purpose of the visit"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    accessibility_needs = forms.CharField(
        label=_("accessibility needs"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wheelchair access, sign language, anything the host should prepare."),
    )  # fmt: skip
    language = forms.ChoiceField(label=_("language"), choices=TOUR_LANGUAGES)

    def __init__(self, *args, organizations=None, languages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requesting_organization"].queryset = organizations if organizations is not None else Organization.objects.none()
        if languages:
            self.fields["language"].choices = [(code, label) for code, label in TOUR_LANGUAGES if code in languages]
        if not self.is_bound and not self.initial.get("request_key"):
            self.initial["request_key"] = uuid.uuid4().hex
        _style(self)

    def clean_participant_list(self) -> list[dict]:
        rows = parse_participant_lines(self.cleaned_data["participant_list"])
        if any(not row["name"] for row in rows):
            raise forms.ValidationError(_("Give each participant's name (and position)."))
        return rows

    def clean(self):
        data = super().clean()
        if not data.get("requesting_organization") and not (data.get("delegation_name") or "").strip():
            self.add_error("delegation_name", _("Name the delegation, or choose your organization."))
        participants, rows = data.get("participants"), data.get("participant_list")
        if participants and rows and len(rows) > participants:
            self.add_error("participant_list", _("More names than participants."))
        return data

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class TourBookingMessageForm(forms.Form):
    """The host's answer: a message, required when declining."""

    message = forms.CharField(label=_("message to the delegation"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TourFeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("rating"), choices=[(value, str(value)) for value in range(5, 0, -1)], coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("comments"), required=False, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))


# --- calendars ---------------------------------------------------------------------------------
class CalendarFeedForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("organization"), queryset=Organization.objects.none())
    as_host = forms.TypedChoiceField(
        label=_("what the calendar shows"), coerce=lambda value: value == "host", widget=forms.RadioSelect,
        choices=[("host", _("the visits it hosts")), ("delegation", _("the visits it booked with other hosts"))],
        initial="host",
    )  # fmt: skip

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations if organizations is not None else Organization.objects.none()
        _style(self)
