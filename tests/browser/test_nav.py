"""A NAV urgent loan in a browser (domain.md §0 E): the employment adviser calls reception, the NAV case worker
makes the application, assesses with the social form, grants a § 19 loan under § 21 with repayment terms and a
condition, sends it, opens the letter and sees how long it took."""

import datetime
import re
import subprocess

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from helhet.core.models import Municipality
from helhet.intake.models import Inquiry
from tests import factories
from tests.browser.test_case_process import log_in, log_out

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
CALL = "NAV-veilederen ringer: han har fått jobb fra mandag, men skal sone en ubetalt bot fra i morgen."


@pytest.fixture
def demo(settings):
    settings.HELHET_DEMO_PASSWORD = factories.PASSWORD
    call_command("demo", persons=20, stdout=open("/dev/null", "w"))  # noqa: SIM115
    municipality = Municipality.objects.get(number="9999")
    return factories.person(
        municipality,
        first_name="Per",
        last_name="Lundgård",
        birth_date=datetime.date(1988, 6, 9),
        street_address="Fjellveien 8",
        postal_code="9990",
        postal_place="Demo",
    )


def test_a_nav_urgent_loan(page, live_server, demo, assert_accessible):
    today = datetime.date.today()
    log_in(page, live_server, "resepsjon")
    page.get_by_role("link", name="Til mottaket: registrer en henvendelse").click()
    page.get_by_label("Finn personen: navn, fødselsdato eller fødselsnummer").fill("lundgård")
    page.get_by_role("button", name="Søk").click()
    page.get_by_role("link", name="Lundgård, Per").click()
    page.get_by_role("link", name="Registrer henvendelse").click()
    page.get_by_label("Kanal").select_option(label="Fra NAV")
    page.get_by_label("Hva gjelder det? (med innbyggerens ord)").fill(CALL)
    page.get_by_label("Haster").check()
    assert_accessible(page)
    page.get_by_role("button", name="Registrer henvendelsen").click()
    expect(page.get_by_role("heading", name="Henvendelse: Per Lundgård")).to_be_visible()
    expect(page.get_by_text("Haster").first).to_be_visible()
    log_out(page)

    log_in(page, live_server, "navleder")
    inquiry = Inquiry.objects.get(about=CALL)
    page.goto(f"{live_server.url}/mottak/{inquiry.pk}/")
    page.get_by_role("link", name="Registrer søknad").click()
    page.get_by_label("Hva trenger du hjelp til?").fill(
        "Penger til å betale boten i dag, så jeg beholder jobben."
    )
    expect(page.get_by_label("Haster")).to_be_checked()
    page.get_by_label("Økonomisk sosialhjelp").check()
    assert_accessible(page)
    page.get_by_role("button", name="Send søknaden").click()
    expect(page.get_by_role("heading", name="Søknaden er mottatt")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Sak \d+$")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Per Lundgård")
    expect(page.get_by_text("Haster").first).to_be_visible()

    page.get_by_role("link", name="Ny kartlegging").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kartlegging for sosiale tjenester")
    page.get_by_label("Voksne i husstanden").fill("1")
    page.get_by_label("Barn i husstanden").fill("0")
    page.get_by_label("Inntekt 1: hva").fill("Økonomisk sosialhjelp")
    page.get_by_label("Inntekt 1: kroner per måned").fill("8 300")
    page.get_by_label("Utgift 1: hva").fill("Husleie")
    page.get_by_label("Utgift 1: kroner per måned").fill("6 500")
    page.get_by_label("Hva haster?").fill("Forelegg på kr 4 500 må betales før soning i morgen kl. 08.")
    page.get_by_label("Haster innen").fill((today + datetime.timedelta(days=1)).isoformat())
    page.get_by_label("Hva kan personen gjøre selv?").fill("Ingen oppsparte penger; lønn fra neste måned.")
    page.get_by_label("Kilder (fvl. § 17)").fill("Telefon fra NAV-veilederen, forelegget, arbeidskontrakten.")
    assert_accessible(page)
    page.get_by_role("button", name="Lagre kartleggingen").click()
    expect(page.get_by_text("Kartleggingen er lagret.")).to_be_visible()
    expect(page.get_by_text("Husleie kr\xa06\xa0500")).to_be_visible()

    page.get_by_label("Nytt vedtak om").select_option(label="Økonomisk sosialhjelp")
    page.get_by_role("button", name="Lag vedtaksutkast").click()
    expect(page.get_by_text("Før vedtaket kan sendes mangler:")).to_be_visible()
    expect(page.get_by_label("Utførende enhet")).to_have_count(0)
    page.get_by_label("Utfall").select_option(label="Innvilget")
    page.get_by_label("Hjemmel for stønaden").select_option(
        label="Stønad i særlige tilfeller (sosialtjenesteloven § 19)"
    )
    page.get_by_label("Stønadsform (sosialtjenesteloven § 21)").select_option(label="Lån")
    page.get_by_label("Beløp i kroner").fill("4 500")
    page.get_by_label("Engangsbeløp eller per måned").select_option(label="Engangsbeløp")
    page.get_by_label("Utbetales (engangsbeløp) eller fra dato (per måned)").fill(today.isoformat())
    page.get_by_label("Hva stønaden skal dekke").fill("Betaling av forelegget, så soningen faller bort.")
    page.get_by_label("Faktiske forhold").fill("Ny jobb fra mandag, soning fra i morgen, ingen penger.")
    page.get_by_label("Hovedhensyn i vurderingen").fill(
        "Jobben gjør ham selvhjulpen; lønn fra neste måned, så lån."
    )
    expect(page.get_by_text("vilkår for tilbakebetaling av lånet")).to_be_visible()
    page.get_by_label("Lån: tilbakebetaling per måned").fill("500")
    page.get_by_label("Lån: første avdrag").fill((today + datetime.timedelta(days=40)).isoformat())
    page.get_by_label("Vilkår (sosialtjenesteloven § 20)").fill("Du begynner i jobben som avtalt.")
    expect(page.get_by_text("Alle deler er på plass")).to_be_visible()
    assert_accessible(page)
    draft_url = page.url  # the htmx save must finish before the send: SQLite takes one writer at a time
    with page.expect_response(lambda r: r.request.method == "POST" and r.url == draft_url):
        page.get_by_role("button", name="Lagre utkast").click()
    expect(page.get_by_text("Alle deler er på plass")).to_be_visible()
    page.get_by_role("button", name="Fatt og send vedtaket").click()
    page.get_by_role("dialog").get_by_role("button", name="Ja, fatt og send vedtaket").click()
    expect(page.get_by_text("Vedtaket er sendt. Vedtaksbrevet er klart.")).to_be_visible()
    expect(page.get_by_text("etter at henvendelsen kom inn.")).to_be_visible()
    expect(page.get_by_text("Du får et lån på kr\xa04\xa0500").first).to_be_visible()
    assert "minutt" in page.locator("[id^=time-taken-]").inner_text()
    assert_accessible(page)

    href = page.get_by_role("link", name="Vedtaksbrev (PDF) Økonomisk sosialhjelp").get_attribute("href")
    letter = page.request.get(f"{live_server.url}{href}")
    assert letter.headers["content-type"] == "application/pdf"
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-", "-"], input=letter.body(), capture_output=True, check=True
    ).stdout.decode()
    text = " ".join(text.replace("\xa0", " ").split())
    assert "Du får et lån på kr 4 500 én gang" in text
    assert "Du betaler tilbake kr 500 per måned" in text
    assert "Du begynner i jobben som avtalt." in text
    assert "sosialtjenesteloven § 19" in text and "§ 21" in text
    assert "døgn" not in text
