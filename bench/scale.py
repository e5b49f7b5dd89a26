"""Scale generator: a municipality of Oslo's size with ten years of history, on PostgreSQL, in minutes.

    DATABASE_URL=postgres://…/helhet_scale .venv/bin/python bench/scale.py              # Oslo: scale 1
    DATABASE_URL=postgres://…/helhet_scale .venv/bin/python bench/scale.py --scale 0.01 # a quick run
    make bench-scale BENCH_DATABASE_URL=postgres://… SCALE=0.1

On top of the demo municipality (`helhet demo`, run first if the database has none), with its organisation,
catalogue, routing and demo logins, it adds at scale 1:

- 700 000 persons (Oslo-like ages, zones, common surnames such as Hansen, Johansen and Olsen frequent, a long
  tail of rarer ones) with their relatives, valid synthetic national ids (people.national_id.make_synthetic);
- 1 000 000 applications and cases over ten years, each in a status that fits its age (new cases received or
  under assessment, older ones ended, withdrawn or appealed; every active service in follow-up, evaluation or
  revision), with about 900 000 decisions (drafts, sent, superseded, ended);
- 100 000 active recipients: a sent, granted decision, the provider unit's responsibility (`decision:<id>`);
- home-care teams of 40 staff with logins (the demo's «Hjemmesykepleien sone Nord» is team 0, where the demo
  users `tjenesteyter` and `leder` work: about 150 persons with visits on the day shift), goal plans and
  measures, a week of visit assignments from today, and 10 000 000 task records for the days before today;
- case workers with logins at the service office and NAV (the demo `saksbehandler` gets a share of the queue);
- 5 000 000 access-log rows over the ten years, appended to the municipality's hash chain.

Every row goes in with COPY (psycopg 3's cursor.copy()) in one transaction, from files spooled to a temporary
directory, so memory stays flat whatever the scale; ANALYZE runs at the end. The same --seed and --today give
the same data. The access log's `at` is set by a trigger to the transaction's time on insert; the generator,
which runs as the table's owner, disables that one trigger inside its own transaction so that the history
keeps its ten years of times, hashes each row with those times (access.chain.row_digest) and enables the
trigger again before it commits: `helhet verify-access-log` then verifies the whole chain. The generated rows
follow the chain's rows already there (the demo's, stamped today), so `at` rises with `seq` only from the
first generated row on.

Only for a bench database: it refuses a database with more than the demo's persons unless --append is given.
"""

import argparse
import datetime
import hashlib
import hmac
import json
import math
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# At scale 1 (Oslo, with history).
PERSONS = 700_000
ACTIVE_RECIPIENTS = 100_000
CASES = 1_000_000
TASK_RECORDS = 10_000_000
ACCESS_LOGS = 5_000_000
YEARS = 10
TEAM_STAFF = 40
TEAM_PERSONS = 150  # persons of a home-care team (each with a visit on the day shift)
CASE_WORKERS = 120  # at the service office; NAV's three teams get a third of that each
SOURCE = "skala"
REORGANISED = datetime.date(2020, 2, 29)  # the demo's home services were reorganised the day after

# (lowest age, highest age, share of the population): Oslo is younger than the country.
AGE_BANDS = (
    (0, 17, 20.0),
    (18, 34, 28.0),
    (35, 49, 22.0),
    (50, 66, 17.0),
    (67, 79, 8.5),
    (80, 89, 3.3),
    (90, 102, 1.2),
)
# Relative chance of being an active recipient, and of having had cases, by age band (normalised below).
ACTIVE_WEIGHT = (0.05, 0.08, 0.08, 0.14, 0.35, 0.75, 0.9)
HISTORY_WEIGHT = (0.3, 0.7, 0.7, 1.1, 3.0, 6.0, 8.0)
ZONE_WEIGHTS = {"Sentrum": 30, "Nord": 25, "Sør": 25, "Vest": 20}

# Active health and care services: (service name, weight, provider unit or None for the home-care teams,
# scope amount range and unit, with measures on the work list).
HEALTH_SERVICES = (
    ("Helsetjenester i hjemmet", 30, None, (7, 21), "visits_week"),
    ("Praktisk bistand – daglige gjøremål", 15, "Praktisk bistand", (1, 6), "hours_week"),
    ("Trygghetsalarm", 15, "Hjemmebaserte tjenester", None, ""),
    ("Matombringing", 5, "Hjemmebaserte tjenester", None, ""),
    ("Støttekontakt", 5, "Hjemmebaserte tjenester", (2, 8), "hours_week"),
    ("Fysioterapi", 5, "Fysio- og ergoterapitjenesten", None, ""),
    ("Ergoterapi og hjelpemidler", 5, "Fysio- og ergoterapitjenesten", None, ""),
    ("Langtidsopphold i sykehjem", 6, "Langtidsavdelingen", None, "days"),
    ("Bolig med heldøgns tjenester", 4, "Bofellesskap Solsiden", None, "days"),
    ("Brukerstyrt personlig assistanse (BPA)", 2, "Hjemmebaserte tjenester", (10, 40), "hours_week"),
    ("Dagaktivitetstilbud for hjemmeboende med demens", 3, "Dagsenter", None, ""),
    ("Omsorgsstønad", 2, "Hjemmebaserte tjenester", (2, 10), "hours_week"),
    ("Hverdagsrehabilitering", 3, "Hverdagsrehabilitering", None, ""),
)
SOCIAL_SERVICES = (
    ("Økonomisk sosialhjelp", 70),
    ("Kvalifiseringsprogram", 15),
    ("Midlertidig botilbud", 5),
    ("Opplysning, råd og veiledning, økonomisk rådgivning", 10),
)
NAV_TEAMS = (
    (1, 10, "Oppfølgingsteam 1 (fødselsdag 1–10)"),
    (11, 20, "Oppfølgingsteam 2 (fødselsdag 11–20)"),
    (21, 31, "Oppfølgingsteam 3 (fødselsdag 21–31)"),
)
# A home-care person's measures: (what, time, weekdays, share of persons). [] = every day.
MEASURES = (
    ("Morgenstell", "08:00", [], 1.0),
    ("Medisiner", "12:00", [], 0.4),
    ("Middag og tilsyn", "16:00", [], 0.3),
    ("Kveldsstell", "21:00", [], 0.35),
    ("Dusj", "10:00", [2], 0.3),
)
NEEDS = (
    "Trenger hjelp til stell om morgenen",
    "Klarer ikke å handle og lage mat selv lenger",
    "Trenger hjelp med medisiner",
    "Har falt flere ganger og er redd for å være alene",
    "Trenger hjelp til å betale husleie og strøm",
    "Ønsker avlastning for pårørende",
)
ACCESS_KINDS = (
    # (action, what, reason, weight)
    ("read", "Personside: personalia og pårørende", "Saksbehandling", 30),
    ("read", "Sak: saksdokumenter", "Saksbehandling", 20),
    ("search", "Arbeidsliste: navn, adresse og oppgaver", "Tjenesteyting etter vedtak", 35),
    ("search", "Personsøk: navn og fødselsdato", "Søk etter person", 10),
    ("update", "Tiltaksplan", "Tjenesteyting etter vedtak", 5),
)
OPEN = ("received", "assessment", "review", "drafting")

