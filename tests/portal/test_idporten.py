"""Citizens' login with ID-porten, against a real OpenID Connect provider running locally.

The provider is tests/oidc/provider.mjs (the certified Node package `oidc-provider`) with an ID-porten
client: a login name of 11 digits logs in that fødselsnummer at idporten-loa-substantial, `<pid>+high`
at idporten-loa-high, `<pid>+low` at idporten-loa-low. The test drives the whole flow over HTTP as a
browser would: the citizens' login page and Helhet's start of the login (Django's test client), the
provider's own login and consent forms (`requests`), and the redirect back to Helhet's callback, which
then talks to the provider's discovery, token and JWKS endpoints. Nothing of Helhet is mocked.
"""

import datetime
import json
import logging
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from django.urls import reverse

from helhet.access import idporten, roles
from helhet.access.activity import LAST_ACTIVITY_SESSION_KEY
from helhet.access.citizen import CITIZEN_ACR_SESSION_KEY, CITIZEN_METHOD_SESSION_KEY, CITIZEN_SESSION_KEY
from helhet.access.models import CitizenAccount
from tests import factories
from tests.oidc_provider import at_provider, running_provider
from tests.portal.citizen_helpers import citizen_client

CLIENT_ID = "helhet-idporten-test"
CLIENT_SECRET = "helhet-idporten-test-secret-0123456789abcdef"
CALLBACK = "http://testserver/innbygger/idporten/callback/"
AFTER_LOGOUT = "http://testserver/innbygger/logg-inn/"
BUTTON = "Logg inn med ID-porten"
SUBSTANTIAL, HIGH, LOW = "idporten-loa-substantial", "idporten-loa-high", "idporten-loa-low"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def idporten_issuer():
    env = {
        "IDPORTEN_CLIENT_ID": CLIENT_ID,
        "IDPORTEN_CLIENT_SECRET": CLIENT_SECRET,
        "IDPORTEN_REDIRECT_URIS": CALLBACK,
        "IDPORTEN_POST_LOGOUT_REDIRECT_URIS": AFTER_LOGOUT,
    }
    with running_provider(env) as issuer:
        yield issuer


@pytest.fixture
def idporten_on(settings, idporten_issuer):
    settings.HELHET_IDPORTEN_ISSUER = idporten_issuer
    settings.HELHET_IDPORTEN_CLIENT_ID = CLIENT_ID
    settings.HELHET_IDPORTEN_CLIENT_SECRET = CLIENT_SECRET
    idporten.forget_provider_metadata()
    yield idporten_issuer
    idporten.forget_provider_metadata()


@pytest.fixture
def kari(municipality):
    return factories.person(municipality, first_name="Kari", birth_date=datetime.date(1950, 3, 4))


def _start(client, next_url=""):
    """Press «Logg inn med ID-porten» on the citizens' login page; the authorization URL it leads to."""
    page = client.get("/innbygger/logg-inn/" + (f"?{urlencode({'next': next_url})}" if next_url else ""))
    html = page.content.decode()
    assert BUTTON in html
    start = client.get(idporten.login_start_url(next_url))
    assert start.status_code == 302
    return start["Location"]


def _login(client, login, *, next_url="", browser=None, tamper=None):
    """Log in at the provider as `login` and come back; (the callback's response, the prompts seen)."""
    authorize = _start(client, next_url)
    seen: list[str] = []
    back = at_provider(browser or requests.Session(), authorize, login, seen)
    if tamper:
        back = tamper(back)
    parts = urlsplit(back)
    assert parts.path == "/innbygger/idporten/callback/"
    return client.get(f"{parts.path}?{parts.query}"), seen


def _refusal_shown(client, response) -> str:
    """The callback sent the browser to the citizens' login page, not logged in; that page's text."""
    assert response.status_code == 302 and response["Location"] == "/innbygger/logg-inn/"
    page = client.get("/innbygger/logg-inn/")
    assert page.status_code == 200
    assert not page.context["user"].is_authenticated
    assert CITIZEN_SESSION_KEY not in client.session
    return page.content.decode()


def _security_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "helhet.security"]


# --- off unless configured --------------------------------------------------------------------------------


def test_without_configuration_there_is_no_button_and_the_views_are_404(client, db):
    page = client.get("/innbygger/logg-inn/").content.decode()
    assert BUTTON not in page
    assert "Testinnlogging" in page  # the demo's development login is still there
    assert client.get("/innbygger/idporten/logg-inn/").status_code == 404
    assert client.get("/innbygger/idporten/callback/?code=x&state=y").status_code == 404
    assert idporten.login_start_url() == ""


