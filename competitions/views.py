"""The Best Practice Programme on the web: calls, applying (also from Word), reviewing, the managers' dashboard, results.

Views read through competitions.selectors and write through
competitions.services; they check the role a page needs (with two-factor
authentication for managers and reviewers) before showing a form or calling a
service, and services check again whatever the path.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from hub.errors import DomainError
from hub.web import form_add_service_error, messages_add_service_error
from municipalities.models import Membership, Organization
from municipalities.permissions import ActorMixin
from practices.models import PRACTICE_SECTIONS

from .forms import (
    ApplicationForm,
    ApplyForm,
    AssignReviewerForm,
    AttachmentForm,
    CallForm,
    ConflictForm,
    DecisionForm,
    ReviewForm,
)
from .models import Application, Call
from .paperwork import application_dossier_pdf, application_receipt_pdf, ranking_export
from .selectors import (
    application_is_applicants,
    application_visible,
    assignment_visible,
    call_list,
    call_progress,
    call_ranking,
    call_winners,
    other_reviews,
)
from .services import (
    application_attachment_add,
    application_create,
    application_decide,
    application_problems,
    application_submit,
    application_update,
    application_withdraw,
    assignment_add,
    assignment_remove,
    assignments_auto,
    call_advance,
    call_create,
    call_results_publish,
    call_reviewers,
    conflict_declare,
    is_manager,
    review_save,
    review_save_and_submit,
)
from .wordform import blank_form_docx, parse_form_docx

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MANAGER = Membership.Role.COMPETITION_MANAGER
REVIEWER = Membership.Role.REVIEWER


def _editable_municipalities(actor, call: Call):
    if actor.user is None:
        return Organization.objects.none()
    organizations = Organization.objects.filter(
        memberships__user=actor.user, memberships__role__in=[Membership.Role.EDITOR, Membership.Role.ADMIN]
    )
    if call.eligible_kinds:
        organizations = organizations.filter(kind__in=call.eligible_kinds)
    return organizations.distinct().order_by("name_ka")


class ProgrammeView(ActorMixin, View):
    """Shared by the pages: a programme role's page answers 403 without the role, or without 2FA."""

    def refuse(self, *, organization: Organization, role: str):
        if not self.actor.has_role(organization, role):
            return render(
                self.request, "municipalities/tenancy/access_denied.html",
                {"organization": organization, "role": Membership.Role(role).label}, status=403,
            )  # fmt: skip
        if self.actor.needs_mfa_for(role):
            return render(self.request, "competitions/mfa_required.html", {"organization": organization}, status=403)
        return None

    def back(self, url: str, error: ValidationError | DomainError | None = None) -> HttpResponseRedirect:
        if error is not None:
            messages_add_service_error(self.request, error)
        return HttpResponseRedirect(url)


# --- calls: public ---------------------------------------------------------------------------------
class CallListView(ProgrammeView):
    def get(self, request):
        nala = Organization.objects.filter(slug=settings.NALA_SLUG).first()
        can_open = nala is not None and is_manager(call_organization=nala, actor=self.actor)
        return render(request, "competitions/call_list.html", {"calls": call_list(), "can_open": can_open})


class CallDetailView(ProgrammeView):
    def get(self, request, slug: str):
        call = get_object_or_404(call_list(), slug=slug)
        context = {
            "call": call,
            "is_open": call.is_open_at(timezone.now()),
            "can_apply": _editable_municipalities(self.actor, call).exists(),
            "is_manager": is_manager(call_organization=call.organization, actor=self.actor),
            "my_applications": application_visible(actor=self.actor).filter(call=call, organization__memberships__user=self.actor.user)
            if self.actor.user else [],
        }  # fmt: skip
        return render(request, "competitions/call_detail.html", context)


class CallResultsView(ProgrammeView):
    def get(self, request, slug: str):
        call = get_object_or_404(call_list(), slug=slug)
        return render(request, "competitions/results.html", {"call": call, "winners": call_winners(call=call)})


