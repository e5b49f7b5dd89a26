"""Write use cases of the one door in. Each is one transaction and writes its audit rows."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.access import roles
from helhet.access.models import AccessAction, Ground, Responsibility
from helhet.access.policy import person_access
from helhet.access.services import access_log_write, responsibility_end, responsibility_grant
from helhet.catalogue.models import Service
from helhet.core.calendar import deadline, local_today, long_date
from helhet.core.freetext import has_unsafe_characters
from helhet.core.history import (
    history_record_create,
    history_record_update,
    history_record_values,
    history_values,
)
from helhet.core.models import Municipality, User
from helhet.inbox.models import Item, ItemKind
from helhet.inbox.services import item_close, item_open
from helhet.intake.models import (
    Application,
    Handoff,
    Inquiry,
    InquiryOutcome,
    RoutingKind,
    RoutingRule,
    SignedBy,
)
from helhet.intake.routing import AreaRoute, routes_by_area
from helhet.organisation.models import ServiceArea, Unit
from helhet.organisation.selectors import service_area_of_unit, service_areas_for_user
from helhet.people.models import Person, Relative, Representation

INTAKE_ROLES = (roles.RECEPTION, roles.CASE_WORKER, roles.ADMIN)
INQUIRY_FIELDS = [
    "person",
    "contact_name",
    "contact_phone",
    "contact_email",
    "channel",
    "about",
    "urgent",
    "received_at",
]
INQUIRY_OUTCOME_FIELDS = ["outcome", "outcome_note", "booked_at", "responsible_unit"]
APPLICATION_FIELDS = [
    "need",
    "what_matters",
    "wished_services",
    "urgent",
    "consent_gp",
    "consent_hospital",
    "consent_nav",
    "consent_share",
    "signed_by",
    "representative",
    "received_on",
    "expected_answer_by",
    "routed_to",
]
ROUTING_FIELDS = [
    "kind",
    "team",
    "position",
    "service",
    "day_from",
    "day_to",
    "zone",
    "age_from",
    "age_to",
    "active",
]
# The service office's own target for answering an application (domain.md §5); beyond it an interim reply.
ANSWER_TARGET_WEEKS = 4
# How long a unit an inquiry is forwarded to may see whom it is about, at most (pasientjournalloven § 19:
# need-to-know lasts as long as the work does); the access ends sooner when the unit marks the item done or
# reception forwards the inquiry elsewhere.
FORWARD_ACCESS_DAYS = 14
BOOKING_HORIZON = datetime.timedelta(days=366)  # a talk booked further ahead is a typing error


def _may_take_in(user: User, municipality: Municipality) -> None:
    if user.municipality_id != municipality.pk or not roles.has_any_role(user, INTAKE_ROLES):
        raise PermissionDenied(_("Du har ikke tilgang til å registrere henvendelser i denne kommunen."))


def _open(inquiry: Inquiry) -> None:
    if inquiry.outcome != InquiryOutcome.OPEN:
        raise ValidationError(
            {
                "outcome": _("Henvendelsen er allerede avsluttet: %(outcome)s.")
                % {"outcome": inquiry.get_outcome_display().lower()}
            }
        )


@transaction.atomic
def handoff_record(
    *,
    acting_user: User,
    municipality_id: int,
    to_unit: Unit,
    reason: str,
    from_unit: Unit | None = None,
    person: Person | None = None,
    inquiry: Inquiry | None = None,
    case: Any = None,  # a casework Case: intake sits below casework, so it cannot name the model
    unit_field: str = "to_unit",
    citizen_consent: bool = False,
) -> Handoff:
    """Responsibility for an inquiry or a case moves to another unit: one row, always with a reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv hvorfor den sendes videre.")})
    if to_unit.municipality_id != municipality_id:
        raise ValidationError({unit_field: _("Enheten hører til en annen kommune.")})
    return Handoff.objects.create(
        municipality_id=municipality_id,
        person=person,
        inquiry=inquiry,
        case=case,
        from_unit=from_unit,
        to_unit=to_unit,
        reason=reason.strip(),
        citizen_consent=citizen_consent,
        by=acting_user,
    )


