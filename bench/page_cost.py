"""Single-request cost of every page in the load mix (bench/locustfile.py): CPU time and SQL queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/helhet_x .venv/bin/python bench/page_cost.py
    … bench/page_cost.py --repeat 30 --only /saker/          # pages whose name contains /saker/
    … bench/page_cost.py --profile "/saker/<id>/"           # cProfile of that page, top 40 by own time
    … bench/page_cost.py --sql "/saker/<id>/"               # its queries, slowest first

Runs against the current DATABASE_URL with the demo loaded (`helhet migrate` and `helhet demo` first),
with DEBUG off as in bench/load.sh. Each page is asked as the demo user the mix uses, logged in with the
second factor passed, through Django's test client (the whole middleware stack, no network). For each page
it prints the median over --repeat requests (after one warm-up request) of the process's CPU time
(`time.process_time`: Python's own work, not PostgreSQL's, and independent of how busy the machine is),
of the wall time (which includes the database's work and so does depend on the machine), the number of
SQL queries, and the number of Python function calls of one request (cProfile's count, median over the first
five urls: it does not depend on the machine at all, so it shows a change of a few per cent that CPU time on a
busy machine hides). Pages with an id (a case, a person, a plan) cycle over the ids the list page links to, as the
mix does. Every request writes its access-log rows as in production, so run it on a bench database only.
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import sys
import time

CASE_LINK = re.compile(r'href="/saker/(\d+)/"')
PERSON_LINK = re.compile(r'href="/personer/(\d+)/"')
PLAN_LINK = re.compile(r'href="/arbeidsliste/plan/(\d+)/')
SEARCH = "hansen"
# The work list shows the shift of the hour by default; the day shift, where the visits are, whatever the hour.
DAY_SHIFT = "/arbeidsliste/?vakt=day"

# (page name as in the locust summary, demo user, the url or a list page and the link pattern on it)
PAGES: list[tuple[str, str, str, re.Pattern[str] | None]] = [
    ("/saker/", "saksbehandler", "/saker/", None),
    ("/saker/<id>/", "saksbehandler", "/saker/", CASE_LINK),
    ("/saker/ (tjenestekontorleder)", "tjenestekontorleder", "/saker/", None),
    ("/saker/<id>/ (tjenestekontorleder)", "tjenestekontorleder", "/saker/", CASE_LINK),
    ("/saker/ (navleder)", "navleder", "/saker/", None),
    ("/saker/<id>/ (navleder)", "navleder", "/saker/", CASE_LINK),
    ("/ (saksbehandler)", "saksbehandler", "/", None),
    ("/personer/?q=", "resepsjon", f"/personer/?q={SEARCH}", None),
    ("/personer/<id>/", "resepsjon", f"/personer/?q={SEARCH}", PERSON_LINK),
    ("/personer/<id>/ (saksbehandler)", "saksbehandler", f"/personer/?q={SEARCH}", PERSON_LINK),
    ("/mottak/", "resepsjon", "/mottak/", None),
    ("/tjenester/", "resepsjon", "/tjenester/", None),
    ("/arbeidsliste/", "tjenesteyter", DAY_SHIFT, None),
    ("/arbeidsliste/plan/<id>/", "tjenesteyter", DAY_SHIFT, PLAN_LINK),
    ("/arbeidsliste/beskjeder/", "tjenesteyter", "/arbeidsliste/beskjeder/", None),
    ("/arbeidsliste/ (leder)", "leder", DAY_SHIFT, None),
    ("/arbeidsliste/levert/", "leder", "/arbeidsliste/levert/", None),
    ("/arbeidsliste/avvik/", "leder", "/arbeidsliste/avvik/", None),
    ("/organisasjon/", "leder", "/organisasjon/", None),
    ("/logg-inn/ (form)", "", "/logg-inn/", None),
]


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhet.config.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def client_for(username: str):
    from django.test import Client

    from helhet.access import mfa
    from helhet.core.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    if username:
        client.force_login(User.objects.get(username=username))
        session = client.session
        mfa.mark_verified(session)  # as tests/conftest.py: the second factor passed
        session.save()
    return client


def urls_of(client, list_url: str, link: re.Pattern[str] | None, prefix: str) -> list[str]:
    if link is None:
        return [list_url]
    page = client.get(list_url)
    ids = link.findall(page.content.decode())[:20]
    if not ids:
        sys.exit(f"{list_url} links to no {prefix}<id>/: is the demo loaded?")
    return [f"{prefix}{i}/" for i in ids]


def prefix_of(link: re.Pattern[str] | None) -> str:
    return {CASE_LINK: "/saker/", PERSON_LINK: "/personer/", PLAN_LINK: "/arbeidsliste/plan/"}.get(link, "")


def calls(client, url: str) -> int:
    """Python function calls of one request (cProfile's count): a cost that does not depend on the machine."""
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url, follow=True)
    profiler.disable()
    return pstats.Stats(profiler).total_calls


