"""The citizens' pages and the municipality's face: search with where to apply, statements, crest, profile."""

import datetime

import pytest
from django.urls import reverse

from helhet.catalogue.models import SearchTerm, ServiceOffice
from helhet.catalogue.services import catalogue_install_defaults
from helhet.core.models import ChangeRecord
from helhet.portal.models import PublicProfile

DAY = datetime.date(2026, 11, 23)
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 12"><path d="M0 0h10v12H0z" fill="#c00"/></svg>'
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def catalogue(municipality):
    catalogue_install_defaults(municipality=municipality, on=DAY)
    ServiceOffice.objects.filter(municipality=municipality, service_area="health_care").update(
        phone="51 00 00 00",
        street_address="Rådhusgata 1",
        postal_code="4370",
        postal_place="Egersund",
        opening_hours="Mandag–fredag 08.00–15.30",
    )
    ServiceOffice.objects.filter(municipality=municipality, service_area="social").update(
        phone="55 55 33 33", opening_hours="Mandag–fredag 09.00–15.00"
    )
    return municipality


def _services(client, municipality, **query):
    return client.get(reverse("portal:services", args=[municipality.number]), query)


@pytest.mark.django_db
def test_a_result_says_how_to_apply_with_the_office_phone_address_and_hours(client, catalogue):
    html = _services(client, catalogue, q="hjemmehjelp").content.decode()
    assert "Praktisk bistand – daglige gjøremål" in html
    assert "51 00 00 00" in html and "Rådhusgata 1, 4370 Egersund" in html
    assert "Mandag–fredag 08.00–15.30" in html


@pytest.mark.django_db
def test_nav_services_show_the_nav_office(client, catalogue):
    html = _services(client, catalogue, q="husleie").content.decode()
    assert "Økonomisk sosialhjelp" in html and "55 55 33 33" in html


@pytest.mark.django_db
def test_citizens_never_see_internal_scores(client, catalogue):
    for query in ({}, {"q": "hjemmehjelp"}, {"q": "dusje"}):
        html = _services(client, catalogue, **query).content.decode()
        assert "(3+)" not in html and "(4+)" not in html and "skår" not in html
    html = _services(client, catalogue, q="hjemmehjelp").content.decode()
    assert (
        "trenger noe hjelp eller mer" not in html
    )  # thresholds are the office's, never a citizen's condition
    assert "Vi vurderer alltid behovet ditt individuelt." in html
    assert "«Hjelp hjemme» i omsorgstrappen" in html


@pytest.mark.django_db
def test_prevention_is_told_in_words(client, catalogue):
    html = _services(client, catalogue, q="helsestasjon").content.decode()
    assert "Et forebyggende tilbud til alle." in html
    assert "Universell" not in html


@pytest.mark.django_db
def test_nothing_found_says_what_to_do_next(client, catalogue):
    html = _services(client, catalogue, q="xqzvw").content.decode()
    assert "Vi fant ingen tjeneste" in html
    assert "Usikker på hva du trenger? Ta kontakt" in html and "51 00 00 00" in html
    assert "116 117" in html


@pytest.mark.django_db
def test_the_query_survives_the_redirect(client, catalogue):
    response = client.get("/tjenester/", {"q": "hjemme hjelp"})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:services", args=[catalogue.number]) + "?q=hjemme+hjelp"


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["\x00", "a" * 5000, "<script>alert(1)</script>", "%%%", "   "])
def test_bad_queries_never_fail(client, catalogue, query):
    response = _services(client, catalogue, q=query)
    assert response.status_code in (200, 422)  # NUL is refused with 422 before the page
    assert b"<script>alert" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["portal:privacy", "portal:accessibility"])
def test_statements_are_reachable_logged_out(client, catalogue, name):
    response = client.get(reverse(name, args=[catalogue.number]))
    assert response.status_code == 200
    html = response.content.decode()
    assert catalogue.name in html


@pytest.mark.django_db
def test_the_accessibility_statement_follows_uutilsynets_structure(client, catalogue):
    html = client.get(reverse("portal:accessibility", args=[catalogue.number])).content.decode()
    for heading in ("Status", "Innhold som ikke er tilgjengelig", "Tilbakemelding og kontakt", "Tilsyn"):
        assert f">{heading}</h2>" in html
    assert "uutilsynet.no" in html


