"""A content lock held by a system actor: only that actor writes the item, every other path is refused with the reason."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from hub.errors import ContentLocked, NotAllowed
from municipalities.actors import Actor
from municipalities.models import ApiKey, AuditEntry
from practices.models import Attachment, ContentStatus, LockKind, Practice
from practices.services.content import (
    attachment_add,
    content_archive,
    content_lock,
    content_publish,
    content_unlock,
)
from practices.services.practice import practice_update
from tests.actors import TEST_ACTOR

pytestmark = pytest.mark.django_db

HARVESTED_REASON = "Harvested from rustavi.gov.ge: edit it there."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def source(organization) -> Actor:
    return Actor.system(name="sync.source:1", organization=organization)


@pytest.fixture
def locked(published_practice, source) -> Practice:
    attachment_add(item=published_practice, upload=SimpleUploadedFile("a.pdf", PDF), actor=TEST_ACTOR)
    content_lock(item=published_practice, actor=source, kind=LockKind.HARVESTED, source="rustavi.gov.ge")
    published_practice.refresh_from_db()
    return published_practice


def state(item: Practice) -> tuple:
    row = Practice.objects.get(pk=item.pk)
    return row.version, row.title_ka, row.title_en, row.status, Attachment.objects.filter(object_id=item.pk).count()


# --- service ------------------------------------------------------------------------------------


def test_lock_fields_and_reason(locked):
    assert locked.is_locked
    assert (locked.lock_owner, locked.lock_kind, locked.lock_source) == ("sync.source:1", "harvested", "rustavi.gov.ge")
    with translation.override("en"):
        assert locked.lock_reason == HARVESTED_REASON


def test_an_editor_update_is_refused_with_the_reason_and_changes_nothing(locked, editor):
    before, entries = state(locked), AuditEntry.objects.count()
    with translation.override("en"), pytest.raises(ContentLocked) as refused:
        practice_update(practice=locked, title_en="Edited here", actor=Actor.for_user(editor))
    assert str(refused.value) == HARVESTED_REASON
    assert refused.value.code == "content_locked"
    assert state(locked) == before
    assert AuditEntry.objects.count() == entries


def test_an_editor_update_with_the_current_version_is_still_refused(locked, editor):
    before = state(locked)
    with pytest.raises(ContentLocked):
        practice_update(practice=locked, title_en="Edited", expected_version=locked.version, actor=Actor.for_user(editor))
    assert state(locked) == before


@pytest.mark.parametrize("write", ["publish", "archive"])
def test_other_workflow_services_are_refused(locked, editor, write):
    before = state(locked)
    service = {"publish": content_publish, "archive": content_archive}[write]
    with pytest.raises(ContentLocked):
        service(item=locked, actor=Actor.for_user(editor))
    assert state(locked) == before


def test_only_a_system_actor_can_lock(published_practice, editor):
    with pytest.raises(NotAllowed):
        content_lock(item=published_practice, actor=Actor.for_user(editor), kind=LockKind.HARVESTED, source="x")
    published_practice.refresh_from_db()
    assert not published_practice.is_locked


def test_the_owner_updates_and_withdraws(locked, source):
    version = locked.version
    practice_update(practice=locked, title_en="From the portal", actor=source)
    locked.refresh_from_db()
    assert (locked.title_en, locked.version) == ("From the portal", version + 1)
    assert locked.is_locked
    content_archive(item=locked, actor=source)
    locked.refresh_from_db()
    assert locked.status == ContentStatus.ARCHIVED
    entry = AuditEntry.objects.filter(action="content.archived").latest("pk")
    assert entry.system_actor == "sync.source:1"


def test_another_system_actor_is_refused(locked, organization):
    other = Actor.system(name="sync.source:2", organization=organization)
    before = state(locked)
    for write in (
        lambda: practice_update(practice=locked, title_en="Other source", actor=other),
        lambda: content_archive(item=locked, actor=other),
        lambda: content_unlock(item=locked, actor=other),
        lambda: content_lock(item=locked, actor=other, kind=LockKind.UNDER_REVIEW, source="call"),
    ):
        with pytest.raises(ContentLocked):
            write()
    assert state(locked) == before
    locked.refresh_from_db()
    assert locked.lock_owner == "sync.source:1"


def test_unlock_by_the_owner_restores_editing(locked, source, editor):
    content_unlock(item=locked, actor=source)
    locked.refresh_from_db()
    assert not locked.is_locked and locked.lock_reason == ""
    assert (locked.lock_kind, locked.lock_source) == ("", "")
    practice_update(practice=locked, title_en="Edited here", actor=Actor.for_user(editor))
    locked.refresh_from_db()
    assert locked.title_en == "Edited here"


def test_under_review_reason(published_practice, organization):
    call = Actor.system(name="competition.call:7", organization=organization)
    content_lock(item=published_practice, actor=call, kind=LockKind.UNDER_REVIEW, source="Best Practice 2026")
    published_practice.refresh_from_db()
    with translation.override("en"):
        assert published_practice.lock_reason == (
            "Under review in Best Practice 2026: it cannot be changed until the review ends."
        )
        with pytest.raises(ContentLocked) as refused:
            content_publish(item=published_practice, actor=TEST_ACTOR)
        assert str(refused.value) == "Under review in Best Practice 2026: it cannot be changed until the review ends."


def test_lock_and_unlock_are_audited_with_the_system_actor(locked, source, organization):
    entry = AuditEntry.objects.get(action="content.locked")
    assert entry.system_actor == "sync.source:1"
    assert entry.actor is None and entry.api_key is None
    assert entry.organization == organization
    assert (entry.target_type, entry.target_id) == ("practices.practice", str(locked.pk))
    assert entry.data == {"type": "practice", "kind": "harvested", "source": "rustavi.gov.ge"}
    content_unlock(item=locked, actor=source)
    entry = AuditEntry.objects.get(action="content.unlocked")
    assert entry.system_actor == "sync.source:1"
    assert (entry.target_type, entry.target_id) == ("practices.practice", str(locked.pk))
    assert entry.data == {"type": "practice"}


# --- API ------------------------------------------------------------------------------------------


@pytest.fixture(params=["session", "write_key"])
def writer(request, client_for, editor, api_key_for, organization):
    client = client_for(editor) if request.param == "session" else api_key_for(organization, ApiKey.Scope.WRITE)[0]
    # credentials() replaces what was set before (a key's Authorization header), so both go together.
    client.credentials(**client._credentials, HTTP_ACCEPT_LANGUAGE="en")
    return client


def assert_locked_response(response):
    assert response.status_code == 409, response.content
    error = response.json()["error"]
    assert error["code"] == "content_locked"
    assert error["message"] == HARVESTED_REASON
    assert error["status"] == 409


def test_api_patch_is_refused_with_409(writer, locked):
    before, entries = state(locked), AuditEntry.objects.count()
    assert_locked_response(writer.patch(f"/api/v1/practices/{locked.pk}/", {"title_en": "Edited"}, format="json"))
    assert state(locked) == before
    assert AuditEntry.objects.count() == entries


def test_api_put_with_if_match_is_refused_with_409(writer, locked):
    before = state(locked)
    etag = writer.get(f"/api/v1/practices/{locked.pk}/")["ETag"]
    response = writer.put(f"/api/v1/practices/{locked.pk}/", {"title_ka": "სხვა"}, format="json", HTTP_IF_MATCH=etag)
    assert_locked_response(response)
    assert state(locked) == before


@pytest.mark.parametrize("action", ["publish", "archive", "delete", "attach", "detach"])
def test_api_workflow_and_files_are_refused(writer, locked, action):
    before = state(locked)
    url = f"/api/v1/practices/{locked.pk}/"
    if action in ("publish", "archive"):
        response = writer.post(f"{url}{action}/")
    elif action == "delete":
        response = writer.delete(url)
    elif action == "attach":
        response = writer.post(f"{url}attachments/", {"file": SimpleUploadedFile("b.pdf", PDF, "application/pdf")}, format="multipart")
    else:
        attachment = Attachment.objects.get(object_id=locked.pk)
        response = writer.delete(f"{url}attachments/{attachment.pk}/")
    assert_locked_response(response)
    assert state(locked) == before
    assert Practice.objects.filter(pk=locked.pk).exists()


def test_api_shows_the_lock(api_client, locked):
    api_client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    body = api_client.get(f"/api/v1/practices/{locked.pk}/").json()
    assert body["locked"] is True
    assert body["lock_reason"] == HARVESTED_REASON


# --- web ------------------------------------------------------------------------------------------


def urls(item):
    with translation.override("en"):
        return {page: item.page_url(page) for page in ("detail", "edit", "publish", "archive", "attach")}


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_edit_page_get_redirects_to_the_detail_page_with_the_reason(client, editor, locked):
    client.force_login(editor)
    pages = urls(locked)
    response = client.get(pages["edit"])
    assert response.status_code == 302
    assert response["Location"] == pages["detail"]
    followed = client.get(pages["edit"], follow=True)
    assert HARVESTED_REASON in messages_of(followed)


def test_edit_page_post_redirects_and_changes_nothing(client, editor, locked):
    client.force_login(editor)
    pages = urls(locked)
    before = state(locked)
    form = {
        "version": locked.version, "title_ka": "სხვა", "title_en": "Edited on the page",
        "activities-TOTAL_FORMS": "0", "activities-INITIAL_FORMS": "0",
    }
    response = client.post(pages["edit"], form)
    assert state(locked) == before
    assert response.status_code == 302, "a POST to a locked item's edit page should go back to its page"
    assert response["Location"] == pages["detail"]
    followed = client.post(pages["edit"], form, follow=True)
    assert HARVESTED_REASON in messages_of(followed)
    assert state(locked) == before


def test_detail_page_shows_the_reason_and_no_edit_controls(client, editor, locked):
    client.force_login(editor)
    pages = urls(locked)
    response = client.get(pages["detail"])
    html = response.content.decode()
    assert response.context["can_edit"] is False
    assert 'data-testid="lock-reason"' in html
    assert HARVESTED_REASON in html
    assert f'href="{pages["edit"]}"' not in html
    assert 'data-testid="publish"' not in html
    assert f'action="{pages["archive"]}"' not in html
    assert f'action="{pages["attach"]}"' not in html


def test_detail_page_offers_editing_once_unlocked(client, editor, locked, source):
    content_unlock(item=locked, actor=source)
    client.force_login(editor)
    pages = urls(locked)
    html = client.get(pages["detail"]).content.decode()
    assert 'data-testid="lock-reason"' not in html
    assert f'href="{pages["edit"]}"' in html
    assert client.get(pages["edit"]).status_code == 200


@pytest.mark.parametrize("page", ["publish", "archive", "attach"])
def test_web_workflow_posts_are_refused_with_the_reason(client, editor, locked, page):
    client.force_login(editor)
    pages = urls(locked)
    before = state(locked)
    data = {"file": SimpleUploadedFile("c.pdf", PDF, "application/pdf")} if page == "attach" else {}
    response = client.post(pages[page], data, follow=True)
    assert response.redirect_chain[0] == (pages["detail"], 302)
    assert HARVESTED_REASON in messages_of(response)
    assert state(locked) == before


def test_a_nala_admin_cannot_moderate_a_locked_item(client, nala_admin, locked):
    client.force_login(nala_admin)
    pages = urls(locked)
    html = client.get(pages["detail"]).content.decode()
    assert f'action="{pages["archive"]}"' not in html
    before = state(locked)
    client.post(pages["archive"])
    assert state(locked) == before
