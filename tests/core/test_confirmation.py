"""Irreversible page actions ask once more: a post without confirm=1 shows the confirmation step (the same
fields, re-posted with confirm=1) and changes nothing; with it the action happens. The pages' buttons carry
the Designsystemet dialog that adds confirm=1."""

import datetime

import pytest
from django.urls import reverse

from helhet.access.models import ApiToken
from helhet.access.services import api_token_create
from helhet.care import services as care_services
from helhet.casework.models import AppealState, Case, DecisionState, Status
from tests import factories
from tests.casework import statuses as build


@pytest.fixture
def person(municipality):
    return factories.person(
        municipality, first_name="Ragnhild", last_name="Berg", birth_date=datetime.date(1941, 3, 4)
    )


def _asks(response, question: str) -> None:
    html = response.content.decode()
    assert response.status_code == 200
    assert question in html
    assert "Ingenting er endret ennå." in html
    assert 'name="confirm" value="1"' in html


def test_sending_a_decision_asks_first_and_sends_only_when_confirmed(client, world, case_worker, person):
    case = build.case_in(Status.DRAFTING, world, case_worker, person)
    draft = build.draft(case, world, complete=True)
    client.force_login(case_worker)
    url = reverse("casework:decision_send", args=[draft.pk])
    asked = client.post(url, {"delivery_method": "digital"})
    _asks(asked, "Fatte og sende vedtaket?")
    assert '<input type="hidden" name="delivery_method" value="digital">' in asked.content.decode()
    draft.refresh_from_db()
    assert draft.state == DecisionState.DRAFT
    sent = client.post(url, {"delivery_method": "digital", "confirm": "1"}, follow=True)
    assert "Vedtaket er sendt" in sent.content.decode()
    draft.refresh_from_db()
    assert draft.state == DecisionState.SENT


def test_the_decision_page_gives_the_send_button_a_dialog(client, world, case_worker, person):
    case = build.case_in(Status.DRAFTING, world, case_worker, person)
    draft = build.draft(case, world, complete=True)
    client.force_login(case_worker)
    html = client.get(reverse("casework:decision", args=[draft.pk])).content.decode()
    assert 'data-confirm="confirm-send"' in html
    assert '<dialog class="ds-dialog hh-confirm" id="confirm-send"' in html
    assert '<input type="hidden" name="confirm" value="1" disabled>' in html  # only the dialog enables it


@pytest.mark.parametrize("target", [Status.WITHDRAWN])
def test_withdrawing_a_case_asks_first(client, world, case_worker, person, target):
    case = build.case_in(Status.RECEIVED, world, case_worker, person)
    client.force_login(case_worker)
    url = reverse("casework:case_action", args=[case.pk])
    body = {"action": "transition", "to": target, "note": "Søkeren ringte."}
    _asks(client.post(url, body), "Sette saken til «Trukket»?")
    assert Case.objects.get(pk=case.pk).status == Status.RECEIVED
    client.post(url, {**body, "confirm": "1"})
    assert Case.objects.get(pk=case.pk).status == Status.WITHDRAWN


def test_ending_a_case_asks_first(client, world, case_worker, person):
    case = build.case_in(Status.FOLLOW_UP, world, case_worker, person)
    client.force_login(case_worker)
    url = reverse("casework:case_action", args=[case.pk])
    _asks(client.post(url, {"action": "transition", "to": Status.ENDED}), "Sette saken til «Avsluttet»?")
    assert Case.objects.get(pk=case.pk).status == Status.FOLLOW_UP


def test_an_ordinary_move_needs_no_confirmation(client, world, case_worker, person):
    case = build.case_in(Status.RECEIVED, world, case_worker, person)
    client.force_login(case_worker)
    client.post(
        reverse("casework:case_action", args=[case.pk]), {"action": "transition", "to": Status.ASSESSMENT}
    )
    assert Case.objects.get(pk=case.pk).status == Status.ASSESSMENT


def test_forwarding_an_appeal_to_statsforvalteren_asks_first(client, world, case_worker, person):
    case = build.case_in(Status.FOLLOW_UP, world, case_worker, person)
    appeal = build.appeal(case, world, AppealState.RECEIVED)
    client.force_login(case_worker)
    url = reverse("casework:appeal_action", args=[appeal.pk])
    body = {"action": "uphold", "reassessment": "Ingen nye opplysninger."}
    _asks(client.post(url, body), "sende klagen til Statsforvalteren?")
    appeal.refresh_from_db()
    assert appeal.state == AppealState.RECEIVED
    client.post(url, {**body, "confirm": "1"})
    appeal.refresh_from_db()
    assert appeal.state == AppealState.FORWARDED


def test_revoking_a_token_asks_first(client, case_worker):
    raw = api_token_create(user=case_worker, name="Rapport")
    token = ApiToken.objects.get(prefix=raw[3:11])
    client.force_login(case_worker)
    url = reverse("accounts:token_revoke", args=[token.pk])
    _asks(client.post(url), "Trekke tilbake API-nøkkelen «Rapport»?")
    token.refresh_from_db()
    assert token.revoked_at is None
    client.post(url, {"confirm": "1"})
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_deactivating_a_user_asks_first(client, admin_user, case_worker):
    client.force_login(admin_user)
    url = reverse("accounts:user_deactivate", args=[case_worker.pk])
    _asks(client.post(url, {"account-reason": "Sluttet"}), "Deaktivere brukeren?")
    case_worker.refresh_from_db()
    assert case_worker.is_active
    client.post(url, {"account-reason": "Sluttet", "confirm": "1"})
    case_worker.refresh_from_db()
    assert not case_worker.is_active


def test_ending_coordination_asks_first(client, municipality):
    coordinating = factories.unit(municipality, "Koordinerende enhet")
    coordinator = factories.user(municipality, "koordinator", username="koordinator", unit=coordinating)
    person = factories.person(municipality, first_name="Siri", last_name="Dahl")
    factories.responsibility(person, unit=coordinating)
    plan = care_services.coordinator_appoint(
        acting_user=coordinator, person=person, coordinating_unit=coordinating, coordinator=coordinator.staff
    )
    client.force_login(coordinator)
    url = reverse("care:individual_plan", args=[plan.pk])
    _asks(client.post(url, {"action": "end"}), "Avslutte koordineringen?")
    plan.refresh_from_db()
    assert plan.ended_on is None
    client.post(url, {"action": "end", "confirm": "1"})
    plan.refresh_from_db()
    assert plan.ended_on is not None


def test_the_confirmation_step_cancels_back_only_to_this_site(client, world, case_worker, person):
    case = build.case_in(Status.DRAFTING, world, case_worker, person)
    draft = build.draft(case, world, complete=True)
    client.force_login(case_worker)
    url = reverse("casework:decision_send", args=[draft.pk])
    html = client.post(url, HTTP_REFERER="https://evil.example/").content.decode()
    assert "evil.example" not in html
