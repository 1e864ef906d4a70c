"""The Best Practice Programme end to end: a municipality applies by uploading NALA's form filled in Word, checks
the draft and submits; the manager (with TOTP) assigns reviewers; the reviewer (with TOTP) scores and submits; the
manager ranks, decides and publishes; the winner is a published practice with its badge, on the results page and
in search.
"""

import datetime
import time

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.core import mail
from django.utils import timezone

from competitions.models import Application, Call
from competitions.services import application_create, application_submit, call_create
from competitions.wordform import filled_form_docx
from municipalities.actors import Actor
from municipalities.models import Membership, Organization
from practices.models import ContentStatus, Term, Vocabulary
from tests.competitions.conftest import ACTIVITIES, COMPLETE
from tests.factories import MembershipFactory, OrganizationFactory, verified_user

from .conftest import SCREENSHOT_DIR

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Best-practice-2026"
TITLE_KA = "სოფლის მობილური სერვისცენტრი"


def log_in(page, live_server, email: str, secret: str | None = None) -> None:
    page.goto("/accounts/login/")
    login = page.locator("main form").filter(has=page.locator("input[name=login]"))
    login.locator("input[name=login]").fill(email)
    login.locator("input[name=password]").fill(PASSWORD)
    login.locator("button[type=submit]").click()
    if secret is not None:
        page.wait_for_url("**/2fa/authenticate/**")
        page.locator("input[name=code]").fill(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/")


def _with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def test_apply_from_word_review_rank_and_publish(browser, live_server, tmp_path):
    nala_manager = verified_user(email="manager@nala.example.ge", password=PASSWORD)
    reviewer = verified_user(email="reviewer@nala.example.ge", password=PASSWORD, full_name="შემფასებელი")
    nala = Organization.objects.get(slug="nala")
    MembershipFactory(user=nala_manager, organization=nala, role=Membership.Role.COMPETITION_MANAGER)
    MembershipFactory(user=reviewer, organization=nala, role=Membership.Role.REVIEWER)
    manager_secret, reviewer_secret = _with_totp(nala_manager), _with_totp(reviewer)
    term, _ = Term.objects.get_or_create(vocabulary=Vocabulary.THEME, slug="e-governance", defaults={"name_ka": "ელმმართველობა"})
    call = call_create(
        organization=nala,
        fields={"edition": "2025–2026", "title_ka": "საუკეთესო პრაქტიკის პროგრამა", "reviewers_per_application": 1,
                "opens_at": timezone.now() - datetime.timedelta(days=1), "closes_at": timezone.now() + datetime.timedelta(days=30)},
        themes=[{"term": term.slug}],
        criteria=[{"name_ka": "ინოვაციურობა", "weight": 2, "min_score": 1, "max_score": 5},
                  {"name_ka": "შედეგები", "weight": 3, "min_score": 1, "max_score": 5}],
        actor=Actor.for_user(nala_manager),
    )  # fmt: skip
    # Two other municipalities have applied already.
    for slug in ("vani-bp", "kutaisi-bp"):
        other = OrganizationFactory(slug=slug)
        actor = Actor.system(name="tests", organization=other)
        application = application_create(
            call=call, organization=other, theme=call.themes.get(), title_ka=f"პრაქტიკა {slug}", activities=ACTIVITIES,
            actor=actor, **COMPLETE,
        )  # fmt: skip
        application_submit(application=application, actor=actor)
    municipality = OrganizationFactory(slug="zugdidi-bp", name_ka="ზუგდიდი (ტესტი)")
    applicant = verified_user(email="editor@zugdidi.example.ge", password=PASSWORD)
    MembershipFactory(user=applicant, organization=municipality, role=Membership.Role.EDITOR)
    form = tmp_path / "nala-form.docx"
    form.write_bytes(filled_form_docx({"title_ka": TITLE_KA, **COMPLETE}, ACTIVITIES, language="ka"))

    # The municipality applies with its filled Word form, checks the draft and submits.
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, live_server, applicant.email)
    page.goto(f"/competitions/{call.slug}/")
    page.get_by_test_id("apply").click()
    page.locator("select[name=theme]").select_option(str(call.themes.get().pk))
    page.locator("input[name=docx]").set_input_files(str(form))
    page.get_by_test_id("start").click()
    page.wait_for_url("**/edit/")
    assert page.locator("input[name=title_ka]").input_value() == TITLE_KA
    assert page.locator("textarea[name=results_ka]").input_value() == COMPLETE["results_ka"]
    page.get_by_test_id("save").click()
    page.wait_for_url("**/competitions/applications/*/")
    with_mail = len(mail.outbox)
    page.get_by_test_id("submit").click()
    page.get_by_test_id("receipt").wait_for()
    application = Application.objects.get(organization=municipality)
    assert application.status == Application.Status.SUBMITTED
    assert len(mail.outbox) == with_mail + 1 and mail.outbox[-1].attachments[0][2] == "application/pdf"
    context.close()

    # The deadline passes.
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - datetime.timedelta(seconds=1))

    # The manager starts the review and assigns reviewers automatically.
    manager_context = browser.new_context(base_url=live_server.url)
    manager_page = manager_context.new_page()
    manager_page.set_default_timeout(20_000)
    log_in(manager_page, live_server, nala_manager.email, manager_secret)
    manager_page.goto(f"/competitions/{call.slug}/manage/")
    manager_page.get_by_test_id("advance").click()
    manager_page.get_by_test_id("assign").click()
    manager_page.wait_for_load_state()
    assert call.assignments.count() == 3

    # The reviewer scores every assigned application and submits.
    reviewer_context = browser.new_context(base_url=live_server.url)
    reviewer_page = reviewer_context.new_page()
    reviewer_page.set_default_timeout(20_000)
    log_in(reviewer_page, live_server, reviewer.email, reviewer_secret)
    criteria = list(call.criteria.all())
    for assignment in call.assignments.order_by("id"):
        reviewer_page.goto(f"/competitions/reviews/{assignment.pk}/")
        value = "5" if assignment.application_id == application.pk else "2"
        for criterion in criteria:
            reviewer_page.locator(f"input[name=score_{criterion.pk}]").fill(value)
            reviewer_page.locator(f"textarea[name=comment_{criterion.pk}]").fill("დასაბუთებული შეფასება")
        reviewer_page.get_by_test_id("submit-review").click()
        reviewer_page.wait_for_url(f"**/competitions/reviews/{assignment.pk}/")
    assert call.assignments.filter(status="submitted").count() == 3
    reviewer_context.close()

    # The manager ranks (z-scores too), moves to deliberation, picks the winner and publishes.
    manager_page.goto(f"/competitions/{call.slug}/manage/?normalize=1")
    first_row = manager_page.get_by_test_id("ranking").locator("tbody tr").first
    assert TITLE_KA in first_row.inner_text()
    manager_page.get_by_test_id("advance").click()
    manager_page.get_by_test_id(f"decision-{application.pk}").select_option("winner")
    manager_page.get_by_test_id(f"decide-{application.pk}").click()
    manager_page.get_by_test_id("publish").click()
    manager_page.wait_for_load_state()
    manager_page.screenshot(path=str(SCREENSHOT_DIR / "competitions-dashboard.png"), full_page=True)
    manager_context.close()
    application.refresh_from_db()
    assert application.decision == Application.Decision.WINNER
    practice = application.practice
    practice.refresh_from_db()
    assert practice.status == ContentStatus.PUBLISHED

    # Anyone: the results page lists the winner, its page wears the badge, search finds it.
    public = browser.new_context(base_url=live_server.url)
    public_page = public.new_page()
    public_page.goto(f"/competitions/{call.slug}/results/")
    assert TITLE_KA in public_page.get_by_test_id("winners").inner_text()
    public_page.get_by_role("link", name=TITLE_KA).click()
    assert public_page.get_by_test_id("best-practice-badge").is_visible()
    public_page.goto("/search/?q=მობილური")
    assert public_page.get_by_role("link", name=TITLE_KA).first.is_visible()
    public.close()
