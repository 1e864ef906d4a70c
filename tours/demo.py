"""Demo study tours: Rustavi's reform and service-development centre shows its work to other municipalities.

Idempotent: an offering already there (by organization and slug) is left as it is.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from municipalities.actors import Actor
from municipalities.models import Organization
from practices.models import Practice
from practices.services.content import content_publish

from .models import TourOffering
from .services import (
    host_blackout_add,
    tour_booking_confirm,
    tour_booking_request,
    tour_offering_create,
    tour_slots_create_weekly,
)

OFFERINGS = [
    {
        "slug": "reform-centre-information-tour",
        "title_ka": "საინფორმაციო ტური რუსთავის მუნიციპალური რეფორმებისა და სერვისების განვითარების ცენტრში",
        "title_en": "Information tour of Rustavi's Municipal Reforms and Services Development Centre",
        "description_ka": (
            "ცენტრი სხვა მუნიციპალიტეტების წარმომადგენლებს აცნობს, როგორ მუშაობს ერთი სარკმლის პრინციპით "
            "მომსახურება, ელექტრონული საქმისწარმოება და მოქალაქეთა ჩართულობის მექანიზმები.\n\n"
            "- ცენტრის სტრუქტურა და გუნდი\n- სერვისების მიწოდების ციკლი\n- კითხვა-პასუხი ცენტრის ხელმძღვანელთან"
        ),
        "description_en": "Visitors see how one-stop services, electronic document flow and citizen engagement work in practice.",
        "what_visitors_see_ka": "მომსახურების დარბაზი, ელექტრონული რიგის სისტემა, შიდა ტრენინგის სივრცე.",
        "what_visitors_see_en": "The service hall, the electronic queue, the in-house training room.",
        "languages": ["ka", "en"],
        "duration_minutes": 180,
        "max_group_size": 25,
        "confirmation": TourOffering.Confirmation.MANUAL,
        "address": "რუსთავი, მესხიშვილის ქ. 1",
        "contact_name": "ცენტრის ვიზიტების კოორდინატორი",
        "contact_email": "visits@demo.rustavi.example",
        "practice_slugs": ["reform-and-service-development-centre", "electronic-document-flow"],
        "weekdays": [1, 3],
        "start": datetime.time(11, 0),
        "capacity": 25,
    },
    {
        "slug": "open-data-working-visit",
        "title_ka": "სამუშაო ვიზიტი: ღია მონაცემების გამოქვეყნება მუნიციპალიტეტში",
        "title_en": "Working visit: publishing open data in a municipality",
        "description_ka": "როგორ ამზადებს მერია მონაცემთა ნაკრებებს, ლიცენზიას და როგორ აქვეყნებს მათ data.gov.ge-ზე.",
        "description_en": "How the City Hall prepares datasets and a licence, and publishes them.",
        "languages": ["ka"],
        "duration_minutes": 120,
        "max_group_size": 12,
        "confirmation": TourOffering.Confirmation.AUTOMATIC,
        "address": "რუსთავი, მერია",
        "contact_email": "opendata@demo.rustavi.example",
        "practice_slugs": ["open-data-strategy"],
        "weekdays": [2],
        "start": datetime.time(14, 0),
        "capacity": 12,
    },
]

# Delegations that booked: (municipality slug, participants, purpose).
DELEGATIONS = [
    ("khashuri", 8, "ერთი სარკმლის პრინციპის დანერგვის შესწავლა"),
    ("kareli", 6, "ელექტრონული საქმისწარმოების გამოცდილება"),
    ("gori", 14, "მერიის სერვისცენტრის დაგეგმვა"),
    ("zugdidi", 10, "მოქალაქეთა ჩართულობის მექანიზმები"),
]


@transaction.atomic
def seed() -> dict:
    rustavi = Organization.objects.get(slug="rustavi")
    host = Actor.system(name="seed_demo", organization=rustavi)
    host_blackout_add(organization=rustavi, date=_next_weekday(3, weeks=3), reason="ცენტრის შიდა ტრენინგი", actor=host)
    offerings = slots = bookings = 0
    for spec in OFFERINGS:
        spec = dict(spec)
        if TourOffering.objects.filter(organization=rustavi, slug=spec["slug"]).exists():
            continue
        practices = Practice.objects.filter(organization=rustavi, slug__in=spec.pop("practice_slugs"))
        weekdays, start, capacity = spec.pop("weekdays"), spec.pop("start"), spec.pop("capacity")
        offering = tour_offering_create(organization=rustavi, fields=spec, practices=[p for p in practices if p.is_published], actor=host)
        content_publish(item=offering, actor=host)
        first = timezone.localdate() + datetime.timedelta(days=1)
        created, _skipped = tour_slots_create_weekly(
            offering=offering, first_day=first, last_day=first + datetime.timedelta(weeks=10),
            weekdays=weekdays, start_time=start, capacity=capacity, actor=host,
        )  # fmt: skip
        offerings += 1
        slots += len(created)
        bookings += _book(offering=offering, slots=created, host=host)
    return {"offerings": offerings, "slots": slots, "bookings": bookings}


def _next_weekday(weekday: int, *, weeks: int) -> datetime.date:
    day = timezone.localdate() + datetime.timedelta(weeks=weeks)
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _book(*, offering: TourOffering, slots: list, host: Actor) -> int:
    made = 0
    for index, (slug, participants, purpose) in enumerate(DELEGATIONS):
        delegation = Organization.objects.filter(slug=slug).first()
        if delegation is None or not slots:
            continue
        actor = Actor.system(name="seed_demo", organization=delegation)
        slot = slots[min(index // 2, len(slots) - 1)]
        booking, _created = tour_booking_request(
            slot=slot, actor=actor, request_key=f"demo-{offering.slug}-{slug}", requesting_organization=delegation,
            contact_name="დელეგაციის კოორდინატორი", contact_email=f"visits@demo.{slug}.example",
            participants=min(participants, offering.max_group_size), purpose=purpose,
        )  # fmt: skip
        if index % 2 == 0 and booking.status == booking.Status.REQUESTED:
            tour_booking_confirm(booking=booking, actor=host, message="გელოდებით! შეხვედრის ადგილი: ცენტრის მთავარი შესასვლელი.")
        made += 1
    return made
