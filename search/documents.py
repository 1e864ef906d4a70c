"""The one shape every searchable thing takes, whatever model it comes from.

Content apps turn their objects into a `SearchDocument` (see `search.index.register`);
backends index documents and never see a model, so search depends on no content app.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils import translation

LANGUAGES = ("ka", "en")


def language_neutral_path(path: str) -> str:
    """The path without its language prefix (`/en/practices/x/` → `/practices/x/`): what the index stores."""
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return path[len(prefix) - 1:]
    return path


def reader_path(path: str) -> str:
    """A stored path in the language of whoever reads the results (web pages carry it as /<code>/, but the default's).

    Entries indexed before paths were stored without a prefix still have one: it is replaced, not kept.
    """
    neutral = language_neutral_path(path)
    language = translation.get_language() or settings.LANGUAGE_CODE
    if not neutral.startswith("/") or language == settings.LANGUAGE_CODE:
        return neutral
    return f"/{language}{neutral}"


@dataclass
class SearchDocument:
    doc_type: str
    object_id: str
    title_ka: str
    title_en: str
    body: str
    # The page's path without a language prefix (language_neutral_path); results build it in the reader's language.
    url: str
    organization_slug: str = ""
    organization_name: str = ""
    region_slug: str = ""
    tags: list[str] = field(default_factory=list)
    year: int | None = None
    languages: list[str] = field(default_factory=lambda: ["ka"])
    published_at: datetime | None = None
    updated_at: datetime | None = None

    def __post_init__(self):
        self.object_id = str(self.object_id)
        self.url = language_neutral_path(self.url)
        unknown = set(self.languages) - set(LANGUAGES)
        if unknown:
            raise ValueError(f"Unknown document languages: {sorted(unknown)}")
        for moment in (self.published_at, self.updated_at):
            if moment is not None and moment.tzinfo is None:
                raise ValueError("Search documents carry timezone-aware datetimes only.")

    @property
    def title_text(self) -> str:
        return f"{self.title_ka} {self.title_en}"

    @property
    def body_text(self) -> str:
        # The organization's name is searchable, so "rustavi" finds Rustavi's practices.
        return f"{self.body} {self.organization_name}"
