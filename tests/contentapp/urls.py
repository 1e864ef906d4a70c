"""The Note web pages, built with practices' content_pages helper."""

from practices.content_urls import content_pages

from .models import Note
from .views import NoteDetailView, NoteFormView, NoteListView

urlpatterns = content_pages("notes", Note, list_view=NoteListView, detail_view=NoteDetailView, form_view=NoteFormView)
