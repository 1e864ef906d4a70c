from django.utils.translation import gettext_lazy as _

from municipalities.models import Organization

from ..filtersets import PracticeFilter
from ..models import Practice
from ..selectors.practice import PRACTICE_API_PREFETCH
from ..serializers.practice import PracticeExportSerializer, PracticeInputSerializer, PracticeOutputSerializer
from ..services.practice import practice_create, practice_update
from .base import ContentViewSet


class PracticeViewSet(ContentViewSet):
    """Practices municipalities publish, structured like NALA's Best Practice application form."""

    model = Practice
    output_serializer_class = PracticeOutputSerializer
    input_serializer_class = PracticeInputSerializer
    export_serializer_class = PracticeExportSerializer
    filterset_class = PracticeFilter
    list_prefetch = PRACTICE_API_PREFETCH
    dataset_name = "practices"
    dataset_title = _("Municipal practices")
    dataset_description = _("Practices Georgian municipalities share: challenge, what was done, resources, results.")

    def create_item(self, *, organization: Organization, data: dict) -> Practice:
        return practice_create(organization=organization, actor=self.actor, **data)

    def update_item(self, *, item: Practice, data: dict, expected_version: int | None) -> Practice:
        return practice_update(practice=item, expected_version=expected_version, actor=self.actor, **data)