@transaction.atomic
def inquiry_register(
    *,
    acting_user: User,
    municipality: Municipality,
    channel: str,
    about: str,
    person: Person | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    received_at: datetime.datetime | None = None,
    urgent: bool = False,
) -> Inquiry:
    _may_take_in(acting_user, municipality)
    if person is not None and person.municipality_id != municipality.pk:
        raise ValidationError({"person": _("Personen hører ikke til kommunen.")})
    inquiry = Inquiry(
        municipality=municipality,
        person=person,
        contact_name=contact_name.strip(),
        contact_phone=contact_phone.strip(),
        contact_email=contact_email.strip(),
        channel=channel,
        about=about.strip(),
        urgent=urgent,
        registered_by=acting_user,
        received_at=received_at or timezone.now(),
    )
    if person is None and not inquiry.contact_name:
        raise ValidationError(
            {"contact_name": _("Velg en person, eller skriv navnet på den som henvender seg.")}
        )
    inquiry.full_clean()
    inquiry.save()
    history_record_create(inquiry, actor=acting_user, fields=INQUIRY_FIELDS)
    if person is not None:
        access_log_write(
            user=acting_user,
            person=person,
            action=AccessAction.CREATE,
            what=_("Registrerte henvendelse"),
            reason=_("Henvendelse til kommunen"),
        )
    return inquiry


@transaction.atomic
def inquiry_answer(*, acting_user: User, inquiry: Inquiry, note: str) -> Inquiry:
    """Answered at once by reception: information or guidance given, no case."""
    _may_take_in(acting_user, inquiry.municipality)
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    _open(inquiry)
    if not note.strip():
        raise ValidationError({"note": _("Skriv kort hva innbyggeren fikk svar på.")})
    before = history_values(inquiry, INQUIRY_OUTCOME_FIELDS)
    inquiry.outcome, inquiry.outcome_note = InquiryOutcome.ANSWERED, note.strip()
    inquiry.save(update_fields=["outcome", "outcome_note", "updated_at"])
    history_record_update(inquiry, before=before, actor=acting_user)
    return inquiry


@transaction.atomic
def inquiry_book(*, acting_user: User, inquiry: Inquiry, at: datetime.datetime, note: str = "") -> Inquiry:
    _may_take_in(acting_user, inquiry.municipality)
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    _open(inquiry)
    if at <= timezone.now():
        raise ValidationError({"at": _("Samtalen må avtales fram i tid.")})
    if at > timezone.now() + BOOKING_HORIZON:
        raise ValidationError({"at": _("En samtale kan avtales høyst ett år fram i tid.")})
    before = history_values(inquiry, INQUIRY_OUTCOME_FIELDS)
    inquiry.outcome, inquiry.booked_at, inquiry.outcome_note = InquiryOutcome.BOOKED, at, note.strip()
    inquiry.save(update_fields=["outcome", "booked_at", "outcome_note", "updated_at"])
    history_record_update(inquiry, before=before, actor=acting_user)
    return inquiry


def _forward_source(inquiry_id: int) -> str:
    return f"inquiry:{inquiry_id}"


def forward_access_end(*, inquiry_id: int, unit_id: int | None = None) -> int:
    """End (valid_to today) the access a forward of the inquiry gave (to one unit, or to all); how many ended.
    Called inside the transaction of the write that ends the work."""
    today = local_today()
    grants = Responsibility.objects.active_on(today).filter(source=_forward_source(inquiry_id))
    if unit_id is not None:
        grants = grants.filter(unit_id=unit_id)
    ended = 0
    for grant in grants:
        if grant.valid_to is None or grant.valid_to > today:
            responsibility_end(responsibility=grant, valid_to=max(today, grant.valid_from))
            ended += 1
    return ended


def _may_forward(inquiry: Inquiry) -> Item | None:
    """An open inquiry may be forwarded; a forwarded one again only while nobody has taken it (the open item
    returned, to be closed). Otherwise a Norwegian refusal."""
    if inquiry.outcome == InquiryOutcome.OPEN:
        return None
    if inquiry.outcome != InquiryOutcome.FORWARDED:
        _open(inquiry)
    item = (
        Item.objects.select_for_update(of=("self",))
        .filter(kind=ItemKind.INQUIRY, target_app="intake", target_id=inquiry.pk, closed_at__isnull=True)
        .select_related("taken_by")
        .first()
    )
    if item is None:
        raise ValidationError(
            {"to_unit": _("Henvendelsen er allerede behandlet av enheten den ble sendt til.")}
        )
    if item.taken_by is not None:
        raise ValidationError(
            {
                "to_unit": _("%(name)s har tatt henvendelsen; den kan ikke sendes videre herfra.")
                % {"name": item.taken_by.display_name}
            }
        )
    return item