# Surnames not in the common list: a long tail of compounds, each rare.
_PREFIXES = [
    "Berg",
    "Bjør",
    "Dal",
    "Eng",
    "Fjell",
    "Fos",
    "Grøn",
    "Hau",
    "Hol",
    "Kval",
    "Lang",
    "Lind",
    "Mo",
    "Myr",
    "Nord",
    "Ny",
    "Os",
    "Rød",
    "Sand",
    "Sol",
    "Stav",
    "Stor",
    "Sø",
    "Tveit",
    "Vik",
    "Øst",
    "Ås",
    "Ryg",
    "Hov",
    "Bratt",
    "Brei",
    "Fur",
    "Gran",
    "Hag",
    "Lid",
    "Mæl",
    "Nes",
    "Rust",
    "Skog",
    "Strøm",
]
_SUFFIXES = [
    "by",
    "dal",
    "eng",
    "gård",
    "haug",
    "heim",
    "holm",
    "land",
    "lid",
    "li",
    "lund",
    "mo",
    "myr",
    "nes",
    "rud",
    "set",
    "stad",
    "strand",
    "svik",
    "tveit",
    "vik",
    "vold",
    "ås",
    "bakk",
    "berg",
]


@dataclass
class Report:
    """What was made: rows and seconds per table, counts per status."""

    rows: dict[str, int] = field(default_factory=dict)
    generate_seconds: dict[str, float] = field(default_factory=dict)
    copy_seconds: dict[str, float] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    active_recipients: int = 0
    chain_head: int = 0
    task_days: int = 0
    analyze_seconds: float = 0.0
    total_seconds: float = 0.0


def _text(value: Any) -> str:
    """One value in COPY's text format."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return value
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, list | dict):
        return _text(json.dumps(value, ensure_ascii=False))
    return str(value)


def _plan(model, given: tuple[str, ...], now: datetime.datetime) -> tuple[list[str], str]:
    """The COPY column list: the given columns, then every other NOT NULL column with its model default."""
    from django.db import models

    names = {f.column for f in model._meta.concrete_fields}
    unknown = set(given) - names
    assert not unknown, f"{model.__name__} has no column {unknown}"
    columns, tail = list(given), []
    for f in model._meta.concrete_fields:
        if f.column in given or f.null or f.primary_key:
            continue
        if f.name in ("created_at", "updated_at", "recorded_at"):
            value: Any = now
        elif f.has_default():
            value = f.get_default()
        elif f.blank and isinstance(f, models.CharField | models.TextField):
            value = ""
        else:
            raise ValueError(f"{model.__name__}.{f.name} needs a value")
        columns.append(f.column)
        tail.append(value)
    return columns, "\t".join(_text(v) for v in tail)


class Spool:
    """Rows of one table in COPY text format, in a temporary file, until they are copied in."""

    def __init__(self, directory: Path, model, given: tuple[str, ...], now: datetime.datetime):
        self.model = model
        self.table = model._meta.db_table
        self.columns, tail = _plan(model, given, now)
        self.suffix = ("\t" + tail if tail else "") + "\n"
        self.path = directory / f"{self.table}.tsv"
        self.file = self.path.open("w", encoding="utf-8", newline="\n", buffering=1 << 20)
        self.rows = 0
        self.started = time.monotonic()

    def add(self, *values: Any) -> None:
        self.file.write("\t".join([_text(v) for v in values]) + self.suffix)
        self.rows += 1

    def add_raw(self, line: str) -> None:
        """A row already in text format (tab-separated, without the defaults and the newline)."""
        self.file.write(line + self.suffix)
        self.rows += 1

    def finish(self, report: Report) -> None:
        """All rows are written: the time since the spool was opened is the table's generation time."""
        self.file.close()
        report.generate_seconds[self.table] = time.monotonic() - self.started

    def copy(self, cursor, report: Report) -> None:
        if not self.file.closed:
            self.finish(report)
        started = time.monotonic()
        with (
            self.path.open("r", encoding="utf-8") as source,
            cursor.copy(f"COPY {self.table} ({', '.join(self.columns)}) FROM STDIN") as copy,
        ):
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        # Statistics at once, inside the transaction: the foreign-key checks of the next tables (immediate,
        # a query per row) are planned from them. With the demo's stale statistics (a table of a few rows) each
        # check is a sequential scan, and 100 000 applications took 521 s to copy instead of about 2 s.
        cursor.execute(f"ANALYZE {self.table}")
        self.path.unlink()
        report.copy_seconds[self.table] = time.monotonic() - started
        report.rows[self.table] = self.rows


def _normalised(weights: tuple[float, ...], target: float, cap: float = 1e9) -> tuple[float, ...]:
    """Scale per-band weights so the population's mean is `target` (bisection, respecting a cap)."""
    shares = [band[2] / sum(b[2] for b in AGE_BANDS) for band in AGE_BANDS]
    low, high = 0.0, 1e6
    for _ in range(100):
        mid = (low + high) / 2
        mean = sum(s * min(w * mid, cap) for s, w in zip(shares, weights, strict=True))
        low, high = (mid, high) if mean < target else (low, mid)
    return tuple(min(w * low, cap) for w in weights)


