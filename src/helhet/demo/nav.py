"""The demo's NAV office: the story of domain.md §0 E (a loan to pay a fine, decided within the hour after the
employment adviser called, so the man kept his new job) and NAV cases in several statuses. Everything goes
through the services, owned by `navleder` (the NAV office's leader, routed cases' owner)."""

import datetime

from django.db import transaction
from django.utils import timezone

from helhet.access import roles
from helhet.casework import services as casework
from helhet.catalogue.models import Service
from helhet.core.calendar import add_months
from helhet.core.models import User
from helhet.intake import services as intake
from helhet.intake.models import Inquiry
from helhet.people.models import Person

STORY = (
    "NAV-veilederen hans ringer: han har fått jobb i nabokommunen fra mandag, men skal sone en ubetalt bot "
    "fra i morgen tidlig. Soner han, mister han jobben. Han har ikke penger til å betale boten."
)
SOCIAL_ASSISTANCE = "Økonomisk sosialhjelp"


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _adults(municipality, count: int) -> list[Person]:
    """Demo persons of working age without cases, men first (the story's person is a man)."""
    people = Person.objects.filter(
        municipality=municipality,
        birth_date__gte=datetime.date(1970, 1, 1),
        birth_date__lte=datetime.date(2003, 12, 31),
        cases__isnull=True,
    ).order_by("-sex", "pk")
    return list(people[:count])


def load(municipality, today: datetime.date) -> None:
    if Inquiry.objects.filter(municipality=municipality, about=STORY).exists():
        return
    service = Service.objects.filter(municipality=municipality, name=SOCIAL_ASSISTANCE).first()
    persons = _adults(municipality, 7)
    if service is None or len(persons) < 6:
        return
    with transaction.atomic():
        nav, reception = _user("navleder"), _user(roles.RECEPTION)
        _urgent_loan(municipality, service, persons[0], nav, reception, today)
        _other_cases(municipality, service, persons[1:6], nav, reception, today)
        if len(persons) == 7:
            _closed_after_the_period(municipality, service, persons[6], nav, today)


def _closed_after_the_period(municipality, service, person, nav, today) -> None:
    """A one-month grant whose period has run out; the adviser closes the case with a reason (a case whose
    grant is still in force cannot be closed: casework.closing)."""
    sent_on = today - datetime.timedelta(days=70)
    case = casework.application_receive(
        acting_user=nav,
        municipality=municipality,
        person=person,
        need="Stønad til livsopphold i en måned til første lønn kommer.",
        wished_services=[service],
        signed_by="person",
        received_on=sent_on - datetime.timedelta(days=4),
    )
    _assess(case, nav, service, sent_on - datetime.timedelta(days=2))
    start = sent_on.replace(day=1)
    draft = casework.decision_draft_create(
        acting_user=nav,
        case=case,
        service=service,
        outcome="INNVILGET",
        economic_basis="sotjl_18",
        benefit_form="grant",
        amount="6400",
        amount_period="monthly",
        start_date=start,
        end_date=add_months(start, 1) - datetime.timedelta(days=1),
        content="Stønad til livsopphold for én måned, til første lønn er utbetalt.",
        facts="Du har fått fast jobb; første lønn kommer om en måned, og du har ingen penger til mat og husleie.",
        considerations="Stønaden dekker tiden til lønnen kommer.",
    )
    casework.decision_send(acting_user=nav, decision=draft, sent_on=sent_on)
    casework.case_transition(
        acting_user=nav,
        case=case,
        to="ended",
        note="Stønadsperioden er over, og søkeren har nå lønn å leve av.",
    )


def _urgent_loan(municipality, service, person, nav, reception, today) -> None:
    """§0 E: the call at reception, an urgent application, a short assessment, a § 19 loan under § 21 with a
    condition and repayment terms, sent 52 minutes after the call."""
    inquiry = intake.inquiry_register(
        acting_user=reception,
        municipality=municipality,
        person=person,
        channel="nav",
        about=STORY,
        urgent=True,
        received_at=timezone.now() - datetime.timedelta(minutes=52),
    )
    case = casework.application_receive(
        acting_user=nav,
        municipality=municipality,
        person=person,
        inquiry=inquiry,
        need="Penger til å betale boten i dag, så soningen faller bort og jeg kan begynne i jobben.",
        what_matters="Å beholde jobben.",
        wished_services=[service],
        signed_by="person",
        received_on=today,
    )
    casework.social_assessment_record(
        acting_user=nav,
        case=case,
        kind="conversation",
        held_on=today,
        household_adults=1,
        household_children=0,
        income=[{"what": "Økonomisk sosialhjelp (livsopphold)", "amount": "8300"}],
        expenses=[{"what": "Husleie", "amount": "6500"}, {"what": "Strøm", "amount": "700"}],
        urgent_need="Forelegget på kr 4 500 må være betalt før soningen begynner i morgen kl. 08.",
        urgent_by=today + datetime.timedelta(days=1),
        resources="Ingen oppsparte penger. Første lønn fra den nye jobben kommer neste måned.",
        other_benefits="Ingen annen ytelse kan utbetales i dag; lønnsforskudd er ikke mulig før første arbeidsdag.",
        sources="Telefon fra NAV-veilederen, samtale med ham på telefon, forelegget og arbeidskontrakten.",
        chosen_services=[service],
    )
    first_instalment = add_months(today.replace(day=20), 1)
    draft = casework.decision_draft_create(
        acting_user=nav,
        case=case,
        service=service,
        outcome="INNVILGET",
        economic_basis="sotjl_19",
        benefit_form="loan",
        amount="4500",
        amount_period="once",
        start_date=today,
        content="Betaling av forelegget, så soningen faller bort og du kan begynne i den nye jobben.",
        repayment_per_month="500",
        repayment_first_on=first_instalment,
        conditions=[
            "Du begynner i jobben som avtalt og sier fra til NAV-kontoret hvis arbeidsforholdet endrer seg."
        ],
        facts=(
            "Du har fått fast jobb fra mandag, men skal sone en ubetalt bot fra i morgen. Du har ingen penger "
            "og ingen annen ytelse som kan utbetales i dag."
        ),
        considerations=(
            "Å beholde jobben gjør deg selvhjulpen. Dette er et særlig tilfelle der stønad trengs for å "
            "overvinne en vanskelig livssituasjon. Fordi du får lønn fra neste måned, gis stønaden som lån."
        ),
    )
    casework.decision_send(acting_user=nav, decision=draft)


