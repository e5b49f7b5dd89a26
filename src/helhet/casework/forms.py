from django import forms
from django.utils.translation import gettext_lazy as _

from helhet.casework.models import AssessmentKind, Outcome, ScopeUnit
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
        self.fields["chosen_services"].queryset = (
            Service.objects.filter(municipality=municipality, active=True)
            .select_related("care_level")
            .order_by("care_level__position", "name")
        )
        self.fields["chosen_services"].widget.attrs.pop("class", None)
        self.add_score_fields()


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
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider_unit"].queryset = units
        self.fields["provider_unit"].widget.attrs["class"] = "ds-input"

    def clean_legal_basis(self):
        return [line.strip() for line in self.cleaned_data["legal_basis"].splitlines() if line.strip()]

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