def measure(client, urls: list[str], repeat: int) -> tuple[float, float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(urls[0], follow=True).status_code == 200, urls[
        0
    ]  # warm-up: templates, url resolver, caches
    cpu, wall, queries = [], [], []
    for n in range(repeat):
        url = urls[n % len(urls)]
        with CaptureQueriesContext(connection) as captured:
            c0, w0 = time.process_time(), time.perf_counter()
            response = client.get(url, follow=True)  # as locust: /tjenester/ redirects to the municipality
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(captured))
    median_calls = statistics.median(calls(client, url) for url in urls[:5])
    return (
        statistics.median(cpu) * 1000,
        statistics.median(wall) * 1000,
        int(statistics.median(queries)),
        int(median_calls),
    )


def profile(client, urls: list[str], repeat: int) -> None:
    client.get(urls[0], follow=True)
    profiler = cProfile.Profile(time.process_time)  # CPU time, not time spent waiting for PostgreSQL
    profiler.enable()
    for n in range(repeat):
        client.get(urls[n % len(urls)], follow=True)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(40)
    stats.sort_stats("cumulative").print_stats(60)
    print(out.getvalue())


def show_sql(client, urls: list[str]) -> None:
    """Each query of one request with its time, slowest first (times include the machine's load)."""
    from django.db import connection

    client.get(urls[0], follow=True)
    timed: list[tuple[float, str]] = []

    def timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timed.append(((time.perf_counter() - started) * 1000, sql))

    with connection.execute_wrapper(timer):
        client.get(urls[-1], follow=True)
    for ms, sql in sorted(timed, reverse=True):
        print(f"{ms:7.2f} ms  {sql[:300]}")
    print(f"{sum(ms for ms, _ in timed):7.2f} ms in {len(timed)} queries")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--only", default="", help="pages whose name contains this")
    parser.add_argument("--profile", default="", help="cProfile the page with exactly this name")
    parser.add_argument(
        "--gc-freeze", action="store_true", help="freeze the loaded app's objects, as gunicorn's master does"
    )
    parser.add_argument("--sql", default="", help="the queries of one request of the page with this name")
    args = parser.parse_args()
    setup()
    from django.conf import settings

    if args.gc_freeze:
        from helhet.config.gunicorn import freeze_loaded_objects

        freeze_loaded_objects()

    print(
        f"database {settings.DATABASES['default']['NAME']}, DEBUG={settings.DEBUG}, median of {args.repeat}"
    )
    print(f"{'page':40} {'user':20} {'CPU ms':>7} {'wall ms':>8} {'queries':>8} {'calls':>8}")
    clients: dict[str, object] = {}
    for name, username, url, link in PAGES:
        chosen = args.profile or args.sql
        if chosen and name != chosen or args.only not in name:
            continue
        client = clients.get(username) or clients.setdefault(username, client_for(username))
        urls = urls_of(client, url, link, prefix_of(link))
        if args.profile:
            profile(client, urls, args.repeat)
            return
        if args.sql:
            show_sql(client, urls)
            return
        cpu, wall, queries, python_calls = measure(client, urls, args.repeat)
        print(
            f"{name:40} {username or '-':20} {cpu:7.1f} {wall:8.1f} {queries:8d} {python_calls:8d}",
            flush=True,
        )


if __name__ == "__main__":
    main()
