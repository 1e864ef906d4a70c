"""ContentViewSet: the API of any content type (practice, action plan, training, service).

A type's viewset names its model, serializers and filterset, and implements
`create_item` / `update_item` by calling its services. Everything else is
shared: visibility, tenant resolution, lookups by id and by slug, filters,
ETag / Last-Modified with conditional GET, If-Match on writes, publish and
archive, attachments, revisions and diffs, and CSV/JSON open-data export.
"""

import csv
import json
from typing import ClassVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch, QuerySet
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import re_path
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_etags, quote_etag
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from hub.api.caching import cached_data
from hub.api.errors import PreconditionFailed
from hub.api.parsers import FormParser, JSONParser, MultiPartParser
from municipalities.models import Membership, Organization
from municipalities.permissions import ActorMixin, MfaRequired, TenantPermission

from ..datasets import DATASETS
from ..filtersets import ContentFilter
from ..models import Attachment, Content
from ..selectors.content import attachment_list, content_published, content_visible, revision_list, revision_pair
from ..serializers.base import (
    AttachmentSerializer,
    AttachmentUploadSerializer,
    ContentExportSerializer,
    ContentInputSerializer,
    ContentOutputSerializer,
    FieldChangeSerializer,
    RevisionSerializer,
)
from ..services.content import attachment_add, attachment_remove, content_archive, content_delete, content_publish, revision_diff
from ..spreadsheets import neutralise_formula



def content_etag(item: Content) -> str:
    return quote_etag(f"{item.pk}.{item.version}")


