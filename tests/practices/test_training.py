"""Training modules and sessions: capacity, visibility of sessions, totals of staff trained."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from municipalities.models import AuditEntry, Organization
from municipalities.actors import Actor
from practices.models import SessionParticipation, TrainingModule, TrainingSession, Vocabulary
from practices.selectors.training import training_session_list, training_totals_by_direction, training_totals_by_organization
from practices.services.training import (
    training_module_update,
    training_session_create,
    training_session_delete,
    training_session_update,
)
from tests.factories import OrganizationFactory

from .library_builders import build_training_module, term
from .library_builders import in_english  # noqa: F401  (a fixture, used through pytestmark)
from tests.actors import TEST_ACTOR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

SESSION_FIELDS = {"starts_on": date(2015, 10, 5), "ends_on": date(2015, 10, 16), "trainers": "იუსტიციის სასწავლო ცენტრი", "capacity": 40}


def test_module_provider_may_differ_from_owner(organization):
    provider = OrganizationFactory(slug="jtc-test", kind=Organization.Kind.TRAINING_PROVIDER, region=None, municipality_kind="")
    module = build_training_module(organization, provider=provider)
    assert module.organization == organization and module.provider == provider
    assert AuditEntry.objects.filter(action="content.created", data__type="trainingmodule", target_id=str(module.pk)).exists()


def test_module_direction_must_be_a_training_direction(organization):
    module = build_training_module(organization)
    with pytest.raises(ValidationError) as caught:
        training_module_update(actor=TEST_ACTOR, module=module, fields={"direction": term(Vocabulary.SERVICE_CATEGORY, "construction-permit")})
    assert list(caught.value.message_dict) == ["direction"]
    assert TrainingModule.objects.get(pk=module.pk).direction.slug == "basic-it-skills"


def test_session_participants_within_capacity_are_saved_and_audited(organization, other_organization, editor):
    module = build_training_module(organization)
    session = training_session_create(
        organization=other_organization,
        module=module,
        fields=SESSION_FIELDS,
        participations=[{"organization": other_organization, "count": 30}, {"organization": organization, "count": 10}],
        actor=Actor.for_user(editor),
    )
    assert sorted(session.participations.values_list("count", flat=True)) == [10, 30]
    entry = AuditEntry.objects.get(action="training_session.created")
    assert entry.organization == other_organization and entry.target_id == str(session.pk)


def test_participants_over_capacity_are_rejected_and_nothing_is_saved(organization, other_organization):
    module = build_training_module(organization)
    with pytest.raises(ValidationError) as caught:
        training_session_create(actor=TEST_ACTOR, 
            organization=other_organization,
            module=module,
            fields=SESSION_FIELDS,
            participations=[{"organization": other_organization, "count": 30}, {"organization": organization, "count": 11}],
        )
    assert caught.value.message_dict == {"participations": ["41 participants exceed the session's capacity of 40."]}
    assert not TrainingSession.objects.exists() and not SessionParticipation.objects.exists()


def test_shrinking_capacity_below_the_participants_is_rejected(organization):
    module = build_training_module(organization)
    session = training_session_create(actor=TEST_ACTOR, 
        organization=organization, module=module, fields=SESSION_FIELDS, participations=[{"organization": organization, "count": 30}]
    )
    with pytest.raises(ValidationError) as caught:
        training_session_update(actor=TEST_ACTOR, session=session, fields={"capacity": 20})
    assert caught.value.message_dict == {"participations": ["30 participants exceed the session's capacity of 20."]}
    assert TrainingSession.objects.get(pk=session.pk).capacity == 40


def test_an_organization_appears_once_per_session(organization):
    module = build_training_module(organization)
    with pytest.raises(ValidationError) as caught:
        training_session_create(actor=TEST_ACTOR, 
            organization=organization,
            module=module,
            fields=SESSION_FIELDS,
            participations=[{"organization": organization, "count": 3}, {"organization": organization, "count": 4}],
        )
    assert caught.value.message_dict == {"participations": ["Each organization may appear only once in a session."]}


def test_sessions_of_someone_elses_draft_module_are_refused(organization, other_organization):
    draft = build_training_module(organization, publish=False)
    with pytest.raises(ValidationError) as caught:
        training_session_create(actor=TEST_ACTOR, organization=other_organization, module=draft, fields=SESSION_FIELDS)
    assert caught.value.message_dict == {
        "module": ["Sessions can only be added to a published module or to your organization's own."]
    }
    assert training_session_create(actor=TEST_ACTOR, organization=organization, module=draft, fields=SESSION_FIELDS).pk


def test_session_end_before_start_is_a_field_error(organization):
    module = build_training_module(organization)
    with pytest.raises(ValidationError) as caught:
        training_session_create(actor=TEST_ACTOR, organization=organization, module=module, fields={**SESSION_FIELDS, "ends_on": date(2015, 1, 1)})
    assert caught.value.message_dict == {"ends_on": ["The end date cannot be before the start date."]}


def test_delete_session_audits(organization, editor):
    session = training_session_create(actor=TEST_ACTOR, organization=organization, module=build_training_module(organization), fields=SESSION_FIELDS)
    training_session_delete(session=session, actor=Actor.for_user(editor))
    assert not TrainingSession.objects.exists()
    assert AuditEntry.objects.get(action="training_session.deleted").data["capacity"] == 40


def test_sessions_of_drafts_are_visible_only_to_the_organizations_involved(organization, member, other_editor):
    draft = build_training_module(organization, publish=False, title="სამუშაო ვერსია")
    training_session_create(actor=TEST_ACTOR, organization=organization, module=draft, fields=SESSION_FIELDS)
    training_session_create(actor=TEST_ACTOR, organization=organization, module=build_training_module(organization), fields=SESSION_FIELDS)
    assert training_session_list(actor=Actor.anonymous()).count() == 1
    assert training_session_list(actor=Actor.for_user(other_editor)).count() == 1
    assert training_session_list(actor=Actor.for_user(member)).count() == 2


def test_totals_per_organization_and_direction(organization, other_organization, django_assert_num_queries):
    it_skills = build_training_module(organization)
    mms = build_training_module(organization, direction="municipal-management-system", title="მმს")
    draft = build_training_module(organization, direction="electronic-document-flow", publish=False, title="დრაფტი")
    training_session_create(actor=TEST_ACTOR, 
        organization=organization, module=it_skills, fields=SESSION_FIELDS,
        participations=[{"organization": organization, "count": 25}, {"organization": other_organization, "count": 5}],
    )
    training_session_create(actor=TEST_ACTOR, 
        organization=other_organization, module=mms, fields=SESSION_FIELDS, participations=[{"organization": other_organization, "count": 28}]
    )
    # Sessions of unpublished modules are not public figures.
    training_session_create(actor=TEST_ACTOR, organization=organization, module=draft, fields=SESSION_FIELDS, participations=[{"organization": organization, "count": 9}])

    with django_assert_num_queries(1):
        per_organization = training_totals_by_organization()
    assert [(row["slug"], row["trained"], row["sessions"]) for row in per_organization] == [
        ("vani-test", 33, 2),
        ("rustavi-test", 25, 1),
    ]
    with django_assert_num_queries(1):
        per_direction = training_totals_by_direction()
    assert [(row["slug"], row["trained"]) for row in per_direction] == [("basic-it-skills", 30), ("municipal-management-system", 28)]
    only_mms = training_totals_by_organization(direction=term(Vocabulary.TRAINING_DIRECTION, "municipal-management-system"))
    assert [(row["slug"], row["trained"]) for row in only_mms] == [("vani-test", 28)]
