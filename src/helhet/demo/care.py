"""The demo's providers: decisions sent by the service office to home care, plans and work lists built on them,
the message book, procedures, a deviation, NAV's joint-conversation day and individual plans with coordinators.
Everything is made through the services, as a real municipality's data would be."""

import datetime
import itertools

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from helhet.access import roles
from helhet.access.services import responsibility_grant
from helhet.care import services as care
from helhet.care.models import GoalPlan, VisitAssignment
from helhet.casework import services as casework
from helhet.catalogue.models import Service
from helhet.core.models import User
from helhet.organisation.models import Unit
from helhet.organisation.selectors import staff_of_unit
from helhet.people.models import Person

HOME_CARE = "Hjemmesykepleien sone Nord"
PLANNED_PERSONS = 20
# (what, times, weekdays (empty = every day), minutes, procedure title or "")
MEASURES: tuple[tuple[str, list[str], list[int], int, str], ...] = (
    ("Morgenstell og påkledning", ["08:00"], [], 45, "Morgenstell"),
    ("Legemidler fra dosett", ["12:00"], [], 10, "Legemiddelhåndtering"),
    ("Kveldsstell", ["20:00"], [0, 2, 4], 30, ""),
)
PROCEDURES = (
    (
        "Morgenstell",
        "Personlig hygiene og påkledning etter personens egne ønsker og vaner.",
        [
            "Hils og spør hvordan natten har vært",
            "Vask hender og ta på hansker",
            "Hjelp med stell etter planen",
            "Observer hud og allmenntilstand",
            "Dokumenter og meld avvik ved behov",
        ],
    ),
    (
        "Legemiddelhåndtering",
        "Utdeling av legemidler fra multidose eller dosett etter gjeldende legemiddelliste.",
        [
            "Kontroller navn og fødselsdato",
            "Sjekk at dosen stemmer med listen",
            "Se at legemidlet blir tatt",
            "Kvitter i arbeidslisten",
        ],
    ),
)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def load(municipality, today: datetime.date) -> None:
    with transaction.atomic():
        units = {u.name: u for u in Unit.objects.valid_on(today).filter(municipality=municipality)}
        if not GoalPlan.objects.filter(municipality=municipality).exists():
            _decisions_and_plans(municipality, units[HOME_CARE], today)
            _nav_joint_day(municipality, units, today)
            _coordinators(municipality, units["Koordinerende enhet"], today)
        _todays_visits(units[HOME_CARE], today)


NURSE_VISITS = 6  # the demo nurse's share of each day's visits, so "Mine besøk" and "Min kalender" show work


def _todays_visits(home_care: Unit, today: datetime.date) -> None:
    """Give today's and tomorrow's day-shift visits to the staff, the demo nurse first, so the demo's work list
    is planned whichever day it runs and the nurse's list opens on her own visits."""
    leader, nurse = _user(roles.LEADER), _user(roles.PROVIDER)
    plans = list(GoalPlan.objects.filter(unit=home_care).select_related("person").order_by("pk"))
    for day in (today, today + datetime.timedelta(days=1)):
        if VisitAssignment.objects.filter(unit=home_care, day=day).exists():
            continue
        others = staff_of_unit(home_care.pk, day).exclude(user__username__in=[roles.LEADER, roles.PROVIDER])
        staff = itertools.chain(
            itertools.repeat(nurse.staff, NURSE_VISITS), itertools.cycle(list(others.order_by("pk"))[:7])
        )
        for plan in plans:
            care.visit_assign(
                acting_user=leader,
                unit=home_care,
                person=plan.person,
                day=day,
                shift="day",
                staff=next(staff),
            )


def _decisions_and_plans(municipality, home_care: Unit, today: datetime.date) -> None:
    case_worker, leader, nurse = _user(roles.CASE_WORKER), _user(roles.LEADER), _user(roles.PROVIDER)
    service = Service.objects.get(municipality=municipality, name="Helsetjenester i hjemmet")
    procedures = {}
    for title, text, steps in PROCEDURES:
        procedures[title] = care.procedure_create(
            acting_user=leader,
            unit=home_care,
            title=title,
            text=text,
            steps=steps,
            valid_from=today - datetime.timedelta(days=90),
        )
    persons = Person.objects.filter(
        municipality=municipality, responsibilities__unit=home_care, responsibilities__source="demo"
    ).order_by("pk")[:PLANNED_PERSONS]
    yesterday = today - datetime.timedelta(days=1)
    for number, person in enumerate(persons):
        decision = _granted(case_worker, municipality, person, service, home_care, today)
        plan = care.plan_for(acting_user=nurse, person=person, unit=home_care)
        goal = care.goal_add(
            acting_user=nurse, plan=plan, decision=decision, text="Klare meg hjemme så lenge som mulig"
        )
        for what, times, weekdays, minutes, procedure in MEASURES[: 2 + number % 2]:
            measure = care.measure_add(
                acting_user=nurse,
                plan=plan,
                decision=decision,
                goal=goal,
                what=what,
                times=times,
                weekdays=weekdays,
                minutes=minutes,
                procedure=procedures.get(procedure),
                valid_from=decision.start_date,
            )
            if weekdays and yesterday.weekday() not in weekdays:
                continue
            not_home = number in (3, 11) and what.startswith("Legemidler")
            care.task_record(
                acting_user=nurse,
                measure=measure,
                day=yesterday,
                time=datetime.time.fromisoformat(times[0]),
                status="not_done" if not_home else "done",
                reason="not_home" if not_home else "",
            )
        if number == 0:
            care.message_post(
                acting_user=leader,
                unit=home_care,
                person=person,
                text="Ny kode til nøkkelboksen: spør leder.",
            )
            care.appointment_add(
                acting_user=nurse,
                person=person,
                kind="doctor",
                starts_at=datetime.datetime.combine(today, datetime.time(13, 30)),
                what="Time hos fastlegen",
                place="Legesenteret",
            )
        if number == 3:
            care.deviation_report(
                acting_user=nurse,
                unit=home_care,
                person=person,
                kind="not_done",
                severity="medium",
                what="Legemidler ikke gitt: ingen åpnet døren, og telefonen ble ikke besvart.",
                immediate_action="Ringte datter, som dro innom.",
                happened_at=timezone.make_aware(datetime.datetime.combine(yesterday, datetime.time(12, 10))),
            )
    care.message_post(
        acting_user=leader, unit=home_care, text="Personalmøte torsdag kl. 14 på vaktrommet.", due_on=today
    )
    care.message_post(
        acting_user=nurse, unit=home_care, text="Bil 2 står på verksted i dag. Bruk sykkel i sentrum."
    )


