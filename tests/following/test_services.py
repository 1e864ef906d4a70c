"""Following themes, organizations and practices; what the feed and the weekly digest list; unsubscribing."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation

from following.models import DigestSubscription, Follow
from following.selectors import following_feed
from following.services import digest_send, digest_settings_update, digest_unsubscribe, follow_add, follow_remove
from following.tasks import send_weekly_digests
from municipalities.models import AuditEntry
from practices.models import Term, Vocabulary
from practices.services.content import content_publish
from practices.services.practice import practice_update
from municipalities.actors import Actor
from tests.actors import TEST_ACTOR

pytestmark = pytest.mark.django_db


def theme(slug: str) -> Term:
    return Term.objects.get(vocabulary=Vocabulary.THEME, slug=slug)


def test_following_twice_keeps_one_follow_and_audits_once(follower):
    first = follow_add(actor=Actor.for_user(follower), target=theme("efficiency"), language="en")
    again = follow_add(actor=Actor.for_user(follower), target=theme("efficiency"), language="ka")

    assert first == again and Follow.objects.filter(user=follower).count() == 1
    subscription = DigestSubscription.objects.get(user=follower)
    assert subscription.language == "en" and subscription.is_active
    entry = AuditEntry.objects.get(action="follow.added")
    assert entry.actor == follower and entry.organization is None and entry.data == {"kind": "theme"}


def test_unfollowing_removes_the_follow_and_audits(follower, organization):
    follow_add(actor=Actor.for_user(follower), target=organization)
    follow_remove(actor=Actor.for_user(follower), target=organization)
    follow_remove(actor=Actor.for_user(follower), target=organization)  # nothing to remove: nothing happens

    assert not Follow.objects.filter(user=follower).exists()
    assert AuditEntry.objects.filter(action="follow.removed").count() == 1


def test_feed_lists_new_and_changed_items_in_what_is_followed(follower, organization, other_organization, publish_practice):
    followed_practice = publish_practice(owner=other_organization, title_ka="ცალკე გამოწერილი", themes=[])
    since = timezone.now()  # it was first published before the window: republishing it is a change
    follow_add(actor=Actor.for_user(follower), target=theme("efficiency"))
    in_theme = publish_practice(title_ka="თემის პრაქტიკა", themes=["efficiency"])
    publish_practice(owner=other_organization, title_ka="სხვა თემა", themes=["open-data"])
    follow_add(actor=Actor.for_user(follower), target=followed_practice)
    practice_update(actor=TEST_ACTOR, practice=followed_practice, expected_version=followed_practice.version, short_description_ka="ახალი")
    content_publish(actor=TEST_ACTOR, item=followed_practice)

    feed = following_feed(user=follower, since=since)

    titles = {entry.item.title_ka: entry.is_new for entry in feed}
    assert titles == {"თემის პრაქტიკა": True, "ცალკე გამოწერილი": False}
    reasons = {entry.item.title_ka: [str(reason) for reason in entry.reasons] for entry in feed}
    assert reasons["თემის პრაქტიკა"] == [str(theme("efficiency"))]
    assert in_theme.pk in {entry.item.pk for entry in feed}


def test_following_an_organization_brings_everything_it_publishes(follower, organization, publish_practice):
    from tests.practices.library_builders import build_service

    since = timezone.now() - datetime.timedelta(minutes=1)
    follow_add(actor=Actor.for_user(follower), target=organization)
    publish_practice(themes=[])
    build_service(organization)

    kinds = sorted(entry.item._meta.model_name for entry in following_feed(user=follower, since=since))
    assert kinds == ["practice", "servicedescription"]


def test_digest_is_sent_in_the_followers_language_with_one_click_unsubscribe(follower, publish_practice, settings):
    settings.SITE_URL = "https://hub.example.ge"
    follow_add(actor=Actor.for_user(follower), target=theme("efficiency"), language="en")
    practice = publish_practice(title_ka="ელექტრონული პეტიციები", title_en="E-petitions")
    subscription = DigestSubscription.objects.get(user=follower)

    assert digest_send(subscription=subscription, actor=TEST_ACTOR) is True

    message = mail.outbox[-1]
    assert message.to == [follower.email]
    assert "1 new or changed item in what you follow" in message.subject
    assert "E-petitions" in message.body
    assert f"https://hub.example.ge/en/practices/{practice.organization.slug}/{practice.slug}/" in message.body
    unsubscribe = f"https://hub.example.ge/en/following/unsubscribe/{subscription.token}/"
    assert unsubscribe in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    subscription.refresh_from_db()
    assert subscription.last_sent_at is not None
    assert AuditEntry.objects.filter(action="digest.sent", data={"items": 1}).exists()


def test_digest_in_georgian(follower, publish_practice):
    follow_add(actor=Actor.for_user(follower), target=theme("efficiency"), language="ka")
    publish_practice(title_ka="ელექტრონული პეტიციები")

    digest_send(subscription=DigestSubscription.objects.get(user=follower), actor=TEST_ACTOR)

    message = mail.outbox[-1]
    assert "იმაში, რასაც თვალს ადევნებთ" in message.subject
    assert "/following/unsubscribe/" in message.body and "/en/" not in message.body


def test_no_digest_when_nothing_is_new_or_when_just_sent(follower, publish_practice):
    follow_add(actor=Actor.for_user(follower), target=theme("open-data"))
    subscription = DigestSubscription.objects.get(user=follower)
    publish_practice(themes=["efficiency"])

    assert digest_send(subscription=subscription, actor=TEST_ACTOR) is False

    publish_practice(title_ka="ღია მონაცემები", themes=["open-data"])
    assert digest_send(subscription=subscription, actor=TEST_ACTOR) is True
    assert digest_send(subscription=subscription, actor=TEST_ACTOR) is False  # a second run the same week sends nothing again
    assert len(mail.outbox) == 1


def test_unsubscribed_people_get_no_digest(follower, publish_practice):
    follow_add(actor=Actor.for_user(follower), target=theme("efficiency"))
    subscription = digest_unsubscribe(subscription=DigestSubscription.objects.get(user=follower), actor=Actor.for_user(follower))
    publish_practice()

    assert digest_send(subscription=subscription, actor=TEST_ACTOR) is False
    assert AuditEntry.objects.filter(action="digest.unsubscribed", actor=follower).count() == 1


def test_the_weekly_task_sends_one_digest_per_follower(follower, publish_practice, django_capture_on_commit_callbacks):
    from tests.factories import verified_user

    other = verified_user(email="another@gori.example.ge")
    follow_add(actor=Actor.for_user(follower), target=theme("efficiency"))
    follow_add(actor=Actor.for_user(other), target=theme("efficiency"))
    digest_settings_update(actor=Actor.for_user(other), is_active=False, language="ka")
    publish_practice()

    with django_capture_on_commit_callbacks(execute=True):
        assert send_weekly_digests.delay().get() == 1
    assert [message.to for message in mail.outbox] == [[follower.email]]


def test_beat_runs_the_weekly_digest(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["following-weekly-digest"]
    assert entry["task"] == "following.tasks.send_weekly_digests"
    assert entry["schedule"].day_of_week == {1}


def test_only_themes_and_published_practices_can_be_followed(follower, organization):
    from django.core.exceptions import ValidationError

    from practices.services.practice import practice_create

    direction = Term.objects.filter(vocabulary=Vocabulary.TRAINING_DIRECTION).first()
    draft = practice_create(actor=TEST_ACTOR, organization=organization, title_ka="პროექტი")

    with translation.override("en"):
        with pytest.raises(ValidationError, match="Only practice themes can be followed."):
            follow_add(actor=Actor.for_user(follower), target=direction)
        with pytest.raises(ValidationError, match="Only published practices can be followed."):
            follow_add(actor=Actor.for_user(follower), target=draft)
    assert not Follow.objects.exists()