def _settings_in_a_fresh_process(env_extra, code, module="helhet.config.settings"):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HELHET_IDPORTEN_")}
    env.update(env_extra)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import {module} as s; {code}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_half_configured_idporten_stops_the_start():
    result = _settings_in_a_fresh_process(
        {"HELHET_IDPORTEN_ISSUER": "https://idporten.no", "HELHET_IDPORTEN_CLIENT_ID": "helhet"}, "pass"
    )
    assert result.returncode != 0
    assert "HELHET_IDPORTEN_CLIENT_SECRET" in result.stderr


def test_configured_idporten_lets_the_logout_form_reach_its_end_session_endpoint_in_the_csp():
    result = _settings_in_a_fresh_process(
        {
            "HELHET_IDPORTEN_ISSUER": "https://idporten.no",
            "HELHET_IDPORTEN_CLIENT_ID": "helhet",
            "HELHET_IDPORTEN_CLIENT_SECRET": "hemmelig",
            "HELHET_IDPORTEN_END_SESSION_ENDPOINT": "https://login.idporten.no/logout",
        },
        "print(s.HELHET_CSP_FORM_ACTION_EXTRA, s.HELHET_IDPORTEN_ACR)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "['https://idporten.no', 'https://login.idporten.no'] ['idporten-loa-substantial', 'idporten-loa-high']"
    )


def test_production_refuses_an_idporten_issuer_without_https():
    env = {
        "SECRET_KEY": "x" * 60,
        "HELHET_ACCESS_LOG_KEY": "y" * 60,
        "HELHET_IDPORTEN_ISSUER": "http://idporten.example",
        "HELHET_IDPORTEN_CLIENT_ID": "helhet",
        "HELHET_IDPORTEN_CLIENT_SECRET": "hemmelig",
    }
    result = _settings_in_a_fresh_process(env, "pass", module="helhet.config.production")
    assert result.returncode != 0
    assert "HELHET_IDPORTEN_ISSUER must be an https:// URL in production" in result.stderr
    env["HELHET_IDPORTEN_ISSUER"] = "https://idporten.no"
    result = _settings_in_a_fresh_process(env, "pass", module="helhet.config.production")
    assert result.returncode == 0, result.stderr


# --- the login ----------------------------------------------------------------------------------------------


def test_a_citizen_logs_in_with_idporten_lands_on_min_side_and_logout_ends_the_idporten_session(
    client, idporten_on, kari, caplog
):
    caplog.set_level(logging.INFO, logger="helhet.security")
    authorize = _start(client)
    query = parse_qs(urlsplit(authorize).query)
    assert authorize.startswith(f"{idporten_on}/auth?")
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43
    assert query["state"][0] and query["nonce"][0] and query["state"] != query["nonce"]
    assert query["acr_values"] == [SUBSTANTIAL]  # the lowest accepted level
    assert query["redirect_uri"] == [CALLBACK] and query["client_id"] == [CLIENT_ID]
    assert query["scope"] == ["openid profile"] and query["ui_locales"] == ["nb"]

    browser = requests.Session()
    back, seen = _login(client, kari.national_id, browser=browser)
    assert seen == ["login", "consent"]
    assert back.status_code == 302 and back["Location"] == "/innbygger/"
    assert client.session[CITIZEN_METHOD_SESSION_KEY] == "idporten"
    assert client.session[CITIZEN_ACR_SESSION_KEY] == SUBSTANTIAL
    home = client.get("/innbygger/")
    assert home.status_code == 200 and "Meg selv" in home.content.decode()
    assert client.get(f"/innbygger/{kari.pk}/").status_code == 200
    account = CitizenAccount.objects.get(pid=kari.national_id)
    assert (account.last_login_method, account.last_acr) == ("idporten", SUBSTANTIAL)
    assert client.get("/personer/").status_code == 404  # a citizen's session, kept to the citizen's pages
    assert f"idporten_login acr={SUBSTANTIAL} pid={idporten.pid_hash(kari.national_id)}" in _security_lines(
        caplog
    )
    assert kari.national_id not in caplog.text

    out = client.post("/innbygger/logg-ut/")
    assert "_auth_user_id" not in client.session and CITIZEN_SESSION_KEY not in client.session
    assert out.status_code == 302 and out["Location"].startswith(f"{idporten_on}/session/end?")
    logout = parse_qs(urlsplit(out["Location"]).query)
    assert logout["post_logout_redirect_uri"] == [AFTER_LOGOUT] and logout["id_token_hint"][0]
    seen = []
    assert at_provider(browser, out["Location"], "", seen) == AFTER_LOGOUT
    assert seen == ["logout"]
    assert client.get("/innbygger/")["Location"].startswith("/innbygger/logg-inn/")

    back, seen = _login(client, kari.national_id, browser=browser)
    assert seen[0] == "login"  # ID-porten's session really ended: it asks again
    assert back.status_code == 302 and CitizenAccount.objects.count() == 1


