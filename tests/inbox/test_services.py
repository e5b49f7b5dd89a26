"""The inbox's services: each source hands on exactly one item, the work closes it, taking is recorded once,
refusals change nothing, and untaken items rise to the leader."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from helhet.access import roles
from helhet.access.policy import person_access
from helhet.care import services as care
from helhet.care.inbox_items import plan_reviews_due_open
from helhet.casework import services as casework
from helhet.inbox import selectors, services
from helhet.inbox.models import Item, ItemKind
from tests import factories
from tests.inbox.conftest import TODAY, send_grant


def _only(kind: str) -> Item:
    items = list(Item.objects.filter(kind=kind))
    assert len(items) == 1, items
    return items[0]


def test_forwarding_an_inquiry_hands_one_item_to_the_receiving_unit(
    forwarded, world, nurse, leader, other_unit_user
):
    item = _only(ItemKind.INQUIRY)
    assert (item.target_app, item.target_id, item.for_unit) == ("intake", forwarded.pk, world["home_care"])
    assert item.url == f"/mottak/{forwarded.pk}/"
    assert item.person_id == forwarded.person_id
    assert [i.pk for i in selectors.items_for(nurse)] == [item.pk]
    assert [i.pk for i in selectors.items_for(leader)] == [item.pk]
    assert list(selectors.items_for(other_unit_user)) == []
    assert person_access(nurse, forwarded.person)  # the receiving unit may see whom it is about


def test_take_records_who_and_when_once_and_refuses_others(forwarded, nurse, leader, other_unit_user):
    item = _only(ItemKind.INQUIRY)
    taken = services.item_take(acting_user=nurse, item=item)
    assert taken.taken_by == nurse and taken.taken_at is not None
    again = services.item_take(acting_user=nurse, item=item)  # taking twice changes nothing
    assert again.taken_at == taken.taken_at
    with pytest.raises(ValidationError) as refused:
        services.item_take(acting_user=leader, item=item)
    assert "allerede tatt av" in refused.value.messages[0]
    with pytest.raises(PermissionDenied) as not_yours:
        services.item_take(acting_user=other_unit_user, item=item)
    assert str(not_yours.value) == "Oppgaven er ikke til deg eller enheten din."
    item.refresh_from_db()
    assert item.taken_by == nurse


def test_an_inquiry_item_is_done_by_the_one_who_took_it(forwarded, nurse, leader):
    item = _only(ItemKind.INQUIRY)
    with pytest.raises(ValidationError, match="Ta oppgaven før"):
        services.item_done(acting_user=nurse, item=item)
    services.item_take(acting_user=nurse, item=item)
    with pytest.raises(ValidationError, match="allerede tatt av"):
        services.item_done(acting_user=leader, item=item)
    services.item_done(acting_user=nurse, item=item)
    item.refresh_from_db()
    assert item.closed_by == nurse
    assert selectors.open_count(nurse) == 0
    with pytest.raises(ValidationError, match="allerede utført"):
        services.item_take(acting_user=leader, item=item)


def test_sending_a_decision_hands_one_order_and_planning_closes_it(world, case_worker, nurse, municipality):
    person = factories.person(municipality, first_name="Ragnhild", last_name="Berg")
    decision = send_grant(world, case_worker, person)
    item = _only(ItemKind.ORDER)
    assert (item.target_id, item.for_unit, item.due_on) == (
        decision.order.pk,
        world["home_care"],
        decision.start_date,
    )
    # Need-to-know from the day it is sent, so the first visit can be planned before the start date.
    assert person_access(nurse, person)
    plan = care.plan_for(acting_user=nurse, person=person, unit=world["home_care"])
    care.measure_add(
        acting_user=nurse,
        plan=plan,
        decision=decision,
        what="Morgenstell",
        times=["08:00"],
        weekdays=[0],
        valid_from=decision.start_date,
    )
    item.refresh_from_db()
    assert item.closed_at is not None and item.closed_by == nurse


def test_a_review_wanted_is_one_item_and_the_review_closes_it(world, case_worker, person_for_review):
    case = person_for_review
    item = _only(ItemKind.REVIEW)
    assert (item.target_id, item.for_unit) == (case.pk, case.team)
    casework.review_record(
        acting_user=case_worker,
        case=case,
        held_on=TODAY,
        conclusion="Hjemmesykepleie.",
        views=[
            {"unit": world["office"], "participant": "A", "view": "Trenger stell."},
            {"unit": world["home_care"], "participant": "B", "view": "Vi kan ta det."},
        ],
    )
    item.refresh_from_db()
    assert item.closed_at is not None


@pytest.fixture
def person_for_review(world, case_worker, municipality):
    person = factories.person(municipality, first_name="Per", last_name="Vik")
    case = casework.application_receive(
        acting_user=case_worker,
        municipality=municipality,
        person=person,
        need="Stell",
        signed_by="person",
        received_on=TODAY,
    )
    casework.assessment_record(
        acting_user=case_worker,
        case=case,
        kind="home_visit",
        held_on=TODAY,
        scores={"personlig_hygiene": 4},
        sources="Hjemmebesøk",
        chosen_services=[world["home_health"]],
        review_requested=True,
    )
    case.refresh_from_db()
    return case


def test_an_appeal_is_one_item_for_the_case_owner_and_reassessing_closes_it(world, case_worker, municipality):
    person = factories.person(municipality)
    decision = send_grant(world, case_worker, person, start=TODAY)
    appeal = casework.appeal_register(
        acting_user=case_worker, decision=decision, received_on=TODAY, change_wanted="Mer hjelp."
    )
    item = _only(ItemKind.APPEAL)
    assert (item.target_id, item.for_user) == (appeal.pk, decision.case.owner)
    casework.appeal_reverse(acting_user=case_worker, appeal=appeal, reassessment="Vi gir mer hjelp.")
    item.refresh_from_db()
    assert item.closed_at is not None


def test_a_review_request_is_one_item_and_handling_closes_it(world, case_worker, municipality):
    person = factories.person(municipality)
    decision = send_grant(world, case_worker, person, start=TODAY)
    request = casework.review_request_create(
        acting_user=case_worker, decision=decision, from_unit=world["home_care"], reason="Trenger mer."
    )
    item = _only(ItemKind.REVIEW_REQUEST)
    assert item.target_id == request.pk
    casework.review_request_handle(acting_user=case_worker, request=request)
    item.refresh_from_db()
    assert item.closed_at is not None


def test_a_deviation_goes_to_the_leader_and_follow_up_closes_it(world, nurse, leader, kari_in_home_care):
    deviation = care.deviation_report(
        acting_user=nurse,
        unit=world["home_care"],
        kind="not_done",
        severity="medium",
        what="Medisin ikke gitt",
        person=kari_in_home_care,
    )
    item = _only(ItemKind.DEVIATION)
    assert (item.target_id, item.for_user) == (deviation.pk, leader)
    assert list(selectors.items_for(nurse)) == []  # addressed to the leader, not the whole unit
    care.deviation_follow_up(
        acting_user=leader, deviation=deviation, note="Snakket med vakt.", expected_version=deviation.version
    )
    item.refresh_from_db()
    assert item.closed_at is not None


def test_a_message_with_a_due_date_is_an_item_and_one_without_is_not(world, nurse):
    care.message_post(acting_user=nurse, unit=world["home_care"], text="Ring apoteket")
    assert not Item.objects.exists()
    message = care.message_post(
        acting_user=nurse, unit=world["home_care"], text="Bestill hjelpemiddel", due_on=TODAY
    )
    item = _only(ItemKind.MESSAGE)
    assert (item.target_id, item.due_on) == (message.pk, TODAY)


def test_a_coordinator_appointment_is_one_item_for_the_coordinator(world, municipality, kari):
    coordinator = factories.user(municipality, "koordinator", username="koord", unit=world["home_care"])
    appointer = factories.user(municipality, "koordinator", username="koord2", unit=world["home_care"])
    factories.responsibility(kari, unit=world["home_care"])
    plan = care.coordinator_appoint(
        acting_user=appointer,
        person=kari,
        coordinating_unit=world["home_care"],
        coordinator=coordinator.staff,
    )
    item = _only(ItemKind.COORDINATOR)
    assert (item.target_id, item.for_user) == (plan.pk, coordinator)
    assert plan_reviews_due_open(today=TODAY, every_days=183) == 0
    assert plan_reviews_due_open(today=TODAY + datetime.timedelta(days=175), every_days=183) == 1
    assert plan_reviews_due_open(today=TODAY + datetime.timedelta(days=176), every_days=183) == 0  # once
    plan.refresh_from_db()
    care.individual_plan_review(acting_user=coordinator, plan=plan, expected_version=plan.version)
    assert _only(ItemKind.PLAN_REVIEW).closed_at is not None


def test_a_coordinator_who_appoints_herself_gets_no_item_from_herself(world, municipality, kari):
    coordinator = factories.user(municipality, "koordinator", username="koord", unit=world["home_care"])
    factories.responsibility(kari, unit=world["home_care"])
    care.coordinator_appoint(
        acting_user=coordinator,
        person=kari,
        coordinating_unit=world["home_care"],
        coordinator=coordinator.staff,
    )
    assert not Item.objects.filter(kind=ItemKind.COORDINATOR).exists()


def test_forwarding_twice_keeps_one_open_item(forwarded, world, reception):
    services.item_open(
        kind=ItemKind.INQUIRY,
        target_app="intake",
        target_id=forwarded.pk,
        url="/x/",
        for_unit=world["home_care"],
    )
    assert Item.objects.count() == 1


def test_escalation_counts_workday_hours():
    oslo = timezone.get_default_timezone()
    friday = datetime.datetime(2026, 11, 27, 15, 0, tzinfo=oslo)
    assert services.escalation_due(friday, 8) == datetime.datetime(2026, 11, 30, 15, 0, tzinfo=oslo)
    evening = datetime.datetime(2026, 11, 30, 20, 0, tzinfo=oslo)
    assert services.escalation_due(evening, 2) == datetime.datetime(2026, 12, 1, 10, 0, tzinfo=oslo)
    christmas_eve = datetime.datetime(2026, 12, 24, 12, 0, tzinfo=oslo)  # 25 to 27 December are not workdays
    assert services.escalation_due(christmas_eve, 24) == datetime.datetime(2026, 12, 30, 12, 0, tzinfo=oslo)


def test_an_untaken_item_rises_to_the_leader_once(forwarded, leader, nurse, settings):
    settings.HELHET_INBOX_ESCALATE_HOURS = 8
    item = _only(ItemKind.INQUIRY)
    assert services.items_escalate(now=item.created_at + datetime.timedelta(hours=1)) == 0
    later = item.created_at + datetime.timedelta(days=5)
    assert services.items_escalate(now=later) == 1
    item.refresh_from_db()
    assert item.escalated_to == leader and item.escalated_at == later
    assert services.items_escalate(now=later + datetime.timedelta(days=1)) == 0
    services.item_take(acting_user=nurse, item=item)  # still takeable after rising


def test_a_taken_item_never_rises(forwarded, nurse):
    item = _only(ItemKind.INQUIRY)
    services.item_take(acting_user=nurse, item=item)
    assert services.items_escalate(now=item.created_at + datetime.timedelta(days=10)) == 0


def test_the_provider_units_ground_starts_the_day_the_order_is_sent_when_the_start_is_near(
    world, case_worker, municipality
):
    from helhet.access.models import Responsibility

    person = factories.person(municipality)
    decision = send_grant(world, case_worker, person)
    ground = Responsibility.objects.get(source=f"decision:{decision.pk}")
    assert (ground.unit, ground.valid_from, ground.valid_to) == (world["home_care"], TODAY, decision.end_date)
    assert decision.start_date > TODAY


def test_a_far_start_gives_the_provider_unit_access_from_the_day_sent(
    world, case_worker, nurse, municipality
):
    """The first visit must be planned before the start date, however far off: need-to-know from the day sent."""
    from helhet.access.models import Responsibility

    person = factories.person(municipality)
    start = TODAY + datetime.timedelta(days=90)
    decision = send_grant(world, case_worker, person, start=start)
    ground = Responsibility.objects.get(source=f"decision:{decision.pk}")
    assert (ground.valid_from, ground.valid_to) == (TODAY, decision.end_date)
    assert person_access(nurse, person)  # three months early, to plan the first visit
    plan = care.plan_for(acting_user=nurse, person=person, unit=world["home_care"])
    care.measure_add(
        acting_user=nurse,
        plan=plan,
        decision=decision,
        what="Morgenstell",
        times=["08:00"],
        weekdays=[0],
        valid_from=start,
    )
    assert Item.objects.get(kind=ItemKind.ORDER).closed_by == nurse


def test_a_far_start_shows_the_order_the_day_it_is_sent_and_it_rises_from_then(
    world, case_worker, nurse, leader, municipality
):
    """An order starting in three months is in the unit's inbox the day it is sent, its link opens the person,
    and untaken it rises to the leader after the set time counted from that day, not from the start."""
    person = factories.person(municipality)
    send_grant(world, case_worker, person, start=TODAY + datetime.timedelta(days=90))
    order = _only(ItemKind.ORDER)
    assert order.shown_from is None
    assert selectors.items_for(nurse).filter(pk=order.pk).exists()
    assert selectors.item_visible(nurse, order.pk) is not None
    assert services.items_escalate(now=order.created_at + datetime.timedelta(hours=1)) == 0
    assert services.items_escalate(now=order.created_at + datetime.timedelta(days=10)) == 1
    order.refresh_from_db()
    assert order.escalated_to == leader


def test_an_item_shown_from_a_later_day_waits_unseen_and_cannot_rise_before_it_shows(world, nurse):
    """The inbox's own rule for work that cannot start yet (no source uses it for orders any more)."""
    item = services.item_open(
        kind=ItemKind.MESSAGE,
        target_app="tests",
        target_id=1,
        url="/",
        for_unit=world["home_care"],
        shown_from=TODAY + datetime.timedelta(days=30),
    )
    assert not selectors.items_for(nurse).filter(pk=item.pk).exists()
    assert selectors.item_visible(nurse, item.pk) is None
    assert services.items_escalate(now=timezone.now() + datetime.timedelta(days=10)) == 0
    Item.objects.filter(pk=item.pk).update(shown_from=TODAY)  # the day comes
    assert selectors.items_for(nurse).filter(pk=item.pk).exists()


