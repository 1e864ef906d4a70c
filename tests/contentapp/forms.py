from practices.forms.base import ContentForm

from .models import Note


class NoteForm(ContentForm):
    class Meta:
        model = Note
        fields = ["title_ka", "title_en", "slug", "body_ka", "body_en"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
