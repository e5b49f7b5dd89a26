"""User administration by the municipality's administrator: create and deactivate staff users, give and end
roles and engagements over time, reset the second factor.

Every service takes the acting admin and a required reason, runs in one transaction and writes an
AccountEvent (kontohendelse) in it. Only an active admin of the user's own municipality may act.
Roles stay Django groups (roles.roles_of reads them); a RoleGrant says who holds a role when, and the
group follows the grants that cover today (here, at once, and daily by `helhet apply-role-grants`).
A role a user holds only as a group, from before grants were kept, is left alone until it is ended here.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from helhet.access import roles
from helhet.access.mfa import mfa_reset
from helhet.access.models import AccountEventKind, RoleGrant
from helhet.access.services import account_event_write, api_tokens_revoke_all
from helhet.core.calendar import local_today
from helhet.core.models import User
from helhet.organisation import services as organisation
from helhet.organisation.models import Engagement, Staff, Unit

EARLIEST_DAY = datetime.date(1900, 1, 1)
LATEST_DAY = datetime.date(2100, 12, 31)
ONE_DAY = datetime.timedelta(days=1)


# --- rules shared by the services ---------------------------------------------------------------


def is_admin_for(actor: User, user: User) -> bool:
    return (
        actor is not None
        and actor.is_active
        and actor.municipality_id is not None
        and actor.municipality_id == getattr(user, "municipality_id", None)
        and roles.ADMIN in roles.roles_of(actor)
    )


def _require_admin(actor: User, user: User) -> None:
    if not is_admin_for(actor, user):
        raise PermissionDenied(_("Bare kommunens administrator kan endre brukere i kommunen."))


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv en begrunnelse for endringen.")})
    if len(reason) > 200:
        raise ValidationError({"reason": _("Begrunnelsen kan være høyst 200 tegn.")})
    return reason


def check_day(day: datetime.date | None, field: str) -> None:
    if day is not None and not (EARLIEST_DAY <= day <= LATEST_DAY):
        raise ValidationError({field: _("Datoen må ligge mellom 1900 og 2100.")})


def check_period(valid_from: datetime.date, valid_to: datetime.date | None) -> None:
    """A period's days lie between 1900 and 2100, and it does not end before it starts."""
    if valid_from is None:
        raise ValidationError({"valid_from": _("Oppgi fra hvilken dag det gjelder.")})
    check_day(valid_from, "valid_from")
    check_day(valid_to, "valid_to")
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": _("Sluttdatoen kan ikke være før startdatoen.")})


