"""The whole lawful process, service by service: intake, routing, assessment, review, decision, appeal."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from helhet.access.policy import person_access
from helhet.casework import services
from helhet.casework.deadlines import appeal_deadline, interim_reply_due, received_on_bound
from helhet.casework.models import Case, Decision, Status
from helhet.catalogue.models import Service
from helhet.core.calendar import local_today
from helhet.core.errors import ConflictError
from helhet.intake import services as intake
from helhet.intake.models import Handoff
from tests import factories

D = datetime.date
TODAY = D(2026, 11, 23)


def receive(world, user, person, received_on=TODAY, **extra):
    fields = {
        "need": "Klarer ikke stell og påkledning etter hjerneslag.",
        "signed_by": "person",
        "what_matters": "Å bo hjemme og gå tur med hunden.",
    }
    fields.update(extra)
    return services.application_receive(
        acting_user=user, municipality=person.municipality, person=person, received_on=received_on, **fields
    )


def assess(user, case, **extra):
    fields = {
        "kind": "home_visit",
        "held_on": TODAY,
        "scores": {"personlig_hygiene": 4, "kle_seg": 4},
        "sources": "Hjemmebesøk, samtale med datter, epikrise fra sykehuset",
        "lives_alone": True,
    }
    fields.update(extra)
    return services.assessment_record(acting_user=user, case=case, **fields)


def complete_draft(user, case, world, **extra):
    fields = {
        "outcome": "INNVILGET",
        "scope_amount": 3,
        "scope_unit": "visits_week",
        "content": "Hjelp med morgenstell og påkledning.",
        "start_date": TODAY,
        "review_date": D(2027, 5, 1),
        "facts": "Trenger hjelp med stell (4) og påkledning (4).",
        "considerations": "Hjelp hjemme er laveste effektive nivå.",
        "payment": "Gratis.",
        "provider_unit": world["home_care"],
    }
    fields.update(extra)
    return services.decision_draft_create(acting_user=user, case=case, service=world["home_health"], **fields)


@pytest.fixture
def person(municipality):
    return factories.person(municipality, first_name="Ragnhild", last_name="Berg", birth_date=D(1941, 3, 4))


def test_routing_by_birth_day_with_reason_and_a_named_owner(world, case_worker, person):
    case = receive(world, case_worker, person)
    assert case.team == world["team_a"]
    assert case.application.routing_explanation == "Født den 4. i måneden (dag 1–15) → Team 1 (1–15)"
    assert case.owner == case_worker  # the team has no leader with a login
    assert case.application.expected_answer_by == D(2026, 12, 21)


def test_routing_by_service_comes_first(world, case_worker, person, municipality):
    help_ = Service.objects.get(municipality=municipality, name="Økonomisk sosialhjelp")
    case = receive(world, case_worker, person, wished_services=[help_])
    assert case.team.name == "NAV Demo"


def test_a_representative_must_hold_power_of_attorney(world, case_worker, person):
    plain = factories.relative(person, name="Nabo Nils", relation="other")
    with pytest.raises(ValidationError) as caught:
        receive(world, case_worker, person, signed_by="representative", representative=plain)
    assert "fullmakt" in str(caught.value)
    assert not Case.objects.exists()
    daughter = factories.relative(person, name="Kari Berg", representation="fullmakt")
    assert receive(world, case_worker, person, signed_by="representative", representative=daughter).pk


def test_reception_answers_an_inquiry_at_once_without_a_case(world, reception, person):
    inquiry = intake.inquiry_register(
        acting_user=reception,
        municipality=person.municipality,
        person=person,
        channel="phone",
        about="Lurer på hva trygghetsalarm koster.",
    )
    intake.inquiry_answer(
        acting_user=reception, inquiry=inquiry, note="Forklarte prisen og hvordan man søker."
    )
    inquiry.refresh_from_db()
    assert inquiry.outcome == "answered"
    assert not Case.objects.exists()
    with pytest.raises(ValidationError):
        intake.inquiry_answer(acting_user=reception, inquiry=inquiry, note="igjen")


def test_an_unknown_person_can_ask_with_contact_details(world, reception, municipality):
    inquiry = intake.inquiry_register(
        acting_user=reception,
        municipality=municipality,
        contact_name="Anonym innringer",
        contact_phone="40000000",
        channel="phone",
        about="Spør om avlastning.",
    )
    assert inquiry.person is None
    with pytest.raises(ValidationError):
        intake.inquiry_register(acting_user=reception, municipality=municipality, channel="phone", about="x")


def test_forwarding_needs_a_reason_and_counts_as_a_handoff(world, reception, person):
    inquiry = intake.inquiry_register(
        acting_user=reception,
        municipality=person.municipality,
        person=person,
        channel="in_person",
        about="Gjeld og husleie.",
    )
    with pytest.raises(ValidationError):
        intake.inquiry_forward(acting_user=reception, inquiry=inquiry, to_unit=world["team_b"], reason=" ")
    intake.inquiry_forward(
        acting_user=reception, inquiry=inquiry, to_unit=world["team_b"], reason="Økonomisk rådgivning"
    )
    assert Handoff.objects.get().to_unit == world["team_b"]


def test_a_case_handed_on_three_times_is_flagged(world, case_worker, person):
    case = receive(world, case_worker, person)
    for team, why in (
        (world["team_b"], "Feil team"),
        (world["office"], "Trenger tverrfaglig"),
        (world["team_a"], "Tilbake"),
    ):
        case = services.case_assign(acting_user=case_worker, case=case, team=team, reason=why)
    assert case.handoff_count == 3
    assert "flagget til leder" in case.events.last().text
    with pytest.raises(ValidationError):
        services.case_assign(acting_user=case_worker, case=case, team=world["team_b"], reason="")


def test_invalid_transitions_are_refused_and_change_nothing(world, case_worker, person):
    case = receive(world, case_worker, person)
    with pytest.raises(ValidationError) as caught:
        services.case_transition(acting_user=case_worker, case=case, to=Status.FOLLOW_UP)
    assert "kan ikke gå til «Oppfølging»" in str(caught.value)
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    assert case.events.count() == 1


def test_choosing_a_higher_level_than_proposed_needs_a_reason(world, case_worker, person, municipality):
    case = receive(world, case_worker, person)
    nursing_home = Service.objects.get(municipality=municipality, name="Langtidsopphold i sykehjem")
    with pytest.raises(ValidationError) as caught:
        assess(case_worker, case, chosen_services=[nursing_home])
    assert "Tersklene foreslår ikke Langtidsopphold i sykehjem" in str(caught.value)
    assess(
        case_worker,
        case,
        chosen_services=[nursing_home],
        choice_reason="Pårørende orker ikke mer; fall om natten.",
    )
    case.refresh_from_db()
    assert case.review_requested  # the long-term stay's threshold rule asks for an interdisciplinary review


def test_home_health_care_alone_does_not_ask_for_a_review(world, case_worker, person):
    case = receive(world, case_worker, person)
    assess(case_worker, case, chosen_services=[world["home_health"]])
    case.refresh_from_db()
    assert not case.review_requested


def test_the_whole_grant_makes_the_home_care_team_see_the_person(world, case_worker, person, nurse, leader):
    case = receive(world, case_worker, person)
    assess(case_worker, case, chosen_services=[world["home_health"]])
    services.review_record(
        acting_user=case_worker,
        case=case,
        held_on=TODAY,
        conclusion="Hjemmesykepleie 3 ganger i uka.",
        views=[
            {"unit": world["office"], "participant": "Saksbehandler", "view": "Trenger stell."},
            {"unit": world["home_care"], "participant": "Sykepleier", "view": "Vi kan ta det."},
        ],
    )
    assert not person_access(nurse, person)
    decision = complete_draft(case_worker, case, world)
    services.decision_send(acting_user=case_worker, decision=decision, sent_on=TODAY)
    case.refresh_from_db()
    decision.refresh_from_db()
    assert case.status == Status.FOLLOW_UP
    assert decision.appeal_deadline == D(2026, 12, 21)
    assert decision.order.provider_unit == world["home_care"]
    assert decision.order.responsible.user.username == "leder"  # the home-care department's leader
    assert "Vedtak om Helsetjenester i hjemmet" in person_access(nurse, person).reason
    statuses = [e.to_status for e in case.events.all() if e.to_status]
    assert statuses == ["assessment", "review", "drafting", "decided", "notified", "follow_up"]


def test_a_decision_cannot_be_sent_without_every_part(world, case_worker, person):
    case = receive(world, case_worker, person)
    assess(case_worker, case, chosen_services=[world["home_health"]])
    decision = services.decision_draft_create(
        acting_user=case_worker, case=case, service=world["home_health"], outcome="INNVILGET"
    )
    with pytest.raises(ValidationError) as caught:
        services.decision_send(acting_user=case_worker, decision=decision)
    message = str(caught.value)
    for part in (
        "omfang",
        "hva du får hjelp til",
        "faktiske forhold",
        "hovedhensyn",
        "egenandel",
        "utførende enhet",
    ):
        assert part in message
    decision.refresh_from_db()
    assert decision.state == "draft"


def test_a_sent_decision_is_never_edited_and_a_reduction_needs_advance_notice(world, case_worker, person):
    case = receive(world, case_worker, person)
    assess(case_worker, case, chosen_services=[world["home_health"]])
    first = services.decision_send(
        acting_user=case_worker, decision=complete_draft(case_worker, case, world), sent_on=TODAY
    )
    with pytest.raises(ValidationError):
        services.decision_draft_update(
            acting_user=case_worker, decision=first, expected_version=first.version, scope_amount=2
        )
    services.case_transition(acting_user=case_worker, case=case, to=Status.EVALUATION)
    services.case_transition(acting_user=case_worker, case=case, to=Status.REVISED)
    services.case_transition(acting_user=case_worker, case=case, to=Status.DRAFTING)
    smaller = complete_draft(case_worker, case, world, scope_amount=2, start_date=D(2027, 2, 1))
    smaller.supersedes = first
    smaller.save()
    with pytest.raises(ValidationError) as caught:
        services.decision_send(acting_user=case_worker, decision=smaller)
    assert "forhåndsvarsel" in str(caught.value)
    smaller.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.decision_draft_update(
            acting_user=case_worker,
            decision=smaller,
            expected_version=smaller.version,
            advance_notice_sent_on=local_today() + datetime.timedelta(days=1),
            advance_notice_text="Varsel om redusert hjelp.",
        )
    assert "fram i tid" in str(caught.value)
    services.decision_draft_update(
        acting_user=case_worker,
        decision=smaller,
        expected_version=smaller.version,
        advance_notice_sent_on=D(2026, 11, 24),
        advance_notice_text="Varsel om redusert hjelp.",
    )
    smaller.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.decision_send(acting_user=case_worker, decision=smaller, sent_on=D(2026, 11, 30))
    assert "frist for å uttale seg" in str(caught.value)  # the comment deadline is missing
    services.decision_draft_update(
        acting_user=case_worker,
        decision=smaller,
        expected_version=smaller.version,
        advance_notice_comment_by=D(2026, 11, 30),
    )
    smaller.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.decision_send(acting_user=case_worker, decision=smaller, sent_on=D(2026, 11, 24))
    assert "Forhåndsvarselet må være sendt før vedtaket" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        services.decision_send(acting_user=case_worker, decision=smaller, sent_on=D(2026, 11, 27))
    assert "kan ikke sendes før den er ute" in str(caught.value)
    services.decision_send(acting_user=case_worker, decision=smaller, sent_on=D(2026, 11, 30))
    first.refresh_from_db()
    assert first.superseded_by == smaller
    assert first.scope_amount == 3  # unchanged


def test_two_case_workers_saving_the_same_draft_the_second_gets_a_conflict(
    world, case_worker, person, municipality
):
    from helhet.access import roles

    other = factories.user(municipality, roles.CASE_WORKER, username="kollega", unit=world["office"])
    case = receive(world, case_worker, person)
    assess(case_worker, case, chosen_services=[world["home_health"]])
    draft = complete_draft(case_worker, case, world)
    mine, theirs = Decision.objects.get(pk=draft.pk), Decision.objects.get(pk=draft.pk)
    services.decision_draft_update(
        acting_user=case_worker, decision=mine, expected_version=mine.version, content="Morgenstell."
    )
    with pytest.raises(ConflictError):
        services.decision_draft_update(
            acting_user=other, decision=theirs, expected_version=theirs.version, content="Kveldsstell."
        )
    draft.refresh_from_db()
    assert draft.content == "Morgenstell."


def test_denial_appealed_reassessed_upheld_and_forwarded(world, case_worker, person):
    case = receive(world, case_worker, person, received_on=D(2026, 9, 1))
    assess(case_worker, case, chosen_services=[world["home_health"]])
    denial = services.decision_draft_create(
        acting_user=case_worker,
        case=case,
        service=world["home_health"],
        outcome="AVSLATT",
        facts="Klarer stell selv med hjelpemidler.",
        considerations="Hjelpemidler er tilstrekkelig.",
    )
    services.decision_send(acting_user=case_worker, decision=denial, sent_on=D(2026, 9, 15))
    case.refresh_from_db()
    assert case.status == Status.NOTIFIED
    appeal = services.appeal_register(
        acting_user=case_worker,
        decision=denial,
        received_on=D(2026, 10, 14),
        change_wanted="Ønsker hjemmesykepleie om morgenen.",
    )
    assert appeal.late  # the deadline was 13 October
    with pytest.raises(ValidationError) as refused:  # forvaltningsloven § 31: heard late only on a ground
        services.appeal_uphold(
            acting_user=case_worker,
            appeal=appeal,
            reassessment="Ingen nye opplysninger.",
            forwarded_on=D(2026, 10, 20),
        )
    assert "forvaltningsloven § 31" in refused.value.message_dict["late_reason"][0]
    services.appeal_uphold(
        acting_user=case_worker,
        appeal=appeal,
        reassessment="Ingen nye opplysninger.",
        forwarded_on=D(2026, 10, 20),
        late_reason="Klageren var innlagt på sykehus da fristen løp ut.",
    )
    appeal.refresh_from_db()
    assert appeal.reassessment.startswith(
        "Klagen kom etter fristen og behandles likevel (forvaltningsloven § 31)"
    )
    services.appeal_authority_outcome(
        acting_user=case_worker, appeal=appeal, outcome="AVSLATT", decided_on=D(2026, 11, 20)
    )
    case.refresh_from_db()
    appeal.refresh_from_db()
    assert (appeal.state, appeal.authority_outcome, case.status) == ("closed", "AVSLATT", Status.ENDED)


def test_an_unsigned_appeal_is_registered_with_guidance_and_a_deadline_to_correct(world, case_worker, person):
    """pbrl § 7-3, fvl § 32: the receipt counts; the office guides and sets a deadline, it does not refuse."""
    case = receive(world, case_worker, person)
    assess(case_worker, case, chosen_services=[world["home_health"]])
    sent = services.decision_send(
        acting_user=case_worker, decision=complete_draft(case_worker, case, world), sent_on=TODAY
    )
    with pytest.raises(ValidationError) as caught:
        services.appeal_register(
            acting_user=case_worker, decision=sent, received_on=TODAY, change_wanted="Mer hjelp", signed=False
        )
    assert "veiledning" in str(caught.value)  # the guidance given must be recorded
    deadline = local_today() + datetime.timedelta(days=14)
    appeal = services.appeal_register(
        acting_user=case_worker,
        decision=sent,
        received_on=TODAY,
        change_wanted="Mer hjelp",
        signed=False,
        guidance_given="Ringte datteren: klagen må signeres av Ragnhild eller en med fullmakt.",
        correction_deadline=deadline,
    )
    assert (appeal.state, appeal.received_on, appeal.late) == ("needs_correction", TODAY, False)
    case.refresh_from_db()
    assert case.status == Status.APPEAL
    with pytest.raises(ValidationError) as caught:
        services.appeal_uphold(
            acting_user=case_worker, appeal=appeal, reassessment="Opprettholdes.", forwarded_on=local_today()
        )
    assert "formelle mangler" in str(caught.value)
    services.appeal_correct(acting_user=case_worker, appeal=appeal, corrected_on=local_today())
    appeal.refresh_from_db()
    assert appeal.state == "received" and appeal.signed
    services.appeal_uphold(
        acting_user=case_worker, appeal=appeal, reassessment="Opprettholdes.", forwarded_on=local_today()
    )
    case.refresh_from_db()
    assert case.status == Status.APPEAL_FORWARDED


def test_reception_may_not_run_casework(world, reception, case_worker, person):
    case = receive(world, case_worker, person)
    with pytest.raises(PermissionDenied):
        assess(reception, case)


def test_deadline_helpers_follow_the_legal_calendar():
    assert interim_reply_due(D(2027, 1, 31)) == D(2027, 3, 1)
    assert appeal_deadline(D(2027, 2, 26)) == D(2027, 3, 30)  # Good Friday to Easter Monday
    for today in (D(2026, 11, 23), D(2027, 3, 29), D(2027, 5, 18)):
        bound = received_on_bound(today)
        assert interim_reply_due(bound) < today <= interim_reply_due(bound + datetime.timedelta(days=1))


def test_a_birth_day_rule_can_be_limited_to_one_service(world, case_worker, municipality):
    from helhet.intake.models import RoutingRule
    from helhet.intake.routing import route

    help_ = Service.objects.get(municipality=municipality, name="Kvalifiseringsprogram")
    nav_team = factories.unit(municipality, "NAV team 3")
    RoutingRule.objects.create(
        municipality=municipality,
        position=0,
        kind="birth_day",
        day_from=1,
        day_to=10,
        service=help_,
        team=nav_team,
    )
    person = factories.person(municipality, birth_date=D(1980, 6, 7))
    chosen = route(municipality, person=person, services=[help_], on=TODAY)
    assert chosen.team == nav_team
    assert (
        chosen.explanation
        == "Søknaden gjelder «Kvalifiseringsprogram»; født den 7. i måneden (dag 1–10) → NAV team 3"
    )
    assert route(municipality, person=person, services=[], on=TODAY).team == world["team_a"]


def test_handoffs_are_counted_per_citizen_and_in_statistics(
    world, case_worker, reception, person, municipality
):
    from helhet.casework.selectors import handoff_statistics, handoffs_for_person

    inquiry = intake.inquiry_register(
        acting_user=reception,
        municipality=municipality,
        person=person,
        channel="phone",
        about="Spør om hjelp",
    )
    intake.inquiry_forward(
        acting_user=reception, inquiry=inquiry, to_unit=world["team_b"], reason="Feil sted"
    )
    case = receive(world, case_worker, person)
    for team, why in ((world["team_b"], "a"), (world["office"], "b")):
        case = services.case_assign(acting_user=case_worker, case=case, team=team, reason=why)
    assert handoffs_for_person(person) == 3
    stats = handoff_statistics(municipality)
    assert (stats["handoffs"], stats["persons_passed_around"], stats["cases_passed_around"]) == (3, 1, 0)


def test_the_admin_adds_a_zone_rule_first_and_it_wins(world, admin_user, case_worker, municipality):
    from helhet.intake.routing import route

    north = factories.zone(municipality, "Nord")
    person = factories.person(municipality, birth_date=D(1950, 1, 2), zone=north)
    intake.routing_rule_add(
        acting_user=admin_user,
        municipality=municipality,
        kind="zone",
        zone=north,
        team=world["team_b"],
        position=1,
    )
    assert route(municipality, person=person, on=TODAY).explanation == "Bor i sone Nord → Team 2 (16–31)"
    with pytest.raises(ValidationError):
        intake.routing_rule_add(
            acting_user=admin_user,
            municipality=municipality,
            kind="birth_day",
            day_from=20,
            day_to=3,
            team=world["team_b"],
        )
    with pytest.raises(PermissionDenied):
        intake.routing_rule_add(
            acting_user=case_worker, municipality=municipality, kind="fallback", team=world["team_b"]
        )


def test_a_team_led_by_a_lead_without_an_account_has_its_cases_owned_by_the_leader_above(
    world, case_worker, person, municipality
):
    from helhet.organisation.models import Leadership, Staff, UnitParent

    UnitParent.objects.create(unit=world["team_a"], parent=world["office"], valid_from=D(2020, 1, 1))
    boss = Leadership.objects.get(unit=world["office"]).staff.user  # the office's leader has a login
    lead = Staff.objects.create(municipality=municipality, first_name="Fag", last_name="Leder")  # no login
    Leadership.objects.create(unit=world["team_a"], staff=lead, valid_from=D(2020, 1, 1))
    case = receive(world, case_worker, person)
    assert case.team == world["team_a"]
    assert boss is not None and case.owner == boss
