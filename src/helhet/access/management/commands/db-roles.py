from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from helhet.access import dbroles


class Command(BaseCommand):
    help = (
        "PostgreSQL: oppretter (om den mangler) og gir rettigheter til rollen applikasjonen kjører som. Den får "
        "vanlige rettigheter på alle tabeller, men bare INSERT og SELECT på tilgangsloggen, kontohendelsene og "
        "endringshistorikken, og kan ikke slette nødtilganger. Kjøres som eieren "
        "(MIGRATE_DATABASE_URL), etter helhet migrate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runtime-role", required=True, help="for eksempel helhet_app")
        parser.add_argument(
            "--password-file", help="fil med passordet rollen logger inn med (uten: rollen får ikke passord)"
        )
        parser.add_argument("--print", action="store_true", help="bare skriv ut SQL-en, ikke kjør den")

    def handle(
        self,
        *args: Any,
        runtime_role: str,
        password_file: str | None = None,
        print: bool = False,
        **options: Any,
    ) -> None:
        if connection.vendor != "postgresql" and not print:
            raise CommandError("Databaseroller gjelder PostgreSQL; SQLite har ingen roller (én maskin).")
        password = None
        if password_file:
            with open(password_file, encoding="utf-8") as handle:
                password = handle.read().strip()
        try:
            statements = dbroles.runtime_role_sql(runtime_role, password=password)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if print:
            for statement in statements:
                self.stdout.write(statement + ";")
            return
        dbroles.apply(statements)
        self.stdout.write(
            f"Rollen {runtime_role} kan nå bare sette inn og lese tilgangsloggen, kontohendelsene og endringshistorikken."
        )
