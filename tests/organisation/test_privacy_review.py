"""Findings of the legal/privacy review: no fødselsnummer in organisation-level free text, the uploaded
collaboration list kept only while the user decides, history for every row a merger closes or removes, and
no cascading delete of who worked or led where."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from helhet.access import roles
from helhet.core.calendar import local_today
from helhet.core.freetext import looks_like_national_id
from helhet.core.models import ChangeRecord
from helhet.organisation import scenario_services, services
from helhet.organisation.imports import (
    KEEP_DAYS,
    pending_import_apply,
    pending_import_create,
    pending_imports_purge,
)
from helhet.organisation.models import Consideration, Leadership, PendingImport, Scenario, UnitParent
from helhet.organisation.tasks import pending_imports_purge_job
from tests import factories

D = datetime.date
FNR = "15108695088"  # a valid (synthetic) fødselsnummer
TODAY = local_today()


def message(call) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    return " ".join(caught.value.messages)


def test_an_eleven_digit_run_is_a_fødselsnummer_only_when_valid():
    assert looks_like_national_id(f"Gjelder {FNR} i mottaket")
    assert looks_like_national_id("Gjelder 151086 95088")
    assert not looks_like_national_id("Telefon 12345678901, saksnr 2024/1234")
    assert not looks_like_national_id(f"{FNR}9")  # twelve digits: not a run of eleven
    assert not looks_like_national_id("")


# --- Free text in workshops and scenarios --------------------------------------------------------------


@pytest.fixture
def workshop(municipality, leader):
    return services.workshop_create(
        municipality=municipality, title="Verksted", held_on=D(2018, 3, 1), actor=leader
    )


def test_workshop_text_with_a_fødselsnummer_is_refused_and_nothing_is_saved(municipality, leader, workshop):
    group = services.workshop_group_add(workshop=workshop, name="Gruppe 1", actor=leader)
    assert "fødselsnummer" in message(
        lambda: services.consideration_add(group=group, text=f"Bruker {FNR} venter lenge", actor=leader)
    )
    assert "fødselsnummer" in message(
        lambda: services.workshop_create(
            municipality=municipality, title="Ny", held_on=D(2018, 3, 1), question=f"Om {FNR}", actor=leader
        )
    )
    assert not Consideration.objects.exists()
    services.consideration_add(group=group, text="Saksnummer 12345678901 venter", actor=leader)
    assert Consideration.objects.count() == 1


def test_the_workshop_page_warns_and_refuses_a_fødselsnummer(client, leader, workshop):
    services.workshop_group_add(workshop=workshop, name="Gruppe 1", actor=leader)
    client.force_login(leader)
    url = reverse("insight:workshop", kwargs={"workshop_id": workshop.pk})
    assert "Skriv ikke navn eller andre opplysninger om brukerne" in client.get(url).content.decode()
    group = workshop.groups.get()
    response = client.post(
        reverse("insight:consideration_add", kwargs={"workshop_id": workshop.pk}),
        {"group": group.pk, "text": f"Gjelder {FNR}"},
        follow=True,
    )
    assert "ser ut til å inneholde et fødselsnummer" in response.content.decode()
    assert not Consideration.objects.exists()
    assert "Skriv ikke navn" in client.get(reverse("insight:workshops")).content.decode()


def test_a_scenario_named_with_a_fødselsnummer_is_refused(client, municipality, leader, admin_user):
    assert "fødselsnummer" in message(
        lambda: scenario_services.scenario_create(
            municipality=municipality, name=f"Flytt {FNR}", actor=leader
        )
    )
    assert not Scenario.objects.exists()
    client.force_login(admin_user)
    assert "Skriv ikke navn på brukere" in client.get(reverse("insight:scenarios")).content.decode()


# --- The uploaded collaboration list -----------------------------------------------------------------------

CSV = "enhet;samarbeidspartner;hyppighet;formål\nHjemmetjenesten;Tildelingskontoret;ukentlig;Vedtak\n"


@pytest.fixture
def units(municipality):
    return factories.unit(municipality, "Hjemmetjenesten"), factories.unit(municipality, "Tildelingskontoret")


def test_the_upload_page_tells_how_long_the_list_is_kept_and_what_not_to_include(client, municipality, units):
    client.force_login(factories.user(municipality, roles.LEADER, unit=units[0], leads=True))
    html = client.get(reverse("insight:collaboration_import")).content.decode()
    assert "lagres i opptil 7 dager" in html
    assert "Ingenting lagres før du lagrer importen" not in html
    assert "navn på brukere av tjenestene eller kontaktpersoner" in html
    response = client.post(
        reverse("insight:collaboration_import"),
        {"csv_text": CSV.replace("Vedtak", f"Vedtak om {FNR}"), "source": "S"},
    )
    assert "ser ut til å inneholde et fødselsnummer" in response.content.decode()
    assert not PendingImport.objects.exists()


def test_an_applied_import_keeps_no_copy_of_the_list(municipality, units):
    pending = pending_import_create(municipality=municipality, csv_text=CSV, source="S", on=TODAY, actor=None)
    report = pending_import_apply(pending=pending, on=TODAY, actor=None)
    assert report.saved == 1
    pending.refresh_from_db()
    assert pending.applied_at is not None and pending.csv_text == "" and pending.decisions == {}


def test_the_daily_job_deletes_lists_older_than_a_week(municipality, units):
    old = pending_import_create(municipality=municipality, csv_text=CSV, source="S", on=TODAY, actor=None)
    fresh = pending_import_create(municipality=municipality, csv_text=CSV, source="S", on=TODAY, actor=None)
    week_ago = timezone.now() - datetime.timedelta(days=KEEP_DAYS, minutes=1)
    PendingImport.objects.filter(pk=old.pk).update(created_at=week_ago)
    assert pending_imports_purge() == 1
    assert list(PendingImport.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert settings.HELHET_SCHEDULED_JOBS["pending-imports-purge"].endswith("pending_imports_purge_job")
    assert pending_imports_purge_job.call() == 0


# --- Mergers write history; who worked or led where cannot be cascaded away --------------------------------


def test_a_merger_records_every_leadership_and_parent_link_it_ends_or_removes(municipality):
    area = services.unit_create(
        actor=None, municipality=municipality, name="Helse", kind="area", valid_from=D(2010, 1, 1)
    )
    a = services.unit_create(
        actor=None, municipality=municipality, name="A", kind="unit", valid_from=D(2015, 1, 1), parent=area
    )
    b = services.unit_create(
        actor=None, municipality=municipality, name="B", kind="unit", valid_from=D(2015, 1, 1), parent=area
    )
    boss = services.staff_create(actor=None, municipality=municipality, first_name="Berit", last_name="Ås")
    heir = services.staff_create(actor=None, municipality=municipality, first_name="Per", last_name="Ås")
    term = services.leadership_assign(actor=None, unit=a, staff=boss, valid_from=D(2018, 1, 1))
    future = services.leadership_assign(actor=None, unit=b, staff=heir, valid_from=D(2021, 1, 1))
    links = list(UnitParent.objects.filter(unit__in=[a, b]))
    merged = services.units_merge(actor=None, units=[a, b], name="AB", kind="unit", on=D(2020, 1, 1))
    group = ChangeRecord.objects.filter(object_type="organisation.unit", object_id=a.pk).last().group
    term.refresh_from_db()
    assert term.valid_to == D(2019, 12, 31)
    ended = ChangeRecord.objects.get(object_type="organisation.leadership", object_id=term.pk, group=group)
    assert (ended.field, ended.new_value) == ("valid_to", "31.12.2019")
    assert not Leadership.objects.filter(pk=future.pk).exists()
    removed = ChangeRecord.objects.filter(
        object_type="organisation.leadership", object_id=future.pk, operation="delete", group=group
    )
    assert removed.exists()
    for link in links:
        assert ChangeRecord.objects.filter(
            object_type="organisation.unitparent", object_id=link.pk, field="valid_to", group=group
        ).exists()
    assert merged.valid_from == D(2020, 1, 1)


def test_staff_and_units_with_history_cannot_be_deleted(municipality):
    unit = factories.unit(municipality, "Hjemmetjenesten")
    person = services.staff_create(actor=None, municipality=municipality, first_name="Nina", last_name="Ås")
    services.engagement_add(actor=None, staff=person, unit=unit, fte=1, valid_from=D(2020, 1, 1))
    with pytest.raises(ProtectedError):
        person.delete()
    leader_unit = factories.unit(municipality, "Ledet enhet")
    boss = services.staff_create(actor=None, municipality=municipality, first_name="Kai", last_name="Ås")
    services.leadership_assign(actor=None, unit=leader_unit, staff=boss, valid_from=D(2020, 1, 1))
    with pytest.raises(ProtectedError):
        leader_unit.delete()
    assert Leadership.objects.filter(unit=leader_unit).exists()
