"""The Note API: a ContentViewSet subclass and nothing else.

Defining a viewset with a `dataset_name` appends it to practices' global
DATASETS list (the open-data catalogue). The catalogue reverses
`practices-api:<dataset>-export`, which exists only under the test URLconf
(tests.contentapp.root_urls), so the class takes itself out of the list again
and the tests that want it in the catalogue put it back (see `note_dataset`).
"""

from practices.apis.base import DATASETS, ContentFilter, ContentViewSet
from practices.serializers.base import (
    CONTENT_EXPORT_FIELDS,
    CONTENT_INPUT_FIELDS,
    CONTENT_OUTPUT_FIELDS,
    ContentExportSerializer,
    ContentInputSerializer,
    ContentOutputSerializer,
)

from .models import Note
from .services import note_create, note_update


class NoteOutputSerializer(ContentOutputSerializer):
    class Meta:
        model = Note
        fields = [*CONTENT_OUTPUT_FIELDS, "body_ka", "body_en"]


class NoteInputSerializer(ContentInputSerializer):
    class Meta:
        model = Note
        fields = [*CONTENT_INPUT_FIELDS, "body_ka", "body_en"]


class NoteExportSerializer(ContentExportSerializer):
    class Meta:
        model = Note
        fields = [*CONTENT_EXPORT_FIELDS, "body_ka", "body_en"]


class NoteViewSet(ContentViewSet):
    model = Note
    output_serializer_class = NoteOutputSerializer
    input_serializer_class = NoteInputSerializer
    export_serializer_class = NoteExportSerializer
    filterset_class = ContentFilter
    dataset_name = "notes"
    dataset_title = "Municipal notes"
    dataset_description = "Notes of Georgian municipalities (a test-only content type)."

    def create_item(self, *, organization, data: dict) -> Note:
        return note_create(organization=organization, actor=self.actor, **data)

    def update_item(self, *, item: Note, data: dict, expected_version) -> Note:
        return note_update(note=item, expected_version=expected_version, actor=self.actor, **data)


DATASETS.remove(NoteViewSet)
