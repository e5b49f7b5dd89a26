import datetime
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.cache import cache
from django.http import HttpRequest
from django.test import Client

from helhet.access import mfa, roles
from helhet.catalogue.models import Service
from helhet.catalogue.services import catalogue_install_defaults
from helhet.intake.models import RoutingRule
from helhet.organisation.models import ServiceArea
from tests import factories

CATALOGUE_DAY = datetime.date(2026, 11, 23)
LOCALE_DIR = Path(__file__).resolve().parents[1] / "src" / "helhet" / "locale"


def pytest_sessionstart(session):
    """The translations as `make messages` builds them, also when pytest runs without make: a stale or
    missing .mo is compiled from its .po (to a temporary name, then moved, so xdist workers never read half)."""
    for po in LOCALE_DIR.glob("*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        partial = mo.with_suffix(f".mo.{os.getpid()}")
        msgfmt = shutil.which("msgfmt") or "/usr/bin/msgfmt"  # GNU gettext, as make messages uses
        subprocess.run([msgfmt, "--check", "-o", str(partial), str(po)], check=True)  # noqa: S603 (our own files)
        os.replace(partial, mo)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, tmp_path_factory, django_db_modify_db_settings_parallel_suffix):
    """Browser journeys get an SQLite file, not memory: the live server then gives each request its own
    connection, so the page's own concurrent requests (a live preview beside a save) queue for the
    write lock (WAL, BEGIN IMMEDIATE, a busy timeout) instead of sharing one connection and failing.
    The file lies in this run's own temporary folder (per xdist worker), so two runs never share it."""
    from django.conf import settings as django_settings

    database = django_settings.DATABASES["default"]
    browser = any(item.get_closest_marker("browser") for item in request.session.items)
    if not browser or database["ENGINE"] != "django.db.backends.sqlite3" or database["TEST"].get("NAME"):
        return
    worker = getattr(request.config, "workerinput", {}).get("workerid", "main")
    database["TEST"]["NAME"] = str(tmp_path_factory.mktemp("browser-db") / f"test-{worker}.sqlite3")


@pytest.fixture(autouse=True)
def _fast_and_synthetic(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.HELHET_ALLOW_SYNTHETIC_IDS = True
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]


@pytest.fixture(scope="session")
def _outbox_root(tmp_path_factory):
    return tmp_path_factory.mktemp("outbox")


@pytest.fixture(autouse=True)
def _outbox_in_a_temporary_folder(settings, _outbox_root):
    """Letters sent in a test (on commit, or by the delivery job) land in a temporary outbox, never in the
    project's data folder."""
    settings.HELHET_OUTBOX = "helhet.casework.outbox.LocalFileOutbox"
    settings.HELHET_OUTBOX_DIR = str(_outbox_root)


@pytest.fixture(autouse=True)
def _force_login_completes_the_login(monkeypatch):
    """`client.force_login(user)` and `client.login(...)` stand for a finished login, second factor
    included, as the suite's page tests assume; tests/access/test_login_*.py and the browser journeys
    go through the real steps."""
    original_force_login = Client.force_login
    original_login = Client.login

    def verified(client):
        session = client.session
        mfa.mark_verified(session)
        session.save()

    def force_login(self, user, backend=None):
        original_force_login(self, user, backend)
        verified(self)

    def login(self, **credentials):
        # django-axes checks the lockout on the request, which Client.login does not pass on its own.
        credentials.setdefault("request", HttpRequest())
        done = original_login(self, **credentials)
        if done:
            verified(self)
        return done

    monkeypatch.setattr(Client, "force_login", force_login)
    monkeypatch.setattr(Client, "login", login)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters (bad API tokens) live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def municipality(db):
    return factories.municipality()


@pytest.fixture
def other_municipality(db):
    return factories.municipality("9998", "Nabo kommune")


@pytest.fixture
def home_care(municipality):
    return factories.unit(municipality, "Hjemmesykepleien sone Nord", kind="department")


@pytest.fixture
def nursing_home(municipality):
    return factories.unit(municipality, "Demo sykehjem")