def test_a_login_at_level_high_is_accepted_and_goes_to_the_page_asked_for(client, idporten_on, kari):
    back, _ = _login(client, f"{kari.national_id}+high", next_url=f"/innbygger/{kari.pk}/")
    assert back.status_code == 302 and back["Location"] == f"/innbygger/{kari.pk}/"
    assert client.session[CITIZEN_ACR_SESSION_KEY] == HIGH


def test_a_next_to_another_site_is_not_followed(client, idporten_on, kari):
    back, _ = _login(client, kari.national_id, next_url="https://evil.example/")
    assert back["Location"] == "/innbygger/"


def test_client_secret_post_works_too(client, idporten_on, kari, settings):
    settings.HELHET_IDPORTEN_CLIENT_ID = f"{CLIENT_ID}-post"  # the provider's client_secret_post client
    settings.HELHET_IDPORTEN_TOKEN_AUTH = "post"
    back, _ = _login(client, kari.national_id)
    assert back["Location"] == "/innbygger/"
    assert client.session[CITIZEN_METHOD_SESSION_KEY] == "idporten"


def test_a_development_login_session_logs_out_without_going_to_idporten(client, idporten_on, kari):
    citizen = citizen_client(kari.national_id)
    assert citizen.post("/innbygger/logg-ut/")["Location"] == "/innbygger/logg-inn/"


# --- refusals -----------------------------------------------------------------------------------------------


def test_too_low_a_level_is_refused_in_norwegian_and_logged_without_the_number(
    client, idporten_on, kari, caplog
):
    caplog.set_level(logging.INFO, logger="helhet.security")
    back, _ = _login(client, f"{kari.national_id}+low")
    assert "Du logget inn på et for lavt sikkerhetsnivå" in _refusal_shown(client, back)
    assert not CitizenAccount.objects.exists()
    assert _security_lines(caplog) == [
        f"idporten_login_refused reason=acr_not_accepted acr={LOW} pid={idporten.pid_hash(kari.national_id)}"
    ]
    assert kari.national_id not in caplog.text


def test_only_high_accepted_asks_for_high_and_refuses_substantial(client, idporten_on, kari, settings):
    settings.HELHET_IDPORTEN_ACR = [HIGH]
    query = parse_qs(urlsplit(_start(Client())).query)
    assert query["acr_values"] == [HIGH]
    back, _ = _login(client, kari.national_id)
    assert "for lavt sikkerhetsnivå" in _refusal_shown(client, back)
    back, _ = _login(client, f"{kari.national_id}+high")
    assert back["Location"] == "/innbygger/"


def test_an_id_token_without_pid_is_refused(client, idporten_on, caplog):
    caplog.set_level(logging.INFO, logger="helhet.security")
    back, _ = _login(client, "ukjent")
    assert "ID-porten sendte ikke fødselsnummeret ditt" in _refusal_shown(client, back)
    assert "idporten_login_refused reason=no_pid pid=-" in _security_lines(caplog)
    assert not CitizenAccount.objects.exists()


def test_a_citizen_who_cancels_at_idporten_is_told_so(client, idporten_on, caplog):
    caplog.set_level(logging.INFO, logger="helhet.security")
    back, seen = _login(client, "!abort")
    assert seen == ["login"]
    assert "Du avbrøt innloggingen med ID-porten" in _refusal_shown(client, back)
    assert "idporten_login_refused reason=provider_error error=access_denied pid=-" in _security_lines(caplog)


def test_another_error_from_idporten_is_a_failed_login_and_its_description_is_not_shown(
    client, idporten_on, caplog
):
    caplog.set_level(logging.INFO, logger="helhet.security")

    def error(url):
        state = parse_qs(urlsplit(url).query)["state"][0]
        return (
            f"{CALLBACK}?{urlencode({'error': 'server_error', 'error_description': '<b>x', 'state': state})}"
        )

    back, _ = _login(client, "12345678901", tamper=error)
    html = _refusal_shown(client, back)
    assert "Innloggingen med ID-porten mislyktes" in html and "<b>x" not in html
    assert "reason=provider_error error=server_error" in caplog.text