# --- applying ------------------------------------------------------------------------------------------
class ApplyView(LoginRequiredMixin, ProgrammeView):
    """Start an application: the municipality, the theme and the title, or NALA's form filled in Word."""

    def _form(self, call: Call, data=None, files=None) -> ApplyForm:
        return ApplyForm(data, files, call=call, organizations=_editable_municipalities(self.actor, call))

    def get(self, request, slug: str):
        call = get_object_or_404(call_list(), slug=slug)
        return render(request, "competitions/apply.html", {"call": call, "form": self._form(call)})

    def post(self, request, slug: str):
        call = get_object_or_404(call_list(), slug=slug)
        form = self._form(call, request.POST, request.FILES)
        imported = None
        if form.is_valid() and form.cleaned_data.get("docx"):
            try:
                imported = parse_form_docx(form.cleaned_data["docx"].read())
            except ValidationError as error:
                form.add_error("docx", error.messages)
        if form.is_valid():
            data = form.cleaned_data
            fields = {name: value for name, value in (imported.values if imported else {}).items() if name != "themes"}
            title = data["title_ka"] or fields.pop("title_ka", "")
            fields.pop("title_ka", None)
            if not title.strip():
                form.add_error("title_ka", _("The form has no title: give it here."))
                return render(request, "competitions/apply.html", {"call": call, "form": form}, status=400)
            try:
                application = application_create(
                    call=call, organization=data["organization"], theme=data["theme"], title_ka=title, actor=self.actor,
                    activities=imported.activities if imported else None, **fields,
                )  # fmt: skip
            except (ValidationError, DomainError) as error:
                form_add_service_error(form, error)
            else:
                if imported is not None:
                    request.session[_unplaced_key(application)] = [*imported.unplaced, *imported.warnings]
                    messages.info(request, _("The form was read into the draft: check every section before submitting."))
                return HttpResponseRedirect(reverse("competition-application-edit", args=[application.pk]))
        return render(request, "competitions/apply.html", {"call": call, "form": form}, status=400)


def _unplaced_key(application: Application) -> str:
    # What the Word import could not place stays on show until the applicant saves the draft once.
    return f"competitions-unplaced-{application.pk}"