def _poisson(rng: random.Random, lam: float) -> int:
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _surnames() -> tuple[list[str], list[float]]:
    """Surnames by frequency, a Zipf-like 1/sqrt(rank) over the common names of the demo (in their order:
    Hansen ≈ 1.5 %, Johansen ≈ 1.1 %, Olsen ≈ 0.9 %) and then a long tail of a thousand rarer compounds."""
    from helhet.demo import names

    common = list(names.LAST)
    tail = sorted({p + s for p in _PREFIXES for s in _SUFFIXES} - set(common))
    random.Random(1).shuffle(tail)  # fixed: the tail's order is no alphabet
    ranked = common + tail
    zipf = [1 / math.sqrt(rank + 1) for rank in range(len(ranked))]
    total = sum(zipf)
    return ranked, [z / total for z in zipf]


@dataclass(frozen=True)
class Core:
    """What every pass needs of person i, derived from the seed alone."""

    band: int
    birth_date: datetime.date
    sex: str
    zone: str
    active: bool
    history: int  # cases besides the active ones


class Population:
    def __init__(self, seed: int, count: int, today: datetime.date):
        self.seed, self.count, self.today = seed, count, today
        self.active_p = _normalised(ACTIVE_WEIGHT, ACTIVE_RECIPIENTS / PERSONS, cap=0.95)
        active_cases = 1.15 * ACTIVE_RECIPIENTS / PERSONS
        self.history_l = _normalised(HISTORY_WEIGHT, CASES / PERSONS - active_cases)
        self.band_cum = []
        acc = 0.0
        for band in AGE_BANDS:
            acc += band[2] / sum(b[2] for b in AGE_BANDS)
            self.band_cum.append(acc)
        self.zone_names = list(ZONE_WEIGHTS)
        self.zone_weights = list(ZONE_WEIGHTS.values())

    def rng(self, kind: int, i: int) -> random.Random:
        return random.Random((self.seed * 1_000_003 + kind) * 10_000_019 + i)

    def core(self, i: int) -> Core:
        r = self.rng(1, i)
        u = r.random()
        band = next(b for b, c in enumerate(self.band_cum) if u <= c or b == len(AGE_BANDS) - 1)
        low, high, _ = AGE_BANDS[band]
        age = r.randint(low, high)
        birth_date = self.today - datetime.timedelta(days=age * 365 + r.randint(1, 364))
        sex = "K" if r.random() < (0.5 if band < 4 else 0.58) else "M"
        zone = r.choices(self.zone_names, self.zone_weights)[0]
        active = r.random() < self.active_p[band]
        history = _poisson(r, self.history_l[band])
        return Core(band, birth_date, sex, zone, active, history)


class Ids:
    """The next free id of each table (ids are given by the generator, the sequences set at the end)."""

    def __init__(self, cursor):
        self.cursor = cursor
        self.next: dict[str, int] = {}

    def start(self, model) -> int:
        table = model._meta.db_table
        self.cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")  # noqa: S608 (a model table)
        self.next[table] = self.cursor.fetchone()[0]
        return self.next[table]

    def take(self, model) -> int:
        table = model._meta.db_table
        value = self.next[table]
        self.next[table] = value + 1
        return value

    def set_sequences(self) -> None:
        for table in self.next:
            self.cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
            )