def _day(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def password_setup_path(user: User) -> str:
    """The one-time link (path) where the user sets their own password. It works once: setting the password
    changes what the token is made from. It expires after PASSWORD_RESET_TIMEOUT (3 days by default)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse(
        "accounts:password_setup", kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)}
    )


# --- users ---------------------------------------------------------------------------------------


@transaction.atomic
def user_create(
    *,
    actor: User,
    reason: str,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    staff: Staff | None = None,
    initial_roles: tuple[str, ...] | list[str] = (),
) -> User:
    """Create a staff user in the actor's municipality, linked to `staff` or to a new staff record.

    The user has no password: the admin hands over the one-time link (password_setup_path), so no one but
    the user ever knows the password. Roles in `initial_roles` are given from today.
    """
    municipality = actor.municipality if actor is not None else None
    _require_admin(actor, actor)
    assert municipality is not None  # an admin belongs to a municipality (_require_admin)
    reason = _require_reason(reason)
    username = (username or "").strip()
    first_name, last_name, email = (
        (first_name or "").strip(),
        (last_name or "").strip(),
        (email or "").strip(),
    )
    errors: dict[str, str] = {}
    if not username:
        errors["username"] = _("Skriv et brukernavn.")
    elif len(username) > 150:
        errors["username"] = _("Brukernavnet kan være høyst 150 tegn.")
    else:
        try:
            User.username_validator(username)
        except ValidationError:
            errors["username"] = _("Brukernavnet kan bare ha bokstaver, sifre og tegnene @ . + - _.")
        else:
            if User.objects.filter(username__iexact=username).exists():
                errors["username"] = _("Brukernavnet «%(username)s» er allerede i bruk.") % {
                    "username": username
                }
    if not first_name:
        errors["first_name"] = _("Skriv fornavnet.")
    if not last_name:
        errors["last_name"] = _("Skriv etternavnet.")
    if len(first_name) > 100 or len(last_name) > 100:
        errors.setdefault("last_name", _("Navnet kan være høyst 100 tegn."))
    if not email:
        errors["email"] = _("Skriv e-postadressen.")
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Skriv en gyldig e-postadresse.")
    if staff is not None:
        if staff.municipality_id != municipality.pk:
            errors["staff"] = _("Den ansatte hører til en annen kommune.")
        elif staff.user_id is not None:
            errors["staff"] = _("Den ansatte har allerede en bruker.")
    unknown = [role for role in initial_roles if role not in roles.ALL]
    if unknown:
        errors["roles"] = _("Ukjent rolle.")
    if errors:
        raise ValidationError(errors)

    user = User(
        username=username, first_name=first_name, last_name=last_name, email=email, municipality=municipality
    )
    user.set_unusable_password()
    user.save()
    if staff is None:
        staff = organisation.staff_create(
            municipality=municipality, first_name=first_name, last_name=last_name, user=user, actor=actor
        )
    else:
        organisation.staff_user_link(staff=staff, user=user, actor=actor)
    account_event_write(
        user=user,
        actor=actor,
        kind=AccountEventKind.USER_CREATED,
        reason=reason,
        detail=_("Brukernavn %(username)s, ansatt %(staff)s") % {"username": username, "staff": staff},
    )
    today = local_today()
    for role in dict.fromkeys(initial_roles):
        role_grant_give(user=user, role=role, actor=actor, reason=reason, valid_from=today)
    return user


@transaction.atomic
def user_password_link(*, user: User, actor: User, reason: str) -> str:
    """Make a new one-time link for the user to set their password; the old password stops working."""
    _require_admin(actor, user)
    reason = _require_reason(reason)
    if not user.is_active:
        raise ValidationError({"__all__": _("Brukeren er deaktivert. Aktiver brukeren først.")})
    user.set_unusable_password()
    user.save(update_fields=["password"])
    account_event_write(user=user, actor=actor, kind=AccountEventKind.PASSWORD_LINK, reason=reason)
    return password_setup_path(user)


@transaction.atomic
def user_deactivate(*, user: User, actor: User, reason: str) -> User:
    """The user can no longer log in, is logged out everywhere, and all their API tokens die for good."""
    _require_admin(actor, user)
    reason = _require_reason(reason)
    if user.pk == actor.pk:
        raise ValidationError({"__all__": _("Du kan ikke deaktivere deg selv.")})
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise ValidationError({"__all__": _("Brukeren er allerede deaktivert.")})
    user.is_active = False
    # A new password hash invalidates every session the user has (Django checks the session's hash).
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    revoked = api_tokens_revoke_all(user=user, actor=actor)
    account_event_write(
        user=user,
        actor=actor,
        kind=AccountEventKind.DEACTIVATED,
        reason=reason,
        detail=_("%(count)s API-nøkler trukket tilbake") % {"count": revoked},
    )
    return user


@transaction.atomic
def user_reactivate(*, user: User, actor: User, reason: str) -> str:
    """Let the user log in again; they set a new password by the one-time link returned. Their old API
    tokens stay revoked."""
    _require_admin(actor, user)
    reason = _require_reason(reason)
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        raise ValidationError({"__all__": _("Brukeren er allerede aktiv.")})
    user.is_active = True
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    account_event_write(user=user, actor=actor, kind=AccountEventKind.REACTIVATED, reason=reason)
    return password_setup_path(user)


# --- roles over time -----------------------------------------------------------------------------


def _sync_role(user: User, role: str, day: datetime.date) -> bool | None:
    """Make the user's group for `role` follow the grants covering `day`. True added, False removed,
    None unchanged (also when the user has no grants for the role: a role from before grants is kept)."""
    grants = RoleGrant.objects.filter(user=user, role=role)
    if not grants.exists():
        return None
    wanted = grants.in_force_on(day).exists()
    group, _created = Group.objects.get_or_create(name=role)
    held = user.groups.filter(pk=group.pk).exists()
    user.__dict__.pop("_helhet_roles", None)
    if wanted and not held:
        user.groups.add(group)
        return True
    if held and not wanted:
        user.groups.remove(group)
        return False
    return None


def _other_active_admin_exists(actor: User) -> bool:
    assert actor.municipality_id is not None  # only asked for an admin, who belongs to a municipality
    return (
        User.objects.filter(municipality_id=actor.municipality_id, is_active=True, groups__name=roles.ADMIN)
        .exclude(pk=actor.pk)
        .exists()
    )


@transaction.atomic
def role_grant_give(
    *,
    user: User,
    role: str,
    actor: User,
    reason: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
) -> RoleGrant:
    """Give `role` to the user from `valid_from` to `valid_to` (last day, open if None)."""
    _require_admin(actor, user)
    reason = _require_reason(reason)
    if role not in roles.ALL:
        raise ValidationError({"role": _("Ukjent rolle.")})
    check_period(valid_from, valid_to)
    if (
        role == roles.ADMIN
        and user.pk == actor.pk
        and valid_to is not None
        and not _other_active_admin_exists(actor)
    ):
        raise ValidationError(
            {
                "valid_to": _(
                    "Du er kommunens eneste administrator og kan ikke gi deg selv en administratorrolle som slutter."
                )
            }
        )
    overlapping = RoleGrant.objects.filter(user=user, role=role, withdrawn=False).exclude(
        valid_to__lt=valid_from
    )
    if valid_to is not None:
        overlapping = overlapping.filter(valid_from__lte=valid_to)
    if overlapping.exists():
        raise ValidationError(
            {
                "valid_from": _("Brukeren har allerede rollen %(role)s i denne perioden.")
                % {"role": roles.LABELS[role]}
            }
        )
    assert user.municipality_id is not None  # the admin's own municipality (_require_admin)
    grant = RoleGrant.objects.create(
        municipality_id=user.municipality_id,
        user=user,
        role=role,
        valid_from=valid_from,
        valid_to=valid_to,
        reason=reason,
        granted_by=actor,
    )
    _sync_role(user, role, local_today())
    account_event_write(
        user=user,
        actor=actor,
        kind=AccountEventKind.ROLE_GRANTED,
        reason=reason,
        detail=_("%(role)s fra %(start)s%(end)s")
        % {
            "role": roles.LABELS[role],
            "start": _day(valid_from),
            "end": _(" til og med %(day)s") % {"day": _day(valid_to)} if valid_to else "",
        },
    )
    return grant


@transaction.atomic
def role_grant_end(*, grant: RoleGrant, actor: User, reason: str, valid_to: datetime.date) -> RoleGrant:
    """End the grant: `valid_to` is the last day with the role (yesterday takes it away at once). A grant
    ended before it began is withdrawn and never takes effect."""
    grant = RoleGrant.objects.select_for_update().select_related("user").get(pk=grant.pk)
    user = grant.user
    _require_admin(actor, user)
    reason = _require_reason(reason)
    check_day(valid_to, "valid_to")
    if grant.withdrawn:
        raise ValidationError({"__all__": _("Rolletildelingen er allerede trukket tilbake.")})
    if grant.valid_to is not None and grant.valid_to <= valid_to:
        raise ValidationError(
            {"valid_to": _("Rollen slutter allerede %(day)s.") % {"day": _day(grant.valid_to)}}
        )
    if grant.role == roles.ADMIN and user.pk == actor.pk and not _other_active_admin_exists(actor):
        raise ValidationError(
            {
                "__all__": _(
                    "Du er kommunens eneste administrator og kan ikke avslutte din egen administratorrolle."
                )
            }
        )
    if valid_to < grant.valid_from:
        grant.withdrawn = True
        detail = _("%(role)s trukket tilbake før den trådte i kraft") % {"role": roles.LABELS[grant.role]}
    else:
        grant.valid_to = valid_to
        detail = _("%(role)s til og med %(day)s") % {"role": roles.LABELS[grant.role], "day": _day(valid_to)}
    grant.ended_by = actor
    grant.end_reason = reason
    grant.save(update_fields=["withdrawn", "valid_to", "ended_by", "end_reason"])
    _sync_role(user, grant.role, local_today())
    account_event_write(
        user=user, actor=actor, kind=AccountEventKind.ROLE_ENDED, reason=reason, detail=detail
    )
    return grant


@transaction.atomic
def role_end(*, user: User, role: str, actor: User, reason: str, valid_to: datetime.date) -> list[RoleGrant]:
    """End the user's `role` on `valid_to` (last day), whatever grants it comes from. A role held from before
    grants were kept gets a grant recorded from the day the user was created, which is then ended."""
    _require_admin(actor, user)
    _require_reason(reason)
    if role not in roles.ALL:
        raise ValidationError({"role": _("Ukjent rolle.")})
    check_day(valid_to, "valid_to")
    open_grants = list(
        RoleGrant.objects.filter(user=user, role=role, withdrawn=False).exclude(valid_to__lte=valid_to)
    )
    if not open_grants:
        if not user.groups.filter(name=role).exists():
            raise ValidationError(
                {"role": _("Brukeren har ikke rollen %(role)s.") % {"role": roles.LABELS[role]}}
            )
        assert user.municipality_id is not None  # the admin's own municipality (_require_admin)
        joined = datetime.datetime.fromtimestamp(user.date_joined.timestamp(), tz=datetime.UTC).date()
        open_grants = [
            RoleGrant.objects.create(
                municipality_id=user.municipality_id,
                user=user,
                role=role,
                valid_from=min(max(joined, EARLIEST_DAY), valid_to + ONE_DAY),
                reason=_("Rollen var gitt før rolletildelinger ble ført"),
            )
        ]
    return [
        role_grant_end(grant=grant, actor=actor, reason=reason, valid_to=valid_to) for grant in open_grants
    ]


@transaction.atomic
def role_grants_apply(*, on: datetime.date | None = None) -> list[tuple[User, str, bool]]:
    """Bring every granted role's group in step with the grants covering `on` (today): starts and ends that
    fall due. Idempotent: a second run changes nothing. Returns (user, role, added) for each change."""
    day = on or local_today()
    pairs = set(RoleGrant.objects.values_list("user_id", "role").distinct())
    wanted = set(RoleGrant.objects.in_force_on(day).values_list("user_id", "role").distinct())
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in {role for _user, role in pairs}}
    Membership = User.groups.through
    held = set(
        Membership.objects.filter(
            group__name__in=list(groups), user_id__in={user for user, _role in pairs}
        ).values_list("user_id", "group__name")
    )
    to_add = (pairs & wanted) - held
    to_remove = (pairs & held) - wanted
    Membership.objects.bulk_create([Membership(user_id=u, group_id=groups[r].pk) for u, r in to_add])
    for user_id, role in to_remove:
        Membership.objects.filter(user_id=user_id, group_id=groups[role].pk).delete()
    users = User.objects.in_bulk({user for user, _role in to_add | to_remove})
    changes: list[tuple[User, str, bool]] = []
    for user_id, role in sorted(to_add | to_remove):
        added = (user_id, role) in to_add
        account_event_write(
            user=users[user_id],
            actor=None,
            kind=AccountEventKind.ROLE_APPLIED,
            reason=_("Daglig kjøring av rolletildelinger"),
            detail=(_("%(role)s gitt fra %(day)s") if added else _("%(role)s tatt bort fra %(day)s"))
            % {"role": roles.LABELS[role], "day": _day(day)},
        )
        changes.append((users[user_id], role, added))
    return changes


# --- engagements ---------------------------------------------------------------------------------


def _staff_of(user: User, *, actor: User | None) -> Staff:
    try:
        return user.staff
    except Staff.DoesNotExist:
        assert user.municipality is not None  # a user the admin manages belongs to a municipality
        return organisation.staff_create(
            municipality=user.municipality,
            first_name=user.first_name or user.username,
            last_name=user.last_name or user.username,
            user=user,
            actor=actor,
        )


@transaction.atomic
def user_engagement_add(
    *,
    user: User,
    actor: User,
    reason: str,
    unit: Unit,
    fte: Decimal | float | str,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    role: str = "",
) -> Engagement:
    """Engage the user in `unit` for the period (the organisation's rules on FTE hold)."""
    _require_admin(actor, user)
    reason = _require_reason(reason)
    check_period(valid_from, valid_to)
    if unit.municipality_id != user.municipality_id:
        raise ValidationError({"unit": _("Enheten hører til en annen kommune.")})
    engagement = organisation.engagement_add(
        staff=_staff_of(user, actor=actor),
        unit=unit,
        fte=fte,
        valid_from=valid_from,
        valid_to=valid_to,
        role=role,
        actor=actor,
    )
    account_event_write(
        user=user,
        actor=actor,
        kind=AccountEventKind.ENGAGEMENT_ADDED,
        reason=reason,
        detail=_("%(unit)s, %(fte)s stilling, fra %(start)s%(end)s")
        % {
            "unit": unit.name,
            "fte": f"{engagement.fte:.2f}".replace(".", ","),
            "start": _day(valid_from),
            "end": _(" til og med %(day)s") % {"day": _day(valid_to)} if valid_to else "",
        },
    )
    return engagement


@transaction.atomic
def user_engagement_end(
    *, engagement: Engagement, actor: User, reason: str, valid_to: datetime.date
) -> Engagement:
    """End the engagement on `valid_to` (its last day); ended before it began, it is removed."""
    engagement = Engagement.objects.select_related("staff__user", "unit").get(pk=engagement.pk)
    user = engagement.staff.user
    if user is None:
        raise PermissionDenied(_("Arbeidsforholdet hører ikke til en bruker."))
    _require_admin(actor, user)
    reason = _require_reason(reason)
    check_day(valid_to, "valid_to")
    organisation.engagement_end(engagement=engagement, valid_to=valid_to, actor=actor)
    account_event_write(
        user=user,
        actor=actor,
        kind=AccountEventKind.ENGAGEMENT_ENDED,
        reason=reason,
        detail=_("%(unit)s til og med %(day)s") % {"unit": engagement.unit.name, "day": _day(valid_to)},
    )
    return engagement


# --- second factor -------------------------------------------------------------------------------


@transaction.atomic
def user_second_factor_reset(*, user: User, actor: User, reason: str) -> int:
    """Remove the user's second-factor devices (TOTP and any other django-otp device), so they set up a new
    one at their next login. An admin cannot reset their own: another admin must. Returns how many."""
    _require_admin(actor, user)
    reason = _require_reason(reason)
    if user.pk == actor.pk:
        raise ValidationError(
            {"__all__": _("Du kan ikke nullstille din egen andre faktor. Be en annen administrator.")}
        )
    removed = mfa_reset(user=user, actor=actor, reason=reason)
    account_event_write(
        user=user,
        actor=actor,
        kind=AccountEventKind.SECOND_FACTOR_RESET,
        reason=reason,
        detail=_("%(count)s enheter fjernet") % {"count": removed},
    )
    return removed
