"""/api/v1: inquiries, applications, cases, assessments, decisions (with the letter), appeals and handoffs."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from helhet.access.services import PersonNotVisible, authorize_person_read
from helhet.api import lookups
from helhet.api.errors import Day
from helhet.api.errors import Problem as ProblemOut
from helhet.api.errors import Refusal as MessageOut
from helhet.api.idempotency import idempotent
from helhet.casework import actions, closing, deadlines, letter_http, selectors, services, social
from helhet.casework.models import Appeal, Decision, DeliveryMethod, Letter, LetterKind
from helhet.catalogue.models import Service
from helhet.core.calendar import local_today
from helhet.core.models import User
from helhet.intake import services as intake
from helhet.intake.models import Application, Channel, Handoff, Inquiry
from helhet.organisation.models import ServiceArea, Staff, Unit
from helhet.people.models import Person, Relative

router = Router(tags=["Saksbehandling"])
CHANNEL = "api"


def _person(user, person_id: int) -> Person:
    person = Person.objects.filter(pk=person_id, municipality_id=user.municipality_id).first()
    if person is None:
        raise ValidationError({"person_id": "Fant ikke personen i kommunen."})
    return person


def _services(user, ids: list[int], field: str) -> list[Service]:
    found = list(Service.objects.filter(pk__in=ids, municipality_id=user.municipality_id))
    if len(found) != len(set(ids)):
        raise ValidationError({field: "Ukjent tjeneste."})
    return found


def _decision(user, decision_id: int, *, work: bool = False) -> Decision:
    """The decision if the user may read its case, as the case page decides (404/403 alike); `work` for changes."""
    decision = get_object_or_404(
        Decision.objects.select_related("case", "case__person", "service__legal_regime"),
        pk=decision_id,
        case__municipality_id=user.municipality_id,
    )
    selectors.case_detail(user, decision.case_id, channel=CHANNEL, work=work)  # role, area + access log
    return decision


# The refusals every case endpoint may answer with.
REFUSALS = {403: MessageOut, 404: MessageOut, 422: ProblemOut}


def _appeal(user, appeal_id: int) -> Appeal:
    appeal = get_object_or_404(
        Appeal.objects.select_related("decision__case", "decision__service"),
        pk=appeal_id,
        decision__case__municipality_id=user.municipality_id,
    )
    # Every appeal endpoint changes the appeal: the case's own service area only, as on the page.
    selectors.case_for_work(user, appeal.decision.case_id, channel=CHANNEL)  # role, area + access log
    return appeal


class InquiryIn(Schema):
    person_id: int | None = None
    contact_name: str = Field("", max_length=200)
    contact_phone: str = Field("", max_length=16)
    contact_email: str = Field("", max_length=200)
    channel: str = Field(..., description=", ".join(Channel.values))
    about: str = Field(..., min_length=1, max_length=4000)
    answered_now: str = Field("", max_length=2000, description="Fylles ut når resepsjonen svarer med en gang")
    urgent: bool = Field(False, description="Behovet haster")


class InquiryOut(Schema):
    id: int
    person_id: int | None
    channel: str
    outcome: str
    received_at: datetime.datetime
    urgent: bool


@router.post("/inquiries", response={201: InquiryOut}, summary="Registrer en henvendelse")
@idempotent
def create_inquiry(request, payload: InquiryIn):
    user = request.auth
    if payload.channel not in Channel.values:
        raise ValidationError({"channel": f"Ukjent kanal. Bruk en av: {', '.join(Channel.values)}."})
    person = _person(user, payload.person_id) if payload.person_id else None
    inquiry = intake.inquiry_register(
        acting_user=user,
        municipality=user.municipality,
        person=person,
        contact_name=payload.contact_name,
        contact_phone=payload.contact_phone,
        contact_email=payload.contact_email,
        channel=payload.channel,
        about=payload.about,
        urgent=payload.urgent,
    )
    if payload.answered_now.strip():
        inquiry = intake.inquiry_answer(acting_user=user, inquiry=inquiry, note=payload.answered_now)
    return Status(201, inquiry)


def _inquiry(user, inquiry_id: int) -> Inquiry:
    """The inquiry as the desk sees it: this municipality's only, and whom it is about only with need-to-know."""
    inquiry = get_object_or_404(
        Inquiry.objects.select_related("person", "municipality"),
        pk=inquiry_id,
        municipality_id=user.municipality_id,
    )
    if inquiry.person is not None:
        try:
            authorize_person_read(
                user, inquiry.person, what=_("Henvendelse: navn, kontakt og åpne saker"), channel=CHANNEL
            )
        except PersonNotVisible:
            raise Http404 from None
    return inquiry


class InquiryAnswerIn(Schema):
    note: str = Field(..., min_length=1, max_length=2000, description="Hva innbyggeren fikk svar på")


class InquiryBookIn(Schema):
    at: datetime.datetime = Field(..., description="Tidspunkt for samtalen; uten tidssone regnes norsk tid")
    note: str = Field("", max_length=2000)


class InquiryForwardIn(Schema):
    to_unit_id: int
    reason: str = Field(..., min_length=1, max_length=500)
    citizen_consent: bool = Field(
        False, description="Innbyggeren har bedt om eller samtykket (kreves til et annet tjenesteområde)"
    )


