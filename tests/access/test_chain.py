"""The access log is a hash chain per municipality: a row forged, changed or removed behind Helhet's back
breaks it, and `helhet verify-access-log` names the first broken link."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from helhet.access import chain
from helhet.access.models import AccessLog, AccessLogHead
from helhet.access.services import access_log_write, access_log_write_many
from tests import factories

PG = connection.vendor == "postgresql"


def write(user, person, what="Personside"):
    return access_log_write(user=user, person=person, action="read", what=what, reason="Test")


def verify(*args):
    """Run the command; return (ok, output)."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("verify-access-log", *args, stdout=out, stderr=err)
    except CommandError as error:
        return False, out.getvalue() + err.getvalue() + str(error)
    return True, out.getvalue() + err.getvalue()


def without_guard(trigger: str):
    """Lift one guard trigger inside the test's transaction (as a database owner could), restored on rollback."""
    with connection.cursor() as cursor:
        if PG:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE access_accesslog DISABLE TRIGGER {trigger}")
        else:
            cursor.execute(f"DROP TRIGGER {trigger}")


@pytest.fixture
def rows(case_worker, kari):
    return [write(case_worker, kari, what=f"Personside {n}") for n in range(5)]


def test_rows_are_numbered_per_municipality_and_the_head_follows(
    rows, case_worker, kari, outsider, other_municipality
):
    neighbour = factories.person(other_municipality, first_name="Nils")
    other = write(outsider, neighbour)
    assert [row.seq for row in rows] == [1, 2, 3, 4, 5]
    assert other.seq == 1
    assert AccessLogHead.objects.get(pk=kari.municipality_id).seq == 5
    stored = AccessLog.objects.get(pk=rows[2].pk)
    assert stored.hash == chain.row_digest(stored, rows[1].hash)
    ok, output = verify()
    assert ok, output
    assert "5 rader, kjeden er hel" in output


def test_a_batched_write_chains_every_row_in_one_go(rows, case_worker, municipality):
    persons = [factories.person(municipality, first_name=f"P{n}") for n in range(130)]
    access_log_write_many(user=case_worker, persons=persons, what="Søketreff", reason="Søk")
    seqs = list(
        AccessLog.objects.filter(municipality=municipality).order_by("seq").values_list("seq", flat=True)
    )
    assert seqs == list(range(1, 136))
    assert verify()[0]


def test_the_hash_is_keyed(rows, settings):
    settings.HELHET_ACCESS_LOG_KEY = "another-key"
    ok, output = verify()
    assert not ok
    assert f"rad id {rows[0].pk}" in output


def test_a_row_forged_with_raw_sql_breaks_the_chain(rows, case_worker, kari):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO access_accesslog (municipality_id, person_id, user_id, at, action, what, reason, channel,"
            " seq, hash) VALUES (%s, %s, %s, %s, 'read', 'Ingenting', 'Rutine', 'web', 6, %s)",
            [kari.municipality_id, kari.pk, case_worker.pk, timezone.now(), "ab" * 32],
        )
    forged = AccessLog.objects.get(seq=6)
    ok, output = verify("--municipality", "9999")
    assert not ok
    assert f"løpenummer 6, rad id {forged.pk}" in output
    assert "satt inn utenom Helhet" in output


def test_a_changed_row_breaks_the_chain(rows):
    without_guard("access_accesslog_no_update")
    AccessLog.objects.filter(pk=rows[2].pk).update(what="Noe uskyldig")
    ok, output = verify()
    assert not ok
    assert f"løpenummer 3, rad id {rows[2].pk}" in output
    assert "raden er endret" in output


def test_a_deleted_row_breaks_the_chain(rows):
    without_guard("access_accesslog_no_update" if PG else "access_accesslog_no_delete")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM access_accesslog WHERE id = %s", [rows[1].pk])
    ok, output = verify()
    assert not ok
    assert f"løpenummer 3, rad id {rows[2].pk}" in output
    assert "løpenummer 2–2 mangler" in output


def test_deleting_the_last_rows_is_caught_by_the_head(rows):
    without_guard("access_accesslog_no_update" if PG else "access_accesslog_no_delete")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM access_accesslog WHERE id = %s", [rows[-1].pk])
    ok, output = verify()
    assert not ok
    assert "kjedehodet sier løpenummer 5, men siste rad har 4" in output


def test_an_unknown_municipality_is_an_error(rows):
    ok, output = verify("--municipality", "0000")
    assert not ok
    assert "Fant ingen kommune" in output


@pytest.mark.skipif(PG, reason="SQLite's own triggers")
def test_sqlite_refuses_delete_and_far_off_times(rows, case_worker, kari):
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=rows[0].pk).delete()
    with (
        pytest.raises(DatabaseError, match="carry the time"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO access_accesslog (municipality_id, person_id, user_id, at, action, what, reason, channel,"
            " seq, hash) VALUES (%s, %s, %s, '2020-01-01 10:00:00', 'read', 'x', 'y', 'web', 99, 'z')",
            [kari.municipality_id, kari.pk, case_worker.pk],
        )
    assert AccessLog.objects.count() == 5


def test_the_guards_are_in_place(rows):
    from helhet.access import guards

    assert guards.missing(connection) == []
    without_guard("access_accesslog_no_update")
    ok, output = verify()
    assert not ok
    assert "vern av tilgangsloggen mangler: access_accesslog_no_update" in output


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_can_still_empty_the_database(municipality):
    """Django's flush between transactional tests empties the log too (the guard is lifted for it alone)."""
    user = factories.user(municipality, "saksbehandler")
    write(user, factories.person(municipality))
    assert AccessLog.objects.count() == 1


@pytest.mark.skipif(not PG, reason="concurrent writers need PostgreSQL (SQLite serializes them by design)")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain(municipality):
    user = factories.user(municipality, "saksbehandler")
    persons = [factories.person(municipality, first_name=f"P{n}") for n in range(8)]
    start = threading.Barrier(8)
    errors = []

    def writer(person):
        try:
            start.wait()
            for n in range(10):
                if n % 3:
                    write(user, person, what=f"Side {n}")
                else:
                    access_log_write_many(user=user, persons=persons[:3], what="Søk", reason="Søk")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(person,)) for person in persons]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    seqs = list(
        AccessLog.objects.filter(municipality=municipality).order_by("seq").values_list("seq", flat=True)
    )
    assert seqs == list(range(1, len(seqs) + 1))
    assert len(seqs) == 8 * (6 + 4 * 3)
    report = chain.verify(municipality.pk)
    assert report.ok, report.broken


def test_migrate_runs_as_the_owner_when_migrate_database_url_is_set():
    from helhet.manage import use_owner_for_owner_commands

    environ = {
        "DATABASE_URL": "postgres://helhet_app@db/helhet",
        "MIGRATE_DATABASE_URL": "postgres://owner@db/helhet",
    }
    use_owner_for_owner_commands(["helhet", "runserver"], environ)
    assert environ["DATABASE_URL"] == "postgres://helhet_app@db/helhet"
    use_owner_for_owner_commands(["helhet", "migrate"], environ)
    assert environ["DATABASE_URL"] == "postgres://owner@db/helhet"
