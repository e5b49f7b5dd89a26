"""PostgreSQL roles: the owner runs migrations; the application runs as a runtime role that may only
insert into and read the append-only tables (the access log, account events, the change history), may not
delete emergency accesses, and has the usual rights on every other table. The access log's chain keeps no
mutable head, so nothing of the log needs UPDATE.

The runtime role owns nothing, so it can neither TRUNCATE the log, ALTER it (DISABLE TRIGGER), nor grant
itself more. The owner keeps every right; triggers refuse UPDATE and DELETE of the log for it too.
"""

import re

from django.db import connection, transaction

LOG_TABLE = "access_accesslog"
# Written once, never changed: the runtime role may only insert and read them.
APPEND_ONLY_TABLES = (LOG_TABLE, "access_accountevent", "core_changerecord")
# Updated (the review) but never deleted.
NEVER_DELETED_TABLES = ("access_emergencyaccess",)
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def runtime_role_sql(role: str, *, password: str | None = None, schema: str = "public") -> list[str]:
    """The statements that create (if missing) and grant the runtime role; safe to run again after migrate."""
    if not _IDENTIFIER.match(role):
        raise ValueError(
            "Rollenavnet kan bare ha små bokstaver a–z, sifre og understrek (for eksempel helhet_app)."
        )
    if role == connection.settings_dict.get("USER"):
        raise ValueError("Kjørerollen kan ikke være eieren som kjører migreringene.")
    database = connection.settings_dict["NAME"]
    login = f" PASSWORD {_quote_literal(password)}" if password else ""
    return [
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {_quote_literal(role)}) "
        f'THEN CREATE ROLE "{role}" LOGIN; END IF; END $$',
        f'ALTER ROLE "{role}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION{login}',
        f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"',
        f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"',
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"',
        f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "{schema}" TO "{role}"',
        *(
            statement
            for table in APPEND_ONLY_TABLES
            for statement in (
                f'REVOKE ALL ON "{schema}".{table} FROM PUBLIC',
                f'REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "{schema}".{table} FROM "{role}"',
                f'GRANT SELECT, INSERT ON "{schema}".{table} TO "{role}"',
            )
        ),
        *(
            f'REVOKE DELETE, TRUNCATE, REFERENCES, TRIGGER ON "{schema}".{table} FROM "{role}"'
            for table in NEVER_DELETED_TABLES
        ),
        f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{role}"',
        f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" GRANT USAGE, SELECT ON SEQUENCES TO "{role}"',
    ]


def apply(statements: list[str]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
