"""The inbox as the demo's users meet it: inquiries reception forwarded to home care (one new, one taken by
the nurse, one urgent that nobody took and that rose to the leader) and a new order sent today that starts
next week. The items' titles say only kind, unit and day; what the inquiry is about is behind the link."""

import datetime

from django.db import transaction

from helhet.access import roles
from helhet.casework import services as casework
from helhet.catalogue.models import Service
from helhet.core.models import User
from helhet.inbox import services as inbox
from helhet.inbox.models import Item, ItemKind
from helhet.intake import services as intake
from helhet.organisation.models import Unit
from helhet.people.models import Person

HOME_CARE = "Hjemmesykepleien sone Nord"
INQUIRIES = (
    ("Datteren ringer: moren har falt og trenger tilsyn om morgenen.", "new"),
    ("Naboen melder at han ikke tar medisinene sine.", "taken"),
    ("Ønsker hjelp med sårstell etter operasjonen.", "escalated"),
)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def load(municipality, today: datetime.date) -> None:
    with transaction.atomic():
        if Item.objects.filter(municipality=municipality, kind=ItemKind.INQUIRY).exists():
            return
        home_care = Unit.objects.valid_on(today).get(municipality=municipality, name=HOME_CARE)
        reception, nurse = _user(roles.RECEPTION), _user(roles.PROVIDER)
        persons = list(
            Person.objects.filter(
                municipality=municipality, birth_date__lte=today - datetime.timedelta(days=50 * 365)
            )
            .exclude(responsibilities__unit=home_care)
            .order_by("pk")
            .distinct()[: len(INQUIRIES) + 1]
        )
        for (about, state), person in zip(INQUIRIES, persons, strict=False):
            inquiry = intake.inquiry_register(
                acting_user=reception,
                municipality=municipality,
                person=person,
                channel="phone",
                about=about,
                urgent=state == "escalated",
            )
            intake.inquiry_forward(
                acting_user=reception, inquiry=inquiry, to_unit=home_care, reason="Gjelder hjemmesykepleie"
            )
            item = Item.objects.get(kind=ItemKind.INQUIRY, target_app="intake", target_id=inquiry.pk)
            if state == "taken":
                inbox.item_take(acting_user=nurse, item=item)
            elif state == "escalated":
                # Urgent, forwarded a week ago and never taken: the escalation job raises it to the leader.
                sent = item.created_at - datetime.timedelta(days=7)
                Item.objects.filter(pk=item.pk).update(created_at=sent)
                inbox.items_escalate()
        if len(persons) > len(INQUIRIES):
            _order_sent_today(municipality, persons[-1], home_care, today)


def _order_sent_today(municipality, person, home_care: Unit, today: datetime.date) -> None:
    """A decision sent today for home care from next week: the nurse can plan the first visit now."""
    case_worker = _user(roles.CASE_WORKER)
    service = Service.objects.get(municipality=municipality, name="Helsetjenester i hjemmet")
    case = casework.application_receive(
        acting_user=case_worker,
        municipality=municipality,
        person=person,
        need="Kommer hjem fra sykehuset og trenger hjelp med medisiner",
        signed_by="person",
        received_on=today - datetime.timedelta(days=5),
    )
    casework.assessment_record(
        acting_user=case_worker,
        case=case,
        kind="home_visit",
        held_on=today - datetime.timedelta(days=2),
        scores={"personlig_hygiene": 3},
        sources="Samtale på sykehuset med personen og sønnen",
        chosen_services=[service],
    )
    draft = casework.decision_draft_create(
        acting_user=case_worker,
        case=case,
        service=service,
        outcome="INNVILGET",
        scope_amount=7,
        scope_unit="visits_week",
        content="Hjelp med legemidler hver morgen.",
        start_date=today + datetime.timedelta(days=7),
        review_date=today + datetime.timedelta(days=90),
        facts="Skrives ut fra sykehuset neste uke og klarer ikke legemidlene selv.",
        considerations="Hjelp i hjemmet er det laveste effektive nivået i omsorgstrappen.",
        payment="Helsetjenester i hjemmet er gratis.",
        provider_unit=home_care,
    )
    casework.decision_send(acting_user=case_worker, decision=draft, sent_on=today)
