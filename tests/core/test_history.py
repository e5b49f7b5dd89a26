"""The change history: append-only, values as people read them, and the person and organisation services."""

import datetime

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import reverse

from helhet.core.models import AppendOnlyChangeError, ChangeRecord
from helhet.core.selectors import HISTORY_LIMIT, history_for, history_for_types
from helhet.core.services import municipality_span_limit_set
from helhet.organisation import services as org
from helhet.people import services as people
from tests import factories

D = datetime.date


def rows_for(obj, field=None):
    rows = ChangeRecord.objects.for_object(obj)
    if field:
        rows = rows.filter(field=field)
    return list(rows.order_by("id"))


def test_a_person_update_records_old_and_new_value_and_who(case_worker, kari):
    zone = factories.zone(kari.municipality, "Sør")
    old_phone = kari.phone
    people.person_update(
        acting_user=case_worker, person=kari, expected_version=kari.version, phone="40000001", zone=zone
    )
    phone = rows_for(kari, "phone")[-1]
    assert (phone.old_value, phone.new_value) == (old_phone, "40000001")
    assert phone.operation == "update" and phone.actor == case_worker
    assert phone.actor_label == case_worker.display_name and phone.field_label == "Telefon"
    assert rows_for(kari, "zone")[-1].new_value == "Sør"  # a related object by its name
    assert not rows_for(kari, "first_name")  # unchanged fields are not recorded


def test_registering_records_initial_values_and_masks_the_national_id(case_worker, municipality):
    number = factories.synthetic_id(D(1950, 5, 17))
    person = people.person_register(
        acting_user=case_worker,
        municipality=municipality,
        national_id=number,
        first_name="Astrid",
        last_name="Lie",
        reserved_against_digital_contact=True,
    )
    values = {row.field: row.new_value for row in rows_for(person)}
    assert values["first_name"] == "Astrid" and values["reserved_against_digital_contact"] == "Ja"
    assert values["national_id"] == f"{number[:6]} *****"
    assert number not in values.values()
    relative = people.relative_add(acting_user=case_worker, person=person, name="Per Lie", relation="child")
    added = {row.field: row.new_value for row in rows_for(person) if row.object_type == "people.relative"}
    assert added["name"] == "Per Lie" and added["relation"] == "Barn"  # a choice by its label
    assert all(
        row.object_id == relative.pk for row in rows_for(person) if row.object_type == "people.relative"
    )


def test_change_records_are_append_only(case_worker, kari):
    people.person_update(
        acting_user=case_worker, person=kari, expected_version=kari.version, phone="40000009"
    )
    row = rows_for(kari)[0]
    row.new_value = "forged"
    with pytest.raises(AppendOnlyChangeError):
        row.save()
    with pytest.raises(AppendOnlyChangeError):
        row.delete()
    with pytest.raises(AppendOnlyChangeError):
        ChangeRecord.objects.filter(pk=row.pk).update(new_value="forged")
    with pytest.raises(AppendOnlyChangeError):
        ChangeRecord.objects.filter(pk=row.pk).delete()
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_changerecord SET new_value = 'forged'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_changerecord")  # (flush lifts SQLite's guard for itself alone)
    assert ChangeRecord.objects.get(pk=row.pk).new_value == "40000009"


def test_a_refused_change_leaves_no_history(case_worker, kari):
    from helhet.core.errors import ConflictError

    with pytest.raises(ConflictError):
        people.person_update(acting_user=case_worker, person=kari, expected_version=99, phone="40000002")
    assert not rows_for(kari)


