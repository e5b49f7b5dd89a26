"""Sending stored letters to the person (forsendelse): the channel, the outbox, the retries and receipts.

A letter is queued for delivery in the transaction that stores it (letter_store) and sent as soon as that
transaction commits, so it goes out the day it is sent; the job `letters-dispatch` retries what failed.
The channel follows the person: reserved against digital contact (KRR) → paper; paper without an address →
handed out at the office («mangler adresse», the case owner's inbox); otherwise digital post. A letter
that cannot be delivered digitally goes by paper instead, and the owner is told. Each letter is sent at
most once per channel (a unique row per letter and channel, and an outbox that is idempotent too).

The day the letter reached the person is recorded from the outbox's receipts (digital post: the letter is
available and the notice sent, eForvaltningsforskriften § 11 second paragraph; or opened), or by the case
worker (handed over, or the person confirms the day). It feeds the appeal deadline
(deadlines.effective_appeal_deadline); the sent decision itself is never edited.
"""

import datetime
import logging
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from helhet.access import roles
from helhet.access.policy import case_areas
from helhet.casework import inbox_items
from helhet.casework.models import (
    UNDELIVERED,
    Delivery,
    DeliveryChannel,
    DeliveryMethod,
    DeliveryState,
    Letter,
    LetterKind,
    ReachedHow,
)
from helhet.casework.outbox import OutboxError, Recipient, Undeliverable, outbox
from helhet.core.calendar import local_today
from helhet.core.history import history_record_create, history_record_update, history_values

logger = logging.getLogger("helhet.casework.delivery")

FIELDS = [
    "channel",
    "state",
    "sent_at",
    "reached_on",
    "reached_how",
    "opened_on",
    "attempts",
    "failure_reason",
    "reference",
]
MAX_ATTEMPTS = 5
RETRY_MINUTES = 10
RECEIPT_STATUS = {"levert": ReachedHow.DELIVERED, "åpnet": ReachedHow.OPENED, "apnet": ReachedHow.OPENED}
FAILED_STATUS = frozenset({"feilet", "ikke_levert", "ikke levert"})


def max_attempts() -> int:
    return int(getattr(settings, "HELHET_DELIVERY_MAX_ATTEMPTS", MAX_ATTEMPTS))


def has_postal_address(address: str) -> bool:
    """A printed address a letter can be posted to: a street line and a postcode line."""
    return len([line for line in address.splitlines() if line.strip()]) >= 2


def method_for(person, requested: str) -> str:
    """How a decision may be sent to this person: a reservation against digital contact (KRR,
    eForvaltningsforskriften § 9) turns digital into post; post and handing over stay as chosen."""
    if requested == DeliveryMethod.DIGITAL and person.reserved_against_digital_contact:
        return DeliveryMethod.POST
    return requested


def channel_for(letter: Letter) -> str:
    """The first channel of a letter: handed out when the decision was handed over; paper for a person
    reserved against digital contact or when post was chosen, or handed out without an address; else digital."""
    person = letter.case.person
    method = ""
    if letter.kind == LetterKind.DECISION and letter.decision is not None:
        method = letter.decision.delivery_method
    if method == DeliveryMethod.IN_PERSON:
        return DeliveryChannel.OFFICE
    if method == DeliveryMethod.POST or person.reserved_against_digital_contact:
        return (
            DeliveryChannel.PAPER if has_postal_address(letter.recipient_address) else DeliveryChannel.OFFICE
        )
    return DeliveryChannel.DIGITAL


def _known_at_sending(letter: Letter) -> datetime.date | None:
    """The day a decision reached the person when the case worker knew it at sending (handed over, or a date
    given): then the letter has already reached them and is not sent again."""
    decision = letter.decision if letter.kind == LetterKind.DECISION else None
    if decision is None or decision.delivered_on is None or decision.delivered_on_presumed:
        return None
    if decision.delivery_method == DeliveryMethod.IN_PERSON or decision.delivered_on != decision.sent_on:
        return decision.delivered_on
    return None


