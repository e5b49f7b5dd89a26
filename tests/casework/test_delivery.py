"""Digital delivery of letters: the channel follows the person (KRR reservation → paper, no address → handed
out), letters go to the outbox as the exact stored bytes once the sending commits, never twice, failures are
retried and fall back to paper, receipts give the day the letter reached the person, and that day moves the
appeal deadline without editing the sent decision."""

import datetime
import hashlib
import json
import types
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from helhet.casework import deadlines, delivery, services
from helhet.casework.models import Decision, Delivery, Letter, ReachedHow
from helhet.casework.outbox import OutboxError, Undeliverable
from helhet.core.calendar import local_today
from helhet.inbox.models import Item, ItemKind
from tests import factories
from tests.casework.test_process import assess, complete_draft, receive

D = datetime.date


@pytest.fixture
def outbox_dir(settings, tmp_path) -> Path:
    settings.HELHET_OUTBOX_DIR = str(tmp_path / "outbox")
    return tmp_path / "outbox"


def _person(municipality, **extra):
    fields = {
        "first_name": "Ragnhild",
        "last_name": "Berg",
        "birth_date": D(1941, 3, 4),
        "street_address": "Fjellveien 3",
        "postal_code": "9999",
        "postal_place": "Demodal",
    }
    fields.update(extra)
    return factories.person(municipality, **fields)


def _send(world, user, person, capture, *, execute=True, sent_on=None, **send):
    today = local_today()
    case = receive(world, user, person, received_on=today - datetime.timedelta(days=90))
    assess(user, case, held_on=today - datetime.timedelta(days=80))
    draft = complete_draft(user, case, world, start_date=today)
    with capture(execute=execute):
        decision = services.decision_send(acting_user=user, decision=draft, sent_on=sent_on or today, **send)
    return Decision.objects.get(pk=decision.pk)


def _delivery(decision, channel=None) -> Delivery:
    rows = Delivery.objects.filter(letter__decision=decision).order_by("pk")
    return rows.get(channel=channel) if channel else rows.get()


def test_a_person_not_reserved_gets_digital_post_with_the_exact_stored_letter(
    world, case_worker, municipality, outbox_dir, django_capture_on_commit_callbacks
):
    person = _person(municipality)
    decision = _send(world, case_worker, person, django_capture_on_commit_callbacks)
    sent = _delivery(decision)
    letter = Letter.objects.get(decision=decision)
    assert (sent.channel, sent.state, sent.attempts) == ("digital", "sent", 1)
    assert sent.sent_at is not None and sent.reached_on is None
    pdf = (outbox_dir / "digital" / f"{letter.pk}.pdf").read_bytes()
    assert pdf == bytes(letter.pdf) and hashlib.sha256(pdf).hexdigest() == letter.sha256
    envelope = json.loads((outbox_dir / "digital" / f"{letter.pk}.json").read_text())
    assert envelope["letter_id"] == letter.pk and envelope["sha256"] == letter.sha256
    assert envelope["channel"] == "digital"
    assert envelope["recipient"]["name"] == "Ragnhild Berg"
    assert envelope["recipient"]["address"] == "Fjellveien 3\n9999 Demodal"
    names = [path.name for path in outbox_dir.rglob("*")]
    assert not any(person.national_id in name or "Berg" in name for name in names)
    # Provisional until a receipt says when it reached the person.
    effective = deadlines.effective_appeal_deadline(decision)
    assert effective.provisional and effective.due == decision.appeal_deadline


def test_a_person_reserved_against_digital_contact_gets_paper(
    world, case_worker, municipality, outbox_dir, django_capture_on_commit_callbacks
):
    person = _person(municipality, reserved_against_digital_contact=True)
    decision = _send(
        world, case_worker, person, django_capture_on_commit_callbacks, delivery_method="digital"
    )
    assert decision.delivery_method == "post" and decision.delivered_on_presumed  # never digital
    paper = _delivery(decision)
    assert (paper.channel, paper.state) == ("paper", "sent")
    letter = paper.letter
    envelope = json.loads((outbox_dir / "paper" / f"{letter.pk}.json").read_text())
    assert "national_id" not in envelope["recipient"]
    assert not (outbox_dir / "digital").exists()