def _consent_needed(acting_user: User, inquiry: Inquiry, to_unit: Unit, today: datetime.date) -> bool:
    """Whether the forward crosses into another service area (health and care → NAV, say): it does when the
    unit's area is not the area of the unit holding the inquiry, or (at reception) of the sender's units."""
    to_area = service_area_of_unit(to_unit.pk, today)
    if not to_area:
        return False
    if inquiry.responsible_unit_id is not None:
        from_areas = {service_area_of_unit(inquiry.responsible_unit_id, today)}
    else:
        from_areas = set(service_areas_for_user(acting_user, today))
    return to_area not in from_areas


@transaction.atomic
def inquiry_forward(
    *,
    acting_user: User,
    inquiry: Inquiry,
    to_unit: Unit,
    reason: str,
    citizen_consent: bool = False,
) -> Inquiry:
    """Send the inquiry on to a unit; the move is recorded as a handoff and needs a reason. Reception may send
    a forwarded inquiry on again while nobody has taken it: the first unit's item closes and its access ends.
    Into another service area only when the citizen asked for it or consented (forvaltningsloven § 13 a nr. 1).
    The unit may see whom it is about for FORWARD_ACCESS_DAYS at most, until it marks the item done."""
    _may_take_in(acting_user, inquiry.municipality)
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    earlier = _may_forward(inquiry)
    if to_unit.municipality_id != inquiry.municipality_id:
        raise ValidationError({"to_unit": _("Enheten hører til en annen kommune.")})
    if earlier is not None and inquiry.responsible_unit_id == to_unit.pk:
        raise ValidationError(
            {"to_unit": _("Henvendelsen er allerede sendt til %(unit)s.") % {"unit": to_unit}}
        )
    today = local_today()
    if not citizen_consent and _consent_needed(acting_user, inquiry, to_unit, today):
        raise ValidationError(
            {
                "citizen_consent": _(
                    "%(unit)s hører til et annet tjenesteområde. Henvendelsen kan bare sendes dit når "
                    "innbyggeren har bedt om det eller samtykket (forvaltningsloven § 13 a nr. 1)."
                )
                % {"unit": to_unit}
            }
        )
    handoff_record(
        acting_user=acting_user,
        municipality_id=inquiry.municipality_id,
        person=inquiry.person,
        inquiry=inquiry,
        from_unit=inquiry.responsible_unit,
        to_unit=to_unit,
        reason=reason,
        citizen_consent=citizen_consent,
    )
    if earlier is not None:
        forward_access_end(inquiry_id=inquiry.pk)
        item_close(
            target_app="intake", target_id=inquiry.pk, kinds=(ItemKind.INQUIRY,), acting_user=acting_user
        )
    before = history_values(inquiry, INQUIRY_OUTCOME_FIELDS)
    inquiry.outcome, inquiry.responsible_unit, inquiry.outcome_note = (
        InquiryOutcome.FORWARDED,
        to_unit,
        reason.strip(),
    )
    inquiry.save(update_fields=["outcome", "responsible_unit", "outcome_note", "updated_at"])
    history_record_update(inquiry, before=before, actor=acting_user, reason=reason.strip())
    if inquiry.person is not None:
        # The receiving unit needs to know whom the inquiry is about while it works on it, no longer.
        responsibility_grant(
            person=inquiry.person,
            unit=to_unit,
            reason=_("Videresendt henvendelse nr. %(id)s mottatt %(day)s")
            % {"id": inquiry.pk, "day": timezone.localtime(inquiry.received_at).strftime("%d.%m.%Y")},
            valid_from=today,
            valid_to=today + datetime.timedelta(days=FORWARD_ACCESS_DAYS),
            source=_forward_source(inquiry.pk),
        )
    item_open(
        kind=ItemKind.INQUIRY,
        target_app="intake",
        target_id=inquiry.pk,
        url=reverse("intake:inquiry", args=[inquiry.pk]),
        for_unit=to_unit,
        person=inquiry.person,
        sent_by=acting_user,
        urgent=inquiry.urgent,
    )
    return inquiry