def _history(delivery: Delivery, before: dict[str, str], actor, reason: str = "") -> None:
    history_record_update(delivery, before=before, actor=actor, scope=delivery.letter.case, reason=reason)


def letter_delivery_queue(*, letter: Letter, acting_user) -> Delivery:
    """Queue a just-stored letter for delivery, in the storing transaction; it is sent once that commits."""
    channel = channel_for(letter)
    delivery = Delivery(municipality_id=letter.case.municipality_id, letter=letter, channel=channel)
    known = _known_at_sending(letter)
    if known is not None:
        delivery.state, delivery.reached_on = DeliveryState.REACHED, known
        delivery.reached_how = (
            ReachedHow.HANDED_OVER if channel == DeliveryChannel.OFFICE else ReachedHow.RECORDED
        )
    elif channel == DeliveryChannel.OFFICE:
        delivery.state = DeliveryState.HANDOUT
        delivery.failure_reason = _("Personen har ingen adresse brevet kan sendes til.")
    delivery.save()
    history_record_create(delivery, actor=acting_user, fields=FIELDS, scope=letter.case)
    if delivery.state == DeliveryState.HANDOUT:
        inbox_items.letter_undelivered(delivery=delivery)
    if delivery.state == DeliveryState.QUEUED:
        transaction.on_commit(partial(_dispatch_after_commit, delivery.pk))
    return delivery


def _dispatch_after_commit(delivery_id: int) -> None:
    """Send at once after the sending transaction; a failure stays recorded for the retry job, never an
    error page (the letter is stored and the decision sent either way)."""
    try:
        delivery_dispatch(delivery_id=delivery_id)
    except Exception:  # noqa: BLE001 (recorded on the delivery where possible; the job retries)
        logger.exception("letter_dispatch_failed", extra={"delivery_id": delivery_id})


def _recipient(delivery: Delivery) -> Recipient:
    letter = delivery.letter
    national_id = letter.case.person.national_id if delivery.channel == DeliveryChannel.DIGITAL else ""
    return Recipient(
        name=letter.recipient_name,
        address=letter.recipient_address,
        channel=delivery.channel,
        national_id=national_id,
    )


@transaction.atomic
def delivery_dispatch(*, delivery_id: int, acting_user=None) -> Delivery:
    """Hand one queued or failed delivery to the outbox. Sent, reached and given-up deliveries are left as
    they are, so dispatching twice never delivers twice."""
    delivery = (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("letter__case__person", "letter__case__owner", "letter__case__team")
        .get(pk=delivery_id)
    )
    if delivery.state not in (DeliveryState.QUEUED, DeliveryState.FAILED):
        return delivery
    if delivery.channel == DeliveryChannel.OFFICE:
        return delivery
    before = history_values(delivery, FIELDS)
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    try:
        receipt = outbox().send(delivery.letter, _recipient(delivery))
    except Undeliverable as error:
        delivery.state, delivery.failure_reason = DeliveryState.UNDELIVERABLE, _reason(error)
        _save(delivery, before, acting_user)
        _fall_back(delivery, acting_user)
        return delivery
    except OutboxError as error:
        given_up = delivery.attempts >= max_attempts()
        delivery.state = DeliveryState.UNDELIVERABLE if given_up else DeliveryState.FAILED
        delivery.failure_reason = _reason(error)
        _save(delivery, before, acting_user)
        if given_up:
            _fall_back(delivery, acting_user)
        return delivery
    delivery.state, delivery.sent_at, delivery.reference = (
        DeliveryState.SENT,
        receipt.sent_at,
        receipt.reference[:200],
    )
    delivery.failure_reason = ""
    _save(delivery, before, acting_user)
    return delivery


def _reason(error: Exception) -> str:
    return (str(error) or error.__class__.__name__)[:500]


def _save(delivery: Delivery, before: dict[str, str], actor) -> None:
    delivery.save()
    _history(delivery, before, actor)