def test_without_an_address_a_paper_letter_is_handed_out_and_the_owner_is_told(
    world, case_worker, municipality, outbox_dir, django_capture_on_commit_callbacks, client
):
    person = _person(
        municipality,
        reserved_against_digital_contact=True,
        street_address="",
        postal_code="",
        postal_place="",
    )
    decision = _send(world, case_worker, person, django_capture_on_commit_callbacks)
    handout = _delivery(decision)
    assert (handout.channel, handout.state) == ("office", "handout")
    assert not outbox_dir.exists()  # nothing to post
    item = Item.objects.get(kind=ItemKind.LETTER, target_id=handout.letter_id)
    assert item.for_user == decision.case.owner and item.closed_at is None
    # The deadline has not started: the letter has not reached the person.
    assert deadlines.effective_appeal_deadline(decision).due is None

    client.force_login(case_worker)
    listing = client.get(reverse("casework:undelivered")).content.decode()
    assert "Må deles ut: mangler adresse" in listing and f"Sak {decision.case_id}: Ragnhild Berg" in listing
    page = client.get(reverse("casework:case", args=[decision.case_id])).content.decode()
    assert "Utlevert på kontoret" in page and "klagefristen løper ikke ennå" in page

    today = local_today()
    response = client.post(
        reverse("casework:delivery_action", args=[handout.pk]),
        {"action": "reached", "reached_on": today.isoformat(), "how": "handed_over"},
    )
    assert response.status_code == 302
    handout.refresh_from_db()
    assert (handout.state, handout.reached_on, handout.reached_how) == ("reached", today, "handed_over")
    item.refresh_from_db()
    assert item.closed_at is not None
    effective = deadlines.effective_appeal_deadline(decision)
    assert not effective.provisional and effective.reached_on == today
    # Never earlier than the day printed in the letter (which presumed it would be posted).
    assert effective.due == max(decision.appeal_deadline, deadlines.appeal_deadline(today, weeks=4))
    assert "Alle brev er sendt." in client.get(reverse("casework:undelivered")).content.decode()


def test_dispatching_again_never_delivers_twice(
    world, case_worker, municipality, outbox_dir, django_capture_on_commit_callbacks
):
    decision = _send(world, case_worker, _person(municipality), django_capture_on_commit_callbacks)
    sent = _delivery(decision)
    pdf = outbox_dir / "digital" / f"{sent.letter_id}.pdf"
    first_write = pdf.stat().st_mtime_ns
    with django_capture_on_commit_callbacks(execute=True):
        delivery.delivery_dispatch(delivery_id=sent.pk)
        assert delivery.deliveries_dispatch_due() == 0
        call_command("letters_deliver", verbosity=0)
    sent.refresh_from_db()
    assert sent.attempts == 1 and Delivery.objects.filter(letter=sent.letter).count() == 1
    # An answer lost after the outbox took the letter: the retry gets the same receipt, no second letter.
    Delivery.objects.filter(pk=sent.pk).update(state="failed", last_attempt_at=None)
    again = delivery.delivery_dispatch(delivery_id=sent.pk)
    assert again.state == "sent" and again.sent_at == sent.sent_at and again.reference == sent.reference
    assert pdf.stat().st_mtime_ns == first_write
    assert sorted(p.name for p in (outbox_dir / "digital").iterdir()) == [
        f"{sent.letter_id}.json",
        f"{sent.letter_id}.pdf",
    ]


def test_a_failed_delivery_is_retried_by_the_job(
    world, case_worker, municipality, outbox_dir, settings, django_capture_on_commit_callbacks
):
    blocked = outbox_dir.parent / "not-a-folder"
    blocked.write_text("")
    settings.HELHET_OUTBOX_DIR = str(blocked)  # the disk is not writable: a failure for now
    decision = _send(world, case_worker, _person(municipality), django_capture_on_commit_callbacks)
    failed = _delivery(decision)
    assert (failed.state, failed.attempts) == ("failed", 1)
    assert failed.failure_reason.startswith("Kunne ikke skrive til utboksen")
    # The staff see it, on the case page and the office's list.
    assert list(delivery.Delivery.objects.filter(state="failed")) == [failed]

    settings.HELHET_OUTBOX_DIR = str(outbox_dir)
    assert delivery.deliveries_dispatch_due() == 0  # retried only after a pause
    later = failed.last_attempt_at + datetime.timedelta(minutes=delivery.RETRY_MINUTES + 1)
    assert delivery.deliveries_dispatch_due(now=later) == 1
    failed.refresh_from_db()
    assert (failed.state, failed.attempts, failed.failure_reason) == ("sent", 2, "")
    assert (outbox_dir / "digital" / f"{failed.letter_id}.pdf").exists()


