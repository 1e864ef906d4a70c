"""The web pages for every role: applying (also from Word), reviewing, the dashboard, results and the badge."""

import datetime
import io
from zoneinfo import ZoneInfo

import docx as python_docx
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from competitions.models import Application, Assignment, ConflictDeclaration, Score
from competitions.services import (
    application_decide,
    application_submit,
    assignment_add,
    call_advance,
    call_results_publish,
    review_save,
    review_submit,
)
from competitions.wordform import filled_form_docx, parse_form_docx
from municipalities.actors import Actor
from municipalities.models import Membership
from practices.models import ContentStatus

from .conftest import ACTIVITIES, COMPLETE, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(client):
    def signed_in(user):
        client.force_login(user)
        return client

    return signed_in


def _docx(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_an_editor_starts_an_application_and_sees_what_is_missing(web, editor, call, organization):
    page = web(editor)
    response = page.post(
        reverse("competition-apply", args=[call.slug]),
        {"organization": organization.pk, "theme": call.themes.first().pk, "title_ka": "ელექტრონული საქმისწარმოება"},
    )
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("competition-application-edit", args=[application.pk])
    detail = page.get(reverse("competition-application", args=[application.pk]))
    assert detail.status_code == 200
    assert "Section 8" in detail.content.decode() or "განყოფილება 8" in detail.content.decode()


def test_a_filled_word_form_becomes_a_prefilled_draft_with_the_unplaced_text_shown(web, editor, call, organization):
    values = {"title_ka": "მუნიციპალური რეფორმების ცენტრი", **COMPLETE}
    data = filled_form_docx(values, ACTIVITIES, language="ka")
    page = web(editor)
    response = page.post(
        reverse("competition-apply", args=[call.slug]),
        {"organization": organization.pk, "theme": call.themes.first().pk, "docx": _docx("form.docx", data)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    application = Application.objects.select_related("practice").get()
    practice = application.practice
    assert practice.title_ka == values["title_ka"]
    assert practice.results_ka == COMPLETE["results_ka"] and practice.contact_email == COMPLETE["contact_email"]
    assert [row.activity_ka for row in practice.activities.all()] == [ACTIVITIES[0]["activity_ka"]]
    assert application_submit(application=application, actor=Actor.for_user(editor)).status == Application.Status.SUBMITTED


def test_text_the_importer_cannot_place_is_shown_on_the_draft(web, editor, call, organization):
    import io


    document = python_docx.Document(io.BytesIO(filled_form_docx({"title_ka": "სათაური", **COMPLETE}, ACTIVITIES, language="ka")))
    document.paragraphs[0].insert_paragraph_before("შენიშვნა, რომელიც არცერთ განყოფილებას არ ეკუთვნის")
    buffer = io.BytesIO()
    document.save(buffer)
    assert parse_form_docx(buffer.getvalue()).unplaced
    page = web(editor)
    response = page.post(
        reverse("competition-apply", args=[call.slug]),
        {"organization": organization.pk, "theme": call.themes.first().pk, "docx": _docx("form.docx", buffer.getvalue())},
        follow=True,
    )
    body = response.content.decode()
    assert 'data-testid="unplaced"' in body and "შენიშვნა, რომელიც არცერთ განყოფილებას არ ეკუთვნის" in body


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"%PDF-1.4 not a word file", "not a Word document"), (None, "not NALA's application form")],
    ids=["not-a-docx", "not-nala-form"],
)
def test_a_file_that_is_not_the_form_is_refused_and_nothing_is_created(web, editor, call, organization, data, message):
    if data is None:
        import io

        import docx as python_docx

        document = python_docx.Document()
        document.add_paragraph("სხვა დოკუმენტი")
        buffer = io.BytesIO()
        document.save(buffer)
        data = buffer.getvalue()
    with translation.override("en"):
        response = web(editor).post(
            reverse("competition-apply", args=[call.slug]),
            {"organization": organization.pk, "theme": call.themes.first().pk, "docx": _docx("form.docx", data)},
        )
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert Application.objects.count() == 0


