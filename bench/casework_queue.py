"""Benchmark: the service office's queue, dashboard and a case page with many cases.

    .venv/bin/python bench/casework_queue.py --cases 100000

Uses a fresh SQLite file in a temporary directory unless DATABASE_URL is set. Prints load time, the
median time of each page and its number of SQL queries (which must not grow with the data).
"""

import argparse
import datetime
import os
import statistics
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20_000)
    args = parser.parse_args()
    os.environ.setdefault("HELHET_DATA_DIR", tempfile.mkdtemp(prefix="helhet-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhet.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from helhet.casework.models import Case
    from helhet.core.models import User
    from helhet.intake.models import Application
    from helhet.organisation.models import Unit
    from helhet.people.models import Person

    call_command("migrate", verbosity=0)
    call_command("demo", persons=2000, stdout=open(os.devnull, "w"))  # noqa: SIM115
    worker = User.objects.get(username="saksbehandler")
    office = Unit.objects.get(name="Tjenestekontoret", valid_to__isnull=True)
    persons = list(Person.objects.values_list("pk", "municipality_id")[:2000])
    started = time.monotonic()
    batch = 5000
    for offset in range(0, args.cases, batch):
        size = min(batch, args.cases - offset)
        applications = Application.objects.bulk_create(
            Application(
                municipality_id=persons[i % len(persons)][1],
                person_id=persons[i % len(persons)][0],
                need="x",
                signed_by="person",
                received_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 320),
                expected_answer_by=datetime.date(2026, 12, 1),
                routed_to=office,
                routing_explanation="bench",
            )
            for i in range(offset, offset + size)
        )
        Case.objects.bulk_create(
            Case(
                municipality_id=a.municipality_id,
                person_id=a.person_id,
                application=a,
                owner=worker,
                team=office,
                received_on=a.received_on,
                handoff_count=i % 5,
                status=("received", "assessment", "follow_up")[i % 3],
            )
            for i, a in enumerate(applications)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    load = time.monotonic() - started
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(worker)
    case_id = Case.objects.order_by("-pk").values_list("pk", flat=True).first()
    pages = {"kø og frister": "/saker/", "kø, side 50": "/saker/?side=50", "saksside": f"/saker/{case_id}/"}
    print(f"{Case.objects.count()} saker lagt inn på {load:.0f} s")
    for name, url in pages.items():
        times = []
        for _ in range(7):
            with CaptureQueriesContext(connection) as queries:
                t = time.perf_counter()
                assert client.get(url).status_code == 200
                times.append(time.perf_counter() - t)
        print(f"{name}: median {statistics.median(times) * 1000:.0f} ms, {len(queries)} SQL-spørringer")


if __name__ == "__main__":
    main()
