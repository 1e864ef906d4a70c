"""One filterset for the study-tour list, on the API and on the web: the same filters answer the same way."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def tours(make_offering, make_practice):
    shown = make_practice(title_ka="ნაჩვენები", title_en="Shown practice", published=True)
    make_offering(title_ka="ინგლისურენოვანი ტური", title_en="English tour", languages=["en", "ka"])
    in_georgian = make_offering(title_ka="ქართულენოვანი ტური", title_en="Georgian tour", languages=["ka"])
    in_georgian.practices.add(shown)
    return shown


def test_the_api_and_the_web_list_filter_by_visit_language_and_by_practice(api_client, client, tours):
    def api(**params) -> list[str]:
        return sorted(item["title_en"] for item in api_client.get("/api/v1/tours/", params).json()["results"])

    def web(**params) -> str:
        return client.get(reverse("touroffering-list"), params).content.decode()

    assert api(language_spoken="en") == ["English tour"]
    assert api(practice=tours.pk) == ["Georgian tour"]
    by_language, by_practice = web(language_spoken="en"), web(practice=tours.pk)
    assert "ინგლისურენოვანი ტური" in by_language and "ქართულენოვანი ტური" not in by_language
    assert "ქართულენოვანი ტური" in by_practice and "ინგლისურენოვანი ტური" not in by_practice
