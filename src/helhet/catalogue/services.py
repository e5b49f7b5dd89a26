"""Write use cases for the catalogue: the care ladder, threshold rules and the default catalogue."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils.translation import gettext as _

from helhet.access import roles
from helhet.access.policy import may_edit_catalogue
from helhet.catalogue import defaults
from helhet.catalogue.models import (
    CareLevel,
    FunctionalVariable,
    LegalRegime,
    LegalRegimeVersion,
    LifeSituation,
    Service,
    ThresholdRule,
)
from helhet.catalogue.search_services import search_terms_install_defaults, service_offices_ensure
from helhet.catalogue.selectors import threshold_rights, threshold_teams
from helhet.catalogue.thresholds import validate_criteria
from helhet.core.calendar import local_today
from helhet.core.history import (
    display_value,
    history_record_create,
    history_record_delete,
    history_record_update,
    history_record_values,
    history_values,
)
from helhet.core.locking import save_versioned
from helhet.core.models import Municipality, User
from helhet.organisation.models import Unit


def _editor(user: User, municipality_id: int) -> None:
    if not may_edit_catalogue(user) or user.municipality_id != municipality_id:
        raise PermissionDenied(_("Bare ledere og administratorer i kommunen kan endre tjenestekatalogen."))


@transaction.atomic
def care_level_rename(
    *, acting_user: User, level: CareLevel, name: str, description: str, expected_version: int
) -> CareLevel:
    _editor(acting_user, level.municipality_id)
    level.name, level.description = name.strip(), description.strip()
    level.full_clean(validate_constraints=False)
    save_versioned(
        level, expected_version=expected_version, fields=["name", "description"], actor=acting_user
    )
    return level


@transaction.atomic
def care_level_add(
    *,
    acting_user: User,
    municipality: Municipality,
    name: str,
    description: str = "",
    position: int | None = None,
) -> CareLevel:
    """Add a step; at `position` the steps above move up one, otherwise it goes on top."""
    _editor(acting_user, municipality.pk)
    levels = CareLevel.objects.select_for_update().filter(municipality=municipality)
    top = (levels.aggregate(top=Max("position"))["top"] or -1) + 1
    position = top if position is None else position
    if not 0 <= position <= top:
        raise ValidationError({"position": _("Trinnet må være mellom 0 og %(top)d.") % {"top": top}})
    for level in levels.filter(position__gte=position).order_by("-position"):
        CareLevel.objects.filter(pk=level.pk).update(position=F("position") + 1, version=F("version") + 1)
        history_record_values(
            level, actor=acting_user, changes={"position": (str(level.position), str(level.position + 1))}
        )
    level = CareLevel(
        municipality=municipality, name=name.strip(), description=description.strip(), position=position
    )
    level.full_clean()
    level.save()
    history_record_create(level, actor=acting_user, fields=["name", "description", "position"])
    return level


@transaction.atomic
def care_level_move(*, acting_user: User, level: CareLevel, up: bool) -> CareLevel:
    """Swap the step with the one above (up) or below it."""
    _editor(acting_user, level.municipality_id)
    levels = CareLevel.objects.select_for_update().filter(municipality_id=level.municipality_id)
    neighbour = (
        levels.filter(position__gt=level.position).order_by("position")
        if up
        else levels.filter(position__lt=level.position).order_by("-position")
    ).first()
    if neighbour is None:
        raise ValidationError(
            {"position": _("Trinnet er allerede øverst.") if up else _("Trinnet er allerede nederst.")}
        )
    mine, theirs = level.position, neighbour.position
    parking = (levels.aggregate(top=Max("position"))["top"] or 0) + 1
    CareLevel.objects.filter(pk=level.pk).update(position=parking)
    CareLevel.objects.filter(pk=neighbour.pk).update(position=mine, version=F("version") + 1)
    CareLevel.objects.filter(pk=level.pk).update(position=theirs, version=F("version") + 1)
    history_record_values(level, actor=acting_user, changes={"position": (str(mine), str(theirs))})
    history_record_values(neighbour, actor=acting_user, changes={"position": (str(theirs), str(mine))})
    level.refresh_from_db()
    return level


@transaction.atomic
def threshold_rule_set(
    *,
    acting_user: User,
    service: Service,
    criteria: dict[str, Any],
    valid_from: datetime.date,
    plain_text: str = "",
    team: Unit | None = None,
) -> ThresholdRule:
    """A new version of the service's threshold rule (or of one team's rule for it) from `valid_from`; the
    version in force ends the day before. Who may: see catalogue.selectors.threshold_rights."""
    today = local_today()
    rights = threshold_rights(acting_user, service, on=today)
    if not rights.any:
        raise PermissionDenied(
            _(
                "Bare lederen for en enhet som yter tjenesten, lederen for tjenestekontoret og "
                "administratorer kan endre terskelverdiene for %(service)s."
            )
            % {"service": service.name}
        )
    if team is not None and team.pk not in {unit.pk for unit in threshold_teams(service, today)}:
        raise ValidationError(
            {"team": _("Teamet må høre til en enhet som yter tjenesten, eller til tjenestekontoret.")}
        )
    if not rights.allows(team):
        raise PermissionDenied(
            _("Du kan bare endre terskelverdiene for teamet du leder.")
            if team is None
            else _("Du kan ikke endre terskelverdiene for %(team)s.") % {"team": team.name}
        )
    validate_criteria(criteria)
    running = (
        ThresholdRule.objects.select_for_update()
        .filter(service=service, team=team)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
    )
    if running.filter(valid_from__gt=valid_from).exists():
        raise ValidationError(
            {"valid_from": _("Det finnes en nyere versjon av regelen; velg en senere dato.")}
        )
    rule_fields = ["team", "criteria", "plain_text", "valid_from", "valid_to"]
    for replaced in running.filter(valid_from=valid_from):
        history_record_delete(replaced, actor=acting_user, fields=rule_fields, scope=service)
    running.filter(valid_from=valid_from).delete()
    for ending in running.filter(valid_from__lt=valid_from):
        before = history_values(ending, ["valid_to"])
        ending.valid_to = valid_from - datetime.timedelta(days=1)
        history_record_update(ending, before=before, actor=acting_user, scope=service)
    running.filter(valid_from__lt=valid_from).update(valid_to=valid_from - datetime.timedelta(days=1))
    rule = ThresholdRule(
        service=service, team=team, criteria=criteria, valid_from=valid_from, plain_text=plain_text.strip()
    )
    rule.full_clean()
    rule.save()
    history_record_create(rule, actor=acting_user, fields=rule_fields, scope=service)
    return rule


def functional_variables_ensure() -> None:
    """The IPLOS variables (also added by a migration; a flushed test database needs them again)."""
    for position, (code, name, noun, kind) in enumerate(defaults.FUNCTIONAL_VARIABLES):
        FunctionalVariable.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "noun": noun,
                "kind": kind,
                "position": position,
                "valid_from": defaults.VARIABLES_VALID_FROM,
            },
        )


@transaction.atomic
def catalogue_install_defaults(*, municipality: Municipality, on: datetime.date) -> None:
    """The seven-step ladder and the statutory service list, with threshold rules; units by name where they exist."""
    functional_variables_ensure()
    regimes = legal_regimes_ensure(municipality=municipality)
    if CareLevel.objects.filter(municipality=municipality).exists():
        return
    levels = CareLevel.objects.bulk_create(
        CareLevel(municipality=municipality, position=i, name=name, description=text)
        for i, (name, text) in enumerate(defaults.CARE_LADDER)
    )
    situations = {
        s.name: s
        for s in LifeSituation.objects.bulk_create(
            LifeSituation(municipality=municipality, position=i, name=name)
            for i, name in enumerate(defaults.LIFE_SITUATIONS)
        )
    }
    units = {unit.name: unit for unit in Unit.objects.valid_on(on).filter(municipality=municipality)}
    for (
        name,
        code,
        step,
        decision,
        prevention,
        payment,
        note,
        basis,
        description,
        who_for,
        life,
        apply,
        providers,
        criteria,
    ) in defaults.SERVICES:
        service = Service.objects.create(
            municipality=municipality,
            name=name,
            kpr_code=code,
            care_level=levels[step] if step is not None else None,
            requires_decision=decision,
            prevention_level=prevention,
            payment_rule=payment,
            payment_note=note,
            legal_basis=basis,
            legal_regime=regimes[defaults.regime_code_for(basis)],
            description=description,
            who_for=who_for,
            how_to_apply=apply,
        )
        service.life_situations.set([situations[s] for s in life])
        service.provider_units.set([units[u] for u in providers if u in units])
        if criteria is not None:
            validate_criteria(criteria)
            ThresholdRule.objects.create(
                service=service, criteria=criteria, valid_from=defaults.DEMO_THRESHOLDS_FROM
            )
    search_terms_install_defaults(municipality=municipality)
    service_offices_ensure(municipality=municipality)


REGIME_FIELDS = (
    "acts",
    "deciding_office",
    "appeal_weeks",
    "appeal_deadline_rule",
    "appeal_deadline_start",
    "appeal_lodged_with",
    "appeal_body",
    "appeal_body_rule",
    "appeal_form_rule",
    "names_ombud",
    "ombud_text",
    "interim_rule",
    "advance_notice_rule",
    "document_access_rule",
    "reasons_rule",
    "office_name",
    "sources",
    "nynorsk",
)


@transaction.atomic
def legal_regimes_ensure(*, municipality: Municipality) -> dict[str, LegalRegime]:
    """The default regimes (health and care; social services in NAV) with their first version, and every
    service without a regime linked by its legal basis. Safe to run again: existing data is kept."""
    regimes: dict[str, LegalRegime] = {}
    for data in defaults.LEGAL_REGIMES:
        regime, created = LegalRegime.objects.get_or_create(
            municipality=municipality,
            code=data["code"],
            defaults={"name": data["name"], "service_area": data["service_area"]},
        )
        if created or not regime.versions.exists():
            LegalRegimeVersion.objects.create(
                regime=regime, valid_from=data["valid_from"], **{name: data[name] for name in REGIME_FIELDS}
            )
        regimes[data["code"]] = regime
    for service in Service.objects.filter(municipality=municipality, legal_regime__isnull=True):
        service.legal_regime = regimes[defaults.regime_code_for(service.legal_basis)]
        service.save(update_fields=["legal_regime", "updated_at"])
    return regimes


LETTERHEAD_FIELDS = ("street_address", "postal_code", "postal_place", "phone", "email")
VERSION_FIELDS = REGIME_FIELDS + LETTERHEAD_FIELDS


def may_edit_legal_regimes(user: User) -> bool:
    return user.municipality_id is not None and roles.has_any_role(user, roles.LEGAL_REGIME_EDITORS)


@transaction.atomic
def legal_regime_version_add(
    *, acting_user: User, regime: LegalRegime, valid_from: datetime.date, **fields: Any
) -> LegalRegimeVersion:
    """A new version of what the regime says, from `valid_from` (a new act, a new address). The version in
    force until then ends the day before; decisions already sent keep the version they were sent under."""
    if not may_edit_legal_regimes(acting_user) or acting_user.municipality_id != regime.municipality_id:
        raise PermissionDenied(_("Bare kommunens administrator kan endre rettsregimene."))
    unknown = set(fields) - set(VERSION_FIELDS)
    if unknown:
        raise TypeError(f"unknown regime fields: {sorted(unknown)}")
    regime = LegalRegime.objects.select_for_update().get(pk=regime.pk)
    versions = list(regime.versions.order_by("valid_from"))
    if any(version.valid_from >= valid_from for version in versions):
        raise ValidationError(
            {
                "valid_from": _(
                    "Det finnes allerede en versjon fra denne datoen eller senere. Velg en senere dato."
                )
            }
        )
    if not isinstance(fields.get("acts", {}), dict) or not all(
        isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip()
        for k, v in fields.get("acts", {}).items()
    ):
        raise ValidationError({"acts": _("Lovene skrives som forkortelse og fullt navn, én per linje.")})
    previous = versions[-1] if versions else None
    values = {name: getattr(previous, name) for name in VERSION_FIELDS} if previous else {}
    values.update(fields)
    version = LegalRegimeVersion(regime=regime, valid_from=valid_from, **values)
    version.full_clean(exclude=["regime"])
    if previous is not None and (previous.valid_to is None or previous.valid_to >= valid_from):
        before = history_values(previous, ["valid_to"])
        previous.valid_to = valid_from - datetime.timedelta(days=1)
        previous.save(update_fields=["valid_to", "updated_at"])
        history_record_update(previous, before=before, actor=acting_user, scope=regime)
    version.save()
    if previous is None:
        history_record_create(
            version, actor=acting_user, fields=["valid_from", *VERSION_FIELDS], scope=regime
        )
    else:
        history_record_values(
            version,
            actor=acting_user,
            changes={
                name: (display_value(previous, name), display_value(version, name))
                for name in ["valid_from", *VERSION_FIELDS]
            },
            scope=regime,
        )
    return version
