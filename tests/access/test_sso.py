"""Single sign-on for staff, against a real OpenID Connect provider running locally.

The provider is the certified Node package `oidc-provider` (tests/oidc/provider.mjs), started once per
session on a free loopback port (tests/oidc_provider.py). The test drives the whole flow over HTTP as a browser would: Helhet's
login page, the provider's own login and consent forms (with `requests`), the redirect back to Helhet's
callback (Django's test client), whose backend then fetches discovery, token, JWKS and userinfo from the
provider. Nothing of Helhet or mozilla-django-oidc is mocked.
"""

import logging
import os
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from helhet.access import mfa, roles, sso
from helhet.access.models import OidcIdentity
from helhet.access.services import oidc_identity_unlink
from tests import factories
from tests.oidc_provider import at_provider, running_provider

CLIENT_ID = "helhet-test"
CLIENT_SECRET = "helhet-test-secret-0123456789abcdef"
CALLBACK = "http://testserver/sso/callback/"
AFTER_LOGOUT = "http://testserver/logg-inn/"
BUTTON = "Logg inn med kommunens pålogging"


@pytest.fixture(scope="session")
def oidc_issuer():
    """The test identity provider with the staff client; its issuer."""
    env = {
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_REDIRECT_URIS": CALLBACK,
        "OIDC_POST_LOGOUT_REDIRECT_URIS": AFTER_LOGOUT,
    }
    with running_provider(env) as issuer:
        yield issuer


@pytest.fixture
def sso_on(settings, oidc_issuer):
    settings.HELHET_OIDC_ISSUER = oidc_issuer
    settings.HELHET_OIDC_CLIENT_ID = CLIENT_ID
    settings.HELHET_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.HELHET_OIDC_MATCH_CLAIM = "email"
    settings.HELHET_OIDC_MATCH_FIELD = "email"
    sso.forget_provider_metadata()
    yield oidc_issuer
    sso.forget_provider_metadata()


def _at_provider(browser: requests.Session, url: str, login: str, seen: list[str]) -> str:
    return at_provider(browser, url, login, seen)


def _sso_login(client, browser, login: str, *, next_url: str = "/personer/", tamper=None):
    """Click the SSO button, log in at the provider, come back; return (callback response, prompts seen)."""
    start = client.get(sso.login_start_url(next_url))
    assert start.status_code == 302
    authorize = start["Location"]
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["state"][0] and query["nonce"][0]
    seen: list[str] = []
    back = _at_provider(browser, authorize, login, seen)
    if tamper:
        back = tamper(back)
    parts = urlsplit(back)
    assert parts.path == "/sso/callback/"
    return client.get(f"{parts.path}?{parts.query}"), seen


def _refusal_shown(client, response) -> str:
    assert response.status_code == 302 and response["Location"] == "/logg-inn/"
    page = client.get("/logg-inn/")
    assert not page.context["user"].is_authenticated
    return page.content.decode()


def test_login_page_offers_no_sso_while_it_is_not_configured(client, db):
    page = client.get("/logg-inn/")
    assert page.status_code == 200
    assert BUTTON not in page.content.decode()
    assert client.get("/sso/logg-inn/").status_code == 404
    assert client.get("/sso/callback/?code=x&state=y").status_code == 404


def test_login_page_offers_sso_when_configured_and_the_csp_lets_logout_reach_the_provider(
    client, db, settings
):
    settings.HELHET_OIDC_ISSUER = "https://login.kommune.example/realms/ansatte"
    settings.HELHET_OIDC_CLIENT_ID = CLIENT_ID
    settings.HELHET_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.HELHET_CSP_FORM_ACTION_EXTRA = ["https://login.kommune.example"]
    page = client.get("/logg-inn/?next=/saker/")
    html = page.content.decode()
    assert BUTTON in html
    assert 'href="/sso/logg-inn/?next=%2Fsaker%2F"' in html
    assert "form-action 'self' https://login.kommune.example;" in page["Content-Security-Policy"]