# Who may sign an application. A person under 18 is a minor (vergemålsloven § 8) and is represented by
# the parents with parental responsibility, who are the child's guardians (vergemålsloven § 16; barneloven
# § 30), or by another appointed guardian. The conservative rule here: the person signs alone only from 18.
# Pasient- og brukerrettighetsloven § 4-3 første ledd bokstav b gives 16–17-year-olds the right to consent to
# health care (verified: helsedirektoratet.no, pbrl-k "§ 4-3 Hvem som har samtykkekompetanse"), and domain.md
# §1.3 notes own party rights from 12 in some appeals; whether either lets a minor apply alone for municipal
# services is left to the legal adviser. SIGN_ALONE_FROM_AGE is the one place to change it.
SIGN_ALONE_FROM_AGE = 18
_ADULT_REPRESENTATION = {Representation.POWER_OF_ATTORNEY, Representation.GUARDIANSHIP}
_CHILD_REPRESENTATION = {Representation.PARENTAL_RESPONSIBILITY, Representation.GUARDIANSHIP}


def signer_check(
    *, person: Person, signed_by: str, representative: Relative | None, on: datetime.date
) -> Relative | None:
    """The representative who signs, or None when the person signs; a Norwegian error on the field otherwise."""
    child = person.age_on(on) < SIGN_ALONE_FROM_AGE
    if signed_by == SignedBy.PERSON:
        if child:
            raise ValidationError(
                {
                    "signed_by": _(
                        "Søkeren er under %(age)d år og kan ikke signere søknaden selv. Den må signeres av "
                        "en som har foreldreansvaret, eller av vergen."
                    )
                    % {"age": SIGN_ALONE_FROM_AGE}
                }
            )
        return None
    if signed_by != SignedBy.REPRESENTATIVE:
        raise ValidationError({"signed_by": _("Oppgi hvem som har signert søknaden.")})
    if representative is None or representative.person_id != person.pk:
        raise ValidationError({"representative": _("Velg hvem som har signert for søkeren.")})
    if representative.representation and not representative.represents_on(on):
        raise ValidationError(
            {
                "representative": _(
                    "Representasjonen gjaldt ikke da søknaden kom inn: den er utløpt, avsluttet eller ikke begynt."
                )
            }
        )
    if child and representative.representation not in _CHILD_REPRESENTATION:
        raise ValidationError(
            {
                "representative": _(
                    "For et barn under %(age)d år må søknaden signeres av en som er registrert med "
                    "foreldreansvar, eller av vergen."
                )
                % {"age": SIGN_ALONE_FROM_AGE}
            }
        )
    if not child and representative.representation not in _ADULT_REPRESENTATION:
        raise ValidationError(
            {
                "representative": _(
                    "Den som signerer for søkeren må være registrert med fullmakt eller som verge."
                )
            }
        )
    return representative


@transaction.atomic
def application_submit(**fields: Any) -> Application:
    """Receive one application for any services; see application_submit_by_area for the routes."""
    return application_submit_by_area(**fields)[0]