def _granted(case_worker, municipality, person, service, home_care, today):
    start = today - datetime.timedelta(days=30)
    case = casework.application_receive(
        acting_user=case_worker,
        municipality=municipality,
        person=person,
        need="Trenger hjelp med stell og medisiner",
        signed_by="person",
        received_on=start - datetime.timedelta(days=14),
    )
    casework.assessment_record(
        acting_user=case_worker,
        case=case,
        kind="home_visit",
        held_on=start - datetime.timedelta(days=7),
        scores={"personlig_hygiene": 4, "kle_seg": 3},
        sources="Hjemmebesøk med personen og datter",
        chosen_services=[service],
    )
    draft = casework.decision_draft_create(
        acting_user=case_worker,
        case=case,
        service=service,
        outcome="INNVILGET",
        scope_amount=8,
        scope_unit="hours_week",  # KPR reports hour-based services in hours per week
        content="Hjelp til morgenstell hver dag, legemidler midt på dagen og kveldsstell tre dager i uken "
        "(til sammen om lag 8 timer i uken).",
        start_date=start,
        review_date=today + datetime.timedelta(days=150),
        facts="Bor alene og klarer ikke lenger stell og legemidler selv.",
        considerations="Hjelp i hjemmet er det laveste effektive nivået i omsorgstrappen.",
        payment="Helsetjenester i hjemmet er gratis.",
        provider_unit=home_care,
    )
    return casework.decision_send(acting_user=case_worker, decision=draft, sent_on=start)


def _nav_joint_day(municipality, units, today: datetime.date) -> None:
    nav_leader = _user("navleder")
    nav_leader.groups.add(Group.objects.get_or_create(name=roles.LEADER)[0])
    nav_leader = _user("navleder")  # roles are cached per user object
    nav = units["NAV Demo"]
    reserved = care.joint_day_reserve(
        acting_user=nav_leader,
        unit=nav,
        weekday=2,
        starts=datetime.time(9),
        ends=datetime.time(15),
        slot_minutes=60,
        valid_from=today - datetime.timedelta(days=60),
    )
    person = (
        Person.objects.filter(municipality=municipality, responsibilities__unit__name="Psykisk helse og rus")
        .order_by("pk")
        .first()
    )
    assert person is not None, "the demo population has a person followed by mental health and addiction"
    responsibility_grant(
        person=person, unit=nav, reason="Oppfølging fra NAV", valid_from=today, source="demo"
    )
    wednesday = today + datetime.timedelta(days=(2 - today.weekday()) % 7 or 7)
    care.joint_slot_book(
        acting_user=nav_leader,
        joint_day=reserved,
        day=wednesday,
        time=datetime.time(10),
        person=person,
        units=[units["Psykisk helse og rus"], units["Tjenestekontoret"]],
        agenda="Bolig, arbeid og oppfølging fra psykisk helse",
    )


def _coordinators(municipality, coordinating: Unit, today: datetime.date) -> None:
    coordinator = _user(roles.COORDINATOR)
    persons = Person.objects.filter(
        municipality=municipality, responsibilities__unit__name="Bofellesskap Solsiden"
    ).order_by("pk")[:4]
    for number, person in enumerate(persons):
        responsibility_grant(
            person=person,
            unit=coordinating,
            reason="Henvist til koordinerende enhet",
            valid_from=today,
            source="demo",
        )
        plan = care.coordinator_appoint(
            acting_user=coordinator,
            person=person,
            coordinating_unit=coordinating,
            coordinator=coordinator.staff,
            plan_declined=number == 3,
            shared_with=[Unit.objects.get(municipality=municipality, name="Bofellesskap Solsiden")],
        )
        if number != 3:
            care.individual_plan_goal_add(acting_user=coordinator, plan=plan, text="Ha en jobb å gå til")
        if number == 0:
            type(plan).objects.filter(pk=plan.pk).update(reviewed_on=today - datetime.timedelta(days=220))
