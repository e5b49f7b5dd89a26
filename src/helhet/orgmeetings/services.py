"""Writes for the organisation's own meetings. Each is one transaction; a refusal changes nothing.

An action is handed to the responsible member of staff (or unit) through the inbox in the same transaction,
and the item is closed when the action is marked done."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.core.calendar import local_today
from helhet.core.errors import ConflictError
from helhet.core.freetext import refuse_national_id
from helhet.core.history import history_record_create, history_record_update, history_values
from helhet.core.locking import save_versioned
from helhet.core.models import User
from helhet.inbox.models import ItemKind
from helhet.inbox.services import item_close, item_open
from helhet.organisation import rooms
from helhet.organisation.models import BookingPurpose, Room, Staff, Unit
from helhet.organisation.selectors import unit_ids_for_staff
from helhet.orgmeetings import rules
from helhet.orgmeetings.models import Action, AgendaItem, MeetingSeries, Occurrence, SeriesKind
from helhet.orgmeetings.recurrence import local_moment, occurrence_days

APP = "orgmeetings"
SERIES_FIELDS = [
    "name",
    "kind",
    "owner_unit",
    "weekday",
    "starts",
    "duration",
    "every_weeks",
    "starts_on",
    "ends_on",
    "room",
]
# Meetings are made a year ahead; the rest follow as time passes (series_extend).
AHEAD_DAYS = 365
EARLIEST_START = datetime.time(6, 0)
LATEST_START = datetime.time(22, 0)
LATEST_YEARS_AHEAD = 2


def _no_nul(**texts: str) -> None:
    for field, text in texts.items():
        if "\x00" in text:
            raise ValidationError({field: _("Teksten inneholder ugyldige tegn.")})
    refuse_national_id(**texts)


def _series_units(series: MeetingSeries) -> set[int]:
    return {series.owner_unit_id, *(u.pk for u in series.units.all())}


def _check_series(  # noqa: PLR0913  # the series' fields, checked in one place
    *,
    name: str,
    kind: str,
    owner_unit: Unit,
    units: Sequence[Unit],
    weekday: int,
    starts: datetime.time,
    duration: int,
    every_weeks: int,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    room: Room | None,
    today: datetime.date,
) -> None:
    _no_nul(name=name)
    if not name.strip():
        raise ValidationError({"name": _("Gi møteserien et navn.")})
    if kind not in SeriesKind.values:
        raise ValidationError({"kind": _("Velg en type møte fra listen.")})
    if not 0 <= weekday <= 6:
        raise ValidationError({"weekday": _("Velg en ukedag.")})
    if not EARLIEST_START <= starts <= LATEST_START:
        raise ValidationError({"starts": _("Møtet må starte mellom 06:00 og 22:00.")})
    if not 5 <= duration <= 720:
        raise ValidationError({"duration": _("Et møte varer mellom 5 minutter og 12 timer.")})
    if not 1 <= every_weeks <= 52:
        raise ValidationError({"every_weeks": _("Møtet holdes fra hver uke til hver 52. uke.")})
    if starts_on < today:
        raise ValidationError({"starts_on": _("En møteserie kan ikke starte før i dag.")})
    if starts_on > today + datetime.timedelta(days=366 * LATEST_YEARS_AHEAD):
        raise ValidationError({"starts_on": _("En møteserie kan starte høyst to år fram i tid.")})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("Sluttdatoen må være etter startdatoen.")})
    if ends_on is not None and ends_on.year > today.year + 20:
        raise ValidationError({"ends_on": _("Datoen må være mellom 01.01.1900 og 31.12.2100.")})
    municipality_id = owner_unit.municipality_id
    if any(u.municipality_id != municipality_id for u in units):
        raise ValidationError({"units": _("Enhetene må høre til samme kommune.")})
    if room is not None and room.municipality_id != municipality_id:
        raise ValidationError({"room": _("Rommet hører til en annen kommune.")})


def _make_occurrences(series: MeetingSeries, *, first: datetime.date, actor: User) -> list[datetime.date]:
    """Make the series' meetings from `first` to a year ahead (or its end); book its room for each where it is
    free. Returns the days the room was taken."""
    until = local_today() + datetime.timedelta(days=AHEAD_DAYS)
    if series.ends_on is not None:
        until = min(until, series.ends_on)
    existing = set(series.occurrences.values_list("day", flat=True))
    room_taken: list[datetime.date] = []
    for day in occurrence_days(
        starts_on=first, weekday=series.weekday, every_weeks=series.every_weeks, until=until
    ):
        if day in existing:
            continue
        starts_at = local_moment(day, series.starts)
        ends_at = starts_at + datetime.timedelta(minutes=series.duration)
        booking = None
        if series.room is not None and starts_at > timezone.now():
            try:
                booking = rooms.room_book(
                    room=series.room,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    purpose=BookingPurpose.MEETING,
                    for_unit=series.owner_unit,
                    note=series.name[:200],
                    actor=actor,
                )
            except ValidationError:
                room_taken.append(day)
        Occurrence.objects.create(
            series=series,
            municipality_id=series.municipality_id,
            day=day,
            starts_at=starts_at,
            ends_at=ends_at,
            booking=booking,
        )
    return room_taken


@transaction.atomic
def series_create(
    *,
    acting_user: User,
    name: str,
    kind: str,
    owner_unit: Unit,
    units: Sequence[Unit] = (),
    weekday: int,
    starts: datetime.time,
    duration: int = 60,
    every_weeks: int = 1,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    room: Room | None = None,
) -> tuple[MeetingSeries, list[datetime.date]]:
    """Set up a recurring meeting of `owner_unit` with `units`, and make its meetings a year ahead (booking the
    room where it is free). Returns the series and the days its room was already taken."""
    rules.require_unit_editor(acting_user, owner_unit)
    _check_series(
        name=name,
        kind=kind,
        owner_unit=owner_unit,
        units=units,
        weekday=weekday,
        starts=starts,
        duration=duration,
        every_weeks=every_weeks,
        starts_on=starts_on,
        ends_on=ends_on,
        room=room,
        today=local_today(),
    )
    series = MeetingSeries(
        municipality_id=owner_unit.municipality_id,
        name=name.strip(),
        kind=kind,
        owner_unit=owner_unit,
        weekday=weekday,
        starts=starts,
        duration=duration,
        every_weeks=every_weeks,
        starts_on=starts_on,
        ends_on=ends_on,
        room=room,
        created_by=acting_user,
    )
    series.full_clean()
    series.save()
    series.units.set([u for u in units if u.pk != owner_unit.pk])
    history_record_create(series, actor=acting_user, fields=SERIES_FIELDS, scope=owner_unit)
    taken = _make_occurrences(series, first=starts_on, actor=acting_user)
    return series, taken


@transaction.atomic
def series_end(*, acting_user: User, series: MeetingSeries, ends_on: datetime.date) -> MeetingSeries:
    """End the series on `ends_on`: later meetings with nothing written in them go, with their room bookings."""
    rules.require_unit_editor(acting_user, series.owner_unit)
    series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
    today = local_today()
    if ends_on < today or ends_on < series.starts_on:
        raise ValidationError({"ends_on": _("Serien kan ikke avsluttes tilbake i tid.")})
    if ends_on.year > today.year + 20:
        raise ValidationError({"ends_on": _("Datoen må være mellom 01.01.1900 og 31.12.2100.")})
    before = history_values(series, ["ends_on"])
    series.ends_on = ends_on
    series.save(update_fields=["ends_on", "updated_at"])
    history_record_update(series, before=before, actor=acting_user, scope=series.owner_unit)
    later = series.occurrences.filter(day__gt=ends_on, minutes="", agenda__isnull=True, actions__isnull=True)
    for occurrence in later.select_related("booking"):
        if occurrence.booking is not None and occurrence.booking.cancelled_at is None:
            rooms.booking_cancel(booking=occurrence.booking, actor=acting_user)
        occurrence.delete()
    return series


@transaction.atomic
def series_extend(*, today: datetime.date | None = None) -> int:
    """Daily: make each running series' meetings up to a year ahead. Returns how many series got new ones."""
    today = today or local_today()
    extended = 0
    running = MeetingSeries.objects.filter(
        starts_on__lte=today + datetime.timedelta(days=AHEAD_DAYS)
    ).exclude(ends_on__lt=today)
    for series in running.select_related("room", "owner_unit", "created_by"):
        last = series.occurrences.order_by("-day").values_list("day", flat=True).first()
        first = max(series.starts_on, (last or today) + datetime.timedelta(days=1), today)
        before = series.occurrences.count()
        _make_occurrences(series, first=first, actor=series.created_by)
        extended += int(series.occurrences.count() > before)
    return extended


