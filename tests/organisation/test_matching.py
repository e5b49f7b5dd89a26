"""Tolerant name matching: abbreviations, word order, spelling, case, punctuation and the Norwegian letters,
each suggestion with its reason."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helhet.organisation.matching import external_kind_hint, fold, looks_like_role, suggest

UNITS = list(
    enumerate(
        [
            "Hjemmesykepleien sone Nord",
            "Hjemmesykepleien sone Sør",
            "Tjenestekontoret",
            "Psykisk helse og rus",
            "Fysio- og ergoterapitjenesten",
            "NAV Demo",
            "Økonomi- og serviceteam",
            "Koordinerende enhet",
            "Langtidsavdelingen",
            "Brukerstyrt personlig assistanse",
        ],
        start=1,
    )
)


@pytest.mark.parametrize(
    ("name", "unit", "reason"),
    [
        ("hjsp. sone nord", "Hjemmesykepleien sone Nord", "«hjsp» er forkortelse for «hjemmesykepleien»"),
        ("Sone Nord hjemmesykepleien", "Hjemmesykepleien sone Nord", "samme ord i annen rekkefølge"),
        ("TK", "Tjenestekontoret", "«tk» er forkortelse for «tjenestekontoret»"),
        ("Tildelingskontoret", "Tjenestekontoret", "er et annet navn for"),
        ("psyk. helse og rus", "Psykisk helse og rus", "«psyk» er forkortelse for «psykisk»"),
        ("Psykisk helse", "Psykisk helse og rus", "alle ordene finnes i «Psykisk helse og rus»"),
        ("NAV", "NAV Demo", "alle ordene finnes"),
        ("Okonomi og serviceteam", "Økonomi- og serviceteam", "uten æ, ø og å"),
        ("Langtidsavd.", "Langtidsavdelingen", "forkortelse for"),
        ("BPA", "Brukerstyrt personlig assistanse", "«bpa» er forkortelse for"),
        ("Hjemmesykeplein sone Nord", "Hjemmesykepleien sone Nord", "lik skrivemåte ("),
        ("KE", "Koordinerende enhet", "forkortelse"),
    ],
)
def test_the_best_suggestion_and_why(name, unit, reason):
    best = suggest(name, UNITS)[0]
    assert best.name == unit
    assert reason in best.reason


def test_a_name_like_no_unit_gets_no_suggestion():
    assert suggest("Fastlegene", UNITS) == []
    assert suggest("Politiet", UNITS) == []


def test_ambiguous_names_get_every_fitting_unit_and_none_is_chosen():
    names = [s.name for s in suggest("Hjemmesykepleien", UNITS)]
    assert names[:2] == ["Hjemmesykepleien sone Nord", "Hjemmesykepleien sone Sør"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Fastlegene", "gp"),
        ("Sykehuset Innlandet", "hospital"),
        ("DPS", "hospital"),
        ("Barnehagene", "school"),
        ("Politiet", "police"),
        ("Frivilligsentralen", "volunteers"),
        ("Brukere og pårørende", "users_relatives"),
        ("Nabokommunen", "municipality"),
        ("Tjenestekontoret", None),
    ],
)
def test_external_kind_hints(name, kind):
    assert external_kind_hint(name) == kind


def test_role_hints():
    assert looks_like_role("Koordinator") and looks_like_role("Ledere")
    assert not looks_like_role("Demo sykehjem")


words = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå", min_size=1, max_size=8), min_size=1, max_size=4
)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(words, st.sampled_from([" ", "  ", " - ", ". ", ", ", "/"]))
def test_fold_ignores_case_punctuation_and_spacing(parts, separator):
    plain = " ".join(parts)
    assert fold(separator.join(parts).upper()) == fold(plain)
    assert fold(fold(plain)) == fold(plain)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(words)
def test_the_same_words_in_another_order_are_always_suggested(parts):
    name = " ".join(parts)
    reordered = " ".join(reversed(parts))
    found = suggest(reordered, [(1, name)])
    assert found and found[0].unit_id == 1 and found[0].score >= 94


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=30))
def test_folding_any_text_twice_gives_what_folding_once_gave(text):
    assert fold(fold(text)) == fold(text)
