"""A call of NALA's Best Practice Programme, its people, and applications filled in as the seed's form is."""

import datetime

import pytest
from django.utils import timezone

from competitions.models import Call
from competitions.services import (
    application_create,
    application_submit,
    call_advance,
    call_create,
)
from municipalities.actors import Actor
from municipalities.models import Membership
from practices.models import Term, Vocabulary
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    enable_totp,
    verified_user,
)

# Every required section of NALA's form, as Rustavi's seed application fills them (shortened).
COMPLETE = {
    "initiator_ka": "რუსთავის მუნიციპალიტეტის მერია",
    "municipality_profile_ka": "ქვემო ქართლის რეგიონი, თვითმმართველი ქალაქი.",
    "internal_factors_ka": "გუნდის მზაობა ცვლილებებისთვის.",
    "external_factors_ka": "დონორების მხარდაჭერა.",
    "challenge_ka": "მომსახურების მიწოდება იყო ნელი.",
    "short_description_ka": "შეიქმნა მუნიციპალური რეფორმებისა და სერვისების განვითარების ცენტრი.",
    "detailed_description_ka": "ცენტრი აერთიანებს ერთი სარკმლის სერვისებს.",
    "results_ka": "მომსახურების დრო შემცირდა ნახევრით.",
    "success_factors_ka": "ხელმძღვანელობის მხარდაჭერა.",
    "council_role_ka": "საკრებულომ დაამტკიცა ცენტრის დებულება.",
    "future_plans_ka": "სერვისების გაფართოება.",
    "contact_name": "ნინო ბერიძე",
    "contact_email": "applicant@rustavi.example",
}
ACTIVITIES = [{"stage_ka": "I ეტაპი", "activity_ka": "საჭიროებების კვლევა", "result_ka": "ანგარიში"}]
CRITERIA = [
    {"name_ka": "ინოვაციურობა", "name_en": "Innovation", "weight": 2, "min_score": 1, "max_score": 5},
    {"name_ka": "შედეგები და გავლენა", "name_en": "Results and impact", "weight": 3, "min_score": 1, "max_score": 5},
    {"name_ka": "მდგრადობა", "name_en": "Sustainability", "weight": 1, "min_score": 1, "max_score": 5},
]


def person(organization, role, *, mfa=True):
    user = verified_user()
    MembershipFactory(user=user, organization=organization, role=role)
    if mfa:
        enable_totp(user)
    return user


@pytest.fixture
def themes(db):
    rows = [("inter-municipal-cooperation", "მუნიციპალიტეთაშორისი თანამშრომლობა", "Inter-municipal cooperation"),
            ("e-governance", "ელექტრონული მმართველობა", "E-governance")]  # fmt: skip
    return [
        Term.objects.get_or_create(vocabulary=Vocabulary.THEME, slug=slug, defaults={"name_ka": ka, "name_en": en})[0]
        for slug, ka, en in rows
    ]


@pytest.fixture
def manager(nala):
    return person(nala, Membership.Role.COMPETITION_MANAGER)


@pytest.fixture
def manager_actor(manager) -> Actor:
    return Actor.for_user(manager)


@pytest.fixture
def reviewers(nala):
    return [person(nala, Membership.Role.REVIEWER) for _ in range(4)]


@pytest.fixture
def applicant_actor(editor) -> Actor:
    return Actor.for_user(editor)


@pytest.fixture
def make_call(nala, manager_actor, themes):
    def make(*, opens=None, closes=None, k=2, limit=None, **fields) -> Call:
        now = timezone.now()
        return call_create(
            organization=nala,
            fields={"edition": "2024–2025", "title_ka": "საუკეთესო პრაქტიკის პროგრამა", "title_en": "Best Practice Programme",
                    "opens_at": opens or now - datetime.timedelta(days=1), "closes_at": closes or now + datetime.timedelta(days=30),
                    "reviewers_per_application": k, **fields},
            themes=[{"term": themes[0].slug, "limit_per_applicant": limit}, {"term": themes[1].slug}],
            criteria=CRITERIA, actor=manager_actor,
        )  # fmt: skip

    return make


@pytest.fixture
def call(make_call) -> Call:
    return make_call()


@pytest.fixture
def make_application(call, organization, applicant_actor):
    def make(*, on=None, org=None, actor=None, complete=True, theme=None, **fields):
        target = on or call
        return application_create(
            call=target, organization=org or organization, theme=theme or target.themes.first(),
            title_ka="მუნიციპალური რეფორმებისა და სერვისების განვითარების ცენტრი", actor=actor or applicant_actor,
            activities=ACTIVITIES if complete else None, **({**COMPLETE, **fields} if complete else fields),
        )  # fmt: skip

    return make


def close_window(call: Call) -> Call:
    """End the submission window now (as a manager would shorten it), so the review can start."""
    Call.objects.filter(pk=call.pk).update(
        closes_at=timezone.now() - datetime.timedelta(seconds=1), opens_at=timezone.now() - datetime.timedelta(days=2)
    )
    call.refresh_from_db()
    return call


@pytest.fixture
def in_review(call, make_application, manager_actor, other_organization, reviewers):
    """Three submitted applications (two municipalities) of a call in its review phase."""
    other_editor = person(other_organization, Membership.Role.EDITOR, mfa=False)
    third = OrganizationFactory(slug="kutaisi-test")
    third_editor = person(third, Membership.Role.EDITOR, mfa=False)
    applications = [
        make_application(),
        make_application(org=other_organization, actor=Actor.for_user(other_editor)),
        make_application(org=third, actor=Actor.for_user(third_editor), theme=call.themes.last()),
    ]
    actors = [None, Actor.for_user(other_editor), Actor.for_user(third_editor)]
    for application, actor in zip(applications, actors, strict=True):
        application_submit(application=application, actor=actor or Actor.for_user(application.created_by))
    close_window(call)
    call_advance(call=call, actor=manager_actor)
    call.refresh_from_db()
    return applications
