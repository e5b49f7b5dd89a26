"""The staff page of a person's access log ("who read my data"): a period (from/to days, absurd dates
refused in Norwegian) and a CSV download that is itself logged as a read."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from helhet.access.models import AccessLog
from helhet.core.calendar import local_today

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(client, nurse, admin_user, kari_in_home_care):
    """The nurse has read Kari's page; the administrator, who reads the whole log, is logged in."""
    client.force_login(nurse)
    assert client.get(reverse("people:detail", args=[kari_in_home_care.pk])).status_code == 200
    client.force_login(admin_user)
    return kari_in_home_care


def url(person):
    return reverse("people:access_log", args=[person.pk])


def test_a_period_shows_only_its_days(client, logged):
    today, yesterday = local_today(), local_today() - datetime.timedelta(days=1)
    page = client.get(url(logged), {"fra": today.isoformat(), "til": today.isoformat()})
    assert page.status_code == 200
    assert "Personside: personalia, pårørende og oversikt" in page.content.decode()
    earlier = client.get(url(logged), {"fra": "2001-01-01", "til": yesterday.strftime("%d.%m.%Y")})
    assert earlier.status_code == 200
    html = earlier.content.decode()
    assert "Personside: personalia, pårørende og oversikt" not in html
    assert "Ingen rader i perioden" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"fra": "1066-10-14"}, "Velg en dato mellom 01.01.2000 og i dag."),
        ({"til": "9999-12-31"}, "Velg en dato mellom 01.01.2000 og i dag."),
        ({"fra": "31.02.2024"}, "Skriv datoen som dd.mm.åååå."),
        ({"fra": "i går"}, "Skriv datoen som dd.mm.åååå."),
        ({"fra": "2024-05-02", "til": "2024-05-01"}, "Til-datoen kan ikke være før fra-datoen."),
    ],
)
def test_absurd_dates_are_refused_in_norwegian(client, logged, params, message):
    page = client.get(url(logged), params)
    assert page.status_code == 400
    assert message in page.content.decode()
    csv_refused = client.get(url(logged), {**params, "eksport": "csv"})
    assert csv_refused.status_code == 400
    assert not csv_refused.has_header("Content-Disposition")


def test_the_csv_download_is_streamed_and_logged_as_a_read(client, admin_user, logged):
    before = AccessLog.objects.filter(person=logged, user=admin_user).count()
    response = client.get(url(logged), {"fra": local_today().isoformat(), "eksport": "csv"})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert f"tilgangslogg-{logged.pk}-" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert lines[0][:2] == ["Tidspunkt", "Hvem"]
    assert any(
        cell.startswith("Personside: personalia, pårørende og oversikt") for cell in sum(lines[1:], [])
    )
    assert "Test Tjenesteyter" in body
    export = AccessLog.objects.filter(person=logged, user=admin_user).order_by("-seq").first()
    assert AccessLog.objects.filter(person=logged, user=admin_user).count() == before + 1
    assert export.what == "Tilgangslogg, eksport til CSV"


def test_a_cell_that_looks_like_a_formula_is_kept_as_text(client, admin_user, logged):
    from helhet.access.services import access_log_write

    access_log_write(user=admin_user, person=logged, action="read", what="=HYPERLINK(1)", reason="Test")
    body = b"".join(client.get(url(logged), {"eksport": "csv"}).streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in body


def test_provider_staff_get_neither_the_page_nor_the_csv(client, nurse, logged):
    client.force_login(nurse)
    assert client.get(url(logged), {"eksport": "csv"}).status_code == 404


def test_the_api_takes_the_same_period_and_refuses_the_same_dates(client, admin_user, logged):
    api = f"/api/v1/persons/{logged.pk}/access-log"
    assert client.get(api, {"fra": local_today().isoformat()}).json()["count"] >= 1
    assert client.get(api, {"til": "2001-01-01"}).json()["count"] == 0
    refused = client.get(api, {"fra": "1066-10-14"})
    assert refused.status_code == 422
    assert "01.01.2000" in refused.content.decode()
