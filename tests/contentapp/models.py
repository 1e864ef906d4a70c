"""Note: the smallest concrete Content type, defined in an app other than practices."""

from django.db import models

from municipalities.models import in_language
from practices.models import Content


class Note(Content):
    body_ka = models.TextField("body (Georgian)", blank=True)
    body_en = models.TextField("body (English)", blank=True)

    class Meta(Content.Meta):
        verbose_name = "note"
        verbose_name_plural = "notes"

    @property
    def body(self) -> str:
        return in_language(self, "body")

    def search_text(self) -> str:
        return f"{self.body_ka} {self.body_en}".strip()