class NoDigitalMailbox:
    """An outbox whose digital post finds no mailbox; paper goes to the local folder."""

    def __init__(self):
        from helhet.casework.outbox import LocalFileOutbox

        self.paper = LocalFileOutbox()

    def send(self, letter, recipient):
        if recipient.channel == "digital":
            raise Undeliverable("Personen har ingen digital postkasse.")
        return self.paper.send(letter, recipient)

    def receipts(self):
        return iter(())

    def receipt_done(self, event):
        pass


class AlwaysDown(NoDigitalMailbox):
    def send(self, letter, recipient):
        raise OutboxError("SvarUt svarer ikke")


def test_a_letter_that_cannot_be_delivered_digitally_goes_by_paper_and_the_owner_is_told(
    world, case_worker, municipality, outbox_dir, settings, django_capture_on_commit_callbacks, client
):
    settings.HELHET_OUTBOX = "tests.casework.test_delivery.NoDigitalMailbox"
    decision = _send(world, case_worker, _person(municipality), django_capture_on_commit_callbacks)
    digital, paper = _delivery(decision, "digital"), _delivery(decision, "paper")
    assert (digital.state, digital.failure_reason) == (
        "undeliverable",
        "Personen har ingen digital postkasse.",
    )
    assert (paper.state, paper.replaces_id) == ("sent", digital.pk)
    assert (outbox_dir / "paper" / f"{paper.letter_id}.pdf").exists()
    item = Item.objects.get(kind=ItemKind.LETTER, target_id=paper.letter_id)
    assert item.for_user == decision.case.owner
    # Provisional from the presumed day the paper letter comes (the post rule), never before the printed one.
    effective = deadlines.effective_appeal_deadline(decision)
    assert effective.provisional and effective.due >= decision.appeal_deadline

    client.force_login(case_worker)
    page = client.get(reverse("casework:case", args=[decision.case_id])).content.decode()
    assert "Kunne ikke leveres" in page and "Personen har ingen digital postkasse." in page
    assert "Sendes på papir fordi digital post ikke kunne leveres." in page
    # The paper letter is on its way: the office's list has nothing left to do.
    assert "Alle brev er sendt." in client.get(reverse("casework:undelivered")).content.decode()


def test_after_the_last_attempt_digital_post_is_given_up_for_paper(
    world, case_worker, municipality, outbox_dir, settings, django_capture_on_commit_callbacks
):
    settings.HELHET_OUTBOX = "tests.casework.test_delivery.AlwaysDown"
    settings.HELHET_DELIVERY_MAX_ATTEMPTS = 2
    decision = _send(world, case_worker, _person(municipality), django_capture_on_commit_callbacks)
    digital = _delivery(decision)
    assert digital.state == "failed"
    later = digital.last_attempt_at + datetime.timedelta(minutes=delivery.RETRY_MINUTES + 1)
    with django_capture_on_commit_callbacks(execute=True):
        delivery.deliveries_dispatch_due(now=later)
    digital.refresh_from_db()
    assert (digital.state, digital.attempts) == ("undeliverable", 2)
    paper = _delivery(decision, "paper")
    assert paper.state == "failed" and paper.replaces_id == digital.pk  # SvarUt is down for paper too


def _receipt(outbox_dir, channel, letter_id, **body):
    path = outbox_dir / channel / f"{letter_id}.receipt.json"
    path.write_text(json.dumps(body))
    return path


def test_a_receipt_records_the_day_the_letter_reached_the_person(
    world, case_worker, municipality, outbox_dir, django_capture_on_commit_callbacks, client
):
    decision = _send(world, case_worker, _person(municipality), django_capture_on_commit_callbacks)
    sent = _delivery(decision)
    today = local_today()
    path = _receipt(
        outbox_dir, "digital", sent.letter_id, status="levert", at=f"{today.isoformat()}T09:15:00"
    )
    call_command("letters_deliver", verbosity=0)
    sent.refresh_from_db()
    assert (sent.state, sent.reached_on, sent.reached_how) == ("reached", today, ReachedHow.DELIVERED)
    assert not path.exists() and path.with_name(f"{sent.letter_id}.receipt.recorded.json").exists()
    # «Åpnet» afterwards keeps the earlier day it was delivered and notes the opening.
    _receipt(outbox_dir, "digital", sent.letter_id, status="åpnet", at=today.isoformat())
    assert delivery.delivery_receipts_record() == (1, 0)
    sent.refresh_from_db()
    assert (sent.reached_on, sent.reached_how, sent.opened_on) == (today, "delivered", today)
    effective = deadlines.effective_appeal_deadline(decision)
    assert (effective.due, effective.provisional) == (deadlines.appeal_deadline(today, weeks=4), False)
    Decision.objects.get(pk=decision.pk)  # the sent decision is untouched:
    assert Decision.objects.get(pk=decision.pk).appeal_deadline == decision.appeal_deadline

    client.force_login(case_worker)
    page = client.get(reverse("casework:case", args=[decision.case_id])).content.decode()
    assert "Forsendelse av brev" in page and "Digital post" in page
    assert f"kom fram {today:%d.%m.%Y} (levert i digital postkasse, og varsel sendt)" in page
    assert f"åpnet {today:%d.%m.%Y}" in page


