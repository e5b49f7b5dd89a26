"""On PostgreSQL the application runs as a role that may only insert into and read the access log."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from helhet.access import dbroles
from helhet.access.models import AccessLog
from helhet.access.services import access_log_write

ROLE = "helhet_chain_test_runtime"
pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles are PostgreSQL's")


@pytest.fixture
def as_runtime_role(db):
    """Create and grant the runtime role inside the test's transaction (rolled back after), then act as it."""
    dbroles.apply(dbroles.runtime_role_sql(ROLE))
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f'SET LOCAL ROLE "{ROLE}"')
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def refused(sql: str, params=()) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError:
        return True
    return False


@pytest.fixture
def entry(case_worker, kari):
    return access_log_write(user=case_worker, person=kari, action="read", what="Personside", reason="Test")


def test_the_runtime_role_inserts_and_reads_but_never_changes_the_log(
    entry, as_runtime_role, case_worker, kari
):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == ROLE
    written = access_log_write(
        user=case_worker, person=kari, action="read", what="Som kjørerolle", reason="Test"
    )
    assert AccessLog.objects.filter(pk=written.pk).exists()
    assert refused("UPDATE access_accesslog SET what = 'skjult' WHERE id = %s", [entry.pk])
    assert refused("DELETE FROM access_accesslog WHERE id = %s", [entry.pk])
    assert refused("TRUNCATE access_accesslog")
    assert refused("ALTER TABLE access_accesslog DISABLE TRIGGER access_accesslog_no_update")
    assert refused("ALTER TABLE access_accesslog DISABLE TRIGGER ALL")
    assert refused("DROP TRIGGER access_accesslog_no_update ON access_accesslog")
    refused(f'GRANT UPDATE, DELETE, TRUNCATE ON access_accesslog TO "{ROLE}"')  # "no privileges were granted"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT has_table_privilege(current_user, 'access_accesslog', 'UPDATE, DELETE, TRUNCATE'),"
            " has_table_privilege(current_user, 'access_accesslog', 'INSERT')"
        )
        assert cursor.fetchone() == (False, True)
    # The chain keeps no mutable head: nothing of the log is open to UPDATE, and neither are the other records.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'access_accessloghead'"
        )
        assert cursor.fetchone()[0] == 0
        for table in ("access_accountevent", "core_changerecord"):
            cursor.execute(
                "SELECT has_table_privilege(current_user, %s, 'UPDATE'), has_table_privilege(current_user, %s,"
                " 'DELETE'), has_table_privilege(current_user, %s, 'TRUNCATE'),"
                " has_table_privilege(current_user, %s, 'INSERT')",
                [table] * 4,
            )
            assert cursor.fetchone() == (False, False, False, True), table
        cursor.execute(
            "SELECT has_table_privilege(current_user, 'access_emergencyaccess', 'DELETE'),"
            " has_table_privilege(current_user, 'access_emergencyaccess', 'UPDATE')"
        )
        assert cursor.fetchone() == (False, True)
    # ... while the rest of the application works as usual
    assert not refused("UPDATE people_person SET first_name = first_name WHERE id = %s", [kari.pk])


def test_a_backdated_row_gets_the_database_time(as_runtime_role, case_worker, kari):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO access_accesslog (municipality_id, person_id, user_id, at, action, what, reason, channel,"
            " seq, hash) VALUES (%s, %s, %s, %s, 'read', 'x', 'y', 'web', 9000, 'z') RETURNING at",
            [
                kari.municipality_id,
                kari.pk,
                case_worker.pk,
                datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
            ],
        )
        stamped = cursor.fetchone()[0]
    assert abs(stamped - timezone.now()) < datetime.timedelta(minutes=10)


def test_the_owner_cannot_update_or_delete_either(entry):
    assert refused("UPDATE access_accesslog SET what = 'skjult' WHERE id = %s", [entry.pk])
    assert refused("DELETE FROM access_accesslog WHERE id = %s", [entry.pk])


def test_the_command_prints_the_grants_and_refuses_bad_names(capsys):
    call_command("db-roles", "--runtime-role", "helhet_app", "--print")
    printed = capsys.readouterr().out
    assert 'GRANT SELECT, INSERT ON "public".access_accesslog TO "helhet_app"' in printed
    assert "REVOKE UPDATE, DELETE, TRUNCATE" in printed
    assert 'GRANT SELECT, INSERT ON "public".core_changerecord TO "helhet_app"' in printed
    assert 'GRANT SELECT, INSERT ON "public".access_accountevent TO "helhet_app"' in printed
    assert "accessloghead" not in printed
    with pytest.raises(CommandError, match="små bokstaver"):
        call_command("db-roles", "--runtime-role", 'x"; DROP TABLE y; --')
