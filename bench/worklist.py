"""Benchmark: a home-care team's work list with a team of 40 staff, 300 persons and 2 000 tasks a week.

    .venv/bin/python bench/worklist.py            # 300 persons, 2 000 weekly tasks
    .venv/bin/python bench/worklist.py --persons 30
    DATABASE_URL=postgres://…/helhet_scale01 .venv/bin/python bench/worklist.py --existing

With --existing it builds nothing and measures the demo's «Hjemmesykepleien sone Nord» in a database made by
`helhet demo` and bench/scale.py (team 0 there: about 150 persons with a visit on the day shift), as the demo
users `tjenesteyter` and `leder`: the nurse's own visits, the team's list as the page opens, and the whole
shift as the leader brings it in («Vis flere besøk», page by page). For each it prints the median server time
over --runs requests, the SQL time of the same requests, their ratio, the query count and the size of the
answer, as sent and gzip-compressed. It runs in one transaction that it rolls back, so the access-log rows the
requests write are not kept.

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


def _login(client, user) -> None:
    from helhet.access import mfa

    client.force_login(user)
    session = client.session
    mfa.mark_verified(session)  # the second factor passed, as tests/conftest.py does
    session.save()


def _measure(name: str, requests, runs: int) -> None:
    """Median server time, SQL time and size of `requests` (a function making one or more requests)."""
    import gzip

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    requests()  # warm-up: templates, url resolver, caches
    times, sql, counts = [], [], []
    for _ in range(runs):
        connection.queries_log.clear()  # a deque of 9 000: a long build before would leave it full
        with CaptureQueriesContext(connection) as queries:
            t = time.perf_counter()
            responses = requests()
            times.append(time.perf_counter() - t)
        for response in responses:
            assert response.status_code == 200, (name, response.status_code)
        sql.append(sum(float(q["time"]) for q in queries.captured_queries))
        counts.append(len(queries))
    size = sum(len(r.content) for r in responses)
    zipped = sum(len(gzip.compress(r.content)) for r in responses)
    median, median_sql = statistics.median(times) * 1000, statistics.median(sql) * 1000
    print(
        f"{name}: median {median:.0f} ms, SQL {median_sql:.0f} ms (×{median / max(median_sql, 0.1):.1f}), "
        f"{int(statistics.median(counts))} SQL-spørringer, {len(responses)} svar, "
        f"{size / 1000:.0f} kB ({zipped / 1000:.0f} kB med gzip)"
    )


def _whole_shift(client, url: str, params: dict):
    """The page, then each «Vis flere besøk» as htmx asks for it, until the shift is all on the screen."""
    import re

    more = re.compile(r'hx-get="([^"]*fra=\d+)"')
    responses = [client.get(url, params)]
    while found := more.search(responses[-1].content.decode()):
        responses.append(client.get(found.group(1).replace("&amp;", "&"), HTTP_HX_REQUEST="true"))
    return responses


def existing(runs: int) -> None:
    """Measure the demo's sone Nord in a scale database (bench/scale.py) as the demo nurse and leader."""
    from django.db import connection
    from django.test import Client

    from helhet.care import selectors
    from helhet.core.calendar import local_today
    from helhet.core.models import User
    from helhet.organisation.models import Unit
    from helhet.organisation.selectors import staff_for_user

    connection.force_debug_cursor = True  # the SQL time of each request, with DEBUG off
    nurse, leader = User.objects.get(username="tjenesteyter"), User.objects.get(username="leder")
    team = Unit.objects.get(municipality=leader.municipality, name="Hjemmesykepleien sone Nord")
    today = local_today()
    everyone = len(selectors.worklist(leader, unit=team, day=today, shift="day"))
    own = len(selectors.worklist(nurse, unit=team, day=today, shift="day", only_staff=staff_for_user(nurse)))
    print(f"{team.name}, dagvakten {today}: {everyone} besøk, {own} av dem til {nurse.username}")
    nurse_client, leader_client = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
    _login(nurse_client, nurse)
    _login(leader_client, leader)
    url, day = "/arbeidsliste/", {"enhet": team.pk, "dato": today.isoformat(), "vakt": "day"}
    _measure("sykepleier, mine besøk", lambda: [nurse_client.get(url, day | {"mine": "1"})], runs)
    _measure("sykepleier, hele teamet", lambda: [nurse_client.get(url, day | {"mine": "0"})], runs)
    _measure("leder, siden åpner", lambda: [leader_client.get(url, day)], runs)
    _measure("leder, hele vakten", lambda: _whole_shift(leader_client, url, day), runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=300)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--existing", action="store_true", help="measure the demo team of a scale database")
    args = parser.parse_args()
    if args.existing:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhet.config.settings")
        os.environ.setdefault("DEBUG", "0")
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        import django

        django.setup()
        from django.db import transaction

        with (
            transaction.atomic()
        ):  # the access-log rows of the requests are rolled back: the data stays as it was
            existing(args.runs)
            transaction.set_rollback(True)
        return
    os.environ.setdefault("HELHET_DATA_DIR", tempfile.mkdtemp(prefix="helhet-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhet.config.settings")
    os.environ.setdefault("HELHET_ALLOW_SYNTHETIC_IDS", "1")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

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
    _login(client, leader)
    nurse_client = Client(HTTP_HOST="127.0.0.1")
    _login(nurse_client, nurse)
    from helhet.access.services import api_token_create

    token = api_token_create(user=leader)
    visits = len(generate())
    print(f"Dagvakten: {visits} besøk")
    connection.force_debug_cursor = True
    url, day = "/arbeidsliste/", {"enhet": team.pk, "dato": today.isoformat(), "vakt": "day"}
    _measure("liste (selektor)", lambda: (generate(), [])[1], args.runs)
    _measure("arbeidslisteside, sykepleier (hele teamet)", lambda: [nurse_client.get(url, day)], args.runs)
    _measure("arbeidslisteside, leder (med fordeling)", lambda: [client.get(url, day)], args.runs)
    _measure("arbeidslisteside, leder, hele vakten", lambda: _whole_shift(client, url, day), args.runs)
    _measure(
        "API /worklists",
        lambda: [
            client.get(
                "/api/v1/worklists",
                {"unit": team.pk, "date": today.isoformat(), "shift": "day"},
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )
        ],
        args.runs,
    )


if __name__ == "__main__":
    main()
