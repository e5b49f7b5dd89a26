"""`helhet token create|list|revoke`: API tokens from the command line (the operator's side of «Mine API-nøkler»).

`helhet token USERNAME` (the older spelling) is `helhet token create USERNAME`.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from helhet.access.models import ApiToken, TokenScope
from helhet.access.services import TOKEN_DEFAULT_DAYS, api_token_create, api_token_revoke
from helhet.core.models import User

ACTIONS = ("create", "list", "revoke")
STATUS = {"active": "aktiv", "expired": "utløpt", "revoked": "trukket tilbake"}


class Command(BaseCommand):
    help = (
        "API-nøkler: «token create BRUKERNAVN» lager en (vises bare én gang), «token list BRUKERNAVN» viser "
        "brukerens nøkler, «token revoke PREFIKS --reason …» trekker en tilbake for godt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("words", nargs="+", metavar="create|list|revoke ARG")
        parser.add_argument("--name", default="", help="navn på nøkkelen (create)")
        parser.add_argument("--days", type=int, default=TOKEN_DEFAULT_DAYS, help="gyldig i dager, høyst 365")
        parser.add_argument(
            "--scope",
            choices=TokenScope.values,
            default=TokenScope.READ,
            help="read (bare lesing, standard) eller read_write",
        )
        parser.add_argument("--reason", default="", help="begrunnelse (revoke)")

    def handle(self, *args: Any, words: list[str], **options: Any) -> None:
        action, rest = (words[0], words[1:]) if words[0] in ACTIONS else ("create", words)
        if len(rest) != 1:
            raise CommandError("Oppgi nøyaktig ett brukernavn (create, list) eller prefiks (revoke).")
        try:
            getattr(self, f"_{action}")(rest[0], **options)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

    def _user(self, username: str, *, active_only: bool) -> User:
        users = User.objects.filter(username=username)
        if active_only:
            users = users.filter(is_active=True)
        user = users.first()
        if user is None:
            raise CommandError(
                f"Fant ingen {'aktiv ' if active_only else ''}bruker med brukernavnet «{username}»."
            )
        return user

    def _create(self, username: str, *, name: str, days: int, scope: str, **options: Any) -> None:
        user = self._user(username, active_only=True)
        self.stdout.write(api_token_create(user=user, name=name, days=days, scope=scope, by_operator=True))

    def _list(self, username: str, **options: Any) -> None:
        user = self._user(username, active_only=False)
        now = timezone.now()
        tokens = ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")
        self.stdout.write("prefiks\tnavn\tlaget\tsist brukt\tutløper\ttilgang\tstatus")
        for token in tokens:
            used = (
                timezone.localtime(token.last_used_at).strftime("%Y-%m-%d %H:%M")
                if token.last_used_at
                else "-"
            )
            self.stdout.write(
                "\t".join(
                    [
                        token.prefix,
                        token.name,
                        timezone.localtime(token.created_at).strftime("%Y-%m-%d %H:%M"),
                        used,
                        timezone.localtime(token.expires_at).strftime("%Y-%m-%d %H:%M"),
                        token.scope,
                        STATUS[token.status_at(now)],
                    ]
                )
            )

    def _revoke(self, prefix: str, *, reason: str, **options: Any) -> None:
        prefix = prefix.removeprefix("hh_")[:8]
        matches = list(ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True)[:2])
        if not matches:
            raise CommandError(f"Fant ingen gyldig API-nøkkel med prefikset «{prefix}».")
        if len(matches) > 1:
            raise CommandError(
                "Flere nøkler har dette prefikset; trekk dem tilbake på siden «Mine API-nøkler»."
            )
        api_token_revoke(token=matches[0], actor=None, reason=reason, by_operator=True)
        self.stdout.write(f"Nøkkelen {prefix}… er trukket tilbake.")
