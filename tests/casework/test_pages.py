"""Reception desk, the service office's queue and dashboard, the case page and its forms."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from helhet.access import roles
from helhet.casework import services
from helhet.casework.models import Case, Decision, Status
from helhet.intake.models import Application, Inquiry
from tests import factories
from tests.casework import statuses as build

D = datetime.date


@pytest.fixture
def person(municipality):
    return factories.person(municipality, first_name="Ragnhild", last_name="Berg", birth_date=D(1941, 3, 4))


def test_reception_registers_and_answers_an_inquiry_without_a_case(client, world, reception, person):
    client.force_login(reception)
    response = client.post(
        reverse("intake:inquiry_create") + f"?person={person.pk}",
        {
            "channel": "phone",
            "about": "Hva koster trygghetsalarm?",
            "answer_note": "Forklarte pris og søknad.",
        },
    )
    assert response.status_code == 302
    assert Inquiry.objects.get().outcome == "answered"
    assert not Case.objects.exists()


def test_reception_sees_open_cases_and_team_but_not_assessments(
    client, world, reception, case_worker, person
):
    case = services.application_receive(
        acting_user=case_worker,
        municipality=person.municipality,
        person=person,
        need="Hjelp med stell",
        signed_by="person",
        received_on=D(2026, 11, 20),
    )
    services.assessment_record(
        acting_user=case_worker,
        case=case,
        kind="conversation",
        held_on=D(2026, 11, 21),
        scores={"personlig_hygiene": 4},
        sources="Samtale",
        own_goals="Hemmelig mål",
    )
    inquiry = Inquiry.objects.create(
        municipality=person.municipality,
        person=person,
        channel="phone",
        about="Status?",
        registered_by=reception,
        received_at="2026-11-22T10:00:00Z",
    )
    client.force_login(reception)
    html = client.get(reverse("intake:inquiry", args=[inquiry.pk])).content.decode()
    assert "Team 1 (1–15)" in html
    assert "Hemmelig mål" not in html
    assert client.get(reverse("casework:case", args=[case.pk])).status_code == 403


def test_reception_turns_an_inquiry_into_an_application_and_gets_a_receipt(client, world, reception, person):
    inquiry = Inquiry.objects.create(
        municipality=person.municipality,
        person=person,
        channel="phone",
        about="Klarer ikke stell",
        registered_by=reception,
        received_at="2026-11-23T09:00:00Z",
    )
    client.force_login(reception)
    # Team 1 has no leader with a login: the office leader's team gets it through the fallback, so use team routing.
    factories.user(
        person.municipality, roles.CASE_WORKER, username="teamleder", unit=world["team_a"], leads=True
    )
    response = client.post(
        reverse("casework:application_create") + f"?person={person.pk}&henvendelse={inquiry.pk}",
        {
            "need": "Klarer ikke stell etter slag",
            "what_matters": "Bo hjemme",
            "signed_by": "person",
            "consent_gp": "on",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Søknaden er mottatt" in html
    assert "Født den 4. i måneden (dag 1–15) → Team 1 (1–15)" in html
    assert Application.objects.get().consent_gp
    assert Inquiry.objects.get().outcome == "application"
    # Post/Redirect/Get: the receipt has its own address, and reloading it files nothing again.
    [(receipt_url, status)] = response.redirect_chain
    assert status == 302
    assert receipt_url == reverse("casework:application_receipt", args=[Application.objects.get().pk])
    again = client.get(receipt_url)
    assert "Søknaden er mottatt" in again.content.decode()
    assert (Application.objects.count(), Case.objects.count()) == (1, 1)


def test_the_receipt_is_only_for_intake_roles_of_the_municipality(
    client, world, reception, case_worker, person, nurse, outsider
):
    factories.user(
        person.municipality, roles.CASE_WORKER, username="teamleder", unit=world["team_a"], leads=True
    )
    case = build.case_in(Status.RECEIVED, world, reception, person)
    url = reverse("casework:application_receipt", args=[case.application_id])
    client.force_login(reception)
    assert f"Sak {case.pk}" in client.get(url).content.decode()
    client.force_login(nurse)
    assert client.get(url).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code in (403, 404)
    assert Application.objects.count() == 1


def assessed_case(world, case_worker, person):
    """A received case, assessed, with home health care chosen."""
    case = services.application_receive(
        acting_user=case_worker,
        municipality=person.municipality,
        person=person,
        need="Hjelp",
        signed_by="person",
        received_on=D(2026, 11, 20),
    )
    services.assessment_record(
        acting_user=case_worker,
        case=case,
        kind="conversation",
        held_on=D(2026, 11, 21),
        scores={"personlig_hygiene": 4},
        sources="Samtale",
        chosen_services=[world["home_health"]],
    )
    return case


def test_decision_form_live_check_lists_what_is_missing(client, world, case_worker, person):
    case = assessed_case(world, case_worker, person)
    client.force_login(case_worker)
    response = client.post(
        reverse("casework:decision_create", args=[case.pk]), {"service": world["home_health"].pk}
    )
    decision = Decision.objects.get()
    assert response["Location"] == reverse("casework:decision", args=[decision.pk])
    html = client.post(
        reverse("casework:decision_check", args=[decision.pk]),
        {"outcome": "INNVILGET"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "omfang" in html and "hva du får hjelp til" in html
    html = client.post(
        reverse("casework:decision_check", args=[decision.pk]),
        {"outcome": "AVSLATT", "legal_basis": "hol § 3-2", "facts": "x", "considerations": "y"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Alle deler er på plass" in html
    decision.refresh_from_db()
    assert decision.outcome == ""  # the live check saves nothing


def test_decision_form_reports_a_concurrent_save(client, world, case_worker, person, municipality):
    case = assessed_case(world, case_worker, person)
    decision = services.decision_draft_create(
        acting_user=case_worker, case=case, service=world["home_health"]
    )
    colleague = factories.user(municipality, roles.CASE_WORKER, username="kollega", unit=world["office"])
    services.decision_draft_update(
        acting_user=colleague,
        decision=decision,
        expected_version=decision.version,
        content="Kollegaens tekst",
    )
    client.force_login(case_worker)
    html = client.post(
        reverse("casework:decision", args=[decision.pk]),
        {"content": "Min tekst", "version": 1, "legal_basis": "hol § 3-2"},
    ).content.decode()
    assert "Noen andre har endret dette" in html
    decision.refresh_from_db()
    assert decision.content == "Kollegaens tekst"


def _bulk_cases(municipality, person, owner, team, count):
    applications = Application.objects.bulk_create(
        Application(
            municipality=municipality,
            person=person,
            need="x",
            signed_by="person",
            received_on=D(2026, 10, 1),
            expected_answer_by=D(2026, 10, 29),
            routed_to=team,
            routing_explanation="x",
        )
        for _ in range(count)
    )
    Case.objects.bulk_create(
        Case(
            municipality=municipality,
            person=person,
            application=a,
            owner=owner,
            team=team,
            received_on=D(2026, 9, 1) if i % 2 else D(2026, 11, 20),
            handoff_count=i % 4,
        )
        for i, a in enumerate(applications)
    )


@pytest.mark.parametrize("count", [10, 3000])
def test_queue_dashboard_and_case_page_use_a_fixed_number_of_queries(
    client, world, case_worker, person, count, django_assert_max_num_queries
):
    _bulk_cases(person.municipality, person, case_worker, world["office"], count)
    case = services.application_receive(
        acting_user=case_worker,
        municipality=person.municipality,
        person=person,
        need="Hjelp",
        signed_by="person",
        received_on=D(2026, 11, 20),
    )
    client.force_login(case_worker)
    # One query finds the service areas whose cases the user may list (access.policy.case_areas).
    with django_assert_max_num_queries(24):  # whatever the number of cases (one for the reminders)
        html = client.get(reverse("casework:queue")).content.decode()
    assert "Foreløpig svar på overtid" in html
    # 26 on SQLite (the menu's inbox count and the footer included, the citizen's message thread, the
    # documents kept from innsyn, the attachments and the letters' deliveries); PostgreSQL also locks the
    # access-log chain
    with django_assert_max_num_queries(26 + (connection.vendor == "postgresql")):
        assert client.get(reverse("casework:case", args=[case.pk])).status_code == 200


def test_the_case_page_asks_no_more_queries_for_more_decisions(client, world, case_worker, person):
    case = assessed_case(world, case_worker, person)
    services.decision_draft_create(acting_user=case_worker, case=case, service=world["home_health"])
    client.force_login(case_worker)
    url = reverse("casework:case", args=[case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one_decision:
        assert client.get(url).status_code == 200
    for _ in range(2):
        services.decision_draft_create(acting_user=case_worker, case=case, service=world["home_health"])
    with CaptureQueriesContext(connection) as three_decisions:
        page = client.get(url).content.decode()
    assert page.count("Fortsett utkastet") == 3
    assert len(three_decisions) == len(one_decision)


def test_routing_page_lists_rules_in_words_and_the_admin_adds_one(
    client, world, reception, admin_user, municipality
):
    client.force_login(reception)
    html = client.get(reverse("intake:routing")).content.decode()
    assert "Fødselsdag i måneden" in html and "Team 1 (1–15)" in html
    assert (
        client.post(reverse("intake:routing"), {"kind": "fallback", "team": world["office"].pk}).status_code
        == 403
    )
    client.force_login(admin_user)
    response = client.post(
        reverse("intake:routing"),
        {"kind": "age", "age_from": 0, "age_to": 17, "position": 1, "team": world["team_b"].pk},
    )
    assert response.status_code == 302
    html = client.get(reverse("intake:routing")).content.decode()
    assert "Aldersgruppe: 0–17 år" in html
    html = client.post(
        reverse("intake:routing"), {"kind": "zone", "team": world["team_b"].pk}
    ).content.decode()
    assert "Må fylles ut for denne regeltypen." in html
