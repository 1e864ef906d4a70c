"""Security fixes: what an organization admin may point a source at, and what hostile portals may send."""

import pytest
from django.core.exceptions import ValidationError

from sync.models import Source
from sync.services import source_create, source_update
from tests.actors import TEST_ACTOR

pytestmark = pytest.mark.django_db


def test_a_credentials_setting_must_be_on_the_operators_allow_list(client_for, admin_user, organization, settings):
    settings.SYNC_CREDENTIAL_SETTINGS = ["VANI_PORTAL_CREDENTIALS"]
    settings.VANI_PORTAL_CREDENTIALS = "robot:from-settings"
    client = client_for(admin_user)
    for name in ("SECRET_KEY", "DATABASES", "SYNC_CREDENTIALS_KEY", "EMAIL_HOST_PASSWORD"):
        response = client.post(
            f"/api/v1/sync/sources/?organization={organization.slug}",
            data={"name": f"evil {name}", "connector": "hub", "url": "https://attacker.example/", "credential_setting": name},
            format="json", HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 400, response.content
        assert "credential_setting" in response.content.decode()
    assert not Source.objects.filter(name__startswith="evil").exists()
    with pytest.raises(ValidationError) as refused:
        source_create(organization=organization, actor=TEST_ACTOR, name="evil", connector="hub", url="https://attacker.example/", credential_setting="SECRET_KEY")
    assert "credential_setting" in refused.value.message_dict

    source = source_create(organization=organization, actor=TEST_ACTOR, name="vani", connector="hub", url="https://vani.example.ge/", credential_setting="VANI_PORTAL_CREDENTIALS")
    assert source.credentials() == ("robot", "from-settings")
    with pytest.raises(ValidationError):
        source_update(source=source, actor=TEST_ACTOR, credential_setting="SECRET_KEY")
    # A row written before the allow-list (or after an operator shrank it) sends nothing.
    Source.objects.filter(pk=source.pk).update(credential_setting="SECRET_KEY")
    assert Source.objects.get(pk=source.pk).credentials() is None


def test_no_setting_is_allowed_by_default(organization):
    with pytest.raises(ValidationError) as refused:
        source_create(organization=organization, actor=TEST_ACTOR, name="x", connector="hub", url="https://vani.example.ge/", credential_setting="DEBUG")
    assert "credential_setting" in refused.value.message_dict


HOSTILE_FIELDS = {
    "date-list": ({"period_start": [1]}, "period_start"),
    "date-object": ({"period_end": {"y": 2026}}, "period_end"),
    "date-string": ({"period_start": "2026-13-45"}, "period_start"),
    "date-words": ({"period_start": "yesterday"}, "period_start"),
    "huge-int": ({"population": 10**30}, "population"),
    "negative-int": ({"population": -5}, "population"),
    "int-list": ({"population": [1, 2]}, "population"),
    "huge-decimal": ({"budget_gel": 10**40}, "budget_gel"),
    "text-object": ({"short_description_ka": {"a": 1}}, "short_description_ka"),
    "text-list": ({"challenge_ka": ["a", "b"]}, "challenge_ka"),
    "nul": ({"short_description_ka": "ok\u0000bad"}, "short_description_ka"),
    "title-nul": ({"title_ka": "სათაური\u0000"}, "title_ka"),
}
# The API's JSON parser refuses a body with NUL characters as a whole (400), before any item is read.
PUSH_HOSTILE = {name: value for name, value in HOSTILE_FIELDS.items() if "nul" not in name}


def _push(client, items):
    import json

    return client.post("/api/v1/sync/push/", data=json.dumps({"items": items}), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")


def test_hostile_field_values_in_a_push_are_per_item_errors_and_never_sink_the_batch(api_key_for, organization):
    from practices.models import Practice

    client, _key = api_key_for(organization)
    hostile = [{"id": name, "type": "practice", "fields": {"title_ka": f"ცუდი {name}", **fields}} for name, (fields, _field) in PUSH_HOSTILE.items()]
    response = _push(client, [{"id": "good-1", "type": "practice", "fields": {"title_ka": "კარგი 1"}}, *hostile, {"id": "good-2", "type": "practice", "fields": {"title_ka": "კარგი 2", "period_start": "2026-01-02"}}])
    assert response.status_code == 200, response.content
    results = {entry["id"]: entry for entry in response.json()["results"]}
    assert results["good-1"]["result"] == results["good-2"]["result"] == "created"
    for name, (_fields, field_name) in PUSH_HOSTILE.items():
        assert results[name]["result"] == "invalid", name
        assert list(results[name]["errors"]) == [field_name], (name, results[name]["errors"])
        assert all(message for message in results[name]["errors"][field_name])
    assert set(Practice.objects.filter(organization=organization).values_list("title_ka", flat=True)) == {"კარგი 1", "კარგი 2"}

    # The same hostile values on items that exist already (the batch update path) are refused just as well.
    hostile_updates = [{"id": "good-1", "type": "practice", "fields": {"title_ka": "კარგი 1", "period_start": [1]}},
                       {"id": "good-2", "type": "practice", "fields": {"title_ka": "კარგი 2", "short_description_ka": {"x": 1}}}]  # fmt: skip
    response = _push(client, hostile_updates)
    assert response.status_code == 200
    assert [entry["result"] for entry in response.json()["results"]] == ["invalid", "invalid"]
    assert [list(entry["errors"]) for entry in response.json()["results"]] == [["period_start"], ["short_description_ka"]]


def test_a_hostile_item_in_a_hub_feed_is_a_validate_error_and_the_harvest_moves_on(organization, source_for, feed_server, theme):
    from practices.models import Practice
    from sync.models import RunStatus, Source
    from sync.services import run_execute, run_request

    from .conftest import feed_item

    feed_server.items = [feed_item(1), *[feed_item(10 + n, fields={"title_ka": f"ცუდი {n}", **fields}) for n, (fields, _f) in enumerate(HOSTILE_FIELDS.values())], feed_item(2)]
    feed_server.page_size = 5
    source = source_for(organization, feed_server.url)

    run = run_execute(run_id=run_request(source=source, actor=TEST_ACTOR, enqueue=False).pk)

    assert run.status == RunStatus.PARTIALLY_FAILED, run.message
    assert (run.created, run.invalid) == (2, len(HOSTILE_FIELDS))
    assert set(Practice.objects.values_list("title_ka", flat=True)) == {"პრაქტიკა 1", "პრაქტიკა 2"}
    errors = list(run.errors.all())
    assert {error.stage for error in errors} == {"validate"}
    assert {error.message.split(":")[0] for error in errors} == {field for _fields, field in HOSTILE_FIELDS.values()}
    assert Source.objects.get(pk=source.pk).cursor == {"since": str(len(feed_server.items))}
    assert Source.objects.get(pk=source.pk).consecutive_failures == 0


BAD_URLS = ["javascript:alert(document.domain)", "data:text/html,<script>alert(1)</script>", "/relative/path", "ftp://vani.example.ge/x", "vbscript:x", "https://"]


def test_a_pushed_item_url_must_be_an_absolute_http_address(api_key_for, organization):
    from sync.models import HarvestedItem

    client, _key = api_key_for(organization)
    items = [{"id": f"bad-{n}", "type": "practice", "url": url, "fields": {"title_ka": f"ცუდი {n}"}} for n, url in enumerate(BAD_URLS)]
    items.append({"id": "good", "type": "practice", "url": "https://vani.example.ge/doc/1", "fields": {"title_ka": "კარგი"}})
    response = _push(client, items)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [entry["result"] for entry in results] == ["invalid"] * len(BAD_URLS) + ["created"]
    assert all(list(entry["errors"]) == ["url"] for entry in results[:-1])
    assert list(HarvestedItem.objects.values_list("url", flat=True)) == ["https://vani.example.ge/doc/1"]


def test_harvested_addresses_that_are_not_http_are_dropped_and_never_linked(client, organization, source_for, feed_server, theme):
    from practices.models import Practice
    from sync.models import HarvestedItem
    from sync.services import run_execute, run_request

    from .conftest import feed_item

    feed_server.items = [feed_item(n, url=url, origin=BAD_URLS[-n]) for n, url in enumerate(BAD_URLS, start=1)]
    feed_server.page_size = 10
    source = source_for(organization, feed_server.url)
    run = run_execute(run_id=run_request(source=source, actor=TEST_ACTOR, enqueue=False).pk)
    assert run.created == len(BAD_URLS)
    assert set(HarvestedItem.objects.values_list("url", "origin")) == {("", "")}

    # A row stored before this check (or written another way) is still never a link.
    HarvestedItem.objects.update(url="javascript:alert(1)", origin="")
    page = client.get(Practice.objects.first().get_absolute_url()).content.decode()
    assert 'data-testid="provenance"' in page and "javascript:" not in page


def test_the_push_source_is_found_by_its_kind_never_by_its_name(api_key_for, organization, source_for):
    from django.db import IntegrityError, transaction

    from sync.models import HarvestedItem

    harvested = source_for(organization, "https://vani.example.ge/", name="Vani")
    source_update(source=harvested, actor=TEST_ACTOR, name="Push API")
    client, _key = api_key_for(organization)
    response = _push(client, [{"id": "doc-1", "type": "practice", "fields": {"title_ka": "დოკუმენტი"}}])
    assert response.status_code == 200, response.content
    assert not HarvestedItem.objects.filter(source=harvested).exists()
    pushed = HarvestedItem.objects.get(external_id="doc-1").source
    assert pushed.connector == "push" and pushed.pk != harvested.pk and pushed.name != "Push API"
    _push(client, [{"id": "doc-2", "type": "practice", "fields": {"title_ka": "დოკუმენტი 2"}}])
    assert HarvestedItem.objects.get(external_id="doc-2").source == pushed

    # Only the push API makes a push source, and a source never changes to or from that kind.
    with pytest.raises(ValidationError) as refused:
        source_create(organization=organization, actor=TEST_ACTOR, name="fake push", connector="push", url="")
    assert "connector" in refused.value.message_dict
    with pytest.raises(ValidationError):
        source_update(source=harvested, actor=TEST_ACTOR, connector="push")
    with pytest.raises(ValidationError):
        source_update(source=pushed, actor=TEST_ACTOR, connector="hub", url="https://attacker.example/")
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(organization=organization, name="second push", connector="push")


def test_pruning_run_history_and_making_the_push_source_are_audited(api_key_for, organization, other_organization, source_for, settings):
    from municipalities.models import AuditEntry
    from sync.models import Run
    from sync.services import runs_prune

    settings.SYNC_KEEP_RUNS, settings.SYNC_KEEP_FAILED_RUNS = 1, 0
    source = source_for(organization, "https://vani.example.ge/")
    quiet = source_for(other_organization, "https://tbilisi.example.ge/")
    for _n in range(3):
        Run.objects.create(source=source, trigger="manual", status="succeeded")
    Run.objects.create(source=quiet, trigger="manual", status="succeeded")
    assert runs_prune(actor=TEST_ACTOR) == 2
    pruned = AuditEntry.objects.get(action="sync_run.pruned")
    assert (pruned.organization, pruned.target_id, pruned.data["deleted"]) == (organization, str(source.pk), 2)

    client, key = api_key_for(organization)
    _push(client, [{"id": "doc-1", "type": "practice", "fields": {"title_ka": "დოკუმენტი"}}])
    _push(client, [{"id": "doc-2", "type": "practice", "fields": {"title_ka": "დოკუმენტი 2"}}])
    created = AuditEntry.objects.filter(action="sync_source.created", data__connector="push")
    assert created.count() == 1
    assert (created.get().organization, created.get().api_key) == (organization, key)