@transaction.atomic
def application_submit_by_area(
    *,
    acting_user: User,
    municipality: Municipality,
    person: Person,
    signed_by: str,
    need: str = "",
    what_matters: str = "",
    wished_services: Iterable[Service] = (),
    consent_gp: bool = False,
    consent_hospital: bool = False,
    consent_nav: bool = False,
    consent_share: bool = False,
    representative: Relative | None = None,
    inquiry: Inquiry | None = None,
    received_on: datetime.date,
    urgent: bool = False,
) -> tuple[Application, list[AreaRoute]]:
    """Receive one application for any services and set the expected answer date. Its wished services are
    grouped by service area, and each area is routed to its own team: one case per area follows. The
    application records the first route; `need` may be left empty when it comes from an inquiry, whose
    words (the citizen's own) then become the need."""
    _may_take_in(acting_user, municipality)
    if person.municipality_id != municipality.pk or not person_access(acting_user, person):
        raise ValidationError({"person": _("Personen hører ikke til kommunen.")})
    if inquiry is not None and inquiry.person_id != person.pk:
        raise ValidationError({"inquiry": _("Henvendelsen gjelder en annen person.")})
    if not need.strip() and inquiry is not None:
        need = inquiry.about
    if not need.strip():
        raise ValidationError({"need": _("Beskriv hva søkeren trenger hjelp til, med søkerens egne ord.")})
    representative = signer_check(
        person=person, signed_by=signed_by, representative=representative, on=received_on
    )
    application, routes = _application_file(
        Application(
            municipality=municipality,
            person=person,
            inquiry=inquiry,
            need=need,
            what_matters=what_matters,
            urgent=urgent or (inquiry is not None and inquiry.urgent),
            consent_gp=consent_gp,
            consent_hospital=consent_hospital,
            consent_nav=consent_nav,
            consent_share=consent_share,
            signed_by=signed_by,
            representative=representative,
            received_on=received_on,
        ),
        wished_services=wished_services,
        actor=acting_user,
    )
    if inquiry is not None:
        inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
        _open(inquiry)
        before = history_values(inquiry, INQUIRY_OUTCOME_FIELDS)
        inquiry.outcome, inquiry.responsible_unit = InquiryOutcome.APPLICATION, application.routed_to
        inquiry.save(update_fields=["outcome", "responsible_unit", "updated_at"])
        history_record_update(inquiry, before=before, actor=acting_user)
    access_log_write(
        user=acting_user,
        person=person,
        action=AccessAction.CREATE,
        what=_("Registrerte søknad"),
        reason=_("Søknad om tjenester"),
    )
    return application, routes


TEXT_LIMITS = {"need": 4000, "what_matters": 4000}


def applicant_text_error(field: str, value: str) -> str | None:
    """What is wrong with the applicant's words in `field`, in Norwegian, or None: a NUL byte, or too long."""
    if has_unsafe_characters(value):
        return _("Teksten inneholder et tegn som ikke kan lagres. Skriv den inn på nytt.")
    limit = TEXT_LIMITS[field]
    if len(value.strip()) > limit:
        return _("Teksten er for lang: %(n)d tegn. Skriv høyst %(limit)d tegn.") % {
            "n": len(value.strip()),
            "limit": limit,
        }
    return None


def _clean_texts(application: Application) -> None:
    """The applicant's words: no NUL bytes, within the limits, in Norwegian when not (never a 500)."""
    errors: dict[str, str] = {}
    for field in TEXT_LIMITS:
        value = getattr(application, field)
        problem = applicant_text_error(field, value)
        if problem:
            errors[field] = problem
        setattr(application, field, value.strip())
    if errors:
        raise ValidationError(errors)


def _application_file(
    application: Application, *, wished_services: Iterable[Service], actor: User
) -> tuple[Application, list[AreaRoute]]:
    """Route, date and save an application whose applicant and signer were checked: the wished services
    grouped by service area, one route per area (the application records the first), the expected answer date,
    the change history and the consent's grounds. Shared by the desk and Min side."""
    _clean_texts(application)
    municipality, person = application.municipality, application.person
    wished = list(wished_services)
    by_pk = {
        service.pk: service
        for service in Service.objects.filter(pk__in=[s.pk for s in wished]).select_related("legal_regime")
    }
    wished = [by_pk.get(service.pk, service) for service in wished]
    if any(service.municipality_id != municipality.pk for service in wished):
        raise ValidationError({"wished_services": _("Ukjent tjeneste.")})
    routes = routes_by_area(municipality, person=person, services=wished, on=application.received_on)
    chosen = routes[0].route
    application.expected_answer_by = deadline(application.received_on, weeks=ANSWER_TARGET_WEEKS)
    application.routed_to = chosen.team
    application.routing_explanation = chosen.explanation[:300]
    application.full_clean(exclude=["form_token"])
    application.save()
    application.wished_services.set(wished)
    history_record_create(application, actor=actor, fields=APPLICATION_FIELDS, scope=person)
    consent_grounds_grant(application)
    return application, routes


def consent_source(application: Application) -> str:
    return f"consent:application:{application.pk}"


