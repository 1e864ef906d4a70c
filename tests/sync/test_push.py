"""The push API: a write key, up to 500 items, per-item results, Idempotency-Key."""

import json

import pytest

from municipalities.models import ApiKey, AuditEntry
from practices.models import ContentStatus, Practice
from sync.models import HarvestedItem, IdempotentPush, Run

pytestmark = pytest.mark.django_db
URL = "/api/v1/sync/push/"


def item(number: int, **overrides) -> dict:
    entry = {"id": f"doc-{number}", "type": "practice", "url": f"https://vani.example.ge/doc/{number}",
             "fields": {"title_ka": f"დოკუმენტი {number}"}, "themes": ["e-governance"]}  # fmt: skip
    entry.update(overrides)
    return entry


def push(client, items, key: str | None = None):
    headers = {"HTTP_ACCEPT_LANGUAGE": "en", **({"HTTP_IDEMPOTENCY_KEY": key} if key else {})}
    return client.post(URL, data=json.dumps({"items": items}), content_type="application/json", **headers)


def test_a_push_creates_updates_and_withdraws_by_external_id(api_key_for, organization, theme):
    client, key = api_key_for(organization)
    first = push(client, [item(1), item(2), item(3)])
    assert first.status_code == 200, first.content
    assert first.json()["counts"] == {"received": 3, "created": 3, "updated": 0, "unchanged": 0, "withdrawn": 0, "invalid": 0}
    practice = Practice.objects.get(title_ka="დოკუმენტი 1")
    assert practice.status == ContentStatus.PUBLISHED and practice.lock_kind == "harvested"
    assert practice.lock_source == "Push API" and practice.organization == organization

    second = push(client, [item(1), item(2, fields={"title_ka": "დოკუმენტი 2 ახალი"}), {"id": "doc-3", "deleted": True}])
    results = second.json()["results"]
    assert [entry["result"] for entry in results] == ["unchanged", "updated", "withdrawn"]
    assert Practice.objects.get(title_ka="დოკუმენტი 3").status == ContentStatus.ARCHIVED
    assert Practice.objects.get(pk=practice.pk).version == practice.version
    assert Practice.objects.filter(organization=organization).count() == 3
    assert Run.objects.filter(trigger="push").count() == 2
    assert AuditEntry.objects.filter(action="sync_push.received", api_key=key).count() == 2


def test_a_bad_item_is_a_result_with_field_errors_never_a_failed_batch(api_key_for, organization):
    client, _key = api_key_for(organization)
    response = push(client, [item(1), item(2, fields={"title_ka": "x" * 400}), "nope", item(3, fields={"title_ka": "x", "colour": "red"}), item(4), item(4)])
    assert response.status_code == 200
    results = response.json()["results"]
    assert [entry["result"] for entry in results] == ["created", "invalid", "invalid", "invalid", "invalid", "created"]
    assert results[4]["errors"] == {"id": ["The same id comes again later in this batch; the later one counts."]}
    assert results[1]["errors"] == {"title_ka": ["Ensure this value has at most 300 characters (it has 400)."]}
    assert results[2]["errors"] == {"item": ["Every item must be a JSON object."]}
    assert results[3]["errors"] == {"colour": ["practice has no field “colour”."]}
    assert Practice.objects.filter(organization=organization).count() == 2


def test_a_retry_with_the_same_idempotency_key_returns_the_first_answer_and_changes_nothing(api_key_for, organization):
    client, _key = api_key_for(organization)
    first = push(client, [item(1)], key="batch-2026-01")
    practice = Practice.objects.get(title_ka="დოკუმენტი 1")
    version, runs = practice.version, Run.objects.count()

    retry = push(client, [item(1)], key="batch-2026-01")

    assert retry.status_code == 200 and retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert Practice.objects.get(pk=practice.pk).version == version
    assert Run.objects.count() == runs


def test_a_different_body_with_a_used_key_is_refused(api_key_for, organization):
    client, _key = api_key_for(organization)
    push(client, [item(1)], key="k1")
    refused = push(client, [item(2)], key="k1")
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "idempotency_key_reused"
    assert not Practice.objects.filter(title_ka="დოკუმენტი 2").exists()


def test_keys_are_per_organization(api_key_for, organization, other_organization):
    ours, _ = api_key_for(organization)
    theirs, _ = api_key_for(other_organization)
    push(ours, [item(1)], key="same")
    response = push(theirs, [item(1)], key="same")
    assert response.json()["counts"]["created"] == 1
    assert IdempotentPush.objects.count() == 2
    assert HarvestedItem.objects.filter(external_id="doc-1").count() == 2


def test_more_than_500_items_and_non_write_callers_are_refused(api_key_for, organization, editor_client):
    client, _ = api_key_for(organization)
    too_many = push(client, [item(n) for n in range(501)])
    assert too_many.status_code == 400
    read_only, _ = api_key_for(organization, ApiKey.Scope.READ)
    assert push(read_only, [item(1)]).status_code == 403
    assert push(editor_client, [item(1)]).status_code == 401
    assert not Practice.objects.exists()


def test_pushed_items_are_read_only_through_the_api(api_key_for, organization, editor_client):
    client, _ = api_key_for(organization)
    item_id = push(client, [item(1)]).json()["results"][0]["item_id"]
    response = editor_client.patch(f"/api/v1/practices/{item_id}/", data={"title_ka": "შეცვლილი"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "content_locked"
    assert response.json()["error"]["message"] == "Harvested from Push API: edit it there."


def test_a_500_item_push_is_fast_and_needs_a_bounded_number_of_queries(api_key_for, organization, theme, django_assert_max_num_queries):
    client, _ = api_key_for(organization)
    batch = [item(n) for n in range(500)]
    push(client, batch)
    # The retry of an unchanged batch without a key: one hash comparison per item, no per-item query.
    with django_assert_max_num_queries(40):
        response = push(client, batch)
    assert response.json()["counts"]["unchanged"] == 500


def test_items_that_are_not_objects_or_lack_an_id_are_invalid_results_never_a_failed_batch(api_key_for, organization):
    client, _key = api_key_for(organization)
    response = push(client, [None, "x", 1, [], {"id": ""}, item(1)], key="odd-items")
    assert response.status_code == 200, response.content
    assert [result["result"] for result in response.json()["results"]] == ["invalid"] * 5 + ["created"]
    assert list(Practice.objects.filter(organization=organization).values_list("title_ka", flat=True)) == ["დოკუმენტი 1"]


def test_a_push_in_a_form_body_is_refused_as_an_unsupported_media_type(api_key_for, organization):
    client, _key = api_key_for(organization)
    response = client.post(
        URL, {"items": json.dumps([item(1)])}, format="multipart", HTTP_IDEMPOTENCY_KEY="form-push", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 415, response.content
    assert response.json()["error"]["code"] == "unsupported_media_type"
    assert not Practice.objects.filter(organization=organization).exists()
    assert not IdempotentPush.objects.exists()
