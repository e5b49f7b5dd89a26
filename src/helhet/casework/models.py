"""The lawful case process at the service office: case, assessment, review, decision, order, appeal."""

from typing import TYPE_CHECKING, Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from helhet.casework.exemption_reasons import ExemptionReason
from helhet.core.models import Municipality, TimestampedModel
from helhet.organisation.models import ServiceArea

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Status(models.TextChoices):
    RECEIVED = "received", _("Mottatt")
    ASSESSMENT = "assessment", _("Under kartlegging")
    REVIEW = "review", _("Tverrfaglig vurdering")
    DRAFTING = "drafting", _("Vedtak under utarbeiding")
    DECIDED = "decided", _("Vedtak fattet")
    NOTIFIED = "notified", _("Vedtak sendt")
    FOLLOW_UP = "follow_up", _("Oppfølging")
    EVALUATION = "evaluation", _("Evaluering")
    REVISED = "revised", _("Revideres")
    ENDED = "ended", _("Avsluttet")
    WITHDRAWN = "withdrawn", _("Trukket")
    APPEAL = "appeal", _("Klage til behandling")
    APPEAL_FORWARDED = "appeal_forwarded", _("Klage sendt Statsforvalteren")


# The open statuses (a case neither ended nor withdrawn) and those before a decision (casework.workflow uses
# them). The partial indexes below are conditioned on these very lists, so that each list of open cases is
# read from an index of open cases only, however many closed ones the municipality's history holds.
OPEN_STATUSES = tuple(status for status in Status.values if status not in (Status.ENDED, Status.WITHDRAWN))
BEFORE_DECISION_STATUSES = (Status.RECEIVED, Status.ASSESSMENT, Status.REVIEW, Status.DRAFTING)
_OPEN = Q(status__in=OPEN_STATUSES)
_AREA_ORDER = ["municipality", "service_area", "received_on", "id"]


class Case(TimestampedModel):
    """Sak: one application's way through the service office, always with a named owner."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="cases")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    # One application may open several cases, one per service area (issue 9 §8); they are linked through it.
    application = models.ForeignKey(
        "intake.Application", on_delete=models.PROTECT, related_name="cases", verbose_name=_("søknad")
    )
    routing_explanation = models.CharField(_("hvorfor dette teamet"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_cases",
        verbose_name=_("saksbehandler"),
    )
    team = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("team")
    )
    received_on = models.DateField(_("mottatt"))
    review_requested = models.BooleanField(_("tverrfaglig vurdering ønsket"), default=False)
    interim_reply_sent_on = models.DateField(_("foreløpig svar sendt"), null=True, blank=True)
    interim_expected_by = models.DateField(_("forventet vedtak (foreløpig svar)"), null=True, blank=True)
    interim_reason = models.TextField(_("grunn til at det tar tid"), blank=True, max_length=2000)
    interim_reply_late = models.BooleanField(
        _("foreløpig svar sendt etter fristen (fvl. § 11 a)"), default=False
    )
    handoff_count = models.PositiveSmallIntegerField(_("antall overføringer"), default=0)
    service_area = models.CharField(
        _("tjenesteområde"), max_length=20, choices=ServiceArea.choices, default=ServiceArea.HEALTH_CARE
    )
    urgent = models.BooleanField(_("haster"), default=False)

    class Meta:
        verbose_name = _("sak")
        verbose_name_plural = _("saker")
        indexes = [
            models.Index(fields=["municipality", "status", "received_on"]),
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["person", "received_on"]),
            models.Index(fields=["municipality", "received_on", "id"], name="case_queue_order"),
            # The queue and dashboard of a service area (access.policy.case_areas).
            models.Index(
                fields=["municipality", "service_area", "status", "received_on"], name="case_area_queue"
            ),
            # The analysts' kasteball figure over the whole history (casework.selectors.handoff_statistics).
            models.Index(
                fields=["municipality", "status"],
                condition=Q(handoff_count__gte=3),
                name="case_passed_around",
            ),
            # Each list of the queue and the deadline board, in its order, over the open cases it lists.
            models.Index(fields=_AREA_ORDER, condition=_OPEN, name="case_open_queue"),
            models.Index(
                fields=_AREA_ORDER,
                condition=Q(status__in=BEFORE_DECISION_STATUSES, interim_reply_sent_on__isnull=True),
                name="case_awaiting_interim",
            ),
            models.Index(
                fields=_AREA_ORDER,
                condition=_OPEN & Q(interim_reply_late=True),
                name="case_open_late_interim",
            ),
            models.Index(
                fields=_AREA_ORDER, condition=_OPEN & Q(handoff_count__gte=3), name="case_open_passed_around"
            ),
            models.Index(
                fields=_AREA_ORDER,
                condition=Q(urgent=True, status__in=BEFORE_DECISION_STATUSES),
                name="case_urgent_undecided",
            ),
        ]

    def __str__(self) -> str:
        return _("Sak %(id)s") % {"id": self.pk}

    def linked_cases(self) -> "models.QuerySet[Case]":
        """Søsken-saker: the other cases opened from the same application (one per service area)."""
        return Case.objects.filter(application_id=self.application_id).exclude(pk=self.pk).order_by("pk")


class CaseEvent(models.Model):
    """Hendelse: one line of the case's timeline (status changes, documents, handoffs, letters)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    text = models.CharField(max_length=500)

    class Meta:
        verbose_name = _("hendelse")
        verbose_name_plural = _("hendelser")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"])]


