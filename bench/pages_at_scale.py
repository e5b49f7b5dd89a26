"""Every staff page and API list at scale: p50/p95 server time beside the SQL time of the same requests.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/helhet_scale01 .venv/bin/python bench/pages_at_scale.py
    … bench/pages_at_scale.py --repeat 20 --only saker --markdown     # pages whose name contains «saker»
    … bench/pages_at_scale.py --explain bench/explain                  # EXPLAIN (ANALYZE, BUFFERS) per page
    … bench/pages_at_scale.py --memory                                  # peak memory of each export

Runs against the current DATABASE_URL with a database built by bench/scale.py (the demo municipality and its
logins on top), DEBUG off. Each page is asked in-process through Django's test client (the whole middleware
stack, no network) as the demo user of its role, logged in with the second factor passed (as page_cost.py).
For each page: one warm-up request, then --repeat requests (pages with an object cycle over up to 20 objects);
it prints the median (p50) and 95th percentile (p95, nearest rank) of the server time (around client.get and
reading the whole body), the SQL time of the same requests (the sum of each query's execution time, from a
wrapper on the connection: PostgreSQL's work plus the round trip), their ratio (p50 page / p50 SQL), the
median query count, and the body's size uncompressed and gzipped (gzip.compress, level 9 as a proxy would).
Rows over their target are flagged: a staff page p95 > 100 ms, the nurse's work list > 50 ms, the leader's
> 150 ms, page time > 3 × SQL time.

Each request runs in a transaction that is rolled back afterwards, so the access-log rows and session updates
the pages write do not stay in a shared scale database: the write statements are measured, their COMMIT is
not. (The savepoints the views' own transactions become are left out of the counts and SQL time, as they
would be plain BEGIN/COMMIT in production.) --commit keeps the writes, as production does; use it on a
database of your own only.

--explain DIR writes, for each page, the EXPLAIN (ANALYZE, BUFFERS) of the slowest SELECT of one request to
DIR/<page>.txt, with the statement and its parameters interpolated. --memory measures each export the staff
can download (the KPR file, a person's access log as CSV, the statistics downloads, the collaboration pairs,
the background exports' span CSV and org-chart PDF) in a process of its own, reading a streamed body chunk by
chunk: Python's peak allocations (tracemalloc) over the first tenth of the chunks and over the whole, and the
process's peak resident size (getrusage) before and after.
"""

import argparse
import dataclasses
import gzip
import json
import math
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

CASE_LINK = re.compile(r'href="/saker/(\d+)/"')
PERSON_LINK = re.compile(r'href="/personer/(\d+)/"')
PLAN_LINK = re.compile(r'href="/arbeidsliste/plan/(\d+)/')
COMMON = "hansen"
DAY_SHIFT = "vakt=day"
OBJECTS = 20

STAFF_TARGET_MS = 100.0
NURSE_TARGET_MS = 50.0
LEADER_TARGET_MS = 150.0
RATIO_TARGET = 3.0


@dataclasses.dataclass
class Page:
    name: str
    user: str
    # A url, or a function of the finder that returns the urls (None: no object to show, with the reason).
    url: str | Callable[["Finder"], list[str] | str]
    target_ms: float = STAFF_TARGET_MS


@dataclasses.dataclass
class Result:
    name: str
    user: str
    url: str
    p50: float
    p95: float
    sql50: float
    sql95: float
    queries: int
    size: int
    gzipped: int
    status: int
    target_ms: float
    slowest: tuple[float, str, object] | None = None

    @property
    def ratio(self) -> float:
        return self.p50 / self.sql50 if self.sql50 else math.inf

    def flags(self) -> list[str]:
        out = []
        if self.p95 > self.target_ms:
            out.append(f"p95 > {self.target_ms:.0f} ms")
        if self.ratio > RATIO_TARGET:
            out.append(f"page/SQL > {RATIO_TARGET:.0f}")
        return out


