"""The inbox: work handed to a unit or a user, until it is done."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from helhet.core.models import Municipality


class ItemKind(models.TextChoices):
    INQUIRY = "inquiry", _("Videresendt henvendelse")
    ORDER = "order", _("Ny bestilling")
    REVIEW = "review", _("Tverrfaglig vurdering")
    REVIEW_REQUEST = "review_request", _("Anmodning om ny vurdering")
    APPEAL = "appeal", _("Klage til ny vurdering")
    DEVIATION = "deviation", _("Avvik til oppfølging")
    MESSAGE = "message", _("Beskjed med frist")
    ACTION = "action", _("Oppfølgingspunkt fra møte")
    PLAN_REVIEW = "plan_review", _("Plan til revisjon")
    COORDINATOR = "coordinator", _("Oppnevnt som koordinator")
    LETTER = "letter", _("Brev som ikke kom fram")
    CITIZEN_MESSAGE = "citizen_message", _("Melding fra innbygger")


# Kinds whose work is not done in another app's service: the one who took the item marks it done here.
# A citizen's message is done by answering it on the case page, or here when it needs no answer.
DONE_HERE = frozenset(
    {ItemKind.INQUIRY, ItemKind.MESSAGE, ItemKind.COORDINATOR, ItemKind.LETTER, ItemKind.CITIZEN_MESSAGE}
)


class Item(models.Model):
    """Oppgave: one piece of work handed to a unit (or to one user in it), with where it is done.

    The target is named by app label, id and URL, so the inbox knows no case, order or deviation. An item
    is open until the service that does the work closes it; whoever takes it is recorded, and one left
    untaken too long rises to the unit's leader (escalated_to), or to the next leader up who has a login; where
    none has, escalated_to stays empty and the municipality's administrators see it.

    The title says only the kind, the unit and the day it was handed on: it is kept in the change history for
    good, and reaches leaders without a ground for the person. What the work is about stays behind the link."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type"), max_length=20, choices=ItemKind.choices)
    title = models.CharField(_("hva"), max_length=200)
    target_app = models.CharField(_("app"), max_length=30)
    target_id = models.PositiveBigIntegerField(_("id"))
    url = models.CharField(_("lenke"), max_length=300)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    for_unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("til enhet")
    )
    for_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("til bruker"),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sendt av"),
    )
    created_at = models.DateTimeField(_("sendt"), auto_now_add=True)
    due_on = models.DateField(_("frist"), null=True, blank=True)
    # Work that cannot start yet waits unseen until this day (and rises to the leader counted from it).
    shown_from = models.DateField(_("vises fra"), null=True, blank=True)
    urgent = models.BooleanField(
        _("haster"), default=False, help_text=_("Løftes til leder etter kortere tid enn andre oppgaver.")
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tatt av"),
    )
    taken_at = models.DateTimeField(_("tatt"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("løftet til leder"), null=True, blank=True)
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("leder"),
    )
    closed_at = models.DateTimeField(_("utført"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utført av"),
    )

    class Meta:
        verbose_name = _("oppgave")
        verbose_name_plural = _("oppgaver")
        indexes = [
            models.Index(fields=["for_unit", "closed_at", "-created_at"], name="inbox_item_unit"),
            models.Index(fields=["for_user", "closed_at", "-created_at"], name="inbox_item_user"),
            models.Index(fields=["escalated_to", "closed_at"], name="inbox_item_escalated"),
            models.Index(fields=["target_app", "target_id"], name="inbox_item_target"),
            models.Index(fields=["closed_at", "taken_at", "escalated_at"], name="inbox_item_waiting"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target_app", "target_id"],
                condition=Q(closed_at__isnull=True),
                name="inbox_item_one_open_per_target",
            ),
            models.CheckConstraint(
                condition=Q(taken_by__isnull=True, taken_at__isnull=True)
                | Q(taken_by__isnull=False, taken_at__isnull=False),
                name="inbox_item_taken_by_and_when",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="inbox_item_has_title"),
        ]

    def __str__(self) -> str:
        return self.title
