"""The access log is a hash chain per municipality: a row forged, changed or removed behind Helhet's back
breaks it, and `helhet verify-access-log` names the first broken link."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from helhet.access import chain
from helhet.access.models import AccessLog
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


def test_rows_are_numbered_per_municipality(rows, case_worker, kari, outsider, other_municipality):
    neighbour = factories.person(other_municipality, first_name="Nils")
    other = write(outsider, neighbour)
    assert [row.seq for row in rows] == [1, 2, 3, 4, 5]
    assert other.seq == 1
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
    # Helhet goes on after the forged row (it is the chain's last row), and the break stays the only one.
    after = write(case_worker, kari, what="Etter den falske raden")
    assert after.seq == 7
    ok, output = verify("--municipality", "9999")
    assert not ok
    assert f"løpenummer 6, rad id {forged.pk}" in output
    assert "1 brudd i alt i 7 rader" in output


def test_a_row_forged_far_ahead_is_followed_and_named(rows, case_worker, kari):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO access_accesslog (municipality_id, person_id, user_id, at, action, what, reason, channel,"
            " seq, hash) VALUES (%s, %s, %s, %s, 'read', 'Ingenting', 'Rutine', 'web', 9000, %s)",
            [kari.municipality_id, kari.pk, case_worker.pk, timezone.now(), "cd" * 32],
        )
    assert write(case_worker, kari).seq == 9001
    ok, output = verify("--municipality", "9999")
    assert not ok
    assert "BRUDD ved løpenummer 9000" in output
    assert "6–8999 mangler" in output
    assert "1 brudd i alt i 7 rader" in output


def test_a_changed_row_breaks_the_chain(rows):
    without_guard("access_accesslog_no_update")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE access_accesslog SET what = 'Noe uskyldig' WHERE id = %s", [rows[2].pk])
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


def test_deleting_the_last_rows_is_caught_by_a_link_noted_earlier(rows):
    noted = f"{rows[-1].seq}:{rows[-1].hash}"
    ok, output = verify("--municipality", "9999", "--expect", noted)
    assert ok, output
    without_guard("access_accesslog_no_update" if PG else "access_accesslog_no_delete")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM access_accesslog WHERE id = %s", [rows[-1].pk])
    assert chain.verify(rows[0].municipality_id).ok  # the rest is whole: only the noted link tells
    ok, output = verify("--municipality", "9999", "--expect", noted)
    assert not ok
    assert "løpenummer 5 ble notert tidligere, men finnes ikke" in output


def test_after_old_rows_are_deleted_the_walk_starts_from_the_noted_link(rows):
    noted = f"{rows[1].seq}:{rows[1].hash}"
    without_guard("access_accesslog_no_update" if PG else "access_accesslog_no_delete")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM access_accesslog WHERE seq <= 2")
    ok, output = verify("--municipality", "9999")
    assert not ok
    assert "løpenummer 1–2 mangler" in output
    ok, output = verify("--municipality", "9999", "--from", noted)
    assert "3 rader, kjeden er hel" in output  # (not ok: the lifted delete guard is reported)
    assert "BRUDD" not in output


def test_after_a_key_change_each_key_verifies_its_own_part(rows, case_worker, kari, settings):
    old_key_last = rows[-1]
    settings.HELHET_ACCESS_LOG_KEY = "the-new-key-from-seq-6"
    write(case_worker, kari, what="Med ny nøkkel")
    write(case_worker, kari, what="Med ny nøkkel igjen")
    ok, output = verify("--municipality", "9999", "--from", f"{old_key_last.seq}:{old_key_last.hash}")
    assert ok, output
    assert "2 rader, kjeden er hel. Siste løpenummer 7" in output
    settings.HELHET_ACCESS_LOG_KEY = ""  # the old (here: development) key
    ok, output = verify("--municipality", "9999", "--to", "5", "--expect", f"5:{old_key_last.hash}")
    assert ok, output
    assert "5 rader, kjeden er hel" in output


def test_anchors_need_one_municipality_and_a_proper_form(rows):
    ok, output = verify("--from", f"2:{rows[1].hash}")
    assert not ok
    assert "oppgi --municipality" in output
    ok, output = verify("--municipality", "9999", "--expect", "fem:abc")
    assert not ok
    assert "LØPENUMMER:HASH" in output


def test_an_unknown_municipality_is_an_error(rows):
    ok, output = verify("--municipality", "0000")
    assert not ok
    assert "Fant ingen kommune" in output


@pytest.mark.skipif(PG, reason="SQLite's own triggers")
def test_sqlite_refuses_delete_and_far_off_times(rows, case_worker, kari):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM access_accesslog WHERE id = %s", [rows[0].pk])
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
    assert "vern av loggene mangler: access_accesslog_no_update" in output


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