def test_the_blank_form_downloads_and_reads_back(client, call):
    response = client.get(reverse("competition-blank-form", args=[call.slug]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not any(parse_form_docx(response.content).values.values())


def test_a_late_submission_on_the_web_says_why(web, editor, make_application):

    from competitions.models import Call

    application = make_application()
    Call.objects.filter(pk=application.call_id).update(
        opens_at=timezone.now() - datetime.timedelta(days=3), closes_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = web(editor).post(reverse("competition-application-submit", args=[application.pk]), follow=True)
    assert "(Tbilisi time)" in response.content.decode() or "თბილისის დროით" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_reviewers_open_only_their_assignments(web, in_review, call, manager_actor, reviewers, organization, client):
    assignment = assignment_add(application=in_review[0], reviewer=reviewers[0], actor=manager_actor)
    url = reverse("competition-review", args=[assignment.pk])
    assert web(reviewers[0]).get(url).status_code == 200
    assert web(reviewers[1]).get(url).status_code == 404
    assert web(reviewers[1]).get(reverse("competition-application", args=[in_review[0].pk])).status_code == 404
    ConflictDeclaration.objects.create(call=call, reviewer=reviewers[2], organization=organization)
    assert web(reviewers[2]).get(reverse("competition-application", args=[in_review[0].pk])).status_code == 404
    unsecured = person(call.organization, Membership.Role.REVIEWER, mfa=False)
    Assignment.objects.filter(pk=assignment.pk).update(reviewer=unsecured)
    assert web(unsecured).get(url).status_code == 404


def test_a_reviewer_without_two_factor_authentication_is_sent_to_set_it_up(web, in_review, call, manager_actor):
    unsecured = person(call.organization, Membership.Role.REVIEWER, mfa=False)
    assignment = assignment_add(application=in_review[0], reviewer=unsecured, actor=manager_actor)
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=unsecured).delete()
    response = web(unsecured).get(reverse("competition-review", args=[assignment.pk]))
    assert response.status_code == 404  # the programme's reads need 2FA first: nothing of the application shows


def test_an_out_of_range_score_on_the_web_is_refused(web, in_review, call, manager_actor, reviewers):
    assignment = assignment_add(application=in_review[0], reviewer=reviewers[0], actor=manager_actor)
    criterion = call.criteria.first()
    response = web(reviewers[0]).post(reverse("competition-review", args=[assignment.pk]), {f"score_{criterion.pk}": 99})
    assert response.status_code == 400
    assert Score.objects.count() == 0


def test_the_dashboard_is_for_managers_with_two_factor_authentication(web, call, manager, editor, in_review, django_assert_max_num_queries):
    url = reverse("competition-dashboard", args=[call.slug])
    assert web(editor).get(url).status_code == 403
    unsecured = person(call.organization, Membership.Role.COMPETITION_MANAGER, mfa=False)
    response = web(unsecured).get(url)
    assert response.status_code == 403 and reverse("mfa_activate_totp") in response.content.decode()
    page = web(manager)
    with django_assert_max_num_queries(30):
        response = page.get(url + "?normalize=1")
    assert response.status_code == 200 and 'data-testid="ranking"' in response.content.decode()


def test_published_winners_carry_the_badge_and_are_found(
    web, in_review, call, manager_actor, reviewers, client, django_capture_on_commit_callbacks
):
    for number, application in enumerate(in_review):
        for reviewer in reviewers[:2]:
            assignment = assignment_add(application=application, reviewer=reviewer, actor=manager_actor)
            actor = Actor.for_user(reviewer)
            review_save(assignment=assignment, scores={c.pk: {"value": 5 - number} for c in call.criteria.all()}, actor=actor)
            review_submit(assignment=assignment, actor=actor)
    call_advance(call=call, actor=manager_actor)
    application_decide(application=in_review[0], decision=Application.Decision.WINNER, actor=manager_actor)
    with django_capture_on_commit_callbacks(execute=True):
        call_results_publish(call=call, actor=manager_actor)
    practice = in_review[0].practice
    practice.refresh_from_db()
    assert practice.status == ContentStatus.PUBLISHED
    client.logout()
    page = client.get(practice.get_absolute_url())
    assert page.status_code == 200 and 'data-testid="best-practice-badge"' in page.content.decode()
    results = client.get(reverse("competition-results", args=[call.slug])).content.decode()
    assert practice.get_absolute_url() in results and in_review[1].organization.name not in results
    found = client.get(reverse("search"), {"q": "რეფორმებისა"}).content.decode()
    assert practice.get_absolute_url() in found


def test_lists_of_applications_and_reviews_take_a_constant_number_of_queries(web, in_review, editor, reviewers, manager_actor, make_application, make_call):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(user, name):
        page = web(user)
        with CaptureQueriesContext(connection) as queries:
            assert page.get(reverse(name)).status_code == 200
        return len(queries)

    assignment_add(application=in_review[0], reviewer=reviewers[0], actor=manager_actor)
    one = count(editor, "competition-my-applications"), count(reviewers[0], "competition-my-reviews")
    second = make_call()
    for _ in range(3):
        make_application(on=second)
    for application in in_review[1:]:
        assignment_add(application=application, reviewer=reviewers[0], actor=manager_actor)
    assert (count(editor, "competition-my-applications"), count(reviewers[0], "competition-my-reviews")) == one
    assert max(one) <= 20


def test_the_receipt_is_mailed_and_downloadable_with_the_hash(web, editor, make_application, django_capture_on_commit_callbacks, other_organization):
    import pypdf
    from django.core import mail

    application = make_application()
    with django_capture_on_commit_callbacks(execute=True):
        application = application_submit(application=application, actor=Actor.for_user(editor))
    (name, content, mime_type), = mail.outbox[0].attachments
    assert mime_type == "application/pdf" and name == f"receipt-{application.reference}.pdf"
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages).replace("\n", "")
    assert application.content_sha256 in text and application.reference in text
    url = reverse("competition-application-receipt", args=[application.pk])
    response = web(editor).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert web(person(other_organization, Membership.Role.EDITOR, mfa=False)).get(url).status_code == 404


def test_managers_export_the_ranking_and_the_dossier(web, in_review, call, manager, manager_actor, reviewers, editor):
    import openpyxl

    assignment = assignment_add(application=in_review[0], reviewer=reviewers[0], actor=manager_actor)
    actor = Actor.for_user(reviewers[0])
    review_save(assignment=assignment, scores={c.pk: {"value": 4} for c in call.criteria.all()}, actor=actor)
    review_submit(assignment=assignment, actor=actor)
    page = web(manager)
    csv = page.get(reverse("competition-ranking-export", args=[call.slug, "csv"]))
    assert csv.status_code == 200 and in_review[0].reference in csv.content.decode("utf-8-sig")
    xlsx = page.get(reverse("competition-ranking-export", args=[call.slug, "xlsx"]) + "?normalize=1")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    first = [cell.value for cell in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert first[1] == 1 and first[2] == in_review[0].reference and float(first[6]) == 24.0  # 4 × (2 + 3 + 1)
    assert page.get(reverse("competition-ranking-export", args=[call.slug, "exe"])).status_code == 404
    dossier = page.get(reverse("competition-application-dossier", args=[in_review[0].pk]))
    assert dossier.status_code == 200 and dossier.content.startswith(b"%PDF")
    assert web(editor).get(reverse("competition-application-dossier", args=[in_review[0].pk])).status_code == 403
    assert web(editor).get(reverse("competition-ranking-export", args=[call.slug, "csv"])).status_code == 403


def test_editing_the_draft_on_the_web_saves_through_the_practice_service(web, editor, make_application, call):
    application = make_application()
    page = web(editor)
    form = page.get(reverse("competition-application-edit", args=[application.pk])).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and not isinstance(value, list)}
    data.update({
        "version": application.practice.version, "title_ka": application.practice.title_ka,
        "results_ka": "შედეგი ვებიდან", "theme": call.themes.last().pk,
        "activities-TOTAL_FORMS": 1, "activities-INITIAL_FORMS": 0, "activities-0-activity_ka": "ახალი აქტივობა",
    })  # fmt: skip
    response = page.post(reverse("competition-application-edit", args=[application.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    application.refresh_from_db()
    application.practice.refresh_from_db()
    assert application.practice.results_ka == "შედეგი ვებიდან" and application.theme == call.themes.last()
    assert [row.activity_ka for row in application.practice.activities.all()] == ["ახალი აქტივობა"]
    assert list(application.practice.themes.values_list("slug", flat=True)) == [call.themes.last().term.slug]
    stale = page.post(reverse("competition-application-edit", args=[application.pk]), {**data, "results_ka": "ძველი"})
    assert stale.status_code == 400


def test_assigned_reviewers_download_the_attached_files_and_nobody_else(web, in_review, manager_actor, reviewers, editor, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from competitions.models import Call
    from competitions.services import application_attachment_add
    from tests.practices.test_uploads import PNG

    application = in_review[0]
    call = application.call
    Call.objects.filter(pk=call.pk).update(phase=Call.Phase.SUBMISSION, closes_at=call.closes_at + datetime.timedelta(days=1))
    application.refresh_from_db()
    attachment = application_attachment_add(
        application=application, upload=SimpleUploadedFile("photo.png", PNG, content_type="image/png"), actor=Actor.for_user(editor)
    )
    Call.objects.filter(pk=call.pk).update(phase=Call.Phase.REVIEW)
    assignment_add(application=application, reviewer=reviewers[0], actor=manager_actor)
    url = reverse("competition-application-file", args=[application.pk, attachment.pk])
    response = web(reviewers[0]).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert web(reviewers[1]).get(url).status_code == 404
    assert web(reviewers[1]).get(reverse("attachment-download", args=[attachment.pk])).status_code == 404


def test_a_form_without_a_title_asks_for_one_and_creates_nothing(web, editor, call, organization):
    data = filled_form_docx(COMPLETE, ACTIVITIES, language="ka")
    with translation.override("en"):
        response = web(editor).post(
            reverse("competition-apply", args=[call.slug]),
            {"organization": organization.pk, "theme": call.themes.first().pk, "docx": _docx("form.docx", data)},
        )
    assert response.status_code == 400 and "The form has no title" in response.content.decode()
    assert Application.objects.count() == 0


def test_a_manager_opens_a_call_on_the_web(web, manager, editor, themes):
    page = web(manager)
    form = page.get(reverse("competition-call-new")).context["form"]
    rows = form.criteria.initial
    data = {
        "edition": "2026–2027", "title_ka": "საუკეთესო პრაქტიკა 2026", "opens_at": "2026-09-15T00:00",
        "closes_at": "2026-11-30T23:59", "reviewers_per_application": 3, "short_description_word_limit": 500,
        "themes": [themes[0].slug, themes[1].slug], "limit_per_applicant": 1,
        "criteria-TOTAL_FORMS": len(rows), "criteria-INITIAL_FORMS": len(rows),
    }  # fmt: skip
    for index, row in enumerate(rows):
        data.update({f"criteria-{index}-{name}": value for name, value in row.items()})
    response = page.post(reverse("competition-call-new"), data)
    assert response.status_code == 302, response.context["form"].errors
    from competitions.models import Call

    call = Call.objects.get(edition="2026–2027")
    assert call.criteria.count() == 6 and call.themes.count() == 2
    assert timezone.localtime(call.closes_at, ZoneInfo("Asia/Tbilisi")).strftime("%d.%m.%Y %H:%M") == "30.11.2026 23:59"
    assert web(editor).get(reverse("competition-call-new")).status_code == 403
