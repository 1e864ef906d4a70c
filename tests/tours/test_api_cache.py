"""The cached study-tour list (hub/api/caching.py) is never stale: a new offering, an edit and a new date are in the very next answer."""

import pytest

from tours.models import TourOffering
from tours.services import tour_offering_update

pytestmark = pytest.mark.django_db


def listed(client) -> list[dict]:
    return client.get(LIST).json()["results"]


LIST = "/api/v1/tours/"


def test_a_new_or_edited_offering_and_a_new_date_are_in_the_very_next_answer(api_client, api_key_for, organization, offering, make_offering, make_slot, host_actor, django_capture_on_commit_callbacks):
    key_client, _key = api_key_for(organization)
    for client in (api_client, key_client):
        assert [item["title_en"] for item in listed(client)] == ["Information tour"]
        assert [item["title_en"] for item in listed(client)] == ["Information tour"]  # from the cache
    with django_capture_on_commit_callbacks(execute=True):
        make_offering(title_en="Second tour")
    for client in (api_client, key_client):
        assert sorted(item["title_en"] for item in listed(client)) == ["Information tour", "Second tour"]
    with django_capture_on_commit_callbacks(execute=True):
        tour_offering_update(offering=TourOffering.objects.get(pk=offering.pk), fields={"title_en": "Renamed tour"}, actor=host_actor)
    for client in (api_client, key_client):
        assert sorted(item["title_en"] for item in listed(client)) == ["Renamed tour", "Second tour"]
    with django_capture_on_commit_callbacks(execute=True):
        slot = make_slot()
    for client in (api_client, key_client):
        dates = {item["title_en"]: item["next_dates"] for item in listed(client)}
        assert [date["id"] for date in dates["Renamed tour"]] == [slot.pk]
