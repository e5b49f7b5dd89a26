"""The status table: every action tried in every status. Allowed ones work; the rest are refused with the
Norwegian message naming the status and the action, and change nothing. The same over the API."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from helhet.access.services import api_token_create
from helhet.casework import actions, closing, services
from helhet.casework.models import AppealState, Case, DecisionState, Status
from helhet.core.calendar import local_today
from tests import factories
from tests.casework import statuses as build

D = datetime.date


@pytest.fixture
def person(municipality):
    return factories.person(municipality, first_name="Ragnhild", last_name="Berg", birth_date=D(1941, 3, 4))


def _other_team(case, world):
    return world["team_b"] if case.team_id != world["team_b"].pk else world["team_a"]


def prepare(action: str, case, world, user):
    """What the action needs, made before the snapshot; returns a function that performs it."""
    today = local_today()
    if action == actions.ASSESSMENT_RECORD:
        return lambda: build.assess(user, case)
    if action == actions.REVIEW_RECORD:
        views = [
            {"unit": world["office"], "view": "Trenger stell."},
            {"unit": world["home_care"], "view": "Vi kan ta det."},
        ]
        return lambda: services.review_record(
            acting_user=user, case=case, held_on=today, conclusion="Enige.", views=views
        )
    if action == actions.DECISION_DRAFT_CREATE:
        return lambda: services.decision_draft_create(
            acting_user=user, case=case, service=world["home_health"], **build.draft_fields(world)
        )
    if action == actions.DECISION_DRAFT_UPDATE:
        draft = build.draft(case, world)
        return lambda: services.decision_draft_update(
            acting_user=user, decision=draft, expected_version=draft.version, content="Kveldsstell."
        )
    if action == actions.DECISION_SEND:
        draft = build.draft(case, world, complete=True)
        return lambda: services.decision_send(acting_user=user, decision=draft, sent_on=today)
    if action == actions.INTERIM_REPLY_SEND:
        return lambda: services.interim_reply_send(
            acting_user=user,
            case=case,
            reason="Venter på epikrise.",
            expected_by=today + datetime.timedelta(30),
        )
    if action == actions.CASE_ASSIGN:
        other = build.colleague(case.municipality)
        return lambda: services.case_assign(acting_user=user, case=case, owner=other)
    if action == actions.CASE_HANDOFF:
        team = _other_team(case, world)
        return lambda: services.case_assign(acting_user=user, case=case, team=team, reason="Riktig team.")
    if action == actions.APPEAL_REGISTER:
        decision = build.sent_decision(case, world)
        return lambda: services.appeal_register(
            acting_user=user, decision=decision, received_on=today, change_wanted="Mer hjelp."
        )
    if action == actions.APPEAL_CORRECT:
        appeal = build.appeal(case, world, AppealState.NEEDS_CORRECTION)
        return lambda: services.appeal_correct(acting_user=user, appeal=appeal, corrected_on=today)
    if action == actions.APPEAL_DISMISS:
        appeal = build.appeal(case, world, "overdue")
        return lambda: services.appeal_dismiss(acting_user=user, appeal=appeal, reason="Ikke signert.")
    if action == actions.APPEAL_REASSESS:
        appeal = build.appeal(case, world, AppealState.RECEIVED)
        return lambda: services.appeal_uphold(
            acting_user=user, appeal=appeal, reassessment="Opprettholdes.", forwarded_on=today
        )
    if action == actions.APPEAL_AUTHORITY_OUTCOME:
        appeal = build.appeal(case, world, AppealState.FORWARDED)
        return lambda: services.appeal_authority_outcome(
            acting_user=user, appeal=appeal, outcome="AVSLATT", decided_on=today
        )
    if action == actions.REVIEW_REQUEST_CREATE:
        decision = build.sent_decision(case, world)
        return lambda: services.review_request_create(
            acting_user=user, decision=decision, from_unit=world["home_care"], reason="Økt behov."
        )
    if action == actions.REVIEW_REQUEST_HANDLE:
        request = build.review_request(case, world, user)
        return lambda: services.review_request_handle(acting_user=user, request=request, note="Vurdert.")
    if action.startswith("transition:"):
        target = action.removeprefix("transition:")
        if target == Status.ENDED:
            build.services_ended(case)  # closing needs the granted services to have ended (casework.closing)
        return lambda: services.case_transition(
            acting_user=user, case=case, to=target, note="Søkeren trekker."
        )
    raise AssertionError(action)


def refusal(status: str, action: str) -> str:
    return f"Saken er «{Status(status).label}»; den kan ikke {actions.label(action)}."


class _RollBack(Exception):
    pass


def try_each_action(status, case, attempt) -> list[str]:
    """Try every action on the same case, each in a savepoint that is rolled back afterwards; returns what
    went wrong, one line per action. (Building the case once per status keeps the 13 × 26 tries fast.)"""
    problems = []
    for action in actions.ACTIONS:
        try:
            with transaction.atomic():
                fresh = Case.objects.get(pk=case.pk)
                problem = attempt(action, fresh)
                if problem:
                    problems.append(f"{status} × {action}: {problem}")
                raise _RollBack
        except _RollBack:
            pass
    return problems


@pytest.mark.parametrize("status", Status.values)
def test_every_action_in_every_status(status, world, case_worker, person):
    case = build.case_in(status, world, case_worker, person)

    def attempt(action, fresh):
        perform = prepare(action, fresh, world, case_worker)
        before = build.snapshot(fresh)
        if actions.allows(status, action):
            try:
                perform()
            except ValidationError as error:
                return f"allowed but refused: {error.messages}"
            if build.snapshot(fresh) == before:
                return "allowed but nothing changed"
            return None
        try:
            perform()
        except ValidationError as error:
            if error.message_dict != {"status": [refusal(status, action)]}:
                return f"refused with the wrong message: {error.message_dict}"
            if build.snapshot(fresh) != before:
                return "refused but something changed"
            return None
        return "not refused"

    assert try_each_action(status, case, attempt) == []


def test_the_table_names_every_status_and_the_key_rules():
    assert set(actions.TABLE) == set(Status.values)
    for closed in (Status.WITHDRAWN, Status.ENDED):
        for action in (
            actions.DECISION_DRAFT_CREATE,
            actions.DECISION_DRAFT_UPDATE,
            actions.DECISION_SEND,
            actions.ASSESSMENT_RECORD,
            actions.REVIEW_RECORD,
            actions.INTERIM_REPLY_SEND,
            actions.CASE_HANDOFF,
        ):
            assert not actions.allows(closed, action)
        assert actions.allows(closed, actions.APPEAL_REGISTER)  # the right to appeal outlives the case
    assert [s for s in Status.values if actions.allows(s, actions.DECISION_SEND)] == [Status.DRAFTING]
    assert not any(actions.allows(s, "transition:decided") for s in Status.values)


def test_the_withdrawn_case_refuses_a_decision(world, case_worker, person):
    """A withdrawn application gets no decision: no draft, no edit of a draft made before, no sending."""
    case = build._receive(world, case_worker, person)
    build.assess(case_worker, case)
    draft = services.decision_draft_create(
        acting_user=case_worker, case=case, service=world["home_health"], **build.draft_fields(world)
    )
    services.case_transition(
        acting_user=case_worker, case=case, to=Status.WITHDRAWN, note="Søkeren trakk søknaden."
    )
    with pytest.raises(ValidationError) as caught:
        services.decision_send(acting_user=case_worker, decision=draft, sent_on=local_today())
    assert caught.value.message_dict == {"status": ["Saken er «Trukket»; den kan ikke få vedtak."]}
    with pytest.raises(ValidationError):
        services.decision_draft_create(
            acting_user=case_worker, case=case, service=world["home_health"], **build.draft_fields(world)
        )
    with pytest.raises(ValidationError):
        services.decision_draft_update(
            acting_user=case_worker, decision=draft, expected_version=draft.version, content="Nytt."
        )
    draft.refresh_from_db()
    assert draft.state == DecisionState.DRAFT and not hasattr(draft, "order")
    case.refresh_from_db()
    assert case.status == Status.WITHDRAWN


def test_the_case_page_shows_only_allowed_actions_and_gives_the_same_refusal(
    client, world, case_worker, person
):
    case = build._receive(world, case_worker, person)
    build.assess(case_worker, case)
    draft = services.decision_draft_create(
        acting_user=case_worker, case=case, service=world["home_health"], **build.draft_fields(world)
    )
    client.force_login(case_worker)
    html = client.get(reverse("casework:case", args=[case.pk])).content.decode()
    assert "Lag vedtaksutkast" in html and "Ny kartlegging" in html and "Send foreløpig svar" in html
    services.case_transition(acting_user=case_worker, case=case, to=Status.WITHDRAWN, note="Trukket.")
    html = client.get(reverse("casework:case", args=[case.pk])).content.decode()
    for hidden in (
        "Lag vedtaksutkast",
        "Ny kartlegging",
        "Registrer inntaksmøte",
        "Send foreløpig svar",
        "Flytt saken til",
    ):
        assert hidden not in html
    assert "kan ikke flyttes eller overføres" in html
    response = client.post(reverse("casework:decision_send", args=[draft.pk]), {"confirm": "1"}, follow=True)
    assert "Saken er «Trukket»; den kan ikke få vedtak." in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == DecisionState.DRAFT


# --- The same table over the API -------------------------------------------------------------------------


@pytest.fixture
def api(client):
    class Api:
        headers: dict = {}

        def as_(self, user):
            self.headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user)}"}
            return self

        def get(self, path):
            return client.get(f"/api/v1{path}", **self.headers)

        def post(self, path, body=None):
            return client.post(
                f"/api/v1{path}", json.dumps(body or {}), content_type="application/json", **self.headers
            )

        def patch(self, path, body):
            return client.patch(
                f"/api/v1{path}", json.dumps(body), content_type="application/json", **self.headers
            )

    return Api()


def prepare_api(action: str, case, world, user, api):
    today = local_today().isoformat()
    if action == actions.ASSESSMENT_RECORD:
        body = {"held_on": "2026-11-23", "scores": {"personlig_hygiene": 4}, "sources": "Samtale"}
        return lambda: api.post(f"/cases/{case.pk}/assessments", body)
    if action == actions.DECISION_DRAFT_CREATE:
        body = {"service_id": world["home_health"].pk, "outcome": "INNVILGET"}
        return lambda: api.post(f"/cases/{case.pk}/decisions", body)
    if action == actions.DECISION_DRAFT_UPDATE:
        draft = build.draft(case, world)
        return lambda: api.patch(
            f"/decisions/{draft.pk}", {"expected_version": draft.version, "content": "Mer."}
        )
    if action == actions.DECISION_SEND:
        draft = build.draft(case, world, complete=True)
        return lambda: api.post(f"/decisions/{draft.pk}/send", {"sent_on": today})
    if action == actions.INTERIM_REPLY_SEND:
        expected = (local_today() + datetime.timedelta(days=30)).isoformat()
        return lambda: api.post(
            f"/cases/{case.pk}/interim-reply", {"reason": "Venter.", "expected_by": expected}
        )
    if action == actions.CASE_ASSIGN:
        other = build.colleague(case.municipality)
        return lambda: api.post(f"/cases/{case.pk}/assign", {"owner_user_id": other.pk})
    if action == actions.CASE_HANDOFF:
        team = _other_team(case, world)
        return lambda: api.post(f"/cases/{case.pk}/assign", {"team_id": team.pk, "reason": "Riktig team."})
    if action == actions.APPEAL_REGISTER:
        decision = build.sent_decision(case, world)
        return lambda: api.post(
            f"/decisions/{decision.pk}/appeals", {"received_on": today, "change_wanted": "Mer."}
        )
    if action == actions.APPEAL_CORRECT:
        appeal = build.appeal(case, world, AppealState.NEEDS_CORRECTION)
        return lambda: api.post(f"/appeals/{appeal.pk}/correct", {"corrected_on": today})
    if action == actions.APPEAL_DISMISS:
        appeal = build.appeal(case, world, "overdue")
        return lambda: api.post(f"/appeals/{appeal.pk}/dismiss", {"reason": "Ikke signert."})
    if action == actions.APPEAL_REASSESS:
        appeal = build.appeal(case, world, AppealState.RECEIVED)
        return lambda: api.post(f"/appeals/{appeal.pk}/uphold", {"reassessment": "Opprettholdes."})
    if action == actions.APPEAL_AUTHORITY_OUTCOME:
        appeal = build.appeal(case, world, AppealState.FORWARDED)
        return lambda: api.post(f"/appeals/{appeal.pk}/authority-outcome", {"outcome": "AVSLATT"})
    if action.startswith("transition:"):
        target = action.removeprefix("transition:")
        if target == Status.ENDED:
            build.services_ended(case)
        return lambda: api.post(f"/cases/{case.pk}/transitions", {"to": target, "note": "Søkeren trekker."})
    return None


API_ACTIONS = [
    a
    for a in actions.ACTIONS
    if a not in (actions.REVIEW_RECORD, actions.REVIEW_REQUEST_CREATE, actions.REVIEW_REQUEST_HANDLE)
]


@pytest.mark.parametrize("status", Status.values)
def test_every_api_action_in_every_status(status, world, case_worker, person, api):
    case = build.case_in(status, world, case_worker, person)
    api.as_(case_worker)
    offered = {row["action"] for row in api.get(f"/cases/{case.pk}/actions").json()}
    assert offered == set(closing.offered_actions(case, local_today()))

    def attempt(action, fresh):
        if action not in API_ACTIONS:
            return None
        perform = prepare_api(action, fresh, world, case_worker, api)
        before = build.snapshot(fresh)
        response = perform()
        if actions.allows(status, action):
            if response.status_code not in (200, 201):
                return f"allowed but answered {response.status_code}: {response.content[:300]!r}"
            if build.snapshot(fresh) == before:
                return "allowed but nothing changed"
            return None
        if response.status_code != 422:
            return f"refused with {response.status_code}: {response.content[:300]!r}"
        if response.json()["detail"] != [{"field": "status", "message": refusal(status, action)}]:
            return f"refused with the wrong message: {response.json()['detail']}"
        if build.snapshot(fresh) != before:
            return "refused but something changed"
        return None

    assert try_each_action(status, case, attempt) == []


def test_case_read_over_the_api_lists_allowed_actions(world, case_worker, person, api):
    case = build.case_in(Status.ENDED, world, case_worker, person)
    body = api.as_(case_worker).get(f"/cases/{case.pk}").json()
    assert body["allowed_actions"] == closing.offered_actions(Case.objects.get(pk=case.pk), local_today())
    assert actions.DECISION_DRAFT_CREATE not in body["allowed_actions"]
    assert actions.APPEAL_REGISTER in body["allowed_actions"]


def test_the_page_gives_a_new_owner_as_the_api_does(client, world, case_worker, person, municipality):
    case = build.case_in(Status.RECEIVED, world, case_worker, person)
    other = build.colleague(municipality)
    client.force_login(case_worker)
    html = client.get(reverse("casework:case", args=[case.pk])).content.decode()
    assert "Gi saken ny saksbehandler" in html
    client.post(reverse("casework:case_action", args=[case.pk]), {"action": "owner", "owner": other.pk})
    assert Case.objects.get(pk=case.pk).owner == other
    services.case_transition(acting_user=case_worker, case=case, to=Status.WITHDRAWN, note="Trukket.")
    response = client.post(
        reverse("casework:case_action", args=[case.pk]),
        {"action": "owner", "owner": case_worker.pk},
        follow=True,
    )
    assert "Saken er «Trukket»; den kan ikke få ny saksbehandler." in response.content.decode()
    assert Case.objects.get(pk=case.pk).owner == other
