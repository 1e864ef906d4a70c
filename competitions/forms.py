"""Forms of the Best Practice Programme: they check input for a service and never save by themselves."""

from django import forms
from django.utils.translation import gettext_lazy as _

from municipalities.models import Organization
from practices.forms.practice import PracticeForm
from practices.models import Term, Vocabulary

from .models import THEME_LIMIT_MAX, Application, Assignment, Call, CallTheme


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        if isinstance(field.widget, forms.CheckboxInput):
            css = "form-check-input"
        field.widget.attrs.setdefault("class", css)


class ApplyForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("Applicant municipality"))
    theme = forms.ModelChoiceField(queryset=CallTheme.objects.none(), label=_("Theme"))
    title_ka = forms.CharField(max_length=300, label=_("Title of the practice (Georgian)"), required=False)
    docx = forms.FileField(
        label=_("NALA's application form filled in Word (.docx)"), required=False,
        help_text=_("Optional: the sections are read from the file into the draft, which you check before submitting."),
    )  # fmt: skip

    def __init__(self, *args, call: Call, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if len(organizations) == 1:
            self.fields["organization"].initial = organizations[0]
        self.fields["theme"].queryset = call.themes.select_related("term")
        _styled(self)

    def clean(self):
        data = super().clean()
        if not data.get("title_ka") and not data.get("docx"):
            self.add_error("title_ka", _("Give the title, or upload the filled form."))
        return data


class ApplicationForm(PracticeForm):
    """NALA's form as the library's practice form has it, with the call's theme instead of the library's themes."""

    theme = forms.ModelChoiceField(queryset=CallTheme.objects.none(), label=_("Theme"))
    extra_service_fields = ("theme",)

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, instance=application.practice, **kwargs)
        del self.fields["themes"], self.fields["slug"]
        self.fields["theme"].queryset = application.call.themes.select_related("term")
        self.fields["theme"].initial = application.theme_id
        self.fields["theme"].widget.attrs["class"] = "form-select"

    def clean(self):
        data = super().clean()
        # The practice form's service data reads its themes; an application's theme is the call's instead.
        data["themes"] = []
        return data

    def service_data(self) -> dict:
        data = super().service_data()
        data.pop("themes", None)
        data.pop("slug", None)
        return data


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    title = forms.CharField(max_length=255, required=False, label=_("Title"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class ReviewForm(forms.Form):
    """A score and a comment per criterion of the call's rubric, and an overall comment."""

    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Overall comment"))

    def __init__(self, *args, assignment: Assignment, **kwargs):
        super().__init__(*args, **kwargs)
        existing = {score.criterion_id: score for score in assignment.scores.all()}
        self.criteria = list(assignment.call.criteria.all())
        for criterion in self.criteria:
            score = existing.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=criterion.name, required=False, min_value=criterion.min_score, max_value=criterion.max_score,
                initial=score.value if score else None,
                help_text=_("From %(low)d to %(high)d; weight %(weight)s.")
                % {"low": criterion.min_score, "high": criterion.max_score, "weight": criterion.weight},
            )  # fmt: skip
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                initial=score.comment if score else "",
            )  # fmt: skip
        self.fields["comment"].initial = assignment.comment
        self.order_fields([name for criterion in self.criteria for name in (f"score_{criterion.pk}", f"comment_{criterion.pk}")])
        _styled(self)

    def rows(self):
        return [(criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"]) for criterion in self.criteria]

    def scores(self) -> dict[int, dict]:
        return {
            criterion.pk: {"value": self.cleaned_data[f"score_{criterion.pk}"], "comment": self.cleaned_data[f"comment_{criterion.pk}"]}
            for criterion in self.criteria
            if self.cleaned_data.get(f"score_{criterion.pk}") is not None
        }


class ConflictForm(forms.Form):
    reason = forms.CharField(max_length=500, required=False, label=_("Why (optional)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=Application.Decision.choices, required=False, label=_("Decision"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class AssignReviewerForm(forms.Form):
    reviewer = forms.ModelChoiceField(queryset=None, label=_("Reviewer"))

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers
        _styled(self)


# The rubric, offered when a call is opened (NALA edits the rows).
DEFAULT_CRITERIA = [
    ("ინოვაციურობა", "Innovation"), ("შედეგები და გავლენა", "Results and impact"), ("მდგრადობა", "Sustainability"),
    ("გაზიარებადობა", "Transferability"), ("მოქალაქეთა ჩართულობა", "Citizen engagement"),
    ("რესურსების ეფექტიანი გამოყენება", "Efficient use of resources"),
]  # fmt: skip


class CallForm(forms.ModelForm):
    """A new call: its settings, themes from the library's list and the rubric's rows."""

    themes = forms.ModelMultipleChoiceField(
        queryset=Term.objects.filter(vocabulary=Vocabulary.THEME, is_active=True), to_field_name="slug",
        widget=forms.CheckboxSelectMultiple, label=_("Themes"),
    )  # fmt: skip
    limit_per_applicant = forms.IntegerField(
        min_value=1, max_value=THEME_LIMIT_MAX, required=False, label=_("Applications per municipality in each theme"), help_text=_("Empty: no limit.")
    )

    class Meta:
        model = Call
        fields = [
            "edition", "title_ka", "title_en", "rules_ka", "rules_en", "opens_at", "closes_at",
            "reviewers_per_application", "short_description_word_limit", "reviews_visible_after_own", "disagreement_threshold",
        ]  # fmt: skip
        widgets = {"opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                   "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)
        self.fields["themes"].widget.attrs["class"] = "form-check-input"
        self.fields["opens_at"].help_text = self.fields["closes_at"].help_text = _("Tbilisi time.")
        self.criteria = CriterionFormSet(
            data=self.data or None, prefix="criteria",
            initial=[{"name_ka": ka, "name_en": en, "weight": 1, "min_score": 1, "max_score": 10} for ka, en in DEFAULT_CRITERIA],
        )  # fmt: skip

    def is_valid(self) -> bool:
        form_valid = super().is_valid()
        return self.criteria.is_valid() and form_valid

    def _post_clean(self):
        # The service builds and checks the call; the form only checks the input's shape.
        pass

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        limit = data.pop("limit_per_applicant")
        themes = [{"term": term.slug, "limit_per_applicant": limit} for term in data.pop("themes")]
        criteria = [
            {name: row.cleaned_data[name] for name in ("name_ka", "name_en", "weight", "min_score", "max_score")}
            for row in self.criteria.forms
            if row.cleaned_data and not row.cleaned_data.get("DELETE") and row.cleaned_data.get("name_ka")
        ]
        return {"fields": data, "themes": themes, "criteria": criteria}


class CriterionForm(forms.Form):
    name_ka = forms.CharField(max_length=200, required=False, label=_("name (Georgian)"))
    name_en = forms.CharField(max_length=200, required=False, label=_("name (English)"))
    weight = forms.DecimalField(max_digits=6, decimal_places=2, min_value=0, initial=1, label=_("weight"))
    min_score = forms.IntegerField(initial=1, label=_("lowest score"))
    max_score = forms.IntegerField(initial=10, label=_("highest score"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


CriterionFormSet = forms.formset_factory(CriterionForm, extra=0, can_delete=True)