class Skip(Exception):
    """No object for this page in the database (the reason is the message)."""


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhet.config.settings")
    os.environ["DEBUG"] = "0"  # DEBUG keeps every query in memory
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.contrib.auth.models import update_last_login
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.disconnect(update_last_login)  # logging in the bench users writes nothing


def client_for(username: str):
    from django.test import Client

    from helhet.access import mfa
    from helhet.core.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=username))
    session = client.session
    mfa.mark_verified(session)  # as tests/conftest.py: the second factor passed
    session.save()
    return client


COMMIT = False  # --commit


def get(client, url: str):
    """A request outside the measurement (finding objects), its writes rolled back unless --commit."""
    from django.db import transaction

    with transaction.atomic():
        response = client.get(url)
        body_of(response)
        transaction.set_rollback(not COMMIT)
    return response


class Finder:
    """Objects for the pages that show one: looked up once, from the list pages or the database."""

    def __init__(self, clients: Callable[[str], object]) -> None:
        from helhet.core.models import User

        self.client = clients
        self.saksbehandler = User.objects.get(username="saksbehandler")
        self.municipality = self.saksbehandler.municipality
        self._cache: dict[str, object] = {}

    def _links(self, username: str, url: str, link: re.Pattern[str], prefix: str) -> list[str]:
        body = get(self.client(username), url).content.decode()
        ids = list(dict.fromkeys(link.findall(body)))[:OBJECTS]
        if not ids:
            raise Skip(f"{url} links to no {prefix}<id>/")
        return [f"{prefix}{i}/" for i in ids]

    def once(self, key: str, make: Callable[[], object]):
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def cases(self) -> list[str]:
        return self.once("cases", lambda: self._links("saksbehandler", "/saker/", CASE_LINK, "/saker/"))

    def persons(self) -> list[str]:
        return self.once(
            "persons",
            lambda: self._links("saksbehandler", f"/personer/?q={COMMON}", PERSON_LINK, "/personer/"),
        )

    def plans(self) -> list[str]:
        return self.once(
            "plans",
            lambda: self._links(
                "tjenesteyter", f"/arbeidsliste/?{DAY_SHIFT}&mine=0", PLAN_LINK, "/arbeidsliste/plan/"
            ),
        )

    def rare_name(self) -> str:
        from django.db.models import Count

        from helhet.people.models import Person

        def find() -> str:
            row = (
                Person.objects.filter(municipality=self.municipality, last_name__regex=r"^[A-Za-z]{5,}$")
                .values("last_name")
                .annotate(n=Count("id"))
                .filter(n=1)
                .order_by("last_name")
                .first()
            )
            if row is None:
                raise Skip("no last name held by one person")
            return row["last_name"]

        return self.once("rare", find)

    def unit_of(self, username: str) -> int:
        from helhet.organisation.models import Engagement

        engagement = Engagement.objects.filter(staff__user__username=username, valid_to__isnull=True).first()
        if engagement is None:
            raise Skip(f"{username} works in no unit")
        return engagement.unit_id

    def first_ok(self, username: str, urls, what: str) -> list[str]:
        """Those of the candidate urls the user gets a 200 for (at most OBJECTS; the first few tried)."""
        client = self.client(username)
        good = []
        for url in list(urls)[: OBJECTS * 3]:
            if get(client, url).status_code == 200:
                good.append(url)
                if len(good) >= OBJECTS:
                    break
        if not good:
            raise Skip(f"no {what} the user may open")
        return good

    def case_ids(self) -> list[int]:
        return [int(u.strip("/").split("/")[-1]) for u in self.cases()]

    def decisions(self, state: str) -> list[int]:
        from helhet.casework.models import Decision

        def find() -> list[int]:
            ids = list(
                Decision.objects.filter(case_id__in=self.case_ids(), state=state).values_list("pk", flat=True)
            )
            if len(ids) < 5:  # the queue's first page may hold few; any of the municipality's then
                ids += list(
                    Decision.objects.filter(case__municipality=self.municipality, state=state)
                    .order_by("-pk")
                    .values_list("pk", flat=True)[:60]
                )
            return ids

        return self.once(f"decisions-{state}", find)

    def pks(self, model: str, **filters) -> list[int]:
        from django.apps import apps

        cls = apps.get_model(model)
        return list(cls.objects.filter(**filters).order_by("-pk").values_list("pk", flat=True)[:60])

    def most_logged_person(self) -> int:
        from django.db.models import Count

        from helhet.access.models import AccessLog

        def find() -> int:
            row = (
                AccessLog.objects.filter(municipality=self.municipality, person__isnull=False)
                .values("person_id")
                .annotate(n=Count("id"))
                .order_by("-n")
                .first()
            )
            if row is None:
                raise Skip("the access log names no person")
            return row["person_id"]

        return self.once("logged", find)


