"""Søk om hjelp on Min side: the form, «Se over og send», the receipt; files refused by their bytes; another
person's ids and a representative without the right are 404; a double submit files one application."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from helhet.access import roles
from helhet.access.models import AccessLog
from helhet.casework.models import Case
from helhet.catalogue.models import Service
from helhet.intake.models import Application, ApplicationAttachment
from helhet.organisation.models import UnitParent
from helhet.people.models import Representation
from tests import factories
from tests.portal.citizen_helpers import citizen_client

pytestmark = pytest.mark.django_db

D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def teams(world, municipality):
    for team in (world["team_a"], world["team_b"]):
        UnitParent.objects.create(unit=team, parent=world["office"], valid_from=factories.LONG_AGO)
    return world


@pytest.fixture
def ragnhild(municipality):
    return factories.person(municipality, first_name="Ragnhild", last_name="Berg", birth_date=D(1961, 3, 4))


def services(municipality, *names):
    return [Service.objects.get(municipality=municipality, name=name).pk for name in names]


def url(name, *args):
    return reverse(f"citizen:{name}", args=args)


def answers(municipality, **extra):
    data = {
        "need": "Jeg klarer ikke å dusje alene, og pengene rekker ikke til husleia.",
        "what_matters": "Å bo hjemme.",
        "wished_services": services(municipality, "Helsetjenester i hjemmet", "Økonomisk sosialhjelp"),
        "consent_gp": "on",
    }
    data.update(extra)
    return data


def test_apply_review_send_and_read_the_receipt(teams, municipality, ragnhild):
    client = citizen_client(ragnhild.national_id)
    form = client.get(url("apply", ragnhild.pk)).content.decode()
    assert "Hva er vanskelig i hverdagen?" in form and "Jeg vet ikke – kommunen finner ut av det" in form
    assert "Helsetjenester i hjemmet" in form and "Økonomisk sosialhjelp" in form
    response = client.post(
        url("apply", ragnhild.pk),
        {**answers(municipality), "attachments": SimpleUploadedFile("lege.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 302 and response["Location"] == url("apply_review", ragnhild.pk)
    review = client.get(url("apply_review", ragnhild.pk)).content.decode()
    assert "Se over og send" in review and "lege.pdf" in review and "Å bo hjemme." in review
    assert "Ja, kommunen kan spørre fastlegen" in review
    token = re.search(r'name="form_token" value="([^"]+)"', review).group(1)
    assert not Application.objects.exists()  # nothing is sent before «Send søknaden»

    sent = client.post(url("apply_review", ragnhild.pk), {"form_token": token})
    application = Application.objects.get()
    receipt_url = url("apply_receipt", ragnhild.pk, application.pk)
    assert sent.status_code == 302 and sent["Location"] == receipt_url
    receipt = client.get(receipt_url).content.decode()
    expected = application.expected_answer_by
    assert f"Du kan regne med svar innen {expected.day}." in receipt
    assert "Søknaden ble 2 saker" in receipt and "Økonomisk sosialhjelp" in receipt
    assert "Født den" not in receipt and "Team 1" not in receipt  # no routing internals
    assert "lege.pdf" in receipt and "Elektronisk av søkeren selv, med innlogging" in receipt
    assert application.sign_method == "dev" and application.attachments.count() == 1
    assert AccessLog.objects.filter(person=ragnhild, what="Kvittering for søknad på Min side").exists()

    # The back button and a second click: the same token files nothing new, and shows the receipt.
    again = client.post(url("apply_review", ragnhild.pk), {"form_token": token})
    assert again["Location"] == receipt_url
    assert Application.objects.count() == 1 and Case.objects.count() == 2
    assert client.get(url("apply_review", ragnhild.pk))["Location"] == url("apply", ragnhild.pk)

    file = application.attachments.get()
    download = client.get(url("apply_attachment", ragnhild.pk, application.pk, file.pk))
    assert download.content == PDF and download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"


def test_a_file_that_is_not_a_pdf_inside_is_refused_and_the_words_are_kept(teams, municipality, ragnhild):
    client = citizen_client(ragnhild.national_id)
    response = client.post(
        url("apply", ragnhild.pk),
        {
            **answers(municipality),
            "attachments": SimpleUploadedFile("faktura.pdf", b"<html>", "application/pdf"),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "«faktura.pdf» er ikke en PDF, JPEG eller PNG" in page
    assert "Jeg klarer ikke å dusje alene" in page and "checked" in page
    assert not ApplicationAttachment.objects.exists()


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ({"need": ""}, "Skriv hva som er vanskelig i hverdagen"),
        ({"need": "x" * 4001}, "Teksten er for lang"),
        ({"need": "Hjelp \u202eevil"}, "et tegn som ikke kan lagres"),
        ({"dont_know": "on"}, "Velg det ene eller det andre"),
        ({"wished_services": ["999999"]}, "Velg hjelp fra listen"),
    ],
)
def test_bad_answers_get_a_norwegian_error_on_the_form(teams, municipality, ragnhild, extra, words):
    client = citizen_client(ragnhild.national_id)
    response = client.post(url("apply", ragnhild.pk), answers(municipality, **extra))
    assert response.status_code == 200 and words in response.content.decode()


def test_a_nul_byte_is_refused_in_norwegian(teams, municipality, ragnhild):
    client = citizen_client(ragnhild.national_id)
    response = client.post(url("apply", ragnhild.pk), answers(municipality, need="Hjelp\x00meg"))
    assert response.status_code == 422 and "Kunne ikke lese det du sendte" in response.content.decode()
    assert not Application.objects.exists()


def test_a_file_too_large_is_refused_without_reading_it_all(teams, municipality, ragnhild, settings):
    settings.HELHET_ATTACHMENT_MAX_BYTES = 100
    client = citizen_client(ragnhild.national_id)
    big = SimpleUploadedFile("skann.pdf", PDF + b"0" * 2000, "application/pdf")
    response = client.post(url("apply", ragnhild.pk), {**answers(municipality), "attachments": big})
    assert "«skann.pdf» er for stor (2 kB). Hver fil kan være på høyst 1 kB." in response.content.decode()
    assert not ApplicationAttachment.objects.exists()


def test_six_files_are_too_many(teams, municipality, ragnhild):
    client = citizen_client(ragnhild.national_id)
    files = [SimpleUploadedFile(f"{n}.pdf", PDF, "application/pdf") for n in range(6)]
    response = client.post(url("apply", ragnhild.pk), {**answers(municipality), "attachments": files})
    assert "høyst 5 filer" in response.content.decode()
    assert not ApplicationAttachment.objects.exists()


def test_i_dont_know_and_urgent_show_the_numbers_to_call(teams, municipality, ragnhild):
    client = citizen_client(ragnhild.national_id)
    client.post(
        url("apply", ragnhild.pk),
        answers(
            municipality, wished_services=[], dont_know="on", urgent="on", need="Jeg vil ikke leve lenger."
        ),
    )
    review = client.get(url("apply_review", ragnhild.pk)).content.decode()
    assert "Du vet ikke: kommunen finner ut hvilken hjelp som passer" in review
    assert "Trenger du hjelp nå?" in review and "116123" in review


@pytest.fixture
def ola(municipality):
    return factories.person(municipality, first_name="Ola", birth_date=D(1950, 6, 6))


def test_another_persons_ids_are_404_on_every_route(teams, municipality, ragnhild, ola):
    client = citizen_client(ola.national_id)
    client.post(url("apply", ola.pk), answers(municipality, wished_services=[]))
    token = client.session[f"helhet_apply:{ola.pk}"]["token"]
    client.post(url("apply_review", ola.pk), {"form_token": token})
    olas = Application.objects.get(person=ola)
    other = citizen_client(ragnhild.national_id)
    for route in (url("apply", ola.pk), url("apply_review", ola.pk)):
        assert other.get(route).status_code == 404
        assert other.post(route, {"form_token": token}).status_code == 404
    assert other.get(url("apply_receipt", ola.pk, olas.pk)).status_code == 404
    assert other.get(url("apply_receipt", ragnhild.pk, olas.pk)).status_code == 404  # own person, not own id
    assert other.get(url("apply_receipt", ragnhild.pk, 999999)).status_code == 404
    ApplicationAttachment.objects.create(
        municipality=municipality,
        person=ola,
        application=olas,
        name="a.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        content=PDF,
        uploaded_by=olas.submitted_by,
    )
    file = ApplicationAttachment.objects.get()
    assert other.get(url("apply_attachment", ola.pk, olas.pk, file.pk)).status_code == 404
    assert other.get(url("apply_attachment", ragnhild.pk, olas.pk, file.pk)).status_code == 404
    # Ola's own token, posted by Ragnhild for herself, files nothing for her and shows nothing of Ola's.
    response = other.post(url("apply_review", ragnhild.pk), {"form_token": token})
    assert response.status_code == 302 and response["Location"] == url("apply", ragnhild.pk)
    assert Application.objects.count() == 1


def test_a_representative_without_apply_gets_404_and_one_with_fullmakt_applies(
    teams, municipality, ragnhild, ola
):
    factories.relative(ola, name="Ragnhild Berg", national_id=ragnhild.national_id)  # no representation
    client = citizen_client(ragnhild.national_id)
    assert client.get(url("apply", ola.pk)).status_code == 404
    mother = factories.person(municipality, first_name="Astrid", birth_date=D(1936, 5, 6))
    factories.relative(
        mother,
        name="Ragnhild Berg",
        national_id=ragnhild.national_id,
        representation=Representation.POWER_OF_ATTORNEY,
    )
    page = client.get(url("apply", mother.pk)).content.decode()
    assert "Du søker for Astrid Nordmann" in page
    client.post(url("apply", mother.pk), answers(municipality, wished_services=[]))
    review = client.get(url("apply_review", mother.pk)).content.decode()
    assert "signerer du søknaden for Astrid Nordmann med innloggingen din (fullmakt)" in review


def test_a_fullmakt_for_a_child_is_told_who_may_sign_instead_of_the_form(teams, municipality, ragnhild):
    child = factories.person(municipality, first_name="Emil", birth_date=D(2016, 5, 10))
    factories.relative(
        child, national_id=ragnhild.national_id, representation=Representation.POWER_OF_ATTORNEY
    )
    page = citizen_client(ragnhild.national_id).get(url("apply", child.pk)).content.decode()
    assert "foreldreansvar, eller av vergen" in page and 'name="need"' not in page


def test_the_menu_offers_apply_and_the_form_stays_at_a_fixed_number_of_queries(teams, municipality, ragnhild):
    client = citizen_client(ragnhild.national_id)
    assert url("apply", ragnhild.pk) in client.get(url("person", ragnhild.pk)).content.decode()
    client.get(url("apply", ragnhild.pk))
    with CaptureQueriesContext(connection) as few:
        client.get(url("apply", ragnhild.pk))
    template = Service.objects.filter(municipality=municipality).first()
    for n in range(8):
        extra = Service.objects.create(
            municipality=municipality,
            name=f"Ny tjeneste {n}",
            description="Noe nytt.",
            care_level=template.care_level,
        )
        extra.life_situations.set(template.life_situations.all())
    with CaptureQueriesContext(connection) as many:
        page = client.get(url("apply", ragnhild.pk)).content.decode()
    assert "Ny tjeneste 7" in page
    assert len(many) == len(few)


def test_the_case_worker_sees_and_downloads_the_attachment_on_the_case_page(
    client, teams, municipality, ragnhild
):
    citizen = citizen_client(ragnhild.national_id)
    citizen.post(
        url("apply", ragnhild.pk),
        {
            **answers(municipality, wished_services=services(municipality, "Helsetjenester i hjemmet")),
            "attachments": SimpleUploadedFile("lege.pdf", PDF, "application/pdf"),
        },
    )
    token = citizen.session[f"helhet_apply:{ragnhild.pk}"]["token"]
    citizen.post(url("apply_review", ragnhild.pk), {"form_token": token})
    case = Case.objects.get()
    owner = teams["office_leader"]
    assert case.owner == owner
    client.force_login(owner)
    queue = client.get(reverse("casework:queue") + "?mine=1").content.decode()
    assert f"/saker/{case.pk}/" in queue
    page = client.get(reverse("casework:case", args=[case.pk])).content.decode()
    file = ApplicationAttachment.objects.get()
    link = reverse("casework:attachment", args=[case.pk, file.pk])
    assert link in page and "Digital søknad" in page
    download = client.get(link)
    assert download.status_code == 200 and download.content == PDF
    assert AccessLog.objects.filter(
        user=owner, person=ragnhild, what=f"Vedlegg til søknaden: sak {case.pk}"
    ).exists()
    other_case_worker = factories.user(municipality, roles.CASE_WORKER, unit=teams["nav"])
    client.force_login(other_case_worker)
    assert client.get(link).status_code == 404  # another service area


def test_a_follow_only_fullmakt_sees_that_an_application_came_but_not_what_it_says_or_its_files(
    teams, municipality, ragnhild
):
    from helhet.people.models import PowerOfAttorneyScope

    son = factories.person(municipality, first_name="Per", birth_date=D(1985, 5, 6))
    factories.relative(
        ragnhild,
        name="Per Berg",
        relation="child",
        national_id=son.national_id,
        representation=Representation.POWER_OF_ATTORNEY,
        scope=PowerOfAttorneyScope.FOLLOW,
    )
    own = citizen_client(ragnhild.national_id)
    own.post(
        url("apply", ragnhild.pk),
        {**answers(municipality), "attachments": SimpleUploadedFile("lege.pdf", PDF, "application/pdf")},
    )
    review = own.get(url("apply_review", ragnhild.pk)).content.decode()
    own.post(
        url("apply_review", ragnhild.pk),
        {"form_token": re.search(r'name="form_token" value="([^"]+)"', review).group(1)},
    )
    application = Application.objects.get()
    file = application.attachments.get()

    follower = citizen_client(son.national_id)
    receipt = follower.get(url("apply_receipt", ragnhild.pk, application.pk))
    page = receipt.content.decode()
    assert receipt.status_code == 200 and "Søknaden ble 2 saker" in page
    assert "dusje alene" not in page and "Å bo hjemme." not in page and "lege.pdf" not in page
    assert "kan bare den som sendte den" in page
    assert follower.get(url("apply_attachment", ragnhild.pk, application.pk, file.pk)).status_code == 404
    # The one who sent it reads it all.
    assert "dusje alene" in own.get(url("apply_receipt", ragnhild.pk, application.pk)).content.decode()