def _require_part(acting_user: User, occurrence: Occurrence) -> None:
    if occurrence.municipality_id != acting_user.municipality_id:
        raise PermissionDenied(_("Møtet hører til en annen kommune."))
    rules.require_part(acting_user, _series_units(occurrence.series))


@transaction.atomic
def agenda_item_add(*, acting_user: User, occurrence: Occurrence, title: str, text: str = "") -> AgendaItem:
    """Put an item on the meeting's agenda, after the ones already there."""
    _require_part(acting_user, occurrence)
    _no_nul(title=title, text=text)
    if occurrence.cancelled:
        raise ValidationError({"title": _("Møtet er avlyst.")})
    Occurrence.objects.select_for_update().filter(pk=occurrence.pk).first()  # one numbering at a time
    last = occurrence.agenda.order_by("-position").values_list("position", flat=True).first() or 0
    item = AgendaItem(
        occurrence=occurrence, position=last + 1, title=title.strip(), text=text.strip(), added_by=acting_user
    )
    if not item.title:
        raise ValidationError({"title": _("Skriv hva saken gjelder.")})
    item.full_clean()
    item.save()
    history_record_create(
        item, actor=acting_user, fields=["position", "title", "text"], scope=occurrence.series
    )
    return item


@transaction.atomic
def minutes_save(
    *, acting_user: User, occurrence: Occurrence, minutes: str, expected_version: int | None
) -> Occurrence:
    """Write the minutes. Another's save in the meantime is refused (ConflictError), never overwritten."""
    _require_part(acting_user, occurrence)
    _no_nul(minutes=minutes)
    if len(minutes) > 20000:
        raise ValidationError({"minutes": _("Referatet kan være høyst 20 000 tegn.")})
    if expected_version is None:
        raise ConflictError()
    occurrence.minutes = minutes.strip()
    occurrence.minutes_by = acting_user
    save_versioned(
        occurrence,
        expected_version=expected_version,
        fields=["minutes", "minutes_by"],
        actor=acting_user,
        scope=occurrence.series,
    )
    return occurrence


