"""/api/v1/organisation: the org chart on a date, span of control, the collaboration import, and units
(create, rename, move, end) with the same rules as the page."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from helhet.access.policy import may_edit_organisation, may_view_organisation
from helhet.api.errors import Day, Problem, Refusal
from helhet.core.calendar import local_today
from helhet.organisation import services
from helhet.organisation.chart import chart_on, leader_levels, spans, units_without_leader
from helhet.organisation.collaboration import MAX_BYTES, collaboration_import
from helhet.organisation.models import Unit, UnitKind, UnitParent

router = Router(tags=["Organisasjon"])


class SpanOut(Schema):
    leader: str
    leader_id: int
    unit: str
    unit_id: int
    level: int
    direct_reports: int
    direct_fte: Decimal
    all_staff_below: int
    units_without_own_leader: list[str]


class LevelOut(Schema):
    level: int
    units: list[str]


class LeaderlessOut(Schema):
    unit: str
    unit_id: int
    inherited_leader: str | None
    inherited_from: str | None


class SpanReport(Schema):
    date: Day
    max: int
    leaders_over_limit: list[SpanOut]
    levels: list[LevelOut]
    units_without_leader: list[LeaderlessOut]
    leaders: list[SpanOut]


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    parent_id: int | None
    leader: str | None
    leader_inherited: bool
    staff: int
    fte: Decimal
    staff_including_below: int
    fte_including_below: Decimal
    shared_from: str | None


class ImportReportOut(Schema):
    rows: int
    saved: int
    dry_run: bool
    skipped_lines: list[int]
    unmatched_names: list[dict]
    unreadable_frequencies: list[dict]
    blank_frequencies: list[int]
    malformed_rows: list[dict]
    needs_confirmation: bool = Field(
        description="true: intet er lagret, fordi importen ville fjerne relasjoner fra forrige import fra "
        "samme kilde (se would_remove); send på nytt med confirm_removal=true for å erstatte dem"
    )
    would_remove: list[dict]


def _reader(user):
    if not may_view_organisation(user):
        raise PermissionDenied("Rollen din gir ikke tilgang til organisasjonsoversikten.")


def _span(s) -> dict:
    return {
        "leader": str(s.leader),
        "leader_id": s.leader.pk,
        "unit": s.unit.name,
        "unit_id": s.unit.pk,
        "level": s.level,
        "direct_reports": s.direct_heads,
        "direct_fte": s.direct_fte,
        "all_staff_below": s.total_heads,
        "units_without_own_leader": list(s.inherited_units),
    }


@router.get("/organisation/span-of-control", response=SpanReport, summary="Lederspenn på en dato")
def span_of_control(request, date: Day | None = None, max: int | None = Query(None, ge=1, le=1000)):
    """Ledere over grensen (standard kommunens grense, ofte 40), ledernivåer og enheter uten egen leder."""
    user = request.auth
    _reader(user)
    day = date or local_today()
    limit = max or user.municipality.span_of_control_limit
    chart = chart_on(user.municipality, day)
    all_spans = sorted(spans(chart), key=lambda s: (-s.direct_heads, s.unit.name))
    return {
        "date": day,
        "max": limit,
        "leaders_over_limit": [_span(s) for s in all_spans if s.direct_heads > limit],
        "levels": [
            {"level": level, "units": [s.unit.name for s in group]} for level, group in leader_levels(chart)
        ],
        "units_without_leader": [
            {
                "unit": node.unit.name,
                "unit_id": node.unit.pk,
                "inherited_leader": str(node.leader) if node.leader else None,
                "inherited_from": node.inherited_from.unit.name if node.inherited_from else None,
            }
            for node in units_without_leader(chart)
        ],
        "leaders": [_span(s) for s in all_spans],
    }


@router.get("/organisation/units", response=list[UnitOut], summary="Organisasjonskartet på en dato")
def units(request, date: Day | None = None):
    user = request.auth
    _reader(user)
    chart = chart_on(user.municipality, date or local_today())
    return [
        {
            "id": node.unit.pk,
            "name": node.unit.name,
            "kind": node.unit.kind,
            "parent_id": node.parent.unit.pk if node.parent else None,
            "leader": str(node.leader) if node.leader else None,
            "leader_inherited": not node.leaders,
            "staff": node.heads,
            "fte": node.fte,
            "staff_including_below": node.total_heads,
            "fte_including_below": node.subtree_fte,
            "shared_from": node.shared_from,
        }
        for node in chart.walk()
    ]


@router.post(
    "/organisation/collaboration/import", response=ImportReportOut, summary="Importer samarbeidsrelasjoner"
)
def import_collaboration(
    request,
    file: File[UploadedFile] = None,  # type: ignore[assignment]  # django-ninja reads None as "no file part"
    source: Form[str] = "API-import",
    dry_run: Form[bool] = False,
    confirm_removal: Form[bool] = False,
):
    """CSV som fil (`file`) eller som selve innholdet (Content-Type: text/csv). Svaret er rapporten:
    navn som ikke passet, hyppigheter som ikke kunne leses og rader som ikke kunne brukes."""
    user = request.auth
    if not may_edit_organisation(user):
        raise PermissionDenied("Bare ledere og administratorer kan importere samarbeidsrelasjoner.")
    if file is not None:
        if (file.size or 0) > MAX_BYTES:
            raise ValidationError({"file": "Filen er for stor (høyst 1 MB)."})
        raw = file.read()
    elif request.content_type in ("text/csv", "text/plain"):
        raw = request.body
        source = request.GET.get("source", source)
        dry_run = request.GET.get("dry_run", "").lower() in ("1", "true")
        confirm_removal = request.GET.get("confirm_removal", "").lower() in ("1", "true")
    else:
        raise ValidationError(
            {"file": "Send CSV som fil (file) eller som innhold med Content-Type text/csv."}
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    report = collaboration_import(
        municipality=user.municipality,
        csv_text=text,
        source=source,
        on=local_today(),
        dry_run=dry_run,
        confirm_removal=confirm_removal,
        actor=user,
    )
    return report.as_dict()


class UnitRecordOut(Schema):
    id: int
    name: str
    kind: str
    parent_id: int | None
    valid_from: Day
    valid_to: Day | None


class UnitCreateIn(Schema):
    name: str = Field(min_length=1, max_length=150)
    kind: UnitKind
    parent_id: int | None = None
    valid_from: Day | None = Field(None, description="Standard: i dag")


class UnitChangeIn(Schema):
    name: str | None = Field(
        None, min_length=1, max_length=150, description="Nytt navn (det gamle blir et alternativt navn)"
    )
    parent_id: int | None = Field(None, description="Flytt under denne enheten fra `on`")
    on: Day | None = Field(None, description="Fra når flyttingen gjelder; standard i dag")


class UnitEndIn(Schema):
    valid_to: Day = Field(description="Enhetens siste dag")


UNIT_REFUSALS = {403: Refusal, 404: Refusal, 422: Problem}


def _editor(user):
    if not may_edit_organisation(user):
        raise PermissionDenied("Bare ledere og administratorer kan endre organisasjonen.")


def _own_unit(user, unit_id: int) -> Unit:
    unit = Unit.objects.filter(municipality=user.municipality, pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


def _unit_record(unit: Unit) -> dict:
    link = UnitParent.objects.valid_on(local_today()).filter(unit=unit).first()
    return {
        "id": unit.pk,
        "name": unit.name,
        "kind": unit.kind,
        "parent_id": link.parent_id if link else None,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
    }


@router.post(
    "/organisation/units",
    response={201: UnitRecordOut, **UNIT_REFUSALS},
    summary="Opprett en enhet",
)
def unit_create(request, payload: UnitCreateIn):
    """Samme regler som siden «Enheter»: rollen leder eller administrator, overordnet enhet i egen kommune."""
    user = request.auth
    _editor(user)
    parent = _own_unit(user, payload.parent_id) if payload.parent_id is not None else None
    unit = services.unit_create(
        municipality=user.municipality,
        name=payload.name,
        kind=payload.kind,
        valid_from=payload.valid_from or local_today(),
        parent=parent,
        actor=user,
    )
    return 201, _unit_record(unit)


@router.patch(
    "/organisation/units/{unit_id}",
    response={200: UnitRecordOut, **UNIT_REFUSALS},
    summary="Gi en enhet nytt navn eller flytt den",
)
def unit_change(request, unit_id: int, payload: UnitChangeIn):
    user = request.auth
    _editor(user)
    unit = _own_unit(user, unit_id)
    if payload.name is None and payload.parent_id is None:
        raise ValidationError({"name": "Oppgi nytt navn (name) eller ny overordnet enhet (parent_id)."})
    parent = _own_unit(user, payload.parent_id) if payload.parent_id is not None else None
    with transaction.atomic():
        if payload.name is not None:
            unit = services.unit_rename(unit=unit, name=payload.name, actor=user)
        if parent is not None:
            services.unit_move(unit=unit, new_parent=parent, on=payload.on or local_today(), actor=user)
    return 200, _unit_record(unit)


@router.post(
    "/organisation/units/{unit_id}/end",
    response={200: UnitRecordOut, **UNIT_REFUSALS},
    summary="Avslutt en enhet",
)
def unit_end(request, unit_id: int, payload: UnitEndIn):
    """Avvises (422) når enheten har arbeidsforhold eller underenheter etter siste dag."""
    user = request.auth
    _editor(user)
    unit = services.unit_end(unit=_own_unit(user, unit_id), valid_to=payload.valid_to, actor=user)
    return 200, _unit_record(unit)