def test_provider_access_from_is_the_day_sent_or_the_start_if_earlier():
    from_ = casework.provider_access_from
    assert from_(sent_on=TODAY, start_date=TODAY - datetime.timedelta(days=5)) == TODAY - datetime.timedelta(
        days=5
    )
    assert from_(sent_on=TODAY, start_date=TODAY + datetime.timedelta(days=3)) == TODAY
    assert from_(sent_on=TODAY, start_date=TODAY + datetime.timedelta(days=30)) == TODAY


def test_titles_say_only_kind_unit_and_day(forwarded, world):
    item = _only(ItemKind.INQUIRY)
    assert item.title == f"Videresendt henvendelse – {world['home_care'].name} – {TODAY:%d.%m.%Y}"
    assert "stell" not in item.title


def test_the_order_title_names_no_service(world, case_worker, municipality):
    send_grant(world, case_worker, factories.person(municipality))
    assert _only(ItemKind.ORDER).title == f"Ny bestilling – {world['home_care'].name} – {TODAY:%d.%m.%Y}"


def test_the_history_keeps_no_free_text_of_the_item(forwarded):
    from helhet.core.models import ChangeRecord

    item = _only(ItemKind.INQUIRY)
    rows = ChangeRecord.objects.filter(object_id=item.pk, object_type__icontains="item")
    assert rows.exists()
    assert not any("stell" in f"{row.object_label} {row.new_value}" for row in rows)


