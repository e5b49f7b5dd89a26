"""Write use cases for persons and relatives. Each is one transaction and writes its audit row."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from helhet.access.models import AccessAction
from helhet.access.policy import may_register_persons, person_access
from helhet.access.services import access_log_write
from helhet.core.history import history_record_create
from helhet.core.locking import save_versioned
from helhet.core.models import Municipality, User
from helhet.people.models import Person, Relative, Zone

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
)
RELATIVE_FIELDS = ("name", "relation", "phone", "email", "is_next_of_kin", "representation")


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
def relative_add(*, acting_user: User, person: Person, channel: str = "web", **fields: Any) -> Relative:
    """Add a relative (pårørende), possibly the person's representative (fullmakt or verge)."""
    decision = person_access(acting_user, person)
    if not decision or not may_register_persons(acting_user):
        raise PermissionDenied(_("Du har ikke tilgang til å endre denne personen."))
    unknown = set(fields) - set(RELATIVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown relative fields: {sorted(unknown)}")
    relative = Relative(person=person, **_clean_text(fields))
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
