"""URL patterns every content type's web pages follow, for a type in any app."""

from django.urls import path

from .views import base


def content_pages(prefix: str, model, *, list_view, detail_view, form_view) -> list:
    """The pages every content type has, named `<model_name>-<page>` (see Content.page_url)."""
    name = model._meta.model_name
    item = f"{prefix}/<slug:organization>/<slug:slug>"
    return [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}-list"),
        path(f"{prefix}/new/", form_view.as_view(), name=f"{name}-create"),
        path(f"{item}/", detail_view.as_view(), name=f"{name}-detail"),
        path(f"{item}/edit/", form_view.as_view(), name=f"{name}-edit"),
        path(f"{item}/publish/", base.ContentPublishView.as_view(model=model), name=f"{name}-publish"),
        path(f"{item}/archive/", base.ContentArchiveView.as_view(model=model), name=f"{name}-archive"),
        path(f"{item}/history/", base.ContentHistoryView.as_view(model=model), name=f"{name}-history"),
        path(f"{item}/attachments/", base.AttachmentUploadView.as_view(model=model), name=f"{name}-attach"),
    ]