def test_an_item_rises_past_a_leader_without_a_login(municipality, reception, kari, settings):
    from helhet.intake import services as intake
    from helhet.organisation.models import Leadership, Staff

    settings.HELHET_INBOX_ESCALATE_HOURS = 8
    area = factories.unit(municipality, "Hjemmetjenesten")
    boss = factories.user(municipality, roles.LEADER, username="virksomhetsleder", unit=area, leads=True)
    zone = factories.unit(municipality, "Sone Øst", parent=area)
    no_login = Staff.objects.create(municipality=municipality, first_name="Uten", last_name="Bruker")
    Leadership.objects.create(unit=zone, staff=no_login, valid_from=datetime.date(2000, 1, 1))
    inquiry = intake.inquiry_register(
        acting_user=reception, municipality=municipality, person=kari, channel="phone", about="x"
    )
    intake.inquiry_forward(acting_user=reception, inquiry=inquiry, to_unit=zone, reason="Sone")
    item = _only(ItemKind.INQUIRY)
    assert services.items_escalate(now=item.created_at + datetime.timedelta(days=5)) == 1
    item.refresh_from_db()
    assert item.escalated_to == boss
    assert [i.pk for i in selectors.items_for(boss)] == [item.pk]


def test_with_no_leader_with_a_login_the_admins_see_it(municipality, reception, kari, admin_user, settings):
    from helhet.intake import services as intake

    settings.HELHET_INBOX_ESCALATE_HOURS = 8
    lonely = factories.unit(municipality, "Ingen leder")
    inquiry = intake.inquiry_register(
        acting_user=reception, municipality=municipality, person=kari, channel="phone", about="x"
    )
    intake.inquiry_forward(acting_user=reception, inquiry=inquiry, to_unit=lonely, reason="Prøv")
    item = _only(ItemKind.INQUIRY)
    assert list(selectors.items_for(admin_user)) == []
    assert services.items_escalate(now=item.created_at + datetime.timedelta(days=5)) == 1
    item.refresh_from_db()
    assert item.escalated_to is None and item.escalated_at is not None
    assert [i.pk for i in selectors.items_for(admin_user)] == [item.pk]
    # Seeing the item to hand it on gives the administrator no need-to-know for the inquiry itself.
    assert not selectors.has_item_for_target(
        admin_user, target_app="intake", target_id=inquiry.pk, kinds=[ItemKind.INQUIRY]
    )


