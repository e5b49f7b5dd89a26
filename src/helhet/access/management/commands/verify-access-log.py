from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from helhet.access import chain, guards
from helhet.core.models import Municipality


class Command(BaseCommand):
    help = (
        "Går gjennom tilgangsloggens hash-kjede for hver kommune og navngir første brudd "
        "(rad, tidspunkt, hva som er galt). Avslutter med feilkode hvis en kjede er brutt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", metavar="NNNN", help="kommunenummer; uten: alle kommuner")

    def handle(self, *args: Any, municipality: str | None = None, **options: Any) -> None:
        municipalities = Municipality.objects.order_by("number")
        if municipality:
            municipalities = municipalities.filter(number=municipality)
            if not municipalities.exists():
                raise CommandError(f"Fant ingen kommune med kommunenummer {municipality}.")
        failures = 0
        missing = guards.missing(connection)
        if missing:
            failures += 1
            self.stderr.write(
                f"Databasens vern av tilgangsloggen mangler: {', '.join(missing)} (kjør helhet migrate)."
            )
        for muni in municipalities:
            result = chain.verify(muni.pk)
            if result.ok:
                self.stdout.write(
                    f"{muni.number} {muni.name}: {result.rows} rader, kjeden er hel. "
                    f"Siste løpenummer {result.head_seq}, siste hash {result.head_hash or '–'}"
                )
                continue
            failures += 1
            broken = result.broken
            assert broken is not None  # the chain is not whole
            where = f"rad id {broken.row_id}" if broken.row_id is not None else "etter siste rad"
            when = timezone.localtime(broken.at).strftime("%d.%m.%Y %H:%M:%S") if broken.at else "–"
            self.stderr.write(
                f"{muni.number} {muni.name}: BRUDD ved løpenummer {broken.seq}, {where}, tidspunkt {when}: "
                f"{broken.problem}."
            )
        if failures:
            raise CommandError("Tilgangsloggen har brudd; se over.")
