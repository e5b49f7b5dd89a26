"""Meetings with the person, the joint-conversation day, and individual plans with their coordinators."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from helhet.access import roles
from helhet.access.shown import persons_shown
from helhet.care import selectors, services
from helhet.care.forms import JointBookingForm, MeetingForm
from helhet.care.models import ActionKind, MeetingAction, MeetingKind
from helhet.care.views.common import chosen_person, chosen_unit, is_leader, municipality_units, post_id
from helhet.core.calendar import local_today
from helhet.core.errors import ConflictError
from helhet.core.redirects import safe_next
from helhet.intake.models import Application, Inquiry
from helhet.organisation.selectors import staff_of_unit


@login_required
def calendar(request):
    """The user's own next two weeks: blocked days, meetings, visits and actions due."""
    chosen_unit(request, roles.MEETING_ROLES)
    return render(
        request, "care/calendar.html", {"days": selectors.staff_calendar(request.user, start=local_today())}
    )


@login_required
def meetings(request):
    """The unit's meetings from a week back, and the agreed actions its staff owe."""
    units, unit = chosen_unit(request, roles.MEETING_ROLES)
    since = local_today() - datetime.timedelta(days=7)
    listed = list(selectors.meetings_for_units([unit.pk], since=since)[:100])
    actions = list(selectors.open_actions(request.user)[:100])
    persons_shown(
        request.user,
        [m.person for m in listed] + [a.meeting.person for a in actions],
        what=_("Møteliste: møter og oppfølgingspunkter med navn"),
        reason=_("Møter i egne enheter"),
    )
    return render(
        request,
        "care/meetings.html",
        {
            "units": units,
            "unit": unit,
            "meetings": listed,
            "actions": actions,
            "today": local_today(),
            "joint_day": selectors.joint_day_on(unit.pk, local_today())
            or unit.joint_days.filter(valid_to__isnull=True).first(),
        },
    )


def _referrals(person):
    applications = Application.objects.filter(person=person).order_by("-received_on")[:10]
    inquiries = Inquiry.objects.filter(person=person).order_by("-received_at")[:10]
    return [
        (f"a{a.pk}", _("Søknad %(day)s") % {"day": a.received_on.strftime("%d.%m.%Y")}) for a in applications
    ] + [
        (
            f"i{i.pk}",
            _("Henvendelse %(day)s") % {"day": timezone.localtime(i.received_at).strftime("%d.%m.%Y")},
        )
        for i in inquiries
    ]


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request):
    """Call a meeting about a person: intake, joint, trio, responsibility group or case conference."""
    units, unit = chosen_unit(request, roles.MEETING_ROLES)
    person = chosen_person(request, _("Nytt møte"))
    if person is None:
        raise Http404
    relatives = list(person.relatives.all())
    all_units = [u for u in municipality_units(request.user) if u.pk != unit.pk]
    form = MeetingForm(
        request.POST or None,
        units=all_units,
        relatives=relatives,
        referrals=_referrals(person),
        initial={"kind": request.GET.get("type") or MeetingKind.JOINT},
    )
    trio_used = selectors.trio_without_referral_used(person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        referral = data["referral"]
        try:
            meeting = services.meeting_schedule(
                acting_user=request.user,
                person=person,
                kind=data["kind"],
                starts_at=data["starts_at"],
                organiser=unit,
                units=[u for u in all_units if str(u.pk) in data["units"]],
                relatives=[r for r in relatives if str(r.pk) in data["relatives"]],
                agenda=data["agenda"],
                place=data["place"],
                duration=data["duration"],
                person_invited=data["person_invited"],
                referral_application=Application.objects.filter(pk=referral[1:], person=person).first()
                if referral.startswith("a")
                else None,
                referral_inquiry=Inquiry.objects.filter(pk=referral[1:], person=person).first()
                if referral.startswith("i")
                else None,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, _("Møtet er satt opp, og de deltakende enhetene ser det i sine lister.")
            )
            return redirect("care:meeting", meeting.pk)
    return render(
        request,
        "care/meeting_form.html",
        {
            "form": form,
            "person": person,
            "unit": unit,
            "trio_used": trio_used,
            "trio_limit": selectors.TRIO_WITHOUT_REFERRAL,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting(request, meeting_id: int):
    """The meeting: who takes part, agenda, minutes and the agreed actions."""
    the_meeting = selectors.meeting_detail(request.user, meeting_id)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "minutes":
                services.meeting_minutes_record(
                    acting_user=request.user,
                    meeting=the_meeting,
                    minutes=request.POST.get("minutes", ""),
                    expected_version=post_id(request, "version"),
                )
                messages.success(request, _("Referatet er lagret."))
            else:
                _action_add(request, the_meeting)
                messages.success(request, _("Oppfølgingen er registrert."))
        except ConflictError:
            messages.error(
                request, _("Noen andre har lagret referatet samtidig. Se endringen og prøv igjen.")
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error) or _("Ikke tillatt.")])))
        except ValueError:
            messages.error(request, _("Velg en frist."))
        return redirect("care:meeting", the_meeting.pk)
    participant_units = [p.unit for p in the_meeting.participants.all() if p.unit is not None]
    return render(
        request,
        "care/meeting.html",
        {
            "meeting": the_meeting,
            "participant_units": participant_units,
            "owners": {u.pk: list(staff_of_unit(u.pk, local_today())) for u in participant_units},
            "decisions": selectors.meeting_decisions(the_meeting),
            "action_kinds": ActionKind.choices,
            "started": the_meeting.starts_at <= timezone.now(),
        },
    )


