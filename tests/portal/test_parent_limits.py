"""A limit on what a 12–15-year-old's parents are told (pbrl § 3-4 second ledd) keeps the cases it covers
from them on Min side: not listed, not opened, no letters, no decisions to appeal; the cases it does not
cover stay as before, and the parent is told that something is held back."""

import datetime

import pytest
from django.urls import reverse

from helhet.casework import services as casework
from helhet.casework.models import Case
from helhet.catalogue.models import Service
from helhet.core.calendar import local_today
from helhet.people import services as people
from helhet.people.models import Representation
from tests import factories
from tests.portal.citizen_helpers import citizen_client

pytestmark = pytest.mark.django_db
TODAY = local_today()


@pytest.fixture
def family(world, case_worker, municipality):
    born = TODAY.replace(year=TODAY.year - 13) - datetime.timedelta(days=40)
    emma = factories.person(municipality, first_name="Emma", last_name="Berg", birth_date=born)
    mother = factories.synthetic_id(datetime.date(1984, 9, 23))
    lene = factories.relative(
        emma,
        name="Lene Berg",
        relation="parent",
        representation=Representation.PARENTAL_RESPONSIBILITY,
        national_id=mother,
    )
    health = case_for(emma, lene, case_worker, world["home_health"])
    social = case_for(
        emma, lene, case_worker, Service.objects.get(municipality=municipality, name="Økonomisk sosialhjelp")
    )
    return emma, mother, health, social


def case_for(child, parent, case_worker, service):
    """An application registered at the desk, signed by the parent (a child under 18 does not sign)."""
    return casework.application_receive(
        acting_user=case_worker,
        municipality=child.municipality,
        person=child,
        need="Trenger hjelp",
        signed_by="representative",
        representative=parent,
        wished_services=[service],
    )


def limit(case_worker, emma, area):
    return people.parent_information_limit_record(
        acting_user=case_worker,
        person=emma,
        ground="barnets_onske",
        about="Samtaler med helsesykepleier",
        service_area=area,
        reason="Emma vil ikke at foreldrene skal vite om samtalene.",
    )


def url(name, *args):
    return reverse(f"citizen:{name}", args=args)


def test_a_limit_on_health_and_care_hides_those_cases_and_keeps_the_others(family, case_worker):
    emma, mother, health, social = family
    client = citizen_client(mother)
    listed = client.get(url("cases", emma.pk)).content.decode()
    assert f'href="{url("case", emma.pk, health.pk)}"' in listed
    assert "vises ikke for foreldrene" not in listed

    limit(case_worker, emma, "health_care")
    listed = client.get(url("cases", emma.pk)).content.decode()
    assert f'href="{url("case", emma.pk, health.pk)}"' not in listed
    assert f'href="{url("case", emma.pk, social.pk)}"' in listed
    assert "vises ikke for foreldrene her (pasient- og brukerrettighetsloven § 3-4)" in listed
    assert client.get(url("case", emma.pk, health.pk)).status_code == 404
    assert client.get(url("case", emma.pk, social.pk)).status_code == 200
    receipt = client.get(url("apply_receipt", emma.pk, health.application_id))
    assert receipt.status_code == 404  # the desk registered it: not hers to see


def test_a_limit_without_an_area_hides_every_case_but_the_parent_may_still_apply(family, case_worker):
    emma, mother, health, social = family
    limit(case_worker, emma, "")
    client = citizen_client(mother)
    listed = client.get(url("cases", emma.pk)).content.decode()
    for case in (health, social):
        assert f'href="{url("case", emma.pk, case.pk)}"' not in listed
        assert client.get(url("case", emma.pk, case.pk)).status_code == 404
    assert client.get(url("apply", emma.pk)).status_code == 200
    assert Case.objects.filter(person=emma).count() == 2  # nothing is deleted, only kept from the parent


def test_an_unknown_area_is_refused_in_norwegian(family, case_worker):
    from django.core.exceptions import ValidationError

    emma, _mother, _health, _social = family
    with pytest.raises(ValidationError) as refused:
        limit(case_worker, emma, "skole")
    assert "Velg et tjenesteområde" in str(refused.value)
