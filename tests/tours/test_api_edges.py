"""Inputs the fuzzer found: far-off offsets on date filters, deleting a tour that has bookings."""

import pytest

from tests.tours.test_api import create_slot, error, offering, request_booking, slot  # noqa: F401  (shared fixtures)
from tours.models import TourOffering, TourSlot

pytestmark = pytest.mark.django_db


def test_date_filters_take_any_offset_and_refuse_naive_times(api_key_client, slot):  # noqa: F811
    response = api_key_client.get("/api/v1/tour-slots/", {"starts_before": "0044-05-04T05:13:11.096+16:00"})
    assert response.status_code == 200 and response.json()["results"] == []
    response = api_key_client.get("/api/v1/tour-slots/", {"starts_after": "2030-01-01T10:00:00"})
    assert response.status_code == 400
    assert list(error(response)["fields"]) == ["starts_after"]


def test_a_tour_with_bookings_cannot_be_deleted_and_nothing_changes(api_key_client, offering, other_organization):  # noqa: F811
    request_booking(create_slot(offering), other_organization)
    response = api_key_client.delete(f"/api/v1/tours/{offering.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert error(response)["message"] == "Other records depend on this item, so it cannot be deleted; archive it instead."
    assert TourOffering.objects.filter(pk=offering.pk).exists() and TourSlot.objects.filter(offering=offering).count() == 1


def test_an_absurd_capacity_is_a_field_error(editor_client, slot):  # noqa: F811
    response = editor_client.patch(f"/api/v1/tour-slots/{slot.pk}/", {"capacity": 49020331619}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert error(response)["fields"] == {"capacity": ["A date can have at most 1000000 places."]}
    assert TourSlot.objects.get(pk=slot.pk).capacity == slot.capacity
