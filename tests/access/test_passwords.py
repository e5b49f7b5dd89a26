"""The password rules refuse in Norwegian on the set-password link and on the own password change."""

import pytest
from django.test import Client

from helhet.access import accounts
from tests import factories

pytestmark = pytest.mark.django_db


def post_on_the_link(user, password):
    client = Client()
    response = client.get(accounts.password_setup_path(user), follow=True)
    form_url = response.redirect_chain[-1][0]
    return client.post(form_url, {"new_password1": password, "new_password2": password})


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort1", "Passordet er for kort. Det må ha minst 10 tegn."),
        ("password123", "Dette passordet er for vanlig."),
        ("saksbehandler1", "Passordet er for likt brukernavn."),
    ],
)
def test_the_set_password_page_refuses_in_norwegian(case_worker, password, message):
    response = post_on_the_link(case_worker, password)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "This password" not in page and "too short" not in page and "too similar" not in page


def test_a_good_password_on_the_link_is_taken(case_worker):
    response = post_on_the_link(case_worker, "Lang-og-god-2026!")
    assert response.status_code == 302


def test_the_own_password_change_refuses_a_short_one_in_norwegian(client, case_worker):
    client.force_login(case_worker)
    response = client.post(
        "/konto/passord/",
        {"old_password": factories.PASSWORD, "new_password1": "kort1", "new_password2": "kort1"},
    )
    page = response.content.decode()
    assert "Passordet er for kort. Det må ha minst 10 tegn." in page
    assert "too short" not in page