def _organisation(municipality, scale: float, today: datetime.date, population: "Population") -> dict:
    """Home-care teams with 40 staff and logins each, case workers at the service office and NAV (ORM: small)."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from helhet.access import roles
    from helhet.core.models import User
    from helhet.demo import names
    from helhet.demo.organisation import START
    from helhet.organisation.models import Engagement, Leadership, Staff, Unit, UnitParent

    units = {u.name: u for u in Unit.objects.valid_on(today).filter(municipality=municipality)}
    password = make_password(settings.HELHET_DEMO_PASSWORD)
    groups = {
        name: Group.objects.get_or_create(name=name)[0]
        for name in (roles.PROVIDER, roles.LEADER, roles.CASE_WORKER)
    }
    rng = random.Random(population.seed * 7 + 3)
    home_care_share = ACTIVE_RECIPIENTS / PERSONS * 0.8 * 0.30 / 1.0
    team_count = max(1, round(population.count * home_care_share / TEAM_PERSONS))
    # Teams per zone by the zone's share; team 0 of Nord is the demo's own team.
    per_zone = {
        z: max(1, round(team_count * w / sum(ZONE_WEIGHTS.values()))) for z, w in ZONE_WEIGHTS.items()
    }
    if team_count == 1:
        per_zone = {z: 1 if z == "Nord" else 0 for z in ZONE_WEIGHTS}
    home = units["Hjemmebaserte tjenester"]
    old_home = Unit.objects.get(municipality=municipality, name="Hjemmetjenesten", valid_to=REORGANISED)
    demo_team = units["Hjemmesykepleien sone Nord"]
    teams: dict[str, list[int]] = {z: [] for z in ZONE_WEIGHTS}
    team_users: dict[int, list[int]] = {}
    team_staff: dict[int, list[int]] = {}
    team_leader_user: dict[int, int] = {}

    def person_name() -> tuple[str, str]:
        return rng.choice(names.FEMALE + names.MALE), rng.choice(names.LAST)

    def make_staff(unit, count: int, prefix: str, group: str, title: str, profession: str, fte: str) -> list:
        made_users = User.objects.bulk_create(
            User(
                username=f"{prefix}-{k:02d}",
                password=password,
                municipality=municipality,
                first_name=(n := person_name())[0],
                last_name=n[1],
            )
            for k in range(1, count + 1)
        )
        User.groups.through.objects.bulk_create(
            User.groups.through(user_id=u.pk, group_id=groups[group].pk) for u in made_users
        )
        staff = Staff.objects.bulk_create(
            Staff(
                municipality=municipality,
                user=u,
                first_name=u.first_name,
                last_name=u.last_name,
                profession=profession,
                title=title,
            )
            for u in made_users
        )
        Engagement.objects.bulk_create(
            Engagement(staff=s, unit=unit, fte=fte, valid_from=START) for s in staff
        )
        return staff

    number = 0
    for zone, count in per_zone.items():
        for k in range(count):
            if zone == "Nord" and k == 0:
                unit = demo_team
            else:
                unit = Unit.objects.create(
                    municipality=municipality,
                    name=f"Hjemmesykepleien {zone} team {k + 1}",
                    kind="team",
                    valid_from=START,
                )
                # Under the home services as the demo's own teams are: before and after the reorganisation.
                UnitParent.objects.create(unit=unit, parent=old_home, valid_from=START, valid_to=REORGANISED)
                UnitParent.objects.create(
                    unit=unit, parent=home, valid_from=REORGANISED + datetime.timedelta(days=1)
                )
            number += 1
            have = Engagement.objects.filter(unit=unit).valid_on(today).count()
            prefix = f"skala-hs{number:03d}"
            # The demo's staff of the team get logins too (they record tasks), numbered after the new ones.
            without = Staff.objects.filter(
                engagements__unit=unit, engagements__valid_to__isnull=True, user__isnull=True
            ).distinct()
            for k, member in enumerate(without.order_by("pk"), start=TEAM_STAFF + 1):
                member.user = User.objects.create(
                    username=f"{prefix}-{k:02d}",
                    password=password,
                    municipality=municipality,
                    first_name=member.first_name,
                    last_name=member.last_name,
                )
                member.user.groups.add(groups[roles.PROVIDER])
                member.save(update_fields=["user"])
            staff = make_staff(
                unit, max(0, TEAM_STAFF - have), prefix, roles.PROVIDER, "Sykepleier", "Sykepleier", "0.8"
            )
            if unit != demo_team:
                leader = staff[0]
                Leadership.objects.create(unit=unit, staff=leader, title="Teamleder", valid_from=START)
                User.groups.through.objects.filter(user_id=leader.user_id).update(
                    group_id=groups[roles.LEADER].pk
                )
                team_leader_user[unit.pk] = leader.user_id
            else:
                team_leader_user[unit.pk] = User.objects.get(username=roles.LEADER).pk
            all_staff = Staff.objects.filter(engagements__unit=unit).distinct()
            team_staff[unit.pk] = sorted(all_staff.values_list("pk", flat=True))
            team_users[unit.pk] = sorted(u for u in all_staff.values_list("user_id", flat=True) if u)
            teams[zone].append(unit.pk)

    office = units["Tjenestekontoret"]
    workers = make_staff(
        office, max(2, round(CASE_WORKERS * scale)), "skala-sb", roles.CASE_WORKER, "Saksbehandler", "", "1"
    )
    health_workers = [User.objects.get(username=roles.CASE_WORKER).pk] + [s.user_id for s in workers]
    social_workers = {}
    for low, _high, name in NAV_TEAMS:
        made = make_staff(
            units[name],
            max(1, round(CASE_WORKERS / 3 * scale)),
            f"skala-nav{low:02d}",
            roles.CASE_WORKER,
            "Veileder",
            "",
            "1",
        )
        social_workers[name] = [s.user_id for s in made]
    social_workers[NAV_TEAMS[0][2]].append(User.objects.get(username="navleder").pk)
    return {
        "units": {name: u.pk for name, u in units.items()},
        "teams": {z: t for z, t in teams.items() if t},
        "team_users": team_users,
        "team_staff": team_staff,
        "team_leader_user": team_leader_user,
        "health_workers": health_workers,
        "social_workers": social_workers,
        "all_users": sorted(
            set(health_workers)
            | {u for us in social_workers.values() for u in us}
            | {u for us in team_users.values() for u in us}
        ),
    }


def generate(
    *,
    scale: float,
    seed: int = 14,
    today: datetime.date | None = None,
    progress: Callable[[str], None] = print,
    spool_dir: str | None = None,
) -> Report:
    """Add the scaled municipality to the demo municipality (which must exist). One transaction."""
    from django.db import connection, transaction
    from django.utils import timezone

    from helhet.access import chain
    from helhet.access.models import AccessLog, Responsibility
    from helhet.care.models import GoalPlan, Measure, TaskRecord, VisitAssignment
    from helhet.casework.models import Case, Decision
    from helhet.catalogue.models import LegalRegimeVersion, Service
    from helhet.core.calendar import local_today
    from helhet.core.models import Municipality
    from helhet.demo import names
    from helhet.intake.models import Application
    from helhet.people import national_id
    from helhet.people.models import Person, Relative, Zone

    assert connection.vendor == "postgresql", "the scale generator needs PostgreSQL (COPY)"
    started_all = time.monotonic()
    today = today or local_today()
    report = Report()
    now = timezone.now()
    municipality = Municipality.objects.get(number="9999")
    population = Population(seed, max(1, round(PERSONS * scale)), today)
    first_day = today.replace(year=today.year - YEARS)
    zones = {z.name: z.pk for z in Zone.objects.filter(municipality=municipality)}
    services = {s.name: s.pk for s in Service.objects.filter(municipality=municipality)}
    regimes = {
        v.regime.code: v.pk
        for v in LegalRegimeVersion.objects.select_related("regime").filter(regime__municipality=municipality)
    }
    surnames, surname_weights = _surnames()
    surname_cum = list(_cumulative(surname_weights))
    health_cum = list(_cumulative([s[1] for s in HEALTH_SERVICES]))
    social_cum = list(_cumulative([s[1] for s in SOCIAL_SERVICES]))
    access_cum = list(_cumulative([k[3] for k in ACCESS_KINDS]))
    existing_ids = set(Person.objects.filter(municipality=municipality).values_list("national_id", flat=True))
    directory = Path(tempfile.mkdtemp(prefix="helhet-scale-", dir=spool_dir))

    with transaction.atomic(), connection.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg's own cursor, for copy()
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no queue of deferred checks for millions of rows
        t = time.monotonic()
        org = _organisation(municipality, scale, today, population)
        report.generate_seconds["organisation (ORM)"] = time.monotonic() - t
        progress(
            f"  organisasjon: {sum(len(t) for t in org['teams'].values())} hjemmesykepleieteam, {len(org['all_users'])} brukere ({time.monotonic() - t:.1f} s)"
        )
        ids = Ids(cursor)
        for model in (
            Person,
            Relative,
            Application,
            Case,
            Decision,
            Responsibility,
            GoalPlan,
            Measure,
            TaskRecord,
            VisitAssignment,
            AccessLog,
        ):
            ids.start(model)

        # Pass 1: persons and relatives.
        persons = Spool(
            directory,
            Person,
            (
                "id",
                "municipality_id",
                "national_id",
                "id_kind",
                "birth_date",
                "sex",
                "first_name",
                "last_name",
                "first_name_key",
                "last_name_key",
                "street_address",
                "postal_code",
                "postal_place",
                "zone_id",
                "phone",
                "reserved_against_digital_contact",
            ),
            now,
        )
        relatives = Spool(
            directory,
            Relative,
            ("person_id", "name", "relation", "phone", "is_next_of_kin", "representation"),
            now,
        )
        next_individual: dict[tuple[datetime.date, str], int] = {}
        person_base = ids.next[Person._meta.db_table]
        bands = bytearray(population.count)  # one byte a person (700 kB at scale 1), for the access log
        for i in range(population.count):
            c = population.core(i)
            bands[i] = c.band
            r = population.rng(2, i)
            number = _national_id(national_id, c.birth_date, c.sex, next_individual, existing_ids)
            first = r.choice(names.FEMALE if c.sex == "K" else names.MALE)
            last = surnames[_pick(surname_cum, r.random())]
            person_id = person_base + i
            persons.add(
                person_id,
                municipality.pk,
                number,
                national_id.FNR,
                c.birth_date,
                c.sex,
                first,
                last,
                first.casefold(),
                last.casefold(),
                f"{r.choice(names.STREETS)} {r.randint(1, 120)}",
                f"{r.randint(1, 1299):04d}",
                "Oslo",
                zones[c.zone],
                f"4{r.randrange(10_000_000):07d}" if r.random() < 0.85 else "",
                r.random() < 0.05,
            )
            for position, (name, relation, representation) in enumerate(_relatives(r, c, last, names)):
                relatives.add(
                    person_id,
                    name,
                    relation,
                    f"9{r.randrange(10_000_000):07d}",
                    position == 0,
                    representation,
                )
            if i and i % 100_000 == 0:
                progress(f"  {i} personer ({time.monotonic() - persons.started:.0f} s)")
        ids.next[Person._meta.db_table] = person_base + population.count
        persons.finish(report)
        relatives.finish(report)
        persons.copy(cursor, report)
        relatives.copy(cursor, report)
        progress(
            f"  personer: {persons.rows}, pårørende: {relatives.rows} ({time.monotonic() - persons.started:.0f} s)"
        )

        # Pass 2: applications, cases, decisions, responsibilities, plans, measures, task records, assignments.
        applications = Spool(
            directory,
            Application,
            (
                "id",
                "municipality_id",
                "person_id",
                "need",
                "signed_by",
                "received_on",
                "expected_answer_by",
                "routed_to_id",
                "routing_explanation",
                "urgent",
            ),
            now,
        )
        cases = Spool(
            directory,
            Case,
            (
                "id",
                "municipality_id",
                "person_id",
                "application_id",
                "status",
                "owner_id",
                "team_id",
                "received_on",
                "interim_reply_sent_on",
                "interim_expected_by",
                "interim_reason",
                "handoff_count",
                "service_area",
                "urgent",
            ),
            now,
        )
        decisions = Spool(
            directory,
            Decision,
            (
                "id",
                "case_id",
                "service_id",
                "state",
                "regime_version_id",
                "outcome",
                "scope_amount",
                "scope_unit",
                "start_date",
                "review_date",
                "end_date",
                "provider_unit_id",
                "supersedes_id",
                "decided_by_id",
                "sent_on",
                "delivery_method",
                "delivered_on",
                "delivered_on_presumed",
                "appeal_deadline",
                "sent_at",
                "economic_basis",
                "benefit_form",
                "amount",
                "amount_period",
            ),
            now,
        )
        responsibilities = Spool(
            directory,
            Responsibility,
            ("municipality_id", "person_id", "unit_id", "reason", "source", "valid_from", "valid_to"),
            now,
        )
        plans = Spool(
            directory, GoalPlan, ("id", "municipality_id", "person_id", "unit_id", "key_notes"), now
        )
        measures = Spool(
            directory,
            Measure,
            (
                "id",
                "plan_id",
                "decision_id",
                "what",
                "times",
                "weekdays",
                "minutes",
                "valid_from",
                "profession",
            ),
            now,
        )
        records = Spool(
            directory, TaskRecord, ("measure_id", "day", "time", "status", "reason", "recorded_by_id"), now
        )
        assignments = Spool(
            directory,
            VisitAssignment,
            ("unit_id", "person_id", "day", "shift", "staff_id", "assigned_by_id"),
            now,
        )
        # The home-care measures (tens of thousands at scale 1, not millions), for the task records below.
        scheduled: list[tuple[int, datetime.date, str, tuple[int, ...], int]] = []
        report.statuses = {}
        team_cursor: dict[str, int] = {}
        started = time.monotonic()
        for i in range(population.count):
            c = population.core(i)
            if not c.active and not c.history:
                continue
            r = population.rng(3, i)
            person_id = person_base + i
            age = (today - c.birth_date).days // 365
            specs = []
            if c.active:
                report.active_recipients += 1
                specs.append(("active", None))
                if r.random() < 0.15:
                    specs.append(("active", None))
            specs += [("history", None)] * c.history
            home_team = None
            planned = False
            for kind, _ in specs:
                social = 18 <= age <= 66 and r.random() < 0.5 or age >= 67 and r.random() < 0.03
                earliest = max(first_day, c.birth_date + datetime.timedelta(days=1))
                if kind == "active":
                    # Received between two months and eight years ago (social help: within the last year).
                    span = 365 if social else 8 * 365
                    received = today - datetime.timedelta(days=60 + int(r.random() ** 1.5 * span))
                else:
                    received = first_day + datetime.timedelta(
                        days=int((today - first_day).days * r.random() ** 0.8)
                    )
                if received < earliest:
                    received = earliest + datetime.timedelta(
                        days=r.randrange(max(1, (today - earliest).days))
                    )
                days_old = (today - received).days
                status = _status(r, kind, days_old)
                report.statuses[status] = report.statuses.get(status, 0) + 1
                if social:
                    service_name = SOCIAL_SERVICES[_pick(social_cum, r.random())][0]
                    team_name = next(name for low, high, name in NAV_TEAMS if low <= c.birth_date.day <= high)
                    team = org["units"][team_name]
                    owner = r.choice(org["social_workers"][team_name])
                    provider, area, scope = team, "social", None
                    scope_unit = ""
                else:
                    name, _w, provider_name, scope, scope_unit = HEALTH_SERVICES[
                        _pick(health_cum, r.random())
                    ]
                    if age < 18 and name in ("Langtidsopphold i sykehjem", "Bolig med heldøgns tjenester"):
                        name, _w, provider_name, scope, scope_unit = HEALTH_SERVICES[4]  # Støttekontakt
                    service_name = name
                    team = org["units"]["Tjenestekontoret"]
                    owner = r.choice(org["health_workers"])
                    area = "health_care"
                    if provider_name is None:
                        zone_teams = org["teams"].get(c.zone) or org["teams"]["Nord"]
                        if home_team is None:
                            home_team = zone_teams[team_cursor.get(c.zone, 0) % len(zone_teams)]
                            team_cursor[c.zone] = team_cursor.get(c.zone, 0) + 1
                        provider = home_team
                    else:
                        provider = org["units"][provider_name]
                application_id = ids.take(Application)
                case_id = ids.take(Case)
                urgent = r.random() < 0.03
                applications.add(
                    application_id,
                    municipality.pk,
                    person_id,
                    r.choice(NEEDS),
                    "person",
                    received,
                    received + datetime.timedelta(days=28),
                    team,
                    "Skalagenerator: etter tjenesteområde",
                    urgent,
                )
                interim_sent = interim_by = None
                interim_reason = ""
                if (
                    status in OPEN
                    and days_old > 30
                    and r.random() < 0.7
                    or status not in OPEN
                    and r.random() < 0.2
                ):
                    interim_sent = received + datetime.timedelta(days=min(days_old, r.randint(14, 30)))
                    interim_by = received + datetime.timedelta(days=75)
                    interim_reason = "Vi venter på opplysninger fra fastlegen."
                cases.add(
                    case_id,
                    municipality.pk,
                    person_id,
                    application_id,
                    status,
                    owner,
                    team,
                    received,
                    interim_sent,
                    interim_by,
                    interim_reason,
                    3 + r.randrange(3) if r.random() < 0.04 else r.choice((0, 0, 0, 1)),
                    area,
                    urgent,
                )
                if status in OPEN and status != "drafting" or status == "withdrawn":
                    if status in OPEN:
                        responsibilities.add(
                            municipality.pk,
                            person_id,
                            team,
                            "Saksbehandling: søknad om tjenester",
                            f"case:{case_id}",
                            received,
                            None,
                        )
                    continue
                decision = _decision(r, status, kind, received, today, social, scope, scope_unit)
                earlier = None
                if (
                    kind == "active"
                    and r.random() < 0.15
                    and decision["start"] - received > datetime.timedelta(days=200)
                ):
                    # The service was revised: an earlier decision that this one supersedes.
                    earlier = ids.take(Decision)
                    old_sent = decision["sent_on"] - datetime.timedelta(days=r.randint(100, 180))
                    old_sent = max(old_sent, received + datetime.timedelta(days=7))
                    _add_decision(
                        decisions,
                        earlier,
                        case_id,
                        services[service_name],
                        regimes["social" if social else "health_care"],
                        dict(decision, sent_on=old_sent, start=old_sent, review=None, end=None),
                        provider,
                        None,
                        owner,
                    )
                decision_id = ids.take(Decision)
                _add_decision(
                    decisions,
                    decision_id,
                    case_id,
                    services[service_name],
                    regimes["social" if social else "health_care"],
                    decision,
                    provider,
                    earlier,
                    owner,
                )
                if decision["state"] == "sent" and decision["outcome"] in ("INNVILGET", "DELVIS_INNVILGET"):
                    responsibilities.add(
                        municipality.pk,
                        person_id,
                        provider,
                        f"Vedtak om {service_name.lower()}",
                        f"decision:{decision_id}",
                        decision["start"],
                        decision["end"],
                    )
                if (
                    kind == "active"
                    and not planned
                    and provider == home_team
                    and service_name == "Helsetjenester i hjemmet"
                    and decision["end"] is None
                ):
                    planned = True
                    plan_id = ids.take(GoalPlan)
                    plans.add(
                        plan_id,
                        municipality.pk,
                        person_id,
                        home_team,
                        "Nøkkelboks ved døren" if r.random() < 0.6 else "",
                    )
                    staff = org["team_staff"][home_team]
                    for what, at, weekdays, share in MEASURES:
                        if what != "Morgenstell" and r.random() >= share:
                            continue
                        measure_id = ids.take(Measure)
                        valid_from = decision["start"]
                        measures.add(
                            measure_id,
                            plan_id,
                            decision_id,
                            what,
                            [at],
                            weekdays,
                            30 if what != "Medisiner" else 10,
                            valid_from,
                            "Sykepleier",
                        )
                        scheduled.append((measure_id, valid_from, at, tuple(weekdays), home_team))
                    for n in range(7):  # the day shift's assignments for the coming week
                        assignments.add(
                            home_team,
                            person_id,
                            today + datetime.timedelta(days=n),
                            "day",
                            staff[(person_id + n) % len(staff)],
                            org["team_leader_user"][home_team],
                        )
            if i and i % 100_000 == 0:
                progress(f"  saker for {i} personer ({time.monotonic() - started:.0f} s)")
        # Task records for the days before today, back to the horizon that gives TASK_RECORDS at scale 1.
        horizon = _horizon(scheduled, round(TASK_RECORDS * scale), today)
        r = random.Random(seed * 17 + 11)
        for measure_id, valid_from, at, weekdays, home_team in scheduled:
            users = org["team_users"][home_team]
            first = max(valid_from, today - datetime.timedelta(days=horizon))
            for n in range((today - first).days):
                day = first + datetime.timedelta(days=n)
                if weekdays and day.weekday() not in weekdays:
                    continue
                roll = r.random()
                if roll < 0.94:
                    done, reason = "done", ""
                elif roll < 0.97:
                    done, reason = "partly", ""
                else:
                    done, reason = "not_done", r.choice(("not_home", "refused", "moved"))
                user = users[(measure_id + n) % len(users)]
                records.add_raw(f"{measure_id}\t{day.isoformat()}\t{at}:00\t{done}\t{reason}\t{user}")
        report.task_days = horizon
        spools = (applications, cases, decisions, responsibilities, plans, measures, records, assignments)
        for spool in spools:
            spool.finish(report)
        for spool in spools:
            spool.copy(cursor, report)
            progress(
                f"  {spool.table}: {spool.rows} rader (kopiert på {report.copy_seconds[spool.table]:.1f} s)"
            )

        # Pass 3: the access log, ten years of reads in time order, appended to the chain.
        log = Spool(
            directory,
            AccessLog,
            (
                "id",
                "municipality_id",
                "person_id",
                "user_id",
                "at",
                "action",
                "what",
                "reason",
                "channel",
                "seq",
                "hash",
            ),
            now,
        )
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [chain.ADVISORY_NAMESPACE, municipality.pk])
        cursor.execute(
            "SELECT seq, hash FROM access_accesslog WHERE municipality_id = %s ORDER BY seq DESC LIMIT 1",
            [municipality.pk],
        )
        last = cursor.fetchone()
        seq, previous = (last[0], last[1]) if last else (0, chain.GENESIS)
        key = chain._key()
        users = org["all_users"]
        r = random.Random(seed * 31 + 5)
        total = round(ACCESS_LOGS * scale)
        days = (today - first_day).days

        # More reading in later years (the municipality went digital): rows per day grow linearly.
        def weight_until(d: int) -> float:  # the sum of the daily weights 1 + 2 x / days for x in 0..d
            return (d + 1) + d * (d + 1) / days

        weights_total = weight_until(days - 1)
        made = 0
        start_utc = datetime.datetime.combine(first_day, datetime.time(6), tzinfo=datetime.UTC)
        for d in range(days):
            want = round(total * weight_until(d) / weights_total) - made
            moments = sorted(r.randrange(12 * 3600 * 1_000_000) for _ in range(want))
            for micro in moments:
                at = start_utc + datetime.timedelta(days=d, microseconds=micro)
                while True:  # older persons are read more: accept by the band's active share
                    i = r.randrange(population.count)
                    if r.random() < 0.15 + population.active_p[bands[i]]:
                        break
                action, what, reason, _w = ACCESS_KINDS[_pick(access_cum, r.random())]
                seq += 1
                person_id, user_id = person_base + i, users[r.randrange(len(users))]
                content = [
                    chain.FORMAT,
                    municipality.pk,
                    seq,
                    previous,
                    chain.canonical_time(at),
                    person_id,
                    user_id,
                    action,
                    what,
                    reason,
                    "web",
                ]
                digest = hmac.new(
                    key,
                    json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode(),
                    hashlib.sha256,
                ).hexdigest()
                log.add(
                    ids.take(AccessLog),
                    municipality.pk,
                    person_id,
                    user_id,
                    at,
                    action,
                    what,
                    reason,
                    "web",
                    seq,
                    digest,
                )
                previous = digest
            made += want
        cursor.execute("ALTER TABLE access_accesslog DISABLE TRIGGER access_accesslog_stamp_time")
        log.copy(cursor, report)
        cursor.execute("ALTER TABLE access_accesslog ENABLE TRIGGER access_accesslog_stamp_time")
        report.chain_head = seq
        progress(f"  access_accesslog: {log.rows} rader (kopiert på {report.copy_seconds[log.table]:.1f} s)")
        ids.set_sequences()
    directory.rmdir()
    from helhet.casework.evaluations import evaluation_due_fill

    evaluation_due_fill()  # the decisions due for evaluation, which COPY does not derive
    t = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    report.analyze_seconds = time.monotonic() - t
    report.total_seconds = time.monotonic() - started_all
    return report


def _horizon(scheduled, target: int, today: datetime.date) -> int:
    """How many days back the task records must go for about `target` of them (bisection)."""

    def count(days: int) -> float:
        return sum(
            max(0, min(days, (today - valid_from).days)) * (len(weekdays) / 7 if weekdays else 1)
            for _m, valid_from, _at, weekdays, _t in scheduled
        )

    low, high = 1, 3650
    if count(high) <= target:
        return high
    while low < high:
        mid = (low + high) // 2
        if count(mid) < target:
            low = mid + 1
        else:
            high = mid
    return low


def _cumulative(weights) -> Iterator[float]:
    total, acc = sum(weights), 0.0
    for w in weights:
        acc += w / total
        yield acc


def _pick(cumulative: list[float], u: float) -> int:
    """Index of u in a cumulative distribution (bisection)."""
    low, high = 0, len(cumulative) - 1
    while low < high:
        mid = (low + high) // 2
        if u <= cumulative[mid]:
            high = mid
        else:
            low = mid + 1
    return low


def _national_id(national_id, birth_date, sex, next_individual, existing) -> str:
    """A synthetic national id not used before: the next free individual number for the date and sex."""
    key = (birth_date, sex)
    individuals = national_id._individual_range(birth_date.year)
    while True:
        start = next_individual.get(key, 0)
        if start >= len(individuals):
            # Every number of the date is taken (never at Oslo's size): the day after.
            birth_date += datetime.timedelta(days=1)
            key = (birth_date, sex)
            individuals = national_id._individual_range(birth_date.year)
            continue
        number = national_id.make_synthetic(birth_date, seed=start, sex=sex)
        position = individuals.index(int(number[6:9]))
        if position < start:  # wrapped around: none free from `start` on
            next_individual[key] = len(individuals)
            continue
        next_individual[key] = position + 1
        if number not in existing:
            return number


def _relatives(r: random.Random, c: Core, last: str, names) -> list[tuple[str, str, str]]:
    age = c.band
    if age == 0:
        return [
            (f"{r.choice(names.FEMALE if rel == 'Mor' else names.MALE)} {last}", "parent", "")
            for rel in ("Mor", "Far")[: r.randint(1, 2)]
        ]
    out = []
    for _ in range(r.choices((0, 1, 2), weights=(40, 45, 15))[0]):
        relation = "child" if c.band >= 4 else r.choice(("spouse", "sibling", "parent"))
        representation = ""
        if c.band >= 5 and relation == "child":
            roll = r.random()
            representation = "fullmakt" if roll < 0.2 else "verge" if roll < 0.23 else ""
        out.append(
            (f"{r.choice(names.FEMALE + names.MALE)} {r.choice(names.LAST)}", relation, representation)
        )
    return out


def _status(r: random.Random, kind: str, days_old: int) -> str:
    """A case's status that fits its age."""
    if kind == "active":
        return r.choices(("follow_up", "evaluation", "revised"), (80, 12, 8))[0]
    if days_old < 14:
        return r.choices(("received", "assessment", "review", "drafting"), (50, 40, 5, 5))[0]
    if days_old < 42:
        return r.choices(
            ("received", "assessment", "review", "drafting", "decided", "notified"), (10, 35, 15, 25, 10, 5)
        )[0]
    if days_old < 90:
        return r.choices(
            ("assessment", "drafting", "decided", "notified", "withdrawn", "ended", "appeal"),
            (5, 8, 5, 15, 10, 52, 5),
        )[0]
    if days_old < 365:
        return r.choices(
            ("ended", "withdrawn", "appeal", "appeal_forwarded", "assessment"), (85, 10, 2, 2, 1)
        )[0]
    if days_old < 730:
        return r.choices(("ended", "withdrawn", "appeal_forwarded"), (89, 10, 1))[0]
    return r.choices(("ended", "withdrawn"), (90, 10))[0]


