"""Each role's day on its start page: what it shows, that every person shown is logged, and bounded queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from helhet.access.models import AccessLog
from helhet.care import services
from helhet.care.models import shift_of
from helhet.intake import services as intake
from tests import factories
from tests.care.conftest import TODAY, grant, plan_with_measure

ALL_WEEK = [0, 1, 2, 3, 4, 5, 6]


def _now_time() -> str:
    """A task time in the current shift (the start page shows the shift the nurse is in)."""
    return timezone.localtime().strftime("%H:%M")


@pytest.fixture
def visits(world, case_worker, municipality, nurse, leader):
    """Two persons with a task in this shift; the first visit is given to the nurse, the second to nobody."""
    rows = []
    for first, street in (("Ragnhild", "Storgata 3"), ("Dagfinn", "Fjordveien 9")):
        person = factories.person(municipality, first_name=first, last_name="Berg", street_address=street)
        decision = grant(world, case_worker, person, amount=7)
        plan, measure = plan_with_measure(nurse, person, decision, times=[_now_time()], weekdays=ALL_WEEK)
        rows.append((person, decision, measure))
    services.visit_assign(
        acting_user=leader,
        unit=world["home_care"],
        person=rows[0][0],
        day=TODAY,
        shift=shift_of(timezone.localtime().time()),
        staff=nurse.staff,
    )
    return rows


def test_the_nurse_sees_her_own_visits_first_with_a_link_to_the_work_list(client, nurse, visits):
    client.force_login(nurse)
    html = client.get(reverse("home")).content.decode()
    assert "Dine besøk i dag" in html
    assert "Ragnhild Berg" in html and "Dagfinn Berg" not in html  # only her own visit
    assert html.index("Dine besøk i dag") < html.index("Dine enheter")
    assert f"{reverse('care:worklist')}?enhet={visits[0][1].provider_unit_id}&amp;mine=1" in html
    assert AccessLog.objects.filter(user=nurse, person=visits[0][0]).exists()
    assert not AccessLog.objects.filter(user=nurse, person=visits[1][0]).exists()


def test_the_leader_sees_not_done_new_deviations_orders_without_plan_and_unassigned_visits(
    client, leader, nurse, visits, world, case_worker, municipality
):
    person, decision, measure = visits[0]
    services.task_record(
        acting_user=nurse,
        measure=measure,
        day=TODAY,
        time=measure.times[0]
        if isinstance(measure.times[0], datetime.time)
        else datetime.time.fromisoformat(str(measure.times[0])),
        status="not_done",
        reason="not_home",
    )
    services.deviation_report(
        acting_user=nurse,
        unit=world["home_care"],
        kind="incident",
        severity="high",
        what="Fall",
        person=person,
    )
    waiting = factories.person(municipality, first_name="Vidar", last_name="Venter")
    grant(world, case_worker, waiting)
    client.force_login(leader)
    html = client.get(reverse("home")).content.decode()
    assert "Ikke utført i dag (1)" in html and "Ragnhild Berg" in html
    assert "Nye avvik (1)" in html and "Hendelse eller skade" in html
    assert "Vedtak som venter på plan (1)" in html and "Vidar Venter" in html
    assert "Besøk uten ansatt i denne vakten" in html and "1 besøk" in html  # Dagfinn's visit
    assert AccessLog.objects.filter(user=leader, person=waiting).exists()


def test_the_case_worker_sees_own_cases_by_deadline_risk(client, world, case_worker, municipality):
    old = factories.person(municipality, first_name="Gammel", last_name="Sak")
    new = factories.person(municipality, first_name="Ny", last_name="Sak")
    from helhet.casework import services as casework

    for person, days_ago in ((new, 1), (old, 40)):
        casework.application_receive(
            acting_user=case_worker,
            municipality=municipality,
            person=person,
            need="Hjelp",
            signed_by="person",
            received_on=TODAY - datetime.timedelta(days=days_ago),
        )
    client.force_login(case_worker)
    html = client.get(reverse("home")).content.decode()
    assert "Dine saker etter frist" in html
    assert html.index("Gammel Sak") < html.index("Ny Sak")
    assert "fristen er passert" in html
    assert AccessLog.objects.filter(user=case_worker, person=old).exists()


def test_reception_sees_open_and_forwarded_inquiries(client, world, reception, municipality):
    asking = factories.person(municipality, first_name="Åse", last_name="Spør")
    sent_on = factories.person(municipality, first_name="Vilde", last_name="Videre")
    intake.inquiry_register(
        acting_user=reception,
        municipality=municipality,
        channel="phone",
        about="Trenger hjelp",
        person=asking,
    )
    forwarded = intake.inquiry_register(
        acting_user=reception, municipality=municipality, channel="phone", about="Til NAV", person=sent_on
    )
    intake.inquiry_forward(
        acting_user=reception, inquiry=forwarded, to_unit=world["nav"], reason="Økonomi", citizen_consent=True
    )
    client.force_login(reception)
    html = client.get(reverse("home")).content.decode()
    assert "Åpne henvendelser (1)" in html and "Åse Spør" in html
    assert "Videresendt, ikke tatt imot ennå (1)" in html and "Vilde Videre" in html
    assert AccessLog.objects.filter(user=reception, person=sent_on).exists()


@pytest.mark.parametrize("extra", [0, 6])
def test_every_start_page_has_the_inbox_slot_and_bounded_queries(
    client,
    django_assert_max_num_queries,
    reception,
    case_worker,
    nurse,
    leader,
    analyst,
    admin_user,
    visits,
    world,
    municipality,
    extra,
):
    for i in range(extra):  # more visits, cases and inquiries: the same number of queries
        person = factories.person(municipality, first_name=f"Ekstra{i}", last_name="Berg")
        decision = grant(world, case_worker, person, amount=7)
        plan_with_measure(nurse, person, decision, times=[_now_time()], weekdays=ALL_WEEK)
        intake.inquiry_register(
            acting_user=reception, municipality=municipality, channel="phone", about="x", person=person
        )
    bounds = ((reception, 16), (case_worker, 18), (nurse, 33), (leader, 36), (analyst, 16), (admin_user, 16))
    for user, bound in bounds:
        client.force_login(user)
        with django_assert_max_num_queries(bound, info=user.username):
            response = client.get(reverse("home"))
        assert response.status_code == 200
        assert "INBOX PANEL SLOT" not in response.content.decode()  # a template comment: not sent
