# ruff: noqa: F811  (the fixtures person and decider are imported from test_letters and used as arguments)
"""Letters in the person's målform (issue 13): a person who has chosen nynorsk gets the decision letter and
the interim reply in nynorsk, the regime's texts and the acts' names included; everyone else gets bokmål."""

import pytest
from django.core.exceptions import ValidationError

from helhet.casework import letter_store, letters, services
from helhet.casework.models import Letter, LetterKind
from helhet.catalogue.models import LegalRegimeVersion
from tests.casework.test_letters import (  # noqa: F401 (fixtures)
    TODAY,
    case_for,
    decider,
    draft_for,
    nav_denial,
    pdftotext,
    person,
    squashed,
)


def _text(letter: Letter) -> str:
    return " ".join(pdftotext(letter_store.pdf_bytes(letter)).split())


@pytest.fixture
def nynorsk(person):
    person.written_form = "nn"
    person.save(update_fields=["written_form"])
    return person


def test_a_health_decision_to_a_nynorsk_reader_is_written_in_nynorsk(world, decider, nynorsk):
    case = case_for(decider, nynorsk)
    decision = services.decision_send(
        acting_user=decider, decision=draft_for(decider, case, world), sent_on=TODAY
    )
    letter = Letter.objects.get(decision=decision)
    text = _text(letter)
    assert "Vi viser til søknaden din, som vi fekk 23. november 2026." in text
    assert "Innvilga." in text
    assert "Du får 3 besøk per veke." in text
    assert "Fristen er fire veker frå du fekk eller burde ha fått kjennskap til vedtaket" in text
    assert squashed("(pasient- og brukarrettslova § 7-5)") in squashed(text)
    assert "Send klagen skriftleg til Tenestekontoret" in text
    assert squashed("Pasient- og brukarombodet kan hjelpe deg gratis med å klage.") in squashed(text)
    assert squashed("helse- og omsorgstenestelova § 3-2") in squashed(text)
    assert "Med venleg helsing" in text
    for bokmal in ("Med vennlig hilsen", "fire uker", "Tjenestekontoret", "rettighetsloven", "Hvis du"):
        assert bokmal not in text
    assert letter.signature.splitlines()[-1] == "Tenestekontoret"
    assert letter.title.startswith("Vedtak om ")
    assert '<html lang="nn">' in letters.decision_letter_html(decision)


def test_the_same_decision_to_a_bokmal_reader_stays_in_bokmal(world, decider, person):
    assert person.written_form == ""  # not chosen: bokmål
    case = case_for(decider, person)
    services.decision_send(acting_user=decider, decision=draft_for(decider, case, world), sent_on=TODAY)
    text = _text(Letter.objects.get())
    assert "Med vennlig hilsen" in text and "fire uker" in text and "Med venleg helsing" not in text


def test_a_nav_letter_in_nynorsk_has_three_weeks_and_the_nynorsk_act_names(
    world, decider, nynorsk, municipality
):
    decision = nav_denial(world, decider, nynorsk, municipality)
    text = _text(Letter.objects.get(decision=decision))
    assert "Fristen er tre veker frå vedtaket kom fram til deg (forvaltningslova § 29)" in text
    assert "Avslått." in text and "Vi har avslått søknaden din om" in text
    assert "Send klagen skriftleg til NAVkontoret som gjorde vedtaket" in text.replace(
        "NAV-kontoret", "NAVkontoret"
    )
    assert "Heimel: sosialtenestelova § 18." in text
    assert "sosialtjenesteloven" not in text and "forvaltningsloven" not in text


def test_the_interim_reply_follows_the_målform(world, decider, nynorsk):
    case = case_for(decider, nynorsk)
    services.interim_reply_send(
        acting_user=decider,
        case=case,
        reason="Vi venter på opplysninger fra fastlegen.",
        expected_by=TODAY.replace(year=2027, month=1, day=15),
    )
    letter = Letter.objects.get(kind=LetterKind.INTERIM_REPLY)
    text = _text(letter)
    assert letter.title == "Førebels svar på søknaden din"
    assert "Vi fekk søknaden din 23. november 2026. Vi har ikkje kunna gjere vedtak enno." in text
    assert squashed("Dette brevet blir sendt etter forvaltningslova § 11 a.") in squashed(text)


def test_weeks_in_nynorsk():
    assert letters.weeks_in_words(1, "nn") == "éi veke"
    assert letters.weeks_in_words(3, "nn") == "tre veker"
    assert letters.weeks_in_words(4, "nb") == "fire uker"


def test_a_version_without_nynorsk_texts_prints_bokmal_and_a_bad_nynorsk_field_is_refused(
    world, municipality
):
    version = LegalRegimeVersion.objects.get(regime__municipality=municipality, regime__code="health_care")
    assert version.in_written_form("nb") is version
    version.nynorsk = {}
    assert version.in_written_form("nn") is version
    for bad in ({"unknown_field": "x"}, {"acts": ["hol"]}, {"office_name": 3}, ["acts"]):
        version.nynorsk = bad
        with pytest.raises(ValidationError) as refused:
            version.full_clean(exclude=["regime"])
        assert "nynorsk" in refused.value.message_dict