@router.post(
    "/inquiries/{inquiry_id}/answer", response={200: InquiryOut, **REFUSALS}, summary="Svar med en gang"
)
@idempotent
def answer_inquiry(request, inquiry_id: int, payload: InquiryAnswerIn):
    inquiry = _inquiry(request.auth, inquiry_id)
    return intake.inquiry_answer(acting_user=request.auth, inquiry=inquiry, note=payload.note)


@router.post(
    "/inquiries/{inquiry_id}/book", response={200: InquiryOut, **REFUSALS}, summary="Avtal en samtale"
)
@idempotent
def book_inquiry(request, inquiry_id: int, payload: InquiryBookIn):
    inquiry = _inquiry(request.auth, inquiry_id)
    at = payload.at
    if timezone.is_naive(at):
        at = timezone.make_aware(at, ZoneInfo(settings.TIME_ZONE))
    return intake.inquiry_book(acting_user=request.auth, inquiry=inquiry, at=at, note=payload.note)


@router.post(
    "/inquiries/{inquiry_id}/forward",
    response={200: InquiryOut, **REFUSALS},
    summary="Send henvendelsen videre til en enhet (registreres som overføring)",
)
@idempotent
def forward_inquiry(request, inquiry_id: int, payload: InquiryForwardIn):
    user = request.auth
    inquiry = _inquiry(user, inquiry_id)
    to_unit = (
        Unit.objects.valid_on(local_today())
        .filter(pk=payload.to_unit_id, municipality_id=user.municipality_id)
        .first()
    )
    if to_unit is None:
        raise ValidationError({"to_unit_id": _("Fant ikke enheten i kommunen.")})
    return intake.inquiry_forward(
        acting_user=user,
        inquiry=inquiry,
        to_unit=to_unit,
        reason=payload.reason,
        citizen_consent=payload.citizen_consent,
    )


class ApplicationIn(Schema):
    person_id: int
    need: str = Field(
        "", max_length=4000, description="Med søkerens egne ord; tomt med inquiry_id tar henvendelsens ord"
    )
    what_matters: str = Field("", max_length=4000)
    wished_service_ids: list[int] = Field(default_factory=list)
    consent_gp: bool = False
    consent_hospital: bool = False
    consent_nav: bool = False
    consent_share: bool = Field(
        False, description="Samtykke til at helse og omsorg og NAV kan dele opplysninger om søknaden"
    )
    signed_by: str = Field("person", description="person eller representative")
    representative_id: int | None = None
    inquiry_id: int | None = None
    received_on: Day | None = None
    urgent: bool = Field(False, description="Behovet haster (arves fra henvendelsen)")


class ReceivedCaseOut(Schema):
    case_id: int
    service_area: str
    routed_to: str
    routing_explanation: str
    owner: str


class ApplicationOut(Schema):
    application_id: int
    case_id: int = Field(description="Den første saken; alle sakene står i cases")
    cases: list[ReceivedCaseOut] = Field(description="Én sak per tjenesteområde søknaden gjelder")
    routed_to: str
    routing_explanation: str
    received_on: Day
    expected_answer_by: Day
    owner: str
    urgent: bool


@router.post(
    "/applications", response={201: ApplicationOut}, summary="Motta en søknad (én for alle tjenester)"
)
@idempotent
def create_application(request, payload: ApplicationIn):
    """Svaret er kvitteringen: hvilket team som fikk saken, hvorfor, og når søkeren kan vente svar."""
    user = request.auth
    person = _person(user, payload.person_id)
    representative = None
    if payload.representative_id:
        representative = Relative.objects.filter(pk=payload.representative_id, person=person).first()
        if representative is None:
            raise ValidationError({"representative_id": "Ukjent pårørende for denne personen."})
    inquiry = None
    if payload.inquiry_id:
        inquiry = Inquiry.objects.filter(
            pk=payload.inquiry_id, municipality_id=user.municipality_id, person=person
        ).first()
        if inquiry is None:
            raise ValidationError({"inquiry_id": "Ukjent henvendelse."})
    received_on = payload.received_on or local_today()
    if received_on > local_today():
        raise ValidationError({"received_on": "Mottatt-datoen kan ikke være fram i tid."})
    cases = services.application_receive_all(
        acting_user=user,
        municipality=user.municipality,
        person=person,
        need=payload.need,
        what_matters=payload.what_matters,
        wished_services=_services(user, payload.wished_service_ids, "wished_service_ids"),
        consent_gp=payload.consent_gp,
        consent_hospital=payload.consent_hospital,
        consent_nav=payload.consent_nav,
        consent_share=payload.consent_share,
        signed_by=payload.signed_by,
        representative=representative,
        inquiry=inquiry,
        received_on=received_on,
        urgent=payload.urgent,
    )
    case = cases[0]
    application = case.application
    return Status(
        201,
        {
            "application_id": application.pk,
            "case_id": case.pk,
            "cases": [
                {
                    "case_id": other.pk,
                    "service_area": selectors.case_area(other),
                    "routed_to": other.team.name,
                    "routing_explanation": other.routing_explanation,
                    "owner": other.owner.display_name,
                }
                for other in cases
            ],
            "routed_to": application.routed_to.name,
            "routing_explanation": application.routing_explanation,
            "received_on": application.received_on,
            "expected_answer_by": application.expected_answer_by,
            "owner": case.owner.display_name,
            "urgent": case.urgent,
        },
    )