def _today() -> str:
    from helhet.core.calendar import local_today

    return local_today().isoformat()


def _year() -> int:
    from helhet.core.calendar import local_today

    return local_today().year - 1


def pages() -> list[Page]:
    """Every staff page (GET) and API list, by the URLconfs: the pages needing an object find one."""
    return [
        # Start pages, one per role.
        *[
            Page(f"/ ({user})", user, "/")
            for user in (
                "resepsjon",
                "saksbehandler",
                "tjenesteyter",
                "leder",
                "koordinator",
                "analytiker",
                "admin",
                "tjenestekontorleder",
                "navleder",
            )
        ],
        # Case work.
        Page("/saker/", "saksbehandler", "/saker/"),
        Page("/saker/?side=50", "saksbehandler", "/saker/?side=50"),
        Page("/saker/ (tjenestekontorleder)", "tjenestekontorleder", "/saker/"),
        Page("/saker/ (navleder)", "navleder", "/saker/"),
        Page("/saker/<id>/", "saksbehandler", lambda f: f.cases()),
        Page("/saker/forsendelser/", "saksbehandler", "/saker/forsendelser/"),
        Page(
            "/saker/vedtak/<id>/ (draft)",
            "saksbehandler",
            lambda f: f.first_ok(
                "saksbehandler", [f"/saker/vedtak/{i}/" for i in f.decisions("draft")], "draft decision"
            ),
        ),
        Page(
            "decision letter PDF (draft, rendered)",
            "saksbehandler",
            lambda f: f.first_ok(
                "saksbehandler",
                [f"/saker/vedtak/{i}/vedtaksbrev.pdf" for i in f.decisions("draft")],
                "draft decision with a letter",
            ),
        ),
        Page(
            "decision letter PDF (sent, stored)",
            "saksbehandler",
            lambda f: f.first_ok(
                "saksbehandler",
                [f"/saker/vedtak/{i}/vedtaksbrev.pdf" for i in f.decisions("sent")],
                "sent decision with a stored letter",
            ),
        ),
        # The register.
        Page(f"/personer/?q={COMMON}", "saksbehandler", f"/personer/?q={COMMON}"),
        Page(f"/personer/?q={COMMON} (resepsjon)", "resepsjon", f"/personer/?q={COMMON}"),
        Page("/personer/?q=<rare name>", "saksbehandler", lambda f: f"/personer/?q={f.rare_name()}"),
        Page("/personer/ (caseload, tjenesteyter)", "tjenesteyter", "/personer/"),
        Page("/personer/<id>/", "saksbehandler", lambda f: f.persons()),
        Page("/personer/<id>/tilgangslogg/", "admin", lambda f: [f"{u}tilgangslogg/" for u in f.persons()]),
        Page("/personer/nodtilganger/", "admin", "/personer/nodtilganger/"),
        Page("/mottak/", "resepsjon", "/mottak/"),
        Page("/mottak/ruting/", "admin", "/mottak/ruting/"),
        # Home care.
        Page(
            "/arbeidsliste/ (tjenesteyter, own)",
            "tjenesteyter",
            f"/arbeidsliste/?{DAY_SHIFT}&mine=1",
            NURSE_TARGET_MS,
        ),
        Page("/arbeidsliste/ (tjenesteyter, team)", "tjenesteyter", f"/arbeidsliste/?{DAY_SHIFT}&mine=0"),
        Page("/arbeidsliste/ (leder)", "leder", f"/arbeidsliste/?{DAY_SHIFT}&mine=0", LEADER_TARGET_MS),
        Page("/arbeidsliste/utskrift/ (leder)", "leder", f"/arbeidsliste/utskrift/?{DAY_SHIFT}&mine=0"),
        Page("/arbeidsliste/plan/<id>/", "tjenesteyter", lambda f: f.plans()),
        Page("/arbeidsliste/levert/", "leder", "/arbeidsliste/levert/"),
        Page("/arbeidsliste/beskjeder/", "tjenesteyter", "/arbeidsliste/beskjeder/"),
        Page("/arbeidsliste/prosedyrer/", "tjenesteyter", "/arbeidsliste/prosedyrer/"),
        Page("/arbeidsliste/avvik/", "leder", "/arbeidsliste/avvik/"),
        Page("/arbeidsliste/kalender/", "leder", "/arbeidsliste/kalender/"),
        Page("/arbeidsliste/moter/", "leder", "/arbeidsliste/moter/"),
        Page("/arbeidsliste/fellessamtaledag/", "leder", "/arbeidsliste/fellessamtaledag/"),
        Page("/arbeidsliste/koordinering/", "koordinator", "/arbeidsliste/koordinering/"),
        # Inbox, meetings.
        Page("/oppgaver/ (saksbehandler)", "saksbehandler", "/oppgaver/"),
        Page("/oppgaver/ (leder)", "leder", "/oppgaver/"),
        Page("/moter/", "leder", "/moter/"),
        Page("/moter/rom/", "leder", "/moter/rom/"),
        Page("/moter/ledelse/", "admin", "/moter/ledelse/"),
        # Catalogue.
        Page("/katalog/", "saksbehandler", "/katalog/"),
        Page("/katalog/omsorgstrappen/", "admin", "/katalog/omsorgstrappen/"),
        Page("/katalog/rettsregimer/", "saksbehandler", "/katalog/rettsregimer/"),
        Page("/katalog/sokeord/", "admin", "/katalog/sokeord/"),
        Page("/katalog/kontorer/", "admin", "/katalog/kontorer/"),
        # Statistics and analysis.
        Page("/statistikk/", "analytiker", "/statistikk/"),
        Page("/statistikk/arsrapport/ (form)", "analytiker", "/statistikk/arsrapport/"),
        Page("/organisasjon/oversikt/", "analytiker", "/organisasjon/oversikt/"),
        Page("/organisasjon/kpr/", "saksbehandler", "/organisasjon/kpr/"),
        Page("/organisasjon/simulering/", "analytiker", "/organisasjon/simulering/"),
        Page("/organisasjon/scenarier/", "analytiker", "/organisasjon/scenarier/"),
        Page("/organisasjon/verksted/", "analytiker", "/organisasjon/verksted/"),
        # Organisation.
        Page("/organisasjon/", "leder", "/organisasjon/"),
        Page("org chart PDF (/organisasjon/utskrift.pdf)", "leder", "/organisasjon/utskrift.pdf"),
        Page("/organisasjon/lederspenn/", "leder", "/organisasjon/lederspenn/"),
        Page("/organisasjon/samarbeid/", "leder", "/organisasjon/samarbeid/"),
        Page("/organisasjon/samarbeid/analyse/", "leder", "/organisasjon/samarbeid/analyse/"),
        Page("/organisasjon/samarbeid/navn/", "admin", "/organisasjon/samarbeid/navn/"),
        Page("/organisasjon/enheter/", "admin", "/organisasjon/enheter/"),
        # Administration and the user's own account.
        Page("/brukere/", "admin", "/brukere/"),
        Page(
            "/brukere/<id>/",
            "admin",
            lambda f: f.first_ok(
                "admin", [f"/brukere/{i}/" for i in f.pks("core.User", municipality=f.municipality)], "user"
            ),
        ),
        Page("/brukere/api-nokler/", "admin", "/brukere/api-nokler/"),
        Page("/konto/", "saksbehandler", "/konto/"),
        Page("/konto/api-nokler/", "saksbehandler", "/konto/api-nokler/"),
        Page("/konto/sperringer/", "admin", "/konto/sperringer/"),
        # The API (session authentication, as the API allows besides tokens).
        Page(f"/api/v1/persons?q={COMMON}", "saksbehandler", f"/api/v1/persons?q={COMMON}"),
        Page("/api/v1/persons (caseload)", "tjenesteyter", "/api/v1/persons"),
        Page(
            "/api/v1/persons/<id>",
            "saksbehandler",
            lambda f: [u.replace("/personer/", "/api/v1/persons/").rstrip("/") for u in f.persons()],
        ),
        Page(
            "/api/v1/persons/<id>/access-log",
            "admin",
            lambda f: [u.replace("/personer/", "/api/v1/persons/") + "access-log" for u in f.persons()],
        ),
        Page(
            "/api/v1/cases/<id>",
            "saksbehandler",
            lambda f: [f"/api/v1/cases/{i}" for i in f.case_ids()],
        ),
        Page(
            "/api/v1/cases/<id>/actions",
            "saksbehandler",
            lambda f: [f"/api/v1/cases/{i}/actions" for i in f.case_ids()],
        ),
        Page(
            "/api/v1/worklists (tjenesteyter)",
            "tjenesteyter",
            lambda f: f"/api/v1/worklists?unit={f.unit_of('tjenesteyter')}&date={_today()}&shift=day",
            NURSE_TARGET_MS * 3,
        ),
        Page(
            "/api/v1/delivery",
            "leder",
            lambda f: f"/api/v1/delivery?unit={f.unit_of('leder')}&date={_today()}",
        ),
        Page(
            "/api/v1/messages", "tjenesteyter", lambda f: f"/api/v1/messages?unit={f.unit_of('tjenesteyter')}"
        ),
        Page("/api/v1/inbox", "saksbehandler", "/api/v1/inbox"),
        Page("/api/v1/organisation/units", "leder", "/api/v1/organisation/units"),
        Page("/api/v1/organisation/span-of-control", "leder", "/api/v1/organisation/span-of-control"),
        Page("/api/v1/catalogue/services", "saksbehandler", "/api/v1/catalogue/services"),
        Page("/api/v1/catalogue/care-levels", "saksbehandler", "/api/v1/catalogue/care-levels"),
        Page("/api/v1/catalogue/legal-regimes", "saksbehandler", "/api/v1/catalogue/legal-regimes"),
    ]


