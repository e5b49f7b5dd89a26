"""Meldinger: the secure two-way thread between a person (or their representative) and the office about a
case. The citizen writes from Min side; the message lands in the case owner's inbox; the case worker answers
on the case page; the citizen sees the answer and a count of new ones on Min side.

Interim replies, decisions and other letters are not messages: they are casework.Letter."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.casework.models import MESSAGE_MAX_LENGTH, Case, CaseMessage, MessageDirection, Status
from helhet.core.freetext import has_unsafe_characters
from helhet.core.history import history_record_create
from helhet.core.models import User
from helhet.inbox.models import ItemKind
from helhet.inbox.services import item_close, item_open
from helhet.people.models import Relative

APP = "casework"
TOKEN_MAX_LENGTH = 40
# The text stays in the message itself (never changed); the history records that it was sent.
MESSAGE_FIELDS = ["case", "direction", "on_behalf"]
# A person may write about a case while it is open and for a while after: a closed case's questions go too.
CLOSED = frozenset({Status.WITHDRAWN})


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if has_unsafe_characters(text):
        raise ValidationError({"text": _("Teksten inneholder tegn som ikke kan brukes. Skriv den på nytt.")})
    if not text:
        raise ValidationError({"text": _("Skriv en melding.")})
    if len(text) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _("Meldingen kan være høyst %(max)d tegn (nå %(n)d).")
                % {"max": MESSAGE_MAX_LENGTH, "n": len(text)}
            }
        )
    return text


def _clean_token(token: str) -> str:
    token = (token or "").strip()
    if len(token) > TOKEN_MAX_LENGTH or "\x00" in token:
        raise ValidationError(_("Skjemaet er ugyldig. Last siden på nytt og prøv igjen."))
    return token


def _existing(case: Case, token: str) -> CaseMessage | None:
    if not token:
        return None
    return CaseMessage.objects.filter(case=case, token=token).first()


def _save(message: CaseMessage) -> tuple[CaseMessage, bool]:
    try:
        with transaction.atomic():
            message.save(force_insert=True)
    except IntegrityError:  # the same form sent twice at the same moment
        existing = _existing(message.case, message.token)
        if existing is None:
            raise
        return existing, False
    return message, True


@transaction.atomic
def case_message_send(
    *, acting_user: User, case: Case, text: str, token: str = "", on_behalf: Relative | None = None
) -> CaseMessage:
    """The person (or `on_behalf`, their representative) writes to the office about `case`. The caller has
    checked that the citizen may act for the case's person (portal.acting). The message is handed to the case
    owner in the inbox; a second submit of the same form (same `token`) sends nothing more."""
    token = _clean_token(token)
    if (existing := _existing(case, token)) is not None:
        return existing
    text = _clean_text(text)
    if case.status in CLOSED:
        raise ValidationError(
            _("Søknaden er trukket, så saken er lukket. Ring eller skriv til kommunen om du lurer på noe.")
        )
    if on_behalf is not None and on_behalf.person_id != case.person_id:
        raise ValidationError(_("Du kan bare skrive for en du representerer."))
    message, created = _save(
        CaseMessage(
            municipality_id=case.municipality_id,
            case=case,
            direction=MessageDirection.FROM_CITIZEN,
            text=text,
            written_by=acting_user,
            on_behalf=on_behalf,
            token=token,
            sent_at=timezone.now(),
        )
    )
    if not created:
        return message
    history_record_create(message, actor=acting_user, fields=MESSAGE_FIELDS, scope=case.person)
    item_open(
        kind=ItemKind.CITIZEN_MESSAGE,
        target_app=APP,
        target_id=case.pk,
        url=reverse("casework:case", args=[case.pk]) + "#meldinger",
        for_unit=case.team,
        for_user=case.owner,
        person=case.person,
    )
    return message


@transaction.atomic
def case_message_reply(*, acting_user: User, case: Case, text: str, token: str = "") -> CaseMessage:
    """The case worker answers in the case's thread (the caller has checked they may work on the case). The
    person's messages so far count as read, and the inbox item for them is done."""
    token = _clean_token(token)
    if (existing := _existing(case, token)) is not None:
        return existing
    text = _clean_text(text)
    now = timezone.now()
    message, created = _save(
        CaseMessage(
            municipality_id=case.municipality_id,
            case=case,
            direction=MessageDirection.FROM_OFFICE,
            text=text,
            written_by=acting_user,
            token=token,
            sent_at=now,
        )
    )
    if not created:
        return message
    history_record_create(message, actor=acting_user, fields=MESSAGE_FIELDS, scope=case.person)
    CaseMessage.objects.filter(
        case=case, direction=MessageDirection.FROM_CITIZEN, read_at__isnull=True
    ).update(read_at=now)
    item_close(target_app=APP, target_id=case.pk, kinds=(ItemKind.CITIZEN_MESSAGE,), acting_user=acting_user)
    return message


@transaction.atomic
def case_messages_seen_by_citizen(*, cases: QuerySet[Case] | list[Case]) -> int:
    """The person has seen the office's messages on these cases (the thread was shown to them)."""
    return CaseMessage.objects.filter(
        case__in=cases, direction=MessageDirection.FROM_OFFICE, read_at__isnull=True
    ).update(read_at=timezone.now())


def case_thread(case: Case) -> list[CaseMessage]:
    """The case's messages, oldest first, with who wrote them."""
    return list(case.messages.select_related("written_by", "on_behalf").order_by("sent_at", "pk"))


def new_messages_from_office(person_id: int) -> int:
    """How many of the office's messages to the person they have not seen yet («ny melding» on Min side)."""
    return CaseMessage.objects.filter(
        case__person_id=person_id, direction=MessageDirection.FROM_OFFICE, read_at__isnull=True
    ).count()


def threads_for_person(person_id: int) -> QuerySet[Case]:
    """The person's cases with their message counts (all, and the office's not yet seen), newest first."""
    return (
        Case.objects.filter(person_id=person_id)
        .select_related("team")
        .annotate(
            message_count=Count("messages"),
            unread_count=Count(
                "messages",
                filter=Q(messages__direction=MessageDirection.FROM_OFFICE, messages__read_at__isnull=True),
            ),
        )
        .order_by("-received_on", "-pk")
    )
