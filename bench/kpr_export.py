"""Benchmark: the KPR export (streamed JSON Lines) and the check page's pass at 100 000 recipients.

    PYTHONPATH=src .venv/bin/python bench/kpr_export.py --recipients 100000

Uses a fresh SQLite file in a temporary directory unless DATABASE_URL is set. Generates a small municipality
(--small, 10 000 recipients) and a large one (--recipients) in bulk: a person, an application, a health-and-
care case, two sent decisions (home health care in hours per week, a safety alarm) and an IPLOS assessment
each, one in 50 with an error. Then, for each municipality, produces the whole export as the download does
(the access log written per batch) and runs the check, printing time, SQL queries and peak memory: Python's
own allocations while producing (tracemalloc, a second run) and the process's peak resident size. Memory that
stays flat from the small to the large municipality is the point.
"""

import argparse
import datetime
import os
import resource
import tempfile
import time
import tracemalloc
from decimal import Decimal

D = datetime.date


def generate(municipality, count: int, *, worker, team, services, seed: int) -> None:
    from helhet.casework.models import Assessment, Case, Decision
    from helhet.intake.models import Application
    from helhet.people import national_id
    from helhet.people.models import Person

    home, alarm, no_code = services
    scores = {"personlig_hygiene": 4, "kle_seg": 3, "hukommelse": 2, "husarbeid": 3}
    batch = 5000
    made = 0
    day = 0
    issued: set[str] = set()
    while made < count:
        size = min(batch, count - made)
        persons = []
        while len(persons) < size:
            birth = D(1925, 1, 1) + datetime.timedelta(days=day % 27000)
            round_seed = seed + 10 * (day // 27000)  # another individual number when the dates come round
            day += 1
            for sex in ("K", "M"):
                number = national_id.make_synthetic(birth, seed=round_seed, sex=sex)
                if number in issued:
                    continue
                issued.add(number)
                p = Person(
                    municipality=municipality, national_id=number, first_name="Bench", last_name=str(day)
                )
                p.derive_from_national_id()
                persons.append(p)
        persons = Person.objects.bulk_create(persons[:size], batch_size=1000)
        applications = Application.objects.bulk_create(
            (
                Application(
                    municipality=municipality,
                    person=p,
                    need="x",
                    signed_by="person",
                    received_on=D(2024, 1, 2),
                    expected_answer_by=D(2024, 2, 2),
                    routed_to=team,
                    routing_explanation="bench",
                )
                for p in persons
            ),
            batch_size=1000,
        )
        cases = Case.objects.bulk_create(
            (
                Case(
                    municipality=municipality,
                    person_id=a.person_id,
                    application=a,
                    owner=worker,
                    team=team,
                    received_on=a.received_on,
                    status="follow_up",
                )
                for a in applications
            ),
            batch_size=1000,
        )
        decisions = []
        for i, c in enumerate(cases):
            n = made + i
            decisions.append(
                Decision(
                    case=c,
                    service=no_code if n % 50 == 0 else home,
                    state="sent",
                    outcome="INNVILGET",
                    start_date=D(2024, 3, 1),
                    scope_amount=Decimal("5.5"),
                    scope_unit="hours_week",
                    sent_on=D(2024, 3, 1),
                )
            )
            decisions.append(
                Decision(
                    case=c,
                    service=alarm,
                    state="sent",
                    outcome="INNVILGET",
                    start_date=D(2025, 2, 1),
                    end_date=D(2025, 10, 31),
                    sent_on=D(2025, 2, 1),
                )
            )
        Decision.objects.bulk_create(decisions, batch_size=1000)
        Assessment.objects.bulk_create(
            (
                Assessment(
                    case=c,
                    kind="home_visit",
                    held_on=D(2025, 5, 1),
                    scores=scores,
                    sources="bench",
                    performed_by=worker,
                )
                for c in cases
            ),
            batch_size=1000,
        )
        made += size


def measure(label: str, municipality, user, year: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from helhet.access.models import AccessAction
    from helhet.access.services import access_log_write_many
    from helhet.insight import kpr

    def log(persons) -> None:
        access_log_write_many(
            user=user, persons=persons, what="KPR-eksport (bench)", reason="bench", action=AccessAction.READ
        )

    def produce(with_log: bool) -> tuple[int, int]:
        size = lines = 0
        for chunk in kpr.export_lines(
            municipality, year, created=timezone.localtime(), before_batch=log if with_log else None
        ):
            size += len(chunk.encode())
            lines += chunk.count("\n")
        return size, lines

    with CaptureQueriesContext(connection) as queries:
        started = time.monotonic()
        size, lines = produce(True)
        elapsed = time.monotonic() - started
    tracemalloc.start()
    produce(False)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    started = time.monotonic()
    summary = kpr.check_year(municipality, year, batch=2000)
    check_time = time.monotonic() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{label}: {summary.recipients} mottakere, {summary.valid} gyldige, {summary.failing} med feil | "
        f"eksport {elapsed:.1f} s ({summary.recipients / elapsed:.0f} per s), {size / 1e6:.1f} MB, {lines} linjer, "
        f"{len(queries.captured_queries)} SQL-spørringer (med tilgangslogg) | "
        f"største Python-minne under eksport {peak / 1e6:.1f} MB | kontroll {check_time:.1f} s | "
        f"prosessens største RSS hittil {rss:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    args = parser.parse_args()
    os.environ.setdefault("HELHET_DATA_DIR", tempfile.mkdtemp(prefix="helhet-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhet.config.settings")
    os.environ["DEBUG"] = "false"  # DEBUG keeps every query in memory
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection

    from helhet.catalogue.models import Service
    from helhet.catalogue.services import catalogue_install_defaults
    from helhet.core.models import Municipality, User
    from helhet.organisation.models import Engagement, ServiceArea, Staff, Unit

    call_command("migrate", verbosity=0)
    sizes = {"liten": (args.small, "9101"), "stor": (args.recipients, "9102")}
    made = {}
    started = time.monotonic()
    for seed, (label, (count, number)) in enumerate(sizes.items()):
        municipality = Municipality.objects.create(number=number, name=f"Bench {label}")
        catalogue_install_defaults(municipality=municipality, on=D(2024, 1, 1))
        office = Unit.objects.create(
            municipality=municipality,
            name="Tjenestekontoret",
            kind="unit",
            valid_from=D(2020, 1, 1),
            service_area=ServiceArea.HEALTH_CARE,
        )
        user = User.objects.create_user(
            username=f"bench-{number}", password="x" * 20, municipality=municipality
        )
        user.groups.add(Group.objects.get_or_create(name="saksbehandler")[0])
        staff = Staff.objects.create(municipality=municipality, user=user, first_name="B", last_name="Bench")
        Engagement.objects.create(staff=staff, unit=office, fte=1, valid_from=D(2020, 1, 1))
        services = [
            Service.objects.get(municipality=municipality, name=name)
            for name in ("Helsetjenester i hjemmet", "Trygghetsalarm", "Fysioterapi")
        ]
        generate(municipality, count, worker=user, team=office, services=services, seed=seed * 13)
        made[label] = (municipality, user)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"{args.small + args.recipients} mottakere lagt inn på {time.monotonic() - started:.0f} s ({connection.vendor})"
    )
    for label, (municipality, user) in made.items():
        measure(label, municipality, user, 2025)


if __name__ == "__main__":
    main()
