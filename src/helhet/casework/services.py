"""Write use cases of the case process. Each is one transaction, checks the acting user's role, and
writes the case timeline (and access log) in the same transaction."""

import datetime
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.access import roles
from helhet.access.models import AccessAction, CitizenAccount, Responsibility
from helhet.access.policy import case_areas
from helhet.access.services import access_log_write, responsibility_end, responsibility_grant
from helhet.casework import (
    actions,
    closing,
    dates,
    deadlines,
    inbox_items,
    letter_store,
    social,
    workflow,
)
from helhet.casework import delivery as letter_delivery
from helhet.casework.evaluations import evaluation_due_keep
from helhet.casework.models import (
    GRANTING,
    Appeal,
    AppealState,
    Assessment,
    AssessmentFormKind,
    Case,
    CaseEvent,
    Decision,
    DecisionState,
    DeliveryMethod,
    Order,
    Outcome,
    Review,
    ReviewRequest,
    ReviewView,
    Status,
)
from helhet.catalogue.models import FunctionalVariable, LegalRegimeVersion, Service
from helhet.catalogue.selectors import NoLegalRegime, area_label, regime_version_for
from helhet.catalogue.thresholds import AssessmentFacts, review_required, suggest_services
from helhet.core.calendar import local_today
from helhet.core.freetext import has_unsafe_characters
from helhet.core.history import (
    history_record_create,
    history_record_update,
    history_record_values,
    history_values,
    model_fields,
)
from helhet.core.locking import save_versioned
from helhet.core.models import Municipality, User
from helhet.intake.citizen_services import application_submit_by_citizen
from helhet.intake.models import Application
from helhet.intake.routing import AreaRoute
from helhet.intake.services import application_submit_by_area, handoff_record
from helhet.organisation.chart import chart_on
from helhet.organisation.models import Engagement, ServiceArea, Staff, Unit
from helhet.organisation.selectors import service_area_of_unit
from helhet.people.models import Person

CASE_ROLES = (roles.CASE_WORKER,)
intake_log = logging.getLogger("helhet.casework")
CASE_FIELDS = ["owner", "team", "service_area", "status", "received_on", "urgent"]
ASSESSMENT_FIELDS = model_fields(Assessment, exclude=("case", "performed_by"))
DECISION_SENT_FIELDS = [
    "state",
    "sent_on",
    "decided_by",
    "regime_version",
    "delivery_method",
    "delivered_on",
    "delivered_on_presumed",
    "appeal_deadline",
]
APPEAL_FIELDS = model_fields(Appeal, exclude=("decision",))
HANDOFF_FLAG = 3
DECISION_FIELDS = (
    "outcome",
    "scope_amount",
    "scope_unit",
    "content",
    "start_date",
    "review_date",
    "end_date",
    "legal_basis",
    "facts",
    "considerations",
    "payment",
    "provider_unit",
    "advance_notice_sent_on",
    "advance_notice_text",
    "advance_notice_comment_by",
) + social.ECONOMIC_FIELDS


def _case_worker(user: User, case: Case) -> None:
    """Only case workers of the case's own service area act on it (the NAV office decides NAV's cases, the
    service office health and care); a reader on a ground may read, never act."""
    if user.municipality_id != case.municipality_id or not roles.has_any_role(user, CASE_ROLES):
        raise PermissionDenied(_("Bare saksbehandlere kan gjøre dette."))
    if case.service_area not in case_areas(user):
        raise PermissionDenied(
            _("Saken hører til tjenesteområdet «%(area)s»; bare saksbehandlere der kan gjøre dette.")
            % {"area": case.get_service_area_display()}
        )


def _event(
    case: Case, actor: User, kind: str, text: str, *, from_status: str = "", to_status: str = ""
) -> None:
    CaseEvent.objects.create(
        case=case, actor=actor, kind=kind, text=text[:500], from_status=from_status, to_status=to_status
    )


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("person", "application").get(pk=case.pk)


def _status_write(case: Case, actor: User, target: str, note: str) -> str:
    """Store the case's new status with what follows from it (the decisions' evaluation dates, the change
    history); the one place a status is written. Returns the status before."""
    before = case.status
    Case.objects.filter(pk=case.pk).update(status=target, version=case.version + 1)
    case.status, case.version = target, case.version + 1
    if Status.FOLLOW_UP in (before, target):
        evaluation_due_keep(case.pk, target)
    history_record_values(
        case,
        actor=actor,
        changes={"status": (str(Status(before).label), str(Status(target).label))},
        reason=note,
    )
    return before


def _move(case: Case, actor: User, target: str, note: str = "") -> None:
    workflow.check(case.status, target)
    before = _status_write(case, actor, target, note)
    text = _("Status: %(from)s → %(to)s") % {"from": Status(before).label, "to": Status(target).label}
    _event(
        case,
        actor,
        "status",
        f"{text}. {note}".strip() if note else text,
        from_status=before,
        to_status=target,
    )


def _team_leader_user(team: Unit, on: datetime.date) -> User | None:
    """The nearest leader with a user account, from the team upwards: a team led in turn by professional
    leads without accounts (a rotation) still gets its cases owned by the leader above."""
    node = chart_on(team.municipality, on).nodes.get(team.pk)
    while node is not None:
        leader = node.own_leader
        if leader is not None and leader.user_id:
            return leader.user
        node = node.parent
    return None


def _area_for(area_route: AreaRoute, on: datetime.date) -> str:
    """The case's service area: that of its wished services' legal regime (they were grouped by it), else
    that of the team the application was routed to, else health and care."""
    if area_route.services:
        return area_route.area
    return service_area_of_unit(area_route.route.team.pk, on) or ServiceArea.HEALTH_CARE


def _regime_version(service: Service, on: datetime.date) -> LegalRegimeVersion:
    try:
        return regime_version_for(service, on)
    except NoLegalRegime:
        raise ValidationError(
            {
                "service": _("Tjenesten %(service)s har ikke noe rettsregime på denne datoen.")
                % {"service": service}
            }
        ) from None


@transaction.atomic
def application_receive(
    *,
    acting_user: User,
    municipality: Municipality,
    person: Person,
    received_on: datetime.date | None = None,
    **fields: Any,
) -> Case:
    """Receive an application and open its cases; returns the first case. An application whose wished
    services lie in several service areas opens one linked case per area: application_receive_all returns
    them all, and each case lists the others (Case.linked_cases)."""
    return application_receive_all(
        acting_user=acting_user, municipality=municipality, person=person, received_on=received_on, **fields
    )[0]


@transaction.atomic
def application_receive_all(
    *,
    acting_user: User,
    municipality: Municipality,
    person: Person,
    received_on: datetime.date | None = None,
    **fields: Any,
) -> list[Case]:
    """Receive an application, route each of its service areas to a team and open one case per area,
    each with a named owner (the team's leader, or the case worker who registers it) and its reason."""
    received_on = received_on or local_today()
    application, routes = application_submit_by_area(
        acting_user=acting_user, municipality=municipality, person=person, received_on=received_on, **fields
    )

    def owner_for(team: Unit, area: str) -> User:
        owner = _team_leader_user(team, received_on)
        if owner is not None:
            return owner
        # The registering case worker owns it only in their own service area (access.policy.case_access).
        if not roles.has_any_role(acting_user, CASE_ROLES) or area not in case_areas(acting_user):
            raise ValidationError(
                {
                    "routing": _("Teamet %(team)s har ingen leder med brukerkonto som kan eie saken.")
                    % {"team": team}
                }
            )
        return acting_user

    return _cases_open(
        application,
        routes,
        actor=acting_user,
        owner_for=owner_for,
        received_text=_("Søknad mottatt. %(why)s. Saksbehandler: %(owner)s."),
    )


