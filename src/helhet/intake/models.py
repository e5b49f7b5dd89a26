"""One door in: inquiries, routing rules, applications and every handoff between units."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from helhet.core.models import Municipality, TimestampedModel


class RoutingKind(models.TextChoices):
    SERVICE = "service", _("Tjeneste")
    BIRTH_DAY = "birth_day", _("Fødselsdag i måneden")
    ZONE = "zone", _("Sone")
    AGE = "age", _("Aldersgruppe")
    FALLBACK = "fallback", _("Reserve (alle andre)")


class RoutingRule(TimestampedModel):
    """Rutingsregel: which team receives an application or forwarded inquiry. First match wins."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="routing_rules")
    position = models.PositiveSmallIntegerField(_("rekkefølge"))
    kind = models.CharField(_("type"), max_length=10, choices=RoutingKind.choices)
    service = models.ForeignKey(
        "catalogue.Service", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("tjeneste")
    )
    day_from = models.PositiveSmallIntegerField(_("fra dag"), null=True, blank=True)
    day_to = models.PositiveSmallIntegerField(_("til dag"), null=True, blank=True)
    zone = models.ForeignKey(
        "people.Zone", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("sone")
    )
    age_from = models.PositiveSmallIntegerField(_("fra alder"), null=True, blank=True)
    age_to = models.PositiveSmallIntegerField(_("til alder"), null=True, blank=True)
    team = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("team")
    )
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("rutingsregel")
        verbose_name_plural = _("rutingsregler")
        ordering = ["municipality", "position"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "position"], name="routing_rule_unique_position"),
            models.CheckConstraint(
                condition=~Q(kind="birth_day")
                | (Q(day_from__gte=1) & Q(day_to__lte=31) & Q(day_from__lte=models.F("day_to"))),
                name="routing_birth_day_range",
            ),
        ]


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("Oppmøte")
    PHONE = "phone", _("Telefon")
    DIGITAL = "digital", _("Digitalt")
    LETTER = "letter", _("Brev")
    GP = "gp", _("Fra fastlege")
    HOSPITAL = "hospital", _("Fra sykehus")
    NAV = "nav", _("Fra NAV")
    RELATIVE = "relative", _("Fra pårørende")


class InquiryOutcome(models.TextChoices):
    OPEN = "open", _("Under behandling")
    ANSWERED = "answered", _("Besvart med en gang (informasjon eller veiledning)")
    BOOKED = "booked", _("Samtale avtalt")
    APPLICATION = "application", _("Gjort om til søknad")
    FORWARDED = "forwarded", _("Videresendt")


class Inquiry(TimestampedModel):
    """Henvendelse: anything anybody asks the municipality, registered once, in one place."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="inquiries")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inquiries",
        verbose_name=_("person"),
    )
    contact_name = models.CharField(_("navn (ukjent person)"), max_length=200, blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=16, blank=True)
    contact_email = models.EmailField(_("e-post"), max_length=200, blank=True)
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    about = models.TextField(_("hva henvendelsen gjelder, med innbyggerens ord"), max_length=4000)
    urgent = models.BooleanField(_("haster"), default=False)
    outcome = models.CharField(
        _("utfall"), max_length=12, choices=InquiryOutcome.choices, default=InquiryOutcome.OPEN
    )
    outcome_note = models.TextField(_("hva ble gjort"), blank=True, max_length=2000)
    responsible_unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarlig enhet"),
    )
    booked_at = models.DateTimeField(_("avtalt samtale"), null=True, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(_("mottatt"))

    class Meta:
        verbose_name = _("henvendelse")
        verbose_name_plural = _("henvendelser")
        indexes = [
            models.Index(fields=["municipality", "-received_at"]),
            models.Index(fields=["person", "-received_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(contact_name=""), name="inquiry_has_someone"
            ),
        ]


class SignedBy(models.TextChoices):
    PERSON = "person", _("Søkeren selv")
    REPRESENTATIVE = "representative", _("Representant med fullmakt eller verge")


class ApplicationChannel(models.TextChoices):
    REGISTERED = "registered", _("Registrert av kommunen")
    DIGITAL = "digital", _("Digital søknad")


class Application(TimestampedModel):
    """Søknad: one form for all services; the citizen need not know the services' names."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="applications")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="applications")
    inquiry = models.OneToOneField(
        Inquiry, on_delete=models.PROTECT, null=True, blank=True, related_name="application"
    )
    need = models.TextField(_("hva trenger du hjelp til?"), max_length=4000)
    what_matters = models.TextField(_("hva er viktig for deg?"), blank=True, max_length=4000)
    urgent = models.BooleanField(_("haster"), default=False)
    wished_services = models.ManyToManyField(
        "catalogue.Service", blank=True, verbose_name=_("tjenester du ønsker")
    )
    consent_gp = models.BooleanField(_("samtykke til å hente opplysninger fra fastlege"), default=False)
    consent_hospital = models.BooleanField(_("samtykke til å hente opplysninger fra sykehus"), default=False)
    consent_nav = models.BooleanField(_("samtykke til å hente opplysninger fra NAV"), default=False)
    consent_share = models.BooleanField(
        _("samtykke til deling mellom helse og omsorg og NAV"),
        default=False,
        help_text=_(
            "Søkeren samtykker til at saksbehandlere i helse og omsorg og i NAV kan lese sakene som gjelder "
            "denne søknaden på tvers av tjenesteområdene. Samtykket kan trekkes tilbake når som helst."
        ),
    )
    consent_withdrawn_on = models.DateField(_("samtykket trukket tilbake"), null=True, blank=True)
    signed_by = models.CharField(_("signert av"), max_length=15, choices=SignedBy.choices)
    representative = models.ForeignKey(
        "people.Relative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("representant"),
    )
    received_on = models.DateField(_("mottatt"))
    expected_answer_by = models.DateField(_("forventet svar innen"))
    routed_to = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("sendt til")
    )
    routing_explanation = models.CharField(_("hvorfor dette teamet"), max_length=300)
    channel = models.CharField(
        _("kanal"), max_length=12, choices=ApplicationChannel.choices, default=ApplicationChannel.REGISTERED
    )
    # A digital application is signed with the login: who sent it, when, and how they had logged in.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sendt inn av"),
    )
    signed_at = models.DateTimeField(_("signert elektronisk"), null=True, blank=True)
    sign_method = models.CharField(_("innloggingsmetode ved signering"), max_length=20, blank=True)
    sign_acr = models.CharField(_("sikkerhetsnivå ved signering"), max_length=64, blank=True)
    # The one-time token of the form it was sent from: a second submit of the same form files nothing new.
    form_token = models.CharField(
        _("engangsnøkkel for skjemaet"), max_length=64, null=True, blank=True, unique=True
    )

    class Meta:
        verbose_name = _("søknad")
        verbose_name_plural = _("søknader")
        indexes = [
            models.Index(fields=["municipality", "-received_on"]),
            models.Index(fields=["person", "-received_on"], name="application_person"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(channel="digital") | Q(signed_at__isnull=False, submitted_by__isnull=False),
                name="application_digital_is_signed",
            ),
        ]


