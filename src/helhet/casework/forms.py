from django import forms
from django.utils.translation import gettext_lazy as _

from helhet.casework import social
from helhet.casework.models import (
    AmountPeriod,
    AssessmentKind,
    BenefitForm,
    EconomicBasis,
    Outcome,
    ScopeUnit,
)
from helhet.catalogue.forms import IplosScoresMixin
from helhet.catalogue.models import Service
from helhet.catalogue.thresholds import DIAGNOSIS_GROUPS
from helhet.core.forms import DesignsystemetForm
from helhet.organisation.models import Unit

YES_NO_UNKNOWN = [("unknown", _("Ukjent")), ("true", _("Ja")), ("false", _("Nei"))]


class AssessmentForm(IplosScoresMixin, DesignsystemetForm):
    kind = forms.ChoiceField(label=_("Form"), choices=AssessmentKind.choices)
    held_on = forms.DateField(label=_("Dato"), widget=forms.DateInput(attrs={"type": "date"}))
    diagnosis_group = forms.ChoiceField(
        label=_("Diagnosegruppe"),
        required=False,
        choices=[("", _("Ikke oppgitt"))] + list(DIAGNOSIS_GROUPS.items()),
    )
    lives_alone = forms.NullBooleanField(
        label=_("Bor alene"), required=False, widget=forms.Select(choices=YES_NO_UNKNOWN)
    )
    relatives_help = forms.NullBooleanField(
        label=_("Pårørende gir mye hjelp"), required=False, widget=forms.Select(choices=YES_NO_UNKNOWN)
    )
    living_situation = forms.CharField(
        label=_("Bosituasjon"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    relatives_contribution = forms.CharField(
        label=_("Pårørendes bidrag"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    own_goals = forms.CharField(
        label=_("Hva er viktig for deg?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    resources = forms.CharField(
        label=_("Egne ressurser"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    sources = forms.CharField(
        label=_("Kilder (fvl. § 17)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For eksempel samtale, hjemmebesøk, fastlege, epikrise, pårørende."),
    )
    chosen_services = forms.ModelMultipleChoiceField(
        label=_("Tjenester du velger"),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    choice_reason = forms.CharField(
        label=_("Begrunnelse hvis du velger et høyere nivå enn foreslått"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    review_requested = forms.BooleanField(
        label=_("Be om tverrfaglig vurdering (inntaksmøte)"), required=False
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen_services"].queryset = (  # type: ignore[attr-defined]  # a declared ModelChoiceField/ChoiceField
            Service.objects.filter(municipality=municipality, active=True)
            .select_related("care_level")
            .order_by("care_level__position", "name")
        )
        self.fields["chosen_services"].widget.attrs.pop("class", None)
        self.add_score_fields()


class KronerField(forms.Field):
    """An amount in kroner as Norwegians write it: «4 500», «4 500,50», «kr 4 500»."""

    def __init__(self, *args, positive: bool = False, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": 20})
        )
        self.positive = positive
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = (value or "").strip()[:40]
        try:
            return social.clean_kroner(str(self.label or ""), value, positive=self.positive)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages) from None

    def prepare_value(self, value):
        if value in (None, ""):
            return ""
        if isinstance(value, str):
            return value
        return social.kroner(value).removeprefix("kr\xa0").replace("\xa0", " ")


INCOME_ROWS = 4
EXPENSE_ROWS = 6


class SocialAssessmentForm(DesignsystemetForm):
    """Kartlegging for sosiale tjenester: no IPLOS scores; the household, its money and the urgent need."""

    kind = forms.ChoiceField(label=_("Form"), choices=AssessmentKind.choices)
    held_on = forms.DateField(label=_("Dato"), widget=forms.DateInput(attrs={"type": "date"}))
    household_adults = forms.IntegerField(
        label=_("Voksne i husstanden"), min_value=1, max_value=social.MAX_HOUSEHOLD, initial=1
    )
    household_children = forms.IntegerField(
        label=_("Barn i husstanden"), min_value=0, max_value=social.MAX_HOUSEHOLD, initial=0
    )
    urgent_need = forms.CharField(
        label=_("Hva haster?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For eksempel: bot som må betales før soning i morgen, mat i dag, strøm som stenges."),
    )
    urgent_by = forms.DateField(
        label=_("Haster innen"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    resources = forms.CharField(
        label=_("Hva kan personen gjøre selv?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Egne penger, arbeid, familie som kan hjelpe, salg av eiendeler."),
    )
    other_benefits = forms.CharField(
        label=_("Andre ytelser å prøve først"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For eksempel dagpenger, bostøtte, lønnsforskudd fra ny arbeidsgiver."),
    )
    own_goals = forms.CharField(
        label=_("Hva er viktig for deg?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    sources = forms.CharField(
        label=_("Kilder (fvl. § 17)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For eksempel samtale, kontoutskrift, forelegg, arbeidskontrakt, NAV-veileder."),
    )
    chosen_services = forms.ModelMultipleChoiceField(
        label=_("Tjenester du velger"),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen_services"].queryset = Service.objects.filter(  # type: ignore[attr-defined]  # a declared ModelChoiceField/ChoiceField
            municipality=municipality, active=True, legal_regime__service_area="social"
        ).order_by("name")
        self.fields["chosen_services"].widget.attrs.pop("class", None)
        for prefix, rows in (("income", INCOME_ROWS), ("expense", EXPENSE_ROWS)):
            for i in range(rows):
                self.fields[f"{prefix}_what_{i}"] = forms.CharField(
                    label=_("Hva"), required=False, max_length=social.MAX_LINE_TEXT
                )
                self.fields[f"{prefix}_amount_{i}"] = KronerField(label=_("Kroner per måned"), required=False)
                for name in (f"{prefix}_what_{i}", f"{prefix}_amount_{i}"):
                    self.fields[name].widget.attrs["class"] = "ds-input"

    def rows(self, prefix: str) -> list[tuple]:
        count = INCOME_ROWS if prefix == "income" else EXPENSE_ROWS
        return [(self[f"{prefix}_what_{i}"], self[f"{prefix}_amount_{i}"]) for i in range(count)]

    def income_rows(self):
        return self.rows("income")

    def expense_rows(self):
        return self.rows("expense")

    def lines(self, prefix: str) -> list[dict]:
        data = self.cleaned_data
        count = INCOME_ROWS if prefix == "income" else EXPENSE_ROWS
        return [
            {"what": data.get(f"{prefix}_what_{i}", ""), "amount": data.get(f"{prefix}_amount_{i}")}
            for i in range(count)
        ]

    def assessment_fields(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith(("income_", "expense_"))}
        return {**data, "income": self.lines("income"), "expenses": self.lines("expense")}


class ReviewForm(DesignsystemetForm):
    held_on = forms.DateField(
        label=_("Dato for inntaksmøtet"), widget=forms.DateInput(attrs={"type": "date"})
    )
    conclusion = forms.CharField(
        label=_("Konklusjon"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


PARTICIPANTS = 4


class DecisionForm(DesignsystemetForm):
    # A draft may be saved half-filled; the live check says what sending needs, so nothing is marked optional.
    hide_optional = True
    outcome = forms.ChoiceField(
        label=_("Utfall"), required=False, choices=[("", _("Velg"))] + list(Outcome.choices)
    )
    scope_amount = forms.DecimalField(
        label=_("Omfang"), required=False, min_value=0.1, max_digits=6, decimal_places=1
    )
    scope_unit = forms.ChoiceField(
        label=_("Enhet for omfang"), required=False, choices=[("", _("Velg"))] + list(ScopeUnit.choices)
    )
    content = forms.CharField(
        label=_("Hva du får hjelp til"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    start_date = forms.DateField(
        label=_("Fra dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    review_date = forms.DateField(
        label=_("Evalueres innen"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=_("Til dato (valgfritt)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    legal_basis = forms.CharField(
        label=_("Hjemmel"),
        required=False,
        max_length=1000,
        help_text=_("Én henvisning per linje."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    facts = forms.CharField(
        label=_("Faktiske forhold"), required=False, max_length=6000, widget=forms.Textarea(attrs={"rows": 3})
    )
    considerations = forms.CharField(
        label=_("Hovedhensyn i vurderingen"),
        required=False,
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    payment = forms.CharField(label=_("Egenandel"), required=False, max_length=1000)
    provider_unit = forms.ModelChoiceField(
        label=_("Utførende enhet"), queryset=Unit.objects.none(), required=False
    )
    advance_notice_sent_on = forms.DateField(
        label=_("Forhåndsvarsel sendt (ved reduksjon eller stans)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    advance_notice_text = forms.CharField(
        label=_("Forhåndsvarselet"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    advance_notice_comment_by = forms.DateField(
        label=_("Frist for å uttale seg til forhåndsvarselet"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    # Economic decisions (sosialtjenesteloven §§ 18–21); shown instead of scope, provider unit and egenandel.
    economic_basis = forms.ChoiceField(
        label=_("Hjemmel for stønaden"),
        required=False,
        choices=[("", _("Velg"))] + list(EconomicBasis.choices),
    )
    benefit_form = forms.ChoiceField(
        label=_("Stønadsform (sosialtjenesteloven § 21)"),
        required=False,
        choices=[("", _("Velg"))] + list(BenefitForm.choices),
    )
    amount = KronerField(label=_("Beløp i kroner"), required=False)
    amount_period = forms.ChoiceField(
        label=_("Engangsbeløp eller per måned"),
        required=False,
        choices=[("", _("Velg"))] + list(AmountPeriod.choices),
    )
    repayment_per_month = KronerField(
        label=_("Lån: tilbakebetaling per måned"), required=False, positive=True
    )
    repayment_first_on = forms.DateField(
        label=_("Lån: første avdrag"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    repayment_terms = forms.CharField(
        label=_("Lån: avtalen om tilbakebetaling med egne ord"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Trengs hvis beløp per måned og første avdrag ikke er fylt ut."),
    )
    conditions = forms.CharField(
        label=_("Vilkår (sosialtjenesteloven § 20)"),
        required=False,
        max_length=social.MAX_CONDITIONS * (social.MAX_CONDITION_LENGTH + 1),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ett vilkår per linje. Vilkåret må henge sammen med stønaden."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    CARE_ONLY = ("scope_amount", "scope_unit", "review_date", "payment", "provider_unit")
    ECONOMIC_LABELS = {
        "content": _("Hva stønaden skal dekke"),
        "start_date": _("Utbetales (engangsbeløp) eller fra dato (per måned)"),
        "end_date": _("Til dato (ved stønad per måned)"),
    }

    def __init__(self, *args, units, kind: str = social.CARE, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == social.CARE:
            for name in social.ECONOMIC_FIELDS:
                del self.fields[name]
        else:
            for name in self.CARE_ONLY:
                del self.fields[name]
            if kind == social.SOCIAL:
                for name in social.ECONOMIC_FIELDS:
                    del self.fields[name]
                self.fields["content"].label = _("Hva du får")
            else:
                for name, label in self.ECONOMIC_LABELS.items():
                    self.fields[name].label = label
        if "provider_unit" in self.fields:
            self.fields["provider_unit"].queryset = units  # type: ignore[attr-defined]  # a declared ModelChoiceField/ChoiceField
            self.fields["provider_unit"].widget.attrs["class"] = "ds-input"

    def clean_legal_basis(self):
        return [line.strip() for line in self.cleaned_data["legal_basis"].splitlines() if line.strip()]

    def clean_conditions(self):
        return [line.strip() for line in self.cleaned_data["conditions"].splitlines() if line.strip()]

    def decision_fields(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class AppealForm(DesignsystemetForm):
    hide_optional = True
    received_on = forms.DateField(label=_("Mottatt"), widget=forms.DateInput(attrs={"type": "date"}))
    change_wanted = forms.CharField(
        label=_("Hvilken endring ønsker klageren?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reasons = forms.CharField(
        label=_("Klagerens begrunnelse"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    written = forms.BooleanField(label=_("Klagen er skriftlig"), required=False, initial=True)
    signed = forms.BooleanField(label=_("Klagen er signert"), required=False, initial=True)
    clear = forms.BooleanField(label=_("Det er tydelig hva det klages på"), required=False, initial=True)
    guidance_given = forms.CharField(
        label=_("Veiledning gitt om manglene (hvis klagen ikke er skriftlig, signert eller tydelig)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    correction_deadline = forms.DateField(
        label=_("Frist for å rette manglene"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
