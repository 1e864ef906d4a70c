"""Fixtures for the Note content type: items in each state, and the Note URLs and dataset switched on."""

import pytest
from django.core.files.storage import FileSystemStorage

from municipalities.models import Membership
from practices.apis import base as api_base
from practices.models import Attachment
from practices.services.content import content_publish
from tests.actors import TEST_ACTOR
from tests.factories import MembershipFactory, verified_user

from .services import note_create

NOTE_URLS = "tests.contentapp.root_urls"


@pytest.fixture(autouse=True)
def _private_attachment_storage(monkeypatch, tmp_path):
    monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", FileSystemStorage(location=tmp_path / "attachments"))


@pytest.fixture
def other_editor(other_organization):
    user = verified_user()
    MembershipFactory(user=user, organization=other_organization, role=Membership.Role.EDITOR)
    return user


@pytest.fixture
def note_dataset():
    """The Note collection in the open-data catalogue, for this test only."""
    from .apis import NoteViewSet

    api_base.DATASETS.append(NoteViewSet)
    yield NoteViewSet
    api_base.DATASETS.remove(NoteViewSet)


@pytest.fixture
def make_note(organization):
    def make(*, owner=None, published=False, **fields):
        fields.setdefault("title_ka", "შენიშვნა ნაგავსაყრელზე")
        note = note_create(organization=owner or organization, actor=TEST_ACTOR, **fields)
        if published:
            content_publish(item=note, actor=TEST_ACTOR)
            note.refresh_from_db()
        return note

    return make


@pytest.fixture
def draft_note(make_note):
    return make_note(title_en="Landfill draft note", body_ka="ნარჩენების მართვა")


@pytest.fixture
def published_note(make_note):
    return make_note(title_en="Landfill note", body_ka="ნარჩენების მართვა", published=True)