def _cases_open(
    application: Application,
    routes: list[AreaRoute],
    *,
    actor: User,
    owner_for: Callable[[Unit, str], User],
    received_text: str,
) -> list[Case]:
    """One case per routed service area, each with its owner, its reason and the team's ground to read the
    person; several are linked to each other in their timelines."""
    received_on, person = application.received_on, application.person
    cases = []
    for area_route in routes:
        team = area_route.route.team
        area = _area_for(area_route, received_on)
        owner = owner_for(team, area)
        explanation = area_route.route.explanation[:300]
        case = Case.objects.create(
            municipality_id=application.municipality_id,
            person=person,
            application=application,
            owner=owner,
            team=team,
            routing_explanation=explanation,
            received_on=received_on,
            service_area=area,
            urgent=application.urgent,
        )
        history_record_create(case, actor=actor, fields=CASE_FIELDS)
        _event(case, actor, "received", received_text % {"why": explanation, "owner": owner.display_name})
        responsibility_grant(
            person=person,
            unit=team,
            reason=_("Saksbehandling: søknad om tjenester"),
            valid_from=received_on,
            source=f"case:{case.pk}",
        )
        cases.append((case, area_route.area))
    if len(cases) > 1:
        for case, _area in cases:
            others = ", ".join(
                _("sak %(id)d (%(area)s)") % {"id": other.pk, "area": area_label(area)}
                for other, area in cases
                if other.pk != case.pk
            )
            _event(
                case,
                actor,
                "linked",
                _("Samme søknad gjelder flere tjenesteområder; koblet til %(others)s.") % {"others": others},
            )
    return [case for case, _area in cases]


def _citizen_case_owner(team: Unit, area: str, on: datetime.date) -> User:
    """Who owns a case a citizen sent: the team's nearest leader with an account, else a case worker of the
    case's service area engaged in the team. With neither, the application cannot be received digitally
    (nothing is saved) and the citizen is told to call the office."""
    owner = _team_leader_user(team, on)
    if owner is not None:
        return owner
    engaged = (
        Engagement.objects.valid_on(on)
        .filter(unit=team, staff__user__is_active=True, staff__user__groups__name__in=CASE_ROLES)
        .select_related("staff__user")
        .order_by("pk")
    )
    for engagement in engaged:
        user = engagement.staff.user
        if user is not None and area in case_areas(user):
            return user
    intake_log.warning("citizen application: team %s has no case owner", team.pk)
    raise ValidationError(
        {
            "routing": _(
                "Vi kunne ikke ta imot søknaden digitalt akkurat nå. Ingenting er sendt. Ring kontoret, så "
                "tar vi imot søknaden på telefon."
            )
        }
    )


@transaction.atomic
def application_receive_from_citizen(
    *, acting_user: User, person: Person, **fields: Any
) -> tuple[Application, list[Case]]:
    """A digital application from Min side (intake.citizen_services.application_submit_by_citizen checks the
    signer and the form's one-time token), routed and opened as one linked case per service area exactly as at
    the desk; each case lands in its owner's queue. A second submit of the same form returns the first
    application and its cases, and opens nothing."""
    received_on = fields.pop("received_on", None) or local_today()
    filed = application_submit_by_citizen(
        acting_user=acting_user, person=person, received_on=received_on, **fields
    )
    if not filed.created:
        return filed.application, list(filed.application.cases.order_by("pk"))
    who = (
        _("søkeren selv")
        if filed.application.representative is None
        else _("representanten (%(representation)s)")
        % {"representation": filed.application.representative.get_representation_display().lower()}
    )
    cases = _cases_open(
        filed.application,
        filed.routes,
        actor=acting_user,
        owner_for=lambda team, area: _citizen_case_owner(team, area, received_on),
        received_text=_("Digital søknad fra Min side, signert med innlogging av %(who)s.") % {"who": who}
        + " "
        + _("%(why)s. Saksbehandler: %(owner)s."),
    )
    return filed.application, cases


@transaction.atomic
def case_assign(
    *, acting_user: User, case: Case, owner: User | None = None, team: Unit | None = None, reason: str = ""
) -> Case:
    """Give the case a new owner and/or team. Moving it to another team is a handoff and needs a reason."""
    _case_worker(acting_user, case)
    case = _locked(case)
    if owner is not None:
        actions.require(case, actions.CASE_ASSIGN)
    if team is not None and team.pk != case.team_id:
        actions.require(case, actions.CASE_HANDOFF)
    if owner is not None:
        if owner.municipality_id != case.municipality_id or not roles.has_any_role(owner, CASE_ROLES):
            raise ValidationError({"owner": _("Saksbehandleren må være saksbehandler i samme kommune.")})
        if case.service_area not in case_areas(owner):
            raise ValidationError(
                {
                    "owner": _("Saksbehandleren må jobbe i sakens tjenesteområde (%(area)s).")
                    % {"area": case.get_service_area_display().lower()}
                }
            )
        case.owner = owner
        _event(case, acting_user, "owner", _("Ny saksbehandler: %(name)s") % {"name": owner.display_name})
    if team is not None and team.pk != case.team_id:
        handoff_record(
            acting_user=acting_user,
            municipality_id=case.municipality_id,
            person=case.person,
            case=case,
            from_unit=case.team,
            to_unit=team,
            reason=reason,
            unit_field="team",
        )
        for old in Responsibility.objects.filter(source=f"case:{case.pk}", valid_to__isnull=True):
            responsibility_end(responsibility=old, valid_to=max(old.valid_from, local_today()))
        responsibility_grant(
            person=case.person,
            unit=team,
            reason=_("Saksbehandling: søknad om tjenester"),
            valid_from=local_today(),
            source=f"case:{case.pk}",
        )
        case.team = team
        case.handoff_count += 1
        text = _("Sendt til %(team)s: %(reason)s") % {"team": team.name, "reason": reason.strip()}
        if case.handoff_count >= HANDOFF_FLAG:
            text += " " + _("(overført %(n)d ganger – flagget til leder for tjenestekontoret)") % {
                "n": case.handoff_count
            }
        _event(case, acting_user, "handoff", text)
    save_versioned(
        case,
        expected_version=case.version,
        fields=["owner", "team", "handoff_count"],
        actor=acting_user,
        history_fields=["owner", "team"],
        reason=reason.strip(),
    )
    return case


@transaction.atomic
def case_transition(*, acting_user: User, case: Case, to: str, note: str = "") -> Case:
    _case_worker(acting_user, case)
    case = _locked(case)
    if to not in Status.values:
        raise ValidationError({"to": _("Ukjent status.")})
    actions.require(case, f"transition:{to}")  # «Vedtak fattet» is never a move of its own: sending makes it
    if to == Status.WITHDRAWN and not note.strip():
        raise ValidationError({"note": _("Skriv hvorfor søknaden er trukket.")})
    today = local_today()
    if to == Status.ENDED:
        if blocker := closing.close_blocker(case, today):
            raise ValidationError({"to": blocker})
        if not note.strip():
            raise ValidationError({"note": _("Skriv hvorfor saken avsluttes.")})
    _move(case, acting_user, to, note.strip())
    if to in (Status.ENDED, Status.WITHDRAWN):
        closing.end_what_the_case_gave(case, acting_user, today)
    return case


def _facts(
    scores: dict[str, int],
    age: int,
    lives_alone: bool | None,
    relatives_help: bool | None,
    diagnosis_group: str,
) -> AssessmentFacts:
    return AssessmentFacts(
        scores=scores,
        age=age,
        lives_alone=lives_alone,
        relatives_help=relatives_help,
        diagnosis_group=diagnosis_group,
    )


