"""NAV's social services under sosialtjenesteloven: the rules of the social-services assessment (no IPLOS
scores) and of economic decisions (an amount in kroner, one-off or per month over a period, as a grant or a
loan with repayment terms, with conditions), and the time an urgent case took.

Sources for the rules encoded here (domain.md §6.1):
- § 18 stønad til livsopphold and § 19 stønad i særlige tilfeller: wording read in KS, «Sosialtjenesteloven»
  (ks.no, regelverk og referanser), which quotes the act: § 18 «De som ikke kan sørge for sitt livsopphold
  gjennom arbeid eller ved å gjøre gjeldende økonomiske rettigheter, har krav på økonomisk stønad»; § 19
  «Kommunen kan i særlige tilfeller, selv om vilkårene i § 18 ikke er tilstede, yte økonomisk hjelp til
  personer som trenger det for å kunne overvinne eller tilpasse seg en vanskelig livssituasjon». [V]
- § 21 stønadsformer (grant, loan, guarantee for a loan, goods and services): Statsforvalteren i Vestfold og
  Telemark, «Økonomisk sosialhjelp» («Hjelpen kan ytes som bidrag, lån eller garanti for lån»); municipal
  service pages (Drangedal, Fitjar: «støtte i form av varer eller tjenester; lån eller garanti for lån»;
  Snillfjord: lånegaranti «Se §§ 18, 19 og 21 i sosialtjenesteloven»); the old act's § 5-4 «Stønadsformer»
  (Rundskriv I-34/2001, regjeringen.no). [P: the section's exact wording not read]
- § 20 vilkår: Rundskriv hovednr. 35 (nav.no) lists § 20 and § 20 a; I-34/2001 § 5-3 «Bruk av vilkår» with
  «Krav til vilkårssetting». That a condition must be linked to the decision and not unreasonably burdensome
  is the act's second paragraph as generally cited. [P]
- fvl § 17: the case must be as well informed as possible before the decision, so every assessment records
  its sources. [V S18]
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from helhet.casework.models import GRANTING, AmountPeriod, BenefitForm, EconomicBasis
from helhet.organisation.models import ServiceArea

MAX_KRONER = Decimal("500000")  # a sane upper bound for one decision; catches a typed extra zero or two
MAX_LINES = 12
MAX_CONDITIONS = 10
MAX_CONDITION_LENGTH = 1000
MAX_LINE_TEXT = 200
MAX_HOUSEHOLD = 20
ECONOMIC_FIELDS = (
    "economic_basis",
    "benefit_form",
    "amount",
    "amount_period",
    "repayment_per_month",
    "repayment_first_on",
    "repayment_terms",
    "conditions",
)
# The statutory basis per kind of economic decision (sosialtjenesteloven; «sotjl» is written out in full by
# the regime's `expand` in letters, but the references are stored in full already).
BASIS_OF = {
    EconomicBasis.SUBSISTENCE: "sosialtjenesteloven § 18",
    EconomicBasis.SPECIAL: "sosialtjenesteloven § 19",
}
FORMS_BASIS = "sosialtjenesteloven § 21"  # a loan, a guarantee, goods and services are given under § 21
CONDITIONS_BASIS = "sosialtjenesteloven § 20"
_ECONOMIC_SECTIONS = ("§ 18", "§ 19", "§ 20", "§ 21")

CARE, ECONOMIC, SOCIAL = "care", "economic", "social"


# --- which rules apply ----------------------------------------------------------------------------------


def is_social(service) -> bool:
    """A service decided under NAV's social-services regime (outside the care ladder)."""
    regime = getattr(service, "legal_regime", None)
    return regime is not None and regime.service_area == ServiceArea.SOCIAL


def thresholds_apply(service) -> bool:
    """The care ladder's threshold rules (and the reason for choosing above them) apply to health and care
    services only; NAV's social services lie outside the care ladder."""
    return not is_social(service)


def _cites(references, sections) -> bool:
    return any(
        str(ref).startswith(("sosialtjenesteloven", "sotjl")) and any(s in str(ref) for s in sections)
        for ref in references
    )


