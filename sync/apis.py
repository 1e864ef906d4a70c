"""Federation over the API: the public hub feed, the push endpoint, and sources with their runs.

The feed is public (published items only) and what another hub or any portal
harvests. Pushes need an organization's write key and honour Idempotency-Key.
Sources are managed by the organization's admins (NALA admins: all) with a
signed-in session; API keys never manage sources.
"""

import hashlib

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.api.parsers import JSONParser
from municipalities.permissions import ActorMixin
from municipalities.selectors import organization_by_slug

from .models import Run, Source
from .selectors import InvalidCursor, feed_page, run_list, source_visible
from .serializers import (
    FeedPageSerializer,
    PushAnswerSerializer,
    PushSerializer,
    RunErrorSerializer,
    RunRequestSerializer,
    RunSerializer,
    SourceInputSerializer,
    SourceOutputSerializer,
)
from .services import (
    can_manage_sources,
    push_receive,
    run_cancel,
    run_request,
    source_create,
    source_delete,
    source_pause,
    source_resume,
    source_update,
)

ERRORS = {400: OpenApiResponse(description="Malformed request"), 403: OpenApiResponse(description="Not allowed")}


class FeedView(APIView):
    """The hub's public feed: every published item of every type, then tombstones, in a stable order."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="feed",
        parameters=[OpenApiParameter("since", OpenApiTypes.STR, description="The `next` cursor of the previous page.")],
        responses={200: FeedPageSerializer, 400: ERRORS[400]},
        tags=["federation"],
    )
    def get(self, request):
        try:
            page = feed_page(since=request.query_params.get("since") or None)
        except InvalidCursor as error:
            raise exceptions.ValidationError({"since": [str(error)]}) from error
        return Response({"items": page.items, "next": page.next, "more": page.more})


PUSH_EXAMPLE = {
    "items": [
        {"id": "post-101", "type": "practice", "url": "https://vani.gov.ge/posts/101",
         "fields": {"title_ka": "ელექტრონული პეტიციები", "short_description_ka": "მოქალაქეები პეტიციას ონლაინ წარადგენენ."},
         "themes": ["e-governance"]},
        {"id": "post-99", "deleted": True},
    ]
}  # fmt: skip
PUSH_ANSWER_EXAMPLE = {
    "run": 42,
    "counts": {"received": 2, "created": 1, "updated": 0, "unchanged": 0, "withdrawn": 1, "invalid": 0},
    "results": [
        {"id": "post-101", "result": "created", "type": "practice", "item_id": 311},
        {"id": "post-99", "result": "withdrawn", "type": "practice", "item_id": 280},
    ],
}


class PushView(ActorMixin, APIView):
    """Push up to 500 items with an organization's write key; each item gets its own result."""

    # The key names the organization: a push always lands in the key's own organization, whatever the body says.
    permission_classes = [permissions.AllowAny]
    # JSON only: the Idempotency-Key's body hash reads the raw body, which a form parser would have consumed.
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="sync_push",
        request=PushSerializer,
        parameters=[OpenApiParameter(
            "Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER,
            description="Any unique string; a retry with the same key and body returns the first answer and changes nothing.",
        )],
        responses={
            200: PushAnswerSerializer, 400: ERRORS[400], 403: ERRORS[403],
            409: OpenApiResponse(description="The Idempotency-Key was used for a different body"),
        },
        examples=[
            OpenApiExample("A new item and a withdrawal", value=PUSH_EXAMPLE, request_only=True),
            OpenApiExample("Per-item results", value=PUSH_ANSWER_EXAMPLE, response_only=True, status_codes=["200"]),
        ],
        tags=["federation"],
    )
    def post(self, request):
        actor = self.actor
        if actor.api_key is None:
            raise exceptions.NotAuthenticated(_("Pushing needs an organization's API key with write scope."))
        if not actor.api_key.can_write:
            raise exceptions.PermissionDenied(_("This API key is read-only."))
        serializer = PushSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        key = request.headers.get("Idempotency-Key", "").strip()
        if len(key) > 200:
            raise exceptions.ValidationError({"Idempotency-Key": [_("At most 200 characters.")]})
        answer, replayed = push_receive(
            organization=actor.api_key.organization, actor=actor, items=serializer.validated_data["items"],
            idempotency_key=key, body_hash=hashlib.sha256(request.body).hexdigest(),
        )
        response = Response(answer, status=status.HTTP_200_OK)
        if replayed:
            response["Idempotent-Replayed"] = "true"
        return response


