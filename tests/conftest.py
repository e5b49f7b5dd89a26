import pytest

from helhet.access import roles
from tests import factories


@pytest.fixture(autouse=True)
def _fast_and_synthetic(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.HELHET_ALLOW_SYNTHETIC_IDS = True
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]


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
def reception(municipality):
    return factories.user(municipality, roles.RECEPTION, username="resepsjon")


@pytest.fixture
def case_worker(municipality):
    return factories.user(municipality, roles.CASE_WORKER, username="saksbehandler")


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