def test_staff_user_logs_in_by_email_once_then_by_subject_and_logout_ends_the_provider_session(
    client, sso_on, municipality, caplog, settings
):
    settings.HELHET_MFA_REQUIRED_ROLES = []  # Helhet's own second factor after SSO: tested further down
    kari = factories.user(municipality, roles.CASE_WORKER, username="kari.saksbehandler")
    kari.email = "Kari@kommune.test"
    kari.save()
    browser = requests.Session()
    caplog.set_level(logging.INFO, logger="helhet.security")

    back, seen = _sso_login(client, browser, "kari")
    assert seen == ["login", "consent"]
    assert back.status_code == 302 and back["Location"] == "/personer/"
    assert int(client.session["_auth_user_id"]) == kari.pk
    assert client.session[sso.AUTH_METHOD_SESSION_KEY] == sso.AUTH_METHOD_OIDC == "oidc"
    assert client.get("/personer/").status_code == 200
    identity = OidcIdentity.objects.get(user=kari)
    assert (identity.issuer, identity.subject) == (sso_on, "kari")
    assert f"sso_login user={kari.pk} matched_by=claim" in caplog.text

    # Logging out of Helhet sends the browser on to the provider's end-session endpoint, which ends its session.
    out = client.post("/logg-ut/")
    assert "_auth_user_id" not in client.session
    assert out.status_code == 302 and out["Location"].startswith(f"{sso_on}/session/end")
    logout_query = parse_qs(urlsplit(out["Location"]).query)
    assert logout_query["post_logout_redirect_uri"] == [AFTER_LOGOUT] and logout_query["id_token_hint"][0]
    seen = []
    assert _at_provider(browser, out["Location"], "kari", seen) == AFTER_LOGOUT
    assert seen == ["logout"]

    # The next login matches on the stored subject alone: a changed e-mail address does not matter.
    kari.email = "kari.ny@kommune.test"
    kari.save()
    back, seen = _sso_login(client, browser, "kari", next_url="")
    assert seen[0] == "login"  # the provider's session really ended: it asks again
    assert back.status_code == 302 and back["Location"] == "/"
    assert int(client.session["_auth_user_id"]) == kari.pk
    assert "matched_by=subject" in caplog.text
    assert "kari" not in caplog.text.lower().replace("kari.saksbehandler", "")


def test_password_login_is_not_marked_as_sso(client, municipality):
    factories.user(municipality, roles.CASE_WORKER, username="ola")
    response = client.post("/logg-inn/", {"username": "ola", "password": factories.PASSWORD})
    assert response.status_code == 302
    assert sso.AUTH_METHOD_SESSION_KEY not in client.session
    # Logging out of a password session stays in Helhet.
    assert client.post("/logg-ut/")["Location"] == "/logg-inn/"


def test_unknown_user_is_refused_with_a_message_and_logged_without_personal_data(
    client, sso_on, municipality, caplog
):
    factories.user(municipality, roles.CASE_WORKER, username="ukjent")  # same name, but no matching e-mail
    caplog.set_level(logging.INFO, logger="helhet.security")
    back, _ = _sso_login(client, requests.Session(), "ukjent")
    html = _refusal_shown(client, back)
    assert "har ingen bruker i Helhet" in html
    assert not OidcIdentity.objects.exists()
    records = [r for r in caplog.records if r.name == "helhet.security"]
    assert [r.getMessage().split(" subject=")[0] for r in records] == [
        "sso_login_refused reason=unknown_user"
    ]
    subject_hash = records[0].getMessage().split(" subject=")[1]
    assert subject_hash == sso.keyed_hash(f"{sso_on} ukjent")
    assert "ukjent" not in caplog.text