def test_an_urgent_inquiry_rises_after_two_working_hours(world, reception, kari, leader, settings):
    from helhet.intake import services as intake

    settings.HELHET_INBOX_ESCALATE_HOURS = 8
    settings.HELHET_INBOX_ESCALATE_URGENT_HOURS = 2
    inquiry = intake.inquiry_register(
        acting_user=reception,
        municipality=kari.municipality,
        person=kari,
        channel="phone",
        about="x",
        urgent=True,
    )
    intake.inquiry_forward(
        acting_user=reception, inquiry=inquiry, to_unit=world["home_care"], reason="Haster"
    )
    item = _only(ItemKind.INQUIRY)
    assert item.urgent
    oslo = timezone.get_default_timezone()
    monday = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=oslo)
    Item.objects.filter(pk=item.pk).update(created_at=monday)
    assert services.items_escalate(now=monday + datetime.timedelta(hours=1, minutes=59)) == 0
    assert services.items_escalate(now=monday + datetime.timedelta(hours=2)) == 1
    item.refresh_from_db()
    assert item.escalated_to == leader


def test_an_ordinary_item_still_waits_the_full_working_day(forwarded, settings):
    settings.HELHET_INBOX_ESCALATE_HOURS = 8
    settings.HELHET_INBOX_ESCALATE_URGENT_HOURS = 2
    oslo = timezone.get_default_timezone()
    monday = datetime.datetime(2026, 11, 30, 8, 0, tzinfo=oslo)
    Item.objects.update(created_at=monday)
    assert services.items_escalate(now=monday + datetime.timedelta(hours=3)) == 0
    assert services.items_escalate(now=monday + datetime.timedelta(hours=8)) == 1