def _strip_weak(etag: str) -> str:
    return etag[2:] if etag.startswith("W/") else etag


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a streaming response."""

    def write(self, value: str) -> str:
        return value


def content_operation_schemas(cls: type["ContentViewSet"]) -> dict:
    """The OpenAPI description of every operation a content viewset serves, as `extend_schema_view` takes it.

    Types with an open-data dataset get it when they are defined; a type built
    on the library without one (tours) applies it itself.
    """
    output, input_ = cls.output_serializer_class, cls.input_serializer_class
    conditional = [
        OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=False,
                         description="ETag of the version you edited; a stale one gets 412 and nothing is written."),
    ]
    return {
        "list": extend_schema(responses=output(many=True)),
        "retrieve": extend_schema(
            responses={200: output, 304: OpenApiResponse(description="Not modified")},
            parameters=[OpenApiParameter("If-None-Match", str, OpenApiParameter.HEADER, required=False)],
        ),
        "by_slug": extend_schema(responses={200: output, 304: OpenApiResponse(description="Not modified")}),
        "create": extend_schema(request=input_, responses={201: output}),
        "update": extend_schema(request=input_, responses={200: output}, parameters=conditional),
        "partial_update": extend_schema(request=input_, responses={200: output}, parameters=conditional),
        "destroy": extend_schema(responses={204: None}, parameters=conditional),
        "publish": extend_schema(request=None, responses={200: output}, parameters=conditional),
        "archive": extend_schema(request=None, responses={200: output}, parameters=conditional),
        "attachments": [
            extend_schema(methods=["GET"], responses=AttachmentSerializer(many=True)),
            extend_schema(methods=["POST"], request={"multipart/form-data": AttachmentUploadSerializer}, responses={201: AttachmentSerializer}),
        ],
        "attachment_delete": extend_schema(responses={204: None}),
        "revisions": extend_schema(responses=RevisionSerializer(many=True)),
        "diff": extend_schema(
            parameters=[OpenApiParameter("from", int, required=True), OpenApiParameter("to", int, required=True)],
            responses=FieldChangeSerializer(many=True),
        ),
    }


class OwnerFromRequestMixin(ActorMixin):
    """Resolves the owner of a row being created, once per request (TenantPermission then checks the role).

    An API key acts for its own organization; a session user names the
    organization with `organization` (a slug) in the body.
    """

    missing_owner_message = gettext_lazy("Say which organization the item belongs to.")

    def get_tenant(self) -> Organization | None:
        if self.action != "create":
            return None
        if not hasattr(self, "_tenant"):
            self._tenant = self._owner_from_request()
        return self._tenant

    def _owner_from_request(self) -> Organization:
        actor = self.actor
        slug = self.request.data.get("organization") if hasattr(self.request.data, "get") else None
        if actor.api_key is not None:
            if slug and slug != actor.api_key.organization.slug:
                raise exceptions.PermissionDenied(_("An API key can only act for its own organization."))
            return actor.api_key.organization
        if actor.is_anonymous:
            raise exceptions.NotAuthenticated()
        if not slug:
            raise exceptions.ValidationError({"organization": [str(self.missing_owner_message)]})
        organization = Organization.objects.filter(slug=slug).first()
        if organization is None:
            raise exceptions.ValidationError({"organization": [_("There is no organization “%(slug)s”.") % {"slug": slug}]})
        return organization


class OpenDataMixin:
    """`<collection>/export.csv` and `export.json`: the published rows, filtered like the list.

    A viewset with a `dataset_name` is registered in DATASETS, so the DCAT-AP
    catalogue lists it, one dataset per publishing organization.
    """

    dataset_name: ClassVar[str] = ""
    dataset_title: ClassVar = ""
    dataset_description: ClassVar = ""
    export_serializer_class: ClassVar[type[serializers.Serializer]]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.dataset_name:
            DATASETS.append(cls)
            inherited = cls.export

            # A fresh function per class, so each collection documents its own row schema.
            def export(self, request, fmt: str):
                return inherited(self, request, fmt)

            cls.export = extend_schema(
                parameters=[OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=["csv", "json"])],
                responses={(200, "text/csv"): OpenApiTypes.STR, (200, "application/json"): cls.export_serializer_class(many=True)},
                description="Open data: every published row of the collection, as CSV or JSON (the list filters apply).",
                operation_id=f"{cls.dataset_name}_export",
            )(export)

    @classmethod
    def published_queryset(cls) -> QuerySet:
        """The rows open data publishes, whoever asks."""
        raise NotImplementedError

    # Routed by export_urls() (not @action) so the address ends in .csv / .json, without a trailing slash.
    def export(self, request, fmt: str):
        filterset = self.filterset_class(request.query_params, queryset=self.published_queryset())
        if not filterset.is_valid():
            raise exceptions.ValidationError(filterset.errors)
        queryset = self.export_relations(filterset.qs).order_by("pk")
        serializer_class = self.export_serializer_class
        context = self.get_serializer_context()
        rows = (serializer_class(row, context=context).data for row in queryset.iterator(chunk_size=500))
        if fmt == "csv":
            writer = csv.writer(_Echo())
            columns = list(serializer_class().fields)
            lines = (writer.writerow([_csv_cell(row[column]) for column in columns]) for row in rows)
            response = StreamingHttpResponse(_prepend(writer.writerow(columns), lines), content_type="text/csv; charset=utf-8")
        else:
            response = StreamingHttpResponse(_json_array(rows), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{self.dataset_name}.{fmt}"'
        return response

    def export_relations(self, queryset: QuerySet) -> QuerySet:
        return queryset


def export_urls(router) -> list:
    """`<prefix>/export.csv` and `export.json` for every open-data viewset registered with `router`."""
    return [
        re_path(
            rf"^{prefix}/export\.(?P<fmt>csv|json)$",
            # Not paginated: the download streams every row (and the schema says so).
            viewset.as_view({"get": "export"}, pagination_class=None),
            name=f"{viewset.dataset_name}-export",
        )
        for prefix, viewset, _basename in router.registry
        if issubclass(viewset, OpenDataMixin) and viewset.dataset_name
    ]


class ContentViewSet(OwnerFromRequestMixin, OpenDataMixin, viewsets.ModelViewSet):
    model: ClassVar[type[Content]]
    output_serializer_class: ClassVar[type[ContentOutputSerializer]]
    input_serializer_class: ClassVar[type[ContentInputSerializer]]
    export_serializer_class: ClassVar[type[ContentExportSerializer]]
    filterset_class = ContentFilter
    # Relations a list row needs, loaded in a constant number of queries whatever the page size.
    list_prefetch: ClassVar[tuple] = ()

    permission_classes = [TenantPermission]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    lookup_value_regex = r"\d+"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.dataset_name:
            extend_schema_view(**content_operation_schemas(cls))(cls)

    @classmethod
    def published_queryset(cls) -> QuerySet:
        return content_published(model=cls.model)

    def export_relations(self, queryset: QuerySet) -> QuerySet:
        return self._with_relations(queryset)

    # --- what a type implements -------------------------------------------------
    def create_item(self, *, organization: Organization, data: dict) -> Content:
        raise NotImplementedError

    def update_item(self, *, item: Content, data: dict, expected_version: int | None) -> Content:
        raise NotImplementedError

    # --- who, what -----------------------------------------------------------------
    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        queryset = content_visible(model=self.model, actor=self.actor)
        return self._with_relations(queryset)

    def _with_relations(self, queryset: QuerySet) -> QuerySet:
        # to_attr: Django then hands each row a plain list instead of building a filtered queryset per row and
        # relation, which cost about a quarter of a 100-row page (ContentOutputSerializer reads the list).
        attachments = Prefetch(
            "attachments", queryset=Attachment.objects.order_by("created_at", "id"), to_attr="prefetched_attachments"
        )
        return queryset.prefetch_related(attachments, *self.list_prefetch)

    def get_serializer_class(self):
        if self.action == "export":
            return self.export_serializer_class
        if self.action in ("create", "update", "partial_update"):
            return self.input_serializer_class
        return self.output_serializer_class

    def check_object_permissions(self, request, obj):
        # NALA administrators may archive anyone's item: moderation, recorded as such.
        self.moderation = False
        actor = self.actor
        if self.action == "archive" and not actor.has_role(obj.organization, Membership.Role.EDITOR) and actor.is_nala_admin():
            if actor.needs_mfa_for(Membership.Role.ADMIN):
                raise MfaRequired()
            self.moderation = True
            return
        super().check_object_permissions(request, obj)


    # --- representation --------------------------------------------------------------
    def _output(self, item: Content, *, status_code: int = status.HTTP_200_OK) -> Response:
        """The representation after a write: reloaded, since services changed rows and relations."""
        item = self._with_relations(self.model.objects.select_related("organization", "organization__region")).get(pk=item.pk)
        return self._represent(item, status_code=status_code)

    def _represent(self, item: Content, *, status_code: int = status.HTTP_200_OK) -> Response:
        response = Response(self.output_serializer_class(item, context=self.get_serializer_context()).data, status=status_code)
        response["ETag"] = content_etag(item)
        response["Last-Modified"] = http_date(item.updated_at.timestamp())
        return response

    def _conditional_detail(self, item: Content) -> Response:
        not_modified = get_conditional_response(
            self.request, etag=content_etag(item), last_modified=int(item.updated_at.timestamp())
        )
        if not_modified is not None:
            response = Response(status=not_modified.status_code)
            response["ETag"] = content_etag(item)
            response["Last-Modified"] = http_date(item.updated_at.timestamp())
            return response
        return self._represent(item)

    def expected_version(self, item: Content) -> int | None:
        """The version If-Match asks to overwrite; 412 now if it is already stale."""
        header = self.request.headers.get("If-Match")
        if not header:
            return None
        etags = [_strip_weak(etag) for etag in parse_etags(header)]
        if "*" in etags:
            return None
        if content_etag(item) not in etags:
            raise PreconditionFailed()
        return item.version

    # --- CRUD ----------------------------------------------------------------------------
    def list(self, request, *args, **kwargs):
        # Served from the cache until the next write anywhere in the hub (hub/api/caching.py).
        return cached_data(request, lambda: super(ContentViewSet, self).list(request, *args, **kwargs))

    def retrieve(self, request, *args, **kwargs):
        return self._conditional_detail(self.get_object())

    @action(detail=False, methods=["get"], url_path=r"by-slug/(?P<organization_slug>[-\w]+)/(?P<item_slug>[-\w]+)")
    def by_slug(self, request, organization_slug: str, item_slug: str):
        item = get_object_or_404(self.get_queryset(), organization__slug=organization_slug, slug=item_slug)
        self.check_object_permissions(request, item)
        return self._conditional_detail(item)

    def create(self, request, *args, **kwargs):
        serializer = self.input_serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("organization", None)
        organization = self.get_tenant()
        item = self.create_item(organization=organization, data=data)
        response = self._output(item, status_code=status.HTTP_201_CREATED)
        response["Location"] = request.build_absolute_uri(f"{item.pk}/")
        return response

    def update(self, request, *args, **kwargs):
        item = self.get_object()
        expected_version = self.expected_version(item)
        serializer = self.input_serializer_class(
            instance=item, data=request.data, partial=kwargs.get("partial", False), context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("organization", None)
        item = self.update_item(item=item, data=data, expected_version=expected_version)
        return self._output(item)

    def destroy(self, request, *args, **kwargs):
        item = self.get_object()
        content_delete(item=item, expected_version=self.expected_version(item), actor=self.actor)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # --- workflow ---------------------------------------------------------------------------
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        item = self.get_object()
        content_publish(item=item, expected_version=self.expected_version(item), actor=self.actor)
        return self._output(item)

    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        item = self.get_object()
        content_archive(item=item, expected_version=self.expected_version(item), moderation=self.moderation, actor=self.actor)
        return self._output(item)

    # --- attachments, revisions -------------------------------------------------------------
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def attachments(self, request, pk=None):
        item = self.get_object()
        if request.method == "GET":
            return Response(AttachmentSerializer(attachment_list(item=item), many=True, context=self.get_serializer_context()).data)
        serializer = AttachmentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attachment = attachment_add(
            item=item, upload=serializer.validated_data["file"], title=serializer.validated_data["title"], actor=self.actor
        )
        return Response(AttachmentSerializer(attachment, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["delete"], url_path=r"attachments/(?P<attachment_id>\d+)")
    def attachment_delete(self, request, pk=None, attachment_id=None):
        item = self.get_object()
        attachment = get_object_or_404(attachment_list(item=item), pk=attachment_id)
        attachment_remove(attachment=attachment, actor=self.actor)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def revisions(self, request, pk=None):
        item = self.get_object()
        return Response(RevisionSerializer(revision_list(item=item), many=True).data)

    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def diff(self, request, pk=None):
        item = self.get_object()
        query = _DiffQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        pair = revision_pair(item=item, before=query.validated_data["from"], after=query.validated_data["to"])
        if pair is None:
            raise exceptions.NotFound(_("This item has no such revision."))
        changes = revision_diff(item=item, before=pair[0], after=pair[1])
        return Response(FieldChangeSerializer(changes, many=True).data)

class _DiffQuery(serializers.Serializer):
    def get_fields(self):
        return {"from": serializers.IntegerField(min_value=1), "to": serializers.IntegerField(min_value=1)}


def _csv_cell(value) -> str:
    if isinstance(value, (list, dict)):
        text = json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)
    else:
        text = "" if value is None else str(value)
    return neutralise_formula(text)


def _prepend(first, rest):
    yield first
    yield from rest


def _json_array(rows):
    yield "["
    for index, row in enumerate(rows):
        yield ("," if index else "") + json.dumps(row, ensure_ascii=False, cls=DjangoJSONEncoder)
    yield "]"
