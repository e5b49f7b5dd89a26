"""The menu names each role's main places, the header offers person search to those who may search, and
deep pages carry breadcrumbs."""

import re

import pytest
from django.urls import reverse

from helhet.access import roles
from tests import factories


def _menu(html: str) -> list[str]:
    bar = html.split('class="hh-topnav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="[^"]*"(?: aria-current="page")?>([^<]+)</a>', bar)


@pytest.mark.parametrize(
    ("role", "main", "absent"),
    [
        (roles.RECEPTION, ["Start", "Mottak"], ["Saker", "Avvik", "Arbeidsliste"]),
        (roles.CASE_WORKER, ["Start", "Mottak", "Saker"], ["Avvik", "Arbeidsliste"]),
        (roles.PROVIDER, ["Start", "Arbeidsliste"], ["Mottak", "Saker", "Avvik"]),
        (roles.LEADER, ["Start", "Arbeidsliste", "Avvik"], ["Mottak", "Saker"]),
        (roles.COORDINATOR, ["Start", "Koordinering"], ["Mottak", "Saker", "Avvik"]),
    ],
)
def test_each_role_finds_its_main_places_first(client, municipality, home_care, role, main, absent):
    client.force_login(factories.user(municipality, role, unit=home_care))
    menu = _menu(client.get(reverse("home")).content.decode())
    assert menu[: len(main)] == main
    assert not set(absent) & set(menu)


def test_the_header_search_is_for_roles_that_may_search_persons(client, nurse, analyst):
    client.force_login(nurse)
    assert 'id="hh-header-q"' in client.get(reverse("home")).content.decode()
    client.force_login(analyst)
    assert 'id="hh-header-q"' not in client.get(reverse("home")).content.decode()


def test_the_menu_is_a_bar_on_wide_screens_and_a_button_on_phones(client, nurse, settings):
    client.force_login(nurse)
    html = client.get(reverse("home")).content.decode()
    assert 'class="hh-topnav"' in html and '<details class="hh-menu">' in html
    assert "navigation.css" in html


def test_the_case_page_has_breadcrumbs_back_to_the_cases_and_the_person(client, world, case_worker, kari):
    from helhet.casework import services as casework
    from tests.care.conftest import TODAY

    case = casework.application_receive(
        acting_user=case_worker,
        municipality=kari.municipality,
        person=kari,
        need="x",
        signed_by="person",
        received_on=TODAY,
    )
    client.force_login(case_worker)
    html = client.get(reverse("casework:case", args=[case.pk])).content.decode()
    crumbs = html.split('aria-label="Brødsmuler"', 1)[1].split("</nav>", 1)[0]
    assert reverse("casework:queue") in crumbs and reverse("people:detail", args=[kari.pk]) in crumbs
    assert f"Sak {case.pk}" in crumbs


@pytest.mark.parametrize("role", [roles.RECEPTION, roles.CASE_WORKER, roles.PROVIDER, roles.LEADER])
def test_api_keys_are_on_my_profile_not_in_the_top_menu(client, municipality, home_care, role):
    client.force_login(factories.user(municipality, role, unit=home_care))
    assert "Mine API-nøkler" not in _menu(client.get(reverse("home")).content.decode())
    profile = client.get(reverse("access:profile")).content.decode()
    assert f'href="{reverse("accounts:my_tokens")}">Mine API-nøkler</a>' in profile
    assert client.get(reverse("accounts:my_tokens")).status_code == 200


def test_the_assessment_and_the_inquiry_pages_have_breadcrumbs(client, world, case_worker, reception, kari):
    from helhet.casework import services as casework
    from helhet.intake import services as intake
    from tests.care.conftest import TODAY

    case = casework.application_receive(
        acting_user=case_worker,
        municipality=kari.municipality,
        person=kari,
        need="x",
        signed_by="person",
        received_on=TODAY,
    )
    client.force_login(case_worker)
    html = client.get(reverse("casework:assessment_create", args=[case.pk])).content.decode()
    crumbs = html.split('aria-label="Brødsmuler"', 1)[1].split("</nav>", 1)[0]
    assert reverse("casework:case", args=[case.pk]) in crumbs and "Kartlegging" in crumbs
    inquiry = intake.inquiry_register(
        acting_user=reception, municipality=kari.municipality, channel="phone", about="Fall", person=kari
    )
    client.force_login(reception)
    html = client.get(reverse("intake:inquiry", args=[inquiry.pk])).content.decode()
    crumbs = html.split('aria-label="Brødsmuler"', 1)[1].split("</nav>", 1)[0]
    assert reverse("intake:desk") in crumbs and "Henvendelse" in crumbs
