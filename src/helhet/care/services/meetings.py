"""Meetings with the person, the joint-conversation day and trio conversations. Meetings agree actions; they
never decide, so a review of a decision is asked of the service office."""

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.access import roles
from helhet.access.models import Ground
from helhet.access.policy import person_access
from helhet.access.services import responsibility_grant
from helhet.care import inbox_items
from helhet.care.models import (
    ActionKind,
    IndividualPlan,
    JointConversationDay,
    Meeting,
    MeetingAction,
    MeetingKind,
    MeetingParticipant,
    MeetingState,
)
from helhet.care.selectors import (
    TRIO_WITHOUT_REFERRAL,
    joint_day_slots,
    joint_days_blocking,
    require_leader,
    require_member,
    trio_without_referral_used,
)
from helhet.casework.models import Decision
from helhet.casework.services import review_request_create
from helhet.core.calendar import local_today, long_date
from helhet.core.history import (
    history_record_create,
    history_record_update,
    history_record_values,
    history_values,
)
from helhet.core.locking import save_versioned
from helhet.core.models import User
from helhet.intake.models import Application, Inquiry
from helhet.organisation.models import Staff, Unit
from helhet.organisation.selectors import staff_of_unit, unit_ids_for_user
from helhet.people.models import Person, Relative

# A joint conversation or trio brings several services around the person; each of them needs to know
# the person from the booking until a month after the meeting.
FOLLOW_UP_DAYS = 30

# The units taking part, by id, each with the member of staff who attends for it (None: the unit as such).
_Participants = dict[int, tuple[Unit, Staff | None]]


def _clean_participants(
    units: Sequence[Unit], staff: Iterable[Staff] | None, day: datetime.date
) -> _Participants:
    chosen: _Participants = {}
    for unit in units:
        chosen[unit.pk] = (unit, None)
    for member in staff or ():
        member_unit = next((u for u in units if staff_of_unit(u.pk, day).filter(pk=member.pk).exists()), None)
        if member_unit is None:
            raise ValidationError(
                {"staff": _("%(name)s jobber ikke i noen av de deltakende enhetene.") % {"name": member}}
            )
        chosen[member_unit.pk] = (member_unit, member)
    return chosen


def _refuse_blocked_staff(
    participants: _Participants, *, kind: str, organiser: Unit, day: datetime.date
) -> None:
    """A member of staff whose unit keeps `day` for joint conversations (domain.md §0 E) can be booked that
    day only into the joint conversations of that day itself, those the reserving unit organises."""
    for _unit, member in participants.values():
        if member is None:
            continue
        blocking = joint_days_blocking(member, day)
        if not blocking:
            continue
        if kind == MeetingKind.JOINT and any(joint.unit_id == organiser.pk for joint in blocking):
            continue
        raise ValidationError(
            {
                "staff": _(
                    "%(name)s er satt av til fellessamtaler denne dagen (%(unit)s) og kan bare delta i "
                    "fellessamtalene den dagen. Velg en annen dag eller en annen deltaker."
                )
                % {"name": member, "unit": blocking[0].unit.name}
            }
        )


