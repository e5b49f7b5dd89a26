"""The demo's citizens: printed by `helhet demo`, logged in with the development login, a case in every
status on Min side, loaded once."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from helhet.casework.models import Case, Letter
from helhet.demo import citizens
from helhet.people.models import Person
from tests.portal.citizen_helpers import citizen_client

pytestmark = pytest.mark.django_db


def test_the_demo_prints_its_citizens_who_find_a_case_in_every_status():
    out = io.StringIO()
    call_command("demo", persons=40, stdout=out)
    printed = out.getvalue()
    assert "Innbyggere (testinnlogging på /innbygger/logg-inn/):" in printed
    anne = Person.objects.get(last_name=citizens.LAST_NAME, first_name="Anne")
    assert anne.national_id in printed
    statuses = set(Case.objects.filter(person=anne).values_list("status", flat=True))
    assert {"received", "notified", "appeal", "withdrawn", "ended"} <= statuses
    assert Case.objects.filter(person=anne, interim_reply_sent_on__isnull=False).exists()
    assert {"health_care", "social"} <= set(
        Case.objects.filter(person=anne).values_list("service_area", flat=True)
    )
    assert Letter.objects.filter(case__person=anne).count() >= 4  # real stored PDFs
    html = citizen_client(anne.national_id).get(reverse("citizen:cases", args=[anne.pk])).content.decode()
    assert "Søknaden er trukket" in html and "Vi ser på klagen din" in html

    before = Case.objects.count()
    again = io.StringIO()
    call_command("demo", persons=40, stdout=again)
    assert Case.objects.count() == before and anne.national_id in again.getvalue()
