"""The demo's family representatives: a fullmektig for an old person with cases, a mother of a 13-year-old."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from helhet.core.calendar import local_today
from helhet.core.models import Municipality
from helhet.demo import citizens_family
from helhet.people.models import Relative
from tests.portal.citizen_helpers import citizen_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("demo", persons=200, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Municipality.objects.get(number="9999")


def test_the_family_logins_act_for_their_person_within_the_rules(demo):
    logins = citizens_family.load(demo, local_today())
    assert len(logins) == 2
    assert citizens_family.load(demo, local_today()) == logins  # again: nothing new
    (son_pid, son_text), (mother_pid, mother_text) = logins
    assert "fullmektig" in son_text and "foreldreansvar" in mother_text
    elder = Relative.objects.get(national_id=son_pid).person
    assert elder.cases.exists()
    son = citizen_client(son_pid)
    assert elder.full_name in son.get(reverse("citizen:home")).content.decode()
    assert son.get(reverse("citizen:consents", args=[elder.pk])).status_code == 200
    child = Relative.objects.get(national_id=mother_pid).person
    assert child.age_on(local_today()) == 13 and child.cases.exists()
    mother = citizen_client(mother_pid)
    assert mother.get(reverse("citizen:person", args=[child.pk])).status_code == 200
    # Emma does not want her parents told about her talks: the mother may not see or change consents.
    assert mother.get(reverse("citizen:consents", args=[child.pk])).status_code == 404
