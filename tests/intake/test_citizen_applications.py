"""The citizen's own application from Min side: routed and opened as linked cases exactly as at the desk, signed
with the login, with attachments checked by their bytes, and filed once however often the form is sent."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from helhet.access import roles
from helhet.access.citizen import citizen_account_for
from helhet.access.models import AccessLog
from helhet.casework import selectors
from helhet.casework.models import Case
from helhet.casework.services import application_receive_from_citizen
from helhet.catalogue.models import Service
from helhet.intake import attachments
from helhet.intake.models import (
    Application,
    ApplicationAttachment,
    ApplicationChannel,
    AttachmentImmutable,
)
from helhet.organisation.models import UnitParent
from helhet.people.models import Representation
from tests import factories

D = datetime.date
TODAY = D(2026, 11, 23)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def teams(world, municipality):
    """Team 1 and 2 under the service office (health and care), Team 1 with its own leader."""
    for team in (world["team_a"], world["team_b"]):
        UnitParent.objects.create(unit=team, parent=world["office"], valid_from=factories.LONG_AGO)
    world["team_a_leader"] = factories.user(
        municipality, roles.CASE_WORKER, username="team1-leder", unit=world["team_a"], leads=True
    )
    return world


@pytest.fixture
def ragnhild(municipality):
    return factories.person(municipality, first_name="Ragnhild", last_name="Berg", birth_date=D(1961, 3, 4))


@pytest.fixture
def both(municipality, world):
    return world["home_health"], Service.objects.get(municipality=municipality, name="Økonomisk sosialhjelp")


def user_of(pid):
    return citizen_account_for(pid).user


def send(person, pid=None, form="form-1", **extra):
    pid = pid or person.national_id
    fields = {
        "need": "Klarer ikke stell, og pengene tar slutt.",
        "form_token": form,
        "sign_method": "idporten",
        "sign_acr": "idporten-loa-high",
        "received_on": TODAY,
    }
    fields.update(extra)
    return application_receive_from_citizen(acting_user=user_of(pid), pid=pid, person=person, **fields)


def test_two_areas_become_two_linked_cases_owned_in_each_area_and_signed_with_the_login(
    teams, ragnhild, both
):
    application, (health, nav) = send(ragnhild, wished_services=list(both))
    assert (health.team.name, nav.team.name) == ("Team 1 (1–15)", "NAV Demo")
    assert (health.service_area, nav.service_area) == ("health_care", "social")
    assert health.owner == teams["team_a_leader"] and nav.owner == teams["nav_leader"]
    assert list(health.linked_cases()) == [nav]
    assert application.channel == ApplicationChannel.DIGITAL
    assert application.signed_by == "person" and application.representative is None
    assert application.submitted_by == user_of(ragnhild.national_id) and application.signed_at is not None
    assert (application.sign_method, application.sign_acr) == ("idporten", "idporten-loa-high")
    assert application.expected_answer_by == D(2026, 12, 21)
    received = health.events.order_by("pk").first().text
    assert "Digital søknad fra Min side, signert med innlogging av søkeren selv" in received
    log = AccessLog.objects.filter(person=ragnhild, what="Sendte søknad på Min side").get()
    assert log.user == application.submitted_by and log.reason == "Innbyggerens egen søknad på Min side"


def test_the_routed_owner_finds_the_new_case_in_their_own_queue(teams, ragnhild, both):
    _application, (health, nav) = send(ragnhild, wished_services=list(both))
    assert [c.pk for c in selectors.queue(teams["team_a_leader"], mine=True).object_list] == [health.pk]
    assert [c.pk for c in selectors.queue(teams["nav_leader"], mine=True).object_list] == [nav.pk]


def test_the_same_form_sent_twice_files_one_application(teams, ragnhild, both):
    first, cases = send(ragnhild, wished_services=list(both))
    again, same = send(ragnhild, wished_services=list(both))
    assert again.pk == first.pk and [c.pk for c in same] == [c.pk for c in cases]
    assert Application.objects.count() == 1 and Case.objects.count() == 2


def test_another_citizens_token_is_refused(teams, ragnhild, municipality):
    send(ragnhild)
    ola = factories.person(municipality, first_name="Ola", birth_date=D(1970, 5, 5))
    with pytest.raises(ValidationError) as caught:
        send(ola)
    assert "form_token" in caught.value.message_dict
    assert Application.objects.count() == 1


def test_without_wishes_the_office_finds_out(teams, ragnhild):
    _application, cases = send(ragnhild)
    assert len(cases) == 1 and cases[0].service_area == "health_care"


@pytest.fixture
def child(municipality):
    return factories.person(municipality, first_name="Emil", last_name="Berg", birth_date=D(2016, 5, 10))


def test_a_child_cannot_sign_alone(teams, child):
    with pytest.raises(ValidationError) as caught:
        send(child)
    assert "signed_by" in caught.value.message_dict
    assert "under 18 år" in caught.value.messages[0]
    assert not Application.objects.exists() and not Case.objects.exists()


def test_a_parent_signs_for_the_child(teams, child, ragnhild):
    parent = factories.relative(
        child,
        name="Ragnhild Berg",
        relation="parent",
        national_id=ragnhild.national_id,
        representation=Representation.PARENTAL_RESPONSIBILITY,
    )
    application, _cases = send(child, pid=ragnhild.national_id)
    assert application.signed_by == "representative" and application.representative == parent
    log = AccessLog.objects.get(person=child, what="Sendte søknad på Min side")
    assert log.reason == f"Med foreldreansvar for {child.full_name}"
    assert child.national_id not in log.reason and ragnhild.national_id not in log.reason


@pytest.mark.parametrize(
    ("representation", "age_born", "field"),
    [
        ("", D(1940, 1, 1), "signed_by"),  # a relative without representation
        (Representation.PARENTAL_RESPONSIBILITY, D(1940, 1, 1), "representative"),  # an adult's "parent"
        (Representation.POWER_OF_ATTORNEY, D(2016, 1, 1), "representative"),  # a child is signed by a parent
    ],
)
def test_a_representative_without_the_right_is_refused(
    teams, municipality, ragnhild, representation, age_born, field
):
    person = factories.person(municipality, first_name="Astrid", birth_date=age_born)
    factories.relative(person, national_id=ragnhild.national_id, representation=representation)
    with pytest.raises(ValidationError) as caught:
        send(person, pid=ragnhild.national_id)
    assert field in caught.value.message_dict
    assert not Application.objects.exists()


def test_a_fullmakt_signs_for_an_adult(teams, municipality, ragnhild):
    mother = factories.person(municipality, first_name="Astrid", birth_date=D(1936, 5, 6))
    factories.relative(
        mother, national_id=ragnhild.national_id, representation=Representation.POWER_OF_ATTORNEY
    )
    application, _cases = send(mother, pid=ragnhild.national_id)
    assert application.representative.representation == Representation.POWER_OF_ATTORNEY
    assert "representanten (fullmakt)" in application.cases.get().events.order_by("pk").first().text


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"need": "   "}, "need", "Skriv hva som er vanskelig"),
        ({"need": "Hjelp\x00"}, "need", "tegn som ikke kan lagres"),
        ({"need": "x" * 4001}, "need", "Teksten er for lang: 4001 tegn"),
        ({"what_matters": "y" * 5000}, "what_matters", "høyst 4000 tegn"),
        ({"form_token": ""}, "form_token", "Skjemaet er utløpt"),
    ],
)
def test_bad_words_are_refused_in_norwegian_and_file_nothing(teams, ragnhild, extra, field, words):
    with pytest.raises(ValidationError) as caught:
        send(ragnhild, **extra)
    assert words in " ".join(caught.value.message_dict[field])
    assert not Application.objects.exists()


def test_a_team_without_anyone_to_own_the_case_refuses_and_saves_nothing(world, ragnhild):
    # Team 1 has no leader above it and no case worker in it: nobody to own the case.
    with pytest.raises(ValidationError) as caught:
        send(ragnhild)
    assert "Ring kontoret" in caught.value.messages[0]
    assert not Application.objects.exists() and not Case.objects.exists()


def test_a_case_worker_in_the_team_owns_it_when_no_leader_above_has_an_account(world, municipality, ragnhild):
    leaderless = factories.unit(municipality, "Helse uten leder", service_area="health_care")
    UnitParent.objects.create(unit=world["team_a"], parent=leaderless, valid_from=factories.LONG_AGO)
    worker = factories.user(municipality, roles.CASE_WORKER, username="team1-sb", unit=world["team_a"])
    _application, (case,) = send(ragnhild)
    assert case.owner == worker


# Attachments.


def add(person, files, form="form-1"):
    return attachments.attachment_draft_add(
        acting_user=user_of(person.national_id), person=person, token=form, files=files
    )


def test_files_are_bound_to_the_application_and_never_change_after(teams, ragnhild):
    add(ragnhild, [("legeerklæring.pdf", PDF), ("C:\\bilder\\regning", PNG)])
    application, _cases = send(ragnhild)
    files = attachments.attachments_for_application(application)
    assert [(f.name, f.content_type, f.size) for f in files] == [
        ("legeerklæring.pdf", "application/pdf", len(PDF)),
        ("regning.png", "image/png", len(PNG)),
    ]
    assert len(files[0].sha256) == 64
    assert [f.pk for f in attachments.attachments_for_person(ragnhild)] == [f.pk for f in reversed(files)]
    stored = ApplicationAttachment.objects.get(pk=files[0].pk)
    stored.name = "endret.pdf"
    with pytest.raises(AttachmentImmutable):
        stored.save()
    with pytest.raises(AttachmentImmutable):
        stored.delete()


def test_a_file_is_judged_by_its_bytes_not_its_name(teams, ragnhild):
    with pytest.raises(ValidationError) as caught:
        add(ragnhild, [("ok.pdf", PDF), ("virus.pdf", b"MZ\x90\x00 not a pdf")])
    assert "«virus.pdf» er ikke en PDF, JPEG eller PNG" in caught.value.messages[0]
    assert not ApplicationAttachment.objects.exists()  # all or none
    (png,) = add(ragnhild, [("bilde.pdf", PNG)])  # a PNG called .pdf is a PNG
    assert png.content_type == "image/png" and png.name == "bilde.pdf.png"


@override_settings(HELHET_ATTACHMENT_MAX_BYTES=1000)
def test_a_file_too_large_is_refused(teams, ragnhild):
    with pytest.raises(ValidationError) as caught:
        add(ragnhild, [("stor.pdf", PDF + b"0" * 1000)])
    assert "«stor.pdf» er for stor" in caught.value.messages[0] and "høyst 1 kB" in caught.value.messages[0]


def test_an_empty_file_and_a_sixth_file_are_refused(teams, ragnhild):
    with pytest.raises(ValidationError, match="er tom"):
        add(ragnhild, [("tom.pdf", b"")])
    add(ragnhild, [(f"{n}.pdf", PDF) for n in range(4)])
    with pytest.raises(ValidationError) as caught:
        add(ragnhild, [("5.pdf", PDF), ("6.pdf", PDF)])
    assert "høyst 5 filer" in caught.value.messages[0]
    add(ragnhild, [("5.pdf", PDF)])
    assert ApplicationAttachment.objects.count() == 5


def test_another_forms_files_stay_out_of_the_application(teams, ragnhild):
    add(ragnhild, [("annet.pdf", PDF)], form="another-form")
    application, _cases = send(ragnhild)
    assert not application.attachments.exists()