def test_the_escalation_command_and_the_scheduled_job(forwarded, leader, settings):
    from io import StringIO

    from django.core.management import call_command

    assert settings.HELHET_SCHEDULED_JOBS["inbox-escalate"] == "helhet.inbox.tasks.inbox_escalate"
    assert settings.HELHET_SCHEDULED_JOBS["plan-reviews-due"] == "helhet.care.tasks.plan_reviews_due"
    Item.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    out = StringIO()
    call_command("inbox_escalate", stdout=out)
    assert out.getvalue().strip() == "1 oppgaver løftet til leder"
    assert [i.kind for i in selectors.items_for(leader) if i.escalated_to == leader] == [ItemKind.INQUIRY]


def test_a_superseding_decision_closes_the_old_order(world, case_worker, municipality):
    person = factories.person(municipality)
    decision = send_grant(world, case_worker, person, start=TODAY)
    old = _only(ItemKind.ORDER)
    for step in ("evaluation", "revised", "drafting"):
        casework.case_transition(acting_user=case_worker, case=decision.case, to=step, note="Endret behov")
    draft = casework.decision_draft_create(
        acting_user=case_worker,
        case=decision.case,
        service=world["home_health"],
        outcome="INNVILGET",
        scope_amount=5,
        scope_unit="visits_week",
        content="Mer stell",
        start_date=TODAY + datetime.timedelta(days=3),
        review_date=TODAY + datetime.timedelta(days=90),
        facts="x",
        considerations="y",
        payment="Gratis",
        provider_unit=world["home_care"],
        supersedes=decision,
    )
    casework.decision_send(acting_user=case_worker, decision=draft, sent_on=TODAY)
    old.refresh_from_db()
    assert old.closed_at is not None
    assert Item.objects.filter(kind=ItemKind.ORDER, closed_at__isnull=True).count() == 1
