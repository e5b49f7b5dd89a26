"""`helhet letters_deliver`: send queued letters, retry failed ones and record the outbox's receipts now
(the jobs `letters-dispatch` and `letter-receipts` do the same on a timer)."""

from django.core.management.base import BaseCommand

from helhet.casework.delivery import deliveries_dispatch_due, delivery_receipts_record


class Command(BaseCommand):
    help = "Send brev som venter, prøv feilede forsendelser igjen og registrer kvitteringer fra utboksen."

    def handle(self, *args, **options) -> None:
        sent = deliveries_dispatch_due()
        recorded, refused = delivery_receipts_record()
        self.stdout.write(f"{sent} brev sendt, {recorded} kvitteringer registrert, {refused} avvist")