class ConsentOut(Schema):
    application_id: int
    consent_share: bool
    consent_withdrawn_on: Day | None


def _work_on_one_of(user, application) -> None:
    """The user works on at least one of the application's cases (one per service area), or it is hidden."""
    refusal: Exception = PersonNotVisible()
    for case_id in application.cases.order_by("pk").values_list("pk", flat=True):
        try:
            selectors.case_for_work(user, case_id, channel=CHANNEL)
            return
        except (PersonNotVisible, PermissionDenied) as error:
            refusal = error
    raise refusal


@router.post(
    "/applications/{application_id}/consent-withdrawal",
    response=ConsentOut,
    summary="Søkeren trekker samtykket til deling mellom helse og NAV tilbake",
)
def withdraw_consent(request, application_id: int):
    """Gjelder fra i dag: det andre tjenesteområdet kan ikke lenger lese sakene søknaden ga. Som på saksiden:
    saksbehandlere i sakens eget tjenesteområde."""
    application = get_object_or_404(
        Application, pk=application_id, municipality_id=request.auth.municipality_id
    )
    _work_on_one_of(request.auth, application)
    application = intake.application_consent_withdraw(acting_user=request.auth, application=application)
    return {
        "application_id": application.pk,
        "consent_share": application.consent_share,
        "consent_withdrawn_on": application.consent_withdrawn_on,
    }


class EventOut(Schema):
    at: datetime.datetime
    actor: str
    kind: str
    text: str


class DeadlineOut(Schema):
    label: str
    due: Day
    met: bool
    late: bool = Field(False, description="Ivaretatt, men etter fristen (sendt for sent)")


class LetterOut(Schema):
    kind: str
    title: str
    rendered_at: datetime.datetime
    size: int = Field(..., description="Størrelse i byte")
    sha256: str = Field(..., description="SHA-256 av PDF-en, heksadesimalt; lik ETag ved nedlasting")
    signature: str
    url: str


class DecisionOut(Schema):
    id: int
    service: str
    state: str
    outcome: str
    scope_amount: Decimal | None
    scope_unit: str
    start_date: Day | None
    review_date: Day | None
    end_date: Day | None
    provider_unit: str | None
    sent_on: Day | None
    delivery_method: str
    delivered_on: Day | None
    delivered_on_presumed: bool
    appeal_deadline: Day | None
    advance_notice_sent_on: Day | None
    advance_notice_comment_by: Day | None
    supersedes_id: int | None
    version: int
    missing_parts: list[str]
    letter: LetterOut | None = Field(None, description="Vedtaksbrevet slik det ble sendt")
    kind: str = Field(description="care (helse og omsorg), economic (økonomisk stønad) eller social")
    legal_basis: list[str]
    content: str
    economic_basis: str
    benefit_form: str
    amount: Decimal | None = Field(description="Kroner")
    amount_text: str = Field(description="Beløpet skrevet på norsk, for eksempel «kr 4 500»")
    amount_period: str
    repayment_per_month: Decimal | None
    repayment_first_on: Day | None
    repayment_terms: str
    conditions: list[str]
    sent_at: datetime.datetime | None
    time_taken_minutes: int | None = Field(
        description="Fra henvendelsen (eller søknaden) kom inn til vedtaket ble sendt"
    )
    time_taken_text: str


class CaseOut(Schema):
    id: int
    person_id: int
    service_area: str = Field(
        description="health_care (helse og omsorg) eller social (sosiale tjenester i NAV)"
    )
    access_reason: str = Field(description="Hvorfor du ser saken, slik det står i tilgangsloggen")
    may_work: bool = Field(description="false når du leser saken på et grunnlag i et annet tjenesteområde")
    status: str
    owner: str
    team: str
    received_on: Day
    handoff_count: int
    review_requested: bool
    interim_reply_sent_on: Day | None
    interim_reply_late: bool
    urgent: bool
    came_in_at: datetime.datetime = Field(description="Når henvendelsen (eller søknaden) kom inn")
    deadlines: list[DeadlineOut]
    decisions: list[DecisionOut]
    appeals: list["AppealOut"]
    allowed_actions: list[str]
    interim_letter: LetterOut | None = Field(None, description="Foreløpig svar slik det ble sendt")
    timeline: list[EventOut]
    version: int