@transaction.atomic
def meeting_schedule(
    *,
    acting_user: User,
    person: Person,
    kind: str,
    starts_at: datetime.datetime,
    organiser: Unit,
    units: Iterable[Unit] = (),
    staff: Iterable[Staff] = (),
    relatives: Iterable[Relative] = (),
    agenda: str = "",
    place: str = "",
    duration: int = 60,
    person_invited: bool = True,
    referral_application: Application | None = None,
    referral_inquiry: Inquiry | None = None,
    individual_plan: IndividualPlan | None = None,
) -> Meeting:
    """Call a meeting about the person with participants from several units; the units get need-to-know."""
    require_member(acting_user, organiser.pk, roles.MEETING_ROLES)
    if not person_access(acting_user, person):
        raise PermissionDenied(_("Du har ikke tjenstlig behov for å se denne personen."))
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": _("Velg type møte.")})
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    all_units = list({u.pk: u for u in [organiser, *units]}.values())
    if any(unit.municipality_id != person.municipality_id for unit in all_units):
        raise ValidationError({"units": _("Ukjent enhet.")})
    if kind == MeetingKind.JOINT:
        if not person_invited:
            raise ValidationError({"person_invited": _("En fellessamtale har alltid brukeren med.")})
        if len(all_units) < 2:
            raise ValidationError({"units": _("En fellessamtale samler minst to tjenester.")})
    if kind == MeetingKind.TRIO and referral_application is None and referral_inquiry is None:
        # One booking at a time per family, so two at once cannot both take the third free conversation.
        type(person).objects.select_for_update().filter(pk=person.pk).first()
        used = trio_without_referral_used(person)
        if used >= TRIO_WITHOUT_REFERRAL:
            raise ValidationError(
                {
                    "referral": _(
                        "Familien har hatt %(n)s triosamtaler uten henvisning. En ny triosamtale krever henvisning: "
                        "registrer en henvendelse eller søknad og knytt den til møtet."
                    )
                    % {"n": used}
                }
            )
    for relative in relatives:
        if relative.person_id != person.pk:
            raise ValidationError({"relatives": _("Pårørende må høre til personen.")})
    if not 15 <= duration <= 480:
        raise ValidationError({"duration": _("Et møte varer fra 15 minutter til 8 timer.")})
    if kind == MeetingKind.GROUP and individual_plan is None:
        individual_plan = IndividualPlan.objects.filter(person=person, ended_on__isnull=True).first()
    participants = _clean_participants(all_units, staff, timezone.localdate(starts_at))
    _refuse_blocked_staff(participants, kind=kind, organiser=organiser, day=timezone.localdate(starts_at))
    meeting = Meeting.objects.create(
        municipality_id=person.municipality_id,
        kind=kind,
        person=person,
        starts_at=starts_at,
        duration=duration,
        place=place.strip()[:200],
        organiser=organiser,
        agenda=agenda.strip(),
        person_invited=person_invited,
        referral_application=referral_application,
        referral_inquiry=referral_inquiry,
        individual_plan=individual_plan,
        created_by=acting_user,
    )
    MeetingParticipant.objects.bulk_create(
        [
            MeetingParticipant(meeting=meeting, unit=unit, staff=member)
            for unit, member in participants.values()
        ]
        + [MeetingParticipant(meeting=meeting, relative=relative) for relative in relatives]
    )
    history_record_create(
        meeting,
        actor=acting_user,
        fields=[
            "kind",
            "starts_at",
            "duration",
            "place",
            "organiser",
            "agenda",
            "person_invited",
            "individual_plan",
        ],
    )
    history_record_values(
        meeting,
        actor=acting_user,
        changes={
            "participants": (
                "",
                ", ".join(
                    [f"{member} ({unit})" if member else str(unit) for unit, member in participants.values()]
                    + [str(relative) for relative in relatives]
                ),
            )
        },
        field_labels={"participants": _("Deltakere")},
    )
    until = timezone.localdate(starts_at) + datetime.timedelta(days=FOLLOW_UP_DAYS)
    # A joint conversation, with the person there, is also a ground for the services taking part to read each
    # other's case files about the person (access.policy.case_access); the log then names the conversation.
    joint = kind == MeetingKind.JOINT
    for unit, _member in participants.values():
        responsibility_grant(
            person=person,
            unit=unit,
            reason=_("Fellessamtale %(day)s") % {"day": long_date(timezone.localdate(starts_at))}
            if joint
            else _("Deltar i %(kind)s") % {"kind": meeting.get_kind_display().lower()},
            valid_from=local_today(),
            valid_to=max(until, local_today()),
            source=f"meeting:{meeting.pk}",
            ground=Ground.JOINT_CONVERSATION if joint else "",
        )
    return meeting


@transaction.atomic
def meeting_minutes_record(
    *, acting_user: User, meeting: Meeting, minutes: str, expected_version: int
) -> Meeting:
    """Write the minutes; the meeting is then held."""
    _require_participant(acting_user, meeting)
    if meeting.state == MeetingState.CANCELLED:
        raise ValidationError({"state": _("Møtet er avlyst.")})
    if not minutes.strip():
        raise ValidationError({"minutes": _("Referatet er tomt.")})
    if meeting.starts_at > timezone.now():
        raise ValidationError({"minutes": _("Referat kan først skrives når møtet har begynt.")})
    meeting.minutes = minutes.strip()
    meeting.state = MeetingState.HELD
    save_versioned(meeting, expected_version=expected_version, fields=["minutes", "state"], actor=acting_user)
    return meeting


def _require_participant(user: User, meeting: Meeting) -> None:
    """Staff of a unit taking part write the minutes and actions."""
    taking_part = set(meeting.participants.exclude(unit=None).values_list("unit_id", flat=True))
    if not roles.has_any_role(user, roles.MEETING_ROLES) or not taking_part & unit_ids_for_user(
        user, local_today()
    ):
        raise PermissionDenied(_("Bare deltakende enheter kan skrive i møtet."))