def test_a_tampered_state_is_refused_and_the_code_is_not_used(client, idporten_on, kari, caplog):
    caplog.set_level(logging.INFO, logger="helhet.security")
    back, _ = _login(client, kari.national_id, tamper=lambda url: url.replace("state=", "state=x", 1))
    assert "Innloggingen med ID-porten mislyktes" in _refusal_shown(client, back)
    assert "idporten_login_refused reason=unknown_state pid=-" in _security_lines(caplog)
    assert not CitizenAccount.objects.exists()


def test_a_callback_in_another_browser_than_the_one_that_started_is_refused(client, idporten_on, kari):
    other = Client()
    back, _ = _login(client, kari.national_id, tamper=lambda url: url)
    client.post("/innbygger/logg-ut/")
    # The same callback URL again (a replay), and in a browser that never started a login.
    authorize = _start(client)
    callback = at_provider(requests.Session(), authorize, kari.national_id, [])
    parts = urlsplit(callback)
    assert "mislyktes" in _refusal_shown(other, other.get(f"{parts.path}?{parts.query}"))
    assert client.get(f"{parts.path}?{parts.query}")["Location"] == "/innbygger/"
    client.post("/innbygger/logg-ut/")
    assert "mislyktes" in _refusal_shown(client, client.get(f"{parts.path}?{parts.query}"))


def test_an_answer_naming_another_issuer_is_refused(client, idporten_on, kari, caplog):
    caplog.set_level(logging.INFO, logger="helhet.security")
    back, _ = _login(
        client, kari.national_id, tamper=lambda url: url.replace("iss=", "iss=https%3A%2F%2Fevil.example", 1)
    )
    assert "mislyktes" in _refusal_shown(client, back)
    assert "reason=issuer_mismatch" in caplog.text


def test_a_wrong_client_secret_is_refused_at_the_token_endpoint(client, idporten_on, kari, settings, caplog):
    caplog.set_level(logging.INFO, logger="helhet.security")
    settings.HELHET_IDPORTEN_CLIENT_SECRET = "feil"
    back, _ = _login(client, kari.national_id)
    assert "Innloggingen med ID-porten mislyktes" in _refusal_shown(client, back)
    assert "reason=token_error status=401 error=invalid_client" in caplog.text


def test_idporten_down_at_the_start_gives_a_message_not_an_error(client, db, settings, caplog):
    settings.HELHET_IDPORTEN_ISSUER = "http://127.0.0.1:9"  # nothing listens on the discard port
    settings.HELHET_IDPORTEN_CLIENT_ID = CLIENT_ID
    settings.HELHET_IDPORTEN_CLIENT_SECRET = CLIENT_SECRET
    idporten.forget_provider_metadata()
    response = client.get("/innbygger/idporten/logg-inn/")
    assert response.status_code == 302 and response["Location"] == "/innbygger/logg-inn/"
    assert "ID-porten svarer ikke nå" in client.get("/innbygger/logg-inn/").content.decode()
    assert "idporten_unavailable step=discovery error=ConnectionError" in caplog.text


def test_idporten_down_at_the_token_exchange_gives_a_message_not_an_error(
    client, idporten_on, kari, settings
):
    def token_endpoint_gone(url):
        settings.HELHET_IDPORTEN_TOKEN_ENDPOINT = "http://127.0.0.1:9/token"
        return url

    back, _ = _login(client, kari.national_id, tamper=token_endpoint_gone)
    assert "ID-porten svarer ikke nå" in _refusal_shown(client, back)


def test_a_staff_session_cannot_start_or_finish_a_citizen_login(client, idporten_on, kari, municipality):
    staff = Client()
    staff.force_login(factories.user(municipality, roles.CASE_WORKER, username="ola"))
    start = staff.get("/innbygger/idporten/logg-inn/")
    assert start["Location"] == "/innbygger/logg-inn/"
    page = staff.get("/innbygger/logg-inn/").content.decode()
    assert "Du er logget inn som ansatt" in page and BUTTON not in page
    authorize = client.get(idporten.login_start_url())["Location"]
    callback = urlsplit(at_provider(requests.Session(), authorize, kari.national_id, []))
    back = staff.get(f"{callback.path}?{callback.query}")
    assert back["Location"] == "/innbygger/logg-inn/"
    assert staff.get("/personer/").status_code == 200  # still the staff user, not turned into a citizen
    assert not CitizenAccount.objects.exists()


# --- the ID token's checks ------------------------------------------------------------------------------------


class _Jwks:
    """A JWKS endpoint of our own, so tokens signed with a key the test holds can be checked by Helhet."""

    def __init__(self, key):
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
        body = json.dumps({"keys": [{**jwk, "kid": "own", "use": "sig", "alg": "RS256"}]}).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the standard library's name)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/jwks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def own_jwks(settings, idporten_on):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwks = _Jwks(key)
    settings.HELHET_IDPORTEN_JWKS_URI = jwks.url
    yield key
    jwks.server.shutdown()


