"""The person at a glance: each viewer sees, linked, what they may see; the rest is absent, not hinted."""

import pytest
from django.urls import reverse

from helhet.access.models import AccessLog
from helhet.intake import services as intake
from tests import factories
from tests.care.conftest import grant, plan_with_measure


@pytest.fixture
def served(world, case_worker, reception, municipality, nurse):
    person = factories.person(municipality, first_name="Ragnhild", last_name="Berg")
    decision = grant(world, case_worker, person)
    plan_with_measure(nurse, person, decision)
    inquiry = intake.inquiry_register(
        acting_user=reception,
        municipality=municipality,
        channel="phone",
        about="Trenger stell",
        person=person,
    )
    factories.relative(person, name="Ola Berg")
    return person, decision, inquiry


def test_the_case_worker_sees_cases_decisions_and_inquiries_linked(client, case_worker, served):
    person, decision, inquiry = served
    client.force_login(case_worker)
    html = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert reverse("casework:case", args=[decision.case_id]) in html
    assert reverse("casework:decision", args=[decision.pk]) in html and "Vedtak som gjelder" in html
    assert reverse("intake:inquiry", args=[inquiry.pk]) in html
    assert "Ola Berg" in html
    assert "Tjenester enhetene dine yter" not in html
    assert AccessLog.objects.filter(user=case_worker, person=person).exists()


def test_the_nurse_sees_the_service_and_plan_but_no_case_files_or_inquiries(client, nurse, served):
    person, decision, inquiry = served
    client.force_login(nurse)
    html = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Tjenester enhetene dine yter" in html and "Helsetjenester i hjemmet" in html
    assert f"{reverse('care:plan', args=[person.pk])}?enhet={decision.provider_unit_id}" in html
    assert reverse("casework:case", args=[decision.case_id]) not in html
    assert reverse("casework:decision", args=[decision.pk]) not in html
    assert reverse("intake:inquiry", args=[inquiry.pk]) not in html
    assert "Henvendelser" not in html and "Saker" not in html.split("<main", 1)[1].split("Personalia")[0]


def test_reception_sees_inquiries_but_no_case_files(client, reception, served):
    person, decision, inquiry = served
    client.force_login(reception)
    html = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert reverse("intake:inquiry", args=[inquiry.pk]) in html
    assert reverse("casework:decision", args=[decision.pk]) not in html
    assert "Vedtak som gjelder" not in html


def test_a_case_worker_of_another_area_does_not_see_the_case(client, nav_worker, served):
    person, decision, _inquiry = served
    client.force_login(nav_worker)
    html = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert reverse("casework:case", args=[decision.case_id]) not in html
    assert "Ingen saker du kan se." in html


def test_breadcrumbs_on_the_person_page(client, case_worker, served):
    client.force_login(case_worker)
    html = client.get(reverse("people:detail", args=[served[0].pk])).content.decode()
    assert 'aria-label="Brødsmuler"' in html and f'href="{reverse("people:list")}"' in html