def validate_scores(scores: dict[str, Any]) -> dict[str, int]:
    known = set(FunctionalVariable.objects.values_list("code", flat=True))
    unknown = sorted(set(scores) - known)
    if unknown:
        raise ValidationError(
            {"scores": _("Ukjent funksjonsvariabel: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    bad = sorted(code for code, score in scores.items() if score not in (1, 2, 3, 4, 5, 9))
    if bad:
        raise ValidationError(
            {
                "scores": _("Skår må være 1–5, eller 9 for ikke relevant: %(codes)s.")
                % {"codes": ", ".join(bad)}
            }
        )
    return {code: int(score) for code, score in scores.items()}


@transaction.atomic
def assessment_record(
    *,
    acting_user: User,
    case: Case,
    kind: str,
    held_on: datetime.date,
    scores: dict[str, Any],
    sources: str,
    chosen_services: Iterable[Service] = (),
    choice_reason: str = "",
    diagnosis_group: str = "",
    lives_alone: bool | None = None,
    relatives_help: bool | None = None,
    living_situation: str = "",
    relatives_contribution: str = "",
    own_goals: str = "",
    resources: str = "",
    review_requested: bool = False,
) -> Assessment:
    """Record an assessment; the threshold rules propose services from the lowest care level, and choosing a
    higher level than proposed needs a reason."""
    _case_worker(acting_user, case)
    case = _locked(case)
    actions.require(case, actions.ASSESSMENT_RECORD)
    if held_on > local_today():
        raise ValidationError({"held_on": _("Kartleggingen kan ikke være holdt fram i tid.")})
    scores = validate_scores(scores)
    if not sources.strip():
        raise ValidationError(
            {"sources": _("Skriv hvilke kilder som er brukt (fvl. § 17): samtale, fastlege, pårørende …")}
        )
    chosen = list(chosen_services)
    age = case.person.age_on(held_on)
    suggestions = suggest_services(
        case.municipality, _facts(scores, age, lives_alone, relatives_help, diagnosis_group), on=held_on
    )
    suggested_ids = {s.service.pk for s in suggestions}
    unsupported = [
        service for service in chosen if service.pk not in suggested_ids and social.thresholds_apply(service)
    ]
    if unsupported and not choice_reason.strip():
        raise ValidationError(
            {
                "choice_reason": _(
                    "Tersklene foreslår ikke %(services)s for denne kartleggingen; du velger et høyere nivå enn foreslått "
                    "eller en annen tjeneste. Begrunn valget."
                )
                % {"services": ", ".join(service.name for service in unsupported)}
            }
        )
    assessment = Assessment(
        case=case,
        kind=kind,
        held_on=held_on,
        scores=scores,
        diagnosis_group=diagnosis_group,
        lives_alone=lives_alone,
        relatives_help=relatives_help,
        living_situation=living_situation.strip(),
        relatives_contribution=relatives_contribution.strip(),
        own_goals=own_goals.strip(),
        resources=resources.strip(),
        sources=sources.strip(),
        choice_reason=choice_reason.strip(),
        performed_by=acting_user,
    )
    assessment.full_clean()
    assessment.save()
    assessment.chosen_services.set(chosen)
    history_record_create(assessment, actor=acting_user, fields=ASSESSMENT_FIELDS, scope=case)
    needs_review = review_requested or bool(review_required(chosen, on=held_on))
    if needs_review and not case.review_requested:
        case.review_requested = True
        Case.objects.filter(pk=case.pk).update(review_requested=True)
        history_record_values(case, actor=acting_user, changes={"review_requested": (_("Nei"), _("Ja"))})
        inbox_items.review_wanted(case=case, acting_user=acting_user)
    if case.status in (Status.RECEIVED, Status.REVISED):
        _move(case, acting_user, Status.ASSESSMENT)
    names = ", ".join(s.name for s in chosen) or _("ingen tjenester valgt")
    _event(
        case,
        acting_user,
        "assessment",
        _("Kartlegging (%(kind)s): %(names)s.")
        % {"kind": assessment.get_kind_display().lower(), "names": names}
        + (" " + _("Tverrfaglig vurdering trengs.") if needs_review else ""),
    )
    access_log_write(
        user=acting_user,
        person=case.person,
        action=AccessAction.CREATE,
        what=_("Kartlegging"),
        reason=_("Saksbehandling"),
    )
    return assessment


ASSESSABLE = (Status.RECEIVED, Status.ASSESSMENT, Status.REVIEW, Status.DRAFTING, Status.REVISED)


@transaction.atomic
def social_assessment_record(
    *,
    acting_user: User,
    case: Case,
    kind: str,
    held_on: datetime.date,
    sources: str,
    household_adults: int | None,
    household_children: int | None = 0,
    income: Iterable[Mapping[str, Any]] = (),
    expenses: Iterable[Mapping[str, Any]] = (),
    urgent_need: str = "",
    urgent_by: datetime.date | None = None,
    resources: str = "",
    other_benefits: str = "",
    own_goals: str = "",
    living_situation: str = "",
    chosen_services: Iterable[Service] = (),
) -> Assessment:
    """Kartlegging for sosiale tjenester: the household, its monthly income and expenses, the urgent need and
    by when, what the person can do themself and which other benefits come first, and the sources (fvl § 17).
    No IPLOS scores and no threshold reason: NAV's services lie outside the care ladder."""
    _case_worker(acting_user, case)
    case = _locked(case)
    if case.status not in ASSESSABLE:
        raise ValidationError(
            {
                "status": _("Saken kan ikke kartlegges nå (status «%(status)s»).")
                % {"status": case.get_status_display()}
            }
        )
    adults, children = social.clean_household(household_adults, household_children)
    texts = {
        name: social.clean_text(name, value, 2000)
        for name, value in (
            ("sources", sources),
            ("urgent_need", urgent_need),
            ("resources", resources),
            ("other_benefits", other_benefits),
            ("own_goals", own_goals),
            ("living_situation", living_situation),
        )
    }
    if not texts["sources"]:
        raise ValidationError(
            {
                "sources": _(
                    "Skriv hvilke kilder som er brukt (fvl. § 17): samtale, kontoutskrift, arbeidsgiver …"
                )
            }
        )
    if urgent_by is not None and urgent_by < held_on:
        raise ValidationError({"urgent_by": _("Fristen for det som haster kan ikke være før kartleggingen.")})
    if urgent_by is not None and not texts["urgent_need"]:
        raise ValidationError({"urgent_need": _("Skriv hva som haster.")})
    chosen = list(chosen_services)
    if any(service.municipality_id != case.municipality_id for service in chosen):
        raise ValidationError({"chosen_services": _("Ukjent tjeneste.")})
    outside = [service.name for service in chosen if not social.is_social(service)]
    if outside:
        raise ValidationError(
            {
                "chosen_services": _(
                    "Kartleggingen for sosiale tjenester gjelder tjenestene fra NAV-kontoret, ikke %(services)s."
                )
                % {"services": ", ".join(outside)}
            }
        )
    assessment = Assessment(
        case=case,
        form=AssessmentFormKind.SOCIAL,
        kind=kind,
        held_on=held_on,
        scores={},
        household_adults=adults,
        household_children=children,
        income=social.clean_money_lines("income", income),
        expenses=social.clean_money_lines("expenses", expenses),
        urgent_by=urgent_by,
        performed_by=acting_user,
        **texts,
    )
    assessment.full_clean()
    assessment.save()
    assessment.chosen_services.set(chosen)
    history_record_create(assessment, actor=acting_user, fields=ASSESSMENT_FIELDS, scope=case)
    if case.status in (Status.RECEIVED, Status.REVISED):
        _move(case, acting_user, Status.ASSESSMENT)
    names = ", ".join(s.name for s in chosen) or _("ingen tjenester valgt")
    _event(
        case,
        acting_user,
        "assessment",
        _("Kartlegging for sosiale tjenester (%(kind)s): %(names)s.")
        % {"kind": assessment.get_kind_display().lower(), "names": names}
        + (" " + _("Haster: %(need)s") % {"need": texts["urgent_need"]} if texts["urgent_need"] else ""),
    )
    access_log_write(
        user=acting_user,
        person=case.person,
        action=AccessAction.CREATE,
        what=_("Kartlegging for sosiale tjenester"),
        reason=_("Saksbehandling"),
    )
    return assessment


@transaction.atomic
def review_record(
    *, acting_user: User, case: Case, held_on: datetime.date, conclusion: str, views: list[dict[str, Any]]
) -> Review:
    """An intake meeting: each participant's view and the conclusion. The service office still decides."""
    _case_worker(acting_user, case)
    case = _locked(case)
    actions.require(case, actions.REVIEW_RECORD)
    if not case.assessments.exists():
        raise ValidationError({"case": _("Saken må kartlegges før tverrfaglig vurdering.")})
    units = {view["unit"].pk for view in views if view.get("view", "").strip()}
    if len(units) < 2:
        raise ValidationError(
            {"views": _("En tverrfaglig vurdering trenger synspunkter fra minst to enheter.")}
        )
    if not conclusion.strip():
        raise ValidationError({"conclusion": _("Skriv konklusjonen fra møtet.")})
    review = Review.objects.create(
        case=case, held_on=held_on, conclusion=conclusion.strip(), recorded_by=acting_user
    )
    saved_views = ReviewView.objects.bulk_create(
        ReviewView(
            review=review,
            unit=view["unit"],
            participant=view.get("participant", "")[:200],
            view=view["view"].strip(),
        )
        for view in views
        if view.get("view", "").strip()
    )
    history_record_create(review, actor=acting_user, fields=["held_on", "conclusion"], scope=case)
    history_record_values(
        review,
        actor=acting_user,
        changes={
            "views": (
                "",
                "\n".join(
                    f"{v.unit}: {v.view}" + (f" ({v.participant})" if v.participant else "")
                    for v in saved_views
                ),
            )
        },
        field_labels={"views": _("Synspunkter")},
        scope=case,
    )
    if case.status == Status.ASSESSMENT:
        _move(case, acting_user, Status.REVIEW)
    inbox_items.review_held(case=case, acting_user=acting_user)
    _event(
        case,
        acting_user,
        "review",
        _("Inntaksmøte med %(n)d enheter: %(conclusion)s")
        % {"n": len(units), "conclusion": conclusion.strip()},
    )
    return review


def missing_parts(decision: Decision) -> list[str]:
    """Everything a decision must have before it can be sent (fvl. §§ 24, 25 and 27), in Norwegian."""
    missing = []
    if not decision.outcome:
        missing.append(_("utfall (innvilget, delvis innvilget, avslått eller avvist)"))
    if not decision.legal_basis:
        missing.append(_("hjemmel"))
    if not decision.facts.strip():
        missing.append(_("faktiske forhold"))
    if not decision.considerations.strip():
        missing.append(_("hovedhensyn i vurderingen"))
    if social.decision_kind(decision) != social.CARE:
        missing += social.missing_parts(decision)
    elif decision.outcome in GRANTING:
        if not decision.scope_amount or not decision.scope_unit:
            missing.append(_("omfang (timer per uke, besøk per uke eller døgn)"))
        if not decision.content.strip():
            missing.append(_("hva du får hjelp til"))
        if not decision.start_date:
            missing.append(_("fra dato"))
        if not decision.review_date:
            missing.append(_("dato for evaluering"))
        if not decision.payment.strip():
            missing.append(_("egenandel"))
        if decision.provider_unit_id is None:
            missing.append(_("utførende enhet"))
    if (
        decision.supersedes_id
        and _reduces(decision)
        and not (
            decision.advance_notice_sent_on
            and decision.advance_notice_text.strip()
            and decision.advance_notice_comment_by
        )
    ):
        missing.append(
            _(
                "forhåndsvarsel med frist for å uttale seg (fvl. § 16), fordi vedtaket reduserer eller "
                "avslutter en tjeneste"
            )
        )
    return missing


def _reduces(decision: Decision) -> bool:
    old = decision.supersedes
    if old is None or old.outcome not in GRANTING:
        return False
    if social.decision_kind(decision) == social.ECONOMIC:
        return social.reduces(old, decision)
    if decision.outcome not in GRANTING:
        return True
    if old.scope_unit == decision.scope_unit and old.scope_amount and decision.scope_amount:
        return Decimal(decision.scope_amount) < Decimal(old.scope_amount)
    return bool(decision.end_date and (old.end_date is None or decision.end_date < old.end_date))


def _check_legal_basis(decision: Decision) -> None:
    """Each reference names an act of the decision's own legal regime (by its abbreviation or full name) or
    another act written out in full; an act of another regime, or an abbreviation the regime does not know,
    is refused, so a letter never cites «sotjl» or sosialtjenesteloven in a health decision."""
    version = decision.regime_version
    if version is None:
        return
    own = {name.casefold() for pair in version.acts.items() for name in pair}
    others = {
        name.casefold()
        for acts in LegalRegimeVersion.objects.filter(regime__municipality_id=version.regime.municipality_id)
        .exclude(regime_id=version.regime_id)
        .values_list("acts", flat=True)
        for pair in acts.items()
        for name in pair
    } - own
    for reference in decision.legal_basis:
        social.reject_nul("legal_basis", str(reference))
        head = str(reference).strip().split(" ", 1)[0].rstrip(".").casefold()
        if head in own:
            continue
        if head in others:
            raise ValidationError(
                {
                    "legal_basis": _("«%(ref)s» hører til et annet rettsregime enn %(regime)s.")
                    % {"ref": reference, "regime": version.regime.name.lower()}
                }
            )
        if re.fullmatch(r"[a-zæøå]{2,6}", head):
            raise ValidationError(
                {
                    "legal_basis": _("Skriv loven fullt ut: «%(head)s» er ikke en kjent forkortelse.")
                    % {"head": head}
                }
            )


def _clean_decision(decision: Decision) -> None:
    for name in ("content", "facts", "considerations", "payment", "advance_notice_text"):
        social.reject_nul(name, getattr(decision, name))
    social.clean_economic(decision)
    _check_legal_basis(decision)
    if decision.scope_amount is not None and decision.scope_amount <= 0:
        raise ValidationError({"scope_amount": _("Omfanget må være større enn 0.")})
    if decision.start_date and decision.review_date and decision.review_date < decision.start_date:
        raise ValidationError({"review_date": _("Evalueringsdatoen kan ikke være før fra-datoen.")})
    if decision.start_date and decision.end_date and decision.end_date < decision.start_date:
        raise ValidationError({"end_date": _("Til-datoen kan ikke være før fra-datoen.")})
    if (
        decision.provider_unit is not None
        and decision.provider_unit.municipality_id != decision.case.municipality_id
    ):
        raise ValidationError({"provider_unit": _("Den utførende enheten hører til en annen kommune.")})
    today = local_today()
    dates.check_decision_dates(
        received_on=decision.case.received_on,
        today=today,
        start_date=decision.start_date,
        review_date=decision.review_date,
        end_date=decision.end_date,
    )
    dates.check_advance_notice(
        sent_on=decision.advance_notice_sent_on, comment_by=decision.advance_notice_comment_by, today=today
    )
    decision.full_clean(exclude=["case", "service", "supersedes"])


@transaction.atomic
def decision_draft_create(
    *, acting_user: User, case: Case, service: Service, supersedes: Decision | None = None, **fields: Any
) -> Decision:
    _case_worker(acting_user, case)
    case = _locked(case)
    actions.require(case, actions.DECISION_DRAFT_CREATE)
    if service.municipality_id != case.municipality_id:
        raise ValidationError({"service": _("Ukjent tjeneste.")})
    if supersedes is not None and (supersedes.case_id != case.pk or supersedes.state != DecisionState.SENT):
        raise ValidationError({"supersedes": _("Bare et sendt vedtak i samme sak kan erstattes.")})
    if supersedes is not None:
        taken = Decision.objects.filter(supersedes=supersedes).first()
        if taken is not None:
            raise ValidationError(
                {
                    "supersedes": _(
                        "Vedtaket er allerede erstattet av vedtak %(id)s (%(state)s). Endre det utkastet i "
                        "stedet for å lage et nytt."
                    )
                    % {"id": taken.pk, "state": taken.get_state_display().lower()}
                }
            )
    unknown = set(fields) - set(DECISION_FIELDS)
    if unknown:
        raise TypeError(f"unknown decision fields: {sorted(unknown)}")
    if not fields.get("legal_basis"):
        fields["legal_basis"] = list(service.legal_basis)
    decision = Decision(
        case=case,
        service=service,
        supersedes=supersedes,
        regime_version=_regime_version(service, local_today()),
        **fields,
    )
    _clean_decision(decision)
    decision.save()
    history_record_create(
        decision, actor=acting_user, fields=["service", "supersedes", *DECISION_FIELDS], scope=case
    )
    if case.status in (
        Status.ASSESSMENT,
        Status.REVIEW,
        Status.REVISED,
        Status.APPEAL,
        Status.APPEAL_FORWARDED,
    ):
        _move(case, acting_user, Status.DRAFTING)
    _event(case, acting_user, "draft", _("Utkast til vedtak om %(service)s.") % {"service": service.name})
    return decision


@transaction.atomic
def decision_draft_update(
    *, acting_user: User, decision: Decision, expected_version: int, **fields: Any
) -> Decision:
    """Save a draft; refused when someone else saved it since `expected_version`, or once it is sent."""
    _case_worker(acting_user, decision.case)
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("case", "supersedes")
        .get(pk=decision.pk)
    )
    decision.case = _locked(decision.case)
    actions.require(decision.case, actions.DECISION_DRAFT_UPDATE)
    if decision.state != DecisionState.DRAFT:
        raise ValidationError(
            {"state": _("Et sendt vedtak kan ikke endres. Lag et nytt vedtak som erstatter det.")}
        )
    unknown = set(fields) - set(DECISION_FIELDS)
    if unknown:
        raise TypeError(f"unknown decision fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(decision, name, value)
    _clean_decision(decision)
    save_versioned(
        decision,
        expected_version=expected_version,
        fields=list(fields),
        actor=acting_user,
        scope=decision.case,
    )
    return decision


@transaction.atomic
def decision_send(
    *,
    acting_user: User,
    decision: Decision,
    sent_on: datetime.date | None = None,
    responsible: Staff | None = None,
    delivery_method: str = DeliveryMethod.DIGITAL,
    delivered_on: datetime.date | None = None,
) -> Decision:
    """Decide and notify: the decision becomes immutable, the appeal deadline starts from the day it reached
    the person (digital: the day sent; post: the known day or a presumed one), and a granted decision goes to
    the provider unit as an order with a named responsible person (tjenesteansvarlig; by default the unit's
    leader, own or inherited), whose staff gain need-to-know for the person."""
    _case_worker(acting_user, decision.case)
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("case", "service", "supersedes", "provider_unit")
        .get(pk=decision.pk)
    )
    case = _locked(decision.case)
    actions.require(case, actions.DECISION_SEND)
    if decision.state != DecisionState.DRAFT:
        raise ValidationError({"state": _("Vedtaket er allerede sendt.")})
    # A person reserved against digital contact (KRR) gets the decision on paper whatever was chosen.
    delivery_method = letter_delivery.method_for(case.person, delivery_method)
    delivery = _delivery(decision, case, sent_on or local_today(), delivery_method, delivered_on)
    problems = missing_parts(decision)
    if not case.assessments.exists():
        problems.insert(0, _("kartlegging av saken (fvl. § 17)"))
    if case.review_requested and not case.reviews.exists():
        problems.insert(0, _("tverrfaglig vurdering, som saken er merket for"))
    if problems:
        raise ValidationError(
            {"decision": [_("Vedtaket mangler: %(parts)s.") % {"parts": "; ".join(problems)}]}
        )
    sent_on = sent_on or local_today()
    before = history_values(decision, DECISION_SENT_FIELDS)
    decision.state, decision.sent_on, decision.decided_by = DecisionState.SENT, sent_on, acting_user
    # The moment it was sent, for the time an urgent case took; unknown for a decision recorded afterwards.
    decision.sent_at = timezone.now() if sent_on == local_today() else None
    decision.regime_version = _regime_version(decision.service, sent_on)
    decision.delivery_method, decision.delivered_on, decision.delivered_on_presumed = delivery
    decision.appeal_deadline = deadlines.appeal_deadline(
        decision.delivered_on, weeks=decision.regime_version.appeal_weeks
    )
    decision.save(
        update_fields=[
            "state",
            "sent_on",
            "sent_at",
            "decided_by",
            "regime_version",
            "delivery_method",
            "delivered_on",
            "delivered_on_presumed",
            "appeal_deadline",
            "updated_at",
        ]
    )
    history_record_update(decision, before=before, actor=acting_user, scope=case)
    letter_store.decision_letter_store(decision=decision, acting_user=acting_user)  # frozen as sent
    if case.status == Status.DRAFTING:
        _move(case, acting_user, Status.DECIDED)
    if case.status == Status.DECIDED:
        _move(case, acting_user, Status.NOTIFIED)
    _event(
        case,
        acting_user,
        "decision",
        _("Vedtak om %(service)s sendt: %(outcome)s. Klagefrist %(deadline)s.")
        % {
            "service": decision.service.name,
            "outcome": decision.get_outcome_display().lower(),
            "deadline": decision.appeal_deadline.strftime("%d.%m.%Y"),
        },
    )
    old = decision.supersedes
    if old is not None:
        assert old.sent_on is not None  # only a sent decision is superseded
        _end_order(old, (decision.start_date or sent_on) - datetime.timedelta(days=1))
        _event(
            case,
            acting_user,
            "superseded",
            _("Vedtaket erstatter vedtaket sendt %(day)s.") % {"day": old.sent_on.strftime("%d.%m.%Y")},
        )
    if decision.outcome in GRANTING and social.decision_kind(decision) != social.CARE:
        # NAV pays out or provides itself: no order to a provider unit; a loan or conditions are followed up.
        if case.status == Status.NOTIFIED and social.needs_follow_up(decision):
            _move(
                case, acting_user, Status.FOLLOW_UP, _("NAV-kontoret følger opp vilkår og tilbakebetaling.")
            )
    elif decision.outcome in GRANTING:
        provider_unit = decision.provider_unit
        # missing_parts above refused a granting care decision without a provider unit or a start date.
        assert provider_unit is not None and decision.start_date is not None
        if responsible is None:
            node = chart_on(provider_unit.municipality, sent_on).nodes.get(provider_unit.pk)
            responsible = node.leader if node else None
        elif responsible.municipality_id != case.municipality_id:
            raise ValidationError({"responsible": _("Tjenesteansvarlig må være ansatt i kommunen.")})
        if responsible is None:
            raise ValidationError(
                {"responsible": _("Den utførende enheten har ingen leder; velg en tjenesteansvarlig.")}
            )
        order = Order.objects.create(decision=decision, provider_unit=provider_unit, responsible=responsible)
        history_record_create(order, actor=acting_user, fields=["provider_unit", "responsible"], scope=case)
        # The provider unit's need-to-know for planning starts the day the decision is sent (issue 10): the
        # first visit must be planned, and the person met, before the start date, however far off that is.
        # A decision sent after its start date (a backdated grant) gives access from the start.
        access_from = provider_access_from(sent_on=sent_on, start_date=decision.start_date)
        responsibility_grant(
            person=case.person,
            unit=provider_unit,
            valid_from=access_from,
            valid_to=decision.end_date,
            reason=_("Vedtak om %(service)s") % {"service": decision.service.name},
            source=f"decision:{decision.pk}",
        )
        inbox_items.order_handed(order=order, acting_user=acting_user)
        if case.status == Status.NOTIFIED:
            _move(
                case,
                acting_user,
                Status.FOLLOW_UP,
                _("Bestilling sendt %(unit)s.") % {"unit": decision.provider_unit},
            )
    return decision


def provider_access_from(*, sent_on: datetime.date, start_date: datetime.date) -> datetime.date:
    """The first day a provider unit may see the person of a sent order: the day it is sent, so the unit can
    plan the first visit before the start (pasientjournalloven § 19: need-to-know for the care it is to give);
    the start date instead, if the decision was sent after it."""
    return min(sent_on, start_date)


def _delivery(
    decision: Decision, case: Case, sent_on: datetime.date, method: str, known: datetime.date | None
) -> tuple[str, datetime.date, bool]:
    today = local_today()
    dates.check_sent_on(
        sent_on=sent_on,
        received_on=case.received_on,
        today=today,
        advance_notice_sent_on=decision.advance_notice_sent_on,
        advance_notice_comment_by=decision.advance_notice_comment_by,
    )
    if method not in DeliveryMethod.values:
        raise ValidationError({"delivery_method": _("Velg digitalt, post eller overlevert personlig.")})
    if known is not None:
        dates.check_delivered_on(delivered_on=known, sent_on=sent_on, today=today)
    day, presumed = deadlines.delivered_on(method, sent_on, known)
    return method, day, presumed


def _end_order(decision: Decision, last_day: datetime.date) -> None:
    inbox_items.order_planned(decision_id=decision.pk, acting_user=None)
    for responsibility in Responsibility.objects.filter(source=f"decision:{decision.pk}"):
        end = max(last_day, responsibility.valid_from)
        if responsibility.valid_to is None or responsibility.valid_to > end:
            responsibility_end(responsibility=responsibility, valid_to=end)


@transaction.atomic
def interim_reply_send(
    *,
    acting_user: User,
    case: Case,
    reason: str,
    expected_by: datetime.date,
    sent_on: datetime.date | None = None,
) -> Case:
    """Foreløpig svar (fvl. § 11 a): why it takes time and when a decision can be expected. One sent after the
    month from receipt is recorded as late."""
    _case_worker(acting_user, case)
    case = _locked(case)
    actions.require(case, actions.INTERIM_REPLY_SEND)
    if case.interim_reply_sent_on is not None:
        raise ValidationError(
            {
                "interim": _("Foreløpig svar er allerede sendt %(day)s.")
                % {"day": case.interim_reply_sent_on.strftime("%d.%m.%Y")}
            }
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv hvorfor saken tar tid.")})
    sent_on = sent_on or local_today()
    dates.check_interim_sent(sent_on=sent_on, received_on=case.received_on, today=local_today())
    if expected_by <= local_today():
        raise ValidationError({"expected_by": _("Forventet dato må være fram i tid.")})
    late = deadlines.interim_reply_late(case.received_on, sent_on)
    case.interim_reply_sent_on, case.interim_expected_by, case.interim_reason, case.interim_reply_late = (
        sent_on,
        expected_by,
        reason.strip(),
        late,
    )
    save_versioned(
        case,
        expected_version=case.version,
        fields=["interim_reply_sent_on", "interim_expected_by", "interim_reason", "interim_reply_late"],
        actor=acting_user,
    )
    letter_store.interim_letter_store(case=case, acting_user=acting_user)  # frozen as sent
    text = _("Foreløpig svar sendt; vedtak forventes innen %(day)s.") % {
        "day": expected_by.strftime("%d.%m.%Y")
    }
    if late:
        text += " " + _("Svaret ble sendt etter fristen %(due)s (fvl. § 11 a).") % {
            "due": deadlines.interim_reply_due(case.received_on).strftime("%d.%m.%Y")
        }
    _event(case, acting_user, "interim", text)
    return case


def _appeal_text(appeal: Appeal) -> str:
    return _("klagen mottatt %(day)s på vedtak om %(service)s") % {
        "day": appeal.received_on.strftime("%d.%m.%Y"),
        "service": appeal.decision.service.name,
    }


@transaction.atomic
def appeal_register(
    *,
    acting_user: User,
    decision: Decision,
    received_on: datetime.date,
    change_wanted: str = "",
    reasons: str = "",
    written: bool = True,
    signed: bool = True,
    clear: bool = True,
    guidance_given: str = "",
    correction_deadline: datetime.date | None = None,
) -> Appeal:
    """Register an appeal on a sent decision with its receipt date, whatever its form: the receipt interrupts
    the deadline (pbrl § 7-5, fvl § 30). An oral, unsigned or unclear appeal is registered as needing
    correction, with the guidance given and a deadline to correct (pbrl § 7-3, fvl § 32). Several appeals per
    case and per decision are allowed. The case goes to «Klage til behandling» when its status allows it;
    otherwise it keeps its status and the appeal waits on the dashboard. A late appeal is flagged
    (Statsforvalteren may still hear it, fvl § 31)."""
    _case_worker(acting_user, decision.case)
    decision = (
        Decision.objects.select_for_update(of=("self",)).select_related("case", "service").get(pk=decision.pk)
    )
    case = _locked(decision.case)
    actions.require(case, actions.APPEAL_REGISTER)
    if decision.state != DecisionState.SENT:
        raise ValidationError({"decision": _("Bare sendte vedtak kan påklages.")})
    return _appeal_create(
        acting_user,
        decision,
        case,
        received_on=received_on,
        change_wanted=change_wanted,
        reasons=reasons,
        written=written,
        signed=signed,
        clear=clear,
        guidance_given=guidance_given,
        correction_deadline=correction_deadline,
    )


def _appeal_create(
    acting_user: User,
    decision: Decision,
    case: Case,
    *,
    received_on: datetime.date,
    change_wanted: str,
    reasons: str,
    written: bool,
    signed: bool,
    clear: bool,
    guidance_given: str = "",
    correction_deadline: datetime.date | None = None,
    how: str = "",
) -> Appeal:
    """The appeal on the locked, sent `decision` of the locked `case`, its timeline line and its inbox item."""
    # A sent decision has its sending day and appeal deadline (decision_send).
    assert decision.sent_on is not None and decision.appeal_deadline is not None
    dates.check_appeal_received(
        received_on=received_on, decision_sent_on=decision.sent_on, today=local_today()
    )
    if clear and not change_wanted.strip():
        raise ValidationError(
            {
                "change_wanted": _(
                    "Skriv hvilken endring klageren ønsker, eller merk klagen som uklar og veiled klageren."
                )
            }
        )
    defective = not (written and signed and clear)
    if defective:
        if not guidance_given.strip():
            raise ValidationError(
                {
                    "guidance_given": _(
                        "Klagen har formelle mangler. Skriv hvilken veiledning klageren har fått (%(rule)s)."
                    )
                    % {
                        "rule": decision.regime_version.appeal_form_rule
                        if decision.regime_version is not None
                        else _("forvaltningsloven § 32")
                    }
                }
            )
        if correction_deadline is None or correction_deadline <= local_today():
            raise ValidationError(
                {"correction_deadline": _("Sett en frist fram i tid for å rette manglene.")}
            )
    # The deadline runs from the day the letter reached the person when that is known (pbrl § 7-5, fvl § 29).
    effective = deadlines.effective_appeal_deadline(decision)
    late = effective.due is not None and received_on > effective.due
    appeal = Appeal.objects.create(
        decision=decision,
        received_on=received_on,
        change_wanted=change_wanted.strip(),
        reasons=reasons.strip(),
        written=written,
        signed=signed,
        clear=clear,
        late=late,
        state=AppealState.NEEDS_CORRECTION if defective else AppealState.RECEIVED,
        guidance_given=guidance_given.strip() if defective else "",
        correction_deadline=correction_deadline if defective else None,
    )
    history_record_create(appeal, actor=acting_user, fields=APPEAL_FIELDS, scope=case)
    text = _("Klage mottatt %(day)s på vedtak om %(service)s.") % {
        "day": received_on.strftime("%d.%m.%Y"),
        "service": decision.service.name,
    }
    if how:
        text += " " + how
    if late:
        assert effective.due is not None  # late only against a known deadline
        text += " " + _("Klagen kom etter fristen %(day)s.") % {"day": effective.due.strftime("%d.%m.%Y")}
    if defective:
        assert correction_deadline is not None  # required above for a defective appeal
        text += " " + _("Mangler: %(defects)s; frist for å rette %(day)s.") % {
            "defects": ", ".join(str(d) for d in appeal.defects),
            "day": correction_deadline.strftime("%d.%m.%Y"),
        }
    if Status.APPEAL in workflow.TRANSITIONS[case.status]:
        _move(case, acting_user, Status.APPEAL, text)
    else:
        _event(case, acting_user, "appeal", text)
    inbox_items.appeal_received(appeal=appeal, case=case, acting_user=acting_user)
    return appeal


CITIZEN_APPEAL_TEXT_MAX = 4000


def _citizen_text(value: str, field: str, *, required: str = "") -> str:
    value = (value or "").strip()
    if has_unsafe_characters(value):
        raise ValidationError({field: _("Teksten inneholder tegn som ikke kan brukes. Skriv den på nytt.")})
    if len(value) > CITIZEN_APPEAL_TEXT_MAX:
        raise ValidationError(
            {field: _("Skriv kortere: høyst %(max)s tegn.") % {"max": CITIZEN_APPEAL_TEXT_MAX}}
        )
    if required and not value:
        raise ValidationError({field: required})
    return value


def citizen_appeal_refusal(
    decision: Decision, *, superseded_on: datetime.date | None = None, superseded_known: bool = False
) -> str:
    """Why a citizen cannot appeal `decision` on Min side, in plain Norwegian; empty if they can. The pages ask
    it to show or hide the appeal (giving `superseded_on` they have read, with `superseded_known`);
    appeal_register_by_citizen asks it again under the row lock."""
    if decision.state != DecisionState.SENT:
        return _("Vedtaket er ikke sendt ennå, så det kan ikke påklages.")
    if not superseded_known:
        newer = Decision.objects.filter(supersedes_id=decision.pk, state=DecisionState.SENT).first()
        superseded_on = newer.sent_on if newer is not None else None
    if superseded_on is not None:
        return _(
            "Dette vedtaket er erstattet av et nytt vedtak sendt %(day)s. Er du uenig, kan du klage på det nye "
            "vedtaket."
        ) % {"day": superseded_on.strftime("%d.%m.%Y")}
    if decision.case.status == Status.WITHDRAWN:
        return _(
            "Søknaden i denne saken er trukket, så vedtaket kan ikke påklages her. Kontakt kommunen hvis du "
            "mener dette er feil."
        )
    return ""


@transaction.atomic
def appeal_register_by_citizen(
    *,
    acting_user: User,
    person: Person,
    decision: Decision,
    change_wanted: str,
    reasons: str = "",
    late_reason: str = "",
    ground: str,
) -> Appeal:
    """Klage sendt digitalt fra Min side: the citizen (or their representative) appeals a sent decision on
    `person`'s case. Received today, written and signed with the login (pbrl § 7-3, fvl § 32), so it needs no
    correction; it reaches the case owner's inbox as an appeal registered at the office does. A late appeal is
    accepted and flagged, with the appellant's reason for the delay added to the reasons (fvl § 31).

    The same appeal sent twice (a double click, a reload) is registered once: the open appeal with the same
    text is returned. The caller (helhet.portal) has checked that the citizen may appeal for `person`, and
    gives the `ground` they act on for the access log (their own case, or a representation)."""
    if not CitizenAccount.objects.filter(user_id=acting_user.pk).exists():
        raise PermissionDenied(_("Bare innbyggeren selv eller en representant kan klage her."))
    decision = (
        Decision.objects.select_for_update(of=("self",)).select_related("case", "service").get(pk=decision.pk)
    )
    if decision.case.person_id != person.pk:
        raise PermissionDenied(_("Vedtaket gjelder en annen person."))
    case = _locked(decision.case)
    decision.case = case
    refusal = citizen_appeal_refusal(decision)
    if refusal:
        raise ValidationError({"decision": refusal})
    actions.require(case, actions.APPEAL_REGISTER)
    change_wanted = _citizen_text(
        change_wanted, "change_wanted", required=_("Skriv hva du vil at kommunen skal endre.")
    )
    reasons = _citizen_text(reasons, "reasons")
    late_reason = _citizen_text(late_reason, "late_reason")
    today = local_today()
    assert decision.appeal_deadline is not None  # a sent decision has its deadline (decision_send)
    if late_reason and today > decision.appeal_deadline:
        why_late = _("Hvorfor klagen kom etter fristen: %(why)s") % {"why": late_reason}
        reasons = f"{reasons}\n\n{why_late}".strip()
        if len(reasons) > CITIZEN_APPEAL_TEXT_MAX:
            raise ValidationError(
                {"late_reason": _("Skriv kortere: begrunnelsen og forklaringen er til sammen for lange.")}
            )
    same = (
        Appeal.objects.filter(decision=decision, change_wanted=change_wanted, reasons=reasons)
        .exclude(state__in=(AppealState.CLOSED, AppealState.DISMISSED))
        .order_by("pk")
        .first()
    )
    if same is not None:
        return same
    appeal = _appeal_create(
        acting_user,
        decision,
        case,
        received_on=today,
        change_wanted=change_wanted,
        reasons=reasons,
        written=True,
        signed=True,
        clear=True,
        how=_("Sendt digitalt fra Min side, skriftlig og signert med innloggingen."),
    )
    access_log_write(
        user=acting_user,
        person=case.person,
        action=AccessAction.CREATE,
        what=_("Klage på vedtak sendt fra Min side"),
        reason=ground,
    )
    return appeal


@transaction.atomic
def appeal_correct(
    *,
    acting_user: User,
    appeal: Appeal,
    corrected_on: datetime.date,
    written: bool = True,
    signed: bool = True,
    clear: bool = True,
    change_wanted: str = "",
    note: str = "",
) -> Appeal:
    """The appellant has corrected the formal defects: the appeal is received as normal. A correction after
    the deadline needs a note saying why the office accepts it."""
    _case_worker(acting_user, appeal.decision.case)
    appeal = Appeal.objects.select_for_update().select_related("decision__service").get(pk=appeal.pk)
    case = _locked(appeal.decision.case)
    actions.require(case, actions.APPEAL_CORRECT)
    if appeal.state != AppealState.NEEDS_CORRECTION:
        raise ValidationError({"state": _("Klagen har ingen formelle mangler å rette.")})
    assert appeal.correction_deadline is not None  # an appeal needing correction has its deadline
    if corrected_on > local_today() or corrected_on < appeal.received_on:
        raise ValidationError(
            {"corrected_on": _("Datoen for rettingen må ligge mellom mottaksdatoen og i dag.")}
        )
    change_wanted = change_wanted.strip() or appeal.change_wanted
    if not (written and signed and clear):
        raise ValidationError(
            {"signed": _("Klagen er fortsatt ikke skriftlig, signert og tydelig; manglene er ikke rettet.")}
        )
    if not change_wanted:
        raise ValidationError({"change_wanted": _("Skriv hvilken endring klageren ønsker.")})
    if corrected_on > appeal.correction_deadline and not note.strip():
        raise ValidationError(
            {
                "note": _(
                    "Rettingen kom etter fristen %(day)s. Skriv hvorfor kommunen likevel behandler klagen."
                )
                % {"day": appeal.correction_deadline.strftime("%d.%m.%Y")}
            }
        )
    before = history_values(appeal, APPEAL_FIELDS)
    appeal.written, appeal.signed, appeal.clear, appeal.change_wanted = True, True, True, change_wanted
    appeal.state, appeal.corrected_on, appeal.correction_note = (
        AppealState.RECEIVED,
        corrected_on,
        note.strip(),
    )
    appeal.save(
        update_fields=[
            "written",
            "signed",
            "clear",
            "change_wanted",
            "state",
            "corrected_on",
            "correction_note",
            "updated_at",
        ]
    )
    history_record_update(appeal, before=before, actor=acting_user, scope=case)
    _event(
        case,
        acting_user,
        "appeal_corrected",
        _("Manglene ved %(appeal)s er rettet %(day)s.")
        % {"appeal": _appeal_text(appeal), "day": corrected_on.strftime("%d.%m.%Y")}
        + (" " + note.strip() if note.strip() else ""),
    )
    return appeal


@transaction.atomic
def appeal_dismiss(*, acting_user: User, appeal: Appeal, reason: str) -> Appeal:
    """The deadline to correct has passed and the defects were not corrected: the office dismisses the appeal
    (avvisning) and records why. The case keeps its status. (The dismissal is itself a decision the person may
    appeal; its letter is not made here.)"""
    _case_worker(acting_user, appeal.decision.case)
    appeal = Appeal.objects.select_for_update().select_related("decision__service").get(pk=appeal.pk)
    case = _locked(appeal.decision.case)
    actions.require(case, actions.APPEAL_DISMISS)
    if appeal.state != AppealState.NEEDS_CORRECTION:
        raise ValidationError(
            {"state": _("Bare en klage med formelle mangler som ikke er rettet kan avvises her.")}
        )
    assert appeal.correction_deadline is not None  # an appeal needing correction has its deadline
    if appeal.correction_deadline >= local_today():
        raise ValidationError(
            {
                "state": _(
                    "Fristen for å rette manglene løper til %(day)s; klagen kan ikke avvises før den er ute."
                )
                % {"day": appeal.correction_deadline.strftime("%d.%m.%Y")}
            }
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv hvorfor klagen avvises.")})
    before = history_values(appeal, APPEAL_FIELDS)
    appeal.state, appeal.correction_note = AppealState.DISMISSED, reason.strip()
    appeal.save(update_fields=["state", "correction_note", "updated_at"])
    history_record_update(appeal, before=before, actor=acting_user, scope=case)
    _event(
        case,
        acting_user,
        "appeal_dismissed",
        _("Avviste %(appeal)s: manglene ble ikke rettet innen fristen. %(reason)s")
        % {"appeal": _appeal_text(appeal), "reason": reason.strip()},
    )
    inbox_items.appeal_reassessed(appeal=appeal, acting_user=acting_user)
    return appeal


@transaction.atomic
def appeal_reverse(*, acting_user: User, appeal: Appeal, reassessment: str, late_reason: str = "") -> Appeal:
    """The deciding office agrees: the case goes to drafting, for a new decision that supersedes the old.
    An appeal reversed always needs a new decision, so the case goes to drafting whatever its status."""
    return _appeal_step(
        acting_user,
        appeal,
        reassessment,
        AppealState.REVERSED,
        _("Kommunen omgjør vedtaket; nytt vedtak utarbeides."),
        late_reason=late_reason,
    )


@transaction.atomic
def appeal_uphold(
    *,
    acting_user: User,
    appeal: Appeal,
    reassessment: str,
    forwarded_on: datetime.date,
    late_reason: str = "",
) -> Appeal:
    """The deciding office upholds the decision and forwards the appeal to Statsforvalteren."""
    appeal.forwarded_on = forwarded_on
    return _appeal_step(
        acting_user,
        appeal,
        reassessment,
        AppealState.FORWARDED,
        _("Kommunen opprettholder vedtaket; klagen er sendt Statsforvalteren."),
        late_reason=late_reason,
    )


def _appeal_step(
    acting_user: User, appeal: Appeal, reassessment: str, state: str, text: str, *, late_reason: str = ""
) -> Appeal:
    _case_worker(acting_user, appeal.decision.case)
    forwarded_on = appeal.forwarded_on
    appeal = Appeal.objects.select_for_update().select_related("decision__service").get(pk=appeal.pk)
    case = _locked(appeal.decision.case)
    actions.require(case, actions.APPEAL_REASSESS)
    if appeal.state == AppealState.NEEDS_CORRECTION:
        assert appeal.correction_deadline is not None  # an appeal needing correction has its deadline
        if appeal.correction_deadline < local_today():
            message = _(
                "Fristen for å rette klagens mangler gikk ut %(day)s. Registrer rettingen med en merknad, "
                "eller avvis klagen, før den vurderes."
            )
        else:
            message = _("Klagen har formelle mangler som må rettes innen %(day)s før den kan vurderes.")
        raise ValidationError({"state": message % {"day": appeal.correction_deadline.strftime("%d.%m.%Y")}})
    if appeal.state != AppealState.RECEIVED:
        raise ValidationError({"state": _("Klagen er allerede vurdert.")})
    if not reassessment.strip():
        raise ValidationError({"reassessment": _("Skriv kommunens nye vurdering.")})
    if appeal.late:
        # A late appeal is heard only on a recorded ground (forvaltningsloven § 31); otherwise it is dismissed.
        if not late_reason.strip():
            raise ValidationError(
                {
                    "late_reason": _(
                        "Klagen kom etter fristen. Skriv hvorfor den likevel behandles (forvaltningsloven § 31), "
                        "eller avvis den."
                    )
                }
            )
        reassessment = _(
            "Klagen kom etter fristen og behandles likevel (forvaltningsloven § 31): %(why)s\n\n%(rest)s"
        ) % {
            "why": late_reason.strip(),
            "rest": reassessment.strip(),
        }
    if state == AppealState.FORWARDED and (
        forwarded_on is None or forwarded_on > local_today() or forwarded_on < appeal.received_on
    ):
        raise ValidationError(
            {"forwarded_on": _("Datoen klagen ble sendt må ligge mellom mottaksdatoen og i dag.")}
        )
    before = history_values(appeal, APPEAL_FIELDS)
    appeal.state, appeal.reassessment, appeal.forwarded_on = state, reassessment.strip(), forwarded_on
    appeal.save(update_fields=["state", "reassessment", "forwarded_on", "updated_at"])
    history_record_update(appeal, before=before, actor=acting_user, scope=case)
    text = f"{text} ({_appeal_text(appeal)})"
    if state == AppealState.REVERSED:
        _reopen_for_decision(case, acting_user, text)
    elif case.status == Status.APPEAL:
        _move(case, acting_user, Status.APPEAL_FORWARDED, text)
    else:
        _event(case, acting_user, "appeal", text)
    inbox_items.appeal_reassessed(appeal=appeal, acting_user=acting_user)
    return appeal


def _reopen_for_decision(case: Case, actor: User, text: str) -> None:
    """A changed decision must be made again: the case goes to drafting. From a status the transition table
    does not lead from (e.g. ended), this is the appeal's own move, recorded as such."""
    if case.status == Status.DRAFTING:
        _event(case, actor, "appeal", text)
    elif Status.DRAFTING in workflow.TRANSITIONS[case.status]:
        _move(case, actor, Status.DRAFTING, text)
    else:
        before = _status_write(case, actor, Status.DRAFTING, text)
        _event(
            case,
            actor,
            "status",
            _("Status: %(from)s → %(to)s (etter klage). %(text)s")
            % {"from": Status(before).label, "to": Status.DRAFTING.label, "text": text},
            from_status=before,
            to_status=Status.DRAFTING,
        )


@transaction.atomic
def appeal_authority_outcome(
    *, acting_user: User, appeal: Appeal, outcome: str, decided_on: datetime.date
) -> Appeal:
    """Statsforvalteren's outcome, acted on: a changed decision goes back to drafting; an upheld one continues."""
    _case_worker(acting_user, appeal.decision.case)
    appeal = Appeal.objects.select_for_update().select_related("decision__service").get(pk=appeal.pk)
    case = _locked(appeal.decision.case)
    actions.require(case, actions.APPEAL_AUTHORITY_OUTCOME)
    if appeal.state != AppealState.FORWARDED:
        raise ValidationError({"state": _("Klagen er ikke sendt Statsforvalteren.")})
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Ukjent utfall.")})
    if decided_on > local_today() or (appeal.forwarded_on and decided_on < appeal.forwarded_on):
        raise ValidationError(
            {"decided_on": _("Statsforvalterens dato må ligge mellom datoen klagen ble sendt og i dag.")}
        )
    before = history_values(appeal, APPEAL_FIELDS)
    appeal.state, appeal.authority_outcome, appeal.authority_decided_on = (
        AppealState.CLOSED,
        outcome,
        decided_on,
    )
    appeal.save(update_fields=["state", "authority_outcome", "authority_decided_on", "updated_at"])
    history_record_update(appeal, before=before, actor=acting_user, scope=case)
    changed = outcome in (Outcome.REVERSED, Outcome.GRANTED, Outcome.PARTLY_GRANTED)
    text = _("Statsforvalteren: %(outcome)s.") % {"outcome": Outcome(outcome).label.lower()}
    if changed:
        _reopen_for_decision(case, acting_user, text)
    elif case.status == Status.APPEAL_FORWARDED:
        has_running_service = appeal.decision.outcome in GRANTING
        _move(case, acting_user, Status.FOLLOW_UP if has_running_service else Status.ENDED, text)
        if case.status == Status.ENDED:
            closing.end_what_the_case_gave(case, acting_user, local_today())
    else:
        _event(case, acting_user, "appeal", text)
    return appeal


@transaction.atomic
def review_request_create(
    *, acting_user: User, decision: Decision, from_unit: Unit, reason: str, source: str = ""
) -> ReviewRequest:
    """Ask the service office to review a decision; it lands on the office's dashboard and in the case's history."""
    decision = Decision.objects.select_related("case").get(pk=decision.pk)
    case = _locked(decision.case)
    actions.require(case, actions.REVIEW_REQUEST_CREATE)
    if decision.state != DecisionState.SENT:
        raise ValidationError({"decision": _("Bare sendte vedtak kan vurderes på nytt.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv hvorfor vedtaket bør vurderes på nytt.")})
    request = ReviewRequest.objects.create(
        decision=decision,
        from_unit=from_unit,
        reason=reason.strip()[:2000],
        source=source,
        requested_by=acting_user,
    )
    history_record_create(
        request, actor=acting_user, fields=["decision", "from_unit", "reason", "source"], scope=case
    )
    _event(
        case,
        acting_user,
        "review_requested",
        _("%(unit)s ber om ny vurdering av vedtaket: %(reason)s")
        % {"unit": from_unit.name, "reason": reason.strip()},
    )
    inbox_items.review_request_opened(request=request, case=case, acting_user=acting_user)
    return request


@transaction.atomic
def review_request_handle(*, acting_user: User, request: ReviewRequest, note: str = "") -> ReviewRequest:
    request = ReviewRequest.objects.select_for_update().select_related("decision__case").get(pk=request.pk)
    _case_worker(acting_user, request.decision.case)
    actions.require(_locked(request.decision.case), actions.REVIEW_REQUEST_HANDLE)
    if request.handled_at is not None:
        raise ValidationError({"request": _("Anmodningen er allerede behandlet.")})
    before = history_values(request, ["handled_at", "handled_by"])
    request.handled_at = timezone.now()
    request.handled_by = acting_user
    request.save(update_fields=["handled_at", "handled_by"])
    history_record_update(
        request, before=before, actor=acting_user, scope=request.decision.case, reason=note.strip()
    )
    _event(
        request.decision.case,
        acting_user,
        "review_request_handled",
        _("Anmodning om ny vurdering behandlet. %(note)s") % {"note": note.strip()},
    )
    inbox_items.review_request_done(request=request, acting_user=acting_user)
    return request
