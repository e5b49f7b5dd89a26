"""Letters frozen when sent: rendered once at sending, stored with their SHA-256, served as those bytes;
drafts marked UTKAST; signed by the one who decided; tagged PDF in Norwegian."""

import contextlib
import datetime
import hashlib
import json
import re
import shutil
import subprocess
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from helhet.access import roles
from helhet.access.models import AccessLog
from helhet.access.services import api_token_create
from helhet.casework import letter_store, letters, services
from helhet.casework.models import Letter, LetterKind
from helhet.catalogue.models import LegalRegimeVersion, Service
from helhet.core.calendar import local_today
from helhet.organisation.models import Staff
from tests import factories

D = datetime.date
TODAY = D(2026, 11, 23)


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return path


def pdftotext(pdf: bytes) -> str:
    return subprocess.run(  # noqa: S603 (a poppler tool found on PATH, our own bytes)
        [_poppler("pdftotext"), "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def pdfinfo(pdf: bytes) -> dict:
    out = subprocess.run(  # noqa: S603 (a poppler tool found on PATH, our own bytes)
        [_poppler("pdfinfo"), "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def squashed(text: str) -> str:
    """Text without spaces and hyphens: pdftotext drops a hyphen where a line breaks («NAV-|kontoret»)."""
    return re.sub(r"[\s\-]", "", text)


def inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (object streams included) unpacked, to look for catalog entries."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(match.group(1)))
    return b"".join(parts)


@pytest.fixture
def person(municipality):
    return factories.person(
        municipality,
        first_name="Ragnhild",
        last_name="Berg",
        birth_date=D(1941, 3, 4),
        street_address="Fjellveien 3",
        postal_code="9999",
        postal_place="Demodal",
    )


@pytest.fixture
def decider(municipality, office):
    """A case worker with a name and a title, to sign."""
    user = factories.user(municipality, roles.CASE_WORKER, username="ingrid", unit=office)
    user.first_name, user.last_name = "Ingrid", "Solberg"
    user.save()
    Staff.objects.filter(user=user).update(first_name="Ingrid", last_name="Solberg", title="Fagkonsulent")
    return user


def case_for(user, person):
    case = services.application_receive(
        acting_user=user,
        municipality=person.municipality,
        person=person,
        received_on=TODAY,
        need="Klarer ikke stell og påkledning etter hjerneslag.",
        signed_by="person",
    )
    services.assessment_record(
        acting_user=user,
        case=case,
        kind="home_visit",
        held_on=TODAY,
        scores={"personlig_hygiene": 4, "kle_seg": 4},
        sources="Hjemmebesøk og samtale med datter",
        lives_alone=True,
    )
    return case


def draft_for(user, case, world, **extra):
    fields = {
        "outcome": "INNVILGET",
        "scope_amount": 3,
        "scope_unit": "visits_week",
        "content": "Hjelp med morgenstell og påkledning.",
        "start_date": TODAY,
        "review_date": D(2027, 5, 1),
        "facts": "Trenger hjelp med stell (4) og påkledning (4).",
        "considerations": "Hjelp hjemme er laveste effektive nivå.",
        "payment": "Helsetjenester i hjemmet er gratis.",
        "provider_unit": world["home_care"],
    }
    fields.update(extra)
    return services.decision_draft_create(acting_user=user, case=case, service=world["home_health"], **fields)


@pytest.fixture
def sent(world, decider, person):
    case = case_for(decider, person)
    decision = draft_for(decider, case, world)
    return services.decision_send(acting_user=decider, decision=decision, sent_on=TODAY)


def test_sending_stores_the_letter_once_with_its_hash(sent, decider):
    letter = Letter.objects.get()
    pdf = letter_store.pdf_bytes(letter)
    assert letter.kind == LetterKind.DECISION and letter.decision == sent and letter.case == sent.case
    assert pdf.startswith(b"%PDF") and letter.size == len(pdf)
    assert letter.sha256 == hashlib.sha256(pdf).hexdigest()
    assert letter.title == "Vedtak om helsetjenester i hjemmet"
    assert letter.recipient_name == "Ragnhild Berg"
    assert letter.recipient_address == "Fjellveien 3\n9999 Demodal"
    assert letter.rendered_by == decider and letter.signed_by == decider
    assert letter.signature == "Ingrid Solberg\nFagkonsulent\nTjenestekontoret"
    assert sent.case.events.filter(kind="letter", text__contains=letter.sha256).exists()


def test_bytes_never_change_after_the_address_name_owner_or_service_change(
    sent, person, client, world, municipality
):
    before = letter_store.pdf_bytes(Letter.objects.get())
    person.street_address, person.first_name = "Havnegata 99", "Ragna"
    person.save()
    case = sent.case
    case.owner = world["office_leader"]
    case.save()
    world["home_health"].name = "Hjemmesykepleie"
    world["home_health"].save()

    client.force_login(world["office_leader"])
    served = client.get(reverse("casework:decision_letter", args=[sent.pk]))
    assert served.status_code == 200
    assert served.content == before
    assert served["X-Content-SHA256"] == hashlib.sha256(before).hexdigest()
    text = pdftotext(served.content)
    assert "Fjellveien 3" in text and "Ragnhild Berg" in text and "Havnegata" not in text
    # Rendering now would print the new address: what was sent is what is kept.
    sent.refresh_from_db()
    assert "Havnegata 99" in pdftotext(letters.decision_letter(sent).pdf)


def test_a_stored_letter_cannot_be_changed(sent):
    letter = Letter.objects.get()
    letter.recipient_address = "Havnegata 99"
    with pytest.raises(TypeError):
        letter.save()
    with pytest.raises(TypeError):
        Letter.objects.filter(pk=letter.pk).update(pdf=b"%PDF-forged")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE casework_letter SET sha256 = %s WHERE id = %s", ["0" * 64, letter.pk])
    assert Letter.objects.get().sha256 == hashlib.sha256(letter_store.pdf_bytes(letter)).hexdigest()


def test_page_and_api_serve_exactly_the_stored_bytes_and_log_the_read(sent, client, decider):
    letter = Letter.objects.get()
    stored = letter_store.pdf_bytes(letter)
    client.force_login(decider)
    page = client.get(reverse("casework:decision_letter", args=[sent.pk]))
    token = api_token_create(user=decider)
    api = client.get(f"/api/v1/decisions/{sent.pk}/letter.pdf", HTTP_AUTHORIZATION=f"Bearer {token}")
    for response in (page, api):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content == stored
        assert hashlib.sha256(response.content).hexdigest() == letter.sha256
        assert response["ETag"] == f'"{letter.sha256}"'
        assert response["X-Content-SHA256"] == letter.sha256
        assert response["Content-Disposition"] == (
            f'inline; filename="vedtak-{sent.pk}-sak-{sent.case_id}.pdf"'
        )
    reads = AccessLog.objects.filter(person=sent.case.person, what__startswith="Vedtaksbrev")
    assert sorted(reads.values_list("channel", flat=True)) == ["api", "web"]
    again = client.get(reverse("casework:decision_letter", args=[sent.pk]), HTTP_IF_NONE_MATCH=page["ETag"])
    assert again.status_code == 304 and again["ETag"] == page["ETag"]


def test_the_download_has_a_bounded_number_of_queries(sent, client, decider, django_assert_max_num_queries):
    client.force_login(decider)
    # The access-log row reads its chain's last row too (after taking the chain lock on PostgreSQL).
    with django_assert_max_num_queries(10):
        response = client.get(reverse("casework:decision_letter", args=[sent.pk]))
    assert response.status_code == 200
    token = api_token_create(user=decider)
    with django_assert_max_num_queries(11):  # the token's lookup and its owner's roles instead of the session
        response = client.get(f"/api/v1/decisions/{sent.pk}/letter.pdf", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200


def test_others_do_not_get_the_letter(sent, client, outsider, nurse, reception):
    url = reverse("casework:decision_letter", args=[sent.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    for user in (nurse, reception):
        client.force_login(user)
        assert client.get(url).status_code in (403, 404)
    token = api_token_create(user=outsider)
    response = client.get(f"/api/v1/decisions/{sent.pk}/letter.pdf", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 404


def test_a_draft_is_rendered_live_marked_utkast_on_every_page_and_never_stored(
    world, decider, person, client
):
    case = case_for(decider, person)
    long_facts = "\n".join(
        f"Opplysning {n}: trenger hjelp med stell og påkledning morgen og kveld." for n in range(80)
    )
    draft = draft_for(decider, case, world, facts=long_facts)
    client.force_login(decider)
    response = client.get(reverse("casework:decision_letter", args=[draft.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert "ETag" not in response and "X-Content-SHA256" not in response
    pages = pdftotext(response.content).split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) >= 2
    assert all("UTKAST" in page for page in pages)
    assert "Utkastet er ikke signert" in pages[-1]
    assert pdfinfo(response.content)["Title"].strip() == "UTKAST – Vedtak om helsetjenester i hjemmet"
    assert not Letter.objects.exists()


def test_the_letter_names_and_signs_with_the_one_who_decided(world, decider, person, case_worker):
    case = case_for(decider, person)
    services.case_assign(acting_user=decider, case=case, owner=case_worker)
    services.decision_send(acting_user=decider, decision=draft_for(decider, case, world), sent_on=TODAY)
    letter = Letter.objects.get()
    text = pdftotext(letter_store.pdf_bytes(letter))
    assert "Med vennlig hilsen" in text
    assert "Ingrid Solberg" in text and "Fagkonsulent" in text
    assert case_worker.display_name not in text  # the case owner did not decide
    assert letter.signed_by == decider and letter.signature.startswith("Ingrid Solberg\nFagkonsulent")


def test_the_pdf_is_tagged_norwegian_with_title_and_author(sent):
    pdf = letter_store.pdf_bytes(Letter.objects.get())
    raw = inflated(pdf)
    assert b"/StructTreeRoot" in raw
    assert b"/Lang (nb)" in raw
    assert b"/MarkInfo <</Marked true>>" in raw
    assert b"pdfuaid:part" in raw or b"pdfuaid" in raw
    info = pdfinfo(pdf)
    assert info["Tagged"].strip() == "yes"
    assert info["Title"].strip() == "Vedtak om helsetjenester i hjemmet"
    assert info["Author"].strip() == "Demo kommune"
    text = pdftotext(pdf)
    for words in (
        "Vedtak om helsetjenester i hjemmet",
        "Hva vi har lagt vekt på",
        "påkledning",
        "Du kan klage",
    ):
        assert words in text


def test_a_failed_send_stores_no_letter(world, decider, person):
    case = case_for(decider, person)
    draft = draft_for(decider, case, world, facts="")
    with pytest.raises(ValidationError):
        services.decision_send(acting_user=decider, decision=draft, sent_on=TODAY)
    assert not Letter.objects.exists()


def test_the_advance_notice_is_stated_with_its_date(sent, decider, world):
    for status in ("evaluation", "revised"):
        services.case_transition(acting_user=decider, case=sent.case, to=status, note="Behovet er endret.")
    reduced = services.decision_draft_create(
        acting_user=decider,
        case=sent.case,
        service=world["home_health"],
        supersedes=sent,
        outcome="DELVIS_INNVILGET",
        scope_amount=1,
        scope_unit="visits_week",
        content="Hjelp med morgenstell.",
        start_date=D(2027, 1, 4),
        review_date=D(2027, 5, 1),
        facts="Klarer påkledning selv etter opptrening.",
        considerations="Behovet er mindre.",
        payment="Gratis.",
        provider_unit=world["home_care"],
        advance_notice_sent_on=D(2026, 11, 24),
        advance_notice_comment_by=D(2026, 11, 30),
        advance_notice_text="Vi vurderer å redusere til ett besøk i uka.",
    )
    services.decision_send(acting_user=decider, decision=reduced, sent_on=local_today())
    text = pdftotext(letter_store.pdf_bytes(Letter.objects.get(decision=reduced)))
    assert "Vi sendte deg forhåndsvarsel om endringen 24. november 2026 (forvaltningsloven § 16)." in text
    assert "Fristen for å uttale deg var 30. november 2026." in text
    assert "Dette vedtaket erstatter vedtaket av 23. november 2026" in text
    # The first letter is still the one that was sent.
    assert Letter.objects.count() == 2


def test_the_interim_reply_is_stored_signed_by_its_sender_and_served(world, decider, person, client):
    case = case_for(decider, person)
    services.interim_reply_send(
        acting_user=decider,
        case=case,
        reason="Vi venter på opplysninger fra fastlegen.",
        expected_by=D(2099, 1, 15),
    )
    letter = Letter.objects.get()
    assert letter.kind == LetterKind.INTERIM_REPLY and letter.decision is None and letter.signed_by == decider
    stored = letter_store.pdf_bytes(letter)
    text = pdftotext(stored)
    assert "Foreløpig svar på søknaden din" in text
    assert "Vi venter på opplysninger fra fastlegen." in text
    assert "forvaltningsloven § 11 a" in text
    assert "Ingrid Solberg" in text and "Fagkonsulent" in text
    person.street_address = "Havnegata 99"
    person.save()
    client.force_login(decider)
    response = client.get(reverse("casework:interim_letter", args=[case.pk]))
    assert response.content == stored and response["X-Content-SHA256"] == letter.sha256
    assert response["Content-Disposition"] == f'inline; filename="forelopig-svar-sak-{case.pk}.pdf"'
    token = api_token_create(user=decider)
    api = client.get(f"/api/v1/cases/{case.pk}/interim-letter.pdf", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.content == stored


def test_case_page_and_api_show_each_sent_letter_with_its_hash(sent, client, decider):
    letter = Letter.objects.get()
    client.force_login(decider)
    page = client.get(reverse("casework:case", args=[sent.case_id])).content.decode()
    assert letter.sha256[:12] in page
    assert letter.sha256 in page  # the full hash, behind «Hele SHA-256»
    assert "Hele SHA-256" in page
    assert reverse("casework:decision_letter", args=[sent.pk]) in page
    token = api_token_create(user=decider)
    body = json.loads(
        client.get(f"/api/v1/cases/{sent.case_id}", HTTP_AUTHORIZATION=f"Bearer {token}").content
    )
    out = body["decisions"][0]["letter"]
    assert out["sha256"] == letter.sha256 and out["size"] == letter.size
    assert out["url"] == f"/api/v1/decisions/{sent.pk}/letter.pdf"
    assert out["signature"].startswith("Ingrid Solberg")
    assert body["interim_letter"] is None


def test_weeks_are_written_in_words():
    assert letters.weeks_in_words(3) == "tre uker"
    assert letters.weeks_in_words(4) == "fire uker"
    assert letters.weeks_in_words(1) == "én uke"


def _regime(municipality, code):
    return LegalRegimeVersion.objects.get(regime__municipality=municipality, regime__code=code)


@pytest.fixture
def letterheads(world, municipality):
    LegalRegimeVersion.objects.filter(pk=_regime(municipality, "health_care").pk).update(
        street_address="Rådhusgata 1",
        postal_code="9999",
        postal_place="Demodal",
        phone="99 99 10 00",
        email="tjenestekontoret@demo.kommune.no",
    )
    LegalRegimeVersion.objects.filter(pk=_regime(municipality, "social").pk).update(
        office_name="NAV Demo",
        street_address="Storgata 5",
        postal_code="9999",
        postal_place="Demodal",
        phone="55 55 33 33",
        email="nav.demo@nav.no",
    )


def nav_denial(world, decider, person, municipality):
    decider = world["nav_leader"]  # NAV's cases are decided at the NAV office
    help_ = Service.objects.get(municipality=municipality, name="Økonomisk sosialhjelp")
    case = services.application_receive(
        acting_user=decider,
        municipality=municipality,
        person=person,
        received_on=TODAY,
        need="Trenger penger til husleie denne måneden.",
        signed_by="person",
        wished_services=[help_],
    )
    services.assessment_record(
        acting_user=decider,
        case=case,
        kind="conversation",
        held_on=TODAY,
        scores={"personlig_hygiene": 1},  # until a social-services assessment needs no IPLOS score
        sources="Samtale og kontoutskrift",
    )
    draft = services.decision_draft_create(
        acting_user=decider,
        case=case,
        service=help_,
        outcome="AVSLATT",
        facts="Inntekten er over satsene for livsopphold.",
        considerations="Du kan dekke husleien selv denne måneden.",
    )
    return services.decision_send(acting_user=decider, decision=draft, sent_on=TODAY)


def test_a_nav_letter_has_three_weeks_the_nav_office_statsforvalteren_and_no_ombud(
    world, decider, person, municipality, letterheads
):
    decision = nav_denial(world, decider, person, municipality)
    letter = Letter.objects.get(decision=decision)
    text = " ".join(pdftotext(letter_store.pdf_bytes(letter)).split())
    assert decision.appeal_deadline == D(2026, 12, 14)
    assert "Fristen er tre uker fra vedtaket kom fram til deg (forvaltningsloven § 29)" in text
    assert "det vil si innen 14. desember 2026" in text
    # pdftotext drops a hyphen where a line breaks («NAV-|kontoret»), so compare without it.
    assert "Send klagen skriftlig til NAVkontoret som fattet vedtaket" in text.replace(
        "NAV-kontoret", "NAVkontoret"
    )
    assert "(forvaltningsloven § 32)" in text
    assert "Statsforvalteren" in text
    assert "ombud" not in text.lower()
    assert "fire uker" not in text and "Tjenestekontoret" not in text
    assert "Hjemmel: sosialtjenesteloven § 18." in text
    assert "NAV Demo" in text and "Storgata 5" in text and "55 55 33 33" in text and "nav.demo@nav.no" in text
    assert letter.signature.splitlines()[-1] == "NAV Demo"  # signed at the NAV office that decided


def test_a_health_letter_has_four_weeks_the_service_office_and_the_ombud(letterheads, sent):
    text = " ".join(pdftotext(letter_store.pdf_bytes(Letter.objects.get())).split())
    assert "Fristen er fire uker fra du fikk eller burde ha fått kjennskap til vedtaket" in text
    assert squashed("(pasient- og brukerrettighetsloven § 7-5)") in squashed(text)
    assert "Send klagen skriftlig til Tjenestekontoret" in text
    assert squashed(
        "sender vi klagen til Statsforvalteren, som avgjør den (pasient- og brukerrettighetsloven § 7-2)"
    ) in squashed(text)
    assert squashed("Pasient- og brukerombudet kan hjelpe deg gratis med å klage.") in squashed(text)
    assert "(forvaltningsloven §§ 18 og 19)" in text
    assert squashed("helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6 bokstav a") in squashed(text)
    assert squashed("pasient- og brukerrettighetsloven § 2-1 a") in squashed(text)
    assert "hol §" not in text and "pbrl §" not in text and "fvl" not in text


def test_the_letterhead_and_closing_give_the_deciding_offices_contact_details(letterheads, sent):
    pages = pdftotext(letter_store.pdf_bytes(Letter.objects.get()))
    head, _, rest = pages.partition("Vedtak om helsetjenester i hjemmet")
    closing = rest[rest.index("Med vennlig hilsen") :]
    for part in (head, closing):
        flat = " ".join(part.split())
        assert "Tjenestekontoret" in flat
        assert "Rådhusgata 1, 9999 Demodal" in flat
        assert "99 99 10 00" in flat and "tjenestekontoret@demo.kommune.no" in flat


def test_the_interim_reply_reads_its_rule_from_the_regime(world, decider, person, municipality):
    LegalRegimeVersion.objects.filter(pk=_regime(municipality, "health_care").pk).update(
        interim_rule="fvl § 11 a første ledd"
    )
    case = case_for(decider, person)
    services.interim_reply_send(
        acting_user=decider, case=case, reason="Vi venter på epikrisen.", expected_by=D(2099, 1, 15)
    )
    text = " ".join(pdftotext(letter_store.pdf_bytes(Letter.objects.get())).split())
    assert "Dette brevet sendes etter forvaltningsloven § 11 a første ledd." in text


def test_without_a_regime_in_force_the_interim_reply_is_refused_and_nothing_changes(
    world, decider, person, municipality
):
    case = case_for(decider, person)
    LegalRegimeVersion.objects.filter(regime__municipality=municipality).update(valid_from=D(2099, 1, 1))
    with pytest.raises(ValidationError) as caught:
        services.interim_reply_send(
            acting_user=decider, case=case, reason="Venter på epikrise.", expected_by=D(2099, 1, 15)
        )
    assert "service_area" in caught.value.message_dict
    case.refresh_from_db()
    assert case.interim_reply_sent_on is None and not Letter.objects.exists()


def test_a_refusal_says_what_was_refused_and_never_what_it_costs(world, decider, person):
    case = case_for(decider, person)
    refusal = services.decision_draft_create(
        acting_user=decider,
        case=case,
        service=world["home_health"],
        outcome="AVSLATT",
        content="Hjelp med rengjøring.",
        facts="Klarer stell selv.",
        considerations="Behovet dekkes ikke av helsetjenester i hjemmet.",
    )
    services.decision_send(acting_user=decider, decision=refusal, sent_on=TODAY)
    text = pdftotext(letter_store.pdf_bytes(Letter.objects.get(decision=refusal)))
    assert "Vi har avslått søknaden din om helsetjenester i hjemmet." in text
    assert "Dette søkte du om: Hjelp med rengjøring." in text
    assert "Hva det koster" not in text and "Tjenesten er gratis" not in text and "Fra " not in text


def test_a_reduction_says_from_what_to_what(sent, decider, world):
    for status in ("evaluation", "revised"):
        services.case_transition(acting_user=decider, case=sent.case, to=status, note="Behovet er endret.")
    reduced = draft_for(
        decider,
        sent.case,
        world,
        supersedes=sent,
        outcome="DELVIS_INNVILGET",
        scope_amount=1,
        start_date=local_today(),
        advance_notice_sent_on=D(2026, 11, 24),
        advance_notice_comment_by=D(2026, 11, 30),
        advance_notice_text="Vi vurderer å redusere til ett besøk i uka.",
    )
    services.decision_send(acting_user=decider, decision=reduced, sent_on=local_today())
    text = " ".join(pdftotext(letter_store.pdf_bytes(Letter.objects.get(decision=reduced))).split())
    assert "Hjelpen din blir redusert: før fikk du 3 besøk per uke, nå får du 1 besøk per uke." in text


def test_a_presumed_delivery_is_said_to_be_presumed(world, decider, person):
    draft = draft_for(decider, case_for(decider, person), world)
    sent = services.decision_send(acting_user=decider, decision=draft, sent_on=TODAY, delivery_method="post")
    assert sent.delivered_on_presumed
    text = " ".join(pdftotext(letter_store.pdf_bytes(Letter.objects.get(decision=sent))).split())
    assert f"Vi har regnet med at brevet kom fram til deg {sent.delivered_on.day}." in text
    assert "regnes fristen fra den dagen du fikk det" in text


@pytest.mark.parametrize(
    ("references", "words"),
    [
        (["sotjl § 18"], "annet rettsregime"),
        (["sosialtjenesteloven § 18"], "annet rettsregime"),
        (["xyz § 3"], "ikke en kjent forkortelse"),
    ],
)
def test_a_legal_basis_from_another_regime_or_unknown_is_refused(world, decider, person, references, words):
    case = case_for(decider, person)
    with pytest.raises(ValidationError) as refused:
        draft_for(decider, case, world, legal_basis=references)
    assert words in refused.value.message_dict["legal_basis"][0]
    ok = draft_for(
        decider, case, world, legal_basis=["hol § 3-2 første ledd nr. 6 bokstav a", "folketrygdloven § 10-5"]
    )
    assert ok.legal_basis[1] == "folketrygdloven § 10-5"
