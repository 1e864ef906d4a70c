import datetime

import pytest
from django.utils import timezone

from municipalities.actors import Actor
from municipalities.models import Membership
from practices.services.content import content_publish
from tests.factories import MembershipFactory
from tests.practices.conftest import make_practice, published_practice  # noqa: F401  (shared with the library tests)
from tours.models import TourOffering
from tours.services import tour_offering_create, tour_slot_create


@pytest.fixture
def host_actor(editor) -> Actor:
    return Actor.for_user(editor)


@pytest.fixture
def delegation_user(other_organization):
    return MembershipFactory(organization=other_organization, role=Membership.Role.MEMBER).user


@pytest.fixture
def delegation(delegation_user) -> Actor:
    return Actor.for_user(delegation_user)


@pytest.fixture
def make_offering(organization, host_actor):
    def make(*, published: bool = True, **fields) -> TourOffering:
        offering = tour_offering_create(
            organization=organization,
            fields={"title_ka": "საინფორმაციო ტური", "title_en": "Information tour", "max_group_size": 20,
                    "languages": ["ka"], "duration_minutes": 120, **fields},
            actor=host_actor,
        )  # fmt: skip
        return content_publish(item=offering, actor=host_actor) if published else offering

    return make


@pytest.fixture
def offering(make_offering) -> TourOffering:
    return make_offering()


@pytest.fixture
def make_slot(offering, host_actor):
    def make(*, capacity: int = 10, days: int = 7, on=None):
        starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
        return tour_slot_create(offering=on or offering, starts_at=starts_at, capacity=capacity, actor=host_actor)

    return make


@pytest.fixture
def request_places(other_organization, delegation):
    """Book for the other organization's delegation; each call a new request unless `key` repeats one."""
    counter = iter(range(10_000))

    def book(slot, participants: int, *, key: str | None = None, actor: Actor | None = None, language: str = "en"):
        return book_places(
            slot, participants, key=key or f"k{next(counter)}", actor=actor or delegation, organization=other_organization,
            language=language,
        )

    return book


def book_places(slot, participants, *, key, actor, organization, language="en"):
    from tours.services import tour_booking_request

    return tour_booking_request(
        slot=slot, actor=actor, request_key=key, requesting_organization=organization,
        contact_name="კოორდინატორი", contact_email="visits@example.ge", participants=participants, language=language,
    )[0]  # fmt: skip