class BlankFormView(ProgrammeView):
    """NALA's form as an empty .docx, in the page's language; the importer reads it back once filled."""

    def get(self, request, slug: str):
        get_object_or_404(call_list(), slug=slug)
        language = "en" if get_language() == "en" else "ka"
        response = HttpResponse(blank_form_docx(language=language), content_type=DOCX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="nala-best-practice-form-{language}.docx"'
        return response


class MyApplicationsView(LoginRequiredMixin, ProgrammeView):
    def get(self, request):
        applications = application_visible(actor=self.actor).filter(organization__memberships__user=self.actor.user).order_by("-id")
        return render(request, "competitions/my_applications.html", {"applications": applications})


class ApplicationMixin(LoginRequiredMixin, ProgrammeView):
    def application(self, pk: int) -> Application:
        application = application_visible(actor=self.actor).filter(pk=pk).first()
        if application is None:
            raise Http404(_("No such application."))
        return application

    def editable(self, pk: int) -> Application:
        application = self.application(pk)
        if not self.actor.has_role(application.organization, Membership.Role.EDITOR):
            raise Http404(_("No such application."))
        return application


class ApplicationDetailView(ApplicationMixin):
    def get(self, request, pk: int):
        application = self.application(pk)
        call = application.call
        applicant = application_is_applicants(application=application, actor=self.actor)
        manager = is_manager(call_organization=call.organization, actor=self.actor)
        context = {
            "application": application,
            "call": call,
            "item": application.practice,
            "sections": PRACTICE_SECTIONS,
            "is_applicant": applicant,
            "can_edit": applicant and self.actor.has_role(application.organization, Membership.Role.EDITOR),
            "is_open": call.is_open_at(timezone.now()),
            "problems": application_problems(application=application) if applicant else {},
            "is_manager": manager,
            "decision_label": Application.Decision(application.shown_decision).label if application.shown_decision else "",
            "attachment_form": AttachmentForm(),
            "my_assignment": assignment_visible(actor=self.actor).filter(application=application, reviewer=self.actor.user).first(),
        }
        if manager:
            context["assignments"] = application.assignments.select_related("reviewer").order_by("id")
            context["assign_form"] = AssignReviewerForm(reviewers=call_reviewers(call=call))
            context["decision_form"] = DecisionForm(initial={"decision": application.decision})
        return render(request, "competitions/application_detail.html", context)


class ApplicationEditView(ApplicationMixin):
    """Every section of NALA's form; saved as a draft (with the version read, so a parallel change is not overwritten)."""

    def _render(self, application, form, status=200):
        unplaced = self.request.session.get(_unplaced_key(application), [])
        context = {"application": application, "form": form, "sections": PRACTICE_SECTIONS, "item": application.practice, "unplaced": unplaced}
        return render(self.request, "competitions/application_form.html", context, status=status)

    def get(self, request, pk: int):
        application = self.editable(pk)
        return self._render(application, ApplicationForm(application=application))

    def post(self, request, pk: int):
        application = self.editable(pk)
        form = ApplicationForm(request.POST, application=application)
        if form.is_valid():
            data = form.service_data()
            try:
                application_update(
                    application=application, expected_version=form.cleaned_data["version"], actor=self.actor, **data
                )
            except (ValidationError, DomainError) as error:
                form_add_service_error(form, error)
            else:
                request.session.pop(_unplaced_key(application), None)
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(reverse("competition-application", args=[application.pk]))
        return self._render(application, form, status=400)


class ApplicationSubmitView(ApplicationMixin):
    def post(self, request, pk: int):
        application = self.editable(pk)
        url = reverse("competition-application", args=[pk])
        try:
            application_submit(application=application, actor=self.actor)
        except (ValidationError, DomainError) as error:
            if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
                messages.error(request, _("The application is not complete: see the sections marked below."))
                return self.back(url)
            return self.back(url, error)
        messages.success(request, _("Submitted. The receipt is on its way by e-mail."))
        return self.back(url)


class ApplicationWithdrawView(ApplicationMixin):
    def post(self, request, pk: int):
        application = self.editable(pk)
        url = reverse("competition-application", args=[pk])
        try:
            application_withdraw(application=application, actor=self.actor)
        except (ValidationError, DomainError) as error:
            return self.back(url, error)
        messages.success(request, _("The application was withdrawn."))
        return self.back(url)


class ApplicationAttachView(ApplicationMixin):
    def post(self, request, pk: int):
        application = self.editable(pk)
        form = AttachmentForm(request.POST, request.FILES)
        url = reverse("competition-application", args=[pk])
        if not form.is_valid():
            return self.back(url, ValidationError(form.errors.get("file") or _("Choose a file.")))
        try:
            application_attachment_add(application=application, actor=self.actor, **form.cleaned_data)
        except (ValidationError, DomainError) as error:
            return self.back(url, error)
        messages.success(request, _("File attached."))
        return self.back(url)


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _document_language() -> str:
    return "en" if get_language() == "en" else "ka"


class ApplicationFileView(ApplicationMixin):
    """An attached file, for whoever may read the application (its reviewers too, though the practice is no
    draft of theirs: the library's download serves drafts to the owner's members only)."""

    def get(self, request, pk: int, attachment_id: int):
        application = self.application(pk)
        attachment = application.practice.attachments.filter(pk=attachment_id).first()
        if attachment is None:
            raise Http404(_("No such file."))
        response = FileResponse(
            attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name, content_type=attachment.mime_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class ReceiptView(ApplicationMixin):
    """The submission receipt as a PDF, for the applicant's members and the call's managers."""

    def get(self, request, pk: int):
        application = self.application(pk)
        if application.submitted_at is None or application.status == Application.Status.DRAFT:
            raise Http404(_("This application has not been submitted."))
        pdf = application_receipt_pdf(application=application, language=_document_language())
        return _download(pdf, "application/pdf", f"receipt-{application.reference}.pdf")


# --- managers --------------------------------------------------------------------------------------
class ManagerMixin(LoginRequiredMixin, ProgrammeView):
    def call_or_refusal(self, slug: str):
        call = get_object_or_404(call_list(), slug=slug)
        return call, self.refuse(organization=call.organization, role=MANAGER)


class CallCreateView(LoginRequiredMixin, ProgrammeView):
    """NALA's managers open a call: settings, themes and the rubric (the issue's six criteria to start from)."""

    def _nala(self) -> Organization:
        return get_object_or_404(Organization, slug=settings.NALA_SLUG)

    def get(self, request):
        refusal = self.refuse(organization=self._nala(), role=MANAGER)
        return refusal or render(request, "competitions/call_form.html", {"form": CallForm()})

    def post(self, request):
        nala = self._nala()
        refusal = self.refuse(organization=nala, role=MANAGER)
        if refusal:
            return refusal
        form = CallForm(request.POST)
        if form.is_valid():
            try:
                call = call_create(organization=nala, actor=self.actor, **form.service_data())
            except (ValidationError, DomainError) as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("The call is open for applications in its window."))
                return HttpResponseRedirect(reverse("competition-dashboard", args=[call.slug]))
        return render(request, "competitions/call_form.html", {"form": form}, status=400)


class DashboardView(ManagerMixin):
    """Progress, weighted totals, optional z-scores, disagreement flags and the ranking per theme; assign, decide, publish."""

    def get(self, request, slug: str):
        call, refusal = self.call_or_refusal(slug)
        if refusal:
            return refusal
        normalize = request.GET.get("normalize") == "1"
        context = {
            "call": call,
            "progress": call_progress(call=call),
            "ranking": call_ranking(call=call, normalize=normalize),
            "normalize": normalize,
            "reviewers": call_reviewers(call=call).count(),
            "decision_choices": Application.Decision.choices,
        }
        return render(request, "competitions/dashboard.html", context)


class ManagerActionView(ManagerMixin):
    """A POST that runs one service on the call and returns to the dashboard."""

    service = None
    done = ""

    def post(self, request, slug: str):
        call, refusal = self.call_or_refusal(slug)
        if refusal:
            return refusal
        url = reverse("competition-dashboard", args=[call.slug])
        try:
            type(self).service(call=call, actor=self.actor)
        except (ValidationError, DomainError) as error:
            return self.back(url, error)
        messages.success(request, self.done())
        return self.back(url)


class AdvanceView(ManagerActionView):
    service = call_advance

    def done(self):
        return _("The call moved to its next phase.")


class AssignView(ManagerActionView):
    service = assignments_auto

    def done(self):
        return _("Reviewers assigned.")


class PublishResultsView(ManagerActionView):
    service = call_results_publish

    def done(self):
        return _("The results are published; the winners are in the library.")


class ApplicationManagerMixin(LoginRequiredMixin, ProgrammeView):
    def managed(self, pk: int):
        application = application_visible(actor=self.actor).filter(pk=pk).first()
        if application is None:
            raise Http404(_("No such application."))
        return application, self.refuse(organization=application.call.organization, role=MANAGER)


class DossierView(ApplicationManagerMixin):
    """One application for the deliberation as a PDF: its sections, plan, reviews and rank."""

    def get(self, request, pk: int):
        application, refusal = self.managed(pk)
        if refusal:
            return refusal
        pdf = application_dossier_pdf(application=application, language=_document_language())
        return _download(pdf, "application/pdf", f"dossier-{application.reference}.pdf")


class RankingExportView(ManagerMixin):
    """The ranking per theme as CSV or XLSX (with z-scores when `normalize=1`)."""

    TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}

    def get(self, request, slug: str, file_format: str):
        if file_format not in self.TYPES:
            raise Http404(_("Export as CSV or XLSX."))
        call, refusal = self.call_or_refusal(slug)
        if refusal:
            return refusal
        body = ranking_export(call=call, file_format=file_format, normalize=request.GET.get("normalize") == "1")
        return _download(body, self.TYPES[file_format], f"ranking-{call.slug}.{file_format}")


