"""Threshold rules (terskelverdier): validate them, describe them in plain words, and match an assessment.

A rule's criteria are data:

    {"all": [condition, …], "any": [condition, …], "min_any": 1}

Every "all" condition must hold, and at least `min_any` of the "any" conditions (when there are any).
`"review": true` says that choosing the service asks for an interdisciplinary review (intake meeting).
A condition is {"variable": CODE, "min": 1–5, "max": 1–5} on an assessed IPLOS score (9 means not
relevant and never meets a condition), or {"fact": NAME, …} on age ("min"/"max"), lives_alone and
relatives_help ("equals": true/false) or diagnosis_group ("in": [...]).
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch, Q
from django.utils.translation import gettext as _

from helhet.catalogue.models import FunctionalVariable, Service, ThresholdRule

NOT_RELEVANT = 9
SCALE = {
    1: "ingen problemer",
    2: "klarer seg selv, men med besvær",
    3: "trenger noe hjelp",
    4: "trenger mye hjelp",
    5: "trenger full hjelp",
    9: "ikke relevant",
}
DIAGNOSIS_GROUPS = {
    "demens": "demens",
    "psykisk_lidelse": "psykisk lidelse",
    "rus": "rusmiddelproblemer",
    "utviklingshemming": "utviklingshemming",
    "somatisk": "somatisk sykdom",
    "kreft": "kreft",
    "hjerneslag": "hjerneslag",
    "annet": "annet",
}
FACTS = ("age", "lives_alone", "relatives_help", "diagnosis_group")


@dataclass
class AssessmentFacts:
    """What an assessment tells the threshold rules: IPLOS scores by variable code and a few facts."""

    scores: dict[str, int] = field(default_factory=dict)
    age: int | None = None
    lives_alone: bool | None = None
    relatives_help: bool | None = None
    diagnosis_group: str = ""


@dataclass(frozen=True)
class Suggestion:
    service: Service
    reasons: tuple[str, ...]

    @property
    def sentence(self) -> str:
        return f"{join_words(list(self.reasons))} → {self.service.name.lower()}"


def join_words(parts: list[str], conjunction: str = "og") -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {conjunction} " + parts[-1]


def _variables() -> dict[str, FunctionalVariable]:
    return {variable.code: variable for variable in FunctionalVariable.objects.all()}


def validate_criteria(criteria, variables: dict[str, FunctionalVariable] | None = None) -> None:
    """Raise ValidationError (field "criteria", Norwegian) unless `criteria` is a well-formed rule."""
    variables = variables if variables is not None else _variables()
    problems: list[str] = []
    if not isinstance(criteria, dict) or not set(criteria) <= {"all", "any", "min_any", "review"}:
        raise ValidationError(
            {
                "criteria": _(
                    "Kriteriene må være et objekt med «all», «any» og eventuelt «min_any» og «review»."
                )
            }
        )
    if not isinstance(criteria.get("review", False), bool):
        raise ValidationError({"criteria": _("«review» må være true eller false.")})
    conditions = []
    for key in ("all", "any"):
        value = criteria.get(key, [])
        if not isinstance(value, list):
            problems.append(_("«%(key)s» må være en liste.") % {"key": key})
            continue
        conditions.extend(value)
    if not conditions:
        problems.append(_("Regelen må ha minst ett kriterium."))
    min_any = criteria.get("min_any", 1)
    if not isinstance(min_any, int) or min_any < 1 or min_any > max(1, len(criteria.get("any", []) or [])):
        problems.append(_("«min_any» må være et helt tall fra 1 til antall kriterier i «any»."))
    for condition in conditions:
        problems.extend(_condition_problems(condition, variables))
    if problems:
        raise ValidationError({"criteria": problems})


def _condition_problems(condition, variables) -> list[str]:
    if not isinstance(condition, dict):
        return [_("Hvert kriterium må være et objekt.")]
    if "variable" in condition:
        if condition["variable"] not in variables:
            return [_("Ukjent funksjonsvariabel «%(code)s».") % {"code": condition["variable"]}]
        bounds = [condition.get(k) for k in ("min", "max") if k in condition]
        if not bounds:
            return [_("Kriteriet for «%(code)s» må ha «min» eller «max».") % {"code": condition["variable"]}]
        if any(not isinstance(b, int) or not 1 <= b <= 5 for b in bounds):
            return [_("Skår for «%(code)s» må være fra 1 til 5.") % {"code": condition["variable"]}]
        return []
    fact = condition.get("fact")
    if fact == "age":
        bounds = [condition.get(k) for k in ("min", "max") if k in condition]
        if not bounds or any(not isinstance(b, int) or not 0 <= b <= 130 for b in bounds):
            return [_("Alder må ha «min» og/eller «max» mellom 0 og 130.")]
        return []
    if fact in ("lives_alone", "relatives_help"):
        return (
            []
            if isinstance(condition.get("equals"), bool)
            else [_("«%(fact)s» må ha «equals»: true eller false.") % {"fact": fact}]
        )
    if fact == "diagnosis_group":
        groups = condition.get("in")
        if not isinstance(groups, list) or not groups or any(g not in DIAGNOSIS_GROUPS for g in groups):
            return [
                _("Diagnosegruppe må være en liste med kjente grupper: %(groups)s.")
                % {"groups": ", ".join(DIAGNOSIS_GROUPS)}
            ]
        return []
    return [_("Ukjent kriterium: %(condition)s.") % {"condition": condition}]


def _meets(condition: dict, facts: AssessmentFacts, variables) -> str | None:
    """The reason in words if `condition` holds for `facts`, else None."""
    if "variable" in condition:
        score = facts.scores.get(condition["variable"])
        if score is None or score == NOT_RELEVANT:
            return None
        if score < condition.get("min", 1) or score > condition.get("max", 5):
            return None
        variable = variables[condition["variable"]]
        return f"{variable.noun} ({score})"
    fact = condition["fact"]
    if fact == "age":
        if facts.age is None or facts.age < condition.get("min", 0) or facts.age > condition.get("max", 130):
            return None
        return _("er %(age)d år") % {"age": facts.age}
    if fact == "lives_alone":
        if facts.lives_alone is None or facts.lives_alone != condition["equals"]:
            return None
        return _("bor alene") if facts.lives_alone else _("bor sammen med andre")
    if fact == "relatives_help":
        if facts.relatives_help is None or facts.relatives_help != condition["equals"]:
            return None
        return _("pårørende gir mye hjelp") if facts.relatives_help else _("har ikke pårørende som hjelper")
    if fact == "diagnosis_group":
        if facts.diagnosis_group not in condition["in"]:
            return None
        return _("diagnosegruppe: %(group)s") % {"group": DIAGNOSIS_GROUPS[facts.diagnosis_group]}
    return None


def _phrase(reasons: list[tuple[dict, str]], variables, facts: AssessmentFacts) -> list[str]:
    """Group variable reasons by kind and IPLOS score band (domain.md §3): 'trenger hjelp med A (4) og B (3)'
    from 3 up (help from others), 'klarer selv, men med vansker: C (2)' at 2 (manages alone, with difficulty
    or aids, no help from others), 'klarer uten problemer: D (1)' at 1, 'har nedsatt E (3)' for impairments."""
    bands: dict[str, list[str]] = {"alone": [], "difficulty": [], "help": []}
    impaired = []
    for cond, text in reasons:
        if "variable" not in cond:
            continue
        if variables[cond["variable"]].kind != "help":
            impaired.append(text)
            continue
        score = facts.scores[cond["variable"]]
        bands["alone" if score <= 1 else "difficulty" if score == 2 else "help"].append(text)
    phrases = []
    if bands["help"]:
        phrases.append(_("trenger hjelp med %(what)s") % {"what": join_words(bands["help"])})
    if bands["difficulty"]:
        phrases.append(
            _("klarer selv, men med vansker: %(what)s") % {"what": join_words(bands["difficulty"])}
        )
    if bands["alone"]:
        phrases.append(_("klarer uten problemer: %(what)s") % {"what": join_words(bands["alone"])})
    if impaired:
        phrases.append(_("har nedsatt %(what)s") % {"what": join_words(impaired)})
    return phrases + [text for cond, text in reasons if "variable" not in cond]


def evaluate(criteria: dict, facts: AssessmentFacts, variables) -> list[str] | None:
    """The reasons in words when the rule is met, otherwise None."""
    reasons: list[tuple[dict, str]] = []
    for condition in criteria.get("all", []):
        reason = _meets(condition, facts, variables)
        if reason is None:
            return None
        reasons.append((condition, reason))
    alternatives = criteria.get("any", [])
    if alternatives:
        met = [(c, r) for c in alternatives if (r := _meets(c, facts, variables)) is not None]
        if len(met) < criteria.get("min_any", 1):
            return None
        reasons.extend(met)
    return _phrase(reasons, variables, facts)


def review_required(services, *, on: datetime.date) -> list:
    """The services among `services` whose rule in force asks for an interdisciplinary review."""
    ids = [service.pk for service in services]
    return list(
        Service.objects.filter(
            pk__in=rules_valid_on(on).filter(service_id__in=ids, criteria__review=True).values("service_id")
        )
    )


def rules_valid_on(day: datetime.date):
    return ThresholdRule.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)


def suggest_services(municipality, facts: AssessmentFacts, *, on: datetime.date) -> list[Suggestion]:
    """Services whose threshold rules the assessment meets, from the lowest care level up, with reasons."""
    variables = _variables()
    services = (
        Service.objects.filter(municipality=municipality, active=True)
        .select_related("care_level")
        .prefetch_related(
            Prefetch(
                "threshold_rules",
                # The service-wide rule first (nulls first on every database), then team rules.
                queryset=rules_valid_on(on)
                .select_related("team")
                .order_by(F("team_id").asc(nulls_first=True), "-valid_from"),
                to_attr="current_rules",
            )
        )
    )
    suggestions = []
    for service in services:
        for rule in service.current_rules:
            reasons = evaluate(rule.criteria, facts, variables)
            if reasons is not None:
                if rule.team is not None:
                    reasons.append(_("etter terskelen for %(team)s") % {"team": rule.team.name})
                suggestions.append(Suggestion(service=service, reasons=tuple(reasons)))
                break
    return sorted(
        suggestions,
        key=lambda s: (s.service.care_level.position if s.service.care_level else 999, s.service.name),
    )


def _bound_words(condition: dict[str, Any], codes: bool = True) -> str:
    low, high = condition.get("min"), condition.get("max")
    if not codes:  # for citizens: the words of the scale, never its numbers
        if low and high:
            return _("fra «%(low)s» til «%(high)s»") % {"low": SCALE[low], "high": SCALE[high]}
        if low:
            return _("%(words)s eller mer") % {"words": SCALE[low]}
        assert high is not None
        return _("høyst «%(words)s»") % {"words": SCALE[high]}
    if low and high:
        return _("skår %(low)d–%(high)d") % {"low": low, "high": high}
    if low:
        return _("%(words)s eller mer (%(low)d+)") % {"words": SCALE[low], "low": low}
    assert high is not None  # validate_criteria: a score condition has a min or a max
    return _("høyst %(words)s (%(high)d)") % {"words": SCALE[high], "high": high}


def describe_condition(condition: dict, variables, codes: bool = True) -> str:
    if "variable" in condition:
        variable = variables.get(condition["variable"])
        name = variable.noun if variable else condition["variable"]
        return f"{name}: {_bound_words(condition, codes)}"
    fact = condition.get("fact")
    if fact == "age":
        low, high = condition.get("min"), condition.get("max")
        if low is not None and high is not None:
            return _("alder %(low)d–%(high)d år") % {"low": low, "high": high}
        if low is not None:
            return _("%(low)d år eller eldre") % {"low": low}
        assert high is not None  # validate_criteria: an age condition has a min or a max
        return _("under %(high)d år") % {"high": high + 1}
    if fact == "lives_alone":
        return _("bor alene") if condition["equals"] else _("bor sammen med andre")
    if fact == "relatives_help":
        return _("pårørende gir mye hjelp") if condition["equals"] else _("har ikke pårørende som hjelper")
    if fact == "diagnosis_group":
        return _("diagnosegruppe %(groups)s") % {
            "groups": join_words([DIAGNOSIS_GROUPS.get(g, g) for g in condition["in"]], _("eller"))
        }
    return str(condition)


def describe(criteria: dict, variables=None, *, codes: bool = True) -> str:
    """The rule in plain words, for staff (with the scores, «(3+)») and citizens (`codes=False`: words only)."""
    variables = variables if variables is not None else _variables()
    parts = []
    required = [describe_condition(c, variables, codes) for c in criteria.get("all", [])]
    review = _("Valg av tjenesten drøftes i tverrfaglig inntaksmøte.") if criteria.get("review") else ""
    if required:
        parts.append(_("Dette må gjelde: %(list)s.") % {"list": join_words(required)})
    alternatives = [describe_condition(c, variables, codes) for c in criteria.get("any", [])]
    if alternatives:
        count = criteria.get("min_any", 1)
        lead = _("Minst ett av dette") if count == 1 else _("Minst %(n)d av dette") % {"n": count}
        conjunction = _("eller") if count == 1 else _("og")
        parts.append(_("%(lead)s: %(list)s.") % {"lead": lead, "list": join_words(alternatives, conjunction)})
    return " ".join(parts + ([review] if review else []))