def decision_kind(decision) -> str:
    """«economic» for økonomisk stønad (sosialtjenesteloven §§ 18–19), «social» for NAV's other individual
    services (midlertidig botilbud, kvalifiseringsprogram), «care» for health and care."""
    service = decision.service
    if not is_social(service):
        return CARE
    if _cites(service.legal_basis, ("§ 18", "§ 19")) or decision.economic_basis:
        return ECONOMIC
    return SOCIAL


# --- input validation -----------------------------------------------------------------------------------


def reject_nul(field: str, value) -> None:
    if isinstance(value, str) and "\x00" in value:
        raise ValidationError({field: _("Teksten inneholder et ugyldig tegn (NUL).")})


def clean_text(field: str, value, max_length: int) -> str:
    value = "" if value is None else str(value)
    reject_nul(field, value)
    value = value.strip()
    if len(value) > max_length:
        raise ValidationError({field: _("Teksten er for lang (høyst %(n)d tegn).") % {"n": max_length}})
    return value


def parse_kroner(value) -> Decimal | None:
    """«4 500», «4500,50», «kr 4 500» or a number → Decimal; None when empty. Raises ValueError."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = str(value).replace("\xa0", " ").strip().lower().removeprefix("kr").removesuffix(",-").strip()
    text = text.replace(" ", "").replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(value) from None


def clean_kroner(field: str, value, *, positive: bool = False) -> Decimal | None:
    """An amount in kroner: at least 0 (or above 0), at most MAX_KRONER, whole øre."""
    reject_nul(field, value)
    try:
        amount = parse_kroner(value)
    except ValueError:
        raise ValidationError(
            {field: _("Skriv beløpet i kroner, for eksempel 4 500 eller 4 500,50.")}
        ) from None
    if amount is None:
        return None
    if not amount.is_finite():
        raise ValidationError({field: _("Skriv beløpet i kroner, for eksempel 4 500 eller 4 500,50.")})
    if amount < 0 or (positive and amount == 0):
        raise ValidationError(
            {
                field: _("Beløpet må være større enn 0 kroner.")
                if positive
                else _("Beløpet kan ikke være negativt.")
            }
        )
    if amount > MAX_KRONER:
        raise ValidationError(
            {
                field: _("Beløpet kan være høyst %(max)s. Sjekk om det er skrevet riktig.")
                % {"max": kroner(MAX_KRONER)}
            }
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: _("Beløpet kan ha høyst to desimaler (øre).")})
    return amount.quantize(Decimal("0.01"))


def clean_money_lines(field: str, lines: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A household's monthly income or expenses: [{"what": "Lønn", "amount": "4500.00"}, …]."""
    cleaned = []
    for line in lines or ():
        if not isinstance(line, dict):
            raise ValidationError({field: _("Hver linje må ha «what» (hva) og «amount» (beløp).")})
        what = clean_text(field, line.get("what", ""), MAX_LINE_TEXT)
        amount = clean_kroner(field, line.get("amount"))
        if not what and amount is None:
            continue
        if not what:
            raise ValidationError({field: _("Skriv hva beløpet gjelder.")})
        if amount is None:
            raise ValidationError({field: _("Skriv beløpet for «%(what)s».") % {"what": what}})
        cleaned.append({"what": what, "amount": str(amount)})
    if len(cleaned) > MAX_LINES:
        raise ValidationError({field: _("Høyst %(n)d linjer.") % {"n": MAX_LINES}})
    return cleaned


def clean_conditions(conditions) -> list[str]:
    """Vilkår (sosialtjenesteloven § 20): each a text in plain words."""
    cleaned = [clean_text("conditions", c, MAX_CONDITION_LENGTH) for c in conditions or ()]
    cleaned = [c for c in cleaned if c]
    if len(cleaned) > MAX_CONDITIONS:
        raise ValidationError({"conditions": _("Høyst %(n)d vilkår.") % {"n": MAX_CONDITIONS}})
    return cleaned


def clean_household(adults, children) -> tuple[int, int]:
    if adults is None:
        raise ValidationError({"household_adults": _("Skriv hvor mange voksne som bor i husstanden.")})
    if not 1 <= int(adults) <= MAX_HOUSEHOLD:
        raise ValidationError(
            {"household_adults": _("Antall voksne må være fra 1 til %(n)d.") % {"n": MAX_HOUSEHOLD}}
        )
    children = 0 if children is None else int(children)
    if not 0 <= children <= MAX_HOUSEHOLD:
        raise ValidationError(
            {"household_children": _("Antall barn må være fra 0 til %(n)d.") % {"n": MAX_HOUSEHOLD}}
        )
    return int(adults), children