def _fall_back(delivery: Delivery, acting_user) -> None:
    """Digital post failed for good: the letter goes by paper (or is handed out without an address), and the
    case owner is told, since the appeal deadline now runs from when the paper letter comes."""
    letter = delivery.letter
    inbox_items.letter_undelivered(delivery=delivery)
    if delivery.channel != DeliveryChannel.DIGITAL:
        return
    channel = (
        DeliveryChannel.PAPER if has_postal_address(letter.recipient_address) else DeliveryChannel.OFFICE
    )
    if Delivery.objects.filter(letter=letter, channel=channel).exists():
        return
    paper = Delivery(
        municipality_id=delivery.municipality_id, letter=letter, channel=channel, replaces=delivery
    )
    if channel == DeliveryChannel.OFFICE:
        paper.state = DeliveryState.HANDOUT
        paper.failure_reason = _("Personen har ingen adresse brevet kan sendes til.")
    try:
        with transaction.atomic():
            paper.save()
    except IntegrityError:  # queued by another run at the same moment
        return
    history_record_create(paper, actor=acting_user, fields=FIELDS, scope=letter.case)
    if paper.state == DeliveryState.QUEUED:
        transaction.on_commit(partial(_dispatch_after_commit, paper.pk))


def deliveries_dispatch_due(*, now: datetime.datetime | None = None) -> int:
    """The job: send what is queued, and retry what failed more than RETRY_MINUTES ago. Returns how many
    were sent."""
    now = now or timezone.now()
    retry_before = now - datetime.timedelta(minutes=RETRY_MINUTES)
    due = list(
        Delivery.objects.filter(state=DeliveryState.QUEUED).values_list("pk", flat=True).order_by("pk")
    ) + list(
        Delivery.objects.filter(state=DeliveryState.FAILED, last_attempt_at__lt=retry_before)
        .values_list("pk", flat=True)
        .order_by("pk")
    )
    sent = 0
    for delivery_id in due:
        if delivery_dispatch(delivery_id=delivery_id).state == DeliveryState.SENT:
            sent += 1
    return sent


def _receipt_day(value: str) -> datetime.date | None:
    moment = parse_datetime(value) if "T" in value else None
    if moment is not None:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return timezone.localdate(moment)
    try:
        return parse_date(value)
    except ValueError:
        return None


def _check_reached(delivery: Delivery, day: datetime.date | None, field: str = "reached_on") -> datetime.date:
    """The day a letter reached the person lies between the day it was stored (sent) and today."""
    if day is None:
        raise ValidationError({field: _("Skriv datoen brevet kom fram.")})
    stored_on = timezone.localdate(delivery.letter.rendered_at)
    if day < stored_on:
        raise ValidationError(
            {
                field: _("Brevet kan ikke ha kommet fram før det ble sendt (%(day)s).")
                % {"day": stored_on.strftime("%d.%m.%Y")}
            }
        )
    if day > local_today():
        raise ValidationError({field: _("Datoen brevet kom fram kan ikke være fram i tid.")})
    return day


def _reach(delivery: Delivery, day: datetime.date, how: str, actor, reason: str = "") -> Delivery:
    before = history_values(delivery, FIELDS)
    if how == ReachedHow.OPENED:
        delivery.opened_on = min(day, delivery.opened_on) if delivery.opened_on else day
    if delivery.reached_on is None or day < delivery.reached_on:
        delivery.reached_on, delivery.reached_how = day, how
    delivery.state, delivery.failure_reason = DeliveryState.REACHED, ""
    _save(delivery, before, actor)
    if delivery.reached_on is not None:
        inbox_items.letter_reached(letter=delivery.letter)
    return delivery


