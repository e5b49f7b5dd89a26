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
    assert not refused("UPDATE access_emergencyaccess SET review_note = '' WHERE id = %s", [emergency.pk])
    emergency_access_review(acting_user=leader, emergency=emergency, note="Riktig bruk")
    assert EmergencyAccess.objects.get(pk=emergency.pk).reviewed_by == leader


def test_every_guard_is_in_place(db):
    assert guards.missing(connection) == []


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_guarded_tables(municipality, nurse, kari):
    """The flush after this transactional test must empty every guarded table (it errors otherwise)."""
    AccountEvent.objects.create(municipality=municipality, user=nurse, kind="deactivated", reason="Test")
    emergency_access_open(user=nurse, person=kari, reason=REASON)
    assert AccountEvent.objects.count() == 1
    assert EmergencyAccess.objects.count() == 1