def total(lines) -> Decimal:
    return sum((Decimal(line["amount"]) for line in lines or ()), Decimal("0"))


# --- economic decisions ---------------------------------------------------------------------------------


def economic_legal_basis(decision) -> list[str]:
    """The sections a decision of this kind rests on: § 18 or § 19; § 21 for a loan, guarantee or goods and
    services; § 20 when it has conditions. The loan of domain.md §0 E is § 19 as a loan under § 21, with § 20."""
    if not decision.economic_basis:
        return []
    refs = [BASIS_OF[decision.economic_basis]]
    if decision.benefit_form and decision.benefit_form != BenefitForm.GRANT:
        refs.append(FORMS_BASIS)
    if decision.conditions:
        refs.append(CONDITIONS_BASIS)
    return refs


def with_economic_basis(decision) -> list[str]:
    """The decision's legal basis with the statutory sections of its kind, other references kept after them."""
    computed = economic_legal_basis(decision)
    if not computed:
        return list(decision.legal_basis or [])
    others = [ref for ref in decision.legal_basis or [] if not _cites([ref], _ECONOMIC_SECTIONS)]
    return computed + others


def clean_economic(decision) -> None:
    """Validate and normalise the economic fields of a draft; a care decision must leave them empty."""
    kind = decision_kind(decision)
    if kind != ECONOMIC:
        filled = [name for name in ECONOMIC_FIELDS if getattr(decision, name) not in (None, "", [], ())]
        if filled:
            raise ValidationError(
                {
                    filled[0]: _(
                        "Beløp, stønadsform og vilkår hører bare til vedtak om økonomisk stønad etter sosialtjenesteloven."
                    )
                }
            )
        return
    if decision.economic_basis and decision.economic_basis not in EconomicBasis.values:
        raise ValidationError(
            {"economic_basis": _("Velg § 18 (livsopphold) eller § 19 (særlige tilfeller).")}
        )
    if decision.benefit_form and decision.benefit_form not in BenefitForm.values:
        raise ValidationError(
            {"benefit_form": _("Velg stønad, lån, garanti for lån eller varer og tjenester.")}
        )
    if decision.amount_period and decision.amount_period not in AmountPeriod.values:
        raise ValidationError({"amount_period": _("Velg engangsbeløp eller per måned.")})
    decision.amount = clean_kroner("amount", decision.amount)
    decision.repayment_per_month = clean_kroner(
        "repayment_per_month", decision.repayment_per_month, positive=True
    )
    decision.repayment_terms = clean_text("repayment_terms", decision.repayment_terms, 1000)
    decision.conditions = clean_conditions(decision.conditions)
    if decision.benefit_form != BenefitForm.LOAN and (
        decision.repayment_per_month or decision.repayment_first_on or decision.repayment_terms
    ):
        raise ValidationError({"benefit_form": _("Tilbakebetaling gjelder bare når stønaden gis som lån.")})
    if decision.repayment_per_month and decision.amount and decision.repayment_per_month > decision.amount:
        raise ValidationError(
            {"repayment_per_month": _("Avdraget per måned kan ikke være større enn lånet.")}
        )
    if (
        decision.repayment_first_on
        and decision.start_date
        and decision.repayment_first_on < decision.start_date
    ):
        raise ValidationError(
            {"repayment_first_on": _("Første avdrag kan ikke komme før lånet er utbetalt.")}
        )
    if decision.amount_period == AmountPeriod.ONCE and decision.end_date:
        raise ValidationError(
            {"end_date": _("Et engangsbeløp har ingen til-dato; velg «per måned» for en periode.")}
        )
    decision.legal_basis = with_economic_basis(decision)


