from django import forms
from django.utils.translation import gettext_lazy as _

from helhet.core.forms import DesignsystemetForm
from helhet.people import national_id
from helhet.people.models import Person, Relation, Relative, Representation, Zone


def _model_field(model, name, **kwargs):
    return model._meta.get_field(name).formfield(**kwargs)


class PersonForm(DesignsystemetForm):
    national_id = forms.CharField(
        label=_("Fødselsnummer eller D-nummer"),
        max_length=13,
        help_text=_("11 siffer. Fødselsdato og kjønn leses ut av nummeret."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    first_name = _model_field(Person, "first_name", label=_("Fornavn"))
    middle_name = _model_field(Person, "middle_name", label=_("Mellomnavn"))
    last_name = _model_field(Person, "last_name", label=_("Etternavn"))
    street_address = _model_field(Person, "street_address", label=_("Adresse"))
    postal_code = _model_field(Person, "postal_code", label=_("Postnummer"))
    postal_place = _model_field(Person, "postal_place", label=_("Poststed"))
    zone = forms.ModelChoiceField(
        label=_("Sone"), queryset=Zone.objects.none(), required=False, empty_label=_("Ikke valgt")
    )
    phone = _model_field(Person, "phone", label=_("Telefon"))
    email = _model_field(Person, "email", label=_("E-post"))
    reserved_against_digital_contact = _model_field(
        Person, "reserved_against_digital_contact", label=_("Reservert mot digital kontakt")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, municipality, masked_national_id: str = "", **kwargs):
        """With `masked_national_id` (editing, for a role that may not see the full number) the number is shown
        masked and cannot be changed, so the page never carries the full number."""
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = Zone.objects.filter(municipality=municipality)  # type: ignore[attr-defined]  # a declared ModelChoiceField/ChoiceField
        self.fields["zone"].widget.attrs["class"] = "ds-input"
        self.keeps_national_id = bool(masked_national_id)
        if self.keeps_national_id:
            self.fields["national_id"] = forms.CharField(
                label=self.fields["national_id"].label,
                required=False,
                disabled=True,
                help_text=_(
                    "Vises maskert. Bare saksbehandlere og administratorer ser og retter hele nummeret."
                ),
            )
            self.initial["national_id"] = masked_national_id

    def clean_national_id(self) -> str:
        if self.keeps_national_id:
            return ""
        return national_id.parse(self.cleaned_data["national_id"]).number

    def person_fields(self) -> dict:
        skip = {"version", "national_id"} if self.keeps_national_id else {"version"}
        return {name: value for name, value in self.cleaned_data.items() if name not in skip}


class RelativeForm(DesignsystemetForm):
    name = _model_field(Relative, "name", label=_("Navn"))
    relation = forms.ChoiceField(label=_("Relasjon"), choices=Relation.choices)
    phone = _model_field(Relative, "phone", label=_("Telefon"))
    email = _model_field(Relative, "email", label=_("E-post"))
    is_next_of_kin = forms.BooleanField(label=_("Nærmeste pårørende"), required=False)
    representation = forms.ChoiceField(
        label=_("Representerer personen"),
        choices=Representation.choices,
        required=False,
        help_text=_("Fullmakt eller verge gir rett til å søke og klage på personens vegne."),
    )


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Navn, fødselsdato eller fødselsnummer"), max_length=100, required=False)


class EmergencyAccessForm(DesignsystemetForm):
    """Nødtilgang: why the user must open a person they have no need-to-know for."""

    reason = forms.CharField(
        label=_("Hvorfor trenger du nødtilgang?"),
        help_text=_(
            "Beskriv situasjonen (minst 20 tegn). Begrunnelsen står i tilgangsloggen, personen kan se den, "
            "og lederen din gjennomgår den."
        ),
        min_length=20,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Skriv hvorfor du trenger nødtilgang."),
            "min_length": _("Skriv hvorfor du trenger nødtilgang, med minst %(limit_value)d tegn."),
            "max_length": _("Begrunnelsen kan ha høyst %(limit_value)d tegn."),
        },
    )


class EmergencyFindForm(EmergencyAccessForm):
    """Nødtilgang by fødselsnummer, for a person who is not on the user's list."""

    national_id = forms.CharField(
        label=_("Fødselsnummer eller D-nummer"),
        help_text=_("11 siffer."),
        max_length=13,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": _("Skriv fødselsnummeret til personen.")},
    )
    field_order = ["national_id", "reason"]

    def clean_national_id(self):
        digits = "".join(self.cleaned_data["national_id"].split())
        if not (len(digits) == 11 and digits.isdigit()):
            raise forms.ValidationError(_("Fødselsnummeret må ha 11 siffer."))
        return digits


class EmergencyReviewForm(DesignsystemetForm):
    note = forms.CharField(
        label=_("Hva viste gjennomgangen?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv hva gjennomgangen viste.")},
    )