@pytest.fixture
def reception(municipality, office):
    """Reception at the service office (health and care), as the demo's Servicetorget."""
    return factories.user(municipality, roles.RECEPTION, username="resepsjon", unit=office)


@pytest.fixture
def case_worker(municipality, office):
    """A case worker at the service office, so in health and care (the office's service area)."""
    return factories.user(municipality, roles.CASE_WORKER, username="saksbehandler", unit=office)


@pytest.fixture
def nurse(municipality, home_care):
    """A home-care nurse: provider staff in the home-care department."""
    return factories.user(municipality, roles.PROVIDER, username="tjenesteyter", unit=home_care)


@pytest.fixture
def leader(municipality, home_care):
    return factories.user(municipality, roles.LEADER, username="leder", unit=home_care, leads=True)


@pytest.fixture
def analyst(municipality):
    return factories.user(municipality, roles.ANALYST, username="analytiker")


@pytest.fixture
def admin_user(municipality):
    return factories.user(municipality, roles.ADMIN, username="admin")


@pytest.fixture
def outsider(other_municipality):
    """A case worker in the neighbouring municipality: should see nothing of ours."""
    return factories.user(other_municipality, roles.CASE_WORKER, username="nabo")


@pytest.fixture
def kari(municipality):
    return factories.person(municipality, first_name="Kari", last_name="Nordmann")


@pytest.fixture
def kari_in_home_care(kari, home_care):
    factories.responsibility(kari, unit=home_care, reason="Mottar helsetjenester i hjemmet")
    return kari


@pytest.fixture
def office(municipality):
    return factories.unit(municipality, "Tjenestekontoret", service_area=ServiceArea.HEALTH_CARE)


@pytest.fixture
def world(municipality, office, home_care, case_worker, leader):
    """A municipality with a catalogue, routing rules and a case worker at the service office."""
    catalogue_install_defaults(municipality=municipality, on=CATALOGUE_DAY)
    team_a = factories.unit(municipality, "Team 1 (1–15)", kind="team")
    team_b = factories.unit(municipality, "Team 2 (16–31)", kind="team")
    service = Service.objects.get(municipality=municipality, name="Helsetjenester i hjemmet")
    nav = factories.unit(municipality, "NAV Demo", service_area=ServiceArea.SOCIAL)
    nav_leader = factories.user(
        municipality, roles.CASE_WORKER, username="nav-kontorleder", unit=nav, leads=True
    )
    RoutingRule.objects.create(
        municipality=municipality,
        position=1,
        kind="service",
        service=Service.objects.get(municipality=municipality, name="Økonomisk sosialhjelp"),
        team=nav,
    )
    RoutingRule.objects.create(
        municipality=municipality, position=2, kind="birth_day", day_from=1, day_to=15, team=team_a
    )
    RoutingRule.objects.create(
        municipality=municipality, position=3, kind="birth_day", day_from=16, day_to=31, team=team_b
    )
    RoutingRule.objects.create(municipality=municipality, position=9, kind="fallback", team=office)
    leader = factories.user(municipality, roles.CASE_WORKER, username="kontorleder", unit=office, leads=True)
    return {
        "office": office,
        "team_a": team_a,
        "team_b": team_b,
        "home_health": service,
        "office_leader": leader,
        "home_care": home_care,
        "nav": nav,
        "nav_leader": nav_leader,
    }


@pytest.fixture
def nav_worker(world):
    """A case worker at the NAV office (social services): NAV's cases are decided there."""
    return world["nav_leader"]


ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def pytest_collection_modifyitems(config, items):
    """The suite runs twice in CI, on SQLite and on PostgreSQL; a test that never touches the test database
    gives the same answer both times, so it runs in the SQLite pass only."""
    if not ON_POSTGRESQL:
        return
    skip = pytest.mark.skip(reason="db_independent: never touches the test database; run in the SQLite pass")
    for item in items:
        if item.get_closest_marker("db_independent"):
            item.add_marker(skip)
