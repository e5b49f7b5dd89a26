"""The simulation page's GET forms: arrivals and run settings, and one form per scenario (prefix a / b)."""

import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhet.core.calendar import local_today, within_supported_range
from helhet.core.forms import DesignsystemetForm
from helhet.core.models import Municipality
from helhet.insight.simulation.arrivals import recorded_rates
from helhet.insight.simulation.parameters import (
    DAYS,
    MAX_EXPECTED_ARRIVALS,
    MAX_RATE_PER_HOUR,
    MAX_WEEKS,
    TYPICAL_WEEK,
    Distribution,
    JointDay,
    Rates,
    Scenario,
    Settings,
    Team,
    TimeSpec,
    WorkingHours,
    expected_arrivals_per_week,
    one_reception,
    rates_from_grid,
    split_evenly,
    three_doors,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

GRID_HOURS = range(7, 18)  # the hours a reception can be open for hand-entered arrivals
MAX_PERIOD_DAYS = 3 * 366
MAX_BACKOFFICE_STAFF = 400
WEEKDAYS = (
    gettext_lazy("mandag"),
    gettext_lazy("tirsdag"),
    gettext_lazy("onsdag"),
    gettext_lazy("torsdag"),
    gettext_lazy("fredag"),
    gettext_lazy("lørdag"),
    gettext_lazy("søndag"),
)
DISTRIBUTIONS = (
    (Distribution.EXPONENTIAL.value, gettext_lazy("Eksponentiell")),
    (Distribution.LOGNORMAL.value, gettext_lazy("Lognormal")),
    (Distribution.GAMMA.value, gettext_lazy("Gamma")),
    (Distribution.FIXED.value, gettext_lazy("Fast (alltid like lang)")),
)


class NumberField(forms.FloatField):
    """A decimal number that also takes a Norwegian decimal comma."""

    def __init__(self, *, min_value: float, max_value: float, **kwargs: Any) -> None:
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)
        self.widget.attrs.update({"step": "any", "inputmode": "decimal"})

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().replace(",", ".").replace("\u00a0", "").replace(" ", "")
        return super().to_python(value)


def _int(label: "str | StrPromise", lo: int, hi: int, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=lo, max_value=hi, **kwargs)


def _percent(label: "str | StrPromise", **kwargs: Any) -> NumberField:
    return NumberField(label=label, min_value=0, max_value=100, **kwargs)


