"""The one shape every searchable thing takes, whatever model it comes from.

Content apps turn their objects into a `SearchDocument` (see `search.index.register`);
backends index documents and never see a model, so search depends on no content app.
"""

from dataclasses import dataclass, field
from datetime import datetime

LANGUAGES = ("ka", "en")


@dataclass
class SearchDocument:
    doc_type: str
    object_id: str
    title_ka: str
    title_en: str
    body: str
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
