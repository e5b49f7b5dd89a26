"""/api/v1/persons: the person register, through the same access layer as the pages."""

import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from ninja import Field, Query, Router, Schema, Status

from helhet.access.policy import (
    may_read_access_log,
    may_search_register,
    may_see_caseload,
    may_see_full_national_id,
)
from helhet.access.selectors import access_log_for_viewer
from helhet.access.services import PersonNotVisible
from helhet.api.errors import Day
from helhet.api.idempotency import idempotent
from helhet.core.models import Municipality
from helhet.people import selectors, services
from helhet.people.forms import AccessLogPeriodForm
from helhet.people.models import Zone

router = Router(tags=["Personer"])
CHANNEL = "api"


class RelativeOut(Schema):
    id: int
    name: str
    relation: str
    phone: str
    email: str
    is_next_of_kin: bool
    representation: str = Field(
        description="'' (ingen), 'fullmakt', 'verge' eller 'foreldre' (foreldreansvar for barn under 18 år)"
    )


class PersonSummary(Schema):
    id: int
    first_name: str
    middle_name: str
    last_name: str
    birth_date: Day
    zone: str | None


class PersonOut(PersonSummary):
    national_id_masked: str
    national_id: str | None = Field(None, description="Bare for roller som trenger hele nummeret")
    id_kind: str
    sex: str
    street_address: str
    postal_code: str
    postal_place: str
    phone: str
    email: str
    reserved_against_digital_contact: bool
    written_form: str = Field(description="Målform: nb (bokmål), nn (nynorsk) eller tom (ikke valgt: bokmål)")
    relatives: list[RelativeOut]
    version: int
    access_reason: str


class PersonIn(Schema):
    national_id: str = Field(..., max_length=13, description="Fødselsnummer eller D-nummer, 11 siffer")
    first_name: str = Field(..., min_length=1, max_length=100)
    middle_name: str = Field("", max_length=100)
    last_name: str = Field(..., min_length=1, max_length=100)
    street_address: str = Field("", max_length=200)
    postal_code: str = Field("", max_length=4)
    postal_place: str = Field("", max_length=100)
    zone: str | None = Field(None, max_length=100, description="Sonens navn")
    phone: str = Field("", max_length=16)
    email: str = Field("", max_length=200)
    reserved_against_digital_contact: bool = False
    written_form: Literal["", "nb", "nn"] = Field("", description="Målform: nb, nn eller tom (bokmål)")
    kommunenummer: str | None = Field(None, max_length=4, description="Standard: brukerens egen kommune")


class PersonPage(Schema):
    items: list[PersonSummary]
    count: int
    page: int
    pages: int


class AccessLogOut(Schema):
    at: datetime.datetime
    user: str
    action: str
    what: str
    reason: str
    channel: str


class AccessLogPage(Schema):
    items: list[AccessLogOut]
    count: int
    page: int
    pages: int
    whole_log: bool = Field(
        description="Sann for kommunens administrator; ellers bare oppføringene til de ansatte i leserens "
        "enheter (i dag) og leserens egne, som på siden"
    )
    notice: str = Field(
        description="Setningen fra siden om hvilken del av loggen dette er; tom for hele loggen"
    )


def _summary(person) -> dict:
    return {
        "id": person.pk,
        "first_name": person.first_name,
        "middle_name": person.middle_name,
        "last_name": person.last_name,
        "birth_date": person.birth_date,
        "zone": person.zone.name if person.zone else None,
    }


def _detail(read, *, full_id: bool) -> dict:
    person = read.person
    return {
        **_summary(person),
        "national_id_masked": person.masked_national_id,
        "national_id": person.national_id if full_id else None,
        "id_kind": person.id_kind,
        "sex": person.sex,
        "street_address": person.street_address,
        "postal_code": person.postal_code,
        "postal_place": person.postal_place,
        "phone": person.phone,
        "email": person.email,
        "reserved_against_digital_contact": person.reserved_against_digital_contact,
        "written_form": person.written_form,
        "relatives": list(person.relatives.all()),
        "version": person.version,
        "access_reason": read.access.reason,
    }