class RunForm(DesignsystemetForm):
    """Where the arrivals come from, how long to run, the seed and the back office's working day."""

    source = forms.ChoiceField(
        label=gettext_lazy("Ankomster"),
        choices=(
            ("manual", gettext_lazy("Fylt inn for hånd (tabellen under)")),
            ("recorded", gettext_lazy("Registrerte henvendelser i en periode")),
        ),
        widget=forms.RadioSelect,
        initial="manual",
    )
    period_from = forms.DateField(label=gettext_lazy("Periode fra"), required=False)
    period_to = forms.DateField(label=gettext_lazy("Periode til"), required=False)
    in_person_only = forms.BooleanField(label=gettext_lazy("Bare henvendelser ved oppmøte"), required=False)
    weeks = _int(gettext_lazy("Antall uker å simulere"), 1, MAX_WEEKS, initial=26)
    seed = _int(gettext_lazy("Frø (seed)"), 0, 2**31 - 1, initial=1)
    work_start = NumberField(
        label=gettext_lazy("Bakkontoret begynner kl."), min_value=5, max_value=12, initial=8
    )
    work_hours = NumberField(
        label=gettext_lazy("Arbeidstimer per dag i bakkontoret"), min_value=1, max_value=12, initial=7.5
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day in range(DAYS):
            for hour in GRID_HOURS:
                self.fields[self.cell(day, hour)] = NumberField(
                    label=_("%(day)s kl. %(hour)02d") % {"day": WEEKDAYS[day], "hour": hour},
                    min_value=0,
                    max_value=MAX_RATE_PER_HOUR,
                    initial=TYPICAL_WEEK[day][hour],
                    required=False,
                )
        for name in ("period_from", "period_to"):
            self.fields[name].widget = forms.DateInput(attrs={"type": "date", "class": "ds-input"})

    @staticmethod
    def cell(day: int, hour: int) -> str:
        return f"c{day}_{hour}"

    def grid(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The hand-entered arrivals as rows of a table: a weekday and its hours."""
        return [
            (str(WEEKDAYS[day]), [self[self.cell(day, hour)] for hour in GRID_HOURS]) for day in range(DAYS)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("source") == "recorded":
            start, end = data.get("period_from"), data.get("period_to")
            if start is None or end is None:
                raise ValidationError(_("Velg perioden med registrerte henvendelser (fra og til)."))
            if not (within_supported_range(start) and within_supported_range(end)):
                raise ValidationError(_("Datoene må være mellom 01.01.1900 og 31.12.2100."))
            if end < start:
                raise ValidationError(_("Periodens sluttdato kan ikke være før startdatoen."))
            if end > local_today():
                raise ValidationError(_("Perioden kan ikke gå lenger enn til i dag."))
            if (end - start).days + 1 > MAX_PERIOD_DAYS:
                raise ValidationError(_("Perioden kan være høyst tre år."))
        return data

    def settings(self) -> Settings:
        data = self.cleaned_data
        return Settings(
            weeks=data["weeks"],
            seed=data["seed"],
            working_hours=WorkingHours(start_hour=data["work_start"], hours_per_day=data["work_hours"]),
        )

    def manual_rates(self) -> Rates:
        data = self.cleaned_data
        return rates_from_grid(
            {(day, hour): data.get(self.cell(day, hour)) or 0.0 for day in range(DAYS) for hour in GRID_HOURS}
        )

    def arrival_rates(self, municipality: Municipality) -> tuple[Rates | None, int | None]:
        """The rates to simulate, with the number of inquiries counted when they were recorded ones;
        (None, …) with an error on the form when there is nothing to run or too much."""
        counted = None
        if self.cleaned_data["source"] == "recorded":
            rates, counted = recorded_rates(
                municipality,
                self.cleaned_data["period_from"],
                self.cleaned_data["period_to"],
                in_person_only=self.cleaned_data["in_person_only"],
            )
            if not counted:
                self.add_error(
                    None,
                    _(
                        "Det er ingen registrerte henvendelser i perioden. Velg en annen periode eller fyll inn ankomstene for hånd."
                    ),
                )
                return None, 0
        else:
            rates = self.manual_rates()
        per_week = expected_arrivals_per_week(rates)
        if per_week <= 0:
            self.add_error(None, _("Fyll inn minst én time med ankomster."))
            return None, counted
        if max(rate for day in rates for rate in day) > MAX_RATE_PER_HOUR:
            self.add_error(None, _("Høyst %(n)d ankomster i timen.") % {"n": MAX_RATE_PER_HOUR})
            return None, counted
        expected = per_week * (self.cleaned_data["weeks"] + 1)
        if expected > MAX_EXPECTED_ARRIVALS:
            self.add_error(
                "weeks",
                _(
                    "Simuleringen blir for stor: om lag %(n)s ankomster. Høyst %(max)s per scenario; "
                    "simuler færre uker."
                )
                % {
                    "n": f"{round(expected):,}".replace(",", " "),
                    "max": f"{MAX_EXPECTED_ARRIVALS:,}".replace(",", " "),
                },
            )
            return None, counted
        return rates, counted


def _choice(label: "str | StrPromise", choices: Any, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, **kwargs)


JOINT_DAYS = (("", gettext_lazy("Ingen fellessamtaledag")), *((str(d), WEEKDAYS[d]) for d in range(5)))


class ScenarioForm(DesignsystemetForm):
    """One scenario: reception, back office, cases needing several services."""

    name = forms.CharField(label=gettext_lazy("Navn på scenarioet"), max_length=60)
    doors = _int(
        gettext_lazy("Antall separate mottak"),
        1,
        6,
        help_text=gettext_lazy("Ansatte og rom deles ikke mellom mottakene."),
    )
    reception_staff = _int(gettext_lazy("Ansatte i mottak i alt"), 1, 60)
    reception_rooms = _int(gettext_lazy("Samtalerom i alt"), 0, 40)
    reception_minutes = NumberField(
        label=gettext_lazy("Tid per henvendelse i mottak (minutter, snitt)"), min_value=1, max_value=240
    )
    reception_distribution = _choice(gettext_lazy("Fordeling av tiden i mottak"), DISTRIBUTIONS)
    reception_cv = NumberField(
        label=gettext_lazy("Variasjonskoeffisient i mottak"),
        min_value=0,
        max_value=3,
        help_text=gettext_lazy("Standardavvik delt på snittet; 1 for eksponentiell."),
    )
    room_share = _percent(gettext_lazy("Andel som trenger samtalerom (%)"))
    answered_share = _percent(gettext_lazy("Andel besvart med en gang i mottak (%)"))
    teams = _int(gettext_lazy("Antall fagteam i bakkontoret"), 1, 8)
    team_staff = _int(gettext_lazy("Ansatte per fagteam"), 1, 100)
    case_hours = NumberField(
        label=gettext_lazy("Arbeidstid per sak (timer, snitt)"), min_value=0.1, max_value=200
    )
    case_distribution = _choice(gettext_lazy("Fordeling av saksbehandlingstiden"), DISTRIBUTIONS)
    case_cv = NumberField(label=gettext_lazy("Variasjonskoeffisient for saker"), min_value=0, max_value=3)
    complex_share = _percent(gettext_lazy("Andel saker som trenger flere tjenester (%)"))
    services_per_complex = _int(gettext_lazy("Team en slik sak går gjennom uten fellessamtale"), 2, 4)
    handoff_days = NumberField(
        label=gettext_lazy("Dager mellom to team (overføring)"), min_value=0, max_value=60
    )
    joint_weekday = _choice(gettext_lazy("Fellessamtaledag"), JOINT_DAYS, required=False)
    joint_rooms = _int(gettext_lazy("Rom til fellessamtaler"), 1, 20)
    joint_slots = _int(gettext_lazy("Fellessamtaler per rom den dagen"), 1, 16)
    joint_minutes = NumberField(label=gettext_lazy("Minutter per fellessamtale"), min_value=15, max_value=240)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        errors: dict[str, str] = {}
        if data["reception_staff"] < data["doors"]:
            errors["reception_staff"] = _("Hvert mottak trenger minst én ansatt.")
        if data["room_share"] > 0 and data["reception_rooms"] < data["doors"]:
            errors["reception_rooms"] = _("Hvert mottak trenger minst ett samtalerom når noen trenger rom.")
        if data["teams"] * data["team_staff"] > MAX_BACKOFFICE_STAFF:
            errors["team_staff"] = _("Høyst %(n)d ansatte i bakkontoret i alt.") % {"n": MAX_BACKOFFICE_STAFF}
        if data["joint_weekday"] != "":
            first_door_rooms = split_evenly(data["reception_rooms"], data["doors"])[0]
            if data["joint_rooms"] > first_door_rooms:
                errors["joint_rooms"] = _(
                    "Fellessamtalene bruker samtalerommene i (det første) mottaket; det har %(n)d."
                ) % {"n": first_door_rooms}
            if data["joint_slots"] * data["joint_minutes"] > 12 * 60:
                errors["joint_slots"] = _(
                    "Fellessamtalene får ikke plass på én dag (høyst 12 timer per rom)."
                )
        elif data["complex_share"] > 0 and data["services_per_complex"] > data["teams"]:
            errors["services_per_complex"] = _("En sak kan ikke gå gjennom flere team enn det finnes.")
        for field, message in errors.items():
            self.add_error(field, message)
        return data

    def scenario(self) -> Scenario:
        data = self.cleaned_data
        case = TimeSpec(data["case_hours"] * 60, Distribution(data["case_distribution"]), data["case_cv"])
        joint = None
        if data["joint_weekday"] != "":
            joint = JointDay(
                weekday=int(data["joint_weekday"]),
                rooms=data["joint_rooms"],
                slots_per_room=data["joint_slots"],
                minutes=data["joint_minutes"],
            )
        return Scenario(
            name=data["name"],
            doors=data["doors"],
            reception_staff=data["reception_staff"],
            reception_rooms=data["reception_rooms"],
            reception_time=TimeSpec(
                data["reception_minutes"], Distribution(data["reception_distribution"]), data["reception_cv"]
            ),
            room_share=data["room_share"] / 100,
            answered_share=data["answered_share"] / 100,
            teams=tuple(
                Team(name=_("Team %(n)d") % {"n": i + 1}, staff=data["team_staff"], case_time=case)
                for i in range(data["teams"])
            ),
            complex_share=data["complex_share"] / 100,
            services_per_complex=data["services_per_complex"],
            handoff_days=data["handoff_days"],
            joint_day=joint,
        )


def scenario_initial(scenario: Scenario) -> dict[str, Any]:
    """A scenario as the form's initial values (the default pair: three doors, one reception)."""
    team = scenario.teams[0]
    joint = scenario.joint_day
    return {
        "name": _(scenario.name),
        "doors": scenario.doors,
        "reception_staff": scenario.reception_staff,
        "reception_rooms": scenario.reception_rooms,
        "reception_minutes": scenario.reception_time.mean_minutes,
        "reception_distribution": scenario.reception_time.distribution.value,
        "reception_cv": scenario.reception_time.cv,
        "room_share": round(scenario.room_share * 100, 1),
        "answered_share": round(scenario.answered_share * 100, 1),
        "teams": len(scenario.teams),
        "team_staff": team.staff,
        "case_hours": team.case_time.mean_minutes / 60,
        "case_distribution": team.case_time.distribution.value,
        "case_cv": team.case_time.cv,
        "complex_share": round(scenario.complex_share * 100, 1),
        "services_per_complex": scenario.services_per_complex,
        "handoff_days": scenario.handoff_days,
        "joint_weekday": "" if joint is None else str(joint.weekday),
        "joint_rooms": joint.rooms if joint else 2,
        "joint_slots": joint.slots_per_room if joint else 6,
        "joint_minutes": joint.minutes if joint else 60,
    }


def default_pair() -> tuple[dict[str, Any], dict[str, Any]]:
    return scenario_initial(three_doors()), scenario_initial(one_reception())


def period_default() -> tuple[datetime.date, datetime.date]:
    today = local_today()
    return today - datetime.timedelta(days=91), today - datetime.timedelta(days=1)