class AttachmentType(models.TextChoices):
    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "JPEG"
    PNG = "image/png", "PNG"


class AttachmentImmutable(Exception):
    """A sent application's attachment was about to be changed or deleted."""


class ApplicationAttachment(models.Model):
    """Vedlegg: a file sent with an application (a doctor's note, a bill). Uploaded while the citizen fills in
    the form (a draft, `application` empty, known by the form's token), then bound to the application when it
    is sent; from then on never changed or deleted. The type is what the bytes are, not what the name says."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="application_attachments"
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("søknad"),
    )
    draft_token = models.CharField(_("skjemaets engangsnøkkel"), max_length=64, blank=True)
    name = models.CharField(_("filnavn"), max_length=200)
    content_type = models.CharField(_("filtype"), max_length=30, choices=AttachmentType.choices)
    size = models.PositiveIntegerField(_("størrelse i byte"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content = models.BinaryField(_("innhold"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("lastet opp av")
    )
    uploaded_at = models.DateTimeField(_("lastet opp"), auto_now_add=True)

    class Meta:
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")
        indexes = [
            models.Index(fields=["draft_token"], name="attachment_draft"),
            models.Index(fields=["person", "-uploaded_at"], name="attachment_person"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="attachment_not_empty"),
            models.CheckConstraint(
                condition=Q(content_type__in=AttachmentType.values), name="attachment_allowed_type"
            ),
            models.CheckConstraint(
                condition=Q(application__isnull=False) | ~Q(draft_token=""), name="attachment_draft_or_sent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding and (
            ApplicationAttachment.objects.filter(pk=self.pk, application__isnull=False).exists()
        ):
            raise AttachmentImmutable("a sent application's attachment is never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.application_id is not None:
            raise AttachmentImmutable("a sent application's attachment is never deleted")
        return super().delete(*args, **kwargs)


class Handoff(models.Model):
    """Overføring: responsibility for an inquiry or case moved from one unit to another (the kasteball measure)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="handoffs"
    )
    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.PROTECT, null=True, blank=True, related_name="handoffs"
    )
    case = models.ForeignKey(
        "casework.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="handoffs"
    )
    from_unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fra"),
    )
    to_unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("til")
    )
    reason = models.CharField(_("begrunnelse"), max_length=500)
    citizen_consent = models.BooleanField(
        _("innbyggeren har bedt om eller samtykket til overføringen"),
        default=False,
        help_text=_(
            "Kreves når henvendelsen sendes til et annet tjenesteområde (forvaltningsloven § 13 a nr. 1)."
        ),
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)

    class Meta:
        verbose_name = _("overføring")
        verbose_name_plural = _("overføringer")
        indexes = [models.Index(fields=["case", "at"]), models.Index(fields=["person", "at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(inquiry__isnull=False) | Q(case__isnull=False), name="handoff_has_subject"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="handoff_has_reason"),
        ]