def consent_grounds_grant(application: Application, *, valid_from: datetime.date | None = None) -> None:
    """The applicant's consent to share between health and care and NAV becomes a ground, held by each service
    area, for the cases of this application (never for the person's other cases); from the day it was given."""
    if not application.consent_share or application.consent_withdrawn_on is not None:
        return
    given = valid_from or application.received_on
    for area in ServiceArea.values:
        responsibility_grant(
            person=application.person,
            service_area=area,
            ground=Ground.CONSENT,
            reason=(
                _("Samtykke gitt på nytt %(day)s til deling mellom helse og NAV")
                if valid_from is not None
                else _("Samtykke i søknad %(day)s til deling mellom helse og NAV")
            )
            % {"day": long_date(given)},
            valid_from=given,
            source=consent_source(application),
        )


def _consent_grounds_end(application: Application, today: datetime.date) -> None:
    for responsibility in Responsibility.objects.active_on(today).filter(source=consent_source(application)):
        # Ended yesterday, so the withdrawal takes effect at once (a responsibility runs to the end of valid_to).
        end = max(responsibility.valid_from, today - datetime.timedelta(days=1))
        if responsibility.valid_from >= today:
            Responsibility.objects.filter(pk=responsibility.pk).delete()
        else:
            responsibility_end(responsibility=responsibility, valid_to=end)
    # A consent given again later in the future (none is) or today is gone with the rest.
    Responsibility.objects.filter(source=consent_source(application), valid_from__gt=today).delete()


@transaction.atomic
def application_consent_withdraw(*, acting_user: User, application: Application) -> Application:
    """The applicant withdraws the consent to share (personopplysningsloven / GDPR art. 7 nr. 3): from today the
    other service area no longer reads the application's cases. Reads already made stay in the access log."""
    _may_take_in(acting_user, application.municipality)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.consent_share or application.consent_withdrawn_on is not None:
        raise ValidationError(
            {"consent_share": _("Søknaden har ikke noe samtykke til deling å trekke tilbake.")}
        )
    today = local_today()
    before = history_values(application, ["consent_withdrawn_on"])
    application.consent_withdrawn_on = today
    application.save(update_fields=["consent_withdrawn_on", "updated_at"])
    history_record_update(application, before=before, actor=acting_user, scope=application.person)
    _consent_grounds_end(application, today)
    access_log_write(
        user=acting_user,
        person=application.person,
        action=AccessAction.UPDATE,
        what=_("Samtykke til deling trukket tilbake"),
        reason=_("Søkerens tilbaketrekking av samtykke"),
    )
    return application


def consent_shared(application: Application) -> bool:
    """Whether the application's consent to share between the service areas is in force now."""
    return application.consent_share and application.consent_withdrawn_on is None


@transaction.atomic
def application_consent_set_by_citizen(
    *, citizen_user: User, application: Application, share: bool, reason: str
) -> Application:
    """The citizen (or their representative) gives or withdraws, on Min side, the consent that the health and
    care services and NAV may read each other's cases of this application. A withdrawal takes effect at once:
    the other service area's staff lose access on their next request. Giving it again grants it from today.
    Setting what is already so changes nothing (a double submit). The caller (the citizen's page) has checked
    that the citizen may act for the application's person; `reason` says on which ground, for the history
    and the access log."""
    application = Application.objects.select_for_update().select_related("person").get(pk=application.pk)
    if consent_shared(application) == share:
        return application
    today = local_today()
    before = history_values(application, ["consent_share", "consent_withdrawn_on"])
    if share:
        application.consent_share, application.consent_withdrawn_on = True, None
    else:
        application.consent_withdrawn_on = today
    application.save(update_fields=["consent_share", "consent_withdrawn_on", "updated_at"])
    history_record_update(
        application, before=before, actor=citizen_user, scope=application.person, reason=reason
    )
    if share:
        _consent_grounds_end(application, today)  # nothing left over from an earlier round today
        consent_grounds_grant(application, valid_from=today)
    else:
        _consent_grounds_end(application, today)
    access_log_write(
        user=citizen_user,
        person=application.person,
        action=AccessAction.UPDATE,
        what=_("Samtykke til deling gitt på Min side")
        if share
        else _("Samtykke til deling trukket tilbake på Min side"),
        reason=reason,
    )
    return application


# The consents to collect information (helsepersonelloven § 22) an application may give, as Min side names them.
COLLECTION_CONSENTS = ("consent_gp", "consent_hospital", "consent_nav")