@transaction.atomic
def meeting_action_add(
    *,
    acting_user: User,
    meeting: Meeting,
    text: str,
    due_on: datetime.date,
    owner_unit: Unit | None = None,
    owner: Staff | None = None,
    kind: str = ActionKind.TASK,
    decision: Decision | None = None,
) -> MeetingAction:
    """Record an agreed action with an owner and a due date. An action to review a decision becomes a request in
    the service office's list, since only the office decides."""
    _require_participant(acting_user, meeting)
    if kind not in ActionKind.values:
        raise ValidationError({"kind": _("Ukjent type oppfølging.")})
    if not text.strip():
        raise ValidationError({"text": _("Skriv hva som er avtalt.")})
    if due_on < timezone.localdate(meeting.starts_at):
        raise ValidationError({"due_on": _("Fristen kan ikke være før møtet.")})
    if kind == ActionKind.REVIEW:
        if decision is None or decision.case.person_id != meeting.person_id:
            raise ValidationError({"decision": _("Velg vedtaket tjenestekontoret skal vurdere på nytt.")})
        owner_unit = decision.case.team or meeting.organiser
        owner = None
    elif owner_unit is None:
        raise ValidationError({"owner_unit": _("Velg hvilken enhet som har ansvaret.")})
    if owner is not None and not staff_of_unit(owner_unit.pk, local_today()).filter(pk=owner.pk).exists():
        raise ValidationError(
            {"owner": _("%(name)s jobber ikke i %(unit)s.") % {"name": owner, "unit": owner_unit}}
        )
    action = MeetingAction.objects.create(
        meeting=meeting,
        kind=kind,
        text=text.strip()[:500],
        owner=owner,
        owner_unit=owner_unit,
        due_on=due_on,
        decision=decision,
    )
    history_record_create(
        action,
        actor=acting_user,
        fields=["kind", "text", "owner", "owner_unit", "due_on", "decision"],
        scope=meeting,
    )
    if kind == ActionKind.REVIEW:
        assert decision is not None  # required above for a review action
        review_request_create(
            acting_user=acting_user,
            decision=decision,
            from_unit=meeting.organiser,
            reason=_("%(kind)s %(day)s: %(text)s")
            % {
                "kind": meeting.get_kind_display(),
                "day": timezone.localdate(meeting.starts_at).strftime("%d.%m.%Y"),
                "text": text.strip(),
            },
            source=f"meeting:{meeting.pk}",
        )
    else:  # a review action is the service office's request, in its inbox through casework
        inbox_items.action_agreed(action=action, acting_user=acting_user)
    return action


@transaction.atomic
def action_done(*, acting_user: User, action: MeetingAction) -> MeetingAction:
    action = MeetingAction.objects.select_for_update().get(pk=action.pk)
    require_member(acting_user, action.owner_unit_id, roles.MEETING_ROLES)
    if action.done_at is not None:
        raise ValidationError({"action": _("Oppfølgingen er allerede utført.")})
    before = history_values(action, ["done_at"])
    action.done_at = timezone.now()
    action.save(update_fields=["done_at", "updated_at"])
    history_record_update(action, before=before, actor=acting_user, scope=action.meeting)
    inbox_items.action_finished(action=action, acting_user=acting_user)
    return action


@transaction.atomic
def joint_day_reserve(
    *,
    acting_user: User,
    unit: Unit,
    weekday: int,
    starts: datetime.time,
    ends: datetime.time,
    slot_minutes: int = 60,
    valid_from: datetime.date | None = None,
) -> JointConversationDay:
    """The unit keeps one weekday for joint conversations; a new reservation replaces the old from its first day."""
    require_leader(acting_user, unit.pk)
    valid_from = valid_from or local_today()
    if weekday not in range(5):
        raise ValidationError({"weekday": _("Velg en ukedag fra mandag til fredag.")})
    if ends <= starts:
        raise ValidationError({"ends": _("Dagen må slutte etter at den begynner.")})
    if not 15 <= slot_minutes <= 240:
        raise ValidationError({"slot_minutes": _("En samtale varer fra 15 minutter til 4 timer.")})
    for old in JointConversationDay.objects.select_for_update().filter(unit=unit, valid_to__isnull=True):
        before = history_values(old, ["valid_to"])
        if old.valid_from >= valid_from:
            old.valid_to = old.valid_from
        else:
            old.valid_to = valid_from - datetime.timedelta(days=1)
        old.save(update_fields=["valid_to", "updated_at"])
        history_record_update(old, before=before, actor=acting_user, scope=unit)
    day = JointConversationDay.objects.create(
        unit=unit,
        weekday=weekday,
        starts=starts,
        ends=ends,
        slot_minutes=slot_minutes,
        valid_from=valid_from,
        created_by=acting_user,
    )
    history_record_create(
        day, actor=acting_user, fields=["weekday", "starts", "ends", "slot_minutes", "valid_from"], scope=unit
    )
    return day


@transaction.atomic
def joint_slot_book(
    *,
    acting_user: User,
    joint_day: JointConversationDay,
    day: datetime.date,
    time: datetime.time,
    person: Person,
    units: Iterable[Unit],
    staff: Iterable[Staff] = (),
    relatives: Iterable[Relative] = (),
    agenda: str = "",
) -> Meeting:
    """Book a user with complex needs into a free slot of the reserved day, with the services that should meet."""
    joint_day = JointConversationDay.objects.select_for_update().get(pk=joint_day.pk)
    free = {slot.time for slot in joint_day_slots(joint_day, day) if slot.meeting is None}
    if day < local_today():
        raise ValidationError({"day": _("Dagen har vært.")})
    if time not in free:
        raise ValidationError({"time": _("Tidspunktet er ikke ledig på fellessamtaledagen.")})
    return meeting_schedule(
        acting_user=acting_user,
        person=person,
        kind=MeetingKind.JOINT,
        starts_at=timezone.make_aware(datetime.datetime.combine(day, time)),
        organiser=joint_day.unit,
        units=units,
        staff=staff,
        relatives=relatives,
        agenda=agenda,
        duration=joint_day.slot_minutes,
    )
