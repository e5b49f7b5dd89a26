"""Forwarding an inquiry gives the receiving unit access for the work only: at most FORWARD_ACCESS_DAYS, ended
when the unit marks the item done or reception sends it elsewhere; another service area only with consent."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from helhet.access.models import Responsibility
from helhet.access.policy import person_access
from helhet.core.calendar import local_today
from helhet.inbox import services as inbox
from helhet.inbox.models import Item, ItemKind
from helhet.intake import services as intake
from helhet.intake.models import Handoff, Inquiry, InquiryOutcome

TODAY = local_today()


@pytest.fixture
def inquiry(reception, kari):
    return intake.inquiry_register(
        acting_user=reception,
        municipality=kari.municipality,
        person=kari,
        channel="phone",
        about="Datteren ringer: moren har falt",
    )


def _forward(reception, inquiry, unit, **extra):
    return intake.inquiry_forward(
        acting_user=reception, inquiry=inquiry, to_unit=unit, reason="Gjelder hjemmesykepleie", **extra
    )


def _grants(inquiry):
    return list(Responsibility.objects.filter(source=f"inquiry:{inquiry.pk}").order_by("pk"))


def test_the_grant_lasts_at_most_fourteen_days_and_names_the_inquiry(world, reception, inquiry):
    _forward(reception, inquiry, world["home_care"])
    [grant] = _grants(inquiry)
    assert intake.FORWARD_ACCESS_DAYS == 14
    assert (grant.unit, grant.valid_from, grant.valid_to) == (
        world["home_care"],
        TODAY,
        TODAY + datetime.timedelta(days=14),
    )
    day = timezone.localtime(inquiry.received_at).strftime("%d.%m.%Y")
    assert grant.reason == f"Videresendt henvendelse nr. {inquiry.pk} mottatt {day}"


def test_marking_the_item_done_ends_the_grant_today(world, reception, nurse, inquiry):
    _forward(reception, inquiry, world["home_care"])
    item = Item.objects.get(kind=ItemKind.INQUIRY)
    inbox.item_take(acting_user=nurse, item=item)
    inbox.item_done(acting_user=nurse, item=item)
    [grant] = _grants(inquiry)
    assert grant.valid_to == TODAY


def test_reception_forwards_an_untaken_inquiry_again(world, reception, nurse, inquiry):
    _forward(reception, inquiry, world["home_care"])
    first = Item.objects.get(kind=ItemKind.INQUIRY)
    _forward(reception, inquiry, world["team_b"])
    first.refresh_from_db()
    assert first.closed_at is not None and first.closed_by == reception
    old, new = _grants(inquiry)
    assert (old.unit, old.valid_to) == (world["home_care"], TODAY)
    assert new.unit == world["team_b"] and new.valid_to == TODAY + datetime.timedelta(days=14)
    open_item = Item.objects.get(kind=ItemKind.INQUIRY, closed_at__isnull=True)
    assert open_item.for_unit == world["team_b"]
    assert Handoff.objects.filter(inquiry=inquiry).count() == 2
    inquiry.refresh_from_db()
    assert (inquiry.outcome, inquiry.responsible_unit) == (InquiryOutcome.FORWARDED, world["team_b"])


def test_a_taken_inquiry_is_not_forwarded_again(world, reception, nurse, inquiry):
    _forward(reception, inquiry, world["home_care"])
    inbox.item_take(acting_user=nurse, item=Item.objects.get(kind=ItemKind.INQUIRY))
    with pytest.raises(ValidationError, match="har tatt henvendelsen"):
        _forward(reception, inquiry, world["team_b"])
    assert Handoff.objects.count() == 1 and len(_grants(inquiry)) == 1
    assert Inquiry.objects.get(pk=inquiry.pk).responsible_unit == world["home_care"]


def test_a_done_inquiry_and_the_same_unit_are_refused(world, reception, nurse, inquiry):
    _forward(reception, inquiry, world["home_care"])
    with pytest.raises(ValidationError, match="allerede sendt til"):
        _forward(reception, inquiry, world["home_care"])
    item = Item.objects.get(kind=ItemKind.INQUIRY)
    inbox.item_take(acting_user=nurse, item=item)
    inbox.item_done(acting_user=nurse, item=item)
    with pytest.raises(ValidationError, match="allerede behandlet"):
        _forward(reception, inquiry, world["team_b"])
    assert Handoff.objects.count() == 1


def test_another_service_area_needs_the_citizens_consent(world, reception, inquiry, kari):
    with pytest.raises(ValidationError, match="samtykket"):
        _forward(reception, inquiry, world["nav"])
    assert Handoff.objects.count() == 0 and _grants(inquiry) == [] and Item.objects.count() == 0
    _forward(reception, inquiry, world["nav"], citizen_consent=True)
    assert Handoff.objects.get().citizen_consent is True
    assert Responsibility.objects.get(source=f"inquiry:{inquiry.pk}").unit == world["nav"]


def test_within_the_area_no_consent_is_asked(world, reception, inquiry, office):
    from tests import factories

    desk = factories.unit(inquiry.municipality, "Servicetorget", parent=office)
    _forward(reception, inquiry, desk)
    assert Handoff.objects.get().citizen_consent is False


def test_after_done_the_unit_no_longer_sees_the_person_tomorrow(world, reception, nurse, inquiry, kari):
    _forward(reception, inquiry, world["home_care"])
    assert person_access(nurse, kari)
    item = Item.objects.get(kind=ItemKind.INQUIRY)
    inbox.item_take(acting_user=nurse, item=item)
    inbox.item_done(acting_user=nurse, item=item)
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert not Responsibility.objects.active_on(tomorrow).filter(source=f"inquiry:{inquiry.pk}").exists()


def test_the_page_refuses_a_cross_area_forward_without_the_checkbox(client, world, reception, inquiry):
    client.force_login(reception)
    page = client.get(f"/mottak/{inquiry.pk}/").content.decode()
    assert "Innbyggeren har bedt om eller samtykket til at henvendelsen sendes hit" in page
    url = f"/mottak/{inquiry.pk}/videresend/"
    refused = client.post(url, {"to_unit": world["nav"].pk, "reason": "Økonomi"}, follow=True)
    assert "hører til et annet tjenesteområde" in refused.content.decode()
    assert Handoff.objects.count() == 0
    client.post(url, {"to_unit": world["nav"].pk, "reason": "Økonomi", "citizen_consent": "on"})
    assert Handoff.objects.get().citizen_consent is True


def test_the_page_offers_forwarding_again_until_someone_takes_it(client, world, reception, nurse, inquiry):
    _forward(reception, inquiry, world["home_care"])
    client.force_login(reception)
    page = client.get(f"/mottak/{inquiry.pk}/").content.decode()
    assert "Send til en annen enhet" in page
    client.post(f"/mottak/{inquiry.pk}/videresend/", {"to_unit": world["team_b"].pk, "reason": "Feil sone"})
    assert Inquiry.objects.get(pk=inquiry.pk).responsible_unit == world["team_b"]
    with pytest.raises(PermissionDenied):  # the first unit's item is closed; team 2's is not the nurse's
        inbox.item_take(acting_user=nurse, item=Item.objects.get(closed_at__isnull=True))
