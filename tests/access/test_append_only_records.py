"""Account events are append-only like the access log and the change history (one shared guard), and a
reviewed emergency access is final: the model, the queryset and the database refuse."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from helhet.access import guards
from helhet.access.models import AccessLog, AccountEvent, EmergencyAccess
from helhet.access.services import emergency_access_open, emergency_access_review
from helhet.core.appendonly import AppendOnlyError, AppendOnlyModel
from helhet.core.models import ChangeRecord

REASON = "Funnet bevisstløs i trappeoppgangen, trenger pårørende og adresse"


def refused(sql: str, params=()) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError:
        return True
    return False


def test_the_three_logs_share_one_append_only_model():
    for model in (AccessLog, AccountEvent, ChangeRecord):
        assert issubclass(model, AppendOnlyModel)


@pytest.fixture
def event(municipality, case_worker):
    return AccountEvent.objects.create(
        municipality=municipality, user=case_worker, kind="deactivated", reason="Sluttet"
    )


def test_an_account_event_is_never_changed_or_deleted(event):
    event.reason = "Noe annet"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AccountEvent.objects.filter(pk=event.pk).update(reason="Skjult")
    with pytest.raises(AppendOnlyError):
        AccountEvent.objects.filter(pk=event.pk).delete()
    assert refused("UPDATE access_accountevent SET reason = 'Skjult' WHERE id = %s", [event.pk])
    assert refused("DELETE FROM access_accountevent WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.reason == "Sluttet"


@pytest.fixture
def emergency(nurse, kari):
    return emergency_access_open(user=nurse, person=kari, reason=REASON)


def test_a_reviewed_emergency_access_is_final(emergency, leader, admin_user):
    reviewed = emergency_access_review(acting_user=leader, emergency=emergency, note="Riktig bruk")
    with pytest.raises(ValidationError, match="allerede gjennomgått"):
        emergency_access_review(acting_user=admin_user, emergency=emergency, note="Annen merknad")
    stored = EmergencyAccess.objects.get(pk=emergency.pk)
    stored.review_note = "Omskrevet"
    with pytest.raises(AppendOnlyError):
        stored.save()
    with pytest.raises(AppendOnlyError):
        reviewed.save()
    assert refused(
        "UPDATE access_emergencyaccess SET review_note = 'Omskrevet' WHERE id = %s", [emergency.pk]
    )
    assert refused(
        "UPDATE access_emergencyaccess SET reviewed_by_id = %s WHERE id = %s", [admin_user.pk, emergency.pk]
    )
    assert EmergencyAccess.objects.get(pk=emergency.pk).review_note == "Riktig bruk"


def test_an_emergency_access_is_never_deleted_but_can_be_reviewed(emergency, leader):
    with pytest.raises(AppendOnlyError):
        emergency.delete()
    assert refused("DELETE FROM access_emergencyaccess WHERE id = %s", [emergency.pk])
    emergency_access_review(acting_user=leader, emergency=emergency, note="Riktig bruk")
    assert EmergencyAccess.objects.get(pk=emergency.pk).reviewed_by == leader


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("reason", "Rutinesjekk"),
        ("expires_at", "2099-01-01 00:00:00+00:00"),
        ("granted_at", "2000-01-01 00:00:00+00:00"),
        ("unit_ids", "[]"),
    ],
)
def test_before_its_review_an_emergency_access_changes_in_no_other_column(
    emergency, leader, admin_user, column, value
):
    stored = EmergencyAccess.objects.get(pk=emergency.pk)
    before = (stored.reason, stored.granted_at, stored.expires_at, stored.unit_ids, stored.user_id)
    # Not alone, and not together with a review.
    sql = f"UPDATE access_emergencyaccess SET {column} = %s WHERE id = %s"  # noqa: S608 (a column named above)
    assert refused(sql, [value, emergency.pk])
    assert refused(
        f"UPDATE access_emergencyaccess SET {column} = %s, reviewed_by_id = %s, reviewed_at = %s,"  # noqa: S608
        " review_note = 'Riktig bruk' WHERE id = %s",
        [value, leader.pk, "2030-01-01 00:00:00+00:00", emergency.pk],
    )
    assert refused(
        "UPDATE access_emergencyaccess SET user_id = %s WHERE id = %s", [admin_user.pk, emergency.pk]
    )
    stored = EmergencyAccess.objects.get(pk=emergency.pk)
    assert (stored.reason, stored.granted_at, stored.expires_at, stored.unit_ids, stored.user_id) == before
    assert stored.reviewed_at is None


def test_before_its_review_the_review_columns_change_only_by_the_review_once(emergency, leader):
    # A note or a reviewer without the review itself (reviewed_at) is refused: the review is written whole.
    assert refused(
        "UPDATE access_emergencyaccess SET review_note = 'Ser greit ut' WHERE id = %s", [emergency.pk]
    )
    stored = EmergencyAccess.objects.get(pk=emergency.pk)
    stored.reason = "Rutinesjekk"
    with pytest.raises(AppendOnlyError):
        stored.save()
    stored = EmergencyAccess.objects.get(pk=emergency.pk)
    stored.review_note = "Ser greit ut"
    with pytest.raises(AppendOnlyError):
        stored.save(update_fields=["review_note"])  # no reviewed_at: not a review
    assert EmergencyAccess.objects.get(pk=emergency.pk).review_note == ""
    # The review itself goes through, once.
    emergency_access_review(acting_user=leader, emergency=emergency, note="Riktig bruk")
    assert refused(
        "UPDATE access_emergencyaccess SET review_note = 'Omskrevet' WHERE id = %s", [emergency.pk]
    )
    assert EmergencyAccess.objects.get(pk=emergency.pk).review_note == "Riktig bruk"


def test_every_guard_is_in_place(db):
    assert guards.missing(connection) == []


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_guarded_tables(municipality, nurse, kari):
    """The flush after this transactional test must empty every guarded table (it errors otherwise)."""
    AccountEvent.objects.create(municipality=municipality, user=nurse, kind="deactivated", reason="Test")
    emergency_access_open(user=nurse, person=kari, reason=REASON)
    assert AccountEvent.objects.count() == 1
    assert EmergencyAccess.objects.count() == 1