@transaction.atomic
def application_collection_consent_withdraw_by_citizen(
    *, citizen_user: User, application: Application, consent: str, reason: str
) -> Application:
    """The citizen (or their representative) withdraws, on Min side, a consent to ask the GP, the hospital or
    NAV for information (GDPR art. 7 nr. 3): from now the office may not ask. What was collected before stays
    in the case. Withdrawing what is not given changes nothing (a double submit); the caller has checked that
    the citizen may act for the application's person."""
    if consent not in COLLECTION_CONSENTS:
        raise ValidationError({"consent": _("Velg hvilket samtykke du vil trekke tilbake.")})
    application = Application.objects.select_for_update().select_related("person").get(pk=application.pk)
    if not getattr(application, consent):
        return application
    before = history_values(application, [consent])
    setattr(application, consent, False)
    application.save(update_fields=[consent, "updated_at"])
    history_record_update(
        application, before=before, actor=citizen_user, scope=application.person, reason=reason
    )
    access_log_write(
        user=citizen_user,
        person=application.person,
        action=AccessAction.UPDATE,
        what=_("Samtykke til å hente opplysninger trukket tilbake på Min side"),
        reason=reason,
    )
    return application


def representative_candidates(person: Person) -> list[Relative]:
    return list(person.relatives.exclude(representation=""))


ROUTING_EDITORS = (roles.ADMIN,)
_KIND_FIELDS: dict[str, tuple[str, ...]] = {
    RoutingKind.SERVICE: ("service",),
    RoutingKind.BIRTH_DAY: ("day_from", "day_to"),
    RoutingKind.ZONE: ("zone",),
    RoutingKind.AGE: ("age_from",),
    RoutingKind.FALLBACK: (),
}


@transaction.atomic
def routing_rule_add(
    *,
    acting_user: User,
    municipality: Municipality,
    kind: str,
    team: Unit,
    position: int | None = None,
    **fields: Any,
) -> RoutingRule:
    """Add a routing rule at `position` (later rules move down one); rules are tried in order."""
    if acting_user.municipality_id != municipality.pk or not roles.has_any_role(acting_user, ROUTING_EDITORS):
        raise PermissionDenied(_("Bare kommunens administrator kan endre rutingsreglene."))
    if kind not in _KIND_FIELDS:
        raise ValidationError({"kind": _("Ukjent regeltype.")})
    missing = [name for name in _KIND_FIELDS[kind] if fields.get(name) in (None, "")]
    if missing:
        raise ValidationError({name: _("Må fylles ut for denne regeltypen.") for name in missing})
    if kind == RoutingKind.BIRTH_DAY and not 1 <= fields["day_from"] <= fields["day_to"] <= 31:
        raise ValidationError({"day_to": _("Dagene må ligge mellom 1 og 31, fra-dag før til-dag.")})
    for value in (team, fields.get("service"), fields.get("zone")):
        if value is not None and value.municipality_id != municipality.pk:
            raise ValidationError({"team": _("Alt i regelen må høre til kommunen.")})
    rules = RoutingRule.objects.select_for_update().filter(municipality=municipality)
    last = (rules.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    position = last if position is None else max(1, min(position, last))
    for rule in rules.filter(position__gte=position).order_by("-position"):
        RoutingRule.objects.filter(pk=rule.pk).update(position=rule.position + 1)
        history_record_values(
            rule, actor=acting_user, changes={"position": (str(rule.position), str(rule.position + 1))}
        )
    rule = RoutingRule(
        municipality=municipality,
        kind=kind,
        team=team,
        position=position,
        **{k: v for k, v in fields.items() if v not in ("", None)},
    )
    rule.full_clean()
    rule.save()
    history_record_create(rule, actor=acting_user, fields=ROUTING_FIELDS)
    return rule


@transaction.atomic
def routing_rule_set_active(*, acting_user: User, rule: RoutingRule, active: bool) -> RoutingRule:
    if acting_user.municipality_id != rule.municipality_id or not roles.has_any_role(
        acting_user, ROUTING_EDITORS
    ):
        raise PermissionDenied(_("Bare kommunens administrator kan endre rutingsreglene."))
    before = history_values(rule, ["active"])
    rule.active = active
    rule.save(update_fields=["active", "updated_at"])
    history_record_update(rule, before=before, actor=acting_user)
    return rule