def _other_cases(municipality, service, persons, nav, reception, today) -> None:
    urgent_person, waiting, assessing, drafting, granted = persons
    # Urgent, just in: the power is cut on Friday.
    inquiry = intake.inquiry_register(
        acting_user=reception,
        municipality=municipality,
        person=urgent_person,
        channel="in_person",
        about="Strømmen blir stengt fredag; to barn i huset.",
        urgent=True,
    )
    casework.application_receive(
        acting_user=nav,
        municipality=municipality,
        person=urgent_person,
        inquiry=inquiry,
        need="Hjelp til å betale strømregningen før fredag.",
        wished_services=[service],
        signed_by="person",
        received_on=today,
    )
    # Received, waiting for assessment.
    casework.application_receive(
        acting_user=nav,
        municipality=municipality,
        person=waiting,
        need="Stønad til livsopphold i desember; dagpengene er brukt opp.",
        wished_services=[service],
        signed_by="person",
        received_on=today - datetime.timedelta(days=3),
    )
    # Assessed.
    case = casework.application_receive(
        acting_user=nav,
        municipality=municipality,
        person=assessing,
        need="Penger til husleie og mat til jeg får svar på søknaden om arbeidsavklaringspenger.",
        wished_services=[service],
        signed_by="person",
        received_on=today - datetime.timedelta(days=6),
    )
    _assess(case, nav, service, today - datetime.timedelta(days=4), children=2)
    # Drafting: a monthly grant, not yet complete.
    case = casework.application_receive(
        acting_user=nav,
        municipality=municipality,
        person=drafting,
        need="Stønad til livsopphold mens jeg venter på uføretrygd.",
        wished_services=[service],
        signed_by="person",
        received_on=today - datetime.timedelta(days=10),
    )
    _assess(case, nav, service, today - datetime.timedelta(days=8))
    casework.decision_draft_create(
        acting_user=nav,
        case=case,
        service=service,
        outcome="INNVILGET",
        economic_basis="sotjl_18",
        benefit_form="grant",
        amount="7600",
        amount_period="monthly",
        start_date=today.replace(day=1),
    )
    # Sent three weeks ago: a monthly grant for livsopphold with a condition.
    sent_on = today - datetime.timedelta(days=21)
    case = casework.application_receive(
        acting_user=nav,
        municipality=municipality,
        person=granted,
        need="Stønad til livsopphold; lønnen dekker ikke husleie og mat.",
        wished_services=[service],
        signed_by="person",
        received_on=sent_on - datetime.timedelta(days=9),
    )
    _assess(case, nav, service, sent_on - datetime.timedelta(days=5), children=1)
    draft = casework.decision_draft_create(
        acting_user=nav,
        case=case,
        service=service,
        outcome="INNVILGET",
        economic_basis="sotjl_18",
        benefit_form="grant",
        amount="3200",
        amount_period="monthly",
        start_date=sent_on.replace(day=1),
        end_date=add_months(sent_on.replace(day=1), 3) - datetime.timedelta(days=1),
        content="Supplerende stønad til livsopphold for deg og barnet ditt.",
        conditions=["Du søker bostøtte fra Husbanken innen utgangen av måneden."],
        facts="Du arbeider deltid; lønnen og barnetrygden dekker ikke husleie og livsopphold for dere to.",
        considerations="Du kan ikke sørge for livsoppholdet ved arbeid alene ennå; bostøtte skal prøves først.",
    )
    casework.decision_send(acting_user=nav, decision=draft, sent_on=sent_on)


def _assess(case, nav, service, held_on, children: int = 0) -> None:
    casework.social_assessment_record(
        acting_user=nav,
        case=case,
        kind="conversation",
        held_on=held_on,
        household_adults=1,
        household_children=children,
        income=[{"what": "Lønn (deltid)", "amount": "14500"}, {"what": "Barnetrygd", "amount": "1766"}]
        if children
        else [{"what": "Ingen fast inntekt", "amount": "0"}],
        expenses=[{"what": "Husleie", "amount": "9800"}, {"what": "Strøm", "amount": "900"}],
        resources="Ingen oppsparte penger.",
        other_benefits="Bostøtte er ikke søkt.",
        sources="Samtale på NAV-kontoret, kontoutskrift for siste tre måneder, husleiekontrakt.",
        chosen_services=[service],
    )
