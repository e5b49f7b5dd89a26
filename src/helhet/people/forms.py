import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from helhet.core.calendar import local_today
from helhet.core.forms import DesignsystemetForm
from helhet.organisation.models import ServiceArea
from helhet.people import national_id
from helhet.people.models import (
    GuardianshipMandate,
    ParentInformationGround,
    Person,
    PowerOfAttorneyScope,
    Relation,
    Relative,
    Representation,
    Zone,
)


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
    written_form = _model_field(Person, "written_form", label=_("Målform"))
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


def _date_field(label, help_text=""):
    return forms.DateField(
        label=label,
        required=False,
        help_text=help_text,
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå.")},
    )


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
        help_text=_(
            "Fullmakt, verge eller foreldreansvar gir rett til å handle for personen, også på Min side, "
            "innenfor det fullmakten, vergemålet eller barnets alder gir."
        ),
    )
    national_id = forms.CharField(
        label=_("Representantens fødselsnummer"),
        required=False,
        max_length=13,
        help_text=_("11 siffer. Trengs for at representanten kan logge inn på Min side."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    scope = forms.ChoiceField(
        label=_("Fullmakten gjelder"),
        choices=[("", _("Velg (bare for fullmakt)")), *PowerOfAttorneyScope.choices],
        required=False,
        help_text=_("Slik det står i fullmakten personen har skrevet under."),
    )
    mandate = forms.ChoiceField(
        label=_("Vergens mandat"),
        choices=[("", _("Velg (bare for verge)")), *GuardianshipMandate.choices],
        required=False,
        help_text=_("Slik det står i vergeattesten fra Statsforvalteren."),
    )
    valid_from = _date_field(_("Gjelder fra"), _("Tomt: gjelder fra i dag."))
    valid_to = _date_field(_("Gjelder til og med"), _("Tomt: ingen sluttdato."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, masked_national_id: str = "", **kwargs):
        """With `masked_national_id` (editing, for a role that may not see full numbers) the representative's
        number is shown masked and kept as it is."""
        super().__init__(*args, **kwargs)
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
        raw = "".join(self.cleaned_data.get("national_id", "").split())
        return national_id.parse(raw).number if raw else ""

    def clean(self):
        cleaned = super().clean() or {}
        kind = cleaned.get("representation")
        if kind == Representation.POWER_OF_ATTORNEY and not cleaned.get("scope"):
            self.add_error("scope", _("Velg hva fullmakten gjelder."))
        if kind == Representation.GUARDIANSHIP and not cleaned.get("mandate"):
            self.add_error(
                "mandate", _("Velg vergens mandat slik det står i vergeattesten fra Statsforvalteren.")
            )
        return cleaned

    def relative_fields(self) -> dict:
        skip = {"version", "national_id"} if self.keeps_national_id else {"version"}
        return {name: value for name, value in self.cleaned_data.items() if name not in skip}


class ParentInformationLimitForm(DesignsystemetForm):
    """Begrenset foreldreinnsyn: the child does not want the parents told, or weighty reasons speak against it."""

    ground = forms.ChoiceField(label=_("Grunnlag"), choices=ParentInformationGround.choices)
    about = forms.CharField(
        label=_("Gjelder (valgfritt)"),
        required=False,
        max_length=200,
        help_text=_("For eksempel hvilken sak eller hvilket tema. Ikke skriv mer enn nødvendig."),
    )
    service_area = forms.ChoiceField(
        label=_("Saker foreldrene ikke skal se"),
        required=False,
        choices=[("", _("Alle barnets saker")), *ServiceArea.choices],
        help_text=_(
            "Sakene vises ikke for foreldrene på Min side. Det foreldreansvaret krever, gir dere dem selv."
        ),
    )
    reason = forms.CharField(
        label=_("Begrunnelse"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hvorfor foreldrene ikke skal få vite. Foreldrene ser ikke begrunnelsen."),
        error_messages={"required": _("Skriv hvorfor foreldrene ikke skal få vite.")},
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


ACCESS_LOG_EARLIEST = datetime.date(2000, 1, 1)


class AccessLogPeriodForm(DesignsystemetForm):
    """Tilgangslogg for en periode: from and to days (both optional, inclusive). A date before the log can
    have rows (2000) or after today is refused, as is a period that ends before it starts."""

    fra = forms.DateField(
        label=_("Fra og med"),
        required=False,
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå.")},
    )
    til = forms.DateField(
        label=_("Til og med"),
        required=False,
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå.")},
    )

    def _plausible(self, name: str) -> datetime.date | None:
        day = self.cleaned_data.get(name)
        if day is not None and not ACCESS_LOG_EARLIEST <= day <= local_today():
            raise forms.ValidationError(_("Velg en dato mellom 01.01.2000 og i dag."))
        return day

    def clean_fra(self) -> datetime.date | None:
        return self._plausible("fra")

    def clean_til(self) -> datetime.date | None:
        return self._plausible("til")

    def clean(self):
        cleaned = super().clean() or {}
        since, until = cleaned.get("fra"), cleaned.get("til")
        if since and until and since > until:
            self.add_error("til", _("Til-datoen kan ikke være før fra-datoen."))
        return cleaned
