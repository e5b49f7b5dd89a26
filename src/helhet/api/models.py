"""What the API keeps of its own: the idempotency keys of creating calls."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyKey(models.Model):
    """Idempotensnøkkel: the first answer to a creating call sent with `Idempotency-Key`, per user, until it
    expires. A retry with the same key and body gets this answer again and creates nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("nøkkel"), max_length=255)
    fingerprint = models.CharField(_("fingeravtrykk av forespørselen"), max_length=64)
    # The call's path, so an answer can be forgotten when what it describes is undone (a check-off taken back).
    path = models.CharField(_("adresse"), max_length=300, blank=True, db_index=True)
    status_code = models.PositiveSmallIntegerField(_("statuskode"), null=True)
    body = models.TextField(_("svar"), blank=True)
    content_type = models.CharField(_("innholdstype"), max_length=100, blank=True)
    person_ids = models.JSONField(_("personer svaret viste"), default=list)
    created_at = models.DateTimeField(_("laget"), auto_now_add=True)
    expires_at = models.DateTimeField(_("utløper"), db_index=True)

    class Meta:
        verbose_name = _("idempotensnøkkel")
        verbose_name_plural = _("idempotensnøkler")
        # Two concurrent requests with the same key: the database lets one in and makes the other wait.
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="api_idempotency_key_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