class DecideView(ApplicationManagerMixin):
    def post(self, request, pk: int):
        application, refusal = self.managed(pk)
        if refusal:
            return refusal
        form = DecisionForm(request.POST)
        url = request.POST.get("from") == "dashboard" and reverse("competition-dashboard", args=[application.call.slug])
        url = url or reverse("competition-application", args=[pk])
        if not form.is_valid():
            return self.back(url, ValidationError(_("Choose a decision.")))
        try:
            application_decide(application=application, decision=form.cleaned_data["decision"], actor=self.actor)
        except (ValidationError, DomainError) as error:
            return self.back(url, error)
        messages.success(request, _("Decision saved."))
        return self.back(url)


class AssignReviewerView(ApplicationManagerMixin):
    def post(self, request, pk: int):
        application, refusal = self.managed(pk)
        if refusal:
            return refusal
        url = reverse("competition-application", args=[pk])
        form = AssignReviewerForm(request.POST, reviewers=call_reviewers(call=application.call))
        if not form.is_valid():
            return self.back(url, ValidationError(_("Choose one of NALA's reviewers.")))
        try:
            assignment_add(application=application, reviewer=form.cleaned_data["reviewer"], actor=self.actor)
        except (ValidationError, DomainError) as error:
            return self.back(url, error)
        messages.success(request, _("Reviewer assigned."))
        return self.back(url)


