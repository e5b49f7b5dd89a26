"""Write use cases for the public face: the municipality's contact details, statements and crest."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from helhet.access import roles
from helhet.core.calendar import local_today
from helhet.core.history import history_record_update, history_record_values, history_values
from helhet.core.models import Municipality, User
from helhet.portal import statements
from helhet.portal.crest import crest_type_of
from helhet.portal.models import PublicProfile

PROFILE_FIELDS = (
    "contact_name",
    "phone",
    "email",
    "street_address",
    "postal_code",
    "postal_place",
    "opening_hours",
    "website",
    "privacy_officer",
    "uustatus_url",
    "privacy_statement",
    "accessibility_statement",
)


def _admin(user: User, municipality: Municipality) -> None:
    if user.municipality_id != municipality.pk or roles.ADMIN not in roles.roles_of(user):
        raise PermissionDenied(_("Bare kommunens administratorer kan endre kommuneprofilen."))


def _defaults(municipality: Municipality, profile: PublicProfile) -> dict[str, str]:
    return {
        "privacy_statement": statements.default_privacy_statement(municipality, profile),
        "accessibility_statement": statements.default_accessibility_statement(
            municipality, profile, local_today()
        ),
    }


def _same(text: str, default: str) -> bool:
    return " ".join(text.split()) == " ".join(default.split())


def _profile(municipality: Municipality) -> PublicProfile:
    profile, _created = PublicProfile.objects.select_for_update().get_or_create(municipality=municipality)
    return profile


@transaction.atomic
def public_profile_update(
    *, actor: User, municipality: Municipality, values: dict[str, str]
) -> PublicProfile:
    _admin(actor, municipality)
    profile = _profile(municipality)
    before = history_values(profile, PROFILE_FIELDS)
    defaults_before = _defaults(municipality, profile)
    for name in PROFILE_FIELDS:
        if name in values:
            setattr(profile, name, (values[name] or "").strip())
    # The form starts from the default text: saved unchanged, it stays the (unreviewed) default, not the
    # municipality's own statement.
    defaults_after = _defaults(municipality, profile)
    for name in ("privacy_statement", "accessibility_statement"):
        if _same(getattr(profile, name), defaults_before[name]) or _same(
            getattr(profile, name), defaults_after[name]
        ):
            setattr(profile, name, "")
    profile.full_clean(exclude=["crest"])
    profile.save()
    history_record_update(profile, actor=actor, before=before)
    return profile


@transaction.atomic
def crest_set(*, actor: User, municipality: Municipality, data: bytes) -> PublicProfile:
    """A new crest (SVG or PNG, at most 100 kB, nothing active in an SVG); a refusal changes nothing."""
    _admin(actor, municipality)
    kind = crest_type_of(data)
    profile = _profile(municipality)
    old = profile.get_crest_type_display() or ""
    profile.crest, profile.crest_type = data, kind
    profile.save()
    history_record_values(
        profile, actor=actor, changes={"crest": (old, f"{profile.get_crest_type_display()}")}
    )
    return profile


@transaction.atomic
def crest_remove(*, actor: User, municipality: Municipality) -> PublicProfile:
    _admin(actor, municipality)
    profile = _profile(municipality)
    if not profile.crest_type:
        raise ValidationError(_("Kommunen har ikke lastet opp noe kommunevåpen."))
    old = profile.get_crest_type_display()
    profile.crest, profile.crest_type = b"", ""
    profile.save()
    history_record_values(profile, actor=actor, changes={"crest": (old, "")})
    return profile
