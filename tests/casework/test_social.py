"""NAV's social services: the assessment without IPLOS scores, economic decisions and their missing parts,
loans with repayment terms, amounts in kroner, and the urgent case that is decided within the hour."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from helhet.casework import services, social
from helhet.casework.models import Case, Decision
from helhet.catalogue.models import Service
from helhet.core.calendar import local_today
from helhet.intake import services as intake
from tests import factories

D = datetime.date


@pytest.fixture
def help_(world, municipality):
    return Service.objects.get(municipality=municipality, name="Økonomisk sosialhjelp")


@pytest.fixture
def man(municipality):
    return factories.person(municipality, first_name="Per", last_name="Lund", birth_date=D(1988, 6, 9))


def nav_case(nav_worker, person, help_, *, inquiry=None, **extra) -> Case:
    return services.application_receive(
        acting_user=nav_worker,
        municipality=person.municipality,
        person=person,
        need="Penger til å betale en bot i dag, ellers mister jeg den nye jobben.",
        wished_services=[help_],
        signed_by="person",
        inquiry=inquiry,
        **extra,
    )


def social_assess(nav_worker, case, help_, **extra):
    fields = {
        "kind": "conversation",
        "held_on": local_today(),
        "household_adults": 1,
        "household_children": 0,
        "income": [{"what": "Økonomisk sosialhjelp", "amount": "8 300"}],
        "expenses": [{"what": "Husleie", "amount": "6500"}, {"what": "", "amount": None}],
        "urgent_need": "Forelegg på kr 4 500 må betales før soning i morgen.",
        "urgent_by": local_today() + datetime.timedelta(days=1),
        "resources": "Ingen oppsparte penger.",
        "other_benefits": "Ingen ytelse kan utbetales i dag.",
        "sources": "Telefon fra NAV-veileder, forelegget, arbeidskontrakten.",
        "chosen_services": [help_],
    }
    fields.update(extra)
    return services.social_assessment_record(acting_user=nav_worker, case=case, **fields)


LOAN = {
    "outcome": "INNVILGET",
    "economic_basis": "sotjl_19",
    "benefit_form": "loan",
    "amount": Decimal("4500"),
    "amount_period": "once",
    "content": "Betaling av forelegget.",
    "facts": "Ny jobb fra mandag, soning fra i morgen, ingen penger.",
    "considerations": "Å beholde jobben gjør ham selvhjulpen; lønn fra neste måned, derfor lån.",
    "conditions": ["Du begynner i jobben som avtalt."],
    "repayment_per_month": Decimal("500"),
}


def loan_draft(nav_worker, case, help_, **extra):
    fields = {
        **LOAN,
        "start_date": local_today(),
        "repayment_first_on": local_today() + datetime.timedelta(days=40),
    }
    fields.update(extra)
    return services.decision_draft_create(acting_user=nav_worker, case=case, service=help_, **fields)


def test_a_nav_case_is_assessed_without_iplos_scores(world, nav_worker, man, help_):
    case = nav_case(nav_worker, man, help_)
    assert case.service_area == "social"
    assessment = social_assess(nav_worker, case, help_)
    assert assessment.form == "social" and assessment.scores == {}
    assert assessment.income == [{"what": "Økonomisk sosialhjelp", "amount": "8300.00"}]
    assert assessment.expenses == [{"what": "Husleie", "amount": "6500.00"}]
    assert assessment.household_adults == 1 and assessment.urgent_need.startswith("Forelegg")
    case.refresh_from_db()
    assert case.status == "assessment"
    assert case.events.filter(kind="assessment").get().text.startswith("Kartlegging for sosiale tjenester")


def test_the_social_assessment_needs_sources_and_a_household(world, nav_worker, man, help_):
    case = nav_case(nav_worker, man, help_)
    with pytest.raises(ValidationError) as error:
        social_assess(nav_worker, case, help_, sources="  ")
    assert "fvl. § 17" in error.value.message_dict["sources"][0]
    with pytest.raises(ValidationError) as error:
        social_assess(nav_worker, case, help_, household_adults=None)
    assert "voksne" in error.value.message_dict["household_adults"][0]
    with pytest.raises(ValidationError) as error:
        social_assess(nav_worker, case, help_, household_children=21)
    assert "household_children" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        social_assess(nav_worker, case, help_, urgent_need="Mat\x00")
    assert "NUL" in error.value.message_dict["urgent_need"][0]
    with pytest.raises(ValidationError) as error:
        social_assess(nav_worker, case, help_, income=[{"what": "Lønn", "amount": "-1"}])
    assert "negativt" in error.value.message_dict["income"][0]
    with pytest.raises(ValidationError) as error:
        social_assess(nav_worker, case, help_, chosen_services=[world["home_health"]])
    assert "Helsetjenester i hjemmet" in error.value.message_dict["chosen_services"][0]
    assert not case.assessments.exists()


def test_a_social_service_chosen_in_a_health_assessment_needs_no_higher_level_reason(
    world, case_worker, municipality, help_
):
    person = factories.person(municipality, birth_date=D(1941, 3, 4))
    case = services.application_receive(
        acting_user=case_worker, municipality=municipality, person=person, need="Stell", signed_by="person"
    )
    assessment = services.assessment_record(
        acting_user=case_worker,
        case=case,
        kind="home_visit",
        held_on=local_today(),
        scores={"personlig_hygiene": 1},
        sources="Samtale",
        chosen_services=[help_],
    )
    assert assessment.choice_reason == ""
    with pytest.raises(ValidationError) as error:  # a health service above the thresholds still needs one
        services.assessment_record(
            acting_user=case_worker,
            case=case,
            kind="home_visit",
            held_on=local_today(),
            scores={"personlig_hygiene": 1},
            sources="Samtale",
            chosen_services=[world["home_health"]],
        )
    assert "choice_reason" in error.value.message_dict


def test_an_economic_decision_has_its_own_missing_parts(world, nav_worker, man, help_):
    case = nav_case(nav_worker, man, help_)
    social_assess(nav_worker, case, help_)
    draft = services.decision_draft_create(
        acting_user=nav_worker, case=case, service=help_, outcome="INNVILGET"
    )
    missing = services.missing_parts(draft)
    assert "beløp i kroner" in missing
    assert "engangsbeløp eller beløp per måned" in missing
    assert any(part.startswith("hjemmel for stønaden") for part in missing)
    assert any(part.startswith("stønadsform") for part in missing)
    assert not any("omfang" in part or "utførende enhet" in part or "egenandel" in part for part in missing)
    assert "dato for evaluering" not in missing
    draft = services.decision_draft_update(
        acting_user=nav_worker,
        decision=draft,
        expected_version=draft.version,
        economic_basis="sotjl_18",
        benefit_form="grant",
        amount=Decimal("7600"),
        amount_period="monthly",
        start_date=local_today(),
    )
    assert "til dato (perioden stønaden gis for)" in services.missing_parts(draft)
    assert draft.legal_basis == ["sosialtjenesteloven § 18"]


def test_a_loan_needs_repayment_terms_and_rests_on_paragraphs_19_21_and_20(world, nav_worker, man, help_):
    case = nav_case(nav_worker, man, help_)
    social_assess(nav_worker, case, help_)
    draft = loan_draft(nav_worker, case, help_, repayment_per_month=None, repayment_first_on=None)
    assert draft.legal_basis == [
        "sosialtjenesteloven § 19",
        "sosialtjenesteloven § 21",
        "sosialtjenesteloven § 20",
    ]
    assert any(part.startswith("vilkår for tilbakebetaling") for part in services.missing_parts(draft))
    with pytest.raises(ValidationError) as error:
        services.decision_send(acting_user=nav_worker, decision=draft)
    assert "tilbakebetaling" in error.value.messages[0]
    draft = services.decision_draft_update(
        acting_user=nav_worker,
        decision=draft,
        expected_version=draft.version,
        repayment_terms="Du betaler tilbake når du har fått første lønn, etter avtale med NAV-kontoret.",
    )
    assert services.missing_parts(draft) == []


def test_repayment_and_the_one_off_amount_are_checked(world, nav_worker, man, help_):
    case = nav_case(nav_worker, man, help_)
    social_assess(nav_worker, case, help_)
    with pytest.raises(ValidationError) as error:
        loan_draft(nav_worker, case, help_, repayment_per_month=Decimal("5000"))
    assert "større enn lånet" in error.value.message_dict["repayment_per_month"][0]
    with pytest.raises(ValidationError) as error:
        loan_draft(nav_worker, case, help_, benefit_form="grant")
    assert "lån" in error.value.message_dict["benefit_form"][0]
    with pytest.raises(ValidationError) as error:
        loan_draft(nav_worker, case, help_, end_date=local_today() + datetime.timedelta(days=30))
    assert "engangsbeløp" in error.value.message_dict["end_date"][0].lower()
    with pytest.raises(ValidationError) as error:
        loan_draft(nav_worker, case, help_, conditions=["Vilkår\x00"])
    assert "NUL" in error.value.message_dict["conditions"][0]
    assert not Decision.objects.exists()


def test_a_health_decision_takes_no_amount_in_kroner(world, case_worker, municipality):
    person = factories.person(municipality, birth_date=D(1941, 3, 4))
    case = services.application_receive(
        acting_user=case_worker, municipality=municipality, person=person, need="Stell", signed_by="person"
    )
    services.assessment_record(
        acting_user=case_worker,
        case=case,
        kind="home_visit",
        held_on=case.received_on,
        scores={"personlig_hygiene": 4},
        sources="Hjemmebesøk",
    )
    with pytest.raises(ValidationError) as error:
        services.decision_draft_create(
            acting_user=case_worker, case=case, service=world["home_health"], amount=Decimal("100")
        )
    assert "økonomisk stønad" in error.value.message_dict["amount"][0]


@settings(max_examples=60, deadline=None)
@given(
    amount=st.one_of(
        st.decimals(min_value=-(10**7), max_value=10**7, places=3),
        st.decimals(allow_nan=True, allow_infinity=True),
    )
)
def test_amounts_are_whole_ore_from_zero_to_the_sane_maximum(amount):
    valid = (
        amount.is_finite() and 0 <= amount <= social.MAX_KRONER and amount == amount.quantize(Decimal("0.01"))
    )
    if valid:
        assert social.clean_kroner("amount", amount) == amount
    else:
        with pytest.raises(ValidationError) as error:
            social.clean_kroner("amount", amount)
        assert list(error.value.message_dict) == ["amount"]


@given(kroner=st.integers(min_value=0, max_value=500_000), ore=st.integers(min_value=0, max_value=99))
def test_amounts_written_norwegian_style_read_back(kroner, ore):
    amount = Decimal(kroner) + Decimal(ore) / 100
    text = social.kroner(amount)
    assert text.startswith("kr\xa0")
    assert social.parse_kroner(text) == amount


def test_norwegian_amounts():
    assert social.kroner(Decimal("4500")) == "kr\xa04\xa0500"
    assert social.kroner(Decimal("123456.5")) == "kr\xa0123\xa0456,50"
    assert social.kroner(0) == "kr\xa00"
    assert social.parse_kroner("kr 4 500,-") == Decimal("4500")


def test_the_urgent_loan_goes_from_inquiry_to_sent_letter_within_minutes(
    world, nav_worker, reception, man, help_
):
    """domain.md §0 E: the employment adviser calls; the loan is decided and sent within the hour."""
    inquiry = intake.inquiry_register(
        acting_user=reception,
        municipality=man.municipality,
        person=man,
        channel="nav",
        about="Veilederen ringer: ny jobb fra mandag, soning for ubetalt bot fra i morgen.",
        urgent=True,
        received_at=timezone.now() - datetime.timedelta(minutes=47),
    )
    case = nav_case(nav_worker, man, help_, inquiry=inquiry)
    assert case.urgent and case.application.urgent
    social_assess(nav_worker, case, help_)
    sent = services.decision_send(acting_user=nav_worker, decision=loan_draft(nav_worker, case, help_))
    case.refresh_from_db()
    assert sent.sent_at is not None and not hasattr(sent, "order")
    assert case.status == "follow_up"  # repayment and the condition are followed up; no order to a unit
    assert sent.appeal_deadline == sent.sent_on + datetime.timedelta(weeks=3) or sent.appeal_deadline
    assert social.time_taken_text(case, sent) == "Vedtak sendt 47 minutter etter at henvendelsen kom inn."
    html = render_to_string(
        "casework/letters/_economic.html", {"decision": sent, **social.letter_context(sent)}
    )
    assert "Du får et lån på kr\xa04\xa0500 én gang" in html
    assert "Du betaler tilbake kr\xa0500 per måned" in html and "nedbetalt etter 9 måneder" in html
    assert "Du begynner i jobben som avtalt." in html
    assert "sosialtjenesteloven § 19 (stønad i særlige tilfeller)" in html and "§ 21" in html
    assert "døgn" not in html


def test_the_decision_letter_of_a_loan_never_says_hours_or_days(world, nav_worker, man, help_, client):
    case = nav_case(nav_worker, man, help_)
    social_assess(nav_worker, case, help_)
    sent = services.decision_send(acting_user=nav_worker, decision=loan_draft(nav_worker, case, help_))
    from helhet.casework import letters

    context = {
        "decision": sent,
        "case": case,
        "person": case.person,
        "municipality": case.municipality,
        "appeal_deadline": sent.appeal_deadline,
        "draft": False,
        **social.letter_context(sent),
    }
    html = render_to_string("casework/letters/decision.html", context)
    assert "Du får 1 døgn" not in html and "Hva det koster" not in html
    assert "kr\xa04\xa0500" in html
    assert letters.decision_letter(sent).pdf.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (1, "1 minutt"),
        (47, "47 minutter"),
        (60, "1 time"),
        (125, "2 timer og 5 minutter"),
        (3 * 1440, "3 dager"),
    ],
)
def test_time_taken_in_words(minutes, words):
    assert social.duration_words(datetime.timedelta(minutes=minutes)) == words


def test_a_decision_recorded_after_the_day_has_no_time_taken(world, nav_worker, man, help_):
    case = nav_case(nav_worker, man, help_, received_on=local_today() - datetime.timedelta(days=5))
    social_assess(nav_worker, case, help_, held_on=local_today() - datetime.timedelta(days=4), urgent_by=None)
    sent = services.decision_send(
        acting_user=nav_worker,
        decision=loan_draft(nav_worker, case, help_),
        sent_on=local_today() - datetime.timedelta(days=1),
    )
    assert sent.sent_at is None and social.time_taken_text(case, sent) == ""
