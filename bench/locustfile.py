"""Load mix for Helhet (locust): reception, case workers, nurses, leaders, each logging in first.

Run it with `make bench-load` (bench/load.sh starts gunicorn on PostgreSQL with the demo municipality and runs
this file twice: the working-day mix, then 30 logins at once). Only loopback targets; every run is bounded
by --run-time. Names and search words are the demo's synthetic data.
"""

import hashlib
import hmac
import itertools
import os
import random
import re
import struct
import time

from locust import HttpUser, between, task

PASSWORD = os.environ.get("HELHET_DEMO_PASSWORD", "demo-helhet-2026")
SEARCHES = ["hansen", "olsen", "berg", "nilsen", "larsen", "johansen", "dahl", "lie"]
CASE_LINK = re.compile(r'href="/saker/(\d+)/"')
PERSON_LINK = re.compile(r'href="/personer/(\d+)/"')
PLAN_LINK = re.compile(r'href="/arbeidsliste/plan/(\d+)/')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# bench/bench_users.py gives each demo user BENCH_COPIES copies (`saksbehandler-1`, …) with a TOTP device
# whose key is derived from the username: a one-time code is accepted once, so each locust user logs in
# as a user of its own.
TOTP_SECRET = os.environ.get("BENCH_TOTP_SECRET", "helhet-bench-only")
COPIES = int(os.environ.get("BENCH_COPIES", "40"))
_numbers: dict[str, itertools.count] = {}


def _copy_of(name: str) -> str:
    """The next copy of `name` not yet taken by a locust user, so no two share a one-time code."""
    number = next(_numbers.setdefault(name, itertools.count()))
    return f"{name}-{number % COPIES + 1}"


def totp(username: str, at: float | None = None) -> str:
    """RFC 6238 (SHA-1, 30 s, 6 digits), as django-otp's TOTPDevice with the bench key checks it."""
    key = bytes.fromhex(hmac.new(TOTP_SECRET.encode(), username.encode(), hashlib.sha1).hexdigest())
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def log_in(user: HttpUser, username: str) -> None:
    user.client.cookies.clear()
    page = user.client.get("/logg-inn/", name="/logg-inn/ (form)")
    token = CSRF.search(page.text)
    with user.client.post(
        "/logg-inn/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1) if token else ""},
        headers={"Referer": user.host + "/logg-inn/"},
        name="/logg-inn/ (POST)",
        allow_redirects=False,
        catch_response=True,
    ) as response:
        if response.status_code != 302:
            response.failure(f"login as {username} answered {response.status_code}")
            return
        after = response.headers.get("Location", "/")
    # A user whose role needs a second factor is sent on to the code page by the first page asked for.
    with user.client.get(
        after, name="/ (after login)", allow_redirects=False, catch_response=True
    ) as landing:
        second_factor = "/konto/tofaktor/" in landing.headers.get("Location", "")
        landing.success()
    if not second_factor:
        return
    page = user.client.get("/konto/tofaktor/", name="/konto/tofaktor/ (form)")
    token = CSRF.search(page.text)
    with user.client.post(
        "/konto/tofaktor/",
        {"token": totp(username), "csrfmiddlewaretoken": token.group(1) if token else ""},
        headers={"Referer": user.host + "/konto/tofaktor/"},
        name="/konto/tofaktor/ (POST)",
        allow_redirects=False,
        catch_response=True,
    ) as response:
        if response.status_code != 302 or "/konto/tofaktor/" in response.headers.get("Location", ""):
            response.failure(f"one-time code for {username} answered {response.status_code}")


class Staff(HttpUser):
    abstract = True
    wait_time = between(1, 4)
    usernames: tuple[str, ...] = ()

    def on_start(self) -> None:
        self.username = _copy_of(random.choice(self.usernames))  # noqa: S311
        log_in(self, self.username)
        self.person_ids: list[str] = []

    def search(self) -> None:
        page = self.client.get(f"/personer/?q={random.choice(SEARCHES)}", name="/personer/?q=")  # noqa: S311
        self.person_ids = PERSON_LINK.findall(page.text)[:10] or self.person_ids

    def person(self) -> None:
        if self.person_ids:
            self.client.get(f"/personer/{random.choice(self.person_ids)}/", name="/personer/<id>/")  # noqa: S311


class Reception(Staff):
    weight = 2
    usernames = ("resepsjon",)

    @task(3)
    def search_and_open(self) -> None:
        self.search()
        self.person()

    @task(2)
    def desk(self) -> None:
        self.client.get("/mottak/")

    @task(1)
    def services(self) -> None:
        self.client.get("/tjenester/")


class CaseWorker(Staff):
    weight = 3
    usernames = ("saksbehandler", "tjenestekontorleder", "navleder")

    def on_start(self) -> None:
        super().on_start()
        self.case_ids: list[str] = []

    @task(3)
    def queue(self) -> None:
        page = self.client.get("/saker/")
        self.case_ids = CASE_LINK.findall(page.text)[:20] or self.case_ids

    @task(4)
    def case(self) -> None:
        if self.case_ids:
            self.client.get(f"/saker/{random.choice(self.case_ids)}/", name="/saker/<id>/")  # noqa: S311
        else:
            self.queue()

    @task(2)
    def search_and_open(self) -> None:
        self.search()
        self.person()

    @task(1)
    def home(self) -> None:
        self.client.get("/")


class Nurse(Staff):
    weight = 3
    usernames = ("tjenesteyter",)

    def on_start(self) -> None:
        super().on_start()
        self.plan_ids: list[str] = []

    @task(4)
    def work_list(self) -> None:
        # The day shift whatever the hour the load runs at: the night shift's list is nearly empty.
        page = self.client.get("/arbeidsliste/?vakt=day", name="/arbeidsliste/")
        self.plan_ids = PLAN_LINK.findall(page.text)[:10] or self.plan_ids

    @task(1)
    def plan(self) -> None:
        if self.plan_ids:
            self.client.get(
                f"/arbeidsliste/plan/{random.choice(self.plan_ids)}/", name="/arbeidsliste/plan/<id>/"
            )  # noqa: S311

    @task(1)
    def messages(self) -> None:
        self.client.get("/arbeidsliste/beskjeder/")


class Leader(Staff):
    weight = 2
    usernames = ("leder",)

    @task(2)
    def work_list(self) -> None:
        self.client.get("/arbeidsliste/?vakt=day", name="/arbeidsliste/")

    @task(1)
    def delivery(self) -> None:
        self.client.get("/arbeidsliste/levert/")

    @task(1)
    def deviations(self) -> None:
        self.client.get("/arbeidsliste/avvik/")

    @task(1)
    def org_chart(self) -> None:
        self.client.get("/organisasjon/")


class LoginStorm(HttpUser):
    """The morning shift: every user logs in at once (`--users 30 --spawn-rate 30`), then once a minute."""

    wait_time = between(50, 70)
    usernames = ("resepsjon", "saksbehandler", "tjenesteyter", "leder", "tjenestekontorleder", "navleder")

    @task
    def login_and_start_page(self) -> None:
        log_in(self, _copy_of(random.choice(self.usernames)))  # noqa: S311
        self.client.get("/")
