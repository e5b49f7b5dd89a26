"""The admin's user pages: list, create, a user's page and its forms; refusals for everyone else."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from helhet.access import accounts, roles
from helhet.access.models import AccountEvent, RoleGrant
from helhet.core.calendar import local_today
from helhet.organisation.models import Engagement
from tests import factories

TODAY = local_today()
DAY = datetime.timedelta(days=1)
User = get_user_model()


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_the_admin_finds_the_user_pages_from_the_start_page_and_the_menu(admin_client):
    html = admin_client.get("/").content.decode()
    assert 'href="/brukere/"' in html and "Brukeradministrasjon" in html


def test_the_user_list_is_searchable_paginated_and_bounded(
    admin_client, municipality, other_municipality, settings, django_assert_max_num_queries
):
    settings.HELHET_PAGE_SIZE = 10
    for number in range(25):
        factories.user(municipality, roles.PROVIDER, username=f"pleier{number:02d}")
    factories.user(other_municipality, roles.PROVIDER, username="naboens-pleier")
    with django_assert_max_num_queries(10):
        page = admin_client.get("/brukere/")
    html = page.content.decode()
    assert page.status_code == 200 and "Side 1 av 3" in html and "naboens-pleier" not in html
    with django_assert_max_num_queries(10):
        html = admin_client.get("/brukere/", {"side": 3}).content.decode()
    assert "Side 3 av 3" in html
    html = admin_client.get("/brukere/", {"q": "pleier07"}).content.decode()
    assert "pleier07" in html and "pleier08" not in html and "Tjenesteyter" in html
    html = admin_client.get("/brukere/", {"q": "naboens"}).content.decode()
    assert "Ingen brukere passer søket" in html


def test_the_list_filters_deactivated_users(admin_client, admin_user, case_worker):
    accounts.user_deactivate(user=case_worker, actor=admin_user, reason="Sluttet")
    assert "saksbehandler" in admin_client.get("/brukere/", {"status": "inactive"}).content.decode()
    assert ">saksbehandler<" not in admin_client.get("/brukere/", {"status": "active"}).content.decode()


@pytest.mark.parametrize("who", ["case_worker", "reception", "leader", "analyst", "nurse"])
def test_only_the_admin_sees_the_user_pages(request, client, who, admin_user):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/brukere/").status_code == 403
    assert client.get("/brukere/ny/").status_code == 403
    assert client.get(f"/brukere/{admin_user.pk}/").status_code == 403
    assert client.get("/brukere/api-nokler/").status_code == 403
    assert client.post(f"/brukere/{admin_user.pk}/deaktiver/", {"account-reason": "x"}).status_code == 403
    assert User.objects.get(pk=admin_user.pk).is_active


def test_another_municipalitys_user_is_not_found(admin_client, outsider):
    assert admin_client.get(f"/brukere/{outsider.pk}/").status_code == 404
    assert admin_client.post(f"/brukere/{outsider.pk}/deaktiver/", {"account-reason": "x"}).status_code == 404
    assert User.objects.get(pk=outsider.pk).is_active


def test_create_page_makes_a_user_and_shows_the_one_time_link_once(admin_client):
    page = admin_client.get("/brukere/ny/")
    assert page.status_code == 200
    response = admin_client.post(
        "/brukere/ny/",
        {
            "username": "nora",
            "first_name": "Nora",
            "last_name": "Ny",
            "email": "nora@example.no",
            "initial_roles": [roles.PROVIDER],
            "reason": "Ny i hjemmesykepleien",
        },
        follow=True,
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Brukeren er laget" in html
    assert "http://testserver/konto/sett-passord/" in html
    nora = User.objects.get(username="nora")
    # Post/Redirect/Get: reloading shows the user's page, not the link again, and makes no second user.
    [(link_url, status)] = response.redirect_chain
    assert status == 302 and response["Cache-Control"].count("no-store") == 1
    reload = admin_client.get(link_url, follow=True)
    assert "sett-passord" not in reload.content.decode()
    assert User.objects.filter(username="nora").count() == 1
    assert roles.roles_of(nora) == {roles.PROVIDER}
    assert "sett-passord" not in admin_client.get(f"/brukere/{nora.pk}/").content.decode()


def test_create_page_refuses_a_taken_username_in_norwegian(admin_client):
    response = admin_client.post(
        "/brukere/ny/",
        {"username": "admin", "first_name": "A", "last_name": "B", "email": "a@example.no", "reason": "x"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "allerede i bruk" in html and 'aria-invalid="true"' in html


def test_the_users_page_shows_roles_engagements_tokens_and_history(
    admin_client, admin_user, case_worker, django_assert_max_num_queries
):
    accounts.role_grant_give(
        user=case_worker, role=roles.LEADER, actor=admin_user, reason="Konstituert", valid_from=TODAY
    )
    with django_assert_max_num_queries(25):
        page = admin_client.get(f"/brukere/{case_worker.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    for text in (
        "Roller over tid",
        "Konstituert",
        "Tjenestekontoret",
        "API-nøkler",
        "Kontohistorikk",
        "Rolle gitt",
    ):
        assert text in html, text
    assert "gitt før rolletildelinger ble ført" in html  # saksbehandler from before grants


def test_deactivate_and_reactivate_on_the_page(admin_client, case_worker):
    response = admin_client.post(
        f"/brukere/{case_worker.pk}/deaktiver/", {"account-reason": "Sluttet", "confirm": "1"}
    )
    assert response.status_code == 302
    assert not User.objects.get(pk=case_worker.pk).is_active
    response = admin_client.post(
        f"/brukere/{case_worker.pk}/aktiver/", {"account-reason": "Tilbake"}, follow=True
    )
    assert response.status_code == 200 and "/konto/sett-passord/" in response.content.decode()
    assert User.objects.get(pk=case_worker.pk).is_active


def test_deactivating_without_a_reason_or_oneself_is_refused_on_the_page(
    admin_client, admin_user, case_worker
):
    response = admin_client.post(f"/brukere/{case_worker.pk}/deaktiver/", {"account-reason": ""})
    assert response.status_code == 200 and "påkrev" in response.content.decode()
    response = admin_client.post(
        f"/brukere/{admin_user.pk}/deaktiver/", {"account-reason": "Test", "confirm": "1"}
    )
    assert "Du kan ikke deaktivere deg selv" in response.content.decode()
    assert User.objects.filter(pk__in=[admin_user.pk, case_worker.pk], is_active=True).count() == 2


def test_give_and_end_a_role_on_the_page(admin_client, reception):
    response = admin_client.post(
        f"/brukere/{reception.pk}/roller/",
        {"role-role": roles.LEADER, "role-valid_from": TODAY.isoformat(), "role-reason": "Vikar for leder"},
    )
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=reception)
    assert roles.LEADER in roles.roles_of(User.objects.get(pk=reception.pk))
    response = admin_client.post(
        f"/brukere/{reception.pk}/roller/{grant.pk}/avslutt/",
        {"end-ends_on": TODAY.isoformat(), "end-reason": "Leder er tilbake"},
    )
    assert response.status_code == 302
    assert roles.LEADER not in roles.roles_of(User.objects.get(pk=reception.pk))


def test_role_dates_out_of_range_are_refused_on_the_page(admin_client, reception):
    response = admin_client.post(
        f"/brukere/{reception.pk}/roller/",
        {"role-role": roles.LEADER, "role-valid_from": "9999-12-31", "role-reason": "x"},
    )
    # The request guard (core.guards) answers any posted date outside 1900–2100 before the form sees it.
    assert response.status_code == 422 and "mellom 01.01.1900 og 31.12.2100" in response.content.decode()
    response = admin_client.post(
        f"/brukere/{reception.pk}/roller/",
        {
            "role-role": roles.LEADER,
            "role-valid_from": TODAY.isoformat(),
            "role-valid_to": (TODAY - DAY).isoformat(),
            "role-reason": "x",
        },
    )
    assert "kan ikke være før startdatoen" in response.content.decode()
    assert not RoleGrant.objects.exists()


def test_an_end_date_out_of_range_is_refused_not_a_server_error(admin_client, reception):
    grant = accounts.role_grant_give(
        user=reception,
        role=roles.LEADER,
        actor=User.objects.get(username="admin"),
        reason="x",
        valid_from=TODAY,
    )
    for day in ("0001-01-01", "9999-12-31"):
        response = admin_client.post(
            f"/brukere/{reception.pk}/roller/{grant.pk}/avslutt/", {"end-ends_on": day, "end-reason": "x"}
        )
        assert response.status_code == 422 and "mellom 01.01.1900 og 31.12.2100" in response.content.decode()
    grant.refresh_from_db()
    assert grant.valid_to is None


def test_the_last_admin_is_told_why_they_keep_their_role(admin_client, admin_user):
    response = admin_client.post(
        f"/brukere/{admin_user.pk}/roller/{roles.ADMIN}/avslutt-rolle/",
        {"end-ends_on": TODAY.isoformat(), "end-reason": "Slutter"},
    )
    assert response.status_code == 200 and "eneste administrator" in response.content.decode()
    assert roles.ADMIN in roles.roles_of(User.objects.get(pk=admin_user.pk))


def test_add_and_end_an_engagement_on_the_page(admin_client, analyst, home_care):
    response = admin_client.post(
        f"/brukere/{analyst.pk}/arbeidsforhold/",
        {
            "eng-unit": home_care.pk,
            "eng-fte": "0,5",
            "eng-valid_from": TODAY.isoformat(),
            "eng-reason": "Analyse i hjemmesykepleien",
        },
    )
    assert response.status_code == 302, response.content.decode()
    engagement = Engagement.objects.get(staff__user=analyst)
    response = admin_client.post(
        f"/brukere/{analyst.pk}/arbeidsforhold/{engagement.pk}/avslutt/",
        {"end-ends_on": (TODAY + 10 * DAY).isoformat(), "end-reason": "Prosjektet er over"},
    )
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.valid_to == TODAY + 9 * DAY


def test_reset_the_second_factor_on_the_page(admin_client, case_worker):
    TOTPDevice.objects.create(user=case_worker, name="Telefon", confirmed=True)
    assert "1 enhet registrert" in admin_client.get(f"/brukere/{case_worker.pk}/").content.decode()
    response = admin_client.post(f"/brukere/{case_worker.pk}/andre-faktor/", {"account-reason": "Ny telefon"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=case_worker).exists()
    assert AccountEvent.objects.filter(
        user=case_worker, kind="second_factor_reset", reason="Ny telefon"
    ).exists()


def test_a_new_password_link_on_the_page(admin_client, case_worker):
    response = admin_client.post(
        f"/brukere/{case_worker.pk}/passordlenke/", {"account-reason": "Glemt passord"}, follow=True
    )
    assert response.status_code == 200 and "/konto/sett-passord/" in response.content.decode()
    assert not User.objects.get(pk=case_worker.pk).has_usable_password()


def test_the_new_user_form_offers_one_labelled_checkbox_per_role(admin_client):
    page = admin_client.get("/brukere/ny/").content.decode()
    for role in roles.ALL:
        assert f'value="{role}"' in page
    assert 'value=""' not in page.split("initial_roles")[1][:200]


def test_the_new_user_form_names_each_staff_member_with_their_units(
    admin_client, municipality, django_assert_max_num_queries
):
    from helhet.organisation.models import Staff

    north = factories.unit(municipality, "Hjemmetjenesten nord")
    south = factories.unit(municipality, "Hjemmetjenesten sør")
    for unit in (north, south):
        twin = Staff.objects.create(municipality=municipality, first_name="Ola", last_name="Hansen")
        Engagement.objects.create(staff=twin, unit=unit, fte=1, valid_from=datetime.date(2020, 1, 1))
    ended = Staff.objects.create(municipality=municipality, first_name="Eva", last_name="Berg")
    Engagement.objects.create(
        staff=ended,
        unit=north,
        fte=1,
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2021, 1, 1),
    )
    with django_assert_max_num_queries(20):
        page = admin_client.get("/brukere/ny/").content.decode()
    assert "Ola Hansen – Hjemmetjenesten nord</option>" in page
    assert "Ola Hansen – Hjemmetjenesten sør</option>" in page
    assert "Eva Berg – uten enhet</option>" in page  # the engagement ended
