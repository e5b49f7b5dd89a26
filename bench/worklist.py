"""Benchmark: a home-care team's work list with a team of 40 staff, 300 persons and 2 000 tasks a week.

    .venv/bin/python bench/worklist.py            # 300 persons, 2 000 weekly tasks
    .venv/bin/python bench/worklist.py --persons 30

Uses a fresh SQLite file in a temporary directory unless DATABASE_URL is set. Builds the team, the persons,
their granted decisions, plans and measures, visit assignments, messages and appointments; then times the
generation of the day shift's list (the selector alone), the work-list page and the API call, and prints the
number of SQL queries of each, which must not grow with the team.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.factories


def build(persons: int):
    from helhet.access.models import Responsibility
    from helhet.care.models import Appointment, GoalPlan, Measure, Message, VisitAssignment
    from helhet.casework.models import Case, Decision
    from helhet.catalogue.models import Service
    from helhet.core.calendar import local_today
    from helhet.core.models import Municipality
    from helhet.intake.models import Application
    from helhet.organisation.models import Engagement, Staff
    from tests import factories

    today = local_today()
    municipality = Municipality.objects.get(number="9999")
    team = factories.unit(municipality, "Benketeamet hjemmesykepleie", kind="team")
    leader = factories.user(municipality, "leder", username="benkeleder", unit=team, leads=True)
    nurse = factories.user(municipality, "tjenesteyter", username="benkesykepleier", unit=team)
    staff = Staff.objects.bulk_create(
        Staff(municipality=municipality, first_name="Ansatt", last_name=f"{i:02d}", profession="Sykepleier")
        for i in range(38)
    )
    Engagement.objects.bulk_create(
        Engagement(staff=s, unit=team, fte=1, valid_from=factories.LONG_AGO) for s in staff
    )
    service = Service.objects.get(municipality=municipality, name="Helsetjenester i hjemmet")
    people = [
        factories.person(municipality, first_name=f"Bruker{i}", street_address=f"Gate {i}")
        for i in range(persons)
    ]
    applications = Application.objects.bulk_create(
        Application(
            municipality=municipality,
            person=p,
            need="x",
            signed_by="person",
            received_on=today,
            expected_answer_by=today,
            routed_to=team,
            routing_explanation="benk",
        )
        for p in people
    )
    cases = Case.objects.bulk_create(
        Case(
            municipality=municipality,
            person=a.person,
            application=a,
            owner=leader,
            team=team,
            received_on=today,
            status="follow_up",
        )
        for a in applications
    )
    decisions = Decision.objects.bulk_create(
        Decision(
            case=c,
            service=service,
            state="sent",
            outcome="INNVILGET",
            scope_amount=14,
            scope_unit="visits_week",
            start_date=today - datetime.timedelta(days=30),
            provider_unit=team,
            sent_on=today - datetime.timedelta(days=30),
        )
        for c in cases
    )
    Responsibility.objects.bulk_create(
        Responsibility(
            municipality=municipality,
            person=p,
            unit=team,
            reason="benk",
            valid_from=today - datetime.timedelta(days=30),
        )
        for p in people
    )
    plans = GoalPlan.objects.bulk_create(
        GoalPlan(municipality=municipality, person=p, unit=team, key_notes="Nøkkelboks ved døren")
        for p in people
    )
    # Two of three persons get help every day, one of three six days a week: 2 000 tasks a week for 300.
    measures = []
    for i, (plan, decision) in enumerate(zip(plans, decisions, strict=True)):
        weekdays = [] if i % 3 else [0, 1, 2, 3, 4, 5]
        times = ["08:00"] if i % 2 else ["16:00"]
        measures.append(
            Measure(
                plan=plan,
                decision=decision,
                what="Morgenstell" if i % 2 else "Kveldsstell",
                times=times,
                weekdays=weekdays,
                minutes=30,
                valid_from=today - datetime.timedelta(days=30),
            )
        )
    Measure.objects.bulk_create(measures)
    all_staff = [leader.staff, nurse.staff, *staff]
    VisitAssignment.objects.bulk_create(
        VisitAssignment(
            unit=team, person=p, day=today, shift="day", staff=all_staff[i % 40], assigned_by=leader
        )
        for i, p in enumerate(people)
        if i % 2
    )
    Message.objects.bulk_create(
        Message(municipality=municipality, unit=team, person=p, text="Husk nøkkel", author=leader)
        for p in people[::10]
    )
    noon = datetime.datetime.combine(today, datetime.time(12))
    from django.utils import timezone

    Appointment.objects.bulk_create(
        Appointment(
            municipality=municipality,
            person=p,
            kind="doctor",
            starts_at=timezone.make_aware(noon),
            what="Fastlege",
            created_by=leader,
        )
        for p in people[::15]
    )
    weekly = sum(7 if not m.weekdays else len(m.weekdays) for m in measures)
    return team, leader, nurse, weekly


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=300)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    os.environ.setdefault("HELHET_DATA_DIR", tempfile.mkdtemp(prefix="helhet-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhet.config.settings")
    os.environ.setdefault("HELHET_ALLOW_SYNTHETIC_IDS", "1")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from helhet.care import selectors
    from helhet.core.calendar import local_today

    call_command("migrate", verbosity=0)
    call_command("demo", persons=50, stdout=open(os.devnull, "w"))  # noqa: SIM115
    started = time.monotonic()
    team, leader, nurse, weekly = build(args.persons)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"Team med 40 ansatte, {args.persons} brukere og {weekly} oppgaver i uken bygget på {time.monotonic() - started:.1f} s"
    )
    today = local_today()

    def generate():
        return selectors.worklist(leader, unit=team, day=today, shift="day")

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(leader)
    nurse_client = Client(HTTP_HOST="127.0.0.1")
    nurse_client.force_login(nurse)
    from helhet.access.services import api_token_create

    token = api_token_create(user=leader)
    runs = {
        "liste (selektor)": generate,
        "arbeidslisteside, sykepleier": lambda: nurse_client.get(
            "/arbeidsliste/", {"enhet": team.pk, "vakt": "day"}
        ),
        "arbeidslisteside, leder (med fordeling)": lambda: client.get(
            "/arbeidsliste/", {"enhet": team.pk, "vakt": "day"}
        ),
        "API /worklists": lambda: client.get(
            "/api/v1/worklists",
            {"unit": team.pk, "date": today.isoformat(), "shift": "day"},
            HTTP_AUTHORIZATION=f"Bearer {token}",
        ),
    }
    visits = len(generate())
    print(f"Dagvakten: {visits} besøk")
    for name, run in runs.items():
        times = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                t = time.perf_counter()
                result = run()
                times.append(time.perf_counter() - t)
            if hasattr(result, "status_code"):
                assert result.status_code == 200, result.status_code
        print(f"{name}: median {statistics.median(times) * 1000:.0f} ms, {len(queries)} SQL-spørringer")


if __name__ == "__main__":
    main()
