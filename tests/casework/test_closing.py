"""Closing a case («Avsluttet»): refused while a granting decision is in force, only with a reason, with a true
confirmation text, and ending the provider's and the office's need-to-know and the open inbox work."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from helhet.access.models import Responsibility
from helhet.access.services import api_token_create
from helhet.casework import closing, services
from helhet.casework.models import Case, Status
from helhet.core.calendar import local_today
from helhet.inbox.models import Item, ItemKind
from tests import factories
from tests.casework import statuses as build

D = datetime.date
CLOSE_WITH_A_REASON = {"action": "transition", "to": Status.ENDED, "note": "Flyttet til annen kommune."}


@pytest.fixture
def person(municipality):
    return factories.person(municipality, first_name="Ragnhild", last_name="Berg", birth_date=D(1941, 3, 4))


def _api_post(client, user, path, body):
    return client.post(
        f"/api/v1{path}",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user)}",
    )


# Every status closing may come from; a case in it reached as the office does (tests/casework/statuses.py).
# «Underrettet» here holds a denial; the others a granted home nursing decision with no end date.
MAY_CLOSE_FROM = [Status.NOTIFIED, Status.FOLLOW_UP, Status.EVALUATION, Status.APPEAL_FORWARDED]


@pytest.mark.parametrize("status", MAY_CLOSE_FROM)
def test_closing_is_refused_while_a_granted_service_runs_and_allowed_once_it_has_ended(
    status, world, case_worker, person
):
    case = build.case_in(status, world, case_worker, person)
    running = status != Status.NOTIFIED
    if running:
        with pytest.raises(ValidationError) as refused:
            services.case_transition(
                acting_user=case_worker, case=case, to=Status.ENDED, note="Flyttet til annen kommune."
            )
        message = refused.value.message_dict["to"][0]
        assert "Helsetjenester i hjemmet gjelder fortsatt" in message
        assert "vedtak om opphør" in message and "forvaltningsloven § 16" in message
        assert Case.objects.get(pk=case.pk).status == status
        build.services_ended(case)
    services.case_transition(acting_user=case_worker, case=case, to=Status.ENDED, note="Tjenesten er slutt.")
    assert Case.objects.get(pk=case.pk).status == Status.ENDED


@pytest.mark.parametrize("status", MAY_CLOSE_FROM)
def test_closing_needs_a_reason(status, world, case_worker, person):
    case = build.case_in(status, world, case_worker, person)
    build.services_ended(case)
    with pytest.raises(ValidationError) as refused:
        services.case_transition(acting_user=case_worker, case=case, to=Status.ENDED, note="  ")
    assert refused.value.message_dict == {"note": ["Skriv hvorfor saken avsluttes."]}
    assert Case.objects.get(pk=case.pk).status == status


def test_a_decision_ending_today_is_still_in_force(world, case_worker, person):
    case = build.case_in(Status.FOLLOW_UP, world, case_worker, person)
    case.decisions.update(end_date=local_today())
    assert closing.close_blocker(case, local_today()) is not None
    assert closing.close_blocker(case, local_today() + datetime.timedelta(days=1)) is None


def test_the_page_offers_no_closing_while_the_service_runs_and_says_why(client, world, case_worker, person):
    case = build.case_in(Status.FOLLOW_UP, world, case_worker, person)
    client.force_login(case_worker)
    html = client.get(reverse("casework:case", args=[case.pk])).content.decode()
    assert '<option value="ended">' not in html
    assert "fatt først et vedtak om opphør, med forhåndsvarsel (forvaltningsloven § 16)" in html
    response = client.post(
        reverse("casework:case_action", args=[case.pk]), CLOSE_WITH_A_REASON | {"confirm": "1"}, follow=True
    )
    assert "gjelder fortsatt" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == Status.FOLLOW_UP


def test_the_page_confirms_closing_with_a_true_text_and_then_closes(client, world, case_worker, person):
    case = build.case_in(Status.FOLLOW_UP, world, case_worker, person)
    build.services_ended(case)
    client.force_login(case_worker)
    html = client.get(reverse("casework:case", args=[case.pk])).content.decode()
    assert '<option value="ended">' in html
    assert "kan ikke åpnes igjen" not in html
    step = client.post(reverse("casework:case_action", args=[case.pk]), CLOSE_WITH_A_REASON).content.decode()
    assert "Saken lukkes. Klage og omgjøring er fortsatt mulig." in step
    assert Case.objects.get(pk=case.pk).status == Status.FOLLOW_UP  # nothing changes before yes
    client.post(reverse("casework:case_action", args=[case.pk]), CLOSE_WITH_A_REASON | {"confirm": "1"})
    assert Case.objects.get(pk=case.pk).status == Status.ENDED


def test_the_api_refuses_and_closes_as_the_page(client, world, case_worker, person):
    case = build.case_in(Status.FOLLOW_UP, world, case_worker, person)
    path = f"/cases/{case.pk}/transitions"
    offered = client.get(
        f"/api/v1/cases/{case.pk}/actions", HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=case_worker)}"
    ).json()
    assert "transition:ended" not in [row["action"] for row in offered]
    running = _api_post(client, case_worker, path, {"to": "ended", "note": "Flyttet."})
    assert running.status_code == 422
    assert "vedtak om opphør" in running.json()["detail"][0]["message"]
    build.services_ended(case)
    no_reason = _api_post(client, case_worker, path, {"to": "ended"})
    assert no_reason.status_code == 422
    assert no_reason.json()["detail"] == [{"field": "note", "message": "Skriv hvorfor saken avsluttes."}]
    assert Case.objects.get(pk=case.pk).status == Status.FOLLOW_UP
    closed = _api_post(client, case_worker, path, {"to": "ended", "note": "Tjenesten er slutt."})
    assert closed.status_code == 200 and closed.json()["status"] == "ended"


def test_closing_ends_the_grants_and_the_open_new_order(world, case_worker, person):
    case = build.case_in(Status.FOLLOW_UP, world, case_worker, person)
    decision = case.decisions.get()
    order_item = Item.objects.get(kind=ItemKind.ORDER, closed_at__isnull=True, person_id=person.pk)
    # The decision's end date passed, but its grant was written without one (an old decision, or data fixed later).
    Responsibility.objects.filter(source=f"decision:{decision.pk}").update(valid_to=None)
    build.services_ended(case)
    services.case_transition(acting_user=case_worker, case=case, to=Status.ENDED, note="Tjenesten er slutt.")
    today = local_today()
    grants = Responsibility.objects.filter(source__in=[f"case:{case.pk}", f"decision:{decision.pk}"])
    assert grants.count() == 2
    assert all(g.valid_to is not None and g.valid_to <= today for g in grants)
    assert not Responsibility.objects.filter(person=person).active_on(today + datetime.timedelta(days=1))
    order_item.refresh_from_db()
    assert order_item.closed_at is not None and order_item.closed_by == case_worker


def test_withdrawing_also_ends_the_case_grant(world, case_worker, person):
    case = build.case_in(Status.WITHDRAWN, world, case_worker, person)
    grant = Responsibility.objects.get(source=f"case:{case.pk}")
    assert grant.valid_to is not None and grant.valid_to <= local_today()


def test_an_appeal_is_still_registered_after_closing(world, case_worker, person):
    case = build.case_in(Status.ENDED, world, case_worker, person)
    appeal = services.appeal_register(
        acting_user=case_worker,
        decision=case.decisions.get(),
        received_on=local_today(),
        change_wanted="Mer.",
    )
    assert appeal.pk is not None
