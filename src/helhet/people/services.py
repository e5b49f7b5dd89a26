"""Write use cases for persons and relatives. Each is one transaction and writes its audit row."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.access.models import AccessAction
from helhet.access.policy import AccessDecision, may_register_persons, person_access
from helhet.access.services import access_log_write
from helhet.core.calendar import local_today
from helhet.core.history import history_record_create, history_record_update, history_values
from helhet.core.locking import save_versioned
from helhet.core.models import Municipality, User
from helhet.organisation.models import ServiceArea
from helhet.people import national_id
from helhet.people.models import (
    ParentInformationGround,
    ParentInformationLimit,
    Person,
    PowerOfAttorneyScope,
    Relative,
    Representation,
    WrittenForm,
    Zone,
)

PERSON_FIELDS = (
    "national_id",
    "first_name",
    "middle_name",
    "last_name",
    "street_address",
    "postal_code",
    "postal_place",
    "zone",
    "phone",
    "email",
    "reserved_against_digital_contact",
    "written_form",
)
RELATIVE_FIELDS = (
    "name",
    "relation",
    "phone",
    "email",
    "is_next_of_kin",
    "representation",
    "national_id",
    "scope",
    "mandate",
    "valid_from",
    "valid_to",
)
# How far ahead a representation's dates may lie: a fullmakt or vergemål is registered when it is known,
# and an end date decades away is a typing error (year 9999), not a plan.
REPRESENTATION_START_AHEAD_DAYS = 366
REPRESENTATION_END_AHEAD_YEARS = 30
EARLIEST_REPRESENTATION = datetime.date(1900, 1, 1)


def _clean_text(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value.strip() if isinstance(value, str) else value for key, value in values.items()}


def _check_zone(zone: Zone | None, municipality_id: int) -> None:
    if zone is not None and zone.municipality_id != municipality_id:
        raise ValidationError({"zone": _("Sonen hører ikke til kommunen.")})


def _validate_person(person: Person) -> None:
    try:
        person.derive_from_national_id()
    except ValidationError as error:
        raise ValidationError({"national_id": error.messages}) from None
    person.full_clean(exclude=["first_name_key", "last_name_key"], validate_constraints=False)
    duplicate = Person.objects.filter(municipality_id=person.municipality_id, national_id=person.national_id)
    if duplicate.exclude(pk=person.pk).exists():
        raise ValidationError(
            {"national_id": _("Det finnes allerede en person med dette fødselsnummeret i kommunen.")}
        )


@transaction.atomic
def person_register(
    *, acting_user: User, municipality: Municipality, channel: str = "web", **fields: Any
) -> Person:
    """Register a new person in `municipality` (the acting user's own)."""
    if not may_register_persons(acting_user) or acting_user.municipality_id != municipality.pk:
        raise PermissionDenied(_("Du kan bare registrere personer i din egen kommune."))
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    fields = _clean_text(fields)
    _check_zone(fields.get("zone"), municipality.pk)
    person = Person(municipality=municipality, **fields)
    _validate_person(person)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        raise ValidationError(
            {"national_id": _("Det finnes allerede en person med dette fødselsnummeret i kommunen.")}
        ) from None
    history_record_create(person, actor=acting_user, fields=PERSON_FIELDS)
    access_log_write(
        user=acting_user,
        person=person,
        action=AccessAction.CREATE,
        what=_("Registrerte personen"),
        reason=_("Ny person i personregisteret"),
        channel=channel,
    )
    return person


@transaction.atomic
def person_update(
    *, acting_user: User, person: Person, expected_version: int, channel: str = "web", **changes: Any
) -> Person:
    """Correct a person's details; refused if someone else saved since `expected_version`."""
    decision = person_access(acting_user, person)
    if not decision or not may_register_persons(acting_user):
        raise PermissionDenied(_("Du har ikke tilgang til å endre denne personen."))
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    changes = _clean_text(changes)
    _check_zone(changes.get("zone"), person.municipality_id)
    for name, value in changes.items():
        setattr(person, name, value)
    _validate_person(person)
    try:
        with transaction.atomic():
            save_versioned(
                person,
                expected_version=expected_version,
                fields=[*changes, "id_kind", "birth_date", "sex", "first_name_key", "last_name_key"],
                actor=acting_user,
                history_fields=list(changes),
            )
    except IntegrityError:
        raise ValidationError(
            {"national_id": _("Det finnes allerede en person med dette fødselsnummeret i kommunen.")}
        ) from None
    access_log_write(
        user=acting_user,
        person=person,
        action=AccessAction.UPDATE,
        what=_("Endret personalia: %(fields)s") % {"fields": ", ".join(sorted(changes))},
        reason=decision.reason,
        channel=channel,
    )
    return person


@transaction.atomic
def person_written_form_set(*, person: Person, written_form: str, actor: User, reason: str) -> Person:
    """The person's målform as they, or someone acting for them, chose it on Min side: letters from then on
    are written in it. Written to the change history with who chose it (`reason`); the caller has checked
    that `actor` may act for the person."""
    if written_form not in WrittenForm.values:
        raise ValidationError({"written_form": _("Velg bokmål eller nynorsk.")})
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.written_form != written_form:
        current.written_form = written_form
        save_versioned(
            current, expected_version=current.version, fields=["written_form"], actor=actor, reason=reason
        )
    return current


def _may_change_relatives(acting_user: User, person: Person) -> AccessDecision:
    decision = person_access(acting_user, person)
    if not decision or not may_register_persons(acting_user):
        raise PermissionDenied(_("Du har ikke tilgang til å endre denne personen."))
    return decision


def _validate_representation(relative: Relative, person: Person, today: datetime.date) -> None:
    """The representation's invariants, with a Norwegian message on the field at fault; normalises the
    representative's number and clears a scope or mandate that does not belong to the kind chosen."""
    errors: dict[str, str] = {}
    if relative.national_id:
        try:
            relative.national_id = national_id.parse(relative.national_id).number
        except ValidationError as error:
            errors["national_id"] = " ".join(error.messages)
        else:
            if relative.national_id == person.national_id:
                errors["national_id"] = _("Representanten kan ikke være personen selv.")
    kind = relative.representation
    if kind != Representation.POWER_OF_ATTORNEY:
        relative.scope = ""
    if kind != Representation.GUARDIANSHIP:
        relative.mandate = ""
    if not kind:
        relative.valid_from = relative.valid_to = None
    if kind == Representation.POWER_OF_ATTORNEY and not relative.scope:
        # The common fullmakt «til å søke og følge opp»: never health documents unless it says so.
        relative.scope = PowerOfAttorneyScope.CASES
    if kind == Representation.PARENTAL_RESPONSIBILITY and person.age_on(today) >= 18:
        errors["representation"] = _(
            "Foreldreansvar gjelder bare barn under 18 år. Registrer fullmakt eller verge."
        )
    start, end = relative.valid_from, relative.valid_to
    latest_start = today + datetime.timedelta(days=REPRESENTATION_START_AHEAD_DAYS)
    latest_end = today.replace(year=today.year + REPRESENTATION_END_AHEAD_YEARS)
    if start is not None and not EARLIEST_REPRESENTATION <= start <= latest_start:
        errors["valid_from"] = _("Velg en startdato mellom 01.01.1900 og ett år fram i tid.")
    if end is not None and not EARLIEST_REPRESENTATION <= end <= latest_end:
        errors["valid_to"] = _("Velg en sluttdato innen %(years)d år fra i dag.") % {
            "years": REPRESENTATION_END_AHEAD_YEARS
        }
    elif start is not None and end is not None and end < start:
        errors["valid_to"] = _("Sluttdatoen kan ikke være før startdatoen.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def relative_add(*, acting_user: User, person: Person, channel: str = "web", **fields: Any) -> Relative:
    """Add a relative (pårørende), possibly the person's representative (fullmakt, verge or foreldreansvar)
    with the representative's fødselsnummer, the fullmakt's scope or the verge's mandate and its period."""
    decision = _may_change_relatives(acting_user, person)
    unknown = set(fields) - set(RELATIVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown relative fields: {sorted(unknown)}")
    relative = Relative(person=person, **_clean_text(fields))
    _validate_representation(relative, person, local_today())
    relative.full_clean()
    relative.save()
    history_record_create(relative, actor=acting_user, fields=RELATIVE_FIELDS, scope=person)
    access_log_write(
        user=acting_user,
        person=person,
        action=AccessAction.UPDATE,
        what=_("La til pårørende"),
        reason=decision.reason,
        channel=channel,
    )
    return relative


@transaction.atomic
def relative_update(
    *, acting_user: User, relative: Relative, expected_version: int, channel: str = "web", **changes: Any
) -> Relative:
    """Change a relative and their representation (scope, mandate, period, fødselsnummer); takes effect on Min
    side at once. Refused if someone else saved since `expected_version`."""
    person = relative.person
    decision = _may_change_relatives(acting_user, person)
    unknown = set(changes) - set(RELATIVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown relative fields: {sorted(unknown)}")
    relative = Relative.objects.select_for_update().get(pk=relative.pk)
    for name, value in _clean_text(changes).items():
        setattr(relative, name, value)
    _validate_representation(relative, person, local_today())
    relative.full_clean()
    save_versioned(
        relative,
        expected_version=expected_version,
        fields=list(RELATIVE_FIELDS),
        actor=acting_user,
        history_fields=list(RELATIVE_FIELDS),
        scope=person,
    )
    access_log_write(
        user=acting_user,
        person=person,
        action=AccessAction.UPDATE,
        what=_("Endret pårørende og representasjon"),
        reason=decision.reason,
        channel=channel,
    )
    return relative


@transaction.atomic
def relative_representation_end(*, acting_user: User, relative: Relative, channel: str = "web") -> Relative:
    """End the representation today (a fullmakt revoked, a vergemål ended by Statsforvalteren): from this
    moment the representative can no longer act for the person on Min side. Ending twice changes nothing."""
    person = relative.person
    decision = _may_change_relatives(acting_user, person)
    relative = Relative.objects.select_for_update().get(pk=relative.pk)
    if not relative.representation:
        raise ValidationError({"representation": _("Den pårørende er ikke registrert som representant.")})
    if relative.ended_on is not None:
        return relative
    before = history_values(relative, ["ended_on"])
    relative.ended_on = local_today()
    relative.save(update_fields=["ended_on", "updated_at"])
    history_record_update(relative, before=before, actor=acting_user, scope=person)
    access_log_write(
        user=acting_user,
        person=person,
        action=AccessAction.UPDATE,
        what=_("Avsluttet representasjon for pårørende"),
        reason=decision.reason,
        channel=channel,
    )
    return relative


LIMIT_FIELDS = ("ground", "about", "service_area", "reason")


@transaction.atomic
def parent_information_limit_record(
    *,
    acting_user: User,
    person: Person,
    ground: str,
    reason: str,
    about: str = "",
    service_area: str = "",
    channel: str = "web",
) -> ParentInformationLimit:
    """Record that the child's parents shall be told only what parental responsibility needs (pbrl § 3-4
    second or third ledd); Min side respects it from this request on: the parents no longer see the cases
    of `service_area` (all the child's cases when it is empty), nor documents, plan, messages or the log."""
    decision = _may_change_relatives(acting_user, person)
    today = local_today()
    age = person.age_on(today)
    reason, about = reason.strip(), about.strip()
    if ground not in ParentInformationGround.values:
        raise ValidationError({"ground": _("Velg grunnlaget.")})
    if age >= 16:
        raise ValidationError(
            {"ground": _("Fra 16 år får foreldrene bare det som trengs for foreldreansvaret uansett.")}
        )
    if ground == ParentInformationGround.CHILD_WISH and age < 12:
        raise ValidationError(
            {"ground": _("Barnets eget ønske gjelder fra 12 år. For yngre barn: velg tungtveiende hensyn.")}
        )
    if not reason:
        raise ValidationError({"reason": _("Skriv hvorfor foreldrene ikke skal få vite.")})
    if service_area not in ("", *ServiceArea.values):
        raise ValidationError({"service_area": _("Velg et tjenesteområde, eller ingen for alle sakene.")})
    existing = (
        ParentInformationLimit.objects.active()
        .filter(person=person, ground=ground, about=about, service_area=service_area)
        .first()
    )
    if existing is not None:  # a double submit
        return existing
    limit = ParentInformationLimit(
        person=person,
        ground=ground,
        reason=reason,
        about=about,
        service_area=service_area,
        recorded_by=acting_user,
    )
    limit.full_clean()
    limit.save()
    history_record_create(limit, actor=acting_user, fields=LIMIT_FIELDS, scope=person)
    access_log_write(
        user=acting_user,
        person=person,
        action=AccessAction.UPDATE,
        what=_("Registrerte begrenset foreldreinnsyn"),
        reason=decision.reason,
        channel=channel,
    )
    return limit


@transaction.atomic
def parent_information_limit_withdraw(
    *, acting_user: User, limit: ParentInformationLimit, channel: str = "web"
) -> ParentInformationLimit:
    """Lift a recorded limit (the child has changed their mind, or the reason no longer holds)."""
    person = limit.person
    decision = _may_change_relatives(acting_user, person)
    limit = ParentInformationLimit.objects.select_for_update().get(pk=limit.pk)
    if limit.withdrawn_at is not None:
        return limit
    before = history_values(limit, ["withdrawn_at", "withdrawn_by"])
    limit.withdrawn_at, limit.withdrawn_by = timezone.now(), acting_user
    limit.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    history_record_update(limit, before=before, actor=acting_user, scope=person)
    access_log_write(
        user=acting_user,
        person=person,
        action=AccessAction.UPDATE,
        what=_("Opphevet begrenset foreldreinnsyn"),
        reason=decision.reason,
        channel=channel,
    )
    return limit
