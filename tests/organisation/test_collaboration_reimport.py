"""A re-import that would remove an earlier import asks first; huge or broken files get a Norwegian error."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from helhet.access import roles
from helhet.access.services import api_token_create
from helhet.organisation import services
from helhet.organisation.collaboration import collaboration_import
from helhet.organisation.models import CollaborationLink
from tests import factories

ON = datetime.date(2024, 1, 1)
GOOD = "unit;partner;frequency;purpose\nHelsestasjonen;Familietjenesten;ukentlig;Møter\n"
ALL_FAIL = "unit;partner;frequency;purpose\nHelsestasjon;Familietjeneste;ukentlig;Møter\n"


@pytest.fixture
def units(municipality):
    for name in ("Helsestasjonen", "Familietjenesten"):
        services.unit_create(municipality=municipality, name=name, kind="unit", valid_from=ON, actor=None)


@pytest.fixture
def earlier(municipality, units):
    collaboration_import(municipality=municipality, csv_text=GOOD, source="Workshop", on=ON, actor=None)
    assert CollaborationLink.objects.count() == 1


def test_a_re_import_whose_names_all_fail_keeps_the_earlier_one_and_says_what_it_would_remove(
    municipality, earlier
):
    report = collaboration_import(
        municipality=municipality, csv_text=ALL_FAIL, source="Workshop", on=ON, actor=None
    )
    assert report.needs_confirmation and report.saved == 0
    assert report.would_remove == [("Helsestasjonen", "Familietjenesten")]
    assert CollaborationLink.objects.count() == 1
    confirmed = collaboration_import(
        municipality=municipality,
        csv_text=ALL_FAIL,
        source="Workshop",
        on=ON,
        confirm_removal=True,
        actor=None,
    )
    assert not confirmed.needs_confirmation
    assert CollaborationLink.objects.count() == 0


def test_a_re_import_that_keeps_every_earlier_link_needs_no_confirmation(municipality, earlier):
    report = collaboration_import(
        municipality=municipality, csv_text=GOOD, source="Workshop", on=ON, actor=None
    )
    assert not report.needs_confirmation and report.saved == 1
    other = collaboration_import(
        municipality=municipality, csv_text=ALL_FAIL, source="Annen kilde", on=ON, actor=None
    )
    assert not other.needs_confirmation  # another source removes nothing


def test_the_page_asks_before_replacing_and_replaces_after_yes(client, municipality, home_care, earlier):
    client.force_login(factories.user(municipality, roles.LEADER, unit=home_care, leads=True))
    url = reverse("insight:collaboration_import")
    pending = client.post(url, {"csv_text": ALL_FAIL, "source": "Workshop"})["Location"]
    html = client.post(pending + "lagre/", follow=True).content.decode()
    assert "Ingenting er lagret ennå" in html and "Helsestasjonen – Familietjenesten" in html
    assert 'name="confirm_removal"' in html
    assert CollaborationLink.objects.count() == 1
    client.post(pending + "lagre/", {"confirm_removal": "on"})
    assert CollaborationLink.objects.count() == 0


def test_the_api_asks_before_replacing(client, municipality, admin_user, earlier):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=admin_user)}"}
    url = "/api/v1/organisation/collaboration/import?source=Workshop"
    report = client.post(url, ALL_FAIL, content_type="text/csv", **headers).json()
    assert report["needs_confirmation"] is True and report["saved"] == 0
    assert report["would_remove"] == [{"unit": "Helsestasjonen", "partner": "Familietjenesten"}]
    assert CollaborationLink.objects.count() == 1
    client.post(url + "&confirm_removal=true", ALL_FAIL, content_type="text/csv", **headers)
    assert CollaborationLink.objects.count() == 0


def test_a_field_over_131072_characters_is_a_norwegian_error_not_a_500(
    client, municipality, admin_user, units
):
    text = "unit;partner;frequency;purpose\nHelsestasjonen;Familietjenesten;ukentlig;" + "x" * 140_000 + "\n"
    with pytest.raises(ValidationError) as error:
        collaboration_import(municipality=municipality, csv_text=text, source="S", on=ON, actor=None)
    assert "Rad 2 kan ikke leses" in str(error.value)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=admin_user)}"}
    response = client.post(
        "/api/v1/organisation/collaboration/import", text, content_type="text/csv", **headers
    )
    assert response.status_code == 422 and "for langt" in response.json()["message"]
    huge_header = "x" * 140_000 + ";partner\n"
    with pytest.raises(ValidationError):
        collaboration_import(municipality=municipality, csv_text=huge_header, source="S", on=ON, actor=None)


def test_a_nul_byte_in_the_file_is_a_norwegian_error(client, municipality, admin_user, units):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=admin_user)}"}
    response = client.post(
        "/api/v1/organisation/collaboration/import",
        GOOD.replace("Møter", "Mø\x00ter"),
        content_type="text/csv",
        **headers,
    )
    assert response.status_code == 422 and "NUL" in json.dumps(response.json(), ensure_ascii=False)
