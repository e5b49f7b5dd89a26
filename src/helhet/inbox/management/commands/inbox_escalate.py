"""`helhet inbox_escalate`: raise untaken items to the unit's leader now (the job does the same on a timer)."""

from django.core.management.base import BaseCommand

from helhet.inbox.services import items_escalate


class Command(BaseCommand):
    help = "Løft oppgaver som ingen har tatt innen fristen til enhetens leder."

    def handle(self, *args, **options) -> None:
        risen = items_escalate()
        self.stdout.write(f"{risen} oppgaver løftet til leder")
