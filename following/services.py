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

from municipalities.services import audit_record
from practices.models import ContentStatus, Vocabulary

from .models import DigestSubscription, Follow
from .selectors import digest_recipients, follow_for, follow_kind, following_feed

# The digest covers the week before it is sent.
DIGEST_PERIOD = timedelta(days=7)
# A second run within this time (beat fired twice, a retry) sends nothing again.
DIGEST_MIN_INTERVAL = timedelta(days=6)


def _subscription_ensure(*, user, language: str | None) -> DigestSubscription:
    """The person's digest subscription, created (active, in `language`) at their first follow."""
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    subscription, _created = DigestSubscription.objects.get_or_create(user=user, defaults={"language": language})
    return subscription


@transaction.atomic
def follow_add(*, user, target, language: str | None = None) -> Follow:
    """Follow a theme, an organization or a practice; following again changes nothing."""
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
    audit_record(organization=None, action="follow.added", actor=user, target=target, data={"kind": kind})
    return follow


@transaction.atomic
def follow_remove(*, user, target) -> None:
    follow = follow_for(user=user, target=target)
    if follow is None:
        return
    follow.delete()
    audit_record(organization=None, action="follow.removed", actor=user, target=target, data={"kind": follow.kind})


@transaction.atomic
def digest_settings_update(*, user, is_active: bool, language: str) -> DigestSubscription:
    subscription = _subscription_ensure(user=user, language=language)
    subscription.is_active = is_active
    subscription.language = language if language in dict(settings.LANGUAGES) else subscription.language
    subscription.save(update_fields=["is_active", "language", "updated_at"])
    audit_record(
        organization=None,
        action="digest.settings_changed",
        actor=user,
        target=subscription,
        data={"active": is_active, "language": subscription.language},
    )
    return subscription


@transaction.atomic
def digest_unsubscribe(*, subscription: DigestSubscription) -> DigestSubscription:
    """The one-click unsubscribe: no sign-in, the link's secret identifies the subscription."""
    if subscription.is_active:
        subscription.is_active = False
        subscription.save(update_fields=["is_active", "updated_at"])
        audit_record(organization=None, action="digest.unsubscribed", actor=subscription.user, target=subscription)
    return subscription


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@transaction.atomic
def digest_send(*, subscription: DigestSubscription, now: datetime | None = None) -> bool:
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
    audit_record(organization=None, action="digest.sent", actor=None, target=subscription, data={"items": len(feed)})
    return True


def digest_send_all() -> int:
    """Enqueue one digest per recipient (on commit); each is sent by its own task so one failure stops no other."""
    from .tasks import send_digest

    ids = list(digest_recipients().values_list("pk", flat=True))
    for subscription_id in ids:
        transaction.on_commit(lambda subscription_id=subscription_id: send_digest.delay(subscription_id))
    return len(ids)
