"""Write use cases of the case process. Each is one transaction, checks the acting user's role, and
writes the case timeline (and access log) in the same transaction."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.access import roles
from helhet.access.models import AccessAction, Responsibility
from helhet.access.policy import case_areas
from helhet.access.services import access_log_write, responsibility_end, responsibility_grant
from helhet.casework import deadlines, workflow
from helhet.casework.models import (
    GRANTING,
    Appeal,
    AppealState,
    Assessment,
    Case,
    CaseEvent,
    Decision,
    DecisionState,
    Order,
    Outcome,
    Review,
    ReviewRequest,
    ReviewView,
    Status,
)
from helhet.catalogue.models import FunctionalVariable
from helhet.catalogue.selectors import NoLegalRegime, regime_version_for
from helhet.catalogue.thresholds import AssessmentFacts, review_required, suggest_services
from helhet.core.calendar import local_today
from helhet.core.locking import save_versioned
from helhet.intake.services import application_submit, handoff_record
from helhet.organisation.chart import chart_on
from helhet.organisation.models import ServiceArea
from helhet.organisation.selectors import service_area_of_unit

CASE_ROLES = (roles.CASE_WORKER,)
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
)


def _case_worker(user, municipality_id: int) -> None:
    if user.municipality_id != municipality_id or not roles.has_any_role(user, CASE_ROLES):
        raise PermissionDenied(_("Bare saksbehandlere ved tjenestekontoret kan gjøre dette."))


def _event(case: Case, actor, kind: str, text: str, *, from_status: str = "", to_status: str = "") -> None:
    CaseEvent.objects.create(
        case=case, actor=actor, kind=kind, text=text[:500], from_status=from_status, to_status=to_status
    )


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("person", "application").get(pk=case.pk)


def _move(case: Case, actor, target: str, note: str = "") -> None:
    workflow.check(case.status, target)
    before = case.status
    case.status = target
    Case.objects.filter(pk=case.pk).update(status=target, version=case.version + 1)
    case.version += 1
    text = _("Status: %(from)s → %(to)s") % {"from": Status(before).label, "to": Status(target).label}
    _event(
        case,
        actor,
        "status",
        f"{text}. {note}".strip() if note else text,
        from_status=before,
        to_status=target,
    )


def _team_leader_user(team, on: datetime.date):
    node = chart_on(team.municipality, on).nodes.get(team.pk)
    leader = node.leader if node else None
    return leader.user if leader is not None and leader.user_id else None


def _area_for(application, on: datetime.date) -> str:
    """The case's service area: that of the wished services' legal regime when they agree, else that of the
    team the application was routed to, else health and care."""
    areas = {
        regime_area
        for regime_area in application.wished_services.values_list("legal_regime__service_area", flat=True)
        if regime_area
    }
    if len(areas) == 1:
        return areas.pop()
    return service_area_of_unit(application.routed_to_id, on) or ServiceArea.HEALTH_CARE


def _regime_version(service, on: datetime.date):
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
    *, acting_user, municipality, person, received_on: datetime.date | None = None, **fields
) -> Case:
    """Receive an application, route it and open its case with a named owner (the team's leader, or the
    case worker who registers it)."""
    received_on = received_on or local_today()
    application = application_submit(
        acting_user=acting_user, municipality=municipality, person=person, received_on=received_on, **fields
    )
    owner = _team_leader_user(application.routed_to, received_on)
    area = _area_for(application, received_on)
    if owner is None:
        # The registering case worker owns it only in their own service area (access.policy.case_access).
        if not roles.has_any_role(acting_user, CASE_ROLES) or area not in case_areas(acting_user):
            raise ValidationError(
                {
                    "routing": _("Teamet %(team)s har ingen leder med brukerkonto som kan eie saken.")
                    % {"team": application.routed_to}
                }
            )
        owner = acting_user
    case = Case.objects.create(
        municipality=municipality,
        person=person,
        application=application,
        owner=owner,
        team=application.routed_to,
        received_on=received_on,
        service_area=area,
    )
    _event(
        case,
        acting_user,
        "received",
        _("Søknad mottatt. %(why)s. Saksbehandler: %(owner)s.")
        % {"why": application.routing_explanation, "owner": owner.display_name},
    )
    responsibility_grant(
        person=person,
        unit=application.routed_to,
        reason=_("Saksbehandling: søknad om tjenester"),
        valid_from=received_on,
        source=f"case:{case.pk}",
    )
    return case


@transaction.atomic
def case_assign(*, acting_user, case: Case, owner=None, team=None, reason: str = "") -> Case:
    """Give the case a new owner and/or team. Moving it to another team is a handoff and needs a reason."""
    _case_worker(acting_user, case.municipality_id)
    case = _locked(case)
    if case.status not in workflow.OPEN:
        raise ValidationError({"status": _("Saken er avsluttet.")})
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
    save_versioned(case, expected_version=case.version, fields=["owner", "team", "handoff_count"])
    return case


@transaction.atomic
def case_transition(*, acting_user, case: Case, to: str, note: str = "") -> Case:
    _case_worker(acting_user, case.municipality_id)
    case = _locked(case)
    if to == Status.DECIDED:
        raise ValidationError({"status": _("En sak blir «vedtak fattet» når et vedtak sendes.")})
    if to == Status.WITHDRAWN and not note.strip():
        raise ValidationError({"note": _("Skriv hvorfor søknaden er trukket.")})
    _move(case, acting_user, to, note.strip())
    return case


def _facts(scores: dict, age: int, lives_alone, relatives_help, diagnosis_group: str) -> AssessmentFacts:
    return AssessmentFacts(
        scores=scores,
        age=age,
        lives_alone=lives_alone,
        relatives_help=relatives_help,
        diagnosis_group=diagnosis_group,
    )


def validate_scores(scores: dict) -> dict:
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
    acting_user,
    case: Case,
    kind: str,
    held_on: datetime.date,
    scores: dict,
    sources: str,
    chosen_services=(),
    choice_reason: str = "",
    diagnosis_group: str = "",
    lives_alone=None,
    relatives_help=None,
    living_situation: str = "",
    relatives_contribution: str = "",
    own_goals: str = "",
    resources: str = "",
    review_requested: bool = False,
) -> Assessment:
    """Record an assessment; the threshold rules propose services from the lowest care level, and choosing a
    higher level than proposed needs a reason."""
    _case_worker(acting_user, case.municipality_id)
    case = _locked(case)
    if case.status not in (
        Status.RECEIVED,
        Status.ASSESSMENT,
        Status.REVIEW,
        Status.DRAFTING,
        Status.REVISED,
    ):
        raise ValidationError(
            {
                "status": _("Saken kan ikke kartlegges nå (status «%(status)s»).")
                % {"status": case.get_status_display()}
            }
        )
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
    unsupported = [service for service in chosen if service.pk not in suggested_ids]
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
    needs_review = review_requested or bool(review_required(chosen, on=held_on))
    if needs_review and not case.review_requested:
        case.review_requested = True
        Case.objects.filter(pk=case.pk).update(review_requested=True)
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


@transaction.atomic
def review_record(
    *, acting_user, case: Case, held_on: datetime.date, conclusion: str, views: list[dict]
) -> Review:
    """An intake meeting: each participant's view and the conclusion. The service office still decides."""
    _case_worker(acting_user, case.municipality_id)
    case = _locked(case)
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
    ReviewView.objects.bulk_create(
        ReviewView(
            review=review,
            unit=view["unit"],
            participant=view.get("participant", "")[:200],
            view=view["view"].strip(),
        )
        for view in views
        if view.get("view", "").strip()
    )
    if case.status == Status.ASSESSMENT:
        _move(case, acting_user, Status.REVIEW)
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
    if decision.outcome in GRANTING:
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
        and not (decision.advance_notice_sent_on and decision.advance_notice_text.strip())
    ):
        missing.append(_("forhåndsvarsel (fvl. § 16), fordi vedtaket reduserer eller avslutter en tjeneste"))
    return missing