def test_deactivated_user_is_refused_at_first_login_and_after_being_linked(
    client, sso_on, municipality, caplog, settings
):
    settings.HELHET_MFA_REQUIRED_ROLES = []  # Helhet's own second factor after SSO: tested further down
    per = factories.user(municipality, roles.PROVIDER, username="per")
    per.email = "per@kommune.test"
    per.is_active = False
    per.save()
    caplog.set_level(logging.INFO, logger="helhet.security")
    browser = requests.Session()
    back, _ = _sso_login(client, browser, "per")
    assert "Brukeren din i Helhet er deaktivert" in _refusal_shown(client, back)
    assert not OidcIdentity.objects.filter(user=per).exists()
    assert "reason=inactive_user" in caplog.text

    # Linked while active, then deactivated by the administrator: refused on the subject match too.
    per.is_active = True
    per.save()
    back, _ = _sso_login(client, browser, "per")
    assert int(client.session["_auth_user_id"]) == per.pk
    per.is_active = False
    per.save()
    assert client.get("/personer/").status_code == 302  # the open session ends with the deactivation
    back, _ = _sso_login(client, browser, "per")
    assert "Brukeren din i Helhet er deaktivert" in _refusal_shown(client, back)


def test_tampered_state_is_refused_and_the_code_is_not_used(client, sso_on, municipality, caplog):
    ola = factories.user(municipality, roles.CASE_WORKER, username="ola")
    ola.email = "ola@kommune.test"
    ola.save()
    caplog.set_level(logging.INFO, logger="helhet.security")

    def tamper(url):
        return url.replace("state=", "state=x", 1)

    back, _ = _sso_login(client, requests.Session(), "ola", tamper=tamper)
    assert "Innloggingen med kommunens pålogging mislyktes" in _refusal_shown(client, back)
    assert "reason=unknown_state" in caplog.text
    assert not OidcIdentity.objects.exists()


def test_a_claim_never_rebinds_a_user_already_linked_to_another_subject(client, sso_on, municipality):
    """If the provider hands a linked user's e-mail to another account, that account is refused."""
    lise = factories.user(municipality, roles.CASE_WORKER, username="lise")
    lise.email = "lise@kommune.test"
    lise.save()
    OidcIdentity.objects.create(user=lise, issuer=sso_on, subject="sub-lise-gammel")
    back, _ = _sso_login(client, requests.Session(), "lise")
    assert "har ingen bruker i Helhet" in _refusal_shown(client, back)

    # Once the administrator unlinks the old subject, the e-mail matches again and the new subject is stored.
    assert oidc_identity_unlink(user=lise)
    back, _ = _sso_login(client, requests.Session(), "lise")
    assert int(client.session["_auth_user_id"]) == lise.pk
    assert OidcIdentity.objects.get(user=lise).subject == "lise"


def test_replayed_callback_is_refused(client, sso_on, municipality):
    ola = factories.user(municipality, roles.CASE_WORKER, username="ola")
    ola.email = "ola@kommune.test"
    ola.save()
    callback_urls = []

    def keep(url):
        callback_urls.append(url)
        return url

    back, _ = _sso_login(client, requests.Session(), "ola", tamper=keep)
    assert int(client.session["_auth_user_id"]) == ola.pk
    client.post("/logg-ut/")
    parts = urlsplit(callback_urls[0])
    again = client.get(f"{parts.path}?{parts.query}")
    assert "Innloggingen med kommunens pålogging mislyktes" in _refusal_shown(client, again)


def test_id_token_signature_is_checked_against_the_providers_jwks(sso_on):
    """A token signed with another key under the provider's key id, unsigned or HMAC-signed is refused."""
    import datetime

    import jwt
    from cryptography.hazmat.primitives.asymmetric import rsa
    from django.core.exceptions import SuspiciousOperation

    now = datetime.datetime.now(tz=datetime.UTC)
    claims = {
        "iss": sso_on,
        "aud": CLIENT_ID,
        "sub": "kari",
        "iat": now,
        "exp": now + datetime.timedelta(minutes=5),
    }
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(
        {**claims, "nonce": "n"}, forger, algorithm="RS256", headers={"kid": "helhet-test-rs256"}
    )
    backend = sso.StaffOIDCBackend()
    with pytest.raises(SuspiciousOperation):
        backend.verify_token(forged, nonce="n")
    unsigned = jwt.encode({**claims, "nonce": "n"}, None, algorithm="none")
    with pytest.raises(SuspiciousOperation):
        backend.verify_token(unsigned, nonce="n")
    hmac_signed = jwt.encode({**claims, "nonce": "n"}, CLIENT_SECRET, algorithm="HS256", headers={"kid": "x"})
    with pytest.raises(SuspiciousOperation):
        backend.verify_token(hmac_signed, nonce="n")
    with pytest.raises(SuspiciousOperation):
        backend.verify_token("not-a-token", nonce="n")


