"""Argon2id at the OWASP cost (m=19 MiB, t=2, p=1); older, costlier hashes are upgraded at the next login."""

import argon2
import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, make_password
from django.urls import reverse

from helhet.access import roles
from helhet.core.hashers import HelhetArgon2PasswordHasher
from tests import factories

PASSWORD = "et-langt-passord-2026"


@pytest.fixture
def real_hashers(settings):
    settings.PASSWORD_HASHERS = [
        "helhet.core.hashers.HelhetArgon2PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


def test_new_hashes_use_the_owasp_parameters(real_hashers):
    encoded = make_password(PASSWORD)
    params = argon2.extract_parameters(encoded.removeprefix("argon2"))
    assert (params.type, params.memory_cost, params.time_cost, params.parallelism) == (
        argon2.Type.ID,
        19 * 1024,
        2,
        1,
    )


def test_an_old_default_cost_hash_still_logs_in_and_is_upgraded(real_hashers, municipality, client):
    user = factories.user(municipality, roles.ANALYST, username="gammel")
    user.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    user.save(update_fields=["password"])
    old = argon2.extract_parameters(user.password.removeprefix("argon2"))
    assert old.memory_cost > 19 * 1024  # Django's default: 100 MiB, t=2, p=8

    # Through the login page, as a user logs in (lockout and second-factor layers see the real request).
    response = client.post(reverse("login"), {"username": "gammel", "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert HelhetArgon2PasswordHasher().must_update(user.password) is False
    new = argon2.extract_parameters(user.password.removeprefix("argon2"))
    assert (new.memory_cost, new.time_cost, new.parallelism) == (19 * 1024, 2, 1)
    assert check_password(PASSWORD, user.password)
