"""The page «Oppgaver», the menu's count, the start-page panel, the reception's view of who took an inquiry,
and the receiving unit's reading of an inquiry forwarded to it."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from helhet.access.models import AccessLog
from helhet.inbox import services
from helhet.inbox.models import Item, ItemKind
from tests import factories
from tests.inbox.conftest import send_grant


def test_the_unit_sees_the_forwarded_inquiry_with_the_name_and_the_read_is_logged(client, forwarded, nurse):
    client.force_login(nurse)
    page = client.get("/oppgaver/").content.decode()
    assert "Videresendt henvendelse" in page and "Kari Nordmann" in page and "Ta oppgaven" in page
    assert "Oppgaver (1)" in page  # the menu's count
    row = AccessLog.objects.get(user=nurse, person=forwarded.person)
    assert row.what == "Innboks: navn på personen oppgaven gjelder"
    day = timezone.localtime(Item.objects.get(kind=ItemKind.INQUIRY).created_at).strftime("%d.%m.%Y")
    assert row.reason == f"Oppgave: videresendt henvendelse fra {day}"
    assert row.action_label == "Vist i liste eller søk"


def test_each_person_on_the_inbox_is_logged_with_the_ground_of_their_own_item(
    client, municipality, world, forwarded, nurse
):
    ola = factories.person(municipality, first_name="Ola", last_name="Hansen")
    factories.responsibility(ola, unit=world["home_care"], reason="Mottar helsetjenester i hjemmet")
    services.item_open(
        kind=ItemKind.MESSAGE,
        target_app="care",
        target_id=1,
        url="/",
        for_unit=world["home_care"],
        person=ola,
    )
    client.force_login(nurse)
    page = client.get("/oppgaver/").content.decode()
    assert "Kari Nordmann" in page and "Ola Hansen" in page
    kari_row = AccessLog.objects.get(user=nurse, person=forwarded.person)
    ola_row = AccessLog.objects.get(user=nurse, person=ola)
    assert kari_row.reason.startswith("Oppgave: videresendt henvendelse fra ")
    assert ola_row.reason.startswith("Oppgave: beskjed med frist fra ")
    assert "beskjed" not in kari_row.reason and "henvendelse" not in ola_row.reason


def test_take_on_the_page_and_the_reception_sees_who_took_it(client, forwarded, nurse, reception):
    item = Item.objects.get(kind=ItemKind.INQUIRY)
    client.force_login(nurse)
    answer = client.post(f"/oppgaver/{item.pk}/ta/", follow=True)
    assert "Du har tatt oppgaven." in answer.content.decode()
    client.force_login(reception)
    desk = client.get("/mottak/").content.decode()
    assert "Tatt av Test Tjenesteyter" in desk
    assert "Tatt av Test Tjenesteyter" in client.get(f"/mottak/{forwarded.pk}/").content.decode()


def test_taking_an_item_not_for_you_is_refused_in_norwegian(client, forwarded, other_unit_user):
    item = Item.objects.get(kind=ItemKind.INQUIRY)
    client.force_login(other_unit_user)
    answer = client.post(f"/oppgaver/{item.pk}/ta/", follow=True)
    assert "Oppgaven er ikke til deg eller enheten din." in answer.content.decode()
    item.refresh_from_db()
    assert item.taken_by is None


def test_taken_by_someone_else_is_refused_with_who(client, forwarded, nurse, leader):
    item = Item.objects.get(kind=ItemKind.INQUIRY)
    services.item_take(acting_user=nurse, item=item)
    client.force_login(leader)
    answer = client.post(f"/oppgaver/{item.pk}/ta/", follow=True).content.decode()
    assert "Oppgaven er allerede tatt av Test Tjenesteyter" in answer


def test_unknown_action_and_get_are_refused(client, forwarded, nurse):
    item = Item.objects.get(kind=ItemKind.INQUIRY)
    client.force_login(nurse)
    assert client.post(f"/oppgaver/{item.pk}/slett/").status_code == 404
    assert client.get(f"/oppgaver/{item.pk}/ta/").status_code == 405


def test_the_receiving_leader_reads_the_forwarded_inquiry_and_nothing_else_at_the_desk(
    client, forwarded, leader, reception, kari, world
):
    other = reception_inquiry_elsewhere(reception, kari, world)
    client.force_login(leader)
    desk = client.get("/mottak/")
    assert desk.status_code == 200
    assert f"/mottak/{forwarded.pk}/" in desk.content.decode()
    assert f"/mottak/{other.pk}/" not in desk.content.decode()
    detail = client.get(f"/mottak/{forwarded.pk}/")
    assert detail.status_code == 200
    assert "Ta oppgaven" in detail.content.decode() and "Send videre" not in detail.content.decode()
    assert client.get(f"/mottak/{other.pk}/").status_code == 404
    assert client.post(f"/mottak/{forwarded.pk}/svar/", {"note": "x"}).status_code == 403


def reception_inquiry_elsewhere(reception, kari, world):
    from helhet.intake import services as intake

    inquiry = intake.inquiry_register(
        acting_user=reception, municipality=kari.municipality, person=kari, channel="phone", about="Annet"
    )
    return intake.inquiry_forward(
        acting_user=reception, inquiry=inquiry, to_unit=world["nav"], reason="NAV", citizen_consent=True
    )


def test_a_user_without_a_municipality_still_gets_the_desk_refusal(client, db):
    account = factories.user(factories.municipality(), None, username="ingen")
    account.municipality = None
    account.save()
    client.force_login(account)
    assert client.get("/mottak/").status_code == 403


def test_the_page_queries_are_bounded_whatever_the_number_of_items(
    client, world, case_worker, nurse, municipality, django_assert_max_num_queries
):
    for n in range(3):
        send_grant(world, case_worker, factories.person(municipality, first_name=f"P{n}"))
    client.force_login(nurse)
    client.get("/oppgaver/")
    with django_assert_max_num_queries(16) as few:
        client.get("/oppgaver/")
    for n in range(12):
        send_grant(world, case_worker, factories.person(municipality, first_name=f"Q{n}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/oppgaver/").content.decode()
    assert page.count("data-item=") == 15


def test_the_done_list_shows_done_items(client, forwarded, nurse):
    item = Item.objects.get(kind=ItemKind.INQUIRY)
    services.item_take(acting_user=nurse, item=item)
    services.item_done(acting_user=nurse, item=item)
    client.force_login(nurse)
    assert "Ingen åpne oppgaver." in client.get("/oppgaver/").content.decode()
    assert "Utført" in client.get("/oppgaver/?vis=utforte").content.decode()


@pytest.mark.django_db
def test_the_panel_tag_shows_the_top_items(forwarded, nurse):
    request = RequestFactory().get("/")
    request.user = nurse
    html = Template("{% load inbox_tags %}{% inbox_panel %}").render(Context({"request": request}))
    assert "Oppgaver (1)" in html and "Kari Nordmann" in html and "Ta oppgaven" in html


def test_an_item_no_leader_could_take_shows_in_the_admins_inbox_without_details(
    client, municipality, reception, kari, admin_user, settings
):
    import datetime

    from helhet.inbox import services as inbox
    from helhet.inbox.models import Item
    from helhet.intake import services as intake

    settings.HELHET_INBOX_ESCALATE_HOURS = 8
    lonely = factories.unit(municipality, "Enhet uten leder")
    inquiry = intake.inquiry_register(
        acting_user=reception, municipality=municipality, person=kari, channel="phone", about="Moren har falt"
    )
    intake.inquiry_forward(acting_user=reception, inquiry=inquiry, to_unit=lonely, reason="Prøv")
    item = Item.objects.get()
    inbox.items_escalate(now=item.created_at + datetime.timedelta(days=5))
    client.force_login(admin_user)
    html = client.get("/oppgaver/").content.decode()
    assert "Videresendt henvendelse – Enhet uten leder" in html
    assert "Moren har falt" not in html


def test_reforwarding_a_taken_inquiry_is_refused_in_norwegian(client, forwarded, reception, nurse, world):
    from helhet.inbox import services as inbox
    from helhet.inbox.models import Item

    inbox.item_take(acting_user=nurse, item=Item.objects.get())
    client.force_login(reception)
    page = client.get(f"/mottak/{forwarded.pk}/").content.decode()
    assert "Send til en annen enhet" not in page
    refused = client.post(
        f"/mottak/{forwarded.pk}/videresend/", {"to_unit": world["team_b"].pk, "reason": "Feil"}, follow=True
    )
    assert "har tatt henvendelsen; den kan ikke sendes videre herfra" in refused.content.decode()


def test_the_case_worker_sees_the_order_sent_and_then_who_took_it_in_the_unit(
    client, world, case_worker, nurse, municipality
):
    """The sender sees that the order reached the provider unit, and once taken, who took it and when; the
    case page reads the orders' items in one query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person = factories.person(municipality, first_name="Harald", last_name="Moen")
    decision = send_grant(world, case_worker, person)
    item = Item.objects.get(kind=ItemKind.ORDER)
    unit = world["home_care"].name
    sent = timezone.localtime(item.created_at).strftime("%d.%m.%Y")
    client.force_login(case_worker)
    url = f"/saker/{decision.case_id}/"
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert f"Bestillingen er sendt til {unit} {sent}. Ikke tatt ennå." in page
    by_target = [q for q in queries if '"inbox_item"' in q["sql"] and '"target_id" IN' in q["sql"]]
    assert len(by_target) == 1
    taken = services.item_take(acting_user=nurse, item=item)
    when = timezone.localtime(taken.taken_at)
    page = client.get(url).content.decode()
    assert f"Tatt av {nurse.display_name} {when:%d.%m.%Y} kl. {when:%H:%M}." in page
    assert "Ikke tatt ennå" not in page
