"""The case steps that were page-only: interim reply, assignment and handoff, status moves, draft editing
and the appeal's steps, with the same refusals as the page."""

import datetime

import pytest

from helhet.access import roles
from helhet.casework.models import Appeal, Case, Decision, Status
from helhet.core.calendar import local_today
from tests import factories
from tests.casework import statuses as build

D = datetime.date


@pytest.fixture
def person(municipality):
    return factories.person(municipality, first_name="Ragnhild", last_name="Berg", birth_date=D(1941, 3, 4))


def test_interim_reply_assignment_handoff_and_withdrawal(api, world, case_worker, person, municipality):
    case = build.case_in(Status.RECEIVED, world, case_worker, person)
    api.as_(case_worker)
    expected = (local_today() + datetime.timedelta(days=20)).isoformat()
    future = (local_today() + datetime.timedelta(days=1)).isoformat()
    refused = api.post(
        f"/cases/{case.pk}/interim-reply", {"reason": "Venter.", "expected_by": expected, "sent_on": future}
    )
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "sent_on"
    sent = api.post(
        f"/cases/{case.pk}/interim-reply", {"reason": "Venter på epikrise.", "expected_by": expected}
    )
    assert sent.status_code == 200, sent.content
    assert sent.json()["interim_reply_sent_on"] == local_today().isoformat()
    assert sent.json()["interim_reply_late"] is False
    other = factories.user(municipality, roles.CASE_WORKER, username="kollega", unit=world["office"])
    assigned = api.post(f"/cases/{case.pk}/assign", {"owner_user_id": other.pk})
    assert assigned.status_code == 200 and assigned.json()["owner"] == other.display_name
    no_reason = api.post(f"/cases/{case.pk}/assign", {"team_id": world["team_b"].pk})
    assert no_reason.status_code == 422
    handed = api.post(f"/cases/{case.pk}/assign", {"team_id": world["team_b"].pk, "reason": "Bor i sone 2."})
    assert handed.status_code == 200 and handed.json()["handoff_count"] == 1
    assert api.post(f"/cases/{case.pk}/assign", {}).status_code == 422
    no_note = api.post(f"/cases/{case.pk}/transitions", {"to": "withdrawn"})
    assert no_note.status_code == 422 and no_note.json()["detail"][0]["field"] == "note"
    withdrawn = api.post(
        f"/cases/{case.pk}/transitions", {"to": "withdrawn", "note": "Søkeren ringte og trakk."}
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    allowed = withdrawn.json()["allowed_actions"]
    assert not {"decision_draft_create", "decision_send", "interim_reply_send", "case_handoff"} & set(allowed)
    assert not [a for a in allowed if a.startswith("transition:")]
    assert [a["action"] for a in api.get(f"/cases/{case.pk}/actions").json()] == allowed
    again = api.post(f"/cases/{case.pk}/transitions", {"to": "assessment"})
    assert again.json()["detail"] == [
        {"field": "status", "message": "Saken er «Trukket»; den kan ikke gå til «Under kartlegging»."}
    ]


def test_draft_editing_with_expected_version_and_conflict(api, world, case_worker, person):
    case = build.case_in(Status.REVISED, world, case_worker, person)
    old = case.decisions.get()
    api.as_(case_worker)
    created = api.post(
        f"/cases/{case.pk}/decisions", {"service_id": world["home_health"].pk, "supersedes_id": old.pk}
    )
    assert created.status_code == 201, created.content
    draft = created.json()
    second = api.post(
        f"/cases/{case.pk}/decisions", {"service_id": world["home_health"].pk, "supersedes_id": old.pk}
    )
    assert second.status_code == 422
    assert f"vedtak {draft['id']}" in second.json()["detail"][0]["message"]  # … and the way to it: PATCH
    saved = api.patch(
        f"/decisions/{draft['id']}", {"expected_version": draft["version"], "content": "Kveldsstell."}
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["version"] == draft["version"] + 1
    stale = api.patch(
        f"/decisions/{draft['id']}", {"expected_version": draft["version"], "content": "Morgen."}
    )
    assert stale.status_code == 409
    assert Decision.objects.get(pk=draft["id"]).content == "Kveldsstell."
    bad_date = api.patch(
        f"/decisions/{draft['id']}", {"expected_version": saved.json()["version"], "start_date": "2019-01-01"}
    )
    assert bad_date.status_code == 422 and bad_date.json()["detail"][0]["field"] == "start_date"
    sent_one = api.patch(f"/decisions/{old.pk}", {"expected_version": old.version, "content": "x"})
    assert sent_one.status_code == 422


def test_the_appeal_steps_over_the_api(api, world, case_worker, person):
    case = build.case_in(Status.FOLLOW_UP, world, case_worker, person)
    decision = case.decisions.get()
    api.as_(case_worker)
    today = local_today().isoformat()
    oral = api.post(
        f"/decisions/{decision.pk}/appeals",
        {"received_on": today, "change_wanted": "Mer hjelp", "written": False},
    )
    assert oral.status_code == 422 and oral.json()["detail"][0]["field"] == "guidance_given"
    deadline = (local_today() + datetime.timedelta(days=14)).isoformat()
    oral = api.post(
        f"/decisions/{decision.pk}/appeals",
        {
            "received_on": today,
            "change_wanted": "Mer hjelp",
            "written": False,
            "guidance_given": "Forklarte at klagen må sendes skriftlig.",
            "correction_deadline": deadline,
        },
    )
    assert oral.status_code == 201, oral.content
    body = oral.json()
    assert (body["state"], body["defects"], body["correction_deadline"]) == (
        "needs_correction",
        ["ikke skriftlig"],
        deadline,
    )
    appeal_id = body["id"]
    early = api.post(f"/appeals/{appeal_id}/uphold", {"reassessment": "Opprettholdes."})
    assert early.status_code == 422 and "formelle mangler" in early.json()["detail"][0]["message"]
    corrected = api.post(f"/appeals/{appeal_id}/correct", {"corrected_on": today})
    assert corrected.status_code == 200 and corrected.json()["state"] == "received"
    upheld = api.post(f"/appeals/{appeal_id}/uphold", {"reassessment": "Ingen nye opplysninger."})
    assert upheld.status_code == 200 and upheld.json()["state"] == "forwarded"
    assert Case.objects.get(pk=case.pk).status == Status.APPEAL_FORWARDED
    assert api.post(f"/appeals/{appeal_id}/reverse", {"reassessment": "x"}).status_code == 422
    unknown = api.post(f"/appeals/{appeal_id}/authority-outcome", {"outcome": "KANSKJE"})
    assert unknown.status_code == 422
    outcome = api.post(f"/appeals/{appeal_id}/authority-outcome", {"outcome": "OMGJORT"})
    assert outcome.status_code == 200 and outcome.json()["authority_outcome"] == "OMGJORT"
    assert Case.objects.get(pk=case.pk).status == Status.DRAFTING
    read = api.get(f"/cases/{case.pk}").json()
    assert [a["state"] for a in read["appeals"]] == ["closed"]
    assert api.post("/appeals/999999/reverse", {"reassessment": "x"}).status_code == 404


def test_other_roles_and_municipalities_are_refused(api, world, case_worker, reception, outsider, person):
    case = build.case_in(Status.FOLLOW_UP, world, case_worker, person)
    appeal = build.appeal(case, world, "received")
    assert api.as_(reception).post(f"/appeals/{appeal.pk}/reverse", {"reassessment": "x"}).status_code == 403
    assert api.as_(outsider).post(f"/appeals/{appeal.pk}/reverse", {"reassessment": "x"}).status_code == 404
    assert api.as_(reception).get(f"/cases/{case.pk}/actions").status_code == 403
    assert api.as_(outsider).post(f"/cases/{case.pk}/transitions", {"to": "ended"}).status_code == 404
    assert Appeal.objects.get(pk=appeal.pk).state == "received"


def test_sending_a_decision_names_the_responsible_person_the_client_chose(
    api, world, case_worker, person, municipality, leader
):
    """The API's responsible_staff_id reaches the order (it used to be dropped, so the leader always got it);
    a member of staff of another municipality is refused and nothing is sent."""
    from tests.casework.test_process import assess, complete_draft, receive

    nurse = factories.user(municipality, roles.PROVIDER, username="sykepleier", unit=world["home_care"])
    case = receive(world, case_worker, person)
    assess(case_worker, case, chosen_services=[world["home_health"]])
    decision = complete_draft(case_worker, case, world)
    api.as_(case_worker)
    other = factories.municipality(name="Nabokommune", number="9998")
    stranger = factories.user(
        other, roles.PROVIDER, username="fremmed", unit=factories.unit(other, "Nabohjelp")
    )
    refused = api.post(f"/decisions/{decision.pk}/send", {"responsible_staff_id": stranger.staff.pk})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["field"] == "responsible_staff_id"
    decision.refresh_from_db()
    assert decision.state == "draft"
    sent = api.post(f"/decisions/{decision.pk}/send", {"responsible_staff_id": nurse.staff.pk})
    assert sent.status_code == 200, sent.content
    decision.refresh_from_db()
    assert decision.order.responsible == nurse.staff
