"""The case process in a browser: one door in, from a phone call to the home-care team's list."""

import datetime
import hashlib
import subprocess

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from helhet.core.models import Municipality
from helhet.people.models import Person
from tests import factories
from tests.browser.login import open_menu, second_factor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demo(settings):
    settings.HELHET_DEMO_PASSWORD = factories.PASSWORD
    call_command("demo", persons=20, stdout=open("/dev/null", "w"))  # noqa: SIM115
    municipality = Municipality.objects.get(number="9999")
    return factories.person(
        municipality,
        first_name="Ragnhild",
        last_name="Bergsland",
        birth_date=datetime.date(1941, 3, 4),
        street_address="Storgata 3",
        postal_code="9990",
        postal_place="Demo",
    )


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    second_factor(page, username)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hei")


def log_out(page):
    open_menu(page)
    page.get_by_role("button", name="Logg ut").click()


def register_inquiry(page, live_server, about):
    page.get_by_role("link", name="Til mottaket: registrer en henvendelse").click()
    page.get_by_label("Finn personen: navn, fødselsdato eller fødselsnummer").fill("bergsland")
    page.get_by_role("button", name="Søk").click()
    page.get_by_role("link", name="Bergsland, Ragnhild").click()
    page.get_by_role("link", name="Registrer henvendelse").click()
    page.get_by_label("Kanal").select_option(label="Telefon")
    page.get_by_label("Hva gjelder det? (med innbyggerens ord)").fill(about)


