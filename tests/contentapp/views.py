from practices.apis.base import ContentFilter
from practices.views.base import ContentDetailView, ContentFormView, ContentListView

from .forms import NoteForm
from .models import Note
from .services import note_create, note_update


class NoteViewMixin:
    model = Note
    template_dir = "contentapp/note"


class NoteListView(NoteViewMixin, ContentListView):
    filterset_class = ContentFilter


class NoteDetailView(NoteViewMixin, ContentDetailView):
    pass


class NoteFormView(NoteViewMixin, ContentFormView):
    form_class = NoteForm

    def create_item(self, *, organization, data: dict) -> Note:
        return note_create(organization=organization, actor=self.actor, **data)

    def update_item(self, *, item: Note, data: dict, expected_version: int) -> Note:
        return note_update(note=item, expected_version=expected_version, actor=self.actor, **data)