def test_absurd_receipt_dates_are_refused_and_left_for_a_person_to_look_at(
    world, case_worker, municipality, outbox_dir, django_capture_on_commit_callbacks
):
    decision = _send(world, case_worker, _person(municipality), django_capture_on_commit_callbacks)
    sent = _delivery(decision)
    for at in ("2099-01-01", "1900-01-01", "i går", "", "2026-02-30"):
        path = _receipt(outbox_dir, "digital", sent.letter_id, status="levert", at=at)
        assert delivery.delivery_receipts_record() == (0, 1)
        assert path.exists()
    _receipt(outbox_dir, "digital", sent.letter_id, status="kanskje", at=local_today().isoformat())
    assert delivery.delivery_receipts_record() == (0, 1)
    (outbox_dir / "digital" / "99999999.receipt.json").write_text("{not json")
    assert delivery.delivery_receipts_record() == (0, 2)  # an unknown letter too
    sent.refresh_from_db()
    assert sent.state == "sent" and sent.reached_on is None


def test_the_case_worker_may_not_record_an_absurd_day(
    world, case_worker, municipality, outbox_dir, django_capture_on_commit_callbacks, client
):
    decision = _send(world, case_worker, _person(municipality), django_capture_on_commit_callbacks)
    sent = _delivery(decision)
    today = local_today()
    for day, message in (
        (today + datetime.timedelta(days=1), "fram i tid"),
        (today - datetime.timedelta(days=1), "før det ble sendt"),
        (None, "Skriv datoen"),
    ):
        with pytest.raises(ValidationError) as caught:
            delivery.delivery_reached_record(
                acting_user=case_worker, delivery=sent, reached_on=day, how="confirmed"
            )
        assert message in " ".join(caught.value.messages)
    client.force_login(case_worker)
    url = reverse("casework:delivery_action", args=[sent.pk])
    for value, status, message in (
        ("2026-13-45", 200, "Skriv en gyldig dato"),
        ((today + datetime.timedelta(days=3)).isoformat(), 200, "fram i tid"),
        ("0001-01-01", 422, "Datoen må være mellom"),  # stopped before the view (core.guards)
        ("9999-12-31", 422, "Datoen må være mellom"),
        ("2026-12-01\x00", 422, ""),
    ):
        response = client.post(
            url, {"action": "reached", "reached_on": value, "how": "confirmed"}, follow=True
        )
        assert response.status_code == status
        assert message in response.content.decode()
    sent.refresh_from_db()
    assert sent.state == "sent" and sent.reached_on is None
    # Another municipality's case worker: 404, nothing changed.
    other = factories.municipality("9998", "Nabo kommune")
    from helhet.access import roles

    stranger = factories.user(other, roles.CASE_WORKER, username="nabo")
    client.force_login(stranger)
    assert (
        client.post(
            url, {"action": "reached", "reached_on": today.isoformat(), "how": "confirmed"}
        ).status_code
        == 404
    )
    sent.refresh_from_db()
    assert sent.reached_on is None


def test_the_appeal_lateness_check_counts_from_the_day_the_letter_reached_the_person(
    world, case_worker, municipality, outbox_dir, django_capture_on_commit_callbacks
):
    today = local_today()
    sent_on = today - datetime.timedelta(days=60)
    # Recorded as sent two months ago; the letter only goes out today and reaches the person today.
    decision = _send(
        world, case_worker, _person(municipality), django_capture_on_commit_callbacks, sent_on=sent_on
    )
    assert decision.appeal_deadline < today  # the printed deadline has passed
    sent = _delivery(decision)
    delivery.delivery_receipt_record(delivery=sent, status="levert", at=today.isoformat())
    appeal = services.appeal_register(
        acting_user=case_worker, decision=decision, received_on=today, change_wanted="Mer hjelp."
    )
    assert not appeal.late

    # Without any delivery known the printed deadline counts, and the appeal is late.
    other = _send(
        world,
        case_worker,
        _person(municipality, first_name="Kari", last_name="Lund", birth_date=D(1950, 5, 6)),
        django_capture_on_commit_callbacks,
        execute=False,
        sent_on=sent_on,
    )
    late = services.appeal_register(
        acting_user=case_worker, decision=other, received_on=today, change_wanted="Mer."
    )
    assert late.late


