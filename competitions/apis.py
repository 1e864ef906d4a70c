"""The Best Practice Programme over the API: calls, applications, reviews.

Thin views: an input serializer checks the shape, a service in
competitions/services.py decides and writes, an output serializer answers.
`ProgrammePermission` resolves the tenant once per object: an application's
writes need an editor of the applicant, a call's and the managers' actions a
competition manager of the call's organization (NALA), a review's a NALA
reviewer (all with two-factor authentication where the role needs it, via
`check_role`). Who exactly may review an assignment the services check.
"""

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from municipalities.actors import Actor
from municipalities.models import Membership, Organization, User
from municipalities.permissions import ActorMixin, check_role
from municipalities.selectors import organization_by_slug

from .models import Application, Assignment, Call
from .selectors import (
    application_visible,
    assignment_visible,
    call_list,
    call_ranking,
    other_reviews,
)
from .serializers import (
    ApplicationInputSerializer,
    ApplicationOutputSerializer,
    AssignmentResultSerializer,
    AttachmentInputSerializer,
    CallCreateSerializer,
    CallOutputSerializer,
    CallUpdateSerializer,
    ConflictSerializer,
    DecisionSerializer,
    ProblemsSerializer,
    RankingSerializer,
    ReviewCreateSerializer,
    ReviewOutputSerializer,
    ReviewUpdateSerializer,
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
    call_update,
    conflict_declare,
    review_save,
    review_submit,
)

MANAGER = Membership.Role.COMPETITION_MANAGER


class ProgrammePermission(permissions.BasePermission):
    """Reads follow the queryset; a write needs the role `view.object_role(obj)` names in `view.object_tenant(obj)`."""

    def has_permission(self, request, view) -> bool:
        actor = Actor.from_request(request)
        if request.method not in permissions.SAFE_METHODS and actor.is_anonymous:
            raise exceptions.NotAuthenticated()
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS and view.action not in getattr(view, "manager_reads", ()):
            return True
        check_role(actor=Actor.from_request(request), organization=view.object_tenant(obj), role=view.object_role(obj))
        return True


def _nala() -> Organization:
    return organization_by_slug(slug=settings.NALA_SLUG)


