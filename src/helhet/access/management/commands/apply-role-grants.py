"""`helhet apply-role-grants`: give and take away the roles whose grants start or end today. Run it daily."""

from typing import Any

from django.core.management.base import BaseCommand

from helhet.access import roles
from helhet.access.accounts import role_grants_apply


class Command(BaseCommand):
    help = (
        "Setter rolletildelinger som begynner eller slutter i dag i kraft (legger til og tar bort grupper). "
        "Trygt å kjøre flere ganger; kjør den daglig."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        changes = role_grants_apply()
        for user, role, added in changes:
            verb = "fikk" if added else "mistet"
            self.stdout.write(f"{user.username} {verb} rollen {roles.LABELS[role]}")
        self.stdout.write(f"{len(changes)} endringer.")