def _page(page) -> dict:
    return {"count": page.paginator.count, "page": page.number, "pages": page.paginator.num_pages}


@router.get("/persons", response=PersonPage, summary="Søk i personregisteret eller list egne brukere")
def list_persons(request, q: str = Query("", max_length=100), page: int = Query(1, ge=1)):
    """Roller som betjener hele kommunen må oppgi søkeord (`q`); andre får personene de har ansvar for."""
    user = request.auth
    if may_search_register(user):
        try:
            result = selectors.person_search(user, query=q, page_number=page, channel=CHANNEL)
        except selectors.SearchTooShort as error:
            raise ValidationError({"q": str(error)}) from None
    elif may_see_caseload(user):
        result = selectors.person_caseload(user, page_number=page, channel=CHANNEL)
    else:  # as the page: analysts see no person-level data
        raise PermissionDenied("Rollen din gir ikke tilgang til opplysninger om enkeltpersoner.")
    return {"items": [_summary(p) for p in result.object_list], **_page(result)}


@router.post("/persons", response={201: PersonOut}, summary="Registrer en person")
@idempotent
def create_person(request, payload: PersonIn):
    user = request.auth
    municipality = user.municipality
    if payload.kommunenummer and payload.kommunenummer != municipality.number:
        if not Municipality.objects.filter(number=payload.kommunenummer).exists():
            raise ValidationError({"kommunenummer": "Ukjent kommunenummer."})
        raise PermissionDenied("Du kan bare registrere personer i din egen kommune.")
    fields = payload.dict(exclude={"kommunenummer", "zone"})
    if payload.zone:
        zone = Zone.objects.filter(municipality=municipality, name=payload.zone).first()
        if zone is None:
            raise ValidationError({"zone": "Ukjent sone i kommunen."})
        fields["zone"] = zone
    person = services.person_register(acting_user=user, municipality=municipality, channel=CHANNEL, **fields)
    read = selectors.person_detail(user, person.pk, what="Svar på registrering", channel=CHANNEL)
    return Status(201, _detail(read, full_id=may_see_full_national_id(user)))


@router.get("/persons/{person_id}", response=PersonOut, summary="Én person med pårørende")
def get_person(request, person_id: int, full_national_id: bool = False):
    """`full_national_id=true` gir hele fødselsnummeret til roller som trenger det; det loggføres."""
    user = request.auth
    full = full_national_id and may_see_full_national_id(user)
    what = "Personalia og pårørende" + (", fullt fødselsnummer" if full else "")
    read = selectors.person_detail(user, person_id, what=what, channel=CHANNEL)
    return _detail(read, full_id=full)


@router.get("/persons/{person_id}/access-log", response=AccessLogPage, summary="Tilgangslogg for en person")
def get_access_log(
    request,
    person_id: int,
    page: int = Query(1, ge=1),
    fra: str = Query("", max_length=10, description="fra og med dag (ÅÅÅÅ-MM-DD), som på siden"),
    til: str = Query("", max_length=10, description="til og med dag (ÅÅÅÅ-MM-DD)"),
):
    user = request.auth
    if not may_read_access_log(user):
        raise PersonNotVisible()
    period = AccessLogPeriodForm({"fra": fra, "til": til})
    if not period.is_valid():
        raise ValidationError({name: errors[0] for name, errors in period.errors.items()})
    read = selectors.person_detail(user, person_id, what="Tilgangslogg", channel=CHANNEL)
    view = access_log_for_viewer(
        user, read.person, since=period.cleaned_data["fra"], until=period.cleaned_data["til"]
    )
    result = Paginator(view.entries, 50).get_page(page)
    items = [
        {
            "at": entry.at,
            "user": entry.user.display_name,
            "action": entry.action,
            "what": entry.what,
            "reason": entry.reason,
            "channel": entry.channel,
        }
        for entry in result.object_list
    ]
    return {"items": items, "whole_log": view.whole, "notice": view.notice, **_page(result)}
