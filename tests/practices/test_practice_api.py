"""The practice API beyond permissions: conditional requests, concurrency, revisions, bad input, filters, open data."""

import csv
import io
import json

import pytest

from municipalities.models import AuditEntry
from practices.models import Adoption, OrganizationDataPolicy, Practice, Revision
from practices.services.adoption import adoption_create
from tests.actors import TEST_ACTOR

pytestmark = pytest.mark.django_db


def detail(item) -> str:
    return f"/api/v1/practices/{item.pk}/"


def test_detail_by_id_and_by_slug_carry_etag_and_last_modified(api_client, published_practice):
    by_id = api_client.get(detail(published_practice))
    by_slug = api_client.get(f"/api/v1/practices/by-slug/{published_practice.organization.slug}/{published_practice.slug}/")
    assert by_id.status_code == by_slug.status_code == 200
    assert by_id.json() == by_slug.json()
    assert by_id["ETag"] == f'"{published_practice.pk}.{published_practice.version}"'
    assert by_id["Last-Modified"]


def test_conditional_get_answers_304(api_client, published_practice):
    first = api_client.get(detail(published_practice))
    assert api_client.get(detail(published_practice), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert api_client.get(detail(published_practice), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert api_client.get(detail(published_practice), HTTP_IF_NONE_MATCH='"0.0"').status_code == 200


def test_if_match_with_a_stale_etag_gets_412_and_changes_nothing(editor_client, published_practice):
    etag = editor_client.get(detail(published_practice))["ETag"]
    assert editor_client.patch(detail(published_practice), {"title_en": "First"}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    stale = editor_client.patch(detail(published_practice), {"title_en": "Second"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert stale.json() == {"error": {"status": 412, "code": "precondition_failed", "message": stale.json()["error"]["message"]}}
    published_practice.refresh_from_db()
    assert published_practice.title_en == "First"
    assert editor_client.delete(detail(published_practice), HTTP_IF_MATCH=etag).status_code == 412
    assert Practice.objects.filter(pk=published_practice.pk).exists()


def test_if_match_current_etag_succeeds_and_returns_the_new_etag(editor_client, published_practice):
    etag = editor_client.get(detail(published_practice))["ETag"]
    response = editor_client.patch(detail(published_practice), {"title_en": "New"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] == f'"{published_practice.pk}.{published_practice.version + 1}"'


def test_concurrent_writers_with_the_same_version_cannot_both_win(published_practice):
    from hub.errors import StaleVersion
    from practices.services.practice import practice_update

    version = published_practice.version
    first, second = Practice.objects.get(pk=published_practice.pk), Practice.objects.get(pk=published_practice.pk)
    practice_update(actor=TEST_ACTOR, practice=first, expected_version=version, title_en="A")
    with pytest.raises(StaleVersion):
        practice_update(actor=TEST_ACTOR, practice=second, expected_version=version, title_en="B")
    assert Practice.objects.get(pk=published_practice.pk).title_en == "A"


def test_publishing_keeps_revisions_and_the_diff_shows_changed_fields(editor_client, draft_practice):
    editor_client.post(f"{detail(draft_practice)}publish/")
    editor_client.patch(detail(draft_practice), {"challenge_ka": "ახალი გამოწვევა", "activities": [{"activity_ka": "შეხვედრა"}]}, format="json")
    editor_client.post(f"{detail(draft_practice)}publish/")
    revisions = editor_client.get(f"{detail(draft_practice)}revisions/").json()
    assert [revision["number"] for revision in revisions] == [2, 1]
    diff = editor_client.get(f"{detail(draft_practice)}diff/", {"from": 1, "to": 2}).json()
    assert {change["field"] for change in diff} == {"challenge_ka", "activities"}
    challenge = next(change for change in diff if change["field"] == "challenge_ka")
    assert challenge["before"] == "" and challenge["after"] == "ახალი გამოწვევა"
    assert "+ახალი გამოწვევა" in challenge["diff"]
    draft_practice.refresh_from_db()
    assert draft_practice.published_at is not None
    first_published = Revision.objects.get(number=1).created_at
    assert draft_practice.published_at <= first_published
    assert AuditEntry.objects.filter(action="content.published").count() == 2


def test_diff_of_unknown_revision_is_404(editor_client, published_practice):
    response = editor_client.get(f"{detail(published_practice)}diff/", {"from": 1, "to": 7})
    assert response.status_code == 404


def test_missing_georgian_title_and_unknown_theme_are_field_errors_and_nothing_is_saved(editor_client, organization):
    response = editor_client.post("/api/v1/practices/", {"organization": organization.slug, "title_en": "No Georgian"}, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["title_ka"]
    response = editor_client.post(
        "/api/v1/practices/", {"organization": organization.slug, "title_ka": "ა", "themes": ["efficiency", "astrology"]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"themes": ["უცნობი თემა: astrology."]}
    assert not Practice.objects.exists()
    assert not AuditEntry.objects.filter(action="content.created").exists()


def test_negative_budget_and_reversed_period_are_field_errors(editor_client, organization):
    response = editor_client.post(
        "/api/v1/practices/",
        {"organization": organization.slug, "title_ka": "ა", "budget_gel": "-5", "period_start": "2025-05-01", "period_end": "2025-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "budget_gel" in response.json()["error"]["fields"]
    assert not Practice.objects.exists()


def test_duplicate_slug_in_the_same_organization_is_a_field_error(editor_client, organization, published_practice):
    response = editor_client.post("/api/v1/practices/", {"organization": organization.slug, "title_ka": "ა", "slug": published_practice.slug}, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["slug"]


def test_session_user_must_name_the_organization(editor_client):
    response = editor_client.post("/api/v1/practices/", {"title_ka": "ა"}, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["organization"]


def test_api_key_creates_for_its_own_organization(api_key_client, organization):
    response = api_key_client.post("/api/v1/practices/", {"title_ka": "გასაღებით"}, format="json")
    assert response.status_code == 201
    assert response.json()["organization"]["slug"] == organization.slug


@pytest.mark.parametrize("page_size", [5, 50])
def test_list_query_count_does_not_grow_with_page_size(api_client, make_practice, page_size, django_assert_num_queries):
    for number in range(50):
        make_practice(title_ka=f"პრაქტიკა {number}", published=True, themes=["efficiency", "open-data"],
                      activities=[{"activity_ka": "ა"}, {"activity_ka": "ბ"}])
    # count, page, attachments, themes, activities
    with django_assert_num_queries(5):
        response = api_client.get("/api/v1/practices/", {"page_size": page_size})
    assert len(response.json()["results"]) == page_size


def test_theme_filter_counts_each_practice_once_with_all_its_themes(api_client, make_practice, django_assert_num_queries):
    for number in range(12):
        make_practice(title_ka=f"პრაქტიკა {number}", published=True, themes=["efficiency", "open-data"])
    make_practice(title_ka="სხვა თემა", published=True, themes=["open-data"])
    # count, page, attachments, themes, activities: the theme filter adds no query
    with django_assert_num_queries(5):
        body = api_client.get("/api/v1/practices/", {"theme": "efficiency", "page_size": 5}).json()
    assert body["count"] == 12
    assert len({row["id"] for row in body["results"]}) == 5
    assert all(sorted(theme["slug"] for theme in row["themes"]) == ["efficiency", "open-data"] for row in body["results"])


def test_list_filters(api_client, make_practice, other_organization, published_practice):
    other = make_practice(owner=other_organization, title_ka="ქართულად", published=True)

    def ids(**params):
        return [row["id"] for row in api_client.get("/api/v1/practices/", params).json()["results"]]

    assert ids(organization=other_organization.slug) == [other.pk]
    assert ids(region=other_organization.region.slug) == [other.pk]
    assert ids(theme="efficiency") == [published_practice.pk]
    assert ids(language="en") == [published_practice.pk]
    assert ids(language="ka") == [other.pk]
    assert ids(updated_after="2999-01-01T00:00:00+04:00") == []
    assert api_client.get("/api/v1/practices/", {"updated_after": "yesterday"}).status_code == 400


def test_member_list_includes_own_drafts_only(client_for, member, draft_practice, make_practice, other_organization):
    make_practice(owner=other_organization, title_ka="სხვისი დრაფტი")
    rows = client_for(member).get("/api/v1/practices/").json()["results"]
    assert [row["id"] for row in rows] == [draft_practice.pk]


def test_export_csv_and_json_hold_published_rows_only(api_client, published_practice, draft_practice):
    response = api_client.get("/api/v1/practices/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="practices.csv"'
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(row["id"], row["title_ka"], row["themes"]) for row in rows] == [(str(published_practice.pk), published_practice.title_ka, '["efficiency"]')]
    data = json.loads(b"".join(api_client.get("/api/v1/practices/export.json").streaming_content))
    assert [row["id"] for row in data] == [published_practice.pk]


def test_catalog_lists_a_dataset_per_collection_and_publisher_with_its_licence(api_client, published_practice, other_organization, organization):
    OrganizationDataPolicy.objects.create(organization=organization, licence_url="https://creativecommons.org/publicdomain/zero/1.0/")
    adoption_create(actor=TEST_ACTOR, organization=other_organization, practice=published_practice, status=Adoption.Status.ADOPTED, date="2025-01-01")
    response = api_client.get("/api/v1/catalog/")
    assert response["Content-Type"] == "application/ld+json"
    catalog = response.json()
    assert catalog["@type"] == "dcat:Catalog"
    datasets = {dataset["dct:identifier"]: dataset for dataset in catalog["dcat:dataset"]}
    assert {"practices/rustavi-test", "adoptions/vani-test"} <= set(datasets)
    practices = datasets["practices/rustavi-test"]
    assert practices["dct:license"] == {"@id": "https://creativecommons.org/publicdomain/zero/1.0/"}
    assert datasets["adoptions/vani-test"]["dct:license"] == {"@id": OrganizationDataPolicy.DEFAULT_LICENCE}
    urls = sorted(distribution["dcat:downloadURL"]["@id"] for distribution in practices["dcat:distribution"])
    assert urls == ["http://testserver/api/v1/practices/export.csv?organization=rustavi-test",
                    "http://testserver/api/v1/practices/export.json?organization=rustavi-test"]


def test_themes_are_public_and_only_nala_admins_add_them(api_client, editor_client, client_for, nala_admin):
    themes = api_client.get("/api/v1/themes/").json()
    assert len(themes) == 10 and themes[0]["slug"] == "inter-municipal-cooperation"
    assert editor_client.post("/api/v1/themes/", {"slug": "tourism", "name_ka": "ტურიზმი"}, format="json").status_code == 403
    response = client_for(nala_admin).post("/api/v1/themes/", {"slug": "tourism", "name_ka": "ტურიზმი"}, format="json")
    assert response.status_code == 201
    assert AuditEntry.objects.get(action="term.created").actor == nala_admin


def test_adoption_of_own_practice_is_refused(editor_client, organization, published_practice):
    response = editor_client.post("/api/v1/adoptions/", {"organization": organization.slug, "practice": published_practice.pk, "date": "2025-01-01"}, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["practice"]
    assert not Adoption.objects.exists()


def test_detail_needs_four_queries(api_client, published_practice, django_assert_num_queries):
    # item, attachments, themes, activities
    with django_assert_num_queries(4):
        api_client.get(detail(published_practice))


def test_export_with_an_invalid_filter_is_a_400_not_a_broken_file(api_client):
    response = api_client.get("/api/v1/practices/export.csv", {"updated_after": "soon"})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["updated_after"]


def test_export_follows_the_filters(api_client, published_practice, make_practice, other_organization):
    make_practice(owner=other_organization, title_ka="სხვა", published=True)
    rows = json.loads(b"".join(api_client.get("/api/v1/practices/export.json", {"organization": other_organization.slug}).streaming_content))
    assert [row["organization"] for row in rows] == [other_organization.slug]
