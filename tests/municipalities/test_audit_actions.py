"""The audit log's actions are a closed, labelled set: every one has an English label and a Georgian translation,
nothing else can be recorded, and the audit page shows labels, never codes."""

import pytest
from django.test import Client
from django.utils import translation

from municipalities.actors import Actor
from municipalities.audit import AUDIT_CHANGED_KEY, AuditAction
from municipalities.models import AuditEntry
from municipalities.services import audit_record
from practices.models import Adoption
from practices.services.adoption import adoption_create, adoption_update
from practices.services.practice import practice_create, practice_update
from tests.actors import TEST_ACTOR

MEMBERS = list(AuditAction)


def test_there_are_actions():
    assert len(MEMBERS) >= 20
    assert AUDIT_CHANGED_KEY == "changed"


@pytest.mark.parametrize("action", MEMBERS, ids=[member.value for member in MEMBERS])
def test_each_action_has_an_english_label(action):
    with translation.override("en"):
        label = str(action.label)
    assert label and label.strip() == label
    assert label != action.value, "the label must be words, not the code"
    assert label[0].isupper()


@pytest.mark.parametrize("action", MEMBERS, ids=[member.value for member in MEMBERS])
def test_each_action_has_a_georgian_translation(action):
    with translation.override("en"):
        english = str(action.label)
    with translation.override("ka"):
        georgian = str(action.label)
    assert georgian != english, f"{action.value}: “{english}” has no Georgian translation (municipalities/locale/ka)"
    # Georgian script (Mkhedruli), not a copy in Latin letters.
    assert any("\u10d0" <= char <= "\u10ff" for char in georgian), georgian


@pytest.mark.django_db
def test_audit_record_refuses_a_user_instead_of_an_actor(organization, editor):
    with pytest.raises(TypeError) as refused:
        audit_record(actor=editor, action=AuditAction.CONTENT_CREATED, organization=organization)
    assert str(refused.value) == "audit_record needs an Actor, not User."
    with pytest.raises(TypeError):
        audit_record(actor=None, action=AuditAction.CONTENT_CREATED, organization=organization)
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["content.frobnicated", "Content.created", ""])
def test_audit_record_refuses_an_unknown_action(organization, code):
    with pytest.raises(ValueError):
        audit_record(actor=TEST_ACTOR, action=code, organization=organization)
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_audit_record_accepts_a_known_code_as_a_string(organization):
    entry = audit_record(actor=TEST_ACTOR, action="content.created", organization=organization)
    assert entry.action == AuditAction.CONTENT_CREATED
    assert entry.system_actor == "tests"


@pytest.mark.django_db
def test_the_audit_page_shows_labels_not_codes(organization, admin_user, editor):
    actor = Actor.for_user(editor)
    practice = practice_create(organization=organization, title_ka="აუდიტი", actor=actor)
    practice_update(practice=practice, title_en="Audit", actor=actor)
    client = Client()
    client.force_login(admin_user)
    html = client.get(f"/en/my/organizations/{organization.slug}/audit/").content.decode()
    assert "<td>Item created</td>" in html
    assert "<td>Item changed</td>" in html
    assert "<td>content.created</td>" not in html
    assert "<td>content.updated</td>" not in html


@pytest.mark.django_db
def test_practice_update_names_changed_fields_under_the_changed_key(organization, editor):
    actor = Actor.for_user(editor)
    practice = practice_create(organization=organization, title_ka="აუდიტი", actor=actor)
    practice_update(practice=practice, title_en="Audit", title_ka="აუდიტი", themes=[], actor=actor)
    entry = AuditEntry.objects.get(action=AuditAction.CONTENT_UPDATED)
    assert entry.data == {"type": "practice", AUDIT_CHANGED_KEY: ["themes", "title_en"]}
    assert entry.actor == editor


@pytest.mark.django_db
def test_adoption_update_names_changed_fields_under_the_changed_key(organization, other_organization):
    from practices.services.content import content_publish

    practice = practice_create(organization=other_organization, title_ka="გასაზიარებელი", actor=TEST_ACTOR)
    content_publish(item=practice, actor=TEST_ACTOR)
    adoption = adoption_create(
        organization=organization, practice=practice, status=Adoption.Status.PLANNED, date="2025-01-10", actor=TEST_ACTOR
    )
    adoption_update(adoption=adoption, status=Adoption.Status.ADOPTED, notes_en="Done", actor=TEST_ACTOR)
    entry = AuditEntry.objects.get(action=AuditAction.ADOPTION_UPDATED)
    assert entry.data == {AUDIT_CHANGED_KEY: ["notes_en", "status"], "status": "adopted"}
    assert entry.system_actor == "tests"