class SourcePermission(permissions.BasePermission):
    """Signed-in people only (no API keys); object writes need an admin of the source's organization or NALA."""

    def has_permission(self, request, view) -> bool:
        actor = ActorMixin.actor.fget(view)
        if actor.api_key is not None:
            raise exceptions.PermissionDenied(_("API keys cannot manage harvest sources; sign in as an administrator."))
        if actor.user is None:
            raise exceptions.NotAuthenticated(_("Sign in to manage harvest sources."))
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        source = obj if isinstance(obj, Source) else obj.source
        if not can_manage_sources(actor=ActorMixin.actor.fget(view), organization=source.organization):
            raise exceptions.PermissionDenied(_("Only administrators of the organization manage its harvest sources."))
        return True


@extend_schema_view(
    list=extend_schema(responses={200: SourceOutputSerializer(many=True)}, tags=["federation"]),
    retrieve=extend_schema(responses={200: SourceOutputSerializer}, tags=["federation"]),
    create=extend_schema(request=SourceInputSerializer, responses={201: SourceOutputSerializer, **ERRORS}, tags=["federation"],
                         parameters=[OpenApiParameter("organization", OpenApiTypes.STR, required=True, description="Organization (slug).")]),
    partial_update=extend_schema(request=SourceInputSerializer, responses={200: SourceOutputSerializer, **ERRORS}, tags=["federation"]),
    destroy=extend_schema(responses={204: None, **ERRORS}, tags=["federation"]),
    runs=extend_schema(responses={200: RunSerializer(many=True)}, tags=["federation"]),
    harvest=extend_schema(request=RunRequestSerializer, responses={202: RunSerializer, 409: OpenApiResponse(description="A run is in progress")}, tags=["federation"]),
    pause=extend_schema(request=None, responses={200: SourceOutputSerializer}, tags=["federation"]),
    resume=extend_schema(request=None, responses={200: SourceOutputSerializer}, tags=["federation"]),
)
class SourceViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Harvest sources of the organizations the signed-in person administers."""

    serializer_class = SourceOutputSerializer
    permission_classes = [SourcePermission]
    queryset = Source.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Source.objects.none()
        return source_visible(actor=self.actor).exclude(connector="push")

    def create(self, request):
        organization = organization_by_slug(slug=request.query_params.get("organization", ""))
        if organization is None:
            raise exceptions.ValidationError({"organization": [_("Name the organization (its slug) in ?organization=.")]})
        serializer = SourceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        source = source_create(organization=organization, actor=self.actor, secret=data.pop("secret", ""), **data)
        return Response(SourceOutputSerializer(source).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        source = self.get_object()
        serializer = SourceInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        source = source_update(source=source, actor=self.actor, secret=data.pop("secret", None), **data)
        return Response(SourceOutputSerializer(source).data)

    def destroy(self, request, pk=None):
        source_delete(source=self.get_object(), actor=self.actor)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["get"])
    def runs(self, request, pk=None):
        runs = run_list(source=self.get_object())
        page = self.paginate_queryset(runs)
        return self.get_paginated_response(RunSerializer(page, many=True).data)

    @action(detail=True, methods=["post"])
    def harvest(self, request, pk=None):
        serializer = RunRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        run = run_request(source=self.get_object(), actor=self.actor, full=serializer.validated_data["full"])
        return Response(RunSerializer(run).data, status=status.HTTP_202_ACCEPTED)

    @action(detail=True, methods=["post"])
    def pause(self, request, pk=None):
        return Response(SourceOutputSerializer(source_pause(source=self.get_object(), actor=self.actor)).data)

    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        return Response(SourceOutputSerializer(source_resume(source=self.get_object(), actor=self.actor)).data)


@extend_schema_view(
    retrieve=extend_schema(responses={200: RunSerializer}, tags=["federation"]),
    errors=extend_schema(responses={200: RunErrorSerializer(many=True)}, tags=["federation"]),
    cancel=extend_schema(request=None, responses={200: RunSerializer, 409: OpenApiResponse(description="Already finished")}, tags=["federation"]),
)
class RunViewSet(ActorMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """One harvest run: its progress (polled by the source page), its errors, cancelling it."""

    serializer_class = RunSerializer
    permission_classes = [SourcePermission]
    queryset = Run.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Run.objects.none()
        return Run.objects.filter(source__in=source_visible(actor=self.actor)).select_related("source__organization")

    @action(detail=True, methods=["get"])
    def errors(self, request, pk=None):
        run = self.get_object()
        page = self.paginate_queryset(run.errors.all())
        return self.get_paginated_response(RunErrorSerializer(page, many=True).data)

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return Response(RunSerializer(run_cancel(run=self.get_object(), actor=self.actor)).data)