def _unit_for(staff: Staff, series: MeetingSeries) -> Unit:
    """The unit an action of `staff` is handed through: one of the series' units they work in, else their own."""
    theirs = unit_ids_for_staff(staff, local_today())
    if not theirs:
        raise ValidationError(
            {"responsible_staff": _("%(name)s jobber ikke i noen enhet i dag.") % {"name": staff}}
        )
    in_series = sorted(theirs & _series_units(series))
    return Unit.objects.get(pk=in_series[0] if in_series else min(theirs))


@transaction.atomic
def action_add(
    *,
    acting_user: User,
    occurrence: Occurrence,
    text: str,
    due_on: datetime.date,
    responsible_staff: Staff | None = None,
    responsible_unit: Unit | None = None,
) -> Action:
    """Record what the meeting agreed, who follows it up (a member of staff or a unit) and by when; it goes to
    their inbox with the due date."""
    _require_part(acting_user, occurrence)
    _no_nul(text=text)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Skriv hva som skal gjøres.")})
    if (responsible_staff is None) == (responsible_unit is None):
        raise ValidationError({"responsible": _("Velg enten en ansatt eller en enhet som ansvarlig.")})
    today = local_today()
    if due_on < today:
        raise ValidationError({"due_on": _("Fristen kan ikke være tilbake i tid.")})
    if due_on > today + datetime.timedelta(days=366 * LATEST_YEARS_AHEAD):
        raise ValidationError({"due_on": _("Fristen kan være høyst to år fram i tid.")})
    municipality_id = occurrence.municipality_id
    series = occurrence.series
    if responsible_staff is not None:
        if responsible_staff.municipality_id != municipality_id:
            raise ValidationError({"responsible_staff": _("Den ansatte hører til en annen kommune.")})
        unit = _unit_for(responsible_staff, series)
    else:
        assert responsible_unit is not None
        if responsible_unit.municipality_id != municipality_id:
            raise ValidationError({"responsible_unit": _("Enheten hører til en annen kommune.")})
        unit = responsible_unit
    action = Action(
        occurrence=occurrence,
        municipality_id=municipality_id,
        text=text,
        responsible_staff=responsible_staff,
        responsible_unit=unit,
        due_on=due_on,
        added_by=acting_user,
    )
    action.full_clean()
    action.save()
    history_record_create(
        action,
        actor=acting_user,
        fields=["text", "responsible_staff", "responsible_unit", "due_on"],
        scope=series,
    )
    user = responsible_staff.user if responsible_staff is not None and responsible_staff.user_id else None
    item_open(
        kind=ItemKind.ACTION,
        target_app=APP,
        target_id=action.pk,
        url=reverse("orgmeetings:occurrence", args=[occurrence.pk]),
        for_unit=unit,
        for_user=user,
        sent_by=acting_user,
        due_on=due_on,
    )
    return action


def may_mark_done(user: User, action: Action) -> bool:
    if action.municipality_id != user.municipality_id or action.done_at is not None:
        return False
    if action.responsible_staff is not None and action.responsible_staff.user_id == user.pk:
        return True
    return rules.may_take_part(user, {action.responsible_unit_id, *_series_units(action.occurrence.series)})


@transaction.atomic
def action_done(*, acting_user: User, action: Action) -> Action:
    """Mark the action done (the responsible one, staff of the responsible unit or of the series' units)."""
    action = (
        Action.objects.select_for_update(of=("self",))
        .select_related("occurrence__series", "responsible_staff")
        .get(pk=action.pk)
    )
    if action.municipality_id != acting_user.municipality_id:
        raise PermissionDenied(_("Møtet hører til en annen kommune."))
    if action.done_at is not None:
        raise ValidationError({"action": _("Oppfølgingspunktet er allerede utført.")})
    if not may_mark_done(acting_user, action):
        raise PermissionDenied(_("Bare den ansvarlige eller enhetene i møtet kan merke punktet som utført."))
    before = history_values(action, ["done_at", "done_by"])
    action.done_at, action.done_by = timezone.now(), acting_user
    action.save(update_fields=["done_at", "done_by", "updated_at"])
    history_record_update(action, before=before, actor=acting_user, scope=action.occurrence.series)
    item_close(target_app=APP, target_id=action.pk, kinds=(ItemKind.ACTION,), acting_user=acting_user)
    return action