class UnassignView(LoginRequiredMixin, ProgrammeView):
    def post(self, request, pk: int):
        assignment = assignment_visible(actor=self.actor).filter(pk=pk).first()
        if assignment is None:
            raise Http404(_("No such review."))
        refusal = self.refuse(organization=assignment.call.organization, role=MANAGER)
        if refusal:
            return refusal
        url = reverse("competition-application", args=[assignment.application_id])
        try:
            assignment_remove(assignment=assignment, actor=self.actor)
        except (ValidationError, DomainError) as error:
            return self.back(url, error)
        messages.success(request, _("Reviewer unassigned."))
        return self.back(url)


# --- reviewers -------------------------------------------------------------------------------------
class MyReviewsView(LoginRequiredMixin, ProgrammeView):
    def get(self, request):
        assignments = assignment_visible(actor=self.actor).filter(reviewer=self.actor.user).order_by("status", "id")
        return render(request, "competitions/my_reviews.html", {"assignments": assignments})


class ReviewMixin(LoginRequiredMixin, ProgrammeView):
    def assignment(self, pk: int):
        """The reviewer's own assignment (404 for anyone else's: unassigned or conflicted reviewers see nothing)."""
        if self.actor.user is None:
            raise Http404(_("No such review."))
        assignment = assignment_visible(actor=self.actor).filter(pk=pk, reviewer=self.actor.user).first()
        if assignment is None:
            raise Http404(_("No such review."))
        return assignment, self.refuse(organization=assignment.call.organization, role=REVIEWER)


class ReviewView(ReviewMixin):
    def _render(self, assignment, form, status=200):
        context = {
            "assignment": assignment,
            "application": assignment.application,
            "item": assignment.application.practice,
            "sections": PRACTICE_SECTIONS,
            "form": form,
            "conflict_form": ConflictForm(),
            "others": other_reviews(assignment=assignment, actor=self.actor),
            "can_score": assignment.call.phase == Call.Phase.REVIEW and not assignment.is_submitted,
        }
        return render(self.request, "competitions/review.html", context, status=status)

    def get(self, request, pk: int):
        assignment, refusal = self.assignment(pk)
        return refusal or self._render(assignment, ReviewForm(assignment=assignment))

    def post(self, request, pk: int):
        assignment, refusal = self.assignment(pk)
        if refusal:
            return refusal
        form = ReviewForm(request.POST, assignment=assignment)
        if form.is_valid():
            service = review_save_and_submit if "submit" in request.POST else review_save
            try:
                service(assignment=assignment, scores=form.scores(), comment=form.cleaned_data["comment"], actor=self.actor)
            except (ValidationError, DomainError) as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("Review submitted.") if "submit" in request.POST else _("Scores saved."))
                return HttpResponseRedirect(reverse("competition-review", args=[assignment.pk]))
        return self._render(assignment, form, status=400)


class ConflictView(ReviewMixin):
    def post(self, request, pk: int):
        assignment, refusal = self.assignment(pk)
        if refusal:
            return refusal
        form = ConflictForm(request.POST)
        form.is_valid()
        try:
            conflict_declare(assignment=assignment, reason=form.cleaned_data.get("reason", ""), actor=self.actor)
        except (ValidationError, DomainError) as error:
            return self.back(reverse("competition-review", args=[pk]), error)
        messages.success(request, _("Conflict of interest recorded: the application is no longer assigned to you."))
        return self.back(reverse("competition-my-reviews"))

