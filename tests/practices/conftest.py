"""Fixtures for the knowledge library: content items in each state, attachment storage in a temporary directory."""

import pytest

from municipalities.models import Membership
from django.core.files.storage import FileSystemStorage

from practices.models import Attachment, Practice
from practices.services.content import content_publish
from practices.services.practice import practice_create
from tests.factories import MembershipFactory, OrganizationFactory, verified_user
from tests.actors import TEST_ACTOR


@pytest.fixture(autouse=True)
def _private_attachment_storage(monkeypatch, tmp_path):
    # Files written by a test go to its own directory, never to the project's. The field
    # resolved its storage when the model loaded, so the test swaps the field's backend.
    storage = FileSystemStorage(location=tmp_path / "attachments")
    monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", storage)


@pytest.fixture
def third_organization(db):
    return OrganizationFactory(slug="kutaisi-test", name_en="Kutaisi (test)", name_ka="ქუთაისი (ტესტი)")


@pytest.fixture
def other_editor(other_organization):
    user = verified_user()
    MembershipFactory(user=user, organization=other_organization, role=Membership.Role.EDITOR)
    return user


@pytest.fixture
def make_practice(organization):
    def make(*, owner=None, published: bool = False, **fields) -> Practice:
        fields.setdefault("title_ka", "ელექტრონული დოკუმენტბრუნვა")
        practice = practice_create(actor=TEST_ACTOR, organization=owner or organization, **fields)
        if published:
            content_publish(actor=TEST_ACTOR, item=practice)
            practice.refresh_from_db()
        return practice

    return make


@pytest.fixture
def draft_practice(make_practice) -> Practice:
    return make_practice(title_en="Electronic document flow", short_description_ka="მოკლე აღწერა")


@pytest.fixture
def published_practice(make_practice) -> Practice:
    return make_practice(title_en="Service development centre", published=True, themes=["efficiency"])
