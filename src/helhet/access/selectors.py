"""Reads of the access layer."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.access import roles
from helhet.access.models import AccessLog, AccountEvent, ApiToken, EmergencyAccess, RoleGrant
from helhet.access.policy import may_read_whole_access_log
from helhet.access.records import PersonRecord
from helhet.core.calendar import local_today
from helhet.core.models import Municipality, User
from helhet.organisation.models import Engagement, Leadership


def access_log_for_person(
    person: PersonRecord, *, since: datetime.date | None = None, until: datetime.date | None = None
) -> QuerySet[AccessLog]:
    """The person's access log, newest first, with who read (caller has already authorised); with `since` and
    `until`, only the rows of those days (inclusive, in Norwegian time)."""
    rows = AccessLog.objects.filter(person_id=person.pk)
    if since is not None:
        rows = rows.filter(at__gte=_start_of(since))
    if until is not None:
        rows = rows.filter(at__lt=_start_of(until + datetime.timedelta(days=1)))
    return rows.select_related("user").order_by("-at", "-pk")


@dataclass(frozen=True)
class AccessLogView:
    """The part of a person's access log one reader sees: `whole`, or only the entries of the staff of the
    reader's units and the reader's own, with `notice` saying so (the page, the CSV and the API show it)."""

    entries: QuerySet[AccessLog]
    whole: bool
    notice: str


def access_log_notice() -> str:
    return _(
        "Du ser bare oppføringene til de ansatte i enhetene dine (slik de er i dag) og dine egne. Hele "
        "loggen gis av kommunens administrator eller personvernombudet, og til personen selv når hen ber om det."
    )


def access_log_for_viewer(
    user: User,
    person: PersonRecord,
    *,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> AccessLogView:
    """The person's access log as `user` may read it (caller has checked may_read_access_log and the person):
    the administrator the whole log; every other reader the entries made by staff engaged in or leading, on
    the day of viewing, a unit the reader works in or leads, and the reader's own. Subqueries, so the number
    of queries does not grow with the units or the staff."""
    entries = access_log_for_person(person, since=since, until=until)
    if may_read_whole_access_log(user):
        return AccessLogView(entries=entries, whole=True, notice="")
    today = local_today()
    own_units = Q(
        unit_id__in=Engagement.objects.valid_on(today).filter(staff__user_id=user.pk).values("unit_id")
    ) | Q(unit_id__in=Leadership.objects.valid_on(today).filter(staff__user_id=user.pk).values("unit_id"))
    colleagues = (
        Q(user_id=user.pk)
        | Q(user_id__in=Engagement.objects.valid_on(today).filter(own_units).values("staff__user_id"))
        | Q(user_id__in=Leadership.objects.valid_on(today).filter(own_units).values("staff__user_id"))
    )
    return AccessLogView(entries=entries.filter(colleagues), whole=False, notice=access_log_notice())


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class AccessLogRow:
    """One line of a person's access log as people read it: when, who (name, unit, role), what and why.
    The chain's sequence number and hash are for the auditor's command, not for this."""

    at: datetime.datetime
    who: str
    unit: str
    role: str
    action: str
    action_label: str
    what: str
    why: str
    channel: str
    emergency: bool


def _units_on(user_ids: set[int], days: set[datetime.date]) -> dict[tuple[int, datetime.date], str]:
    """The unit each user worked in (or led) on each of the days, in one query."""
    if not user_ids or not days:
        return {}
    first, last = min(days), max(days)
    engaged, led = (
        model.objects.filter(staff__user_id__in=user_ids, valid_from__lte=last)
        .exclude(valid_to__lt=first)
        .values_list("staff__user_id", "unit__name", "valid_from", "valid_to")
        for model in (Engagement, Leadership)
    )
    spans = sorted(engaged.union(led, all=True), key=lambda span: (span[2], span[1]))
    found: dict[tuple[int, datetime.date], list[str]] = {}
    for user_id, unit_name, valid_from, valid_to in spans:
        for day in days:
            if valid_from <= day and (valid_to is None or valid_to >= day):
                names = found.setdefault((user_id, day), [])
                if unit_name not in names:
                    names.append(unit_name)
    return {key: ", ".join(names) for key, names in found.items()}


def _role_labels(users: Iterable[User]) -> dict[int, str]:
    held: dict[int, set[str]] = {}
    through = User.groups.through
    for user_id, name in through.objects.filter(
        user_id__in=[u.pk for u in users], group__name__in=roles.ALL
    ).values_list("user_id", "group__name"):
        held.setdefault(user_id, set()).add(name)
    return {
        user_id: ", ".join(str(roles.LABELS[role]) for role in roles.ALL if role in names)
        for user_id, names in held.items()
    }


def access_log_rows(entries: Iterable[AccessLog]) -> list[AccessLogRow]:
    """Access-log rows (with `user` selected) as people read them, with each user's unit on the day and role,
    in a bounded number of queries whatever the number of rows."""
    entries = list(entries)
    users = {entry.user_id: entry.user for entry in entries}
    days = {timezone.localtime(entry.at).date() for entry in entries}
    units = _units_on(set(users), days)
    role_labels = _role_labels(users.values())
    return [
        AccessLogRow(
            at=entry.at,
            who=entry.user.display_name,
            unit=units.get((entry.user_id, timezone.localtime(entry.at).date()), ""),
            role=role_labels.get(entry.user_id, ""),
            action=entry.action,
            action_label=entry.action_label,
            what=entry.what,
            why=entry.reason,
            channel=entry.channel,
            emergency=entry.is_emergency,
        )
        for entry in entries
    ]


def persons_access_log_for_citizen(person: PersonRecord, *, limit: int = 500) -> list[AccessLogRow]:
    """The person's own view of their access log (for the citizen portal): newest first, who read or changed
    their data (name, unit on the day, role), what, why, emergency accesses marked. Nothing of the chain."""
    return access_log_rows(access_log_for_person(person)[:limit])


def emergency_accesses_to_review(user: User) -> list[EmergencyAccess]:
    """Nødtilganger til gjennomgang: the unreviewed emergency accesses of the users whose units (or units
    above them) `user` leads today; an administrator sees the municipality's all. Oldest first."""
    if user.municipality_id is None or not roles.has_any_role(user, roles.EMERGENCY_REVIEWERS):
        return []
    pending = (
        EmergencyAccess.objects.filter(municipality_id=user.municipality_id, reviewed_at__isnull=True)
        .exclude(user_id=user.pk)
        .select_related("user", "person")
        .order_by("granted_at", "pk")
    )
    if roles.has_any_role(user, (roles.ADMIN,)):
        return list(pending)
    led = set(
        Leadership.objects.valid_on(local_today())
        .filter(staff__user_id=user.pk)
        .values_list("unit_id", flat=True)
    )
    return [emergency for emergency in pending if led & set(emergency.unit_ids)]


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
