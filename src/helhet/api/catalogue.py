"""/api/v1/catalogue: the care ladder, services with their thresholds, rule versions and suggestions."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from helhet.api.errors import Day
from helhet.api.idempotency import idempotent
from helhet.catalogue import selectors, services
from helhet.catalogue.models import FunctionalVariable, Service
from helhet.catalogue.thresholds import AssessmentFacts, describe, suggest_services
from helhet.core.calendar import local_today
from helhet.organisation.models import Unit

router = Router(tags=["Tjenestekatalog"])


class CareLevelOut(Schema):
    id: int
    position: int
    name: str
    description: str


class ServiceOut(Schema):
    id: int
    name: str
    kpr_code: int | None
    care_level: str | None
    care_level_position: int | None
    requires_decision: bool
    prevention_level: str
    payment_rule: str
    legal_basis: list[str]
    description: str
    who_for: str
    threshold: str
    provider_units: list[str]
    legal_regime: str | None


class LegalRegimeVersionOut(Schema):
    valid_from: Day
    valid_to: Day | None
    acts: dict[str, str]
    deciding_office: str
    appeal_weeks: int
    appeal_deadline_rule: str
    appeal_deadline_start: str
    appeal_lodged_with: str
    appeal_body: str
    appeal_body_rule: str
    appeal_form_rule: str
    names_ombud: bool
    ombud_text: str
    interim_rule: str
    advance_notice_rule: str
    document_access_rule: str
    reasons_rule: str
    office_name: str
    street_address: str
    postal_code: str
    postal_place: str
    phone: str
    email: str
    sources: str


class LegalRegimeOut(Schema):
    id: int
    code: str
    name: str
    service_area: str
    services: list[str]
    current: LegalRegimeVersionOut | None
    versions: list[LegalRegimeVersionOut]


class ThresholdIn(Schema):
    criteria: dict
    valid_from: Day
    plain_text: str = Field("", max_length=2000)
    team_id: int | None = Field(None, description="Tomt: regelen gjelder hele tjenesten")


class ThresholdOut(Schema):
    id: int
    team_id: int | None
    team: str | None
    criteria: dict
    valid_from: Day
    valid_to: Day | None
    plain_text: str
    in_words: str


class AssessmentIn(Schema):
    scores: dict[str, int] = Field(
        default_factory=dict, description="IPLOS-skår per variabelkode: 1–5 eller 9"
    )
    age: int | None = Field(None, ge=0, le=130)
    lives_alone: bool | None = None
    relatives_help: bool | None = None
    diagnosis_group: str = Field("", max_length=40)


class SuggestionOut(Schema):
    service_id: int
    service: str
    care_level_position: int | None
    reasons: list[str]
    sentence: str


@router.get("/catalogue/care-levels", response=list[CareLevelOut], summary="Omsorgstrappen")
def care_levels(request):
    return selectors.care_ladder(request.auth.municipality)


@router.get(
    "/catalogue/services", response=list[ServiceOut], summary="Tjenestene med terskelverdier i klarspråk"
)
def list_services(request, q: str = Query("", max_length=100)):
    return [
        {
            "id": v.service.pk,
            "name": v.service.name,
            "kpr_code": v.service.kpr_code,
            "care_level": v.service.care_level.name if v.service.care_level else None,
            "care_level_position": v.service.care_level.position if v.service.care_level else None,
            "requires_decision": v.service.requires_decision,
            "prevention_level": v.service.prevention_level,
            "payment_rule": v.service.payment_rule,
            "legal_basis": v.service.legal_basis,
            "description": v.service.description,
            "who_for": v.service.who_for,
            "threshold": v.threshold_text,
            "provider_units": [unit.name for unit in v.service.provider_units.all()],
            "legal_regime": v.service.legal_regime.code if v.service.legal_regime else None,
        }
        for v in selectors.services(request.auth.municipality, on=local_today(), query=q)
    ]


def _service(request, service_id: int) -> Service:
    return get_object_or_404(Service, pk=service_id, municipality=request.auth.municipality)


def _rule(rule) -> dict:
    return {
        "id": rule.pk,
        "team_id": rule.team_id,
        "team": rule.team.name if rule.team_id else None,
        "criteria": rule.criteria,
        "valid_from": rule.valid_from,
        "valid_to": rule.valid_to,
        "plain_text": rule.plain_text,
        "in_words": describe(rule.criteria),
    }


@router.get(
    "/catalogue/services/{service_id}/thresholds",
    response=list[ThresholdOut],
    summary="Versjoner av terskelverdien",
)
def list_thresholds(request, service_id: int):
    rules = _service(request, service_id).threshold_rules.select_related("team").order_by("-valid_from")
    return [_rule(rule) for rule in rules]


@router.post(
    "/catalogue/services/{service_id}/thresholds",
    response={201: ThresholdOut},
    summary="Ny versjon av terskelverdien",
)
@idempotent
def create_threshold(request, service_id: int, payload: ThresholdIn):
    fields = payload.dict()
    team_id = fields.pop("team_id")
    team = None
    if team_id is not None:
        team = Unit.objects.filter(pk=team_id, municipality_id=request.auth.municipality_id).first()
        if team is None:
            raise ValidationError({"team_id": "Ukjent team."})
    rule = services.threshold_rule_set(
        acting_user=request.auth, service=_service(request, service_id), team=team, **fields
    )
    return Status(201, _rule(rule))


@router.post(
    "/catalogue/suggestions", response=list[SuggestionOut], summary="Tjenester en kartlegging oppfyller"
)
def suggestions(request, payload: AssessmentIn):
    """Tjenestene hvis terskelverdier kartleggingen oppfyller, fra laveste trinn i omsorgstrappen, med begrunnelse."""
    known = set(FunctionalVariable.objects.values_list("code", flat=True))
    unknown = sorted(set(payload.scores) - known)
    if unknown:
        raise ValidationError({"scores": f"Ukjent funksjonsvariabel: {', '.join(unknown)}."})
    bad = [code for code, score in payload.scores.items() if score not in (1, 2, 3, 4, 5, 9)]
    if bad:
        raise ValidationError({"scores": f"Skår må være 1–5 eller 9 (ikke relevant): {', '.join(bad)}."})
    facts = AssessmentFacts(**payload.dict())
    return [
        {
            "service_id": s.service.pk,
            "service": s.service.name,
            "care_level_position": s.service.care_level.position if s.service.care_level else None,
            "reasons": list(s.reasons),
            "sentence": s.sentence,
        }
        for s in suggest_services(request.auth.municipality, facts, on=local_today())
    ]


@router.get(
    "/catalogue/legal-regimes",
    response=list[LegalRegimeOut],
    summary="Rettsregimene: lover, klagefrister, klageinstans og brevhode, med versjoner",
)
def legal_regimes(request):
    return [
        {
            "id": view.regime.pk,
            "code": view.regime.code,
            "name": view.regime.name,
            "service_area": view.regime.service_area,
            "services": [service.name for service in view.services],
            "current": view.current,
            "versions": list(view.regime.versions.all()),
        }
        for view in selectors.legal_regimes(request.auth.municipality, on=local_today())
    ]
