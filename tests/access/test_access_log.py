"""The access log cannot be rewritten, neither through the model nor behind its back."""

import pytest
from django.db import connection, transaction
from django.db.models.deletion import ProtectedError
from django.db.utils import DatabaseError

from helhet.access.models import AccessLog, AppendOnlyError
from helhet.access.services import access_log_write


@pytest.fixture
def entry(case_worker, kari):
    return access_log_write(user=case_worker, person=kari, action="read", what="Personside", reason="Test")


def test_a_saved_row_cannot_be_changed_or_deleted_through_the_model(entry):
    entry.what = "Noe annet"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_querysets_refuse_bulk_updates_and_deletes(entry):
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=entry.pk).update(what="Skjult")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=entry.pk).delete()


def test_the_database_refuses_updates_and_deletes(entry):
    for sql in (
        "UPDATE access_accesslog SET what = 'Skjult' WHERE id = %s",
        "DELETE FROM access_accesslog WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    entry.refresh_from_db()
    assert entry.what == "Personside"


def test_a_person_with_logged_reads_cannot_be_deleted(entry, kari):
    with pytest.raises(ProtectedError):
        kari.delete()