def _decision(r, status, kind, received, today, social, scope, scope_unit) -> dict:
    sent_on = min(received + datetime.timedelta(days=r.randint(7, 40)), today - datetime.timedelta(days=1))
    start = sent_on + datetime.timedelta(days=r.randint(0, 14))
    state, outcome, review, end = "sent", "INNVILGET", None, None
    if status == "drafting":
        state, outcome = "draft", ""
    elif status == "decided":
        state = "draft"
    elif status in ("appeal", "appeal_forwarded"):
        outcome = "AVSLATT"
    elif status == "ended":
        roll = r.random()
        if roll < 0.6:
            end = min(start + datetime.timedelta(days=r.randint(30, 900)), today - datetime.timedelta(days=1))
            end = max(end, start)
        else:
            outcome = "AVSLATT" if roll < 0.95 else "AVVIST"
    elif kind == "active":
        outcome = "DELVIS_INNVILGET" if r.random() < 0.1 else "INNVILGET"
        if social:
            end = today + datetime.timedelta(days=r.randint(10, 120))
        else:
            roll = r.random()
            review = (
                (today + datetime.timedelta(days=r.randint(1, 365)))
                if roll < 0.7
                else (today - datetime.timedelta(days=r.randint(1, 60)))
                if roll < 0.8
                else None
            )
        start = min(start, today - datetime.timedelta(days=1))
    if state == "draft":
        return {
            "state": state,
            "outcome": outcome,
            "sent_on": None,
            "start": start,
            "review": None,
            "end": None,
            "scope": scope,
            "scope_unit": scope_unit,
            "digital": True,
            "amount": None,
            "social": social,
        }
    return {
        "state": state,
        "outcome": outcome,
        "sent_on": sent_on,
        "start": start,
        "review": review,
        "end": end,
        "scope": scope,
        "scope_unit": scope_unit,
        "digital": r.random() < 0.7,
        "amount": r.randint(20, 150) * 100 if social else None,
        "social": social,
    }