def _action_add(request, the_meeting) -> None:
    kind = request.POST.get("kind") or ActionKind.TASK
    owner_unit = next(
        (
            p.unit
            for p in the_meeting.participants.all()
            if p.unit_id and str(p.unit_id) == request.POST.get("owner_unit")
        ),
        None,
    )
    owner = None
    if owner_unit is not None and (request.POST.get("owner") or "").isdigit():
        owner = staff_of_unit(owner_unit.pk, local_today()).filter(pk=request.POST["owner"]).first()
    decision = None
    if kind == ActionKind.REVIEW:
        decision = selectors.meeting_decisions(the_meeting).filter(pk=post_id(request, "decision")).first()
    services.meeting_action_add(
        acting_user=request.user,
        meeting=the_meeting,
        text=request.POST.get("text", ""),
        due_on=datetime.date.fromisoformat(request.POST.get("due_on") or ""),
        owner_unit=owner_unit,
        owner=owner,
        kind=kind,
        decision=decision,
    )


@login_required
@require_POST
def action_done(request, action_id: int):
    action = get_object_or_404(
        MeetingAction, pk=action_id, meeting__municipality_id=request.user.municipality_id
    )
    try:
        services.action_done(acting_user=request.user, action=action)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Oppfølgingen er markert som utført."))
    return redirect(safe_next(request, reverse("care:meetings")))


@login_required
@require_http_methods(["GET", "POST"])
def joint_day(request):
    """The unit's reserved day for joint conversations: reserve it, see its slots, book a person into one."""
    units, unit = chosen_unit(request, roles.MEETING_ROLES)
    person = chosen_person(request, _("Booking av fellessamtale"))
    reserved = unit.joint_days.filter(valid_to__isnull=True).first()
    other_units = [u for u in municipality_units(request.user) if u.pk != unit.pk]
    form = JointBookingForm(request.POST or None, units=other_units) if person else None
    if request.method == "POST" and request.POST.get("action") == "reserve":
        _reserve(request, unit)
        return redirect(reverse("care:joint_day") + f"?enhet={unit.pk}")
    if request.method == "POST" and form is not None and reserved is not None and form.is_valid():
        try:
            day = datetime.date.fromisoformat(request.POST.get("day") or "")
            time = datetime.time.fromisoformat(request.POST.get("time") or "")
            meeting = services.joint_slot_book(
                acting_user=request.user,
                joint_day=reserved,
                day=day,
                time=time,
                person=person,
                units=[u for u in other_units if str(u.pk) in form.cleaned_data["units"]],
                agenda=form.cleaned_data["agenda"],
            )
        except ValueError:
            form.add_error(None, _("Velg en ledig tid."))
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Fellessamtalen er booket."))
            return redirect("care:meeting", meeting.pk)
    days = []
    if reserved is not None:
        days = [
            (day, selectors.joint_day_slots(reserved, day)) for day in selectors.next_joint_days(reserved)
        ]
        persons_shown(
            request.user,
            [slot.meeting.person for _day, slots in days for slot in slots if slot.meeting is not None],
            what=_("Fellessamtaledag: bookede samtaler med navn"),
            reason=_("Møter i egne enheter"),
        )
    return render(
        request,
        "care/joint_day.html",
        {
            "units": units,
            "unit": unit,
            "reserved": reserved,
            "days": days,
            "person": person,
            "form": form,
            "is_leader": is_leader(request.user),
            "weekdays": WEEKDAY_NAMES,
        },
    )


def _reserve(request, unit) -> None:
    try:
        services.joint_day_reserve(
            acting_user=request.user,
            unit=unit,
            weekday=int(request.POST.get("weekday") or -1),
            starts=datetime.time.fromisoformat(request.POST.get("starts") or ""),
            ends=datetime.time.fromisoformat(request.POST.get("ends") or ""),
            slot_minutes=int(request.POST.get("slot_minutes") or 60),
        )
    except ValueError:
        messages.error(request, _("Velg ukedag og klokkeslett."))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [_("Bare lederen kan sette av dagen.")])))
    else:
        messages.success(
            request, _("Dagen er satt av til fellessamtaler. De ansattes kalendere er blokkert.")
        )


WEEKDAY_NAMES = [
    (i, gettext_lazy(name)) for i, name in enumerate(("mandag", "tirsdag", "onsdag", "torsdag", "fredag"))
]
