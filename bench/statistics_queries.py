"""Benchmark: the statistics page's SQL queries and time at scale.

    .venv/bin/python bench/statistics_queries.py --cases 50000

Uses a fresh SQLite file in a temporary directory unless DATABASE_URL is set. Loads N cases with a decision
each, N inquiries, N/2 deviations and N/2 handoffs, then times the page for the whole municipality and for
one unit with a service, and prints each one's number of SQL queries (which must not grow with the data).
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
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from helhet.access import roles
    from helhet.care.models.quality import Deviation
    from helhet.casework.models import Case, Decision
    from helhet.catalogue.models import Service
    from helhet.core.models import User
    from helhet.intake.models import Application, Handoff, Inquiry
    from helhet.organisation.models import Unit
    from helhet.people.models import Person

    call_command("migrate", verbosity=0)
    call_command("demo", persons=2000, stdout=open(os.devnull, "w"))  # noqa: SIM115
    worker = User.objects.get(username="saksbehandler")
    municipality = worker.municipality
    office = Unit.objects.get(name="Tjenestekontoret", valid_to__isnull=True)
    other = Unit.objects.filter(municipality=municipality).exclude(pk=office.pk).first()
    services = list(Service.objects.filter(municipality=municipality, care_level__isnull=False))
    persons = list(Person.objects.filter(municipality=municipality).values_list("pk", flat=True)[:2000])
    zone = timezone.get_default_timezone()
    day0 = datetime.date(2025, 1, 1)
    started = time.monotonic()
    batch = 5000
    for offset in range(0, args.cases, batch):
        size = min(batch, args.cases - offset)
        span = range(offset, offset + size)
        applications = Application.objects.bulk_create(
            Application(
                municipality=municipality,
                person_id=persons[i % len(persons)],
                need="x",
                signed_by="person",
                received_on=day0 + datetime.timedelta(days=i % 330),
                expected_answer_by=day0 + datetime.timedelta(days=i % 330 + 30),
                routed_to=office,
                routing_explanation="bench",
            )
            for i in span
        )
        cases = Case.objects.bulk_create(
            Case(
                municipality=municipality,
                person_id=a.person_id,
                application=a,
                owner=worker,
                team=office,
                received_on=a.received_on,
                status="follow_up",
            )
            for a in applications
        )
        Decision.objects.bulk_create(
            Decision(
                case=c,
                service=services[i % len(services)],
                state="sent",
                outcome=("INNVILGET", "AVSLATT", "DELVIS_INNVILGET")[i % 3],
                sent_on=c.received_on + datetime.timedelta(days=5 + i % 40),
                start_date=c.received_on + datetime.timedelta(days=5 + i % 40),
                scope_amount=2,
                scope_unit="hours_week",
                provider_unit=office,
            )
            for i, c in zip(span, cases, strict=True)
        )
        Inquiry.objects.bulk_create(
            Inquiry(
                municipality=municipality,
                contact_name="Bench",
                channel=("phone", "digital", "in_person")[i % 3],
                about="x",
                outcome=("answered", "booked")[i % 2],
                registered_by=worker,
                received_at=datetime.datetime.combine(
                    day0 + datetime.timedelta(days=i % 330), datetime.time(10), tzinfo=zone
                ),
            )
            for i in span
        )
        Deviation.objects.bulk_create(
            Deviation(
                municipality=municipality,
                unit=office,
                kind="not_done",
                severity=("low", "medium", "high")[i % 3],
                happened_at=datetime.datetime.combine(
                    day0 + datetime.timedelta(days=i % 330), datetime.time(9), tzinfo=zone
                ),
                what="x",
                reported_by=worker,
            )
            for i in span
            if i % 2 == 0
        )
        Handoff.objects.bulk_create(
            Handoff(municipality=municipality, case=c, from_unit=office, to_unit=other, reason="x", by=worker)
            for i, c in zip(span, cases, strict=True)
            if i % 2 == 0
        )
    print(f"loaded {args.cases} cases in {time.monotonic() - started:.1f} s")
    analyst = User.objects.create_user(username="bench-analytiker", password=None, municipality=municipality)
    analyst.groups.add(Group.objects.get_or_create(name=roles.ANALYST)[0])
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(analyst)
    pages = {
        "whole municipality, 2025": "/statistikk/?fra=2025-01-01&til=2025-12-31",
        "one unit and service": f"/statistikk/?fra=2025-01-01&til=2025-12-31&enhet={office.pk}"
        f"&tjeneste={services[0].pk}",
        "all figures as Excel": "/statistikk/excel/?figur=alle&fra=2025-01-01&til=2025-12-31",
    }
    for name, url in pages.items():
        times = []
        for _ in range(3):
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                begun = time.monotonic()
                response = client.get(url)
                times.append(time.monotonic() - begun)
            assert response.status_code == 200, response.status_code
        print(
            f"{name}: {len(queries.captured_queries)} queries, median {statistics.median(times) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