def _reduces(decision: Decision) -> bool:
    old = decision.supersedes
    if old is None or old.outcome not in GRANTING:
        return False
    if decision.outcome not in GRANTING:
        return True
    if old.scope_unit == decision.scope_unit and old.scope_amount and decision.scope_amount:
        return Decimal(decision.scope_amount) < Decimal(old.scope_amount)
    return bool(decision.end_date and (old.end_date is None or decision.end_date < old.end_date))


def _clean_decision(decision: Decision) -> None:
    if decision.scope_amount is not None and decision.scope_amount <= 0:
        raise ValidationError({"scope_amount": _("Omfanget må være større enn 0.")})
    if decision.start_date and decision.review_date and decision.review_date < decision.start_date:
        raise ValidationError({"review_date": _("Evalueringsdatoen kan ikke være før fra-datoen.")})
    if decision.start_date and decision.end_date and decision.end_date < decision.start_date:
        raise ValidationError({"end_date": _("Til-datoen kan ikke være før fra-datoen.")})
    if decision.provider_unit_id and decision.provider_unit.municipality_id != decision.case.municipality_id:
        raise ValidationError({"provider_unit": _("Den utførende enheten hører til en annen kommune.")})
    decision.full_clean(exclude=["case", "service"])


@transaction.atomic
def decision_draft_create(
    *, acting_user, case: Case, service, supersedes: Decision | None = None, **fields
) -> Decision:
    _case_worker(acting_user, case.municipality_id)
    case = _locked(case)
    if service.municipality_id != case.municipality_id:
        raise ValidationError({"service": _("Ukjent tjeneste.")})
    if supersedes is not None and (supersedes.case_id != case.pk or supersedes.state != DecisionState.SENT):
        raise ValidationError({"supersedes": _("Bare et sendt vedtak i samme sak kan erstattes.")})
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
def decision_draft_update(*, acting_user, decision: Decision, expected_version: int, **fields) -> Decision:
    """Save a draft; refused when someone else saved it since `expected_version`, or once it is sent."""
    _case_worker(acting_user, decision.case.municipality_id)
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("case", "supersedes")
        .get(pk=decision.pk)
    )
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
    save_versioned(decision, expected_version=expected_version, fields=list(fields))
    return decision


