"""Georgian is never upper-cased: not by capfirst, not by template filters, not by CSS."""

import re
from pathlib import Path

import pytest
from django.contrib.admin import sites
from django.template import Context, Template
from django.utils import translation
from django.utils.text import capfirst

from tests.factories import UserFactory, enable_totp

ROOT = Path(__file__).resolve().parents[2]
MTAVRULI = re.compile("[\u1c90-\u1cbf]")


def test_capfirst_leaves_georgian_alone_and_capitalises_latin():
    assert capfirst("ჯგუფები") == "ჯგუფები"
    assert sites.capfirst("ჯგუფები") == "ჯგუფები"
    assert capfirst("groups") == "Groups"


def test_template_filters_leave_georgian_alone():
    rendered = Template("{{ g|capfirst }} {{ g|title }} {{ g|upper }} {{ e|capfirst }}").render(
        Context({"g": "ჯგუფები", "e": "groups"})
    )
    assert rendered == "ჯგუფები ჯგუფები ჯგუფები Groups"


@pytest.mark.django_db
def test_the_admin_index_has_no_mtavruli(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    enable_totp(admin)
    client.force_login(admin)
    with translation.override("ka"):
        response = client.get("/admin/")
    assert response.status_code == 200
    assert "ჯგუფები" in response.text
    assert not MTAVRULI.search(response.text)


def test_no_template_or_stylesheet_upper_cases_text():
    offenders = []
    for path in [*ROOT.glob("*/templates/**/*.html"), *ROOT.glob("*/static/**/*.css")]:
        if ".venv" in path.parts:
            continue
        text = path.read_text()
        if re.search(r'class="[^"]*\btext-(uppercase|capitalize)\b', text) or re.search(
            r"text-transform:\s*(uppercase|capitalize)", text
        ):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_the_stylesheets_switch_off_bootstrap_and_admin_upper_casing():
    assert "text-transform: none" in (ROOT / "hub/static/hub/hub.css").read_text()
    assert "text-transform: none" in (ROOT / "hub/static/hub/admin.css").read_text()

