"""Reads of the access layer."""

from django.contrib.auth.models import Group
from django.db.models import Prefetch, Q, QuerySet

from helhet.access import roles
from helhet.access.models import AccessLog, AccountEvent, ApiToken, RoleGrant
from helhet.access.records import PersonRecord
from helhet.core.models import Municipality, User
from helhet.organisation.models import Engagement


def access_log_for_person(person: PersonRecord) -> QuerySet[AccessLog]:
    """The person's access log, newest first, with who read (caller has already authorised)."""
    return AccessLog.objects.filter(person_id=person.pk).select_related("user").order_by("-at", "-pk")


# --- user administration and API tokens ------------------------------------------------------------


def staff_users(municipality: Municipality, *, query: str = "", status: str = "") -> QuerySet[User]:
    """The municipality's users for the admin's list: searchable by name and username, active or not;
    roles prefetched so a page costs the same few queries however long the list."""
    users = (
        User.objects.filter(municipality=municipality)
        .prefetch_related(Prefetch("groups", queryset=Group.objects.filter(name__in=roles.ALL).only("name")))
        .order_by("last_name", "first_name", "pk")
    )
    for word in query.split()[:5]:
        users = users.filter(
            Q(username__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word)
        )
    if status == "active":
        users = users.filter(is_active=True)
    elif status == "inactive":
        users = users.filter(is_active=False)
    return users


def role_labels(user: User) -> list[str]:
    """Labels of the roles the user holds now (from prefetched groups where present)."""
    held = {group.name for group in user.groups.all()}
    return [str(roles.LABELS[role]) for role in roles.ALL if role in held]


def account_events_of(user: User, limit: int = 100) -> list[AccountEvent]:
    return list(AccountEvent.objects.filter(user=user).select_related("actor").order_by("-at", "-pk")[:limit])


def role_grants_of(user: User) -> list[RoleGrant]:
    return list(
        RoleGrant.objects.filter(user=user)
        .select_related("granted_by", "ended_by")
        .order_by("role", "-valid_from", "-pk")
    )


def roles_without_grant(user: User) -> list[str]:
    """Roles the user holds as a group with no grant behind them (given before grants were kept)."""
    granted = set(RoleGrant.objects.filter(user=user).values_list("role", flat=True))
    return [role for role in roles.ALL if role in roles.roles_of(user) and role not in granted]


def engagements_of(user: User) -> list[Engagement]:
    return list(
        Engagement.objects.filter(staff__user=user).select_related("unit").order_by("-valid_from", "-pk")
    )


def api_tokens_of(user: User) -> list[ApiToken]:
    return list(
        ApiToken.objects.filter(user=user).select_related("revoked_by").order_by("-created_at", "-pk")
    )


def second_factor_devices_count(user: User) -> int:
    from django_otp import devices_for_user

    return sum(1 for _device in devices_for_user(user, confirmed=None))