@transaction.atomic
def decision_send(
    *, acting_user, decision: Decision, sent_on: datetime.date | None = None, responsible=None
) -> Decision:
    """Decide and notify: the decision becomes immutable, the appeal deadline starts, and a granted decision
    goes to the provider unit as an order with a named responsible person (tjenesteansvarlig; by default
    the unit's leader, own or inherited), whose staff gain need-to-know for the person."""
    _case_worker(acting_user, decision.case.municipality_id)
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("case", "service", "supersedes", "provider_unit")
        .get(pk=decision.pk)
    )
    if decision.state != DecisionState.DRAFT:
        raise ValidationError({"state": _("Vedtaket er allerede sendt.")})
    case = _locked(decision.case)
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
    decision.state, decision.sent_on, decision.decided_by = DecisionState.SENT, sent_on, acting_user
    decision.regime_version = _regime_version(decision.service, sent_on)
    decision.appeal_deadline = deadlines.appeal_deadline(sent_on, weeks=decision.regime_version.appeal_weeks)
    decision.save(
        update_fields=["state", "sent_on", "decided_by", "regime_version", "appeal_deadline", "updated_at"]
    )
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
        _end_order(old, (decision.start_date or sent_on) - datetime.timedelta(days=1))
        _event(
            case,
            acting_user,
            "superseded",
            _("Vedtaket erstatter vedtaket sendt %(day)s.") % {"day": old.sent_on.strftime("%d.%m.%Y")},
        )
    if decision.outcome in GRANTING:
        if responsible is None:
            node = chart_on(decision.provider_unit.municipality, sent_on).nodes.get(decision.provider_unit_id)
            responsible = node.leader if node else None
        elif responsible.municipality_id != case.municipality_id:
            raise ValidationError({"responsible": _("Tjenesteansvarlig må være ansatt i kommunen.")})
        if responsible is None:
            raise ValidationError(
                {"responsible": _("Den utførende enheten har ingen leder; velg en tjenesteansvarlig.")}
            )
        Order.objects.create(decision=decision, provider_unit=decision.provider_unit, responsible=responsible)
        responsibility_grant(
            person=case.person,
            unit=decision.provider_unit,
            valid_from=decision.start_date,
            valid_to=decision.end_date,
            reason=_("Vedtak om %(service)s") % {"service": decision.service.name},
            source=f"decision:{decision.pk}",
        )
        if case.status == Status.NOTIFIED:
            _move(
                case,
                acting_user,
                Status.FOLLOW_UP,
                _("Bestilling sendt %(unit)s.") % {"unit": decision.provider_unit},
            )
    return decision


