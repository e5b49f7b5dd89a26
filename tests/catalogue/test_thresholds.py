"""Threshold rules: validation, plain words, suggestions from the lowest care level up, versions by date."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from helhet.catalogue import services
from helhet.catalogue.models import CareLevel, Service, ThresholdRule
from helhet.catalogue.thresholds import (
    AssessmentFacts,
    describe,
    evaluate,
    suggest_services,
    validate_criteria,
)

D = datetime.date
TODAY = D(2026, 11, 23)


@pytest.fixture
def catalogue(municipality):
    services.catalogue_install_defaults(municipality=municipality, on=TODAY)
    return municipality


def names(suggestions):
    return [s.service.name for s in suggestions]


def test_default_ladder_has_seven_steps_and_the_statutory_services(catalogue):
    assert [level.name for level in CareLevel.objects.filter(municipality=catalogue)] == [
        "Klarer meg selv",
        "Klarer meg ganske godt selv",
        "Litt hjelp",
        "Hjelp hjemme",
        "Mer hjelp i perioder",
        "Mye av tiden",
        "Hele døgnet",
    ]
    service_names = set(Service.objects.values_list("name", flat=True))
    assert {
        "Helsetjenester i hjemmet",
        "Praktisk bistand – daglige gjøremål",
        "Støttekontakt",
        "Langtidsopphold i sykehjem",
        "Dagaktivitetstilbud for hjemmeboende med demens",
        "Omsorgsstønad",
        "Avlastning utenfor institusjon",
        "Brukerstyrt personlig assistanse (BPA)",
        "Triosamtaler",
        "Helsestasjon",
        "Økonomisk sosialhjelp",
        "Kvalifiseringsprogram",
        "Legevakt",
    } <= service_names
    home = Service.objects.get(name="Helsetjenester i hjemmet")
    assert (home.kpr_code, home.requires_decision, home.payment_rule) == (15, True, "free")
    assert Service.objects.get(name="Økonomisk sosialhjelp").care_level is None


def test_personal_care_needs_suggest_home_health_care_with_reasons_in_words(catalogue):
    facts = AssessmentFacts(scores={"personlig_hygiene": 4, "kle_seg": 4}, age=84, lives_alone=False)
    suggestions = suggest_services(catalogue, facts, on=TODAY)
    home = next(s for s in suggestions if s.service.name == "Helsetjenester i hjemmet")
    assert (
        home.sentence
        == "trenger hjelp med personlig hygiene (4) og av- og påkledning (4) → helsetjenester i hjemmet"
    )


def test_score_two_is_managing_alone_with_difficulty_not_needing_help(catalogue):
    """IPLOS 2: manages alone with difficulty or aids, no help from others; help from others starts at 3."""
    facts = AssessmentFacts(scores={"husarbeid": 2, "bevege_innendors": 3}, age=80)
    rehab = next(
        s for s in suggest_services(catalogue, facts, on=TODAY) if s.service.name == "Hverdagsrehabilitering"
    )
    assert rehab.reasons[:2] == (
        "trenger hjelp med å bevege seg innendørs (3)",
        "klarer selv, men med vansker: alminnelig husarbeid (2)",
    )
    assert "trenger hjelp med alminnelig husarbeid" not in rehab.sentence


def test_suggestions_come_from_the_lowest_care_level_up(catalogue):
    facts = AssessmentFacts(
        scores={"personlig_hygiene": 5, "bevege_innendors": 4, "hukommelse": 4, "toalett": 4},
        age=88,
        lives_alone=True,
    )
    positions = [s.service.care_level.position for s in suggest_services(catalogue, facts, on=TODAY)]
    assert positions == sorted(positions)
    assert "Langtidsopphold i sykehjem" in names(suggest_services(catalogue, facts, on=TODAY))


def test_score_nine_means_not_relevant_and_meets_nothing(catalogue):
    facts = AssessmentFacts(scores={"personlig_hygiene": 9, "kle_seg": 9})
    assert "Helsetjenester i hjemmet" not in names(suggest_services(catalogue, facts, on=TODAY))


def test_facts_count_age_living_alone_and_diagnosis(catalogue):
    child = AssessmentFacts(age=9)
    assert "Triosamtaler" in names(suggest_services(catalogue, child, on=TODAY))
    dementia = AssessmentFacts(scores={"hukommelse": 3}, diagnosis_group="demens", age=80)
    assert "Dagaktivitetstilbud for hjemmeboende med demens" in names(
        suggest_services(catalogue, dementia, on=TODAY)
    )
    assert "Dagaktivitetstilbud for hjemmeboende med demens" not in names(
        suggest_services(catalogue, AssessmentFacts(scores={"hukommelse": 3}, age=80), on=TODAY)
    )


def test_min_any_needs_enough_alternatives(db):
    rule = {
        "any": [{"variable": "personlig_hygiene", "min": 4}, {"variable": "kle_seg", "min": 4}],
        "min_any": 2,
    }
    from helhet.catalogue.thresholds import _variables

    variables = _variables()
    assert evaluate(rule, AssessmentFacts(scores={"personlig_hygiene": 4}), variables) is None
    assert evaluate(rule, AssessmentFacts(scores={"personlig_hygiene": 4, "kle_seg": 5}), variables) == [
        "trenger hjelp med personlig hygiene (4) og av- og påkledning (5)"
    ]


def test_rules_are_described_in_plain_words(db):
    text = describe(
        {
            "all": [{"fact": "age", "min": 67}],
            "any": [{"variable": "personlig_hygiene", "min": 3}, {"variable": "hukommelse", "min": 4}],
        }
    )
    assert text == (
        "Dette må gjelde: 67 år eller eldre. Minst ett av dette: personlig hygiene: trenger noe hjelp eller mer (3+) "
        "eller hukommelse: trenger mye hjelp eller mer (4+)."
    )


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ({"any": [{"variable": "flyging", "min": 3}]}, "Ukjent funksjonsvariabel «flyging»."),
        ({"any": [{"variable": "personlig_hygiene", "min": 7}]}, "fra 1 til 5"),
        ({"any": []}, "minst ett kriterium"),
        ({"all": [{"fact": "age"}]}, "Alder må ha"),
        ({"all": [{"fact": "diagnosis_group", "in": ["influensa"]}]}, "kjente grupper"),
        ({"any": [{"variable": "syn", "min": 2}], "min_any": 3}, "min_any"),
        ([1, 2], "objekt"),
        ({"any": [{"variable": "syn", "min": 2}], "review": "ja"}, "«review» må være true eller false."),
    ],
)
def test_bad_rules_are_refused_with_a_norwegian_message(db, criteria, message):
    with pytest.raises(ValidationError) as caught:
        validate_criteria(criteria)
    assert message in " ".join(caught.value.messages)


def test_a_new_rule_version_ends_the_old_one_and_dates_decide_which_applies(catalogue, admin_user):
    service = Service.objects.get(name="Matombringing")
    services.threshold_rule_set(
        acting_user=admin_user,
        service=service,
        criteria={"all": [{"variable": "lage_mat", "min": 4}]},
        valid_from=D(2027, 1, 1),
        plain_text="",
    )
    old, new = ThresholdRule.objects.filter(service=service).order_by("valid_from")
    assert old.valid_to == D(2026, 12, 31) and new.valid_to is None
    facts = AssessmentFacts(scores={"lage_mat": 3})
    assert "Matombringing" in names(suggest_services(catalogue, facts, on=D(2026, 12, 31)))
    assert "Matombringing" not in names(suggest_services(catalogue, facts, on=D(2027, 1, 1)))


def test_only_editors_may_change_thresholds(catalogue, case_worker):
    service = Service.objects.get(name="Matombringing")
    with pytest.raises(PermissionDenied):
        services.threshold_rule_set(
            acting_user=case_worker,
            service=service,
            criteria={"all": [{"variable": "lage_mat", "min": 4}]},
            valid_from=TODAY,
        )


def test_the_care_ladder_can_be_renamed_extended_and_reordered(catalogue, admin_user):
    levels = list(CareLevel.objects.filter(municipality=catalogue))
    services.care_level_rename(
        acting_user=admin_user,
        level=levels[3],
        name="Hjelp i eget hjem",
        description="",
        expected_version=levels[3].version,
    )
    services.care_level_add(
        acting_user=admin_user, municipality=catalogue, name="Velferdsteknologi", position=2
    )
    services.care_level_move(
        acting_user=admin_user, level=CareLevel.objects.get(name="Velferdsteknologi"), up=True
    )
    assert [level.name for level in CareLevel.objects.filter(municipality=catalogue)][:5] == [
        "Klarer meg selv",
        "Klarer meg ganske godt selv",
        "Litt hjelp",
        "Velferdsteknologi",
        "Hjelp i eget hjem",
    ]


def test_a_stale_rename_is_refused(catalogue, admin_user):
    from helhet.core.errors import ConflictError

    level = CareLevel.objects.filter(municipality=catalogue).first()
    services.care_level_rename(
        acting_user=admin_user, level=level, name="A", description="", expected_version=1
    )
    with pytest.raises(ConflictError):
        services.care_level_rename(
            acting_user=admin_user, level=level, name="B", description="", expected_version=1
        )


@settings(max_examples=60, deadline=None)
@given(
    scores=st.dictionaries(
        st.sampled_from(
            [
                "personlig_hygiene",
                "kle_seg",
                "hukommelse",
                "lage_mat",
                "husarbeid",
                "bevege_innendors",
                "toalett",
                "styre_atferd",
            ]
        ),
        st.sampled_from([1, 2, 3, 4, 5, 9]),
    ),
    age=st.integers(0, 110),
)
@pytest.mark.django_db
def test_any_assessment_gets_ordered_suggestions_each_with_a_reason(scores, age):
    from helhet.catalogue.models import CareLevel as Level
    from tests import factories

    municipality = factories.municipality()
    if not Level.objects.filter(municipality=municipality).exists():
        services.catalogue_install_defaults(municipality=municipality, on=TODAY)
    suggestions = suggest_services(municipality, AssessmentFacts(scores=scores, age=age), on=TODAY)
    positions = [s.service.care_level.position if s.service.care_level else 999 for s in suggestions]
    assert positions == sorted(positions)
    assert all(s.reasons and "→" in s.sentence for s in suggestions)
