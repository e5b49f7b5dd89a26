"""Logging in as a citizen in the browser: the demo's development login, or ID-porten played by the local
OpenID Connect provider (tests/oidc/provider.mjs) through its own login pages.

For `login_citizen_idporten`, take the fixture `idporten_live` (tests/browser/conftest.py): it starts the
provider with the live server's callback registered and turns Helhet's ID-porten login on.
"""

import pytest
from playwright.sync_api import expect

from helhet.access import idporten
from tests.oidc_provider import running_provider

CLIENT_ID = "helhet-idporten-browser"
CLIENT_SECRET = "helhet-idporten-browser-secret-0123456789"
LOGIN_HEADING = "Logg inn på Min side"


def _wait_until_logged_in(page) -> None:
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).not_to_have_text(LOGIN_HEADING)


def login_citizen_dev(page, base_url: str, pid: str) -> None:
    """The demo's development login: type the fødselsnummer, land on Min side."""
    page.goto(f"{base_url}/innbygger/logg-inn/")
    page.get_by_label("Fødselsnummer (11 siffer)").fill(pid)
    page.get_by_role("button", name="Logg inn", exact=True).click()
    _wait_until_logged_in(page)


def login_citizen_idporten(page, base_url: str, pid: str, level: str = "") -> None:
    """«Logg inn med ID-porten», then the local provider's own login (and consent) pages; back on Min side.

    `level` "+high" logs in at idporten-loa-high, "" at idporten-loa-substantial."""
    page.goto(f"{base_url}/innbygger/logg-inn/")
    page.get_by_role("link", name="Logg inn med ID-porten").click()
    page.locator('input[name="login"]').fill(f"{pid}{level}")
    page.locator('input[name="password"]').fill("hva-som-helst")
    page.get_by_role("button", name="Sign-in").click()
    consent = page.get_by_role("button", name="Continue")
    expect(consent.or_(page.locator("main#main"))).to_be_visible()
    if consent.is_visible():
        consent.click()
    _wait_until_logged_in(page)


@pytest.fixture(scope="session")
def idporten_live_issuer(live_server):
    """The local provider with an ID-porten client whose redirect URIs are the live server's."""
    env = {
        "IDPORTEN_CLIENT_ID": CLIENT_ID,
        "IDPORTEN_CLIENT_SECRET": CLIENT_SECRET,
        "IDPORTEN_REDIRECT_URIS": f"{live_server.url}/innbygger/idporten/callback/",
        "IDPORTEN_POST_LOGOUT_REDIRECT_URIS": f"{live_server.url}/innbygger/logg-inn/",
    }
    with running_provider(env) as issuer:
        yield issuer


@pytest.fixture
def idporten_live(settings, idporten_live_issuer):
    """Helhet's ID-porten login on, against the local provider; the issuer."""
    settings.HELHET_IDPORTEN_ISSUER = idporten_live_issuer
    settings.HELHET_IDPORTEN_CLIENT_ID = CLIENT_ID
    settings.HELHET_IDPORTEN_CLIENT_SECRET = CLIENT_SECRET
    # Logging out posts a form that redirects to the provider: the CSP's form-action must allow it.
    settings.HELHET_CSP_FORM_ACTION_EXTRA = [idporten_live_issuer]
    idporten.forget_provider_metadata()
    yield idporten_live_issuer
    idporten.forget_provider_metadata()
