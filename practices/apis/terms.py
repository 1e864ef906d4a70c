from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from municipalities.actors import Actor
from municipalities.permissions import MfaRequired
from municipalities.models import Membership

from ..models import Vocabulary
from ..selectors.practice import theme_list
from ..serializers.base import TermSerializer
from ..services.terms import term_create, term_update


class NalaAdminWrites(BasePermission):
    """Everyone reads the managed lists; NALA administrators (with 2FA) change them."""

    def has_permission(self, request, view) -> bool:
        actor = Actor.from_request(request)
        if request.method in SAFE_METHODS:
            return True
        if actor.is_anonymous:
            raise exceptions.NotAuthenticated()
        if not actor.is_nala_admin():
            raise exceptions.PermissionDenied(exceptions.PermissionDenied.default_detail)
        if actor.needs_mfa_for(Membership.Role.ADMIN):
            raise MfaRequired()
        return True


class TermInputSerializer(serializers.Serializer):
    slug = serializers.SlugField(max_length=80)
    name_ka = serializers.CharField(max_length=200)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    position = serializers.IntegerField(min_value=0, max_value=32767, required=False, default=0)


class TermUpdateSerializer(serializers.Serializer):
    name_ka = serializers.CharField(max_length=200, required=False)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    position = serializers.IntegerField(min_value=0, max_value=32767, required=False)
    is_active = serializers.BooleanField(required=False)


class ThemeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The managed list of practice themes. Retired themes stay (inactive) so old practices keep them."""

    permission_classes = [NalaAdminWrites]
    serializer_class = TermSerializer
    lookup_field = "slug"
    pagination_class = None
    filterset_class = None

    def get_queryset(self):
        return theme_list(include_inactive=True)

    @extend_schema(request=TermInputSerializer, responses={201: TermSerializer})
    def create(self, request):
        serializer = TermInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        term = term_create(vocabulary=Vocabulary.THEME, actor=Actor.from_request(request), **serializer.validated_data)
        return Response(TermSerializer(term).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TermUpdateSerializer, responses={200: TermSerializer})
    def partial_update(self, request, slug=None):
        term = self.get_object()
        serializer = TermUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        term = term_update(term=term, actor=Actor.from_request(request), **serializer.validated_data)
        return Response(TermSerializer(term).data)
