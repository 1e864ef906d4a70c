"""Follow buttons, the following page, digest settings and the one-click unsubscribe link."""

import pytest
from django.core import mail

from following.models import DigestSubscription, Follow
from following.services import digest_send, follow_add
from practices.models import Term, Vocabulary
from municipalities.actors import Actor
from tests.actors import TEST_ACTOR

pytestmark = pytest.mark.django_db


def test_signed_out_people_are_asked_to_log_in_to_follow(client, organization):
    response = client.get(f"/en/organizations/{organization.slug}/")

    assert "Log in to follow" in response.text
    assert client.post(f"/following/organization/{organization.slug}/").status_code == 302
    assert not Follow.objects.exists()


def test_follow_and_unfollow_an_organization_from_its_page(client, follower, organization):
    client.force_login(follower)
    page = f"/en/organizations/{organization.slug}/"

    response = client.post(f"/en/following/organization/{organization.slug}/", {"action": "follow", "next": page})

    assert response.status_code == 302 and response["Location"] == page
    assert Follow.objects.filter(user=follower, organization=organization).exists()
    assert DigestSubscription.objects.get(user=follower).language == "en"
    assert 'data-testid="unfollow"' in client.get(page).text

    client.post(f"/en/following/organization/{organization.slug}/", {"action": "unfollow", "next": page})
    assert not Follow.objects.filter(user=follower).exists()


def test_follow_refuses_drafts_unknown_kinds_and_get(client, follower, organization):
    from practices.services.practice import practice_create

    client.force_login(follower)
    draft = practice_create(actor=TEST_ACTOR, organization=organization, title_ka="პროექტი")

    assert client.post(f"/following/practice/{draft.pk}/").status_code == 404
    assert client.post("/following/region/kakheti/").status_code == 404
    assert client.get("/following/theme/efficiency/").status_code == 405


def test_follow_never_redirects_off_site(client, follower):
    client.force_login(follower)

    response = client.post("/following/theme/efficiency/", {"next": "https://evil.example/"})

    assert response["Location"] == "/following/"


def test_following_page_lists_follows_and_what_is_new(client, follower, publish_practice):
    follow_add(actor=Actor.for_user(follower), target=Term.objects.get(vocabulary=Vocabulary.THEME, slug="efficiency"))
    publish_practice(title_ka="ახალი პრაქტიკა")
    client.force_login(follower)

    response = client.get("/en/following/")

    assert response.status_code == 200
    assert [entry.item.title_ka for entry in response.context["feed"]] == ["ახალი პრაქტიკა"]
    assert "ახალი პრაქტიკა" in response.text


def test_digest_settings_change_language_and_pause(client, follower):
    follow_add(actor=Actor.for_user(follower), target=Term.objects.get(vocabulary=Vocabulary.THEME, slug="efficiency"), language="ka")
    client.force_login(follower)

    client.post("/following/digest/", {"language": "en"})

    subscription = DigestSubscription.objects.get(user=follower)
    assert subscription.language == "en" and subscription.is_active is False


def test_unsubscribe_link_asks_once_then_unsubscribes_without_signing_in(client, follower, publish_practice):
    follow_add(actor=Actor.for_user(follower), target=Term.objects.get(vocabulary=Vocabulary.THEME, slug="efficiency"), language="en")
    subscription = DigestSubscription.objects.get(user=follower)
    url = f"/en/following/unsubscribe/{subscription.token}/"

    page = client.get(url)
    assert page.status_code == 200 and 'data-testid="unsubscribe"' in page.text
    subscription.refresh_from_db()
    assert subscription.is_active  # a link scanner's GET changes nothing

    done = client.post(url)
    assert done.status_code == 200 and "will no longer be sent" in done.text
    subscription.refresh_from_db()
    assert not subscription.is_active
    publish_practice()
    assert digest_send(subscription=subscription, actor=TEST_ACTOR) is False and not mail.outbox


def test_mail_clients_one_click_post_needs_no_csrf_token(follower):
    from django.test import Client

    follow_add(actor=Actor.for_user(follower), target=Term.objects.get(vocabulary=Vocabulary.THEME, slug="efficiency"))
    subscription = DigestSubscription.objects.get(user=follower)

    response = Client(enforce_csrf_checks=True).post(
        f"/following/unsubscribe/{subscription.token}/", {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    subscription.refresh_from_db()
    assert not subscription.is_active


def test_unknown_unsubscribe_token_is_404(client, db):
    assert client.get("/following/unsubscribe/not-a-token/").status_code == 404


def test_a_theme_filtered_practice_list_offers_to_follow_the_theme(client, follower):
    client.force_login(follower)

    response = client.get("/en/practices/", {"theme": "efficiency"})

    assert 'action="/en/following/theme/efficiency/"' in response.text
    assert 'data-testid="follow"' not in client.get("/en/practices/").text


def test_following_page_reads_in_a_bounded_number_of_queries(client, follower, organization, django_assert_max_num_queries):
    for slug in ("efficiency", "open-data", "transparency"):
        theme = Term.objects.filter(vocabulary=Vocabulary.THEME, slug=slug).first()
        if theme:
            follow_add(actor=Actor.for_user(follower), target=theme)
    follow_add(actor=Actor.for_user(follower), target=organization)
    client.force_login(follower)

    with django_assert_max_num_queries(20):
        response = client.get("/en/following/")
    assert response.status_code == 200