@pytest.mark.django_db
def test_the_privacy_statement_names_rights_and_complaints(client, catalogue):
    html = client.get(reverse("portal:privacy", args=[catalogue.number])).content.decode()
    assert "Dine rettigheter" in html and "Datatilsynet" in html and "behandlingsansvarlig" in html


@pytest.mark.django_db
def test_statements_without_number_go_to_the_only_municipality(client, catalogue):
    response = client.get("/tjenester/personvern/")
    assert response["Location"] == reverse("portal:privacy", args=[catalogue.number])
    response = client.get("/tjenester/tilgjengelighet/")
    assert response["Location"] == reverse("portal:accessibility", args=[catalogue.number])


@pytest.mark.django_db
def test_every_page_footer_links_the_statements_logged_out_and_in(client, catalogue, case_worker):
    privacy = reverse("portal:privacy", args=[catalogue.number])
    accessibility = reverse("portal:accessibility", args=[catalogue.number])
    for url in (reverse("login"), reverse("portal:services", args=[catalogue.number]), privacy):
        html = client.get(url).content.decode()
        assert privacy in html and accessibility in html, url
    client.force_login(case_worker)
    html = client.get(reverse("catalogue:index")).content.decode()
    assert privacy in html and accessibility in html


@pytest.mark.django_db
def test_the_admin_sets_contact_and_statements_and_the_footer_shows_them(client, catalogue, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("portal:profile"))
    assert page.status_code == 200 and "Tilsyn" in page.content.decode()  # the default to start from
    response = client.post(
        reverse("portal:profile"),
        {
            "contact_name": "Servicetorget",
            "phone": "51 46 80 00",
            "email": "post@demo.kommune.no",
            "street_address": "Torget 1",
            "postal_code": "4370",
            "postal_place": "Egersund",
            "opening_hours": "Hverdager 08–15",
            "privacy_statement": "## Vår egen\n\nKommunens egen tekst.",
            "accessibility_statement": "",
        },
    )
    assert response.status_code == 302
    client.logout()
    html = client.get(reverse("portal:services", args=[catalogue.number])).content.decode()
    assert "Servicetorget" in html and "51 46 80 00" in html and "Torget 1, 4370 Egersund" in html
    html = client.get(reverse("portal:privacy", args=[catalogue.number])).content.decode()
    assert ">Vår egen</h2>" in html and "Kommunens egen tekst." in html
    html = client.get(reverse("portal:accessibility", args=[catalogue.number])).content.decode()
    assert "51 46 80 00" in html  # the default names the contact
    profile = PublicProfile.objects.get(municipality=catalogue)
    assert ChangeRecord.objects.filter(object_id=str(profile.pk)).exists()


@pytest.mark.django_db
def test_a_bad_postal_code_is_refused_and_nothing_changes(client, catalogue, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("portal:profile"), {"postal_code": "43", "phone": "1"})
    assert response.status_code == 422 and "Postnummeret har fire sifre." in response.content.decode()
    assert not PublicProfile.objects.filter(municipality=catalogue).exists()


@pytest.mark.django_db
def test_only_the_admin_edits_the_profile(client, catalogue, case_worker, leader):
    assert client.get(reverse("portal:profile")).status_code == 302  # to login
    for user in (case_worker, leader):
        client.force_login(user)
        assert client.get(reverse("portal:profile")).status_code == 403
        assert client.post(reverse("portal:profile"), {"phone": "1"}).status_code == 403
    assert not PublicProfile.objects.exists()


def _upload(client, data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("portal:profile"), {"crest_upload": "1", "crest": SimpleUploadedFile(name, data)}
    )


@pytest.mark.django_db
@pytest.mark.parametrize("data,name", [(SVG, "vapen.svg"), (PNG, "vapen.png")])
def test_a_crest_is_uploaded_and_shown_in_the_footer(client, catalogue, admin_user, data, name):
    client.force_login(admin_user)
    assert _upload(client, data, name).status_code == 302
    client.logout()
    crest_url = reverse("portal:crest", args=[catalogue.number])
    assert crest_url in client.get(reverse("portal:services", args=[catalogue.number])).content.decode()
    response = client.get(crest_url)
    assert response.status_code == 200 and response.content == data
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data,message",
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "skript"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>', "skript"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>',
            "lenke",
        ),
        (b'<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>', "DOCTYPE"),
        (b"<svg><unclosed", "kan ikke leses"),
        (b"<html></html>", "ikke en SVG"),
        (b"GIF89a....", "SVG- eller PNG-fil"),
        (SVG + b" " * 100_001, "for stor"),
    ],
)
def test_an_unsafe_or_wrong_crest_is_refused_and_nothing_changes(
    client, catalogue, admin_user, data, message
):
    client.force_login(admin_user)
    response = _upload(client, data, "vapen.svg")
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not PublicProfile.objects.filter(municipality=catalogue).exclude(crest_type="").exists()