def _claims(issuer, **changes):
    now = int(time.time())
    claims = {
        "iss": issuer,
        "aud": CLIENT_ID,
        "sub": "idp-pseudonym",
        "iat": now,
        "exp": now + 120,
        "nonce": "n-1",
        "acr": SUBSTANTIAL,
        "pid": "12345678901",
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def test_a_token_signed_with_a_key_the_provider_never_published_is_refused(idporten_on):
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(_claims(idporten_on), forger, algorithm="RS256", headers={"kid": "helhet-test-rs256"})
    with pytest.raises(idporten.Refused, match="InvalidSignatureError"):
        idporten.verify_id_token(forged, "n-1")


def test_the_id_token_checks(idporten_on, own_jwks):
    sign = lambda claims, kid="own": jwt.encode(claims, own_jwks, algorithm="RS256", headers={"kid": kid})  # noqa: E731
    assert idporten.verify_id_token(sign(_claims(idporten_on)), "n-1")["pid"] == "12345678901"
    assert idporten.verify_id_token(sign(_claims(idporten_on, aud=[CLIENT_ID, "x"], azp=CLIENT_ID)), "n-1")
    now = int(time.time())
    for wrong, why in [
        ({"aud": "another-client"}, "InvalidAudienceError"),
        ({"iss": "https://evil.example"}, "InvalidIssuerError"),
        ({"exp": now - 120}, "ExpiredSignatureError"),
        ({"iat": None}, "MissingRequiredClaimError"),
        ({"nonce": "n-2"}, "nonce_mismatch"),
        ({"nonce": None}, "nonce_mismatch"),
        ({"aud": [CLIENT_ID, "x"]}, "id_token_azp"),
    ]:
        with pytest.raises(idporten.Refused, match=why):
            idporten.verify_id_token(sign(_claims(idporten_on, **wrong)), "n-1")
    with pytest.raises(idporten.Refused, match="unknown_key"):
        idporten.verify_id_token(sign(_claims(idporten_on), kid="another"), "n-1")
    unsigned = jwt.encode(_claims(idporten_on), None, algorithm="none")
    hmac_signed = jwt.encode(_claims(idporten_on), CLIENT_SECRET, algorithm="HS256", headers={"kid": "own"})
    for token in (unsigned, hmac_signed, "not-a-token"):
        with pytest.raises(idporten.Refused):
            idporten.verify_id_token(token, "n-1")


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({}, None),
        ({"acr": HIGH}, None),
        ({"acr": LOW}, "weak"),
        ({"acr": None}, "weak"),
        ({"acr": [SUBSTANTIAL]}, "weak"),
        ({"pid": None}, "no_pid"),
        ({"pid": "1234"}, "no_pid"),
        ({"pid": 12345678901}, "no_pid"),
        ({"pid": "12345678901\n"}, "no_pid"),
    ],
)
def test_the_level_and_the_pid_are_read_from_the_id_token_as_it_gives_them(changes, reason):
    claims = _claims("https://idporten.no", **changes)
    if reason is None:
        login = idporten.login_from_claims(claims, "token")
        assert (login.pid, login.acr) == ("12345678901", claims["acr"])
    else:
        with pytest.raises(idporten.Refused) as refused:
            idporten.login_from_claims(claims, "token")
        assert refused.value.reason == reason


# --- the idle timeout -------------------------------------------------------------------------------------------


def test_an_idle_citizen_session_ends_on_the_citizens_login_page_which_says_why(kari):
    client = citizen_client(kari.national_id)
    keepalive = reverse("access:keepalive")
    page = client.get("/innbygger/").content.decode()
    # The warning two minutes before (idle.js) is on the citizen's pages, and its «Fortsett å være innlogget»
    # reaches the keep-alive from a citizen's session; without JavaScript the server logs out all the same.
    assert 'id="hh-idle-dialog"' in page and f'action="{keepalive}"' in page
    assert client.post(keepalive).json()["remaining"] > 0
    session = client.session
    session[LAST_ACTIVITY_SESSION_KEY] = int(time.time() - 31 * 60)
    session.save()
    response = client.get(f"/innbygger/{kari.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/innbygger/logg-inn/?next=%2Finnbygger%2F{kari.pk}%2F"
    login_page = client.get(response["Location"]).content.decode()
    assert "Du ble logget ut fordi du ikke har vært aktiv på en stund" in login_page
    assert 'id="hh-idle-dialog"' not in login_page
    assert "Du ble logget ut" not in client.get("/innbygger/logg-inn/").content.decode()  # said once
