"""Follow and unfollow buttons, the following page, the digest's settings and its one-click unsubscribe."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from municipalities.actors import Actor
from municipalities.models import Organization
from practices.models import ContentStatus, Practice, Term, Vocabulary

from .forms import DigestSettingsForm
from .models import Follow
from .selectors import digest_subscription_for_token, digest_subscription_of, follows_of, following_feed
from .services import DIGEST_PERIOD, digest_settings_update, digest_unsubscribe, follow_add, follow_remove

def _target(kind: str, key: str):
    """What may be followed: an active theme, an organization, a published practice."""
    if kind == Follow.Kind.THEME:
        return get_object_or_404(Term, vocabulary=Vocabulary.THEME, is_active=True, slug=key)
    if kind == Follow.Kind.ORGANIZATION:
        return get_object_or_404(Organization, slug=key)
    if kind == Follow.Kind.PRACTICE and key.isdigit():
        return get_object_or_404(Practice, pk=int(key), status=ContentStatus.PUBLISHED)
    raise Http404


def _back(request, default: str):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return HttpResponseRedirect(target)
    return redirect(default)


@require_POST
@login_required
def follow_change(request, kind: str, key: str):
    target = _target(kind, key)
    if request.POST.get("action") == "unfollow":
        follow_remove(actor=Actor.from_request(request), target=target)
        messages.success(request, _("You no longer follow “%(name)s”.") % {"name": target})
    else:
        follow_add(actor=Actor.from_request(request), target=target, language=translation.get_language())
        messages.success(request, _("You follow “%(name)s”: the weekly digest will tell you what is new.") % {"name": target})
    return _back(request, "following")


@login_required
def following_page(request):
    """What the person follows, what was published or changed in it this week, and the digest's settings."""
    subscription = digest_subscription_of(user=request.user)
    form = DigestSettingsForm(
        initial={
            "is_active": subscription.is_active if subscription else True,
            "language": subscription.language if subscription else translation.get_language(),
        }
    )
    since = timezone.now() - DIGEST_PERIOD
    follows = list(follows_of(user=request.user))
    return render(
        request,
        "following/following.html",
        {
            "follows": follows,
            "followed_theme_ids": {follow.theme_id for follow in follows if follow.kind == Follow.Kind.THEME},
            "feed": following_feed(user=request.user, since=since),
            "since": since,
            "subscription": subscription,
            "form": form,
            "themes": Term.objects.filter(vocabulary=Vocabulary.THEME, is_active=True),
        },
    )


@require_POST
@login_required
def digest_settings(request):
    form = DigestSettingsForm(request.POST)
    if form.is_valid():
        digest_settings_update(actor=Actor.from_request(request), **form.cleaned_data)
        messages.success(request, _("Your digest settings are saved."))
    else:
        messages.error(request, _("The digest settings were not valid."))
    return redirect("following")


@csrf_exempt  # The link's secret is the credential; mail clients POST here without a session (RFC 8058).
def digest_unsubscribe_page(request, token: str):
    subscription = digest_subscription_for_token(token=token)
    if subscription is None:
        raise Http404
    if request.method == "POST":
        digest_unsubscribe(subscription=subscription, actor=Actor.for_user(subscription.user))
        return render(request, "following/unsubscribed.html", {"subscription": subscription})
    return render(request, "following/unsubscribe.html", {"subscription": subscription})
