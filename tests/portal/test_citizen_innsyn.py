"""Min side, innsyn: documents, plan and coordinator, meetings, messages with the office, and who read my
data. Every route: another person's ids are 404, a representative without the capability is 404, the read
is access-logged with the citizen as the reader, and the number of queries does not grow with the data."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from helhet.access.models import AccessLog
from helhet.access.services import access_log_write
from helhet.care.models import IndividualPlan, IndividualPlanGoal, Meeting, MeetingParticipant
from helhet.casework import exemptions, messaging
from helhet.casework import services as casework
from helhet.casework.models import CaseEvent, CaseMessage, Letter
from helhet.core.calendar import local_today
from helhet.core.models import ChangeRecord
from helhet.inbox.models import Item, ItemKind
from helhet.organisation.models import Staff
from helhet.people.models import Representation
from tests import factories
from tests.care.conftest import grant
from tests.portal.citizen_helpers import citizen_client

pytestmark = pytest.mark.django_db
TODAY = local_today()
ADULT = datetime.date(1950, 3, 4)


def a_case(case_worker, person, **extra):
    case = casework.application_receive(
        acting_user=case_worker,
        municipality=person.municipality,
        person=person,
        need=extra.pop("need", "Trenger hjelp med dusj."),
        signed_by="person",
        received_on=TODAY,
    )
    casework.assessment_record(
        acting_user=case_worker,
        case=case,
        kind="home_visit",
        held_on=TODAY,
        scores={"personlig_hygiene": 4},
        sources="Hjemmebesøk og samtale med datter",
        own_goals="Bo hjemme lenge",
    )
    return case


def a_meeting(person, unit, user, **extra):
    meeting = Meeting.objects.create(
        municipality=person.municipality,
        kind=extra.pop("kind", "group"),
        person=person,
        starts_at=extra.pop("starts_at", timezone.now() + datetime.timedelta(days=3)),
        place="Rådhuset, møterom 2",
        organiser=unit,
        created_by=user,
        **extra,
    )
    MeetingParticipant.objects.create(meeting=meeting, unit=unit)
    return meeting


def a_plan(person, unit, **extra):
    coordinator = Staff.objects.create(
        municipality=person.municipality, first_name="Siri", last_name="Koordinator", title="Sykepleier"
    )
    plan = IndividualPlan.objects.create(
        municipality=person.municipality,
        person=person,
        coordinating_unit=unit,
        coordinator=coordinator,
        started_on=TODAY,
        reviewed_on=TODAY,
        **extra,
    )
    IndividualPlanGoal.objects.create(plan=plan, text="Gå tur til butikken selv")
    return plan


@pytest.fixture
def kari(municipality):
    return factories.person(municipality, first_name="Kari", birth_date=ADULT)


@pytest.fixture
def ola(municipality):
    return factories.person(municipality, first_name="Ola", last_name="Hansen", birth_date=ADULT)


@pytest.fixture
def everything(world, case_worker, kari, ola, home_care):
    """Kari and Ola each with a case (a sent decision and its letter), a plan, a meeting and a message."""
    made = {}
    for person in (kari, ola):
        decision = grant(world, case_worker, person)
        case = decision.case
        made[person.pk] = {
            "case": case,
            "letter": Letter.objects.filter(case=case).first(),
            "assessment": case.assessments.first(),
            "meeting": a_meeting(person, home_care, case_worker),
            "plan": a_plan(person, home_care),
            "message": messaging.case_message_send(acting_user=case_worker, case=case, text="Hei"),
        }
    return made


ROUTES = ["documents", "plan", "meetings", "messages", "access_log"]


@pytest.mark.parametrize("name", ROUTES)
def test_every_section_opens_for_the_person_and_is_access_logged(everything, kari, name):
    client = citizen_client(kari.national_id)
    before = AccessLog.objects.filter(person=kari).count()
    response = client.get(reverse(f"citizen:{name}", args=[kari.pk]))
    assert response.status_code == 200
    rows = AccessLog.objects.filter(person=kari).order_by("-pk")
    assert rows.count() == before + 1  # one row for the page, not one per thing shown
    row = rows.first()
    assert row.reason == "Innbyggerens egen innsyn"
    assert row.what.startswith("Min side")
    assert row.user.citizen_account.pid == kari.national_id


@pytest.mark.parametrize("name", ROUTES)
def test_another_persons_section_is_404(everything, kari, ola, name):
    client = citizen_client(kari.national_id)
    assert client.get(reverse(f"citizen:{name}", args=[ola.pk])).status_code == 404


def _detail_urls(person_id, objects):
    return [
        reverse("citizen:document_application", args=[person_id, objects["case"].application_id]),
        reverse("citizen:document_assessment", args=[person_id, objects["assessment"].pk]),
        reverse("citizen:letter", args=[person_id, objects["letter"].pk]),
        reverse("citizen:meeting", args=[person_id, objects["meeting"].pk]),
        reverse("citizen:message_thread", args=[person_id, objects["case"].pk]),
    ]


def test_each_detail_opens_for_its_own_person(everything, kari):
    client = citizen_client(kari.national_id)
    for url in _detail_urls(kari.pk, everything[kari.pk]):
        response = client.get(url)
        assert response.status_code == 200, url
    letter = everything[kari.pk]["letter"]
    pdf = client.get(reverse("citizen:letter", args=[kari.pk, letter.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["X-Content-SHA256"] == letter.sha256  # exactly the stored letter


def test_another_persons_objects_under_my_own_id_are_404(everything, kari, ola):
    client = citizen_client(kari.national_id)
    for url in _detail_urls(kari.pk, everything[ola.pk]):
        assert client.get(url).status_code == 404, url
    for url in _detail_urls(ola.pk, everything[ola.pk]):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("citizen:message_thread", args=[kari.pk, everything[ola.pk]["case"].pk]), {"text": "x"}
    )
    assert response.status_code == 404
    assert not CaseMessage.objects.filter(text="x").exists()


def test_a_representative_without_the_capability_gets_404(everything, kari):
    # Foreldreansvar for an adult gives no capability at all.
    parent_pid = factories.synthetic_id(datetime.date(1925, 1, 1))
    factories.relative(
        kari,
        name="Mor",
        relation="parent",
        representation=Representation.PARENTAL_RESPONSIBILITY,
        national_id=parent_pid,
    )
    client = citizen_client(parent_pid)
    for name in ROUTES:
        assert client.get(reverse(f"citizen:{name}", args=[kari.pk])).status_code == 404
    for url in _detail_urls(kari.pk, everything[kari.pk]):
        assert client.get(url).status_code == 404


def test_a_representative_with_fullmakt_reads_and_the_log_says_on_which_ground(everything, kari):
    pid = factories.synthetic_id(datetime.date(1975, 5, 5))
    factories.relative(
        kari,
        name="Per Fullmektig",
        representation=Representation.POWER_OF_ATTORNEY,
        national_id=pid,
        scope="alt",
    )
    client = citizen_client(pid)
    assert client.get(reverse("citizen:documents", args=[kari.pk])).status_code == 200
    row = AccessLog.objects.filter(person=kari).latest("pk")
    assert row.reason == f"Som fullmektig for {kari.full_name}"
    assert kari.national_id not in row.reason
    page = (
        citizen_client(kari.national_id).get(reverse("citizen:access_log", args=[kari.pk])).content.decode()
    )
    assert "Din representant Per Fullmektig" in page


@pytest.mark.parametrize("name", ROUTES)
def test_the_number_of_queries_does_not_grow_with_the_data(world, case_worker, kari, home_care, name):
    client = citizen_client(kari.national_id)
    url = reverse(f"citizen:{name}", args=[kari.pk])

    def add():
        decision = grant(world, case_worker, kari)
        a_meeting(kari, home_care, case_worker)
        messaging.case_message_send(acting_user=case_worker, case=decision.case, text="Hei")

    add()
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    add()
    add()
    with CaptureQueriesContext(connection) as three:
        assert client.get(url).status_code == 200
    assert len(three) <= len(one)


def test_documents_say_plainly_what_is_kept_back_and_why(everything, kari, case_worker):
    case = everything[kari.pk]["case"]
    assessment = everything[kari.pk]["assessment"]
    exemptions.document_exempt(
        acting_user=case_worker,
        case=case,
        kind="assessment",
        document_id=assessment.pk,
        reason="fvl_19_2a",
        note="Datterens diagnose",
    )
    client = citizen_client(kari.national_id)
    page = client.get(reverse("citizen:documents", args=[kari.pk])).content.decode()
    assert "Holdt tilbake" in page
    assert "helsen til en annen person" in page
    assert "Forvaltningsloven § 19 annet ledd bokstav a" in page
    assert "Datterens diagnose" not in page  # the internal assessment stays internal
    assert reverse("citizen:document_assessment", args=[kari.pk, assessment.pk]) not in page
    assert (
        client.get(reverse("citizen:document_assessment", args=[kari.pk, assessment.pk])).status_code == 404
    )
    assert "Søknaden din" in page and "Vedtak" in page
    history = ChangeRecord.objects.filter(object_type="casework.documentexemption")
    assert history.filter(field="reason").exists()
    exemptions.document_exemption_lift(
        acting_user=case_worker, case=case, kind="assessment", document_id=assessment.pk
    )
    assert (
        client.get(reverse("citizen:document_assessment", args=[kari.pk, assessment.pk])).status_code == 200
    )
    assert history.filter(operation="delete").exists()


def test_a_note_of_the_timeline_can_be_kept_back(everything, kari, case_worker):
    case = everything[kari.pk]["case"]
    event = CaseEvent.objects.filter(case=case).first()
    exemptions.document_exempt(
        acting_user=case_worker, case=case, kind="event", document_id=event.pk, reason="fvl_18a"
    )
    page = citizen_client(kari.national_id).get(reverse("citizen:documents", args=[kari.pk])).content.decode()
    assert event.text not in page
    assert "Internt arbeidsdokument" in page


def test_an_exemption_names_a_document_of_that_case_and_a_known_reason(everything, kari, ola, case_worker):
    from django.core.exceptions import ValidationError

    case = everything[kari.pk]["case"]
    with pytest.raises(ValidationError, match="Fant ikke dokumentet"):
        exemptions.document_exempt(
            acting_user=case_worker,
            case=case,
            kind="assessment",
            document_id=everything[ola.pk]["assessment"].pk,
            reason="fvl_18a",
        )
    with pytest.raises(ValidationError, match="Velg en grunn"):
        exemptions.document_exempt(
            acting_user=case_worker,
            case=case,
            kind="assessment",
            document_id=everything[kari.pk]["assessment"].pk,
            reason="nonsense",
        )


def test_the_plan_shows_the_coordinator_and_says_a_coordinator_stays_when_the_plan_is_declined(
    world, case_worker, kari, home_care
):
    a_plan(kari, home_care, plan_declined=True)
    page = citizen_client(kari.national_id).get(reverse("citizen:plan", args=[kari.pk])).content.decode()
    assert "Siri Koordinator" in page and home_care.name in page
    assert "§ 7-2" in page
    assert "ikke ønsker en individuell plan" in page


def test_meetings_show_when_where_who_and_minutes_once_held(world, case_worker, kari, home_care):
    coming = a_meeting(kari, home_care, case_worker, agenda="Planen videre")
    held = a_meeting(
        kari,
        home_care,
        case_worker,
        starts_at=timezone.now() - datetime.timedelta(days=10),
        state="held",
        minutes="Vi ble enige om ukentlige besøk.",
    )
    hidden = a_meeting(kari, home_care, case_worker, kind="conference", person_invited=False)
    client = citizen_client(kari.national_id)
    page = client.get(reverse("citizen:meetings", args=[kari.pk])).content.decode()
    assert "Rådhuset, møterom 2" in page and home_care.name in page
    assert reverse("citizen:meeting", args=[kari.pk, coming.pk]) in page
    assert reverse("citizen:meeting", args=[kari.pk, hidden.pk]) not in page
    assert client.get(reverse("citizen:meeting", args=[kari.pk, hidden.pk])).status_code == 404
    detail = client.get(reverse("citizen:meeting", args=[kari.pk, held.pk])).content.decode()
    assert "Vi ble enige om ukentlige besøk." in detail


def test_a_message_lands_in_the_owners_inbox_and_the_answer_shows_on_min_side(world, case_worker, kari):
    case = a_case(case_worker, kari)
    client = citizen_client(kari.national_id)
    url = reverse("citizen:message_thread", args=[kari.pk, case.pk])
    form = client.get(url).content.decode()
    token = form.split('name="token" value="')[1].split('"')[0]
    response = client.post(url, {"text": "Når kommer svaret?", "token": token})
    assert response.status_code == 302 and response["Location"] == url
    again = client.post(url, {"text": "Når kommer svaret?", "token": token})  # double submit
    assert again.status_code == 302
    assert CaseMessage.objects.filter(case=case).count() == 1
    item = Item.objects.get(kind=ItemKind.CITIZEN_MESSAGE, target_id=case.pk, closed_at__isnull=True)
    assert item.for_user == case.owner
    assert AccessLog.objects.filter(person=kari, action="create", what__contains="melding").exists()

    staff = Client()
    staff.force_login(case.owner)
    case_page = staff.get(reverse("casework:case", args=[case.pk])).content.decode()
    assert "Når kommer svaret?" in case_page
    reply = staff.post(
        reverse("casework:message_reply", args=[case.pk]), {"text": "I løpet av neste uke.", "token": "t1"}
    )
    assert reply.status_code == 302
    staff.post(
        reverse("casework:message_reply", args=[case.pk]), {"text": "I løpet av neste uke.", "token": "t1"}
    )
    assert CaseMessage.objects.filter(case=case, direction="office").count() == 1
    item.refresh_from_db()
    assert item.closed_at is not None

    overview = client.get(reverse("citizen:person", args=[kari.pk])).content.decode()
    assert "1 ny melding" in overview
    thread = client.get(url).content.decode()
    assert "I løpet av neste uke." in thread
    overview = client.get(reverse("citizen:person", args=[kari.pk])).content.decode()
    assert "ny melding" not in overview


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "ds-error-summary"),
        ("   ", "ds-error-summary"),
        ("x" * 4001, "4000"),
        ("a\x01\x1b[31mb", "tegn som ikke kan brukes"),  # a terminal escape
        ("Hei \u202eevil", "tegn som ikke kan brukes"),  # turns the rest around on the case worker's screen
    ],
)
def test_a_bad_message_is_refused_in_norwegian_and_changes_nothing(world, case_worker, kari, text, error):
    case = a_case(case_worker, kari)
    client = citizen_client(kari.national_id)
    response = client.post(reverse("citizen:message_thread", args=[kari.pk, case.pk]), {"text": text})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not CaseMessage.objects.exists()


def test_a_nul_byte_is_refused(world, case_worker, kari):
    case = a_case(case_worker, kari)
    client = citizen_client(kari.national_id)
    response = client.post(reverse("citizen:message_thread", args=[kari.pk, case.pk]), {"text": "Hei\x00"})
    assert response.status_code == 422  # the NUL guard answers in Norwegian before the view
    assert not CaseMessage.objects.exists()


def test_the_access_log_in_plain_words_with_emergency_marked(world, case_worker, kari, nurse, home_care):
    factories.responsibility(kari, unit=home_care, reason="Mottar helsetjenester i hjemmet")
    access_log_write(
        user=nurse,
        person=kari,
        action="read",
        what="Personside",
        reason="Ansvar (Hjemmesykepleien sone Nord): Mottar helsetjenester i hjemmet",
    )
    access_log_write(
        user=nurse, person=kari, action="read", what="Personside", reason="Nødtilgang: Akutt innleggelse"
    )
    client = citizen_client(kari.national_id)
    url = reverse("citizen:access_log", args=[kari.pk])
    client.get(url)
    client.get(url)
    page = client.get(url).content.decode()
    assert "Jobber i Hjemmesykepleien sone Nord, som har ansvar for hjelpen din" in page
    assert "Nødtilgang" in page and "en leder går alltid gjennom" in page
    assert "Du selv" not in page  # the staff's reads first: one's own only when asked for
    assert "Vis også det du selv har sett på Min side" in page
    page = client.get(url, {"vis": "alle"}).content.decode()
    assert "Du selv" in page and "Jobber i Hjemmesykepleien sone Nord" in page
    assert "ganger den dagen" in page  # the page's own reads collapse into one line
    assert "personvernombud" in page
    assert AccessLog.objects.filter(person=kari, what="Min side: innsyn i logg").count() == 4


def test_the_access_log_is_paginated(world, case_worker, kari, nurse):
    for _ in range(60):
        access_log_write(user=nurse, person=kari, action="read", what="Personside", reason="x")
    client = citizen_client(kari.national_id)
    page = client.get(reverse("citizen:access_log", args=[kari.pk])).content.decode()
    assert "Side 1 av 2" in page
    assert client.get(reverse("citizen:access_log", args=[kari.pk]) + "?side=999").status_code == 200
    assert client.get(reverse("citizen:access_log", args=[kari.pk]) + "?side=abc").status_code == 200


def test_the_menu_lists_the_new_sections(kari):
    page = citizen_client(kari.national_id).get(reverse("citizen:person", args=[kari.pk])).content.decode()
    for label in (
        "Dokumenter",
        "Plan og koordinator",
        "Møter",
        "Meldinger",
        "Hvem har sett opplysningene mine",
    ):
        assert label in page


def test_the_case_worker_keeps_a_document_back_on_the_case_page_and_lifts_it(everything, kari, ola):
    from helhet.casework.models import DocumentExemption

    case = everything[kari.pk]["case"]
    assessment = everything[kari.pk]["assessment"]
    staff = Client()
    staff.force_login(case.owner)
    page = staff.get(reverse("casework:case", args=[case.pk])).content.decode()
    assert "Partens innsyn" in page and "Meldinger med innbyggeren" in page
    url = reverse("casework:document_exemption", args=[case.pk])
    bad = staff.post(url, {"kind": "assessment", "document": assessment.pk, "reason": ""}, follow=True)
    assert "Velg en grunn" in bad.content.decode()
    other = everything[ola.pk]["assessment"].pk
    staff.post(url, {"kind": "assessment", "document": other, "reason": "fvl_18a"})
    staff.post(url, {"kind": "nonsense", "document": "x", "reason": "fvl_18a"})
    assert not DocumentExemption.objects.exists()
    done = staff.post(url, {"kind": "assessment", "document": assessment.pk, "reason": "fvl_18b"})
    assert done.status_code == 302 and done["Location"].endswith("#innsyn")
    assert DocumentExemption.objects.get(assessment=assessment).reason == "fvl_18b"
    staff.post(url, {"kind": "assessment", "document": assessment.pk, "action": "lift"})
    assert not DocumentExemption.objects.exists()


def test_staff_of_another_municipality_cannot_answer_or_keep_back(everything, kari, outsider):
    case = everything[kari.pk]["case"]
    staff = Client()
    staff.force_login(outsider)
    assert staff.post(reverse("casework:message_reply", args=[case.pk]), {"text": "Hei"}).status_code == 404
    assert (
        staff.post(
            reverse("casework:document_exemption", args=[case.pk]),
            {"kind": "assessment", "document": everything[kari.pk]["assessment"].pk, "reason": "fvl_18a"},
        ).status_code
        == 404
    )
    assert not CaseMessage.objects.filter(direction="office").exists()
