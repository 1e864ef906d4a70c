"""Rules that must hold whichever path a write takes: a practice's period order (model, database, API) and
two-factor authentication before NALA moderates another organization's item (API and web)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import translation

from municipalities.actors import Actor
from municipalities.models import AuditEntry, Membership
from practices.models import ContentStatus, Practice
from practices.services.practice import practice_create, practice_update
from tests.factories import MembershipFactory, verified_user

pytestmark = pytest.mark.django_db

START, END_BEFORE = datetime.date(2024, 5, 1), datetime.date(2024, 4, 30)
PERIOD_MESSAGE = "The period cannot end before it starts."


# --- period order -------------------------------------------------------------------------------


def test_practice_create_refuses_a_period_ending_before_it_starts(organization, editor):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        practice_create(
            organization=organization, title_ka="პერიოდი", period_start=START, period_end=END_BEFORE, actor=Actor.for_user(editor)
        )
    with translation.override("en"):
        assert refused.value.message_dict == {"period_end": [PERIOD_MESSAGE]}
    assert not Practice.objects.exists()
    assert not AuditEntry.objects.exists()


def test_practice_create_accepts_a_one_day_period(organization, editor):
    practice = practice_create(organization=organization, title_ka="ერთი დღე", period_start=START, period_end=START, actor=Actor.for_user(editor))
    assert (practice.period_start, practice.period_end) == (START, START)


def test_practice_update_refuses_a_period_ending_before_it_starts(draft_practice, editor):
    practice_update(practice=draft_practice, period_start=START, actor=Actor.for_user(editor))
    version = Practice.objects.get().version
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        practice_update(practice=Practice.objects.get(), period_end=END_BEFORE, actor=Actor.for_user(editor))
    with translation.override("en"):
        assert refused.value.message_dict == {"period_end": [PERIOD_MESSAGE]}
    stored = Practice.objects.get()
    assert (stored.period_end, stored.version) == (None, version)


def test_practice_update_refuses_moving_the_start_after_the_end(draft_practice, editor):
    practice_update(practice=draft_practice, period_start=END_BEFORE, period_end=START, actor=Actor.for_user(editor))
    with pytest.raises(ValidationError) as refused:
        practice_update(practice=Practice.objects.get(), period_start=START + datetime.timedelta(days=1), actor=Actor.for_user(editor))
    assert set(refused.value.message_dict) == {"period_end"}
    assert Practice.objects.get().period_start == END_BEFORE


def test_the_check_invariants_hook_is_the_models_clean(organization):
    practice = Practice(organization=organization, title_ka="x", slug="x", period_start=START, period_end=END_BEFORE)
    with pytest.raises(ValidationError) as refused:
        practice.check_invariants()
    assert "period_end" in refused.value.message_dict


def test_the_database_refuses_a_period_ending_before_it_starts(draft_practice):
    Practice.objects.filter(pk=draft_practice.pk).update(period_start=START, period_end=START)
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        Practice.objects.filter(pk=draft_practice.pk).update(period_end=END_BEFORE)
    assert "practice_period_order" in str(refused.value)
    assert Practice.objects.get(pk=draft_practice.pk).period_end == START


def test_the_database_allows_an_open_ended_period(draft_practice):
    Practice.objects.filter(pk=draft_practice.pk).update(period_start=START, period_end=None)
    Practice.objects.filter(pk=draft_practice.pk).update(period_start=None, period_end=END_BEFORE)


def test_the_api_names_period_end(editor_client, organization, draft_practice):
    editor_client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    response = editor_client.post(
        "/api/v1/practices/",
        {"organization": organization.slug, "title_ka": "პერიოდი", "period_start": "2024-05-01", "period_end": "2024-04-30"},
        format="json",
    )
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {"period_end": [PERIOD_MESSAGE]}
    assert Practice.objects.count() == 1

    version = Practice.objects.get().version
    response = editor_client.patch(
        f"/api/v1/practices/{draft_practice.pk}/", {"period_start": "2024-05-01", "period_end": "2024-04-30"}, format="json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["error"]["fields"] == {"period_end": [PERIOD_MESSAGE]}
    stored = Practice.objects.get()
    assert (stored.period_start, stored.period_end, stored.version) == (None, None, version)


# --- two-factor authentication for NALA moderation -----------------------------------------------------


@pytest.fixture
def nala_admin_without_mfa(nala):
    user = verified_user()
    MembershipFactory(user=user, organization=nala, role=Membership.Role.ADMIN)
    return user


MFA_MESSAGE = "This action needs two-factor authentication. Set it up under Account → Two-factor authentication."


def test_api_moderation_without_mfa_is_refused(client_for, nala_admin_without_mfa, published_practice):
    client = client_for(nala_admin_without_mfa)
    client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(f"/api/v1/practices/{published_practice.pk}/archive/")
    assert response.status_code == 403, response.content
    assert response.json()["error"]["code"] == "mfa_required"
    assert response.json()["error"]["message"] == MFA_MESSAGE
    published_practice.refresh_from_db()
    assert published_practice.status == ContentStatus.PUBLISHED
    assert not AuditEntry.objects.filter(action="content.archived").exists()


def test_api_moderation_with_mfa_archives(client_for, nala_admin, published_practice):
    response = client_for(nala_admin).post(f"/api/v1/practices/{published_practice.pk}/archive/")
    assert response.status_code == 200, response.content
    published_practice.refresh_from_db()
    assert published_practice.status == ContentStatus.ARCHIVED
    assert AuditEntry.objects.get(action="content.archived").data["moderation"] is True


def test_web_moderation_without_mfa_is_refused(nala_admin_without_mfa, published_practice):
    client = Client()
    client.force_login(nala_admin_without_mfa)
    with translation.override("en"):
        detail, archive = published_practice.page_url("detail"), published_practice.page_url("archive")
    assert f'action="{archive}"' not in client.get(detail).content.decode()
    response = client.post(archive)
    assert response.status_code == 403
    published_practice.refresh_from_db()
    assert published_practice.status == ContentStatus.PUBLISHED
    assert not AuditEntry.objects.filter(action="content.archived").exists()


def test_web_moderation_with_mfa_archives(nala_admin, published_practice):
    client = Client()
    client.force_login(nala_admin)
    with translation.override("en"):
        detail, archive = published_practice.page_url("detail"), published_practice.page_url("archive")
    assert f'action="{archive}"' in client.get(detail).content.decode()
    response = client.post(archive)
    assert response.status_code == 302
    assert response["Location"] == detail
    published_practice.refresh_from_db()
    assert published_practice.status == ContentStatus.ARCHIVED
    entry = AuditEntry.objects.get(action="content.archived")
    assert entry.actor == nala_admin and entry.data["moderation"] is True


def test_mfa_does_not_let_a_nala_admin_edit_or_publish(client_for, nala_admin, published_practice):
    client = client_for(nala_admin)
    assert client.patch(f"/api/v1/practices/{published_practice.pk}/", {"title_en": "x"}, format="json").status_code == 403
    assert client.post(f"/api/v1/practices/{published_practice.pk}/publish/").status_code == 403
    version = published_practice.version
    published_practice.refresh_from_db()
    assert published_practice.version == version
