"""The language switch lands on the same page in the chosen language, from either side."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "next_url", "expected"),
    [
        ("ka", "/en/practices/?theme=efficiency&page=2", "/practices/?theme=efficiency&page=2"),
        ("en", "/practices/?theme=efficiency", "/en/practices/?theme=efficiency"),
        ("ka", "/en/organizations/rustavi/", "/organizations/rustavi/"),
        ("en", "/organizations/rustavi/", "/en/organizations/rustavi/"),
        ("ka", "/en/", "/"),
        ("en", "/", "/en/"),
        ("en", "/en/search/?q=rustavi", "/en/search/?q=rustavi"),
    ],
)
def test_switch_lands_on_the_same_page_in_the_chosen_language(client, language, next_url, expected):
    response = client.post(reverse("set_language"), {"language": language, "next": next_url})

    assert response.status_code == 302
    assert response["Location"] == expected
    assert response.cookies["django_language"].value == language


def test_switch_without_next_uses_the_referring_page(client):
    response = client.post(
        reverse("set_language"), {"language": "ka"}, HTTP_REFERER="http://testserver/en/action-plans/"
    )

    assert response["Location"] == "http://testserver/action-plans/"


def test_switch_never_redirects_off_site(client):
    response = client.post(reverse("set_language"), {"language": "ka", "next": "https://evil.example/en/"})

    assert response["Location"] == "/"


def test_switch_refuses_get(client):
    assert client.get(reverse("set_language"), {"language": "ka", "next": "/en/"}).status_code == 405
