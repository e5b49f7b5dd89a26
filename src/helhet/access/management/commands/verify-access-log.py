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
        parser.add_argument(
            "--from",
            dest="start",
            metavar="LØPENUMMER:HASH",
            help="begynn etter denne raden (notert før eldre rader ble slettet, eller før nøkkelen ble byttet); "
            "krever --municipality",
        )
        parser.add_argument(
            "--to",
            dest="stop",
            type=int,
            metavar="LØPENUMMER",
            help="stopp etter denne raden (siste rad med en nøkkel som siden er byttet); krever --municipality",
        )
        parser.add_argument(
            "--expect",
            action="append",
            default=[],
            metavar="LØPENUMMER:HASH",
            help="en rad notert tidligere som må finnes med denne hashen (fanger rader slettet på slutten); "
            "krever --municipality, kan gis flere ganger",
        )

    def handle(
        self,
        *args: Any,
        municipality: str | None = None,
        start: str | None = None,
        stop: int | None = None,
        expect: list[str],
        **options: Any,
    ) -> None:
        if (start or expect or stop is not None) and not municipality:
            raise CommandError("--from, --to og --expect gjelder én kommune: oppgi --municipality.")
        if stop is not None and stop < 1:
            raise CommandError("--to er et løpenummer fra 1 og oppover.")
        try:
            start_anchor = chain.Anchor.parse(start) if start else None
            expected = [chain.Anchor.parse(text) for text in expect]
        except ValueError as error:
            raise CommandError(str(error)) from None
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
                f"Databasens vern av loggene mangler: {', '.join(missing)} (kjør helhet migrate)."
            )
        for muni in municipalities:
            result = chain.verify(muni.pk, start=start_anchor, expect=expected, stop=stop)
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
                f"{broken.problem}. {result.breaks} brudd i alt i {result.rows} rader; "
                f"siste løpenummer {result.head_seq}."
            )
        if failures:
            raise CommandError("Tilgangsloggen har brudd; se over.")