# --- calls ------------------------------------------------------------------------------------------
@extend_schema_view(
    create=extend_schema(request=CallCreateSerializer, responses={201: CallOutputSerializer}),
    partial_update=extend_schema(request=CallUpdateSerializer, responses={200: CallOutputSerializer}),
    advance=extend_schema(request=None, responses={200: CallOutputSerializer}),
    assign=extend_schema(request=None, responses={201: AssignmentResultSerializer}),
    publish_results=extend_schema(request=None, responses={200: CallOutputSerializer}),
    ranking=extend_schema(
        parameters=[OpenApiParameter("normalize", bool, description="Rank by per-reviewer z-scores.")],
        responses={200: RankingSerializer},
    ),
)
class CallViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """NALA's Best Practice Programme calls: rules, themes, rubric and window are public; managers run them."""

    permission_classes = [ProgrammePermission]
    serializer_class = CallOutputSerializer
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "head", "options"]
    manager_reads = ("ranking",)

    def get_queryset(self) -> QuerySet:
        return call_list()

    def object_tenant(self, call: Call) -> Organization:
        return call.organization

    def object_role(self, call: Call) -> str:
        return MANAGER

    def _output(self, call: Call, *, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(CallOutputSerializer(call_list().get(pk=call.pk)).data, status=status_code)

    def create(self, request, *args, **kwargs):
        nala = _nala()
        check_role(actor=self.actor, organization=nala, role=MANAGER)
        serializer = CallCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        themes, criteria = data.pop("themes"), data.pop("criteria")
        call = call_create(organization=nala, fields=data, themes=themes, criteria=criteria, actor=self.actor)
        return self._output(call, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        call = self.get_object()
        serializer = CallUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return self._output(call_update(call=call, fields=dict(serializer.validated_data), actor=self.actor))

    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        """Move the call to its next phase: submission → review (after the deadline) → deliberation."""
        return self._output(call_advance(call=self.get_object(), actor=self.actor))

    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Assign reviewers automatically: k per application, balanced, never a conflict; existing assignments stay."""
        created = assignments_auto(call=self.get_object(), actor=self.actor)
        return Response(AssignmentResultSerializer({"created": len(created)}).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], url_path="publish-results")
    def publish_results(self, request, pk=None):
        """Publish the results: winners become published practices with their badge; applicants are told by e-mail."""
        return self._output(call_results_publish(call=self.get_object(), actor=self.actor))

    @action(detail=True, methods=["get"])
    def ranking(self, request, pk=None):
        """Weighted totals, optional z-score normalisation, disagreement flags and the ranking per theme (managers)."""
        call = self.get_object()
        normalize = request.query_params.get("normalize", "").lower() in ("1", "true", "yes")
        ranking = call_ranking(call=call, normalize=normalize)
        themes = [
            {
                "theme": theme.pk,
                "name": theme.name,
                "applications": [
                    {
                        "application": row.application.pk, "reference": row.application.reference,
                        "title": row.application.title, "organization": row.application.organization.slug,
                        "rank": row.score.rank if row.score else None,
                        "reviews": row.score.n_reviews if row.score else 0,
                        "mean_total": row.score.mean_total if row.score else None,
                        "normalized": row.score.normalized if row.score else None,
                        "spread": row.score.spread if row.score else None,
                        "disagreement": bool(row.score and row.score.disagreement),
                        "decision": row.application.decision,
                    }
                    for row in rows
                ],
            }
            for theme, rows in ranking.themes
        ]
        return Response(RankingSerializer({"normalized": ranking.normalized, "themes": themes}).data)


# --- applications -------------------------------------------------------------------------------------
def _content_fields(data: dict) -> dict:
    for name in ("call", "organization", "theme", "version"):
        data.pop(name, None)
    return data


@extend_schema_view(
    create=extend_schema(request=ApplicationInputSerializer, responses={201: ApplicationOutputSerializer}),
    partial_update=extend_schema(request=ApplicationInputSerializer, responses={200: ApplicationOutputSerializer}),
    submit=extend_schema(request=None, responses={200: ApplicationOutputSerializer}),
    withdraw=extend_schema(request=None, responses={200: ApplicationOutputSerializer}),
    decide=extend_schema(request=DecisionSerializer, responses={200: ApplicationOutputSerializer}),
    problems=extend_schema(responses={200: ProblemsSerializer}),
    attachments=extend_schema(
        request={"multipart/form-data": AttachmentInputSerializer},
        responses={201: ApplicationOutputSerializer, 400: OpenApiResponse(description="Not an allowed file type.")},
    ),
)
class ApplicationViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Applications in NALA's form: the applicant's editors draft (autosave with the version), submit until the
    deadline and withdraw; NALA's managers see every submitted one and decide; reviewers see their assignments."""

    permission_classes = [ProgrammePermission]
    serializer_class = ApplicationOutputSerializer
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "head", "options"]
    manager_actions = ("decide",)

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        return application_visible(actor=self.actor).prefetch_related("practice__activities", "practice__attachments").order_by("-id")

    def object_tenant(self, application: Application) -> Organization:
        return application.call.organization if self.action in self.manager_actions else application.organization

    def object_role(self, application: Application) -> str:
        return MANAGER if self.action in self.manager_actions else Membership.Role.EDITOR

    def _output(self, application: Application, *, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(ApplicationOutputSerializer(self.get_queryset().get(pk=application.pk)).data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = ApplicationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        missing = {name: [_("This field is required.")] for name in ("call", "organization", "theme", "title_ka") if not data.get(name)}
        if missing:
            raise exceptions.ValidationError(missing)
        organization = organization_by_slug(slug=data["organization"])
        if organization is None:
            raise exceptions.ValidationError({"organization": [_("There is no organization “%(slug)s”.") % {"slug": data["organization"]}]})
        check_role(actor=self.actor, organization=organization, role=Membership.Role.EDITOR)
        call, theme = data["call"], data["theme"]
        application = application_create(
            call=call, organization=organization, theme=theme, actor=self.actor, **_content_fields(data)
        )
        return self._output(application, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        """Autosave: send the fields that changed and the `version` you read."""
        application = self.get_object()
        serializer = ApplicationInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version, theme = data.get("version"), data.get("theme")
        application = application_update(
            application=application, expected_version=version, theme=theme, actor=self.actor, **_content_fields(data)
        )
        return self._output(application)

    @action(detail=True, methods=["get"])
    def problems(self, request, pk=None):
        """What keeps the application from being submitted, per section of the form."""
        problems = application_problems(application=self.get_object())
        return Response(ProblemsSerializer({"ready": not problems, "sections": problems}).data)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit before the deadline (to the second, server time); the receipt goes out by e-mail."""
        return self._output(application_submit(application=self.get_object(), actor=self.actor))

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._output(application_withdraw(application=self.get_object(), actor=self.actor))

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """The managers' decision in the deliberation phase: winner, not selected, or none yet."""
        application = self.get_object()
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decided = application_decide(application=application, decision=serializer.validated_data["decision"], actor=self.actor)
        return self._output(decided)

    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def attachments(self, request, pk=None):
        """Attach a document, report, strategy or photo (PDF, DOCX, XLSX, ODT, PNG, JPEG), until the deadline."""
        application = self.get_object()
        serializer = AttachmentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application_attachment_add(application=application, actor=self.actor, **serializer.validated_data)
        return self._output(application, status_code=status.HTTP_201_CREATED)


# --- reviews -----------------------------------------------------------------------------------------
@extend_schema_view(
    create=extend_schema(request=ReviewCreateSerializer, responses={201: ReviewOutputSerializer}),
    partial_update=extend_schema(request=ReviewUpdateSerializer, responses={200: ReviewOutputSerializer}),
    destroy=extend_schema(responses={204: None}),
    submit=extend_schema(request=None, responses={200: ReviewOutputSerializer}),
    conflict=extend_schema(request=ConflictSerializer, responses={204: None}),
    others=extend_schema(responses={200: ReviewOutputSerializer(many=True)}),
)
class ReviewViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Review assignments: a reviewer sees and scores only their own; managers assign by hand and remove."""

    permission_classes = [ProgrammePermission]
    serializer_class = ReviewOutputSerializer
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    manager_actions = ("destroy",)

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Assignment.objects.none()
        return assignment_visible(actor=self.actor).order_by("id")

    def object_tenant(self, assignment: Assignment) -> Organization:
        return assignment.call.organization

    def object_role(self, assignment: Assignment) -> str:
        return MANAGER if self.action in self.manager_actions else Membership.Role.REVIEWER

    def _output(self, assignment: Assignment, *, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(ReviewOutputSerializer(self.get_queryset().get(pk=assignment.pk)).data, status=status_code)

    def create(self, request, *args, **kwargs):
        """Assign a reviewer by hand (managers); a conflicted reviewer is refused."""
        serializer = ReviewCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        nala = _nala()
        check_role(actor=self.actor, organization=nala, role=MANAGER)
        application = application_visible(actor=self.actor).filter(pk=serializer.validated_data["application"]).first()
        if application is None:
            raise exceptions.ValidationError({"application": [_("There is no such submitted application.")]})
        reviewer = User.objects.filter(pk=serializer.validated_data["reviewer"]).first()
        if reviewer is None:
            raise exceptions.ValidationError({"reviewer": [_("There is no such person.")]})
        assignment = assignment_add(application=application, reviewer=reviewer, actor=self.actor)
        return self._output(assignment, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        """Save scores (each within its criterion's range) and the overall comment; until submitted."""
        assignment = self.get_object()
        serializer = ReviewUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        scores = {row["criterion"]: {"value": row["value"], "comment": row["comment"]} for row in data["scores"]}
        return self._output(review_save(assignment=assignment, scores=scores, comment=data.get("comment"), actor=self.actor))

    def destroy(self, request, *args, **kwargs):
        assignment_remove(assignment=self.get_object(), actor=self.actor)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._output(review_submit(assignment=self.get_object(), actor=self.actor))

    @action(detail=True, methods=["post"])
    def conflict(self, request, pk=None):
        """Declare a conflict of interest with the applicant: the assignment goes and is never made again."""
        serializer = ConflictSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        conflict_declare(assignment=self.get_object(), reason=serializer.validated_data["reason"], actor=self.actor)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["get"])
    def others(self, request, pk=None):
        """The other submitted reviews of the application, once yours is submitted (when the call allows it)."""
        assignment = self.get_object()
        return Response(ReviewOutputSerializer(other_reviews(assignment=assignment, actor=self.actor), many=True).data)