def test_a_call_becomes_an_application_assessed_reviewed_granted_and_the_home_care_team_sees_her(
    page, live_server, demo, assert_accessible
):
    today = datetime.date.today()
    log_in(page, live_server, "resepsjon")
    register_inquiry(
        page, live_server, "Datteren ringer: mor klarer ikke stell og påkledning etter hjerneslaget."
    )
    page.get_by_role("button", name="Registrer henvendelsen").click()
    expect(page.get_by_role("heading", name="Henvendelse: Ragnhild Bergsland")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Registrer søknad").click()
    page.get_by_label("Hva trenger du hjelp til?").fill("Hjelp med morgenstell og påkledning.")
    page.get_by_label("Hva er viktig for deg?").fill("Å bo hjemme.")
    page.get_by_label("Samtykker til at vi henter opplysninger fra fastlegen").check()
    assert_accessible(page)
    page.get_by_role("button", name="Send søknaden").click()
    expect(page.get_by_role("heading", name="Søknaden er mottatt")).to_be_visible()
    expect(
        page.get_by_text("Ingen annen regel passet; reserveteamet tar saken → Tjenestekontoret")
    ).to_be_visible()
    log_out(page)

    log_in(page, live_server, "saksbehandler")
    page.get_by_role("link", name="Saker og frister").first.click()
    assert_accessible(page)
    page.get_by_role("row", name="Ragnhild Bergsland").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ragnhild Bergsland")
    page.get_by_role("link", name="Ny kartlegging").click()
    page.get_by_label("Form").select_option(label="Hjemmebesøk")
    page.get_by_label("Personlig hygiene").select_option("4")
    page.get_by_label("Kle av og på seg").select_option("4")
    expect(page.locator("#suggestions")).to_contain_text(
        "trenger hjelp med personlig hygiene (4) og av- og påkledning (4) → helsetjenester i hjemmet"
    )
    assert_accessible(page)
    page.get_by_label("Helsetjenester i hjemmet").check()
    page.get_by_label("Kilder (fvl. § 17)").fill("Hjemmebesøk, samtale med datter, epikrise")
    page.get_by_label("Be om tverrfaglig vurdering (inntaksmøte)").check()
    page.get_by_role("button", name="Lagre kartleggingen").click()
    expect(page.get_by_text("Kartleggingen er lagret.")).to_be_visible()

    page.get_by_role("link", name="Registrer inntaksmøte").click()
    page.locator("#unit_0").select_option(label="Tjenestekontoret")
    page.locator("#view_0").fill("Behov for stell morgen og kveld.")
    page.locator("#unit_1").select_option(label="Hjemmesykepleien sone Nord")
    page.locator("#view_1").fill("Vi kan starte i morgen, tre besøk i uka.")
    page.locator("#unit_2").select_option(label="Hverdagsrehabilitering")
    page.locator("#view_2").fill("Vurder hverdagsrehabilitering om tre måneder.")
    page.get_by_label("Konklusjon").fill(
        "Helsetjenester i hjemmet tre besøk i uka; evaluering om tre måneder."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Inntaksmøte med 3 enheter").first).to_be_visible()

    page.get_by_label("Nytt vedtak om").select_option(label="Helsetjenester i hjemmet")
    page.get_by_role("button", name="Lag vedtaksutkast").click()
    expect(page.get_by_text("Før vedtaket kan sendes mangler:")).to_be_visible()
    page.get_by_label("Utfall").select_option(label="Innvilget")
    page.get_by_label("Omfang", exact=True).fill("3")
    page.get_by_label("Enhet for omfang").select_option(label="besøk per uke")
    page.get_by_label("Hva du får hjelp til").fill("Morgenstell, påkledning og tilsyn.")
    page.get_by_label("Fra dato").fill(today.isoformat())
    page.get_by_label("Evalueres innen").fill((today + datetime.timedelta(days=90)).isoformat())
    page.get_by_label("Faktiske forhold").fill(
        "Trenger mye hjelp med personlig hygiene (4) og påkledning (4)."
    )
    page.get_by_label("Hovedhensyn i vurderingen").fill("Hjelp hjemme er laveste effektive omsorgsnivå.")
    expect(page.get_by_text("Alle deler er på plass")).to_be_visible()
    assert_accessible(page)
    draft_url = page.url  # the htmx save must finish before the send: SQLite takes one writer at a time
    with page.expect_response(lambda r: r.request.method == "POST" and r.url == draft_url):
        page.get_by_role("button", name="Lagre utkast").click()
    page.get_by_role("button", name="Fatt og send vedtaket").click()
    page.get_by_role("dialog").get_by_role("button", name="Ja, fatt og send vedtaket").click()
    expect(page.get_by_text("Vedtaket er sendt. Vedtaksbrevet er klart.")).to_be_visible()
    expect(page.get_by_text("bestilt hos Hjemmesykepleien sone Nord")).to_be_visible()

    href = page.get_by_role("link", name="Vedtaksbrev (PDF) Helsetjenester i hjemmet").get_attribute("href")
    letter = page.request.get(f"{live_server.url}{href}")
    assert letter.headers["content-type"] == "application/pdf"
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-", "-"], input=letter.body(), capture_output=True, check=True
    ).stdout.decode()
    assert "Vedtak om helsetjenester i hjemmet" in text
    assert "3 besøk per uke" in text
    assert "Statsforvalteren" in text
    # The letter as sent: its hash on the case page and on the download.
    digest = hashlib.sha256(letter.body()).hexdigest()
    assert letter.headers["x-content-sha256"] == digest
    expect(page.get_by_text(digest[:12], exact=True)).to_be_visible()
    page.get_by_text("Hele SHA-256").first.click()
    expect(page.locator(".hh-sha", has_text=digest)).to_be_visible()
    log_out(page)

    log_in(page, live_server, "tjenesteyter")
    page.goto(f"{live_server.url}/personer/")
    page.get_by_role("link", name="Bergsland, Ragnhild").click()
    expect(page.get_by_text("Vedtak om Helsetjenester i hjemmet")).to_be_visible()


def test_a_denial_is_appealed_reassessed_upheld_and_forwarded(page, live_server, demo, assert_accessible):
    from helhet.casework import services
    from helhet.core.models import User

    worker = User.objects.get(username="saksbehandler")
    person = Person.objects.get(last_name="Bergsland")
    case = services.application_receive(
        acting_user=worker,
        municipality=person.municipality,
        person=person,
        need="Vil ha hjemmesykepleie",
        signed_by="person",
    )
    home = case.municipality.services.get(name="Helsetjenester i hjemmet")
    services.assessment_record(
        acting_user=worker,
        case=case,
        kind="conversation",
        held_on=case.received_on,
        scores={"personlig_hygiene": 2},
        sources="Samtale",
        chosen_services=[home],
        choice_reason="Søkeren ønsker det",
    )
    denial = services.decision_draft_create(
        acting_user=worker,
        case=case,
        service=home,
        outcome="AVSLATT",
        facts="Klarer stell selv med hjelpemidler.",
        considerations="Ikke behov nå.",
    )
    services.decision_send(acting_user=worker, decision=denial)

    log_in(page, live_server, "saksbehandler")
    page.goto(f"{live_server.url}/saker/{case.pk}/")
    page.locator("summary", has_text="Registrer klage").click()
    page.get_by_label("Hvilken endring ønsker klageren?").fill("Ønsker hjemmesykepleie om morgenen.")
    page.get_by_label("Klagerens begrunnelse").fill("Faller i dusjen.")
    page.get_by_role("button", name="Registrer klagen").click()
    expect(page.get_by_text("Klagen er registrert.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kommunens nye vurdering").fill("Ingen nye opplysninger som endrer vurderingen.")
    page.get_by_role("button", name="Oppretthold og send Statsforvalteren").click()
    page.get_by_role("dialog").get_by_role("button", name="Ja, send til Statsforvalteren").click()
    expect(page.get_by_text("Klage sendt Statsforvalteren").first).to_be_visible()
    page.get_by_label("Statsforvalterens utfall").select_option(label="Avslått")
    page.get_by_role("button", name="Registrer utfallet").click()
    expect(page.get_by_text("Statsforvalteren: avslått.").first).to_be_visible()
    expect(page.get_by_text("Avsluttet").first).to_be_visible()


def test_an_unsigned_appeal_is_registered_with_guidance_and_then_corrected(
    page, live_server, demo, assert_accessible
):
    from helhet.casework import services
    from helhet.core.models import User

    worker = User.objects.get(username="saksbehandler")
    person = Person.objects.get(last_name="Bergsland")
    case = services.application_receive(
        acting_user=worker,
        municipality=person.municipality,
        person=person,
        need="Vil ha hjemmesykepleie",
        signed_by="person",
    )
    home = case.municipality.services.get(name="Helsetjenester i hjemmet")
    services.assessment_record(
        acting_user=worker,
        case=case,
        kind="conversation",
        held_on=case.received_on,
        scores={"personlig_hygiene": 2},
        sources="Samtale",
        chosen_services=[home],
        choice_reason="Søkeren ønsker det",
    )
    denial = services.decision_draft_create(
        acting_user=worker,
        case=case,
        service=home,
        outcome="AVSLATT",
        facts="Klarer stell selv med hjelpemidler.",
        considerations="Ikke behov nå.",
    )
    services.decision_send(acting_user=worker, decision=denial)
    deadline = datetime.date.today() + datetime.timedelta(days=14)

    log_in(page, live_server, "saksbehandler")
    page.goto(f"{live_server.url}/saker/{case.pk}/")
    page.locator("summary", has_text="Registrer klage").click()
    page.get_by_label("Hvilken endring ønsker klageren?").fill("Ønsker hjemmesykepleie om morgenen.")
    page.get_by_label("Klagen er signert").uncheck()
    page.get_by_role("button", name="Registrer klagen").click()
    expect(page.get_by_text("Skriv hvilken veiledning klageren har fått")).to_be_visible()
    page.locator("summary", has_text="Registrer klage").click()
    page.get_by_label("Hvilken endring ønsker klageren?").fill("Ønsker hjemmesykepleie om morgenen.")
    page.get_by_label("Klagen er signert").uncheck()
    page.get_by_label("Veiledning gitt om manglene").fill("Sendte brev: klagen må signeres av deg.")
    page.get_by_label("Frist for å rette manglene").fill(deadline.isoformat())
    page.get_by_role("button", name="Registrer klagen").click()
    expect(page.get_by_text("Klagen er registrert.")).to_be_visible()
    expect(page.get_by_text("Mangler må rettes").first).to_be_visible()
    expect(page.get_by_text("ikke signert", exact=False).first).to_be_visible()
    expect(page.get_by_text(f"Frist for å rette: {deadline.strftime('%d.%m.%Y')}")).to_be_visible()
    expect(page.get_by_role("button", name="Oppretthold og send Statsforvalteren")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Registrer at manglene er rettet").click()
    expect(page.get_by_text("Klagen er oppdatert.")).to_be_visible()
    page.get_by_label("Kommunens nye vurdering").fill("Ingen nye opplysninger.")
    page.get_by_role("button", name="Oppretthold og send Statsforvalteren").click()
    page.get_by_role("dialog").get_by_role("button", name="Ja, send til Statsforvalteren").click()
    expect(page.get_by_text("Klage sendt Statsforvalteren").first).to_be_visible()


def test_an_inquiry_is_answered_at_once_by_reception_without_a_case(
    page, live_server, demo, assert_accessible
):
    from helhet.casework.models import Case
    from helhet.intake.models import Inquiry

    cases_before = Case.objects.count()
    log_in(page, live_server, "resepsjon")
    register_inquiry(page, live_server, "Hva koster trygghetsalarm?")
    page.get_by_label("Svar gitt med en gang").fill("Forklarte pris og hvordan man søker.")
    assert_accessible(page)
    page.get_by_role("button", name="Registrer henvendelsen").click()
    expect(page.get_by_text("Henvendelsen er besvart og avsluttet.")).to_be_visible()
    expect(
        page.get_by_role("cell", name="Besvart med en gang (informasjon eller veiledning)")
    ).to_be_visible()
    assert Inquiry.objects.get(about="Hva koster trygghetsalarm?").outcome == "answered"
    assert Case.objects.count() == cases_before


def test_a_case_is_closed_only_after_the_service_has_ended_and_with_a_reason(
    page, live_server, demo, assert_accessible
):
    from helhet.casework import services
    from helhet.casework.models import Case
    from helhet.core.models import User
    from helhet.organisation.models import Unit

    worker = User.objects.get(username="saksbehandler")
    person = Person.objects.get(last_name="Bergsland")
    case = services.application_receive(
        acting_user=worker,
        municipality=person.municipality,
        person=person,
        need="Trenger hjelp med stell etter hoftebrudd.",
        signed_by="person",
        received_on=datetime.date.today() - datetime.timedelta(days=20),
    )
    home = case.municipality.services.get(name="Helsetjenester i hjemmet")
    services.assessment_record(
        acting_user=worker,
        case=case,
        kind="home_visit",
        held_on=case.received_on,
        scores={"personlig_hygiene": 4},
        sources="Hjemmebesøk",
        chosen_services=[home],
        choice_reason="Søkeren ønsker det",
    )
    draft = services.decision_draft_create(
        acting_user=worker,
        case=case,
        service=home,
        outcome="INNVILGET",
        scope_amount=3,
        scope_unit="visits_week",
        content="Hjelp med morgenstell.",
        start_date=case.received_on,
        review_date=case.received_on + datetime.timedelta(days=60),
        facts="Trenger hjelp med stell (4).",
        considerations="Hjelp hjemme er laveste effektive nivå.",
        payment="Helsetjenester i hjemmet er gratis.",
        provider_unit=Unit.objects.get(municipality=case.municipality, name="Hjemmesykepleien sone Nord"),
    )
    services.decision_send(acting_user=worker, decision=draft)

    log_in(page, live_server, "saksbehandler")
    page.goto(f"{live_server.url}/saker/{case.pk}/")
    expect(page.get_by_text("fatt først et vedtak om opphør")).to_be_visible()
    assert page.locator("#id_to option[value='ended']").count() == 0
    assert_accessible(page)

    case.decisions.update(end_date=datetime.date.today() - datetime.timedelta(days=1))  # the period ran out
    page.reload()
    page.get_by_label("Flytt saken til").select_option(label="Avsluttet")
    page.get_by_role("button", name="Flytt").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("klage og omgjøring er fortsatt mulig")).to_be_visible()
    dialog.get_by_role("button", name="Ja, lukk saken").click()
    expect(page.get_by_text("Skriv hvorfor saken avsluttes.")).to_be_visible()
    assert Case.objects.get(pk=case.pk).status != "ended"
    page.get_by_label("Merknad").fill("Hoften er leget; søkeren klarer stell selv.")
    page.get_by_label("Flytt saken til").select_option(label="Avsluttet")
    page.get_by_role("button", name="Flytt").click()
    page.get_by_role("dialog").get_by_role("button", name="Ja, lukk saken").click()
    expect(page.get_by_text("Saken er «Avsluttet»").first).to_be_visible()
    assert Case.objects.get(pk=case.pk).status == "ended"
