"""NAV's pages: the social assessment form for a NAV case, the economic decision form, the urgent queue and the
time taken on the case page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from helhet.casework import services
from helhet.casework.models import Assessment, Decision
from helhet.catalogue.models import Service
from helhet.core.calendar import local_today
from helhet.intake import services as intake
from helhet.intake.models import Inquiry
from tests import factories


@pytest.fixture
def help_(world, municipality):
    return Service.objects.get(municipality=municipality, name="Økonomisk sosialhjelp")


@pytest.fixture
def nav_case(world, nav_worker, reception, municipality, help_):
    person = factories.person(
        municipality, first_name="Per", last_name="Lund", birth_date=datetime.date(1988, 6, 9)
    )
    inquiry = intake.inquiry_register(
        acting_user=reception,
        municipality=municipality,
        person=person,
        channel="nav",
        about="Bot før soning i morgen.",
        urgent=True,
        received_at=timezone.now() - datetime.timedelta(minutes=30),
    )
    return services.application_receive(
        acting_user=nav_worker,
        municipality=municipality,
        person=person,
        inquiry=inquiry,
        need="Penger til boten.",
        wished_services=[help_],
        signed_by="person",
    )


def test_reception_marks_an_inquiry_urgent_and_it_carries_into_the_application(
    client, world, reception, municipality
):
    person = factories.person(municipality)
    client.force_login(reception)
    client.post(
        reverse("intake:inquiry_create") + f"?person={person.pk}",
        {"channel": "phone", "about": "Strømmen stenges i morgen.", "urgent": "on"},
    )
    inquiry = Inquiry.objects.get()
    assert inquiry.urgent
    page = client.get(
        reverse("casework:application_create") + f"?person={person.pk}&henvendelse={inquiry.pk}"
    )
    assert (
        'name="urgent"' in page.content.decode()
        and "checked" in page.content.decode().split('name="urgent"')[1][:40]
    )


def test_a_nav_case_gets_the_social_assessment_form_without_iplos(client, nav_case, nav_worker, help_):
    client.force_login(nav_worker)
    url = reverse("casework:assessment_create", args=[nav_case.pk])
    page = client.get(url).content.decode()
    assert "Kartlegging for sosiale tjenester" in page and 'name="score_' not in page
    assert "Inntekt 1: kroner per måned" in page and "Hva haster?" in page
    response = client.post(
        url,
        {
            "kind": "conversation",
            "held_on": str(local_today()),
            "household_adults": "1",
            "household_children": "0",
            "income_what_0": "Sosialhjelp",
            "income_amount_0": "8 300",
            "expense_what_0": "Husleie",
            "expense_amount_0": "6 500,50",
            "urgent_need": "Forelegg før soning",
            "sources": "Telefon fra veileder",
            "chosen_services": [help_.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assessment = Assessment.objects.get()
    assert assessment.expenses == [{"what": "Husleie", "amount": "6500.50"}] and assessment.scores == {}
    case_page = client.get(reverse("casework:case", args=[nav_case.pk])).content.decode()
    assert "Husleie kr\xa06\xa0500,50" in case_page and "Forelegg før soning" in case_page


def test_a_bad_amount_in_the_social_form_is_named_in_norwegian(client, nav_case, nav_worker):
    client.force_login(nav_worker)
    response = client.post(
        reverse("casework:assessment_create", args=[nav_case.pk]),
        {
            "kind": "conversation",
            "held_on": str(local_today()),
            "household_adults": "1",
            "household_children": "0",
            "income_what_0": "Lønn",
            "income_amount_0": "mye",
            "sources": "Samtale",
        },
    )
    assert response.status_code == 200
    assert "Skriv beløpet i kroner" in response.content.decode()
    assert not Assessment.objects.exists()


def test_the_decision_form_shows_economic_fields_for_nav_and_care_fields_for_health(
    client, nav_case, nav_worker, case_worker, help_, world, municipality
):
    services.social_assessment_record(
        acting_user=nav_worker,
        case=nav_case,
        kind="conversation",
        held_on=local_today(),
        household_adults=1,
        sources="Samtale",
    )
    draft = services.decision_draft_create(acting_user=nav_worker, case=nav_case, service=help_)
    client.force_login(nav_worker)
    page = client.get(reverse("casework:decision", args=[draft.pk])).content.decode()
    assert (
        "Beløp i kroner" in page
        and "Lån: tilbakebetaling per måned" in page
        and "Vilkår (sosialtjenesteloven § 20)" in page
    )
    assert "Enhet for omfang" not in page and "Utførende enhet" not in page and "Egenandel" not in page
    saved = client.post(
        reverse("casework:decision", args=[draft.pk]),
        {
            "outcome": "INNVILGET",
            "economic_basis": "sotjl_19",
            "benefit_form": "loan",
            "amount": "4 500",
            "amount_period": "once",
            "start_date": str(local_today()),
            "content": "Betaling av forelegget",
            "legal_basis": "sosialtjenesteloven § 18",
            "facts": "Ny jobb",
            "considerations": "Lån",
            "repayment_terms": "Betales tilbake etter avtale når lønnen kommer.",
            "conditions": "Du begynner i jobben.\nDu sier fra om endringer.",
            "version": draft.version,
        },
    )
    assert saved.status_code == 302
    draft.refresh_from_db()
    assert draft.conditions == ["Du begynner i jobben.", "Du sier fra om endringer."]
    assert draft.legal_basis == [
        "sosialtjenesteloven § 19",
        "sosialtjenesteloven § 21",
        "sosialtjenesteloven § 20",
    ]
    assert services.missing_parts(draft) == []
    person = factories.person(municipality, birth_date=datetime.date(1941, 3, 4))
    health = services.application_receive(
        acting_user=case_worker, municipality=municipality, person=person, need="Stell", signed_by="person"
    )
    services.assessment_record(
        acting_user=case_worker,
        case=health,
        kind="home_visit",
        held_on=local_today(),
        scores={},
        sources="Samtale",
    )
    care = services.decision_draft_create(acting_user=case_worker, case=health, service=world["home_health"])
    client.force_login(case_worker)
    page = client.get(reverse("casework:decision", args=[care.pk])).content.decode()
    assert "Enhet for omfang" in page and "Beløp i kroner" not in page


def test_urgent_cases_come_first_in_the_queue_and_the_case_page_shows_the_time_taken(
    client, nav_case, nav_worker, help_, django_assert_max_num_queries
):
    services.social_assessment_record(
        acting_user=nav_worker,
        case=nav_case,
        kind="conversation",
        held_on=local_today(),
        household_adults=1,
        sources="Samtale",
    )
    draft = services.decision_draft_create(
        acting_user=nav_worker,
        case=nav_case,
        service=help_,
        outcome="INNVILGET",
        economic_basis="sotjl_19",
        benefit_form="loan",
        amount="4500",
        amount_period="once",
        start_date=local_today(),
        content="Forelegget",
        facts="Ny jobb",
        considerations="Lån",
        repayment_terms="Etter avtale.",
    )
    client.force_login(nav_worker)
    with django_assert_max_num_queries(24):  # whatever the number of cases (one for the reminders)
        queue = client.get(reverse("casework:queue")).content.decode()
    urgent = queue.split('id="urgent-heading"')[1].split("</section>")[0]
    assert "Haster (1)" in queue and "Per Lund" in urgent
    services.decision_send(acting_user=nav_worker, decision=draft)
    page = client.get(reverse("casework:case", args=[nav_case.pk])).content.decode()
    assert "Vedtak sendt 30 minutter etter at henvendelsen kom inn." in page
    assert "Du får et lån på kr\xa04\xa0500" in page
    letter = client.get(reverse("casework:decision_letter", args=[draft.pk]))
    assert letter["Content-Type"] == "application/pdf"
    assert Decision.objects.get().sent_at is not None
    sent_page = client.get(reverse("casework:decision", args=[draft.pk])).content.decode()
    assert "Tilbakebetaling" in sent_page and "Etter avtale." in sent_page
    assert (
        "Stønad i særlige tilfeller (sosialtjenesteloven § 19)" in sent_page and "Egenandel" not in sent_page
    )
