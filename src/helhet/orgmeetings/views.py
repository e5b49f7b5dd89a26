"""Pages of the organisation's meetings, leadership rotations and conversation rooms. Thin: parse, call the
services and selectors, render; every POST redirects on success."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhet.core.calendar import local_today, within_browsing_window
from helhet.core.errors import ConflictError
from helhet.organisation import rooms as room_services
from helhet.organisation import rotation as rotation_services
from helhet.organisation.models import LeadershipRotation, RoomBooking, Staff, Unit
from helhet.orgmeetings import rules, selectors, services
from helhet.orgmeetings.forms import (
    ActionForm,
    AgendaItemForm,
    BookingForm,
    RoomForm,
    RotationForm,
    SeriesForm,
)
from helhet.orgmeetings.models import Action
from helhet.orgmeetings.recurrence import local_moment


def _id(value) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 12 else None


def _pick(items, raw):
    wanted = _id(raw)
    return next((item for item in items if item.pk == wanted), None)


def _errors(error: ValidationError | PermissionDenied) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error) or _("Ikke tillatt.")])


# Series ---------------------------------------------------------------------------------------------------


@login_required
@require_GET
def series_list(request):
    rules.require_staff(request.user)
    units = selectors.municipality_units(request.user)
    return render(
        request,
        "orgmeetings/series_list.html",
        {
            "series_list": list(selectors.series_for(request.user)[: selectors.LIST_SIZE]),
            "may_create": bool(rules.editable_units(request.user, units)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def series_new(request):
    rules.require_staff(request.user)
    units = selectors.municipality_units(request.user)
    owner_units = rules.editable_units(request.user, units)
    if not owner_units:
        raise PermissionDenied(_("Bare ledere og administrator kan sette opp faste møter."))
    rooms = list(room_services.rooms_of(request.user.municipality))
    form = SeriesForm(
        request.POST or None,
        units=units,
        owner_units=owner_units,
        rooms=rooms,
        initial={"starts_on": local_today(), "weekday": 0, "starts": datetime.time(9)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        owner = _pick(owner_units, data["owner_unit"])
        chosen = {int(pk) for pk in data["units"]}
        try:
            if owner is None:
                raise ValidationError({"owner_unit": _("Velg en enhet du leder.")})
            series, taken = services.series_create(
                acting_user=request.user,
                name=data["name"],
                kind=data["kind"],
                owner_unit=owner,
                units=[u for u in units if u.pk in chosen],
                weekday=data["weekday"],
                starts=data["starts"],
                duration=data["duration"],
                every_weeks=data["every_weeks"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                room=_pick(rooms, data["room"]),
            )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, ValidationError):
                form.add_service_errors(error)
            else:
                messages.error(request, _errors(error))
        else:
            messages.success(request, _("Møteserien er satt opp."))
            if taken:
                messages.warning(
                    request,
                    _("Rommet var opptatt %(days)s; de møtene har ikke rom.")
                    % {"days": ", ".join(d.strftime("%d.%m.%Y") for d in taken[:10])},
                )
            return redirect("orgmeetings:series", series.pk)
    return render(request, "orgmeetings/series_form.html", {"form": form})


@login_required
@require_GET
def series_detail(request, series_id: int):
    series = selectors.series_get(request.user, series_id)
    today = local_today()
    upcoming, past = selectors.occurrences_around(series, today=today)
    return render(
        request,
        "orgmeetings/series.html",
        {
            "series": series,
            "upcoming": upcoming,
            "past": past,
            "actions": selectors.open_actions(series),
            "today": today,
            "may_edit": rules.may_edit_unit(request.user, series.owner_unit),
        },
    )


@login_required
@require_POST
def series_end(request, series_id: int):
    series = selectors.series_get(request.user, series_id)
    try:
        raw = request.POST.get("ends_on", "")
        ends_on = datetime.date.fromisoformat(raw) if len(raw) == 10 else None
        if ends_on is None:
            raise ValidationError({"ends_on": _("Skriv en gyldig dato.")})
        services.series_end(acting_user=request.user, series=series, ends_on=ends_on)
    except ValueError:
        messages.error(request, _("Skriv en gyldig dato."))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Møteserien er avsluttet."))
    return redirect("orgmeetings:series", series.pk)


# One meeting ----------------------------------------------------------------------------------------------


def _action_form(occurrence, data=None) -> ActionForm:
    unit_ids = selectors.unit_ids(occurrence.series)
    units = sorted([occurrence.series.owner_unit, *occurrence.series.units.all()], key=lambda u: u.name)
    return ActionForm(
        data,
        staff=list(selectors.staff_of_units(unit_ids)),
        units=units,
        initial={"due_on": local_today() + datetime.timedelta(days=14)},
        auto_id="action_%s",
    )


@login_required
@require_http_methods(["GET", "POST"])
def occurrence(request, occurrence_id: int):
    meeting = selectors.occurrence_get(request.user, occurrence_id)
    agenda_form = AgendaItemForm(auto_id="agenda_%s")
    action_form = _action_form(meeting)
    if request.method == "POST":
        what = request.POST.get("what")
        try:
            if what == "agenda":
                agenda_form = AgendaItemForm(request.POST, auto_id="agenda_%s")
                if agenda_form.is_valid():
                    services.agenda_item_add(
                        acting_user=request.user,
                        occurrence=meeting,
                        title=agenda_form.cleaned_data["title"],
                        text=agenda_form.cleaned_data["text"],
                    )
                    messages.success(request, _("Saken er satt på sakslisten."))
                    return redirect("orgmeetings:occurrence", meeting.pk)
            elif what == "minutes":
                services.minutes_save(
                    acting_user=request.user,
                    occurrence=meeting,
                    minutes=request.POST.get("minutes", ""),
                    expected_version=_id(request.POST.get("version")),
                )
                messages.success(request, _("Referatet er lagret."))
                return redirect("orgmeetings:occurrence", meeting.pk)
            elif what == "action":
                action_form = _action_form(meeting, request.POST)
                if action_form.is_valid():
                    _action_add(request, meeting, action_form)
                    messages.success(
                        request, _("Oppfølgingspunktet er registrert og sendt til den ansvarliges innboks.")
                    )
                    return redirect("orgmeetings:occurrence", meeting.pk)
            else:
                raise ValidationError(_("Ukjent handling."))
        except ConflictError:
            messages.error(
                request, _("Noen andre har lagret referatet samtidig. Se endringen og prøv igjen.")
            )
            return redirect("orgmeetings:occurrence", meeting.pk)
        except ValidationError as error:
            form = action_form if what == "action" else agenda_form
            if what in ("action", "agenda"):
                form.add_service_errors(error)
            else:
                messages.error(request, _errors(error))
                return redirect("orgmeetings:occurrence", meeting.pk)
        except PermissionDenied:
            raise
    today = local_today()
    actions = list(meeting.actions.all())
    return render(
        request,
        "orgmeetings/occurrence.html",
        {
            "meeting": meeting,
            "series": meeting.series,
            "agenda_form": agenda_form,
            "action_form": action_form,
            # Whoever may open the meeting takes part in it, so may mark its open actions done.
            "actions": [(a, a.done_at is None) for a in actions],
            "today": today,
        },
    )


def _action_add(request, meeting, form: ActionForm) -> None:
    data = form.cleaned_data
    raw = data["responsible"]
    staff = unit = None
    wanted = _id(raw[1:]) or 0
    if raw.startswith("s"):
        staff = Staff.objects.filter(pk=wanted, municipality_id=request.user.municipality_id).first()
    elif raw.startswith("u"):
        unit = Unit.objects.filter(pk=wanted, municipality_id=request.user.municipality_id).first()
    if staff is None and unit is None:
        raise ValidationError({"responsible": _("Velg en ansvarlig fra listen.")})
    services.action_add(
        acting_user=request.user,
        occurrence=meeting,
        text=data["text"],
        due_on=data["due_on"],
        responsible_staff=staff,
        responsible_unit=unit,
    )


@login_required
@require_POST
def action_done(request, action_id: int):
    action = (
        Action.objects.filter(pk=action_id, municipality_id=request.user.municipality_id)
        .select_related("occurrence__series")
        .first()
    )
    if action is None:
        raise Http404
    try:
        services.action_done(acting_user=request.user, action=action)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Oppfølgingspunktet er merket som utført."))
    return redirect("orgmeetings:occurrence", action.occurrence_id)


# Rooms ----------------------------------------------------------------------------------------------------


def _week(request) -> tuple[datetime.date, str | None]:
    raw = request.GET.get("uke", "")
    today = local_today()
    if not raw:
        return room_services.week_start(today), None
    try:
        day = datetime.date.fromisoformat(raw[:10])
    except ValueError:
        return room_services.week_start(today), _("Ugyldig dato; viser denne uken.")
    if not within_browsing_window(day):
        return room_services.week_start(today), _("Datoen er utenfor det som kan vises; viser denne uken.")
    return room_services.week_start(day), None


def _rooms_page(request, *, booking_form=None, room_form=None, status=200):
    rules.require_staff(request.user)
    monday, error = _week(request)
    rooms = list(room_services.rooms_of(request.user.municipality))
    units = selectors.municipality_units(request.user)
    editable = rules.editable_units(request.user, units)
    mine = rules.member_unit_ids(request.user)
    bookings = room_services.bookings_in_week(request.user.municipality, monday)
    days = [monday + datetime.timedelta(days=i) for i in range(7)]
    grid = [
        {
            "day": day,
            "rows": [
                (
                    room,
                    [
                        b
                        for b in bookings
                        if b.room_id == room.pk and timezone.localtime(b.starts_at).date() == day
                    ],
                )
                for room in rooms
            ],
        }
        for day in days
    ]
    own_units = [u for u in units if u.pk in mine] or units
    return render(
        request,
        "orgmeetings/rooms.html",
        {
            "rooms": rooms,
            "grid": grid,
            "monday": monday,
            "previous": monday - datetime.timedelta(days=7),
            "next": monday + datetime.timedelta(days=7),
            "week_error": error,
            "booking_form": booking_form
            or BookingForm(
                rooms=rooms,
                units=own_units,
                initial={
                    "day": max(local_today(), monday),
                    "starts": datetime.time(10),
                    "ends": datetime.time(11),
                },
                auto_id="booking_%s",
            ),
            "room_form": room_form or (RoomForm(units=editable, auto_id="room_%s") if editable else None),
            "may_cancel": {
                b.pk
                for b in bookings
                if b.booked_by_id == request.user.pk or b.for_unit_id in {u.pk for u in editable}
            },
        },
        status=status,
    )


@login_required
@require_GET
def rooms(request):
    return _rooms_page(request)


@login_required
@require_POST
def room_new(request):
    rules.require_staff(request.user)
    units = rules.editable_units(request.user, selectors.municipality_units(request.user))
    if not units:
        raise PermissionDenied(_("Bare ledere og administrator kan legge til rom."))
    form = RoomForm(request.POST, units=units, auto_id="room_%s")
    if form.is_valid():
        unit = _pick(units, form.cleaned_data["unit"])
        try:
            if unit is None:
                raise ValidationError({"unit": _("Velg en enhet du leder.")})
            room_services.room_create(
                unit=unit,
                name=form.cleaned_data["name"],
                capacity=form.cleaned_data["capacity"],
                accessible=form.cleaned_data["accessible"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Rommet er lagt til."))
            return redirect("orgmeetings:rooms")
    return _rooms_page(request, room_form=form, status=422)


@login_required
@require_POST
def booking_new(request):
    rules.require_staff(request.user)
    rooms = list(room_services.rooms_of(request.user.municipality))
    units = selectors.municipality_units(request.user)
    form = BookingForm(request.POST, rooms=rooms, units=units, auto_id="booking_%s")
    if form.is_valid():
        data = form.cleaned_data
        room, unit = _pick(rooms, data["room"]), _pick(units, data["for_unit"])
        try:
            if room is None:
                raise ValidationError({"room": _("Velg et rom fra listen.")})
            if unit is None:
                raise ValidationError({"for_unit": _("Velg en enhet fra listen.")})
            booking = room_services.room_book(
                room=room,
                starts_at=local_moment(data["day"], data["starts"]),
                ends_at=local_moment(data["day"], data["ends"]),
                purpose=data["purpose"],
                for_unit=unit,
                note=data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Rommet er booket."))
            return redirect(
                f"{_rooms_url()}?uke={room_services.week_start(timezone.localtime(booking.starts_at).date())}"
            )
    return _rooms_page(request, booking_form=form, status=422)


def _rooms_url() -> str:
    from django.urls import reverse

    return reverse("orgmeetings:rooms")


@login_required
@require_POST
def booking_cancel(request, booking_id: int):
    rules.require_staff(request.user)
    booking = (
        RoomBooking.objects.filter(pk=booking_id, municipality_id=request.user.municipality_id)
        .select_related("for_unit")
        .first()
    )
    if booking is None:
        raise Http404
    if booking.booked_by_id != request.user.pk and not rules.may_edit_unit(request.user, booking.for_unit):
        raise PermissionDenied(_("Bare den som booket, eller lederen for enheten, kan avbestille."))
    try:
        room_services.booking_cancel(booking=booking, actor=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Bookingen er avbestilt."))
    return redirect(
        f"{_rooms_url()}?uke={room_services.week_start(timezone.localtime(booking.starts_at).date())}"
    )


# Rotations ------------------------------------------------------------------------------------------------


def _rotation_page(request, *, unit=None, form=None, status=200):
    rules.require_staff(request.user)
    units = selectors.municipality_units(request.user)
    unit = unit or _pick(units, request.GET.get("enhet"))
    context = {
        "rotations": selectors.rotations_of(request.user),
        "units": units,
        "unit": unit,
        "today": local_today(),
    }
    if unit is not None:
        rotation = LeadershipRotation.objects.filter(unit=unit).prefetch_related("members__staff").first()
        may_edit = rules.may_edit_unit(request.user, unit)
        initial = {"starts_on": local_today(), "period_length": 6, "period_unit": "months"}
        if rotation is not None:
            initial = {
                "starts_on": rotation.starts_on,
                "period_length": rotation.period_length,
                "period_unit": rotation.period_unit,
                "title": rotation.title,
                **{f"leader_{m.position + 1}": m.staff_id for m in rotation.members.all()},
            }
        context.update(
            {
                "rotation": rotation,
                "terms": selectors.terms_of(unit, since=local_today() - datetime.timedelta(days=366)),
                "may_edit": may_edit,
                "form": form
                or (
                    RotationForm(staff=selectors.rotation_candidates(unit), initial=initial)
                    if may_edit
                    else None
                ),
            }
        )
    return render(request, "orgmeetings/rotation.html", context, status=status)


@login_required
@require_GET
def rotations(request):
    return _rotation_page(request)


def _unit_of_municipality(request, unit_id: int) -> Unit:
    unit = Unit.objects.filter(pk=unit_id, municipality_id=request.user.municipality_id).first()
    if unit is None:
        raise Http404
    return unit


@login_required
@require_POST
def rotation_save(request, unit_id: int):
    rules.require_staff(request.user)
    unit = _unit_of_municipality(request, unit_id)
    rules.require_unit_editor(request.user, unit)
    candidates = selectors.rotation_candidates(unit)
    form = RotationForm(request.POST, staff=candidates)
    if form.is_valid():
        by_id = {s.pk: s for s in candidates}
        try:
            staff = [by_id[pk] for pk in form.leader_ids()]
            rotation_services.rotation_save(
                unit=unit,
                staff=staff,
                starts_on=form.cleaned_data["starts_on"],
                period_length=form.cleaned_data["period_length"],
                period_unit=form.cleaned_data["period_unit"],
                title=form.cleaned_data["title"],
                actor=request.user,
            )
        except KeyError:
            form.add_error(None, _("Velg lederne fra listen."))
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Turnusen er lagret, og lederperiodene er planlagt."))
            return redirect(f"{_rotation_url()}?enhet={unit.pk}")
    return _rotation_page(request, unit=unit, form=form, status=422)


def _rotation_url() -> str:
    from django.urls import reverse

    return reverse("orgmeetings:rotations")


@login_required
@require_POST
def rotation_stop(request, unit_id: int):
    rules.require_staff(request.user)
    unit = _unit_of_municipality(request, unit_id)
    rules.require_unit_editor(request.user, unit)
    try:
        rotation_services.rotation_stop(unit=unit, actor=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Turnusen er avsluttet; den som leder i dag, leder videre."))
    return redirect(f"{_rotation_url()}?enhet={unit.pk}")