SAVEPOINT = re.compile(r"^\s*(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\b", re.I)


class Timer:
    """connection.execute_wrapper: each query's time, without the savepoints (see the module's text)."""

    def __init__(self) -> None:
        self.queries: list[tuple[float, str, object]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            if not SAVEPOINT.match(sql):
                self.queries.append(((time.perf_counter() - started) * 1000, sql, params))


def body_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def one_request(client, url: str, commit: bool):
    """(status, ms, body, timer) of one request, in a transaction rolled back after it unless commit."""
    from django.db import connection, transaction

    timer = Timer()
    with connection.execute_wrapper(timer):
        if commit:
            started = time.perf_counter()
            response = client.get(url)
            body = body_of(response)
            elapsed = (time.perf_counter() - started) * 1000
        else:
            with transaction.atomic():
                started = time.perf_counter()
                response = client.get(url)
                body = body_of(response)
                elapsed = (time.perf_counter() - started) * 1000
                transaction.set_rollback(True)
    return response.status_code, elapsed, body, timer


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def measure(page: Page, client, urls: list[str], repeat: int, commit: bool) -> Result:
    status, _ms, _body, _t = one_request(client, urls[0], commit)  # warm-up: templates, resolver, caches
    times, sql, counts = [], [], []
    size = 0
    slowest: tuple[float, str, object] | None = None
    for n in range(repeat):
        url = urls[n % len(urls)]
        status, ms, body, timer = one_request(client, url, commit)
        if status != 200:
            raise Skip(f"{url} answered {status}")
        times.append(ms)
        sql.append(sum(q[0] for q in timer.queries))
        counts.append(len(timer.queries))
        size = len(body) if n == 0 else size
        if n == 0:
            gzipped = len(gzip.compress(body))
            selects = [q for q in timer.queries if re.match(r"^\s*(SELECT|WITH)\b", q[1], re.I)]
            slowest = max(selects, key=lambda q: q[0]) if selects else None
    return Result(
        name=page.name,
        user=page.user,
        url=urls[0],
        p50=statistics.median(times),
        p95=percentile(times, 0.95),
        sql50=statistics.median(sql),
        sql95=percentile(sql, 0.95),
        queries=int(statistics.median(counts)),
        size=size,
        gzipped=gzipped,
        status=status,
        target_ms=page.target_ms,
        slowest=slowest,
    )


def slug(name: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return f"home-{text}" if name.startswith("/ (") else text  # the start pages: «home-admin»


def explain(result: Result, directory: Path) -> None:
    from django.db import connection, transaction

    path = directory / f"{slug(result.name)}.txt"
    if result.slowest is None:
        return
    ms, sql, params = result.slowest
    postgresql = connection.vendor == "postgresql"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(("EXPLAIN (ANALYZE, BUFFERS) " if postgresql else "EXPLAIN QUERY PLAN ") + sql, params)
        plan = "\n".join(str(row[0] if postgresql else row[-1]) for row in cursor.fetchall())
        if not params:
            statement = sql
        elif postgresql:
            statement = connection.ops.compose_sql(sql, params)
        else:
            statement = f"{sql}\n-- parameters: {params!r}"
        transaction.set_rollback(True)
    directory.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"-- {result.name} ({result.user}): {result.url}\n"
        f"-- the slowest SELECT of one request: {ms:.1f} ms in the request, of {result.sql50:.1f} ms SQL "
        f"(p50) in {result.queries} queries; page p50 {result.p50:.1f} ms\n\n{statement};\n\n{plan}\n"
    )


def print_table(results: list[Result], skipped: list[tuple[str, str]], markdown: bool) -> None:
    from django.conf import settings

    database = settings.DATABASES["default"]["NAME"]
    if markdown:
        print(f"Database `{database}`; {len(results)} pages.\n")
        print(
            "| page | user | p50 ms | p95 ms | SQL p50 ms | SQL p95 ms | page/SQL | queries | bytes | gzip bytes | over target |"
        )
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for r in results:
            flags = "; ".join(r.flags())
            mark = "**" if flags else ""
            size, gzipped = (f"{n:,}".replace(",", " ") for n in (r.size, r.gzipped))
            print(
                f"| `{r.name}` | {r.user} | {mark}{r.p50:.0f}{mark} | {mark}{r.p95:.0f}{mark} | {r.sql50:.1f} | "
                f"{r.sql95:.1f} | {r.ratio:.1f} | {r.queries} | {size} | {gzipped} | {flags} |"
            )
        for name, reason in skipped:
            print(f"| `{name}` | | skipped: {reason} | | | | | | | | |")
        return
    print(f"database {database}")
    print(
        f"{'page':44} {'user':20} {'p50':>7} {'p95':>7} {'SQL50':>7} {'SQL95':>7} {'ratio':>6} {'q':>4} "
        f"{'bytes':>9} {'gzip':>8}  over target"
    )
    for r in results:
        print(
            f"{r.name[:44]:44} {r.user:20} {r.p50:7.1f} {r.p95:7.1f} {r.sql50:7.1f} {r.sql95:7.1f} "
            f"{r.ratio:6.1f} {r.queries:4d} {r.size:9d} {r.gzipped:8d}  {'; '.join(r.flags())}"
        )
    for name, reason in skipped:
        print(f"{name[:44]:44} skipped: {reason}")


def run_pages(args) -> None:
    clients: dict[str, object] = {}

    def client(username: str):
        if username not in clients:
            clients[username] = client_for(username)
        return clients[username]

    finder = Finder(client)
    results: list[Result] = []
    skipped: list[tuple[str, str]] = []
    for page in pages():
        if args.only not in page.name:
            continue
        try:
            found = page.url(finder) if callable(page.url) else page.url
            urls = [found] if isinstance(found, str) else found
            result = measure(page, client(page.user), urls, args.repeat, args.commit)
        except Skip as reason:
            skipped.append((page.name, str(reason)))
            print(f"# {page.name}: skipped, {reason}", file=sys.stderr, flush=True)
            continue
        results.append(result)
        print(
            f"# {page.name}: p50 {result.p50:.1f} ms, p95 {result.p95:.1f} ms, SQL {result.sql50:.1f} ms, "
            f"{result.queries} queries {' '.join(result.flags())}",
            file=sys.stderr,
            flush=True,
        )
        if args.explain:
            explain(result, Path(args.explain))
    print_table(results, skipped, args.markdown)


# Memory of the exports ---------------------------------------------------------------------------------------


def exports() -> list[tuple[str, str, Callable[[Finder], str] | str]]:
    """(name, user, url or a function of the finder) of each download; «job:…» runs a background export."""
    return [
        (
            "KPR export (JSON Lines)",
            "saksbehandler",
            lambda f: f"/organisasjon/kpr/eksport.jsonl?ar={_year()}",
        ),
        (
            "access log CSV (the most-logged person)",
            "admin",
            lambda f: f"/personer/{f.most_logged_person()}/tilgangslogg/?eksport=csv",
        ),
        ("statistics CSV (one figure)", "analytiker", lambda f: _statistics_url("csv")),
        ("statistics workbook (all figures)", "analytiker", "/statistikk/excel/?figur=alle"),
        ("collaboration pairs CSV", "leder", "/organisasjon/samarbeid/analyse/par.csv"),
        ("span of control CSV (background export)", "leder", "job:span_csv"),
        ("org chart PDF (background export)", "leder", "job:chart_pdf"),
    ]


def _statistics_url(fmt: str) -> str:
    from helhet.insight.statistics.registry import FIGURES

    return f"/statistikk/{fmt}/?figur={next(iter(FIGURES))}"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory_one(name: str, commit: bool) -> dict:
    """Measured in this process: the export's chunks read one by one, Python's peak over the first tenth of the
    chunks and over all, the resident peak before and after."""
    import tracemalloc

    from django.db import transaction

    clients: dict[str, object] = {}

    def client(username: str):
        if username not in clients:
            clients[username] = client_for(username)
        return clients[username]

    finder = Finder(client)
    _label, username, target = next(e for e in exports() if e[0] == name)
    url = target(finder) if callable(target) else target
    out = {"name": name, "user": username, "url": url}
    with transaction.atomic():
        if url.startswith("job:"):
            out.update(_job_memory(url[4:], username))
        else:
            # First pass: how many chunks (so the second knows its first tenth).
            response = client(username).get(url)
            count = sum(1 for _ in response.streaming_content) if response.streaming else 1
            out["rss_before_mb"] = rss_mb()  # after a whole first pass: the code and templates are loaded
            tracemalloc.start()
            started = time.perf_counter()
            response = client(username).get(url)
            chunks = iter(response.streaming_content) if response.streaming else iter([response.content])
            size = lines = 0
            tenth_peak = 0
            for n, chunk in enumerate(chunks, start=1):
                size += len(chunk)
                lines += chunk.count(b"\n")
                if n == max(count // 10, 1):
                    tenth_peak = tracemalloc.get_traced_memory()[1]
            elapsed = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            out.update(
                status=response.status_code,
                streaming=response.streaming,
                chunks=count,
                bytes=size,
                lines=lines,
                seconds=elapsed,
                tenth_peak_mb=tenth_peak / 1e6,
                peak_mb=peak / 1e6,
            )
        if not commit:
            transaction.set_rollback(True)
    out["rss_max_mb"] = rss_mb()
    return out


def _job_memory(kind: str, username: str) -> dict:
    import tracemalloc

    from helhet.core.calendar import local_today
    from helhet.core.models import User
    from helhet.insight import exports as insight_exports

    municipality = User.objects.get(username=username).municipality
    day = local_today()
    make: Callable[[], bytes] = {
        "span_csv": lambda: insight_exports.span_csv_bytes(municipality, day),
        "chart_pdf": lambda: insight_exports.chart_pdf_bytes(municipality, day),
    }[kind]
    make()  # warm-up (fonts, templates)
    rss_before = rss_mb()
    tracemalloc.start()
    started = time.perf_counter()
    content = make()
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return dict(
        rss_before_mb=rss_before,
        status=200,
        streaming=False,
        chunks=1,
        bytes=len(content),
        lines=content.count(b"\n"),
        seconds=elapsed,
        tenth_peak_mb=peak / 1e6,
        peak_mb=peak / 1e6,
    )


def run_memory(args) -> None:
    from django.conf import settings

    rows = []
    for name, _user, _url in exports():
        if args.only not in name:
            continue
        command = [sys.executable, __file__, "--memory-one", name] + (["--commit"] if args.commit else [])
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 (this script)
        if done.returncode != 0:
            rows.append({"name": name, "error": done.stderr.strip().splitlines()[-1:]})
            print(f"# {name}: failed {done.stderr[-2000:]}", file=sys.stderr, flush=True)
            continue
        row = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(f"# {name}: {row}", file=sys.stderr, flush=True)
    database = settings.DATABASES["default"]["NAME"]
    if args.markdown:
        print(f"Database `{database}`.\n")
        print(
            "| export | user | streamed | lines | MB | s | Python peak, first tenth (MB) | Python peak, whole (MB) | resident before → peak (MB) |"
        )
        print("|---|---|---|---:|---:|---:|---:|---:|---|")
        for r in rows:
            if "error" in r:
                print(f"| {r['name']} | | failed: {' '.join(r['error'])} | | | | | | |")
                continue
            print(
                f"| {r['name']} | {r['user']} | {'yes' if r['streaming'] else 'no'} | {r['lines']} | "
                f"{r['bytes'] / 1e6:.2f} | {r['seconds']:.1f} | {r['tenth_peak_mb']:.1f} | {r['peak_mb']:.1f} | "
                f"{r['rss_before_mb']:.0f} → {r['rss_max_mb']:.0f} |"
            )
        return
    print(f"database {database}")
    for r in rows:
        print(json.dumps(r, ensure_ascii=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--only", default="", help="pages (or exports) whose name contains this")
    parser.add_argument("--markdown", action="store_true", help="print the table in Markdown")
    parser.add_argument(
        "--explain", default="", metavar="DIR", help="write EXPLAIN of each page's slowest query"
    )
    parser.add_argument("--memory", action="store_true", help="the exports' peak memory instead of the pages")
    parser.add_argument("--memory-one", default="", help=argparse.SUPPRESS)
    parser.add_argument("--commit", action="store_true", help="keep the writes (a database of your own only)")
    args = parser.parse_args()
    setup()
    global COMMIT
    COMMIT = args.commit
    if args.memory_one:
        print(json.dumps(memory_one(args.memory_one, args.commit)))
    elif args.memory:
        run_memory(args)
    else:
        run_pages(args)


if __name__ == "__main__":
    main()