@pytest.mark.django_db
def test_without_a_crest_the_footer_shows_the_neutral_default(client, catalogue):
    html = client.get(reverse("portal:services", args=[catalogue.number])).content.decode()
    assert "crest-default" in html
    assert client.get(reverse("portal:crest", args=[catalogue.number])).status_code == 404


@pytest.mark.django_db
def test_the_admin_adds_an_everyday_word_and_citizens_find_the_service(client, catalogue, admin_user):
    from helhet.catalogue.models import Service

    client.force_login(admin_user)
    assert client.get(reverse("catalogue:search_terms")).status_code == 200
    alarm = Service.objects.get(municipality=catalogue, name="Trygghetsalarm")
    response = client.post(reverse("catalogue:search_terms"), {"word": "Nødknapp!", "services": [alarm.pk]})
    assert response.status_code == 302
    assert SearchTerm.objects.filter(municipality=catalogue, word="nødknapp").exists()
    html = _services(client, catalogue, q="nødknap").content.decode()
    assert "Trygghetsalarm" in html


@pytest.mark.django_db
def test_a_word_without_services_is_refused(client, catalogue, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("catalogue:search_terms"), {"word": "nødknapp"})
    assert response.status_code == 422
    assert "Velg minst én tjeneste" in response.content.decode()
    assert not SearchTerm.objects.filter(word="nødknapp").exists()


@pytest.mark.django_db
def test_the_admin_removes_a_word(client, catalogue, admin_user):
    client.force_login(admin_user)
    term = SearchTerm.objects.get(municipality=catalogue, word="hjemmehjelp")
    assert client.post(reverse("catalogue:search_term_delete", args=[term.pk])).status_code == 302
    assert not SearchTerm.objects.filter(pk=term.pk).exists()


@pytest.mark.django_db
def test_only_the_admin_edits_words_and_offices(client, catalogue, case_worker, leader, outsider):
    term = SearchTerm.objects.get(municipality=catalogue, word="hjemmehjelp")
    for user in (case_worker, leader):
        client.force_login(user)
        assert client.get(reverse("catalogue:search_terms")).status_code == 403
        assert client.get(reverse("catalogue:offices")).status_code == 403
        assert client.post(reverse("catalogue:search_term_delete", args=[term.pk])).status_code == 403
    assert SearchTerm.objects.filter(pk=term.pk).exists()


@pytest.mark.django_db
def test_another_municipalitys_admin_cannot_remove_our_words(client, catalogue, other_municipality):
    from helhet.access import roles
    from tests import factories

    other_admin = factories.user(other_municipality, roles.ADMIN, username="nabo-admin")
    client.force_login(other_admin)
    term = SearchTerm.objects.get(municipality=catalogue, word="hjemmehjelp")
    assert client.post(reverse("catalogue:search_term_delete", args=[term.pk])).status_code == 404
    assert SearchTerm.objects.filter(pk=term.pk).exists()


@pytest.mark.django_db
def test_the_admin_sets_an_offices_phone_and_hours(client, catalogue, admin_user):
    client.force_login(admin_user)
    office = ServiceOffice.objects.get(municipality=catalogue, service_area="health_care")
    prefix = f"office{office.pk}"
    response = client.post(
        reverse("catalogue:offices"),
        {
            "office": office.pk,
            f"{prefix}-name": "Tjenestekontoret",
            f"{prefix}-phone": "51 46 81 00",
            f"{prefix}-opening_hours": "Hverdager 08–15",
        },
    )
    assert response.status_code == 302
    office.refresh_from_db()
    assert office.phone == "51 46 81 00"
    bad = client.post(
        reverse("catalogue:offices"),
        {"office": office.pk, f"{prefix}-name": "", f"{prefix}-postal_code": "x"},
    )
    assert bad.status_code == 422
    office.refresh_from_db()
    assert office.name == "Tjenestekontoret"