def _end_order(decision: Decision, last_day: datetime.date) -> None:
    for responsibility in Responsibility.objects.filter(source=f"decision:{decision.pk}"):
        end = max(last_day, responsibility.valid_from)
        if responsibility.valid_to is None or responsibility.valid_to > end:
            responsibility_end(responsibility=responsibility, valid_to=end)


@transaction.atomic
def interim_reply_send(*, acting_user, case: Case, reason: str, expected_by: datetime.date) -> Case:
    """Foreløpig svar (fvl. § 11 a): why it takes time and when a decision can be expected."""
    _case_worker(acting_user, case.municipality_id)
    case = _locked(case)
    if case.status not in workflow.BEFORE_DECISION:
        raise ValidationError({"status": _("Saken har allerede fått vedtak.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv hvorfor saken tar tid.")})
    if expected_by <= local_today():
        raise ValidationError({"expected_by": _("Forventet dato må være fram i tid.")})
    case.interim_reply_sent_on, case.interim_expected_by, case.interim_reason = (
        local_today(),
        expected_by,
        reason.strip(),
    )
    save_versioned(
        case,
        expected_version=case.version,
        fields=["interim_reply_sent_on", "interim_expected_by", "interim_reason"],
    )
    _event(
        case,
        acting_user,
        "interim",
        _("Foreløpig svar sendt; vedtak forventes innen %(day)s.")
        % {"day": expected_by.strftime("%d.%m.%Y")},
    )
    return case


@transaction.atomic
def appeal_register(
    *,
    acting_user,
    decision: Decision,
    received_on: datetime.date,
    change_wanted: str,
    reasons: str = "",
    written: bool = True,
    signed: bool = True,
) -> Appeal:
    """Register an appeal on a sent decision; a late one is flagged (Statsforvalteren may still hear it)."""
    _case_worker(acting_user, decision.case.municipality_id)
    decision = (
        Decision.objects.select_for_update(of=("self",)).select_related("case", "service").get(pk=decision.pk)
    )
    if decision.state != DecisionState.SENT:
        raise ValidationError({"decision": _("Bare sendte vedtak kan påklages.")})
    if not written or not signed:
        raise ValidationError(
            {
                "signed": _(
                    "Klagen må være skriftlig og signert (pbrl. § 7-3). Veiled klageren og gi en "
                    "frist til å rette dette."
                )
            }
        )
    if not change_wanted.strip():
        raise ValidationError({"change_wanted": _("Skriv hvilken endring klageren ønsker.")})
    case = _locked(decision.case)
    late = received_on > decision.appeal_deadline
    appeal = Appeal.objects.create(
        decision=decision,
        received_on=received_on,
        change_wanted=change_wanted.strip(),
        reasons=reasons.strip(),
        written=written,
        signed=signed,
        late=late,
    )
    _move(case, acting_user, Status.APPEAL)
    _event(
        case,
        acting_user,
        "appeal",
        _("Klage mottatt på vedtak om %(service)s.") % {"service": decision.service.name}
        + (
            " "
            + _("Klagen kom etter fristen %(day)s.") % {"day": decision.appeal_deadline.strftime("%d.%m.%Y")}
            if late
            else ""
        ),
    )
    return appeal


@transaction.atomic
def appeal_reverse(*, acting_user, appeal: Appeal, reassessment: str) -> Appeal:
    """The service office agrees: the case goes back to drafting, for a new decision that supersedes the old."""
    return _appeal_step(
        acting_user,
        appeal,
        reassessment,
        AppealState.REVERSED,
        Status.DRAFTING,
        _("Kommunen omgjør vedtaket; nytt vedtak utarbeides."),
    )


