"""Benchmark: load the demo municipality with many persons and time a search and a person page.

    make bench BENCH_ARGS="--persons 700000"

Uses a fresh SQLite file under a temporary directory unless DATABASE_URL is set.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=50_000)
    args = parser.parse_args()
    os.environ.setdefault("HELHET_DATA_DIR", tempfile.mkdtemp(prefix="helhet-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhet.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from helhet.people.models import Person

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    call_command("demo", persons=args.persons, stdout=open(os.devnull, "w"))  # noqa: SIM115
    load_seconds = time.monotonic() - started

    client = Client(HTTP_HOST="127.0.0.1")
    client.login(
        username="saksbehandler", password=os.environ.get("HELHET_DEMO_PASSWORD", "demo-helhet-2026")
    )
    person_id = Person.objects.order_by("pk").values_list("pk", flat=True)[args.persons // 2]
    timings = {"søk «hansen»": [], "personside": []}
    for _ in range(20):
        t = time.perf_counter()
        client.get("/personer/", {"q": "hansen"})
        timings["søk «hansen»"].append(time.perf_counter() - t)
        t = time.perf_counter()
        client.get(f"/personer/{person_id}/")
        timings["personside"].append(time.perf_counter() - t)
    print(f"{args.persons} personer lastet på {load_seconds:.0f} s")
    for name, values in timings.items():
        print(f"{name}: median {statistics.median(values) * 1000:.1f} ms")


if __name__ == "__main__":
    sys.exit(main())