def _add_decision(
    spool: Spool, decision_id, case_id, service_id, regime_id, d: dict, provider, supersedes, decided_by
) -> None:
    sent_on = d["sent_on"]
    granting = d["outcome"] in ("INNVILGET", "DELVIS_INNVILGET")
    scope_amount = None
    if d["scope"] and granting:
        low, high = d["scope"]
        scope_amount = (low + high) // 2
    delivered = presumed = deadline = sent_at = None
    method = ""
    if sent_on:
        method = "digital" if d["digital"] else "post"
        delivered = sent_on + datetime.timedelta(days=0 if d["digital"] else 3)
        presumed = not d["digital"]
        deadline = delivered + datetime.timedelta(days=21)
        sent_at = datetime.datetime.combine(sent_on, datetime.time(9, 30), tzinfo=datetime.UTC)
    social = d["social"]
    spool.add(
        decision_id,
        case_id,
        service_id,
        d["state"],
        regime_id,
        d["outcome"],
        scope_amount,
        d["scope_unit"] if scope_amount else "",
        d["start"] if granting or d["state"] == "draft" else None,
        d["review"],
        d["end"],
        provider if granting else None,
        supersedes,
        decided_by if sent_on or d["outcome"] else None,
        sent_on,
        method,
        delivered,
        bool(presumed),
        deadline,
        sent_at,
        "sotjl_18" if social and granting else "",
        "grant" if social and granting else "",
        d["amount"] if social and granting else None,
        "monthly" if social and granting and d["amount"] else "",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="1 = Oslo (700 000 persons); 0.01 for a quick run"
    )
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument(
        "--today",
        type=datetime.date.fromisoformat,
        default=None,
        help="the last day of the history (default today)",
    )
    parser.add_argument(
        "--append", action="store_true", help="add to a database that already has more than the demo"
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhet.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from helhet.people.models import Person

    if connection.vendor != "postgresql":
        sys.exit("Skalageneratoren trenger PostgreSQL: sett DATABASE_URL=postgres://…")
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    if not Person.objects.filter(municipality__number="9999").exists():
        call_command("demo", persons=200, stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"Demokommunen lastet på {time.monotonic() - started:.0f} s")
    elif Person.objects.count() > 1000 and not args.append:
        sys.exit(
            "Databasen har allerede mer enn demoens personer; bruk --append for å legge til enda en gang."
        )
    report = generate(scale=args.scale, seed=args.seed, today=args.today)
    print("\n| tabell | rader | generert (s) | COPY (s) |\n|---|---:|---:|---:|")
    for table, rows in report.rows.items():
        print(
            f"| {table} | {rows:,} | {report.generate_seconds.get(table, 0):.1f} | {report.copy_seconds[table]:.1f} |".replace(
                ",", " "
            )
        )
    print(
        f"\nOrganisasjon (ORM): {report.generate_seconds['organisation (ORM)']:.1f} s, ANALYZE: {report.analyze_seconds:.1f} s, i alt {report.total_seconds:.0f} s"
    )
    print("Saker etter status: " + ", ".join(f"{k} {v}" for k, v in sorted(report.statuses.items())))
    print(f"Utførte oppgaver for de siste {report.task_days} dagene før i dag")
    print(
        f"Aktive mottakere: {report.active_recipients}, tilgangsloggens kjede til løpenummer {report.chain_head}"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        print(f"Databasens størrelse: {cursor.fetchone()[0]}")


if __name__ == "__main__":
    main()
