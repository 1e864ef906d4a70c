"""`make demo`'s programme: a finished call whose winners are published practices, an open call with applications."""

import pytest

from competitions.demo import seed
from competitions.models import Application, Call
from practices.models import ContentStatus

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_finished_and_an_open_call_and_runs_twice():
    first = seed()
    assert first["calls"] == 2
    finished = Call.objects.get(edition="2024–2025")
    current = Call.objects.get(edition="2025–2026")
    assert finished.phase == Call.Phase.RESULTS and current.phase == Call.Phase.SUBMISSION
    winners = Application.objects.filter(call=finished, decision=Application.Decision.WINNER).select_related("practice")
    assert winners.count() == 2 and all(w.practice.status == ContentStatus.PUBLISHED for w in winners)
    statuses = sorted(current.applications.values_list("status", flat=True))
    assert statuses == ["draft", "submitted", "submitted"]
    word = current.applications.get(status=Application.Status.DRAFT).practice
    assert word.results_ka and word.activities.count() == 3
    assert seed()["calls"] == 0 and Call.objects.count() == 2
