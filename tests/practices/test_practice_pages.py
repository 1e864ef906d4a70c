"""The practice pages: list, detail with rendered Markdown, the NALA form, publish, history, drafts, network."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from municipalities.models import AuditEntry
from practices.models import Adoption, ContentStatus, Practice
from practices.services.adoption import adoption_create
from tests.actors import TEST_ACTOR

from .test_uploads import PNG

pytestmark = pytest.mark.django_db


def test_form_creates_a_draft_with_themes_and_activity_rows(client, editor, organization):
    client.force_login(editor)
    response = client.post(
        reverse("practice-create"),
        {
            "organization": organization.pk,
            "title_ka": "სერვისების განვითარების ცენტრი",
            "title_en": "Service development centre",
            "themes": ["efficiency", "e-governance"],
            "challenge_ka": "**გამოწვევა**",
            "activities-TOTAL_FORMS": "2", "activities-INITIAL_FORMS": "0",
            "activities-0-stage_ka": "I ეტაპი", "activities-0-activity_ka": "ანალიზი", "activities-0-result_ka": "ანგარიში",
            "activities-1-activity_ka": "",
        },
    )
    practice = Practice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == practice.get_absolute_url()
    assert practice.status == ContentStatus.DRAFT
    assert sorted(practice.themes.values_list("slug", flat=True)) == ["e-governance", "efficiency"]
    assert list(practice.activities.values_list("stage_ka", "activity_ka", "result_ka")) == [("I ეტაპი", "ანალიზი", "ანგარიში")]
    assert AuditEntry.objects.filter(action="content.created", data__type="practice", actor=editor).count() == 1


def test_form_without_georgian_title_shows_the_field_error_and_saves_nothing(client, editor, organization):
    client.force_login(editor)
    response = client.post(reverse("practice-create"), {"organization": organization.pk, "title_en": "Only English",
                                                         "activities-TOTAL_FORMS": "0", "activities-INITIAL_FORMS": "0"})
    assert response.status_code == 200
    assert response.context["form"].errors["title_ka"] == ["ეს ველი აუცილებელია."]
    assert not Practice.objects.exists()


def test_form_with_unknown_theme_is_a_field_error(client, editor, organization):
    client.force_login(editor)
    response = client.post(reverse("practice-create"), {"organization": organization.pk, "title_ka": "ა", "themes": ["astrology"],
                                                         "activities-TOTAL_FORMS": "0", "activities-INITIAL_FORMS": "0"})
    assert response.status_code == 200
    assert "themes" in response.context["form"].errors
    assert not Practice.objects.exists()


def test_member_cannot_open_the_form(client, member):
    client.force_login(member)
    assert client.get(reverse("practice-create")).status_code == 403


def test_detail_renders_sanitized_markdown_and_the_activity_plan(client, make_practice):
    practice = make_practice(
        published=True, challenge_ka="**მთავარი** <script>alert(1)</script>[ბმული](javascript:alert(1))",
        activities=[{"stage_ka": "I", "activity_ka": "ტრენინგი", "result_ka": "20 თანამშრომელი"}],
    )
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "<strong>მთავარი</strong>" in html
    assert "<script>alert(1)" not in html and "javascript:" not in html
    assert "20 თანამშრომელი" in html


def test_drafts_are_hidden_from_the_public_and_listed_for_members(client, member, draft_practice):
    assert client.get(draft_practice.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert client.get(draft_practice.get_absolute_url()).status_code == 200
    drafts = client.get(reverse("content-drafts")).content.decode()
    assert draft_practice.title in drafts


def test_publish_then_history_shows_the_diff(client, editor, draft_practice):
    client.force_login(editor)
    client.post(draft_practice.page_url("publish"))
    client.post(draft_practice.page_url("edit"), {
        "version": Practice.objects.get().version, "title_ka": draft_practice.title_ka, "title_en": "Electronic documents",
        "activities-TOTAL_FORMS": "0", "activities-INITIAL_FORMS": "0",
    })
    client.post(draft_practice.page_url("publish"))
    response = client.get(draft_practice.page_url("history"), {"from": 1, "to": 2})
    assert response.status_code == 200
    changes = {change.field: change for change in response.context["changes"]}
    assert changes["title_en"].before == "Electronic document flow"
    assert changes["title_en"].after == "Electronic documents"
    assert "short_description_ka" in changes  # the edit form sent it empty


def test_stale_edit_form_is_refused_and_changes_nothing(client, editor, draft_practice):
    client.force_login(editor)
    response = client.post(draft_practice.page_url("edit"), {
        "version": draft_practice.version - 1 if draft_practice.version > 1 else 99, "title_ka": "სხვა",
        "activities-TOTAL_FORMS": "0", "activities-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    with translation.override("ka"):
        expected = gettext("Someone else changed this item while you were editing. Reload it and apply your changes again.")
    assert response.context["form"].non_field_errors() == [expected]
    assert Practice.objects.get().title_ka == draft_practice.title_ka


def test_practice_page_lists_adopters_and_network_draws_the_edge(client, published_practice, other_organization):
    adoption_create(actor=TEST_ACTOR, organization=other_organization, practice=published_practice, status=Adoption.Status.ADOPTED, date="2025-03-01")
    html = client.get(published_practice.get_absolute_url()).content.decode()
    assert other_organization.name_ka in html
    network = client.get(reverse("adoption-network"))
    body = network.content.decode()
    assert "<svg" in body and "<title id=\"network-title\">" in body
    assert [(edge.source, edge.target, edge.practices) for edge in network.context["edges"]] == [
        (published_practice.organization, other_organization, 1)
    ]


def test_list_shows_published_practices_with_filters(client, published_practice, make_practice):
    make_practice(title_ka="სხვა", published=True)
    response = client.get(reverse("practice-list"), {"theme": "efficiency"})
    assert [item.pk for item in response.context["items"]] == [published_practice.pk]


def test_open_data_page_links_every_collection(client):
    html = client.get(reverse("open-data")).content.decode()
    assert "/api/v1/practices/export.csv" in html and "/api/v1/adoptions/export.json" in html


def test_editor_of_another_municipality_records_an_adoption_from_the_page(client, other_editor, other_organization, published_practice):
    client.force_login(other_editor)
    page = client.get(published_practice.get_absolute_url())
    assert page.context["adoption_form"] is not None
    response = client.post(
        reverse("practice-adopt", args=[published_practice.pk]),
        {"organization": other_organization.pk, "status": "adopting", "date": "2025-04-01", "notes_ka": "ტური"},
    )
    assert response.status_code == 302
    adoption = Adoption.objects.get()
    assert (adoption.organization, adoption.practice, adoption.status) == (other_organization, published_practice, "adopting")
    assert AuditEntry.objects.filter(action="adoption.created", actor=other_editor).count() == 1


def test_owner_cannot_adopt_its_own_practice_from_the_page(client, editor, organization, published_practice):
    client.force_login(editor)
    assert client.get(published_practice.get_absolute_url()).context["adoption_form"] is None
    client.post(reverse("practice-adopt", args=[published_practice.pk]), {"organization": organization.pk, "status": "adopted", "date": "2025-04-01"})
    assert not Adoption.objects.exists()


def test_nala_admin_archives_from_the_page_as_moderation(client, nala_admin, published_practice):
    client.force_login(nala_admin)
    response = client.post(published_practice.page_url("archive"))
    assert response.status_code == 302
    published_practice.refresh_from_db()
    assert published_practice.status == ContentStatus.ARCHIVED
    assert AuditEntry.objects.get(action="content.archived").data == {"type": "practice", "moderation": True}


def test_other_editor_cannot_archive_or_edit_from_the_pages(client, other_editor, published_practice):
    client.force_login(other_editor)
    assert client.post(published_practice.page_url("archive")).status_code == 403
    assert client.get(published_practice.page_url("edit")).status_code == 403
    published_practice.refresh_from_db()
    assert published_practice.status == ContentStatus.PUBLISHED


def test_upload_through_the_page_reports_a_lying_extension(client, editor, draft_practice):
    client.force_login(editor)
    # A whole PNG (a header followed by zeros is no longer taken for one: uploads check the file's end too).
    response = client.post(draft_practice.page_url("attach"), {"file": SimpleUploadedFile("report.pdf", PNG, "application/pdf")}, follow=True)
    with translation.override("ka"):
        expected = gettext("The file name's extension (.%(extension)s) does not match its content (%(expected)s).") % {
            "extension": "pdf", "expected": ".png"}
    assert [str(message) for message in response.context["messages"]] == [expected]
    assert not draft_practice.attachments.exists()


def test_list_page_queries_do_not_grow_with_the_number_of_practices(client, make_practice, django_assert_max_num_queries):
    for number in range(25):
        make_practice(title_ka=f"პრაქტიკა {number}", published=True, themes=["efficiency"])
    # session-less request: count, page (with organization and region), themes, activities, theme list,
    # organizations of the organization select
    with django_assert_max_num_queries(6):
        response = client.get(reverse("practice-list"))
    assert len(response.context["items"]) == 20
