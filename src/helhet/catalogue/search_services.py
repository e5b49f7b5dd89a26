"""Write use cases for the citizens' search: the municipality's everyday words and its offices."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from helhet.access import roles
from helhet.catalogue import search_defaults
from helhet.catalogue.models import SearchTerm, Service, ServiceOffice
from helhet.catalogue.search import normalise
from helhet.core.history import (
    history_record_create,
    history_record_delete,
    history_record_update,
    history_record_values,
    history_values,
)
from helhet.core.models import Municipality, User
from helhet.organisation.models import ServiceArea

DEFAULT_OFFICE_NAMES = {ServiceArea.HEALTH_CARE: "Tjenestekontoret", ServiceArea.SOCIAL: "NAV-kontoret"}
MAX_WORD = 60


def _admin(user: User, municipality_id: int) -> None:
    if user.municipality_id != municipality_id or roles.ADMIN not in roles.roles_of(user):
        raise PermissionDenied(_("Bare kommunens administratorer kan endre søkeord og kontorer."))


@transaction.atomic
def search_terms_install_defaults(*, municipality: Municipality) -> int:
    """The default everyday words, for the services the municipality has by those names; existing words stay."""
    by_name = {s.name: s for s in Service.objects.filter(municipality=municipality)}
    existing = set(SearchTerm.objects.filter(municipality=municipality).values_list("word", flat=True))
    made = 0
    for word, names in search_defaults.SEARCH_TERMS.items():
        key = normalise(word)
        found = [by_name[n] for n in names if n in by_name]
        if key in existing or not found:
            continue
        term = SearchTerm.objects.create(municipality=municipality, word=key)
        term.services.set(found)
        made += 1
    return made


@transaction.atomic
def service_offices_ensure(*, municipality: Municipality) -> None:
    for area, name in DEFAULT_OFFICE_NAMES.items():
        ServiceOffice.objects.get_or_create(
            municipality=municipality, service_area=area, defaults={"name": name}
        )


def _clean_word(word: str) -> str:
    key = normalise(word)
    if not key:
        raise ValidationError(_("Skriv ordet slik innbyggerne sier det, med bokstaver."))
    if len(key) > MAX_WORD:
        raise ValidationError(_("Ordet kan ha høyst %(n)d tegn.") % {"n": MAX_WORD})
    return key


@transaction.atomic
def search_term_set(
    *, actor: User, municipality: Municipality, word: str, services: list[Service]
) -> SearchTerm:
    """Add a word, or give an existing word these services."""
    _admin(actor, municipality.pk)
    key = _clean_word(word)
    if not services:
        raise ValidationError(_("Velg minst én tjeneste ordet skal føre til."))
    if any(s.municipality_id != municipality.pk for s in services):
        raise ValidationError(_("Tjenesten finnes ikke i kommunen."))
    term, created = SearchTerm.objects.get_or_create(municipality=municipality, word=key)
    before = ", ".join(sorted(s.name for s in term.services.all())) if not created else ""
    term.services.set(services)
    names = ", ".join(sorted(s.name for s in services))
    if created:
        history_record_create(term, actor=actor, fields=["word"])
    history_record_values(term, actor=actor, changes={"services": (before, names)})
    return term


@transaction.atomic
def search_term_delete(*, actor: User, term: SearchTerm) -> None:
    _admin(actor, term.municipality_id)
    history_record_delete(term, actor=actor, fields=["word"])
    term.delete()


OFFICE_FIELDS = ("name", "phone", "email", "street_address", "postal_code", "postal_place", "opening_hours")


@transaction.atomic
def service_office_update(*, actor: User, office: ServiceOffice, values: dict[str, str]) -> ServiceOffice:
    _admin(actor, office.municipality_id)
    before = history_values(office, OFFICE_FIELDS)
    for name in OFFICE_FIELDS:
        if name in values:
            setattr(office, name, values[name].strip())
    if not office.name:
        raise ValidationError(_("Kontoret må ha et navn."))
    office.full_clean()
    office.save()
    history_record_update(office, actor=actor, before=before)
    return office