def _fake_decision(printed, weeks=4, presumed=False):
    return types.SimpleNamespace(
        pk=1,
        state="sent",
        appeal_deadline=printed,
        regime_version=types.SimpleNamespace(appeal_weeks=weeks),
        delivered_on=None,
        delivered_on_presumed=presumed,
    )


def test_the_effective_deadline_runs_from_the_day_reached_over_a_month_end_and_new_year():
    sent_on = D(2026, 11, 27)  # a Friday
    printed = deadlines.appeal_deadline(sent_on, weeks=4)
    assert printed == D(2026, 12, 25) + datetime.timedelta(
        days=3
    )  # Christmas Day and Boxing Day: Monday 28th
    reached = D(2026, 12, 4)  # came a week later
    effective = deadlines._effective(
        _fake_decision(printed), [("paper", "reached", None, reached, "confirmed")]
    )
    # Four weeks from 4 December is 1 January 2027, New Year's Day: the deadline moves to Monday 4 January.
    assert (effective.due, effective.provisional, effective.reached_on) == (D(2027, 1, 4), False, reached)
    nav = deadlines._effective(
        _fake_decision(printed, weeks=3), [("paper", "reached", None, reached, "confirmed")]
    )
    assert nav.due == D(2026, 12, 28)  # three weeks: Friday 25 December, a holiday, and so on to Monday 28th
    # It never runs out before the day printed in the letter, even if the letter came at once.
    early = deadlines._effective(
        _fake_decision(printed), [("digital", "reached", None, sent_on, "delivered")]
    )
    assert early.due == printed


def test_the_effective_deadline_while_the_day_is_not_known():
    printed = D(2026, 12, 28)
    at = datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC)
    paper = deadlines._effective(_fake_decision(printed), [("paper", "sent", at, None, "")])
    # Posted Tuesday 1 December: presumed to arrive three working days later, Friday 4 December.
    assert (paper.due, paper.provisional) == (D(2027, 1, 4), True) and "Foreløpig" in paper.note
    queued = deadlines._effective(_fake_decision(printed), [("digital", "queued", None, None, "")])
    assert (queued.due, queued.provisional) == (printed, True)
    lost = deadlines._effective(_fake_decision(printed), [("digital", "undeliverable", None, None, "")])
    assert lost.due is None and "ikke begynt å løpe" in lost.note
    legacy = deadlines._effective(_fake_decision(printed, presumed=True), [])
    assert (legacy.due, legacy.provisional) == (printed, True)


def test_a_decision_handed_over_at_the_office_has_reached_the_person_and_is_not_posted(
    world, case_worker, municipality, outbox_dir, django_capture_on_commit_callbacks
):
    decision = _send(
        world,
        case_worker,
        _person(municipality),
        django_capture_on_commit_callbacks,
        delivery_method="in_person",
    )
    handed = _delivery(decision)
    today = local_today()
    assert (handed.channel, handed.state, handed.reached_on, handed.reached_how) == (
        "office",
        "reached",
        today,
        "handed_over",
    )
    assert not outbox_dir.exists()
    effective = deadlines.effective_appeal_deadline(decision)
    assert (effective.due, effective.provisional) == (decision.appeal_deadline, False)


def test_an_interim_reply_goes_out_the_day_it_is_sent_and_on_paper_for_a_reserved_person(
    world, case_worker, municipality, outbox_dir, django_capture_on_commit_callbacks
):
    today = local_today()
    for person, channel in (
        (_person(municipality), "digital"),
        (
            _person(
                municipality,
                first_name="Kari",
                last_name="Lund",
                birth_date=D(1950, 5, 6),
                reserved_against_digital_contact=True,
            ),
            "paper",
        ),
    ):
        case = receive(world, case_worker, person, received_on=today - datetime.timedelta(days=10))
        with django_capture_on_commit_callbacks(execute=True):
            services.interim_reply_send(
                acting_user=case_worker,
                case=case,
                reason="Vi venter på opplysninger fra fastlegen.",
                expected_by=today + datetime.timedelta(days=20),
            )
        sent = Delivery.objects.get(letter__case=case)
        assert (sent.channel, sent.state, sent.letter.kind) == (channel, "sent", "interim_reply")
        assert (outbox_dir / channel / f"{sent.letter_id}.pdf").read_bytes() == bytes(sent.letter.pdf)
