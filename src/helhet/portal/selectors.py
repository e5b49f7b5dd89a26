"""Reads for the public face: the municipality's profile, which every page's footer shows (one query)."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import OuterRef, Subquery

from helhet.catalogue.models import ServiceOffice
from helhet.core.calendar import local_today
from helhet.core.models import Municipality
from helhet.organisation.models import ServiceArea
from helhet.portal import statements
from helhet.portal.models import PublicProfile


@dataclass(frozen=True)
class Face:
    """What the footer and header show of a municipality."""

    number: str
    name: str
    contact_name: str
    phone: str
    email: str
    address_line: str
    opening_hours: str
    website: str
    has_crest: bool
    crest_version: int


def face_of(municipality: Municipality | int) -> Face:
    """The face of a municipality, given it or only its id (a staff user's, so the page need not read it)."""
    pk = municipality if isinstance(municipality, int) else municipality.pk
    # One query: the profile's contact, and the service office's as the fallback until the profile has one.
    office = ServiceOffice.objects.filter(municipality=OuterRef("pk"), service_area=ServiceArea.HEALTH_CARE)
    fields = ("phone", "email", "street_address", "postal_code", "postal_place", "opening_hours")
    row = (
        Municipality.objects.filter(pk=pk)
        .values(
            "number",
            "name",
            "public_profile__contact_name",
            "public_profile__website",
            "public_profile__crest_type",
            "public_profile__updated_at",
            *(f"public_profile__{name}" for name in fields),
        )
        .annotate(
            office_name=Subquery(office.values("name")[:1]),
            **{f"office_{name}": Subquery(office.values(name)[:1]) for name in fields},
        )
        .get()
    )
    own = any(row[f"public_profile__{name}"] for name in ("phone", "email", "street_address"))
    prefix = "public_profile__" if own else "office_"
    contact = {name: row[f"{prefix}{name}"] or "" for name in fields}
    place = " ".join(p for p in (contact["postal_code"], contact["postal_place"]) if p)
    updated = row["public_profile__updated_at"]
    face = Face(
        number=row["number"],
        name=row["name"],
        contact_name=(row["public_profile__contact_name"] if own else row["office_name"]) or "",
        phone=contact["phone"],
        email=contact["email"],
        address_line=", ".join(p for p in (contact["street_address"], place) if p),
        opening_hours=contact["opening_hours"],
        website=row["public_profile__website"] or "",
        has_crest=bool(row["public_profile__crest_type"]),
        crest_version=int(updated.timestamp()) if updated else 0,
    )
    return face


def profile_of(municipality: Municipality) -> PublicProfile | None:
    return PublicProfile.objects.filter(municipality=municipality).first()


def public_municipality() -> Municipality | None:
    """The municipality a logged-out visitor sees: the configured one, or the only one there is."""
    number = settings.HELHET_PUBLIC_MUNICIPALITY
    if number:
        return Municipality.objects.filter(number=number).first()
    found = list(Municipality.objects.order_by("number")[:2])
    return found[0] if len(found) == 1 else None


def privacy_text(municipality: Municipality) -> str:
    profile = profile_of(municipality)
    if profile is not None and profile.privacy_statement.strip():
        return profile.privacy_statement
    return statements.default_privacy_statement(municipality, profile)


def accessibility_text(municipality: Municipality) -> str:
    profile = profile_of(municipality)
    if profile is not None and profile.accessibility_statement.strip():
        return profile.accessibility_statement
    return statements.default_accessibility_statement(municipality, profile, local_today())


def unreviewed(municipality: Municipality) -> dict[str, bool]:
    """Which statements still show the default text the municipality has not reviewed (saved as its own)."""
    profile = profile_of(municipality)
    return {
        name: profile is None or not getattr(profile, name).strip()
        for name in ("privacy_statement", "accessibility_statement")
    }