@transaction.atomic
def appeal_uphold(*, acting_user, appeal: Appeal, reassessment: str, forwarded_on: datetime.date) -> Appeal:
    """The service office upholds the decision and forwards the appeal to Statsforvalteren."""
    appeal.forwarded_on = forwarded_on
    return _appeal_step(
        acting_user,
        appeal,
        reassessment,
        AppealState.FORWARDED,
        Status.APPEAL_FORWARDED,
        _("Kommunen opprettholder vedtaket; klagen er sendt Statsforvalteren."),
    )


def _appeal_step(
    acting_user, appeal: Appeal, reassessment: str, state: str, case_status: str, text: str
) -> Appeal:
    _case_worker(acting_user, appeal.decision.case.municipality_id)
    forwarded_on = appeal.forwarded_on
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.state != AppealState.RECEIVED:
        raise ValidationError({"state": _("Klagen er allerede vurdert.")})
    if not reassessment.strip():
        raise ValidationError({"reassessment": _("Skriv kommunens nye vurdering.")})
    appeal.state, appeal.reassessment, appeal.forwarded_on = state, reassessment.strip(), forwarded_on
    appeal.save(update_fields=["state", "reassessment", "forwarded_on", "updated_at"])
    case = _locked(appeal.decision.case)
    _move(case, acting_user, case_status, text)
    return appeal


@transaction.atomic
def appeal_authority_outcome(
    *, acting_user, appeal: Appeal, outcome: str, decided_on: datetime.date
) -> Appeal:
    """Statsforvalteren's outcome, acted on: a changed decision goes back to drafting; an upheld one continues."""
    _case_worker(acting_user, appeal.decision.case.municipality_id)
    appeal = Appeal.objects.select_for_update().select_related("decision").get(pk=appeal.pk)
    if appeal.state != AppealState.FORWARDED:
        raise ValidationError({"state": _("Klagen er ikke sendt Statsforvalteren.")})
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Ukjent utfall.")})
    appeal.state, appeal.authority_outcome, appeal.authority_decided_on = (
        AppealState.CLOSED,
        outcome,
        decided_on,
    )
    appeal.save(update_fields=["state", "authority_outcome", "authority_decided_on", "updated_at"])
    case = _locked(appeal.decision.case)
    changed = outcome in (Outcome.REVERSED, Outcome.GRANTED, Outcome.PARTLY_GRANTED)
    has_running_service = appeal.decision.outcome in GRANTING
    target = Status.DRAFTING if changed else (Status.FOLLOW_UP if has_running_service else Status.ENDED)
    _move(
        case,
        acting_user,
        target,
        _("Statsforvalteren: %(outcome)s.") % {"outcome": Outcome(outcome).label.lower()},
    )
    return appeal


@transaction.atomic
def review_request_create(
    *, acting_user, decision: Decision, from_unit, reason: str, source: str = ""
) -> ReviewRequest:
    """Ask the service office to review a decision; it lands on the office's dashboard and in the case's history."""
    decision = Decision.objects.select_related("case").get(pk=decision.pk)
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
    _event(
        decision.case,
        acting_user,
        "review_requested",
        _("%(unit)s ber om ny vurdering av vedtaket: %(reason)s")
        % {"unit": from_unit.name, "reason": reason.strip()},
    )
    return request


@transaction.atomic
def review_request_handle(*, acting_user, request: ReviewRequest, note: str = "") -> ReviewRequest:
    request = ReviewRequest.objects.select_for_update().select_related("decision__case").get(pk=request.pk)
    _case_worker(acting_user, request.decision.case.municipality_id)
    if request.handled_at is not None:
        raise ValidationError({"request": _("Anmodningen er allerede behandlet.")})
    request.handled_at = timezone.now()
    request.handled_by = acting_user
    request.save(update_fields=["handled_at", "handled_by"])
    _event(
        request.decision.case,
        acting_user,
        "review_request_handled",
        _("Anmodning om ny vurdering behandlet. %(note)s") % {"note": note.strip()},
    )
    return request