@transaction.atomic
def delivery_receipt_record(*, delivery: Delivery, status: str, at: str, reason: str = "") -> Delivery:
    """Record one receipt from the outbox: «levert» or «åpnet» gives the day the letter reached the person
    (the earliest counts); «feilet» means it could not be delivered that way. An absurd date is refused."""
    delivery = (
        Delivery.objects.select_for_update(of=("self",)).select_related("letter__case").get(pk=delivery.pk)
    )
    status = status.strip().casefold()
    if status in FAILED_STATUS:
        if delivery.state == DeliveryState.REACHED:
            return delivery
        before = history_values(delivery, FIELDS)
        delivery.state = DeliveryState.UNDELIVERABLE
        delivery.failure_reason = (reason or _("Forsendelsen kunne ikke leveres."))[:500]
        _save(delivery, before, None)
        _fall_back(delivery, None)
        return delivery
    how = RECEIPT_STATUS.get(status)
    if how is None:
        raise ValidationError({"status": _("Ukjent kvittering «%(status)s».") % {"status": status[:20]}})
    if delivery.sent_at is None and delivery.state != DeliveryState.REACHED:
        raise ValidationError({"status": _("Kvittering for et brev som ikke er sendt.")})
    day = _check_reached(delivery, _receipt_day(at), field="at")
    return _reach(delivery, day, how, None)


def delivery_receipts_record() -> tuple[int, int]:
    """The job: read the outbox's receipts and record them. Returns (recorded, refused); a refused receipt
    (unknown letter, absurd date) is left where it is and logged by letter id only."""
    box = outbox()
    recorded = refused = 0
    for event in box.receipts():
        delivery = Delivery.objects.filter(letter_id=event.letter_id, channel=event.channel).first()
        if delivery is None:
            refused += 1
            logger.warning("letter_receipt_unknown", extra={"letter_id": event.letter_id})
            continue
        try:
            delivery_receipt_record(delivery=delivery, status=event.status, at=event.at, reason=event.reason)
        except ValidationError:
            refused += 1
            logger.warning("letter_receipt_refused", extra={"letter_id": event.letter_id})
            continue
        box.receipt_done(event)
        recorded += 1
    return recorded, refused


def _case_worker(user, delivery: Delivery) -> None:
    case = delivery.letter.case
    if (
        user.municipality_id != case.municipality_id
        or not roles.has_any_role(user, (roles.CASE_WORKER,))
        or case.service_area not in case_areas(user)
    ):
        raise PermissionDenied(_("Bare saksbehandlere i sakens tjenesteområde kan gjøre dette."))


@transaction.atomic
def delivery_reached_record(
    *, acting_user, delivery: Delivery, reached_on: datetime.date | None, how: str
) -> Delivery:
    """The case worker records the day the letter reached the person: handed over at the office, or the
    person confirms the day (a paper letter has no receipt). The earliest known day counts."""
    _case_worker(acting_user, delivery)
    delivery = (
        Delivery.objects.select_for_update(of=("self",)).select_related("letter__case").get(pk=delivery.pk)
    )
    if how not in (ReachedHow.HANDED_OVER, ReachedHow.CONFIRMED):
        raise ValidationError(
            {"how": _("Velg om brevet ble levert ut på kontoret eller personen har bekreftet datoen.")}
        )
    if how == ReachedHow.CONFIRMED and delivery.state not in (DeliveryState.SENT, DeliveryState.REACHED):
        raise ValidationError({"how": _("Brevet er ikke sendt ennå; registrer heller at det ble levert ut.")})
    day = _check_reached(delivery, reached_on)
    return _reach(delivery, day, how, acting_user, reason=str(ReachedHow(how).label))


@transaction.atomic
def delivery_retry(*, acting_user, delivery: Delivery) -> Delivery:
    """«Prøv igjen nå»: a failed delivery is sent at once instead of waiting for the job."""
    _case_worker(acting_user, delivery)
    if delivery.state != DeliveryState.FAILED:
        raise ValidationError({"state": _("Bare en forsendelse som feilet kan prøves igjen.")})
    return delivery_dispatch(delivery_id=delivery.pk, acting_user=acting_user)


def undelivered_states() -> tuple[str, ...]:
    return tuple(str(state) for state in UNDELIVERED)