def missing_parts(decision) -> list[str]:
    """What a granted NAV decision needs besides the common parts (fvl §§ 24–25): never hours of help, a
    provider unit or an egenandel."""
    if decision.outcome not in GRANTING:
        return []
    kind = decision_kind(decision)
    missing = []
    if kind == SOCIAL:
        if not decision.content.strip():
            missing.append(_("hva du får"))
        if not decision.start_date:
            missing.append(_("fra dato"))
        return missing
    if not decision.economic_basis:
        missing.append(_("hjemmel for stønaden (sosialtjenesteloven § 18 eller § 19)"))
    if not decision.benefit_form:
        missing.append(_("stønadsform (stønad, lån, garanti for lån eller varer og tjenester)"))
    if not decision.amount:
        missing.append(_("beløp i kroner"))
    if not decision.amount_period:
        missing.append(_("engangsbeløp eller beløp per måned"))
    elif decision.amount_period == AmountPeriod.ONCE and not decision.start_date:
        missing.append(_("utbetalingsdato"))
    elif decision.amount_period == AmountPeriod.MONTHLY:
        if not decision.start_date:
            missing.append(_("fra dato"))
        if not decision.end_date:
            missing.append(_("til dato (perioden stønaden gis for)"))
    if not decision.content.strip():
        missing.append(_("hva stønaden skal dekke"))
    if decision.benefit_form == BenefitForm.LOAN and not has_repayment_terms(decision):
        missing.append(
            _(
                "vilkår for tilbakebetaling av lånet (beløp per måned og første avdrag, eller avtalen med "
                "egne ord)"
            )
        )
    needed = [ref for ref in economic_legal_basis(decision) if ref not in (decision.legal_basis or [])]
    if needed:
        missing.append(_("hjemmel som passer stønaden: %(refs)s") % {"refs": ", ".join(needed)})
    return missing


def has_repayment_terms(decision) -> bool:
    return bool(
        (decision.repayment_per_month and decision.repayment_first_on) or decision.repayment_terms.strip()
    )


def reduces(old, new) -> bool:
    """A new economic decision is a reduction (fvl § 16 advance notice) when it grants less per period."""
    if new.outcome not in GRANTING:
        return True
    if old.amount_period == new.amount_period and old.amount and new.amount is not None:
        return new.amount < old.amount
    return bool(new.end_date and (old.end_date is None or new.end_date < old.end_date))


def needs_follow_up(decision) -> bool:
    """A sent loan or a grant with conditions is followed up by the NAV office (repayment, conditions)."""
    return decision.benefit_form == BenefitForm.LOAN or bool(decision.conditions)


# --- letters and pages ----------------------------------------------------------------------------------


def kroner(amount) -> str:
    """Norwegian style: «kr 4 500», «kr 4 500,50» (non-breaking spaces)."""
    amount = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole, _sep, ore = f"{amount:.2f}".partition(".")
    sign = "−" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = "\xa0".join(groups)
    if ore != "00":
        text += f",{ore}"
    return f"kr\xa0{sign}{text}"


@dataclass(frozen=True)
class EconomicSummary:
    """What an economic decision says, in words for the letter, the case page and the API."""

    amount: str
    period: str
    form: str
    basis: str
    repayment: str
    conditions: list[str]
    months_to_repay: int | None


def _day(day: datetime.date | None) -> str:
    return date_format(day, "j. F Y") if day else ""