def test_provider_down_gives_a_message_not_an_error(client, db, settings):
    settings.HELHET_OIDC_ISSUER = "http://127.0.0.1:9"  # nothing listens on the discard port
    settings.HELHET_OIDC_CLIENT_ID = CLIENT_ID
    settings.HELHET_OIDC_CLIENT_SECRET = CLIENT_SECRET
    sso.forget_provider_metadata()
    response = client.get("/sso/logg-inn/")
    assert response.status_code == 302 and response["Location"] == "/logg-inn/"
    assert "Kommunens pålogging svarer ikke nå" in client.get("/logg-inn/").content.decode()


def test_half_configured_sso_stops_the_start():
    env = {
        **os.environ,
        "HELHET_OIDC_ISSUER": "https://login.kommune.example",
        "HELHET_OIDC_CLIENT_ID": "helhet",
    }
    env.pop("HELHET_OIDC_CLIENT_SECRET", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import helhet.config.settings"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "HELHET_OIDC_CLIENT_SECRET" in result.stderr


def test_id_token_for_another_client_or_from_another_issuer_or_expired_is_refused(sso_on):
    import datetime

    import jwt
    from cryptography.hazmat.primitives.asymmetric import rsa
    from django.core.exceptions import SuspiciousOperation

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(tz=datetime.UTC)
    good = {
        "iss": sso_on,
        "aud": CLIENT_ID,
        "sub": "kari",
        "iat": now,
        "exp": now + datetime.timedelta(minutes=5),
    }
    backend = sso.StaffOIDCBackend()
    sign = lambda claims: jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k"})  # noqa: E731
    assert backend._verify_jws(sign(good), key.public_key())["sub"] == "kari"
    for wrong in (
        {"aud": "another-client"},
        {"iss": "https://evil.example"},
        {"exp": now - datetime.timedelta(minutes=5)},
    ):
        with pytest.raises(SuspiciousOperation):
            backend._verify_jws(sign({**good, **wrong}), key.public_key())


STRONG_ACR = "urn:helhet:test:mfa"  # what tests/oidc/provider.mjs puts in the ID token of a "+mfa" login


def _kari(municipality):
    kari = factories.user(municipality, roles.CASE_WORKER, username="kari.saksbehandler")
    kari.email = "kari@kommune.test"
    kari.save()
    return kari


def test_a_required_acr_lets_in_a_login_with_it_and_refuses_one_without_in_norwegian(
    client, sso_on, municipality, settings, caplog
):
    settings.HELHET_OIDC_REQUIRED_ACR = [STRONG_ACR]
    kari = _kari(municipality)
    caplog.set_level(logging.INFO, logger="helhet.security")
    back, _ = _sso_login(client, requests.Session(), "kari")
    html = _refusal_shown(client, back)
    assert "bekreftet ikke at du logget inn med tofaktorinnlogging" in html
    assert not OidcIdentity.objects.exists()  # a refused login links nothing
    assert "sso_login_refused reason=acr_missing" in caplog.text

    back, _ = _sso_login(client, requests.Session(), "kari+mfa")
    assert back.status_code == 302 and back["Location"] == "/personer/"
    assert int(client.session["_auth_user_id"]) == kari.pk


def test_a_required_amr_lets_in_a_login_that_names_the_method_and_refuses_one_without(
    client, sso_on, municipality, settings, caplog
):
    settings.HELHET_OIDC_REQUIRED_AMR = ["mfa"]
    kari = _kari(municipality)
    caplog.set_level(logging.INFO, logger="helhet.security")
    back, _ = _sso_login(client, requests.Session(), "kari")
    assert "tofaktorinnlogging" in _refusal_shown(client, back)
    assert "sso_login_refused reason=amr_missing" in caplog.text
    back, _ = _sso_login(client, requests.Session(), "kari+mfa")
    assert int(client.session["_auth_user_id"]) == kari.pk


def test_without_a_requirement_a_login_without_acr_or_amr_goes_through_helhets_own_second_factor(
    client, sso_on, municipality
):
    kari = _kari(municipality)
    back, _ = _sso_login(client, requests.Session(), "kari")
    assert int(client.session["_auth_user_id"]) == kari.pk
    # Nothing shows the provider did a second factor: the case worker must set up Helhet's own first.
    page = client.get("/personer/")
    assert page.status_code == 302 and page["Location"].startswith(reverse("access:mfa_enrol"))
    assert "Sett opp tofaktorinnlogging" in client.get(page["Location"]).content.decode()
    assert client.session[mfa.PENDING_SESSION_KEY] == mfa.ENROL

    TOTPDevice.objects.create(user=kari, name=mfa.DEVICE_NAME, confirmed=True)
    client.post("/logg-ut/")
    _sso_login(client, requests.Session(), "kari")
    assert client.session[mfa.PENDING_SESSION_KEY] == mfa.VERIFY
    assert client.get("/personer/")["Location"].startswith(reverse("access:mfa_verify"))


def test_without_a_requirement_a_role_that_needs_no_second_factor_is_let_in(client, sso_on, municipality):
    analyst = factories.user(municipality, roles.ANALYST, username="kari.analytiker")
    analyst.email = "kari@kommune.test"
    analyst.save()
    _sso_login(client, requests.Session(), "kari")
    assert int(client.session["_auth_user_id"]) == analyst.pk
    assert mfa.PENDING_SESSION_KEY not in client.session


def test_with_a_required_amr_the_sso_login_is_not_asked_for_helhets_second_factor(
    client, sso_on, municipality, settings
):
    settings.HELHET_OIDC_REQUIRED_AMR = ["mfa"]
    _kari(municipality)
    _sso_login(client, requests.Session(), "kari+mfa")
    assert mfa.PENDING_SESSION_KEY not in client.session
    assert client.get("/personer/").status_code == 200


@pytest.mark.parametrize(
    ("claims", "refusal"),
    [
        ({"acr": STRONG_ACR, "amr": ["pwd", "mfa"]}, None),
        ({"acr": STRONG_ACR, "amr": "mfa"}, None),
        ({"acr": "urn:svak", "amr": ["mfa"]}, "acr_missing"),
        ({"amr": ["mfa"]}, "acr_missing"),
        ({"acr": STRONG_ACR, "amr": ["pwd"]}, "amr_missing"),
        ({"acr": STRONG_ACR}, "amr_missing"),
        ({"acr": STRONG_ACR, "amr": {"mfa": True}}, "amr_missing"),
    ],
)
def test_the_strength_check_reads_acr_and_amr_as_the_id_token_gives_them(settings, claims, refusal):
    settings.HELHET_OIDC_REQUIRED_ACR = [STRONG_ACR, "urn:annen:sterk"]
    settings.HELHET_OIDC_REQUIRED_AMR = ["mfa", "hwk"]
    assert sso.strength_refusal(claims) == refusal


def test_the_authorization_request_asks_for_the_required_strength(client, db, sso_on, settings):
    start = client.get(sso.login_start_url())
    query = parse_qs(urlsplit(start["Location"]).query)
    assert "acr_values" not in query and "claims" not in query
    settings.HELHET_OIDC_REQUIRED_ACR = [STRONG_ACR]
    settings.HELHET_OIDC_REQUIRED_AMR = ["mfa"]
    query = parse_qs(urlsplit(client.get(sso.login_start_url())["Location"]).query)
    assert query["acr_values"] == [STRONG_ACR]
    assert query["claims"] == ['{"id_token":{"amr":{"essential":true}}}']
