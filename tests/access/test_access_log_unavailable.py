"""A page that cannot write its access-log row shows nothing: a Norwegian 503, and a security event that
names the recovery command, never person data without its row, never a 500."""

import logging
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from helhet.access.models import AccessLog
from helhet.access.services import access_log_write

LARGEST = 2**63 - 1  # the largest sequence number the column holds


@pytest.fixture
def forged_at_the_end(case_worker, kari):
    """A row slipped into the chain with the largest sequence number, so the next one cannot be numbered."""
    access_log_write(user=case_worker, person=kari, action="read", what="Personside", reason="Test")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO access_accesslog (municipality_id, person_id, user_id, at, action, what, reason, channel,"
            " seq, hash) VALUES (%s, %s, %s, %s, 'read', 'x', 'y', 'web', %s, %s)",
            [kari.municipality_id, kari.pk, case_worker.pk, timezone.now(), LARGEST, "ab" * 32],
        )
    return AccessLog.objects.count()


@pytest.mark.django_db(transaction=True)
def test_a_person_page_that_cannot_log_answers_503_without_the_person(
    client, case_worker, kari_in_home_care, forged_at_the_end, caplog
):
    client.force_login(case_worker)
    with caplog.at_level(logging.ERROR, logger="helhet.security"):
        response = client.get(reverse("people:detail", args=[kari_in_home_care.pk]))
    assert response.status_code == 503
    page = response.content.decode()
    assert "kunne ikke skrive tilgangsloggen" in page
    assert "Nordmann" not in page
    assert AccessLog.objects.count() == forged_at_the_end
    event = next(record for record in caplog.records if "access_log_write_failed" in record.getMessage())
    assert "helhet verify-access-log" in event.getMessage()
    assert "Nordmann" not in event.getMessage()
    # The notes it points to are there, with the owner's steps.
    assert "«Recovery notes for the access log»" in event.getMessage()
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    notes = readme.split("**Recovery notes for the access log**", 1)[1].split("**The access-log key", 1)[0]
    assert "DISABLE TRIGGER access_accesslog_no_update" in notes and "ENABLE TRIGGER" in notes
    assert "helhet verify-access-log --municipality" in notes


@pytest.mark.django_db(transaction=True)
def test_a_list_page_that_cannot_log_answers_503(client, case_worker, kari_in_home_care, forged_at_the_end):
    client.force_login(case_worker)
    response = client.get(reverse("people:list"), {"q": "Kari"})
    assert response.status_code == 503
    assert "Nordmann" not in response.content.decode()
    assert "kunne ikke skrive tilgangsloggen" in response.content.decode()
    assert AccessLog.objects.count() == forged_at_the_end


def test_the_api_answers_503_in_json(client, case_worker, kari_in_home_care, forged_at_the_end):
    client.force_login(case_worker)
    response = client.get(f"/api/v1/persons/{kari_in_home_care.pk}")
    assert response.status_code == 503
    assert "tilgangsloggen" in response.json()["detail"]