def summary(decision) -> EconomicSummary | None:
    if decision_kind(decision) != ECONOMIC or decision.amount is None:
        return None
    amount = kroner(decision.amount)
    if decision.amount_period == AmountPeriod.MONTHLY:
        period = _("%(amount)s per måned fra %(start)s til %(end)s") % {
            "amount": amount,
            "start": _day(decision.start_date) or "–",
            "end": _day(decision.end_date) or "–",
        }
    elif decision.start_date:
        period = _("%(amount)s én gang, utbetalt %(day)s") % {
            "amount": amount,
            "day": _day(decision.start_date),
        }
    else:
        period = _("%(amount)s én gang") % {"amount": amount}
    forms = {
        BenefitForm.GRANT: _("Du får %(period)s i stønad. Stønaden skal ikke betales tilbake."),
        BenefitForm.LOAN: _("Du får et lån på %(period)s. Lånet skal betales tilbake."),
        BenefitForm.GUARANTEE: _("NAV-kontoret garanterer for et lån på %(period)s."),
        BenefitForm.GOODS: _("Du får varer eller tjenester for %(period)s."),
    }
    form = forms.get(decision.benefit_form, _("%(period)s.")) % {"period": period}
    basis_names = {
        EconomicBasis.SUBSISTENCE: _("sosialtjenesteloven § 18 (stønad til livsopphold)"),
        EconomicBasis.SPECIAL: _("sosialtjenesteloven § 19 (stønad i særlige tilfeller)"),
    }
    basis = _("Vedtaket er gjort etter %(basis)s.") % {"basis": basis_names.get(decision.economic_basis, "–")}
    if decision.benefit_form and decision.benefit_form != BenefitForm.GRANT:
        basis += " " + _("Stønadsformen følger av sosialtjenesteloven § 21.")
    repayment, months = "", None
    if decision.benefit_form == BenefitForm.LOAN:
        parts = []
        if decision.repayment_per_month and decision.repayment_first_on:
            parts.append(
                _("Du betaler tilbake %(amount)s per måned, første gang %(day)s.")
                % {"amount": kroner(decision.repayment_per_month), "day": _day(decision.repayment_first_on)}
            )
            total_loan = decision.amount * (
                1 if decision.amount_period != AmountPeriod.MONTHLY else _months(decision) or 1
            )
            months = int(
                (total_loan / decision.repayment_per_month).to_integral_value(rounding=ROUND_CEILING)
            )
            parts.append(
                ngettext(
                    "Da er lånet nedbetalt etter %(n)d måned.",
                    "Da er lånet nedbetalt etter %(n)d måneder.",
                    months,
                )
                % {"n": months}
            )
        if decision.repayment_terms.strip():
            parts.append(decision.repayment_terms.strip())
        repayment = " ".join(parts)
    return EconomicSummary(
        amount=amount,
        period=period,
        form=form,
        basis=basis,
        repayment=repayment,
        conditions=list(decision.conditions or []),
        months_to_repay=months,
    )


def _months(decision) -> int:
    if not (decision.start_date and decision.end_date):
        return 0
    return (
        (decision.end_date.year - decision.start_date.year) * 12
        + (decision.end_date.month - decision.start_date.month)
        + 1
    )


def letter_context(decision) -> dict:
    """The economic part of the decision letter (casework/letters/_economic.html)."""
    return {"economic": summary(decision), "economic_kind": decision_kind(decision)}


# --- how long it took ------------------------------------------------------------------------------------


def started_at(case) -> tuple[datetime.datetime, bool]:
    """When the matter came in: the inquiry's timestamp if the application came from one (True), else when
    the application was registered (False), or the start of its receipt day if it was registered later."""
    application = case.application
    inquiry = getattr(application, "inquiry", None) if application.inquiry_id else None
    if inquiry is not None:
        return inquiry.received_at, True
    registered = application.created_at
    if timezone.localdate(registered) > application.received_on:
        start = datetime.datetime.combine(application.received_on, datetime.time.min)
        return timezone.make_aware(start), False
    return registered, False


def time_taken(case, decision) -> datetime.timedelta | None:
    if decision.sent_at is None:
        return None
    start, _from_inquiry = started_at(case)
    return max(decision.sent_at - start, datetime.timedelta(0))


def duration_words(delta: datetime.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return _("under ett minutt")
    if minutes < 60:
        return ngettext("%(n)d minutt", "%(n)d minutter", minutes) % {"n": minutes}
    hours, rest = divmod(minutes, 60)
    if hours < 48:
        text = ngettext("%(n)d time", "%(n)d timer", hours) % {"n": hours}
        if rest:
            text += " " + _("og") + " " + ngettext("%(n)d minutt", "%(n)d minutter", rest) % {"n": rest}
        return text
    days = minutes // (60 * 24)
    return ngettext("%(n)d dag", "%(n)d dager", days) % {"n": days}


def time_taken_text(case, decision) -> str:
    """«Vedtak sendt 47 minutter etter at henvendelsen kom inn.»"""
    delta = time_taken(case, decision)
    if delta is None:
        return ""
    _start, from_inquiry = started_at(case)
    if from_inquiry:
        return _("Vedtak sendt %(time)s etter at henvendelsen kom inn.") % {"time": duration_words(delta)}
    return _("Vedtak sendt %(time)s etter at søknaden kom inn.") % {"time": duration_words(delta)}
