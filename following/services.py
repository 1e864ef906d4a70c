"""Following and the weekly digest: every write here is one transaction with its audit entry.

Follows are personal, so their audit entries carry no organization: an
organization's admins do not see who follows it.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hub.errors import NotAllowed
from municipalities.actors import Actor
from municipalities.audit import AuditAction
from municipalities.services import audit_record
from practices.models import ContentStatus, Vocabulary

from .models import DigestSubscription, Follow
from .selectors import follow_for, follow_kind, following_feed

# The digest covers the week before it is sent.
DIGEST_PERIOD = timedelta(days=7)
# A second run within this time (beat fired twice, a retry) sends nothing again.
DIGEST_MIN_INTERVAL = timedelta(days=6)


def _person(actor: Actor):
    """Following is personal: only a signed-in person follows."""
    if actor.user is None:
        raise NotAllowed(_("Sign in to follow themes, organizations and practices."))
    return actor.user


def _subscription_ensure(*, user, language: str | None) -> DigestSubscription:
    """The person's digest subscription, created (active, in `language`) at their first follow."""
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    subscription, _created = DigestSubscription.objects.get_or_create(user=user, defaults={"language": language})
    return subscription


@transaction.atomic
def follow_add(*, actor: Actor, target, language: str | None = None) -> Follow:
    """Follow a theme, an organization or a practice; following again changes nothing."""
    user = _person(actor)
    kind = follow_kind(target)
    if kind == Follow.Kind.THEME and target.vocabulary != Vocabulary.THEME:
        raise ValidationError(_("Only practice themes can be followed."), code="not_a_theme")
    if kind == Follow.Kind.PRACTICE and target.status != ContentStatus.PUBLISHED:
        raise ValidationError(_("Only published practices can be followed."), code="not_published")
    existing = follow_for(user=user, target=target)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            follow = Follow.objects.create(user=user, kind=kind, **{kind: target})
    except IntegrityError:
        # A concurrent request followed it first.
        return follow_for(user=user, target=target)
    _subscription_ensure(user=user, language=language)
    audit_record(organization=None, action=AuditAction.FOLLOW_ADDED, actor=actor, target=target, data={"kind": kind})
    return follow


@transaction.atomic
def follow_remove(*, actor: Actor, target) -> None:
    user = _person(actor)
    follow = follow_for(user=user, target=target)
    if follow is None:
        return
    follow.delete()
    audit_record(organization=None, action=AuditAction.FOLLOW_REMOVED, actor=actor, target=target, data={"kind": follow.kind})


@transaction.atomic
def digest_settings_update(*, actor: Actor, is_active: bool, language: str) -> DigestSubscription:
    user = _person(actor)
    subscription = _subscription_ensure(user=user, language=language)
    subscription.is_active = is_active
    subscription.language = language if language in dict(settings.LANGUAGES) else subscription.language
    subscription.save(update_fields=["is_active", "language", "updated_at"])
    audit_record(
        organization=None,
        action=AuditAction.DIGEST_SETTINGS_CHANGED,
        actor=actor,
        target=subscription,
        data={"active": is_active, "language": subscription.language},
    )
    return subscription


@transaction.atomic
def digest_unsubscribe(*, subscription: DigestSubscription, actor: Actor) -> DigestSubscription:
    """The one-click unsubscribe: no sign-in, the link's secret identifies the subscription."""
    if subscription.is_active:
        subscription.is_active = False
        subscription.save(update_fields=["is_active", "updated_at"])
        audit_record(organization=None, action=AuditAction.DIGEST_UNSUBSCRIBED, actor=actor, target=subscription)
    return subscription


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@transaction.atomic
def digest_send(*, subscription: DigestSubscription, actor: Actor, now: datetime | None = None) -> bool:
    """Send one person's weekly digest in their language; False when there is nothing to tell or it was just sent."""
    now = now or timezone.now()
    subscription = DigestSubscription.objects.select_for_update().select_related("user").get(pk=subscription.pk)
    if not subscription.is_active or not subscription.user.is_active:
        return False
    if subscription.last_sent_at and now - subscription.last_sent_at < DIGEST_MIN_INTERVAL:
        return False
    since = now - DIGEST_PERIOD
    if subscription.last_sent_at and subscription.last_sent_at > since:
        since = subscription.last_sent_at
    with translation.override(subscription.language):
        feed = following_feed(user=subscription.user, since=since, until=now)
        if not feed:
            return False
        unsubscribe_url = _absolute(reverse("digest-unsubscribe", args=[subscription.token]))
        context = {
            "user": subscription.user,
            "feed": feed,
            "since": since,
            "site_url": settings.SITE_URL.rstrip("/"),
            "following_url": _absolute(reverse("following")),
            "unsubscribe_url": unsubscribe_url,
        }
        subject = render_to_string("following/email/digest_subject.txt", context).strip()
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("following/email/digest_message.txt", context),
            to=[subscription.user.email],
            headers={
                # RFC 8058: mail clients offer their own unsubscribe button and POST to the link.
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(render_to_string("following/email/digest_message.html", context), "text/html")
    # Sent while the subscription row is locked and before the send is recorded: a mail server
    # that fails rolls the record back, so the task's retry sends it (a lost commit after a sent
    # mail, far rarer, would send it twice rather than never).
    message.send()
    subscription.last_sent_at = now
    subscription.save(update_fields=["last_sent_at", "updated_at"])
    audit_record(organization=None, action=AuditAction.DIGEST_SENT, actor=actor, target=subscription, data={"items": len(feed)})
    return True