class AssessmentKind(models.TextChoices):
    CONVERSATION = "conversation", _("Samtale")
    HOME_VISIT = "home_visit", _("Hjemmebesøk")


class AssessmentFormKind(models.TextChoices):
    """Which assessment: IPLOS for health and care; the social-services assessment (kartlegging for sosiale
    tjenester) for NAV, whose services lie outside the care ladder."""

    IPLOS = "iplos", _("Funksjonsvurdering (IPLOS)")
    SOCIAL = "social", _("Kartlegging for sosiale tjenester")


class Assessment(TimestampedModel):
    """Kartlegging: what the person needs and wants, with IPLOS scores (health and care) or the household's
    economy and the urgent need (social services), and the sources used (fvl § 17)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(_("form"), max_length=15, choices=AssessmentKind.choices)
    held_on = models.DateField(_("dato"))
    scores = models.JSONField(_("funksjonsvurdering"), default=dict, blank=True)
    diagnosis_group = models.CharField(_("diagnosegruppe"), max_length=40, blank=True)
    lives_alone = models.BooleanField(_("bor alene"), null=True, blank=True)
    relatives_help = models.BooleanField(_("pårørende gir mye hjelp"), null=True, blank=True)
    living_situation = models.TextField(_("bosituasjon"), blank=True, max_length=2000)
    relatives_contribution = models.TextField(_("pårørendes bidrag"), blank=True, max_length=2000)
    own_goals = models.TextField(_("hva er viktig for deg?"), blank=True, max_length=2000)
    resources = models.TextField(_("egne ressurser"), blank=True, max_length=2000)
    sources = models.TextField(_("kilder (fvl. § 17)"), max_length=2000)
    chosen_services = models.ManyToManyField(
        "catalogue.Service", blank=True, verbose_name=_("valgte tjenester")
    )
    choice_reason = models.TextField(_("begrunnelse for høyere nivå"), blank=True, max_length=2000)
    performed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The social-services assessment (casework.social); empty on an IPLOS assessment.
    form = models.CharField(
        _("kartleggingsskjema"),
        max_length=10,
        choices=AssessmentFormKind.choices,
        default=AssessmentFormKind.IPLOS,
    )
    household_adults = models.PositiveSmallIntegerField(_("voksne i husstanden"), null=True, blank=True)
    household_children = models.PositiveSmallIntegerField(_("barn i husstanden"), null=True, blank=True)
    income = models.JSONField(_("inntekter per måned"), default=list, blank=True)
    expenses = models.JSONField(_("utgifter per måned"), default=list, blank=True)
    urgent_need = models.TextField(_("hva som haster"), blank=True, max_length=2000)
    urgent_by = models.DateField(_("haster innen"), null=True, blank=True)
    other_benefits = models.TextField(_("andre ytelser å prøve først"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("kartlegging")
        verbose_name_plural = _("kartlegginger")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(household_adults__isnull=True) | Q(household_adults__gte=1))
                & (Q(household_adults__isnull=True) | Q(household_adults__lte=20))
                & (Q(household_children__isnull=True) | Q(household_children__lte=20)),
                name="assessment_household_sane",
            ),
        ]


class Review(TimestampedModel):
    """Tverrfaglig vurdering (inntaksmøte): views from several units; the service office still decides."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField(_("dato"))
    conclusion = models.TextField(_("konklusjon"), max_length=4000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("tverrfaglig vurdering")
        verbose_name_plural = _("tverrfaglige vurderinger")


class ReviewView(models.Model):
    """A participant's view in an intake meeting."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="views")
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet")
    )
    participant = models.CharField(_("deltaker"), max_length=200)
    view = models.TextField(_("vurdering"), max_length=2000)

    class Meta:
        verbose_name = _("deltakers vurdering")
        verbose_name_plural = _("deltakernes vurderinger")


class Outcome(models.TextChoices):
    # Values as in NAV's Digisos format; values may be added, never removed.
    GRANTED = "INNVILGET", _("Innvilget")
    PARTLY_GRANTED = "DELVIS_INNVILGET", _("Delvis innvilget")
    DENIED = "AVSLATT", _("Avslått")
    REJECTED = "AVVIST", _("Avvist")
    REVERSED = "OMGJORT", _("Omgjort")


GRANTING = (Outcome.GRANTED, Outcome.PARTLY_GRANTED, Outcome.REVERSED)


class ScopeUnit(models.TextChoices):
    HOURS_PER_WEEK = "hours_week", _("timer per uke")
    VISITS_PER_WEEK = "visits_week", _("besøk per uke")
    DAYS = "days", _("døgn")


class DeliveryMethod(models.TextChoices):
    DIGITAL = "digital", _("Digitalt")
    POST = "post", _("Post")
    IN_PERSON = "in_person", _("Overlevert personlig")


class EconomicBasis(models.TextChoices):
    """Which section of sosialtjenesteloven an economic decision is made under (verified wording: KS,
    «Sosialtjenesteloven», quoting §§ 18 and 19; domain.md §6.1)."""

    SUBSISTENCE = "sotjl_18", _("Stønad til livsopphold (sosialtjenesteloven § 18)")
    SPECIAL = "sotjl_19", _("Stønad i særlige tilfeller (sosialtjenesteloven § 19)")


class BenefitForm(models.TextChoices):
    """Stønadsform, sosialtjenesteloven § 21: grant, loan, guarantee for a loan, goods and services."""

    GRANT = "grant", _("Stønad (bidrag)")
    LOAN = "loan", _("Lån")
    GUARANTEE = "guarantee", _("Garanti for lån")
    GOODS = "goods", _("Varer eller tjenester")


class AmountPeriod(models.TextChoices):
    ONCE = "once", _("Engangsbeløp")
    MONTHLY = "monthly", _("Per måned")


class DecisionState(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SENT = "sent", _("Sendt")


class Decision(TimestampedModel):
    """Vedtak: one individual decision on one service. Once sent it never changes; a new one supersedes it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    service = models.ForeignKey(
        "catalogue.Service", on_delete=models.PROTECT, related_name="+", verbose_name=_("tjeneste")
    )
    state = models.CharField(
        _("tilstand"), max_length=10, choices=DecisionState.choices, default=DecisionState.DRAFT
    )
    regime_version = models.ForeignKey(
        "catalogue.LegalRegimeVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rettsregime"),
    )
    outcome = models.CharField(_("utfall"), max_length=20, choices=Outcome.choices, blank=True)
    scope_amount = models.DecimalField(_("omfang"), max_digits=6, decimal_places=1, null=True, blank=True)
    scope_unit = models.CharField(_("enhet for omfang"), max_length=12, choices=ScopeUnit.choices, blank=True)
    content = models.TextField(_("hva du får hjelp til"), blank=True, max_length=4000)
    start_date = models.DateField(_("fra dato"), null=True, blank=True)
    review_date = models.DateField(_("evalueres innen"), null=True, blank=True)
    end_date = models.DateField(_("til dato"), null=True, blank=True)
    legal_basis = models.JSONField(_("hjemmel"), default=list, blank=True)
    facts = models.TextField(_("faktiske forhold"), blank=True, max_length=6000)
    considerations = models.TextField(_("hovedhensyn i vurderingen"), blank=True, max_length=6000)
    payment = models.TextField(_("egenandel"), blank=True, max_length=1000)
    provider_unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utførende enhet"),
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("erstatter vedtak"),
    )
    advance_notice_sent_on = models.DateField(_("forhåndsvarsel sendt (fvl. § 16)"), null=True, blank=True)
    advance_notice_text = models.TextField(_("forhåndsvarsel"), blank=True, max_length=2000)
    advance_notice_comment_by = models.DateField(
        _("frist for å uttale seg (fvl. § 16)"), null=True, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_on = models.DateField(_("sendt"), null=True, blank=True)
    delivery_method = models.CharField(
        _("hvordan vedtaket kom fram"), max_length=10, choices=DeliveryMethod.choices, blank=True
    )
    delivered_on = models.DateField(_("kom fram til personen"), null=True, blank=True)
    delivered_on_presumed = models.BooleanField(_("dato for framkomst er antatt"), default=False)
    appeal_deadline = models.DateField(_("klagefrist"), null=True, blank=True)
    # The review date while the decision is due for evaluation: sent, not superseded, its case in follow-up;
    # empty otherwise. Kept by casework.evaluations whenever one of these changes, so that the deadline
    # board reads the decisions due from an index of these alone, never from a join over all cases.
    evaluation_due = models.DateField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sendt tidspunkt"), null=True, blank=True)
    # Economic decisions under sosialtjenesteloven §§ 18–21 (casework.social); empty on a care decision.
    economic_basis = models.CharField(
        _("hjemmel for stønaden"), max_length=10, choices=EconomicBasis.choices, blank=True
    )
    benefit_form = models.CharField(_("stønadsform"), max_length=10, choices=BenefitForm.choices, blank=True)
    amount = models.DecimalField(_("beløp i kroner"), max_digits=9, decimal_places=2, null=True, blank=True)
    amount_period = models.CharField(
        _("engangsbeløp eller per måned"), max_length=10, choices=AmountPeriod.choices, blank=True
    )
    repayment_per_month = models.DecimalField(
        _("nedbetaling per måned"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    repayment_first_on = models.DateField(_("første avdrag"), null=True, blank=True)
    repayment_terms = models.TextField(_("vilkår for tilbakebetaling"), blank=True, max_length=1000)
    conditions = models.JSONField(_("vilkår (sosialtjenesteloven § 20)"), default=list, blank=True)

    class Meta:
        verbose_name = _("vedtak")
        verbose_name_plural = _("vedtak")
        indexes = [
            models.Index(fields=["case", "state"]),
            models.Index(fields=["review_date"]),
            models.Index(
                fields=["evaluation_due", "id", "case"],  # the case: found from the index alone
                condition=Q(evaluation_due__isnull=False),
                name="decision_evaluation_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | (Q(amount__gte=0) & Q(amount__lte=500_000)),
                name="decision_amount_sane",
            ),
            models.CheckConstraint(
                condition=Q(repayment_per_month__isnull=True)
                | (Q(repayment_per_month__gt=0) & Q(repayment_per_month__lte=500_000)),
                name="decision_repayment_sane",
            ),
        ]

    def __str__(self) -> str:
        return _("Vedtak om %(service)s") % {"service": self.service.name}


class Order(models.Model):
    """Bestilling: the sent decision passed to the provider unit, with a named responsible person."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="order")
    provider_unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="orders")
    responsible = models.ForeignKey(
        "organisation.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tjenesteansvarlig"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bestilling")
        verbose_name_plural = _("bestillinger")


class AppealState(models.TextChoices):
    NEEDS_CORRECTION = "needs_correction", _("Mangler må rettes")
    RECEIVED = "received", _("Mottatt")
    REVERSED = "reversed", _("Omgjort av kommunen")
    FORWARDED = "forwarded", _("Sendt Statsforvalteren")
    CLOSED = "closed", _("Avgjort")
    DISMISSED = "dismissed", _("Avvist: manglene ble ikke rettet")


class Appeal(TimestampedModel):
    """Klage: on a sent decision. Registered first with its receipt date whatever its form; formal defects
    (not written, not signed, unclear) are corrected after guidance within a deadline (pbrl § 7-3, fvl § 32);
    then reassessed by the deciding office, and reversed or sent to Statsforvalteren."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="appeals")
    received_on = models.DateField(_("mottatt"))
    written = models.BooleanField(_("skriftlig"), default=True)
    signed = models.BooleanField(_("signert"), default=True)
    clear = models.BooleanField(_("tydelig hva det klages på"), default=True)
    change_wanted = models.TextField(_("hvilken endring klageren ønsker"), blank=True, max_length=4000)
    reasons = models.TextField(_("begrunnelse"), blank=True, max_length=4000)
    late = models.BooleanField(_("kom etter fristen"), default=False)
    state = models.CharField(
        _("tilstand"), max_length=20, choices=AppealState.choices, default=AppealState.RECEIVED
    )
    guidance_given = models.TextField(_("veiledning gitt om mangler"), blank=True, max_length=2000)
    correction_deadline = models.DateField(_("frist for å rette mangler"), null=True, blank=True)
    corrected_on = models.DateField(_("mangler rettet"), null=True, blank=True)
    correction_note = models.TextField(_("merknad om rettingen"), blank=True, max_length=2000)
    reassessment = models.TextField(_("kommunens nye vurdering"), blank=True, max_length=4000)
    forwarded_on = models.DateField(_("sendt Statsforvalteren"), null=True, blank=True)
    authority_outcome = models.CharField(
        _("Statsforvalterens utfall"), max_length=20, choices=Outcome.choices, blank=True
    )
    authority_decided_on = models.DateField(_("avgjort av Statsforvalteren"), null=True, blank=True)

    class Meta:
        verbose_name = _("klage")
        verbose_name_plural = _("klager")
        indexes = [
            # The board's appeals to handle: the open ones only, in the order they are listed.
            models.Index(
                fields=["received_on", "id"],
                condition=Q(state__in=("needs_correction", "received")),
                name="appeal_to_handle",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(clear=False) | ~Q(change_wanted=""), name="appeal_states_the_change_wanted"
            ),
            models.CheckConstraint(
                condition=~Q(state="needs_correction") | Q(correction_deadline__isnull=False),
                name="appeal_defects_have_a_deadline",
            ),
        ]

    @property
    def defects(self) -> "list[StrOrPromise]":
        """The formal defects, in Norwegian."""
        found: list[StrOrPromise] = []
        if not self.written:
            found.append(_("ikke skriftlig"))
        if not self.signed:
            found.append(_("ikke signert"))
        if not self.clear:
            found.append(_("uklart hva det klages på"))
        return found


class ReviewRequest(models.Model):
    """Anmodning om ny vurdering: a provider or a meeting asks the service office to look at a decision again.
    Only the service office decides; the request is its task until handled."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="review_requests")
    from_unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("fra enhet")
    )
    reason = models.TextField(_("hvorfor"), max_length=2000)
    source = models.CharField(_("kilde"), max_length=100, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("anmodning om ny vurdering")
        verbose_name_plural = _("anmodninger om ny vurdering")
        indexes = [models.Index(fields=["handled_at", "requested_at"])]


class LetterKind(models.TextChoices):
    DECISION = "decision", _("Vedtaksbrev")
    INTERIM_REPLY = "interim_reply", _("Foreløpig svar")
    ADVANCE_NOTICE = "advance_notice", _("Forhåndsvarsel")


class LetterQuerySet(models.QuerySet["Letter"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise TypeError("A sent letter (Letter) is never updated.")


class Letter(models.Model):
    """Brev: a letter as it was sent, rendered once at sending: the PDF bytes, their SHA-256, and the name,
    address and signature as printed. It is never changed; the download serves exactly these bytes."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="letters")
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="letters"
    )
    kind = models.CharField(_("type brev"), max_length=20, choices=LetterKind.choices)
    title = models.CharField(_("tittel"), max_length=300)
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("størrelse i byte"))
    rendered_at = models.DateTimeField(_("laget"))
    rendered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("laget av")
    )
    recipient_name = models.CharField(_("mottakerens navn slik det står i brevet"), max_length=300)
    recipient_address = models.CharField(_("mottakerens adresse slik den står i brevet"), max_length=500)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("signert av")
    )
    signature = models.CharField(_("signaturen slik den står i brevet"), max_length=500)

    objects = LetterQuerySet.as_manager()

    class Meta:
        verbose_name = _("brev")
        verbose_name_plural = _("brev")
        ordering = ["rendered_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="letter_sha256_hex"),
            models.CheckConstraint(condition=Q(size__gt=0), name="letter_not_empty"),
            models.CheckConstraint(
                condition=Q(kind="interim_reply", decision__isnull=True)
                | (~Q(kind="interim_reply") & Q(decision__isnull=False)),
                name="letter_belongs_to_decision_or_interim_reply",
            ),
            models.UniqueConstraint(
                fields=["decision", "kind"],
                condition=Q(decision__isnull=False),
                name="letter_one_per_decision_and_kind",
            ),
            models.UniqueConstraint(
                fields=["case"], condition=Q(kind="interim_reply"), name="letter_one_interim_reply_per_case"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("A sent letter (Letter) is never changed.")
        super().save(*args, **kwargs)


class ReminderKind(models.TextChoices):
    INTERIM_REPLY = "interim_reply", _("Foreløpig svar")
    EVALUATION = "evaluation", _("Evaluering av vedtak")


class Reminder(models.Model):
    """Påminnelse: a legal deadline near or past, recorded once per case, kind and due date by the daily
    deadline job; whoever owns the case sees it in the queue until the deadline is met."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("type"), max_length=20, choices=ReminderKind.choices)
    due = models.DateField(_("frist"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("saksbehandler")
    )
    decision = models.ForeignKey(
        "Decision", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("laget"), auto_now_add=True)

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        ordering = ["due", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "due"], name="reminder_once_per_deadline"),
        ]
        indexes = [models.Index(fields=["owner", "due"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due}"


class DeliveryChannel(models.TextChoices):
    DIGITAL = "digital", _("Digital post")
    PAPER = "paper", _("Papirpost")
    OFFICE = "office", _("Utlevert på kontoret")


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("Venter på sending")
    SENT = "sent", _("Sendt")
    REACHED = "reached", _("Kommet fram")
    FAILED = "failed", _("Feilet, prøves igjen")
    UNDELIVERABLE = "undeliverable", _("Kunne ikke leveres")
    HANDOUT = "handout", _("Må deles ut: mangler adresse")


# States in which the letter has not gone out and someone may have to act (the office's list).
UNDELIVERED = (DeliveryState.FAILED, DeliveryState.UNDELIVERABLE, DeliveryState.HANDOUT)


class ReachedHow(models.TextChoices):
    """How the office knows the day the letter reached the person (fvl § 29, eForvaltningsforskriften § 11)."""

    DELIVERED = "delivered", _("Levert i digital postkasse, og varsel sendt")
    OPENED = "opened", _("Åpnet i digital postkasse")
    HANDED_OVER = "handed_over", _("Levert ut på kontoret")
    CONFIRMED = "confirmed", _("Personen har bekreftet datoen")
    RECORDED = "recorded", _("Registrert av saksbehandler da vedtaket ble sendt")


class Delivery(models.Model):
    """Forsendelse: one way one stored letter goes to the person (digital post, paper post, or handed out at
    the office): when it was queued and sent, the day it reached the person and how that is known, attempts
    and why they failed. One per letter and channel, so sending twice never delivers twice; the letter
    itself is never changed. Changed only by casework.delivery, each change in the change history."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="deliveries")
    channel = models.CharField(_("kanal"), max_length=10, choices=DeliveryChannel.choices)
    state = models.CharField(
        _("status"), max_length=15, choices=DeliveryState.choices, default=DeliveryState.QUEUED
    )
    queued_at = models.DateTimeField(_("lagt i kø"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    reached_on = models.DateField(_("kom fram"), null=True, blank=True)
    reached_how = models.CharField(
        _("hvordan vi vet det"), max_length=15, choices=ReachedHow.choices, blank=True
    )
    opened_on = models.DateField(_("åpnet"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    last_attempt_at = models.DateTimeField(_("siste forsøk"), null=True, blank=True)
    failure_reason = models.CharField(_("hvorfor det feilet"), max_length=500, blank=True)
    reference = models.CharField(_("forsendelses-id"), max_length=200, blank=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("erstatter forsendelse"),
    )

    class Meta:
        verbose_name = _("forsendelse")
        verbose_name_plural = _("forsendelser")
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "channel"], name="delivery_once_per_letter_and_channel"
            ),
            models.CheckConstraint(
                condition=Q(state="reached", reached_on__isnull=False, reached_how__gt="")
                | (~Q(state="reached") & Q(reached_on__isnull=True)),
                name="delivery_reached_has_day_and_how",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "state", "queued_at"], name="delivery_state_queue")]

    def __str__(self) -> str:
        return _("Forsendelse %(id)s (%(channel)s)") % {"id": self.pk, "channel": self.get_channel_display()}


class MessageDirection(models.TextChoices):
    FROM_CITIZEN = "citizen", _("Fra innbyggeren")
    FROM_OFFICE = "office", _("Fra kontoret")


MESSAGE_MAX_LENGTH = 4000


class CaseMessage(models.Model):
    """Melding: one message in the secure thread between the person (or their representative) and the
    office about a case. Letters (decisions, interim replies) are not messages: they are Letter. A message is
    never changed once sent; only when the other side read it is recorded."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="messages", verbose_name=_("sak"))
    direction = models.CharField(_("retning"), max_length=10, choices=MessageDirection.choices)
    text = models.TextField(_("melding"), max_length=MESSAGE_MAX_LENGTH)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("skrevet av")
    )
    # A representative (fullmakt, verge, foreldreansvar) wrote it for the person.
    on_behalf = models.ForeignKey(
        "people.Relative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skrevet av representant"),
    )
    # The sending form's one-time key: a second submit of the same form sends nothing more.
    token = models.CharField(max_length=40, blank=True)
    sent_at = models.DateTimeField(_("sendt"))
    read_at = models.DateTimeField(_("lest av mottakeren"), null=True, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldinger")
        ordering = ["sent_at", "pk"]
        indexes = [
            models.Index(fields=["case", "sent_at"], name="case_message_thread"),
            models.Index(
                fields=["case", "direction"], condition=Q(read_at__isnull=True), name="case_message_unread"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="case_message_not_empty"),
            models.CheckConstraint(
                condition=Q(direction__in=["citizen", "office"]), name="case_message_direction_known"
            ),
            models.CheckConstraint(
                condition=Q(direction="citizen") | Q(on_behalf__isnull=True),
                name="case_message_only_citizens_write_on_behalf",
            ),
            models.UniqueConstraint(
                fields=["case", "token"], condition=~Q(token=""), name="case_message_one_per_form"
            ),
        ]

    def __str__(self) -> str:
        return _("Melding %(id)s") % {"id": self.pk}


class DocumentExemption(models.Model):
    """Unntatt fra innsyn: a document or note of a case that the party may not see (fvl §§ 18 a, 18 b, 19;
    pbrl § 5-1 annet ledd), with the reason as a code (casework.exemption_reasons). Exactly one of
    assessment, review and event is set. Lifting the exemption deletes the row; both are in the history."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="exemptions", verbose_name=_("sak"))
    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, null=True, blank=True, related_name="exemption"
    )
    review = models.OneToOneField(
        Review, on_delete=models.CASCADE, null=True, blank=True, related_name="exemption"
    )
    event = models.OneToOneField(
        CaseEvent, on_delete=models.CASCADE, null=True, blank=True, related_name="exemption"
    )
    reason = models.CharField(_("grunn"), max_length=20, choices=ExemptionReason.choices)
    note = models.CharField(_("vurdering (intern)"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("vurdert av")
    )
    decided_at = models.DateTimeField(_("vurdert"))

    class Meta:
        verbose_name = _("unntak fra innsyn")
        verbose_name_plural = _("unntak fra innsyn")
        constraints = [
            models.CheckConstraint(
                condition=Q(assessment__isnull=False, review__isnull=True, event__isnull=True)
                | Q(assessment__isnull=True, review__isnull=False, event__isnull=True)
                | Q(assessment__isnull=True, review__isnull=True, event__isnull=False),
                name="exemption_names_one_document",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_reason_display())
