"""/api/v1: inquiries, applications, cases, assessments, decisions (with the letter), appeals and handoffs."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from helhet.api import lookups
from helhet.casework import deadlines, letters, selectors, services
from helhet.casework.models import Decision
from helhet.catalogue.models import Service
from helhet.core.calendar import local_today
from helhet.intake import services as intake
from helhet.intake.models import Application, Channel, Handoff, Inquiry
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
        Decision.objects.select_related("case", "case__person", "service"),
        pk=decision_id,
        case__municipality_id=user.municipality_id,
    )
    selectors.case_detail(user, decision.case_id, channel=CHANNEL, work=work)  # role, area + access log
    return decision


class InquiryIn(Schema):
    person_id: int | None = None
    contact_name: str = Field("", max_length=200)
    contact_phone: str = Field("", max_length=16)
    contact_email: str = Field("", max_length=200)
    channel: str = Field(..., description=", ".join(Channel.values))
    about: str = Field(..., min_length=1, max_length=4000)
    answered_now: str = Field("", max_length=2000, description="Fylles ut når resepsjonen svarer med en gang")


class InquiryOut(Schema):
    id: int
    person_id: int | None
    channel: str
    outcome: str
    received_at: datetime.datetime


@router.post("/inquiries", response={201: InquiryOut}, summary="Registrer en henvendelse")
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
    )
    if payload.answered_now.strip():
        inquiry = intake.inquiry_answer(acting_user=user, inquiry=inquiry, note=payload.answered_now)
    return Status(201, inquiry)


class ApplicationIn(Schema):
    person_id: int
    need: str = Field(..., min_length=1, max_length=4000)
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
    received_on: datetime.date | None = None


class ApplicationOut(Schema):
    application_id: int
    case_id: int
    routed_to: str
    routing_explanation: str
    received_on: datetime.date
    expected_answer_by: datetime.date
    owner: str


@router.post(
    "/applications", response={201: ApplicationOut}, summary="Motta en søknad (én for alle tjenester)"
)
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
        inquiry = Inquiry.objects.filter(pk=payload.inquiry_id, municipality_id=user.municipality_id).first()
        if inquiry is None:
            raise ValidationError({"inquiry_id": "Ukjent henvendelse."})
    received_on = payload.received_on or local_today()
    if received_on > local_today():
        raise ValidationError({"received_on": "Mottatt-datoen kan ikke være fram i tid."})
    case = services.application_receive(
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
    )
    application = case.application
    return Status(
        201,
        {
            "application_id": application.pk,
            "case_id": case.pk,
            "routed_to": application.routed_to.name,
            "routing_explanation": application.routing_explanation,
            "received_on": application.received_on,
            "expected_answer_by": application.expected_answer_by,
            "owner": case.owner.display_name,
        },
    )


class ConsentOut(Schema):
    application_id: int
    consent_share: bool
    consent_withdrawn_on: datetime.date | None


@router.post(
    "/applications/{application_id}/consent-withdrawal",
    response=ConsentOut,
    summary="Søkeren trekker samtykket til deling mellom helse og NAV tilbake",
)
def withdraw_consent(request, application_id: int):
    """Gjelder fra i dag: det andre tjenesteområdet kan ikke lenger lese sakene søknaden ga. Som på saksiden:
    saksbehandlere i sakens eget tjenesteområde."""
    application = get_object_or_404(
        Application.objects.select_related("case"),
        pk=application_id,
        municipality_id=request.auth.municipality_id,
    )
    selectors.case_for_work(request.auth, application.case.pk, channel=CHANNEL)
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
    due: datetime.date
    met: bool


class DecisionOut(Schema):
    id: int
    service: str
    state: str
    outcome: str
    scope_amount: Decimal | None
    scope_unit: str
    start_date: datetime.date | None
    review_date: datetime.date | None
    end_date: datetime.date | None
    provider_unit: str | None
    sent_on: datetime.date | None
    appeal_deadline: datetime.date | None
    supersedes_id: int | None
    version: int
    missing_parts: list[str]


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
    received_on: datetime.date
    handoff_count: int
    review_requested: bool
    deadlines: list[DeadlineOut]
    decisions: list[DecisionOut]
    timeline: list[EventOut]
    version: int


def _decision_out(decision) -> dict:
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
        "appeal_deadline": decision.appeal_deadline,
        "supersedes_id": decision.supersedes_id,
        "version": decision.version,
        "missing_parts": services.missing_parts(decision) if decision.state == "draft" else [],
    }


@router.get("/cases/{case_id}", response=CaseOut, summary="En sak med frister, vedtak og tidslinje")
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
        "deadlines": [
            {"label": d.label, "due": d.due, "met": d.met} for d in deadlines.for_case(case, decisions)
        ],
        "decisions": [_decision_out(d) for d in decisions],
        "timeline": [
            {"at": e.at, "actor": e.actor.display_name, "kind": e.kind, "text": e.text}
            for e in case.events.all()
        ],
        "version": case.version,
    }


class AssessmentIn(Schema):
    kind: str = Field("conversation", description="conversation eller home_visit")
    held_on: datetime.date
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


class AssessmentOut(Schema):
    id: int
    case_status: str
    review_requested: bool
    chosen_services: list[str]


@router.post(
    "/cases/{case_id}/assessments", response={201: AssessmentOut}, summary="Registrer en kartlegging"
)
def create_assessment(request, case_id: int, payload: AssessmentIn):
    user = request.auth
    case = selectors.case_for_work(user, case_id, channel=CHANNEL).case
    data = payload.dict()
    chosen = _services(user, data.pop("chosen_service_ids"), "chosen_service_ids")
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
    start_date: datetime.date | None = None
    review_date: datetime.date | None = None
    end_date: datetime.date | None = None
    legal_basis: list[str] = Field(default_factory=list)
    facts: str = Field("", max_length=6000)
    considerations: str = Field("", max_length=6000)
    payment: str = Field("", max_length=1000)
    provider_unit_id: int | None = None
    advance_notice_sent_on: datetime.date | None = None
    advance_notice_text: str = Field("", max_length=2000)


@router.post("/cases/{case_id}/decisions", response={201: DecisionOut}, summary="Lag et vedtaksutkast")
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


class SendIn(Schema):
    sent_on: datetime.date | None = None
    responsible_staff_id: int | None = Field(
        None, description="Tjenesteansvarlig; standard er lederen for den utførende enheten"
    )


@router.post("/decisions/{decision_id}/send", response=DecisionOut, summary="Fatt og send vedtaket")
def send_decision(request, decision_id: int, payload: SendIn = None):
    """Vedtaket blir uforanderlig, klagefristen begynner å løpe, og et innvilget vedtak går som bestilling til
    den utførende enheten. Svarer 422 med det som mangler."""
    user = request.auth
    decision = _decision(user, decision_id, work=True)
    sent = services.decision_send(
        acting_user=user, decision=decision, sent_on=payload.sent_on if payload else None
    )
    return _decision_out(sent)


@router.get("/decisions/{decision_id}/letter.pdf", summary="Vedtaksbrevet som PDF", response={200: None})
def decision_letter(request, decision_id: int):
    decision = _decision(request.auth, decision_id)
    response = HttpResponse(letters.decision_letter(decision), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="vedtak-{decision.pk}.pdf"'
    return response


class AppealIn(Schema):
    received_on: datetime.date
    change_wanted: str = Field(..., min_length=1, max_length=4000)
    reasons: str = Field("", max_length=4000)
    written: bool = True
    signed: bool = True


class AppealOut(Schema):
    id: int
    decision_id: int
    state: str
    late: bool
    received_on: datetime.date


@router.post("/decisions/{decision_id}/appeals", response={201: AppealOut}, summary="Registrer en klage")
def create_appeal(request, decision_id: int, payload: AppealIn):
    decision = _decision(request.auth, decision_id, work=True)
    appeal = services.appeal_register(acting_user=request.auth, decision=decision, **payload.dict())
    return Status(201, appeal)


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
