import json
from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from helhet.catalogue.models import FunctionalVariable
from helhet.catalogue.thresholds import DIAGNOSIS_GROUPS, SCALE, AssessmentFacts
from helhet.core.forms import DesignsystemetForm
from helhet.organisation.models import Unit


class CareLevelForm(DesignsystemetForm):
    name = forms.CharField(label=_("Navn"), max_length=100)
    description = forms.CharField(
        label=_("Beskrivelse"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CareLevelAddForm(DesignsystemetForm):
    name = forms.CharField(label=_("Navn på nytt trinn"), max_length=100)
    description = forms.CharField(label=_("Beskrivelse"), max_length=1000, required=False)
    position = forms.IntegerField(
        label=_("Plass i trappen"),
        min_value=0,
        required=False,
        help_text=_("0 er nederst. Tomt legger trinnet øverst."),
    )


class ThresholdForm(DesignsystemetForm):
    valid_from = forms.DateField(label=_("Gjelder fra"), widget=forms.DateInput(attrs={"type": "date"}))
    criteria = forms.CharField(
        label=_("Kriterier (JSON)"),
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        help_text=_('For eksempel {"any": [{"variable": "personlig_hygiene", "min": 3}], "min_any": 1}.'),
    )
    plain_text = forms.CharField(
        label=_("Forklaring i klarspråk"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tomt: forklaringen lages av kriteriene."),
    )
    team = forms.ModelChoiceField(
        label=_("Gjelder teamet"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Tomt: regelen gjelder hele tjenesten. Velg et team for en egen terskel for teamet."),
    )

    def __init__(self, *args, teams=(), service_wide=True, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["team"]
        assert isinstance(field, forms.ModelChoiceField)  # declared above
        field.queryset = Unit.objects.filter(pk__in=[team.pk for team in teams]).order_by("name")
        field.widget.attrs["class"] = "ds-input"
        if not service_wide:
            # Only team rules are the user's to change: the team must be chosen.
            field.required = True
            field.empty_label = None
            field.help_text = _("Du kan endre terskelen for teamet du leder.")
        if not teams:
            del self.fields["team"]

    def clean_criteria(self):
        try:
            return json.loads(self.cleaned_data["criteria"])
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("Kriteriene er ikke gyldig JSON (linje %(line)d, tegn %(col)d).")
                % {"line": error.lineno, "col": error.colno}
            ) from None


SCORE_CHOICES = [("", _("Ikke vurdert"))] + [(str(k), f"{k} – {v}") for k, v in SCALE.items()]


if TYPE_CHECKING:
    _FormBase = forms.Form
else:  # a mixin: the form it is mixed into is the Form
    _FormBase = object


class IplosScoresMixin(_FormBase):
    """One select per IPLOS functional variable (1–5, 9 = not relevant), and the scores given."""

    def add_score_fields(self) -> None:
        self.variables = list(FunctionalVariable.objects.order_by("position"))
        for variable in self.variables:
            self.fields[f"score_{variable.code}"] = forms.TypedChoiceField(
                label=variable.name,
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.Select(attrs={"class": "ds-input"}),
            )

    def score_fields(self):
        return [self[f"score_{variable.code}"] for variable in self.variables]

    def scores(self) -> dict:
        """The scores that were given and are valid (cleaned_data holds only those)."""
        return {
            v.code: self.cleaned_data[f"score_{v.code}"]
            for v in self.variables
            if self.cleaned_data.get(f"score_{v.code}") is not None
        }


class AssessmentTryForm(IplosScoresMixin, DesignsystemetForm):
    """Try the thresholds: IPLOS scores and facts in, suggested services out."""

    age = forms.IntegerField(label=_("Alder"), min_value=0, max_value=130, required=False)
    lives_alone = forms.NullBooleanField(
        label=_("Bor alene"),
        required=False,
        widget=forms.Select(choices=[("unknown", _("Ukjent")), ("true", _("Ja")), ("false", _("Nei"))]),
    )
    relatives_help = forms.NullBooleanField(
        label=_("Pårørende gir mye hjelp"),
        required=False,
        widget=forms.Select(choices=[("unknown", _("Ukjent")), ("true", _("Ja")), ("false", _("Nei"))]),
    )
    diagnosis_group = forms.ChoiceField(
        label=_("Diagnosegruppe"),
        required=False,
        choices=[("", _("Ikke oppgitt"))] + list(DIAGNOSIS_GROUPS.items()),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_score_fields()

    def facts(self) -> AssessmentFacts:
        data = self.cleaned_data
        return AssessmentFacts(
            scores=self.scores(),
            age=data.get("age"),
            lives_alone=data.get("lives_alone"),
            relatives_help=data.get("relatives_help"),
            diagnosis_group=data.get("diagnosis_group") or "",
        )


def _regime_version_fields():
    from django.forms.models import fields_for_model

    from helhet.catalogue.models import LegalRegimeVersion
    from helhet.catalogue.services import VERSION_FIELDS

    names = [name for name in VERSION_FIELDS if name not in ("acts", "nynorsk")]
    return fields_for_model(LegalRegimeVersion, fields=names)


class LegalRegimeVersionForm(DesignsystemetForm):
    """A new version of a legal regime; starts as a copy of the version in force."""

    valid_from = forms.DateField(label=_("Gjelder fra"), widget=forms.DateInput(attrs={"type": "date"}))
    acts = forms.CharField(
        label=_("Lover"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_(
            "Én lov per linje: forkortelse = fullt navn, for eksempel «hol = helse- og omsorgstjenesteloven»."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in _regime_version_fields().items():
            if isinstance(field.widget, forms.CheckboxInput):
                self.fields[name] = field
                continue
            field.widget.attrs.setdefault("class", "ds-input")
            self.fields[name] = field
        self.fields["nynorsk"] = forms.JSONField(
            label=_("Tekster på nynorsk"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 6, "class": "ds-input"}),
            help_text=_(
                "For brev til dem som har valgt nynorsk, som JSON: «acts» med lovenes nynorske navn og tekstfeltene "
                'over, for eksempel {"office_name": "Tenestekontoret"}. Det som mangler, skrives på bokmål.'
            ),
        )

    def clean_nynorsk(self):
        return self.cleaned_data.get("nynorsk") or {}

    def clean_acts(self):
        acts = {}
        for line in self.cleaned_data["acts"].splitlines():
            if not line.strip():
                continue
            short, sep, full = line.partition("=")
            if not sep or not short.strip() or not full.strip():
                raise forms.ValidationError(
                    _("Skriv hver lov som «forkortelse = fullt navn»: %(line)s") % {"line": line}
                )
            acts[short.strip()] = full.strip()
        return acts

    @staticmethod
    def initial_from(version) -> dict:
        from helhet.catalogue.services import VERSION_FIELDS

        initial = {name: getattr(version, name) for name in VERSION_FIELDS}
        initial["acts"] = "\n".join(f"{short} = {full}" for short, full in version.acts.items())
        return initial