def _decision_out(decision, case=None) -> dict:
    case = case or decision.case
    taken = social.time_taken(case, decision)
    return {
        "id": decision.pk,
        "service": decision.service.name,
        "state": decision.state,
        "outcome": decision.outcome,
        "scope_amount": decision.scope_amount,
        "scope_unit": decision.scope_unit,
        "start_date": decision.start_date,
        "review_date": decision.review_date,
        "end_date": decision.end_date,
        "provider_unit": decision.provider_unit.name if decision.provider_unit else None,
        "sent_on": decision.sent_on,
        "delivery_method": decision.delivery_method,
        "delivered_on": decision.delivered_on,
        "delivered_on_presumed": decision.delivered_on_presumed,
        "appeal_deadline": decision.appeal_deadline,
        "advance_notice_sent_on": decision.advance_notice_sent_on,
        "advance_notice_comment_by": decision.advance_notice_comment_by,
        "supersedes_id": decision.supersedes_id,
        "version": decision.version,
        "missing_parts": services.missing_parts(decision) if decision.state == "draft" else [],
        "letter": _letter_out(_sent_letter(decision), f"/api/v1/decisions/{decision.pk}/letter.pdf"),
        "kind": social.decision_kind(decision),
        "legal_basis": list(decision.legal_basis),
        "content": decision.content,
        "economic_basis": decision.economic_basis,
        "benefit_form": decision.benefit_form,
        "amount": decision.amount,
        "amount_text": social.kroner(decision.amount) if decision.amount is not None else "",
        "amount_period": decision.amount_period,
        "repayment_per_month": decision.repayment_per_month,
        "repayment_first_on": decision.repayment_first_on,
        "repayment_terms": decision.repayment_terms,
        "conditions": list(decision.conditions or []),
        "sent_at": decision.sent_at,
        "time_taken_minutes": int(taken.total_seconds() // 60) if taken is not None else None,
        "time_taken_text": social.time_taken_text(case, decision),
    }


def _sent_letter(decision) -> Letter | None:
    if decision.state != "sent":
        return None
    prefetched = getattr(decision, "sent_letters", None)  # set by selectors.case_detail
    if prefetched is not None:
        return prefetched[0] if prefetched else None
    return Letter.objects.defer("pdf").filter(decision=decision, kind=LetterKind.DECISION).first()


def _letter_out(letter: Letter | None, url: str) -> dict | None:
    if letter is None:
        return None
    return {
        "kind": letter.kind,
        "title": letter.title,
        "rendered_at": letter.rendered_at,
        "size": letter.size,
        "sha256": letter.sha256,
        "signature": letter.signature,
        "url": url,
    }


@router.get(
    "/cases/{case_id}",
    response={200: CaseOut, 403: MessageOut, 404: MessageOut},
    summary="En sak med frister, vedtak, klager og tidslinje",
)
def get_case(request, case_id: int):
    read = selectors.case_detail(request.auth, case_id, channel=CHANNEL)
    case = read.case
    decisions = list(case.decisions.all())
    return {
        "id": case.pk,
        "person_id": case.person_id,
        "service_area": case.service_area,
        "access_reason": read.reason,
        "may_work": read.may_work,
        "status": case.status,
        "owner": case.owner.display_name,
        "team": case.team.name,
        "received_on": case.received_on,
        "handoff_count": case.handoff_count,
        "review_requested": case.review_requested,
        "interim_reply_sent_on": case.interim_reply_sent_on,
        "interim_reply_late": case.interim_reply_late,
        "urgent": case.urgent,
        "came_in_at": social.started_at(case)[0],
        "deadlines": [
            {"label": d.label, "due": d.due, "met": d.met, "late": d.late}
            for d in deadlines.for_case(case, decisions)
        ],
        "decisions": [_decision_out(d, case) for d in decisions],
        "appeals": [_appeal_out(a) for d in decisions for a in d.appeals.all()],
        "allowed_actions": closing.offered_actions(case, local_today()),
        "interim_letter": _letter_out(
            case.interim_letters[0] if case.interim_letters else None,  # type: ignore[attr-defined]  # Prefetch(to_attr=...)
            f"/api/v1/cases/{case.pk}/interim-letter.pdf",
        ),
        "timeline": [
            {"at": e.at, "actor": e.actor.display_name, "kind": e.kind, "text": e.text}
            for e in case.events.all()
        ],
        "version": case.version,
    }


class MoneyLineIn(Schema):
    what: str = Field(..., min_length=1, max_length=social.MAX_LINE_TEXT)
    amount: Decimal = Field(..., ge=0, le=social.MAX_KRONER, max_digits=9, decimal_places=2)


class AssessmentIn(Schema):
    kind: str = Field("conversation", description="conversation eller home_visit")
    held_on: Day
    scores: dict[str, int] = Field(default_factory=dict)
    diagnosis_group: str = Field("", max_length=40)
    lives_alone: bool | None = None
    relatives_help: bool | None = None
    living_situation: str = Field("", max_length=2000)
    relatives_contribution: str = Field("", max_length=2000)
    own_goals: str = Field("", max_length=2000)
    resources: str = Field("", max_length=2000)
    sources: str = Field(..., min_length=1, max_length=2000)
    chosen_service_ids: list[int] = Field(default_factory=list)
    choice_reason: str = Field("", max_length=2000)
    review_requested: bool = False
    # Kartlegging for sosiale tjenester (a case in NAV's social services): no scores, these instead.
    household_adults: int | None = Field(None, ge=1, le=social.MAX_HOUSEHOLD)
    household_children: int | None = Field(None, ge=0, le=social.MAX_HOUSEHOLD)
    income: list[MoneyLineIn] = Field(default_factory=list, description="Inntekter per måned")
    expenses: list[MoneyLineIn] = Field(default_factory=list, description="Utgifter per måned")
    urgent_need: str = Field("", max_length=2000)
    urgent_by: Day | None = None
    other_benefits: str = Field("", max_length=2000)


SOCIAL_ASSESSMENT_FIELDS = (
    "household_adults",
    "household_children",
    "income",
    "expenses",
    "urgent_need",
    "urgent_by",
    "other_benefits",
)
HEALTH_ASSESSMENT_FIELDS = (
    "scores",
    "diagnosis_group",
    "lives_alone",
    "relatives_help",
    "relatives_contribution",
    "choice_reason",
    "review_requested",
)


class AssessmentOut(Schema):
    id: int
    case_status: str
    review_requested: bool
    chosen_services: list[str]


@router.post(
    "/cases/{case_id}/assessments", response={201: AssessmentOut}, summary="Registrer en kartlegging"
)
@idempotent
def create_assessment(request, case_id: int, payload: AssessmentIn):
    user = request.auth
    case = selectors.case_for_work(user, case_id, channel=CHANNEL).case
    data = payload.dict()
    chosen = _services(user, data.pop("chosen_service_ids"), "chosen_service_ids")
    if case.service_area == ServiceArea.SOCIAL:
        for name in HEALTH_ASSESSMENT_FIELDS:
            if data.pop(name) not in ("", None, {}, False):
                raise ValidationError(
                    {
                        name: "Sosiale tjenester kartlegges uten IPLOS-skår og terskler; feltet hører ikke hjemme her."
                    }
                )
        assessment = services.social_assessment_record(
            acting_user=user, case=case, chosen_services=chosen, **data
        )
    else:
        for name in SOCIAL_ASSESSMENT_FIELDS:
            if data.pop(name) not in ("", None, []):
                raise ValidationError({name: "Feltet hører til kartlegging for sosiale tjenester."})
        assessment = services.assessment_record(acting_user=user, case=case, chosen_services=chosen, **data)
    case.refresh_from_db()
    return Status(
        201,
        {
            "id": assessment.pk,
            "case_status": case.status,
            "review_requested": case.review_requested,
            "chosen_services": [s.name for s in chosen],
        },
    )


class DecisionIn(Schema):
    service_id: int
    supersedes_id: int | None = None
    outcome: str = Field("", max_length=20)
    scope_amount: Decimal | None = Field(None, gt=0, max_digits=6, decimal_places=1)
    scope_unit: str = Field("", max_length=12)
    content: str = Field("", max_length=4000)
    start_date: Day | None = None
    review_date: Day | None = None
    end_date: Day | None = None
    legal_basis: list[str] = Field(default_factory=list)
    facts: str = Field("", max_length=6000)
    considerations: str = Field("", max_length=6000)
    payment: str = Field("", max_length=1000)
    provider_unit_id: int | None = None
    advance_notice_sent_on: Day | None = None
    advance_notice_text: str = Field("", max_length=2000)
    advance_notice_comment_by: Day | None = Field(
        None, description="Frist for å uttale seg til forhåndsvarselet (fvl. § 16)"
    )
    # Økonomisk stønad (sosialtjenesteloven §§ 18–21); leave out for health and care.
    economic_basis: str = Field(
        "", max_length=10, description="sotjl_18 (livsopphold) eller sotjl_19 (særlige tilfeller)"
    )
    benefit_form: str = Field("", max_length=10, description="grant, loan, guarantee eller goods (§ 21)")
    amount: Decimal | None = Field(None, ge=0, le=social.MAX_KRONER, max_digits=9, decimal_places=2)
    amount_period: str = Field("", max_length=10, description="once eller monthly")
    repayment_per_month: Decimal | None = Field(
        None, gt=0, le=social.MAX_KRONER, max_digits=9, decimal_places=2
    )
    repayment_first_on: Day | None = None
    repayment_terms: str = Field("", max_length=1000)
    conditions: list[str] = Field(default_factory=list, description="Vilkår (§ 20), ett per element")


@router.post(
    "/cases/{case_id}/decisions",
    response={201: DecisionOut, **REFUSALS},
    summary="Lag et vedtaksutkast",
)
@idempotent
def create_decision(request, case_id: int, payload: DecisionIn):
    user = request.auth
    case = selectors.case_for_work(user, case_id, channel=CHANNEL).case
    data = payload.dict()
    service = _services(user, [data.pop("service_id")], "service_id")[0]
    supersedes_id = data.pop("supersedes_id")
    supersedes = Decision.objects.filter(pk=supersedes_id, case=case).first() if supersedes_id else None
    if supersedes_id and supersedes is None:
        raise ValidationError({"supersedes_id": "Ukjent vedtak i denne saken."})
    provider_id = data.pop("provider_unit_id")
    data["provider_unit"] = lookups.unit(user, provider_id, "provider_unit_id") if provider_id else None
    decision = services.decision_draft_create(
        acting_user=user, case=case, service=service, supersedes=supersedes, **data
    )
    return Status(201, _decision_out(decision))


class DecisionPatch(Schema):
    """Only the fields sent are changed; `expected_version` is the version you read."""

    expected_version: int
    outcome: str | None = Field(None, max_length=20)
    scope_amount: Decimal | None = Field(None, gt=0, max_digits=6, decimal_places=1)
    scope_unit: str | None = Field(None, max_length=12)
    content: str | None = Field(None, max_length=4000)
    start_date: Day | None = None
    review_date: Day | None = None
    end_date: Day | None = None
    legal_basis: list[str] | None = None
    facts: str | None = Field(None, max_length=6000)
    considerations: str | None = Field(None, max_length=6000)
    payment: str | None = Field(None, max_length=1000)
    provider_unit_id: int | None = None
    advance_notice_sent_on: Day | None = None
    advance_notice_text: str | None = Field(None, max_length=2000)
    advance_notice_comment_by: Day | None = None
    economic_basis: str | None = Field(None, max_length=10)
    benefit_form: str | None = Field(None, max_length=10)
    amount: Decimal | None = Field(None, ge=0, le=social.MAX_KRONER, max_digits=9, decimal_places=2)
    amount_period: str | None = Field(None, max_length=10)
    repayment_per_month: Decimal | None = Field(
        None, gt=0, le=social.MAX_KRONER, max_digits=9, decimal_places=2
    )
    repayment_first_on: Day | None = None
    repayment_terms: str | None = Field(None, max_length=1000)
    conditions: list[str] | None = None

    model_config = {"extra": "forbid"}  # a field the draft does not have is refused, never silently dropped


TEXT_FIELDS = {
    "economic_basis",
    "benefit_form",
    "amount_period",
    "repayment_terms",
    "outcome",
    "scope_unit",
    "content",
    "facts",
    "considerations",
    "payment",
    "advance_notice_text",
}


@router.patch(
    "/decisions/{decision_id}",
    response={200: DecisionOut, 409: MessageOut, **REFUSALS},
    summary="Endre et vedtaksutkast",
)
def update_decision(request, decision_id: int, payload: DecisionPatch):
    """Som på siden: bare utkast kan endres, og bare mens saken tillater det. Svarer 409 hvis noen andre har
    lagret utkastet siden `expected_version`; les det på nytt og prøv igjen."""
    user = request.auth
    decision = _decision(user, decision_id, work=True)
    data = payload.dict(exclude_unset=True)
    expected_version = data.pop("expected_version")
    for name in TEXT_FIELDS & set(data):
        data[name] = data[name] or ""
    if "legal_basis" in data:
        data["legal_basis"] = data["legal_basis"] or []
    if "conditions" in data:
        data["conditions"] = data["conditions"] or []
    if "provider_unit_id" in data:
        provider_id = data.pop("provider_unit_id")
        data["provider_unit"] = lookups.unit(user, provider_id, "provider_unit_id") if provider_id else None
    updated = services.decision_draft_update(
        acting_user=user, decision=decision, expected_version=expected_version, **data
    )
    return _decision_out(updated)


class SendIn(Schema):
    sent_on: Day | None = None
    responsible_staff_id: int | None = Field(
        None, description="Tjenesteansvarlig; standard er lederen for den utførende enheten"
    )
    delivery_method: str = Field(DeliveryMethod.DIGITAL, description=", ".join(DeliveryMethod.values))
    delivered_on: Day | None = Field(
        None,
        description="Når vedtaket kom fram, hvis kjent. Uten dato: digitalt og personlig samme dag som sendt, "
        "post et antall virkedager etter (antatt).",
    )


@router.post(
    "/decisions/{decision_id}/send",
    response={200: DecisionOut, **REFUSALS},
    summary="Fatt og send vedtaket",
)
def send_decision(request, decision_id: int, payload: SendIn | None = None):
    """Vedtaket blir uforanderlig, klagefristen begynner å løpe fra dagen vedtaket kom fram, og et innvilget
    vedtak går som bestilling til den utførende enheten. Svarer 422 med det som mangler."""
    user = request.auth
    decision = _decision(user, decision_id, work=True)
    payload = payload or SendIn(
        responsible_staff_id=None, delivery_method=DeliveryMethod.DIGITAL, delivered_on=None
    )
    responsible = None
    if payload.responsible_staff_id is not None:
        responsible = Staff.objects.filter(
            pk=payload.responsible_staff_id, municipality_id=user.municipality_id
        ).first()
        if responsible is None:
            raise ValidationError({"responsible_staff_id": _("Tjenesteansvarlig må være ansatt i kommunen.")})
    sent = services.decision_send(
        acting_user=user,
        decision=decision,
        responsible=responsible,
        sent_on=payload.sent_on,
        delivery_method=payload.delivery_method,
        delivered_on=payload.delivered_on,
    )
    return _decision_out(sent)


@router.get(
    "/decisions/{decision_id}/letter.pdf",
    summary="Vedtaksbrevet som PDF",
    response={200: None, 304: None, 404: None},
)
def decision_letter(request, decision_id: int):
    """Et sendt vedtak: brevet slik det ble sendt (de lagrede bytene, med SHA-256 i ETag og X-Content-SHA256).
    Et utkast lages på nytt ved hvert kall og er merket UTKAST."""
    read = selectors.decision_letter(request.auth, decision_id, channel=CHANNEL)
    if read.letter is not None:
        return letter_http.stored(request, read.letter)
    if read.decision.state == "sent":
        raise Http404
    return letter_http.draft(read.decision)


@router.get(
    "/cases/{case_id}/interim-letter.pdf",
    summary="Foreløpig svar som PDF",
    response={200: None, 304: None, 404: None},
)
def interim_letter(request, case_id: int):
    """Det foreløpige svaret slik det ble sendt (de lagrede bytene, med SHA-256)."""
    letter = selectors.interim_letter(request.auth, case_id, channel=CHANNEL)
    if letter is None:
        raise Http404
    return letter_http.stored(request, letter)


class AppealIn(Schema):
    received_on: Day
    change_wanted: str = Field("", max_length=4000, description="Kan stå tom bare når klagen er uklar")
    reasons: str = Field("", max_length=4000)
    written: bool = Field(True, description="false for en muntlig klage")
    signed: bool = True
    clear: bool = Field(True, description="false når det er uklart hva det klages på")
    guidance_given: str = Field("", max_length=2000, description="Veiledningen gitt om manglene")
    correction_deadline: Day | None = Field(None, description="Frist for å rette manglene")


class AppealOut(Schema):
    id: int
    decision_id: int
    state: str
    late: bool
    received_on: Day
    written: bool
    signed: bool
    clear: bool
    defects: list[str]
    guidance_given: str
    correction_deadline: Day | None
    corrected_on: Day | None
    reassessment: str
    forwarded_on: Day | None
    authority_outcome: str
    authority_decided_on: Day | None


CaseOut.model_rebuild()


def _appeal_out(appeal: Appeal) -> dict:
    return {
        "id": appeal.pk,
        "decision_id": appeal.decision_id,
        "state": appeal.state,
        "late": appeal.late,
        "received_on": appeal.received_on,
        "written": appeal.written,
        "signed": appeal.signed,
        "clear": appeal.clear,
        "defects": [str(d) for d in appeal.defects],
        "guidance_given": appeal.guidance_given,
        "correction_deadline": appeal.correction_deadline,
        "corrected_on": appeal.corrected_on,
        "reassessment": appeal.reassessment,
        "forwarded_on": appeal.forwarded_on,
        "authority_outcome": appeal.authority_outcome,
        "authority_decided_on": appeal.authority_decided_on,
    }


@router.post(
    "/decisions/{decision_id}/appeals",
    response={201: AppealOut, **REFUSALS},
    summary="Registrer en klage (også muntlig, usignert eller uklar)",
)
@idempotent
def create_appeal(request, decision_id: int, payload: AppealIn):
    """Klagen registreres med mottaksdatoen uansett form. Har den formelle mangler, må veiledningen og en frist
    for å rette oppgis (pasient- og brukerrettighetsloven § 7-3, forvaltningsloven § 32)."""
    decision = _decision(request.auth, decision_id, work=True)
    appeal = services.appeal_register(acting_user=request.auth, decision=decision, **payload.dict())
    return Status(201, _appeal_out(appeal))


class AppealCorrectIn(Schema):
    corrected_on: Day
    written: bool = True
    signed: bool = True
    clear: bool = True
    change_wanted: str = Field("", max_length=4000)
    note: str = Field("", max_length=2000, description="Påkrevd når rettingen kom etter fristen")


@router.post(
    "/appeals/{appeal_id}/correct",
    response={200: AppealOut, **REFUSALS},
    summary="Registrer at klagens mangler er rettet",
)
def correct_appeal(request, appeal_id: int, payload: AppealCorrectIn):
    appeal = _appeal(request.auth, appeal_id)
    corrected = services.appeal_correct(acting_user=request.auth, appeal=appeal, **payload.dict())
    return _appeal_out(corrected)


class DismissIn(Schema):
    reason: str = Field(..., max_length=2000)


@router.post(
    "/appeals/{appeal_id}/dismiss",
    response={200: AppealOut, **REFUSALS},
    summary="Avvis en klage hvis manglene ikke ble rettet innen fristen",
)
def dismiss_appeal(request, appeal_id: int, payload: DismissIn):
    appeal = _appeal(request.auth, appeal_id)
    return _appeal_out(
        services.appeal_dismiss(acting_user=request.auth, appeal=appeal, reason=payload.reason)
    )


class ReassessmentIn(Schema):
    reassessment: str = Field(..., max_length=4000)
    late_reason: str = Field(
        "",
        max_length=2000,
        description="For en klage etter fristen: hvorfor den likevel behandles (fvl. § 31)",
    )


class UpholdIn(ReassessmentIn):
    forwarded_on: Day | None = Field(None, description="Standard: i dag")


@router.post(
    "/appeals/{appeal_id}/reverse",
    response={200: AppealOut, **REFUSALS},
    summary="Omgjør vedtaket etter klage (saken går til nytt vedtak)",
)
def reverse_appeal(request, appeal_id: int, payload: ReassessmentIn):
    appeal = _appeal(request.auth, appeal_id)
    return _appeal_out(
        services.appeal_reverse(
            acting_user=request.auth,
            appeal=appeal,
            reassessment=payload.reassessment,
            late_reason=payload.late_reason,
        )
    )


@router.post(
    "/appeals/{appeal_id}/uphold",
    response={200: AppealOut, **REFUSALS},
    summary="Oppretthold vedtaket og send klagen til Statsforvalteren",
)
def uphold_appeal(request, appeal_id: int, payload: UpholdIn):
    appeal = _appeal(request.auth, appeal_id)
    return _appeal_out(
        services.appeal_uphold(
            acting_user=request.auth,
            appeal=appeal,
            reassessment=payload.reassessment,
            forwarded_on=payload.forwarded_on or local_today(),
            late_reason=payload.late_reason,
        )
    )


class AuthorityOutcomeIn(Schema):
    outcome: str = Field(..., max_length=20)
    decided_on: Day | None = Field(None, description="Standard: i dag")


@router.post(
    "/appeals/{appeal_id}/authority-outcome",
    response={200: AppealOut, **REFUSALS},
    summary="Registrer Statsforvalterens avgjørelse",
)
def appeal_authority_outcome(request, appeal_id: int, payload: AuthorityOutcomeIn):
    appeal = _appeal(request.auth, appeal_id)
    return _appeal_out(
        services.appeal_authority_outcome(
            acting_user=request.auth,
            appeal=appeal,
            outcome=payload.outcome,
            decided_on=payload.decided_on or local_today(),
        )
    )


class CaseStateOut(Schema):
    id: int
    status: str
    owner: str
    team: str
    handoff_count: int
    interim_reply_sent_on: Day | None
    interim_expected_by: Day | None
    interim_reply_late: bool
    allowed_actions: list[str]
    version: int


def _case_state(case) -> dict:
    case.refresh_from_db()
    return {
        "id": case.pk,
        "status": case.status,
        "owner": case.owner.display_name,
        "team": case.team.name,
        "handoff_count": case.handoff_count,
        "interim_reply_sent_on": case.interim_reply_sent_on,
        "interim_expected_by": case.interim_expected_by,
        "interim_reply_late": case.interim_reply_late,
        "allowed_actions": closing.offered_actions(case, local_today()),
        "version": case.version,
    }


class InterimIn(Schema):
    reason: str = Field(..., max_length=2000)
    expected_by: Day
    sent_on: Day | None = Field(None, description="Standard: i dag; kan ikke være fram i tid")


@router.post(
    "/cases/{case_id}/interim-reply",
    response={200: CaseStateOut, **REFUSALS},
    summary="Send foreløpig svar (forvaltningsloven § 11 a)",
)
def send_interim_reply(request, case_id: int, payload: InterimIn):
    case = selectors.case_for_work(request.auth, case_id, channel=CHANNEL).case
    services.interim_reply_send(
        acting_user=request.auth,
        case=case,
        reason=payload.reason,
        expected_by=payload.expected_by,
        sent_on=payload.sent_on,
    )
    return _case_state(case)


class AssignIn(Schema):
    owner_user_id: int | None = Field(None, description="Ny saksbehandler")
    team_id: int | None = Field(None, description="Nytt team: en overføring, som trenger en grunn")
    reason: str = Field("", max_length=500)


@router.post(
    "/cases/{case_id}/assign",
    response={200: CaseStateOut, **REFUSALS},
    summary="Gi saken ny saksbehandler og/eller send den til et annet team",
)
def assign_case(request, case_id: int, payload: AssignIn):
    user = request.auth
    case = selectors.case_for_work(user, case_id, channel=CHANNEL).case
    owner = None
    if payload.owner_user_id is not None:
        owner = User.objects.filter(pk=payload.owner_user_id, municipality_id=user.municipality_id).first()
        if owner is None:
            raise ValidationError({"owner_user_id": "Ukjent saksbehandler."})
    team = lookups.unit(user, payload.team_id, "team_id") if payload.team_id is not None else None
    if owner is None and team is None:
        raise ValidationError({"owner_user_id": "Oppgi ny saksbehandler, nytt team eller begge."})
    services.case_assign(acting_user=user, case=case, owner=owner, team=team, reason=payload.reason)
    return _case_state(case)


class TransitionIn(Schema):
    to: str = Field(..., max_length=20, description="Målstatus, f.eks. withdrawn")
    note: str = Field("", max_length=300, description="Påkrevd ved trukket søknad og avsluttet sak (hvorfor)")


@router.post(
    "/cases/{case_id}/transitions",
    response={200: CaseStateOut, **REFUSALS},
    summary="Flytt saken (f.eks. trukket søknad)",
)
def transition_case(request, case_id: int, payload: TransitionIn):
    case = selectors.case_for_work(request.auth, case_id, channel=CHANNEL).case
    services.case_transition(acting_user=request.auth, case=case, to=payload.to, note=payload.note)
    return _case_state(case)


class ActionOut(Schema):
    action: str
    label: str


@router.get(
    "/cases/{case_id}/actions",
    response={200: list[ActionOut], 403: MessageOut, 404: MessageOut},
    summary="Handlingene sakens status tillater nå",
)
def case_actions(request, case_id: int):
    """Samme tabell som saksbehandlingen bruker: det som ikke står her, blir avvist med 422."""
    read = selectors.case_detail(request.auth, case_id, channel=CHANNEL)
    if not read.may_work:  # a reader on a ground in another service area may read, not act (as the page)
        return []
    return [
        {"action": a, "label": actions.label(a)} for a in closing.offered_actions(read.case, local_today())
    ]


class HandoffOut(Schema):
    at: datetime.datetime
    from_unit: str | None
    to_unit: str
    reason: str
    by: str


@router.get(
    "/cases/{case_id}/handoffs", response=list[HandoffOut], summary="Overføringer av saken (kasteball)"
)
def case_handoffs(request, case_id: int):
    case = selectors.case_detail(request.auth, case_id, channel=CHANNEL).case
    return [
        {
            "at": h.at,
            "from_unit": h.from_unit.name if h.from_unit else None,
            "to_unit": h.to_unit.name,
            "reason": h.reason,
            "by": h.by.display_name,
        }
        for h in Handoff.objects.filter(case=case).select_related("from_unit", "to_unit", "by").order_by("at")
    ]