def test_organisation_services_record_the_acting_user(admin_user, municipality):
    parent = org.unit_create(
        municipality=municipality, name="Helse", kind="area", valid_from=D(2020, 1, 1), actor=admin_user
    )
    unit = org.unit_create(
        municipality=municipality,
        name="Sone Nord",
        kind="department",
        valid_from=D(2020, 1, 1),
        parent=parent,
        actor=admin_user,
    )
    other = org.unit_create(
        municipality=municipality,
        name="Sone Sør",
        kind="department",
        valid_from=D(2020, 1, 1),
        actor=admin_user,
    )
    staff = org.staff_create(municipality=municipality, first_name="Liv", last_name="Dahl", actor=admin_user)
    org.engagement_add(staff=staff, unit=unit, fte="0.5", valid_from=D(2021, 1, 1), actor=admin_user)
    org.leadership_assign(unit=unit, staff=staff, valid_from=D(2021, 1, 1), actor=admin_user)
    org.unit_alias_save(municipality=municipality, alias="Nord", unit=unit, actor=admin_user)
    merged = org.units_merge(
        units=[unit, other], name="Sone Midt", kind="department", on=D(2024, 1, 1), actor=admin_user
    )
    rows = list(ChangeRecord.objects.filter(municipality=municipality))
    assert rows and all(row.actor == admin_user for row in rows)
    assert {row.object_type for row in rows} >= {
        "organisation.unit",
        "organisation.unitparent",
        "organisation.staff",
        "organisation.engagement",
        "organisation.leadership",
        "organisation.unitalias",
    }
    fte = next(row for row in rows_for(unit) if row.field == "fte")
    assert fte.new_value == "0,5" and fte.object_label == "Stilling: Liv Dahl i Sone Nord"
    ended = next(
        row
        for row in rows_for(unit)
        if row.object_type == "organisation.unit" and row.field == "valid_to" and row.new_value
    )
    assert (ended.old_value, ended.new_value) == ("", "31.12.2023")
    assert ended.reason == "Slått sammen til Sone Midt fra 01.01.2024"
    moved = next(
        row
        for row in rows_for(unit)
        if row.object_type == "organisation.engagement" and row.field == "unit" and row.old_value
    )
    assert (moved.old_value, moved.new_value) == ("Sone Nord", "Sone Midt")
    assert ended.group == moved.group == rows_for(merged, "name")[0].group  # one merge, one group


def test_system_jobs_are_recorded_as_system(municipality):
    unit = org.unit_create(
        municipality=municipality, name="Demo", kind="unit", valid_from=D(2020, 1, 1), actor=None
    )
    row = rows_for(unit, "name")[0]
    assert row.actor is None and row.actor_label == "System"


def test_the_span_limit_records_old_and_new(admin_user, municipality):
    municipality_span_limit_set(
        municipality=municipality, limit=25, expected_version=municipality.version, actor=admin_user
    )
    row = ChangeRecord.objects.get(object_type="core.municipality", field="span_of_control_limit")
    assert (row.old_value, row.new_value, row.actor) == ("40", "25", admin_user)


def test_the_history_is_bounded_and_newest_first(case_worker, kari):
    for n in range(HISTORY_LIMIT + 5):
        kari.refresh_from_db()
        people.person_update(
            acting_user=case_worker, person=kari, expected_version=kari.version, phone=f"9{n:07d}"
        )
    history = history_for(kari)
    assert len(history.rows) == HISTORY_LIMIT and history.more
    assert history.rows[0].new_value == f"9{HISTORY_LIMIT + 4:07d}"
    assert not history_for_types(kari.municipality, ["organisation.unit"]).rows


def test_the_person_page_shows_the_history_with_a_bounded_query_count(
    client, case_worker, kari, django_assert_max_num_queries
):
    for n in range(HISTORY_LIMIT + 5):
        kari.refresh_from_db()
        people.person_update(
            acting_user=case_worker, person=kari, expected_version=kari.version, phone=f"9{n:07d}"
        )
    client.force_login(case_worker)
    with django_assert_max_num_queries(30):
        html = client.get(reverse("people:detail", args=[kari.pk])).content.decode()
    assert "Endringshistorikk" in html and "Viser de 50 siste endringene." in html
    assert case_worker.display_name in html and f"9{HISTORY_LIMIT + 4:07d}" in html


def test_the_org_chart_shows_organisation_changes(client, admin_user, municipality):
    org.unit_create(
        municipality=municipality, name="Nytt team", kind="team", valid_from=D(2020, 1, 1), actor=admin_user
    )
    client.force_login(admin_user)
    html = client.get(reverse("insight:chart")).content.decode()
    assert "Endringshistorikk" in html and "Nytt team" in html and admin_user.display_name in html
