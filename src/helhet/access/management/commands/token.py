from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from helhet.access.services import api_token_create


class Command(BaseCommand):
    help = "Lager en ny API-nøkkel for brukeren og skriver den ut (vises bare én gang)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Fant ingen aktiv bruker med brukernavnet «{username}».")
        self.stdout.write(api_token_create(user=user))
