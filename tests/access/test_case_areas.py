"""Case files by service area: a NAV case worker does not read health cases, nor the service office NAV's, unless
a recorded ground (consent on the application, a joint conversation, an individual plan) says why; the access
log then names that ground."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from helhet.access import roles
from helhet.access.models import AccessAction, AccessLog
from helhet.care import services as care
from helhet.care.models import MeetingKind
from helhet.casework import services as casework
from helhet.core.calendar import long_date
from helhet.intake import services as intake
from helhet.organisation.models import Staff
from tests import factories
from tests.access.conftest import TODAY, health_case, nav_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def kari(municipality):
    return factories.person(municipality, first_name="Kari", last_name="Nordmann")


def _reads(client, user, case) -> tuple[int, int]:
    client.force_login(user)
    return (
        client.get(reverse("casework:case", args=[case.pk])).status_code,
        client.get(f"/api/v1/cases/{case.pk}").status_code,
    )


def _case_log(user, case, *, action=AccessAction.READ):
    return AccessLog.objects.filter(
        user=user, person=case.person, what=f"Saksside: sak {case.pk}", action=action
    )


def test_a_nav_case_worker_cannot_open_a_health_case_nor_the_service_office_a_nav_case(
    client, world, kari, case_worker, nav_worker, reception
):
    health = health_case(world, kari, acting_user=case_worker)
    social = nav_case(world, kari, acting_user=reception)
    assert (health.service_area, social.service_area) == ("health_care", "social")
    assert _reads(client, nav_worker, health) == (404, 404)
    assert _reads(client, case_worker, social) == (404, 404)
    assert not _case_log(nav_worker, health).exists()
    assert not _case_log(case_worker, social).exists()
    # The refused attempts are in the person's log, with why (page and API).
    assert set(
        _case_log(nav_worker, health, action=AccessAction.REFUSED).values_list("reason", flat=True)
    ) == {"Avvist: saken hører til et annet tjenesteområde, uten grunnlag for innsyn på tvers"}
    assert _case_log(case_worker, social, action=AccessAction.REFUSED).count() == 2
    # Each reads their own, and the log says truly who they are.
    assert _reads(client, nav_worker, social) == (200, 200)
    assert set(_case_log(nav_worker, social).values_list("reason", flat=True)) == {
        "Saksbehandler i NAV (sosiale tjenester)"
    }
    client.force_login(nav_worker)
    client.get(reverse("people:detail", args=[kari.pk]))
    register = AccessLog.objects.filter(user=nav_worker, what__startswith="Personside").get()
    assert register.reason == "Saksbehandler i NAV (sosiale tjenester)"


def test_another_areas_letter_appeal_and_writes_answer_as_its_case(
    client, world, kari, case_worker, nav_worker
):
    health = health_case(world, kari, acting_user=case_worker)
    client.force_login(nav_worker)
    assert (
        client.post(
            f"/api/v1/cases/{health.pk}/assessments",
            {"held_on": "2026-12-01", "sources": "x"},
            "application/json",
        ).status_code
        == 404
    )
    assert client.get(f"/api/v1/cases/{health.pk}/handoffs").status_code == 404
    assert client.get(reverse("casework:assessment_create", args=[health.pk])).status_code == 404


def test_the_queue_and_dashboard_list_only_the_users_own_area(
    client, world, kari, case_worker, nav_worker, reception, municipality
):
    health = health_case(world, kari, acting_user=case_worker)
    social = nav_case(world, kari, acting_user=reception)
    client.force_login(nav_worker)
    html = client.get(reverse("casework:queue")).content.decode()
    assert reverse("casework:case", args=[social.pk]) in html
    assert reverse("casework:case", args=[health.pk]) not in html
    client.force_login(case_worker)
    html = client.get(reverse("casework:queue")).content.decode()
    assert reverse("casework:case", args=[health.pk]) in html
    assert reverse("casework:case", args=[social.pk]) not in html
    # A case worker in no unit with a service area works in no area: no case files at all.
    nowhere = factories.user(municipality, roles.CASE_WORKER, username="uten-enhet")
    client.force_login(nowhere)
    html = client.get(reverse("casework:queue")).content.decode()
    assert reverse("casework:case", args=[health.pk]) not in html
    assert _reads(client, nowhere, health) == (404, 404)


@pytest.mark.parametrize("application_area", ["health_care", "social"])
def test_consent_on_the_application_lets_the_other_area_read_and_the_log_says_so(
    client, world, kari, case_worker, nav_worker, reception, application_area
):
    if application_area == "health_care":
        case = health_case(world, kari, acting_user=case_worker, consent_share=True)
        reader = nav_worker
    else:
        case = nav_case(world, kari, acting_user=reception, consent_share=True)
        reader = case_worker
    assert _reads(client, reader, case) == (200, 200)
    expected = f"Samtykke i søknad {long_date(TODAY)} til deling mellom helse og NAV"
    assert set(_case_log(reader, case).values_list("reason", flat=True)) == {expected}
    api = client.get(f"/api/v1/cases/{case.pk}").json()
    assert (api["access_reason"], api["may_work"]) == (expected, False)
    # Reading on a ground is not deciding: the other area cannot assess, draft or move the case.
    html = client.get(reverse("casework:case", args=[case.pk])).content.decode()
    assert "du kan lese den, men ikke behandle den" in html
    assert "Lag vedtaksutkast" not in html
    response = client.post(
        f"/api/v1/cases/{case.pk}/assessments",
        {"held_on": TODAY.isoformat(), "sources": "Samtale"},
        "application/json",
    )
    assert response.status_code == 403
    assert (
        client.post(reverse("casework:case_action", args=[case.pk]), {"action": "transition"}).status_code
        == 403
    )


def test_consent_covers_only_that_applications_cases_and_withdrawal_ends_it_at_once(
    client, world, kari, case_worker, nav_worker, reception
):
    consented = health_case(world, kari, acting_user=case_worker, consent_share=True)
    other = health_case(world, kari, acting_user=case_worker)
    assert _reads(client, nav_worker, consented) == (200, 200)
    assert _reads(client, nav_worker, other) == (404, 404)
    intake.application_consent_withdraw(acting_user=reception, application=consented.application)
    assert _reads(client, nav_worker, consented) == (404, 404)
    with pytest.raises(ValidationError):
        intake.application_consent_withdraw(acting_user=reception, application=consented.application)


def test_a_joint_conversation_is_a_ground_and_the_log_names_it(
    client, world, kari, case_worker, nav_worker, reception
):
    health = health_case(world, kari, acting_user=case_worker)
    assert _reads(client, nav_worker, health) == (404, 404)
    team = Staff.objects.get(user=nav_worker).engagements.get().unit
    starts = timezone.now() + datetime.timedelta(days=2)
    care.meeting_schedule(
        acting_user=nav_worker,
        person=kari,
        kind=MeetingKind.JOINT,
        starts_at=starts,
        organiser=team,
        units=[world["office"]],
    )
    assert _reads(client, nav_worker, health) == (200, 200)
    expected = f"Fellessamtale {long_date(timezone.localdate(starts))} ({team.name})"
    assert set(_case_log(nav_worker, health).values_list("reason", flat=True)) == {expected}


def test_a_meeting_that_is_not_a_joint_conversation_opens_no_other_area(
    client, world, kari, case_worker, nav_worker
):
    health = health_case(world, kari, acting_user=case_worker)
    team = Staff.objects.get(user=nav_worker).engagements.get().unit
    care.meeting_schedule(
        acting_user=nav_worker,
        person=kari,
        kind=MeetingKind.CONFERENCE,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        organiser=team,
        units=[world["office"]],
    )
    assert _reads(client, nav_worker, health) == (404, 404)


@pytest.mark.parametrize("declined", [False, True])
def test_an_individual_plan_is_a_ground_for_its_coordinating_unit_unless_declined(
    client, world, kari, municipality, reception, coordinating_unit, declined
):
    social = nav_case(world, kari, acting_user=reception)
    office_coordinator = factories.user(
        municipality, roles.CASE_WORKER, username="koordinerende-saksbehandler", unit=coordinating_unit
    )
    care.coordinator_appoint(
        acting_user=office_coordinator,
        person=kari,
        coordinating_unit=coordinating_unit,
        coordinator=Staff.objects.get(user=office_coordinator),
        plan_declined=declined,
    )
    if declined:
        assert _reads(client, office_coordinator, social) == (404, 404)
    else:
        assert _reads(client, office_coordinator, social) == (200, 200)
        reasons = set(_case_log(office_coordinator, social).values_list("reason", flat=True))
        assert len(reasons) == 1
        assert reasons.pop().startswith("Individuell plan")


def test_a_case_is_owned_only_by_a_case_worker_of_its_area(world, kari, case_worker, reception, nav_worker):
    social = nav_case(world, kari, acting_user=reception)
    assert social.owner == world["nav_leader"]
    with pytest.raises(ValidationError) as error:
        casework.case_assign(acting_user=nav_worker, case=social, owner=case_worker)
    assert "tjenesteområde" in str(error.value)
    casework.case_assign(acting_user=nav_worker, case=social, owner=nav_worker)


def test_the_consent_is_withdrawn_from_the_case_page_or_the_api_by_the_cases_own_area(
    client, world, kari, case_worker, nav_worker
):
    first = health_case(world, kari, acting_user=case_worker, consent_share=True)
    second = health_case(world, kari, acting_user=case_worker, consent_share=True)
    client.force_login(nav_worker)  # reads on the consent, but may not withdraw it for the other area
    assert client.post(f"/api/v1/applications/{first.application_id}/consent-withdrawal").status_code == 403
    client.force_login(case_worker)
    html = client.get(reverse("casework:case", args=[first.pk])).content.decode()
    assert "Søkeren trekker samtykket til deling tilbake" in html
    client.post(
        reverse("casework:case_action", args=[first.pk]), {"action": "withdraw_consent", "confirm": "1"}
    )
    response = client.post(f"/api/v1/applications/{second.application_id}/consent-withdrawal")
    assert response.status_code == 200
    assert response.json()["consent_withdrawn_on"] == TODAY.isoformat()
    assert client.post(f"/api/v1/applications/{second.application_id}/consent-withdrawal").status_code == 422
    assert _reads(client, nav_worker, first) == (404, 404)
    assert _reads(client, nav_worker, second) == (404, 404)
    client.force_login(case_worker)
    assert "trukket tilbake" in client.get(reverse("casework:case", args=[first.pk])).content.decode()


def test_a_meeting_of_health_units_never_lists_a_nav_decision(client, world, full_person, leader):
    from helhet.casework.models import Decision
    from helhet.catalogue.models import Service
    from helhet.organisation.models import Unit

    Unit.objects.filter(pk=world["home_care"].pk).update(service_area="health_care")
    Decision.objects.create(
        case=full_person["nav_case"],
        service=Service.objects.get(municipality=world["nav"].municipality, name="Økonomisk sosialhjelp"),
        state="sent",
        outcome="INNVILGET",
        sent_on=TODAY,
        appeal_deadline=TODAY,
    )
    client.force_login(leader)
    html = client.get(reverse("care:meeting", args=[full_person["meeting"].pk])).content.decode()
    assert world["home_health"].name in html
    assert "Økonomisk sosialhjelp" not in html


def test_the_inquiry_page_shows_only_the_open_cases_of_the_users_own_area(
    client, world, kari, case_worker, reception, nav_worker
):
    from helhet.intake.models import Inquiry

    health = health_case(world, kari, acting_user=case_worker)
    social = nav_case(world, kari, acting_user=reception)
    inquiry = Inquiry.objects.create(
        municipality=kari.municipality,
        person=kari,
        channel="phone",
        about="Status?",
        registered_by=reception,
        received_at=timezone.now(),
    )
    for user, shown, hidden in ((reception, health, social), (nav_worker, social, health)):
        client.force_login(user)
        html = client.get(reverse("intake:inquiry", args=[inquiry.pk])).content.decode()
        assert f"Sak {shown.pk} fra" in html
        assert f"Sak {hidden.pk} fra" not in html


def test_every_case_changing_endpoint_refuses_a_reader_on_a_ground_and_hides_the_case_without_one(
    client, world, kari, case_worker, nav_worker
):
    consented = health_case(world, kari, acting_user=case_worker, consent_share=True)
    hidden = health_case(world, kari, acting_user=case_worker)
    expected = (TODAY + datetime.timedelta(days=20)).isoformat()
    client.force_login(nav_worker)
    for case, status in ((consented, 403), (hidden, 404)):
        for url, body in (
            (f"/api/v1/cases/{case.pk}/interim-reply", {"reason": "Venter", "expected_by": expected}),
            (f"/api/v1/cases/{case.pk}/assign", {"owner_user_id": nav_worker.pk}),
            (f"/api/v1/cases/{case.pk}/transitions", {"to": "assessment"}),
            (f"/api/v1/cases/{case.pk}/decisions", {"service_id": world["home_health"].pk}),
        ):
            assert client.post(url, body, "application/json").status_code == status, url
    assert client.get(f"/api/v1/cases/{consented.pk}/actions").json() == []
    assert client.get(f"/api/v1/cases/{hidden.pk}/actions").status_code == 404
    assert client.get(f"/api/v1/cases/{hidden.pk}/interim-letter.pdf").status_code == 404
