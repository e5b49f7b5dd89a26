import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from helhet.access import roles
from helhet.core.calendar import local_today
from helhet.demo import loader


class Command(BaseCommand):
    help = "Laster demokommunen «Demo kommune» (9999) med syntetiske data. Trygt å kjøre flere ganger."

    def add_arguments(self, parser):
        parser.add_argument(
            "--persons", type=int, default=200, help="antall syntetiske personer (standard 200)"
        )

    def handle(self, *args, persons: int, **options):
        if persons < 0:
            raise CommandError("--persons kan ikke være negativt.")
        if not settings.HELHET_ALLOW_SYNTHETIC_IDS or not settings.HELHET_DEMO_PASSWORD:
            raise CommandError(
                "Demodata krever HELHET_ALLOW_SYNTHETIC_IDS=1 og HELHET_DEMO_PASSWORD; ikke i produksjon."
            )
        started = time.monotonic()
        result = loader.load(persons=persons, today=local_today(), progress=self.stdout.write)
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"{result['municipality']}: {result['added']} nye personer, ferdig på {elapsed:.1f} s."
        )
        self.stdout.write("\nDemobrukere (passord: " + settings.HELHET_DEMO_PASSWORD + "):")
        for demo in loader.DEMO_USERS:
            self.stdout.write(f"  {demo.username:<20} {demo.title}, {demo.unit}")
        if result.get("citizens"):
            self.stdout.write("\nInnbyggere (testinnlogging på /innbygger/logg-inn/):")
            for pid, description in result["citizens"]:
                self.stdout.write(f"  {pid}  {description}")
        required = [str(roles.LABELS.get(role, role)).lower() for role in settings.HELHET_MFA_REQUIRED_ROLES]
        if required:
            self.stdout.write(
                "\nRollene "
                + ", ".join(required)
                + " setter opp tofaktorinnlogging ved første innlogging: skann QR-koden med en"
                " autentiseringsapp (eller skriv inn nøkkelen) og skriv inn koden. Hver bruker får sin egen nøkkel."
            )
