"""Small, hand-countable statistics fixtures: rows made directly, so each test can say what it expects."""

import datetime
from decimal import Decimal

from django.utils import timezone

from helhet.care.models import ExtraTask, GoalPlan, Measure, TaskRecord
from helhet.care.models.quality import Deviation
from helhet.casework.models import Appeal, Case, Decision
from helhet.catalogue.models import CareLevel, Service
from helhet.intake.models import Application, Handoff, Inquiry
from tests import factories

D = datetime.date


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_default_timezone())


class StatsWorld:
    def __init__(self, municipality):
        self.municipality = municipality
        self.area = factories.unit(municipality, "Helse og omsorg", kind="area")
        self.team = factories.unit(municipality, "Team Nord", kind="team", parent=self.area)
        self.other_team = factories.unit(municipality, "Team Sør", kind="team")
        self.worker = factories.user(municipality, "saksbehandler", unit=self.team)
        self.home = CareLevel.objects.create(municipality=municipality, position=2, name="Hjemmetjenester")
        self.place = CareLevel.objects.create(municipality=municipality, position=5, name="Langtidsplass")
        self.home_help = Service.objects.create(
            municipality=municipality, name="Hjemmesykepleie", description="x", care_level=self.home
        )
        self.nursing = Service.objects.create(
            municipality=municipality, name="Langtidsopphold", description="x", care_level=self.place
        )
        self._persons: list = []

    def person(self, index: int = 0):
        while len(self._persons) <= index:
            self._persons.append(factories.person(self.municipality, first_name=f"P{len(self._persons)}"))
        return self._persons[index]

    def inquiries(self, count: int, *, channel="phone", outcome="answered", day=None, unit=None):
        day = day or D(2025, 3, 10)
        Inquiry.objects.bulk_create(
            Inquiry(
                municipality=self.municipality,
                contact_name="Ukjent",
                channel=channel,
                about="x",
                outcome=outcome,
                responsible_unit=unit,
                registered_by=self.worker,
                received_at=at(day),
            )
            for _ in range(count)
        )

    def case(self, *, received=None, team=None, person=0, status="received", interim=None, late=False):
        received = received or D(2025, 3, 3)
        application = Application.objects.create(
            municipality=self.municipality,
            person=self.person(person),
            need="x",
            signed_by="person",
            received_on=received,
            expected_answer_by=received + datetime.timedelta(days=30),
            routed_to=team or self.team,
            routing_explanation="test",
        )
        return Case.objects.create(
            municipality=self.municipality,
            person=application.person,
            application=application,
            owner=self.worker,
            team=team or self.team,
            received_on=received,
            status=status,
            interim_reply_sent_on=interim,
            interim_reply_late=late,
        )

    def decision(
        self,
        case,
        *,
        sent=None,
        outcome="INNVILGET",
        service=None,
        start=None,
        end=None,
        scope=None,
        scope_unit="",
        provider=None,
        supersedes=None,
    ):
        sent = sent or D(2025, 3, 20)
        return Decision.objects.create(
            case=case,
            service=service or self.home_help,
            state="sent",
            outcome=outcome,
            sent_on=sent,
            start_date=start or sent,
            end_date=end,
            scope_amount=scope,
            scope_unit=scope_unit,
            provider_unit=provider or self.team,
            supersedes=supersedes,
        )

    def decided_cases(self, durations_days, *, received=None, **decision):
        """One case per duration, each with its first decision sent that many days after receipt."""
        received = received or D(2025, 3, 3)
        made = []
        for index, days in enumerate(durations_days):
            case = self.case(received=received, person=index, status="notified")
            made.append(self.decision(case, sent=received + datetime.timedelta(days=days), **decision))
        return made

    def appeal(self, decision, *, received=None, state="received", authority_outcome=""):
        received = received or D(2025, 4, 1)
        return Appeal.objects.create(
            decision=decision,
            received_on=received,
            change_wanted="mer hjelp",
            state=state,
            authority_outcome=authority_outcome,
        )

    def handoffs(self, count, *, from_unit, to_unit, day=None):
        day = day or D(2025, 3, 5)
        case = self.case(received=day)
        made = Handoff.objects.bulk_create(
            Handoff(
                municipality=self.municipality,
                case=case,
                from_unit=from_unit,
                to_unit=to_unit,
                reason="x",
                by=self.worker,
            )
            for _ in range(count)
        )
        Handoff.objects.filter(pk__in=[h.pk for h in made]).update(at=at(day))

    def deviations(self, count, *, kind="not_done", severity="low", day=None, unit=None):
        day = day or D(2025, 3, 5)
        Deviation.objects.bulk_create(
            Deviation(
                municipality=self.municipality,
                unit=unit or self.team,
                kind=kind,
                severity=severity,
                happened_at=at(day),
                what="x",
                reported_by=self.worker,
            )
            for _ in range(count)
        )

    def delivered(self, decision, *, days, minutes=30, extra_minutes=0):
        """Done task records for `decision` on each of `days`, and optionally one extra task."""
        plan, _ = GoalPlan.objects.get_or_create(
            municipality=self.municipality, person=decision.case.person, unit=self.team
        )
        measure = Measure.objects.create(
            plan=plan,
            decision=decision,
            what="stell",
            times=["08:00"],
            minutes=minutes,
            valid_from=D(2025, 1, 1),
        )
        for day in days:
            TaskRecord.objects.create(
                measure=measure, day=day, time=datetime.time(8), status="done", recorded_by=self.worker
            )
        if extra_minutes:
            ExtraTask.objects.create(
                plan=plan,
                decision=decision,
                day=days[0],
                time=datetime.time(12),
                what="ekstra",
                minutes=extra_minutes,
                recorded_by=self.worker,
            )
        return measure


HOURS = "hours_week"
VISITS = "visits_week"
__all__ = ["D", "HOURS", "VISITS", "Decimal", "StatsWorld", "at"]
