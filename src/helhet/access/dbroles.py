"""PostgreSQL roles: the owner runs migrations; the application runs as a runtime role that may only
insert into and read the access log (and has the usual rights on every other table).

The runtime role owns nothing, so it can neither TRUNCATE the log, ALTER it (DISABLE TRIGGER), nor grant
itself more. The owner keeps every right; triggers refuse UPDATE and DELETE of the log for it too.
"""

import re

from django.db import connection, transaction

LOG_TABLE = "access_accesslog"
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
        f'REVOKE ALL ON "{schema}".{LOG_TABLE} FROM PUBLIC',
        f'REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "{schema}".{LOG_TABLE} FROM "{role}"',
        f'GRANT SELECT, INSERT ON "{schema}".{LOG_TABLE} TO "{role}"',
        f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{role}"',
        f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" GRANT USAGE, SELECT ON SEQUENCES TO "{role}"',
    ]


def apply(statements: list[str]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
