from django import forms
from django.utils.translation import gettext_lazy as _

from helhet.catalogue.models import Service
from helhet.core.forms import DesignsystemetForm
from helhet.intake.models import Channel, RoutingKind, SignedBy
from helhet.organisation.models import Unit
from helhet.people.models import Relative, Zone


class InquiryForm(DesignsystemetForm):
    contact_name = forms.CharField(label=_("Navn"), max_length=200, required=False)
    contact_phone = forms.CharField(label=_("Telefon"), max_length=16, required=False)
    contact_email = forms.EmailField(label=_("E-post"), max_length=200, required=False)
    channel = forms.ChoiceField(label=_("Kanal"), choices=Channel.choices)
    about = forms.CharField(
        label=_("Hva gjelder det? (med innbyggerens ord)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    urgent = forms.BooleanField(
        label=_("Haster"),
        required=False,
        help_text=_("For eksempel penger til mat i dag, et sted å sove i natt, eller en frist i morgen."),
    )
    answer_note = forms.CharField(
        label=_("Svar gitt med en gang"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Fyll ut hvis du svarte eller veiledet med en gang. Da avsluttes henvendelsen uten sak."),
    )

    def __init__(self, *args, known_person: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if known_person:
            for name in ("contact_name", "contact_phone", "contact_email"):
                del self.fields[name]


class ForwardForm(DesignsystemetForm):
    to_unit = forms.ModelChoiceField(label=_("Send til"), queryset=Unit.objects.none())
    reason = forms.CharField(label=_("Hvorfor"), max_length=500)
    citizen_consent = forms.BooleanField(
        label=_("Innbyggeren har bedt om eller samtykket til at henvendelsen sendes hit"),
        help_text=_("Kreves når enheten hører til et annet tjenesteområde (forvaltningsloven § 13 a nr. 1)."),
        required=False,
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = units  # type: ignore[attr-defined]  # a declared ModelChoiceField


class BookForm(DesignsystemetForm):
    """Booking a conversation; its ids start `book_` (the inquiry page shows it beside the answer form)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "book_%s")
        super().__init__(*args, **kwargs)

    at = forms.DateTimeField(
        label=_("Tidspunkt"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    note = forms.CharField(label=_("Merknad"), max_length=2000, required=False)


class AnswerForm(DesignsystemetForm):
    """Answering at once; its ids start `answer_` (both this form and the booking have a `note`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "answer_%s")
        super().__init__(*args, **kwargs)

    note = forms.CharField(
        label=_("Hva fikk innbyggeren svar på?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ApplicationForm(DesignsystemetForm):
    need = forms.CharField(
        label=_("Hva trenger du hjelp til?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Med søkerens egne ord. Søkeren trenger ikke vite hva tjenestene heter."),
    )
    what_matters = forms.CharField(
        label=_("Hva er viktig for deg?"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    urgent = forms.BooleanField(label=_("Haster"), required=False)
    wished_services = forms.ModelMultipleChoiceField(
        label=_("Tjenester søkeren ønsker (valgfritt)"),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent_gp = forms.BooleanField(
        label=_("Samtykker til at vi henter opplysninger fra fastlegen"), required=False
    )
    consent_hospital = forms.BooleanField(
        label=_("Samtykker til at vi henter opplysninger fra sykehuset"), required=False
    )
    consent_nav = forms.BooleanField(
        label=_("Samtykker til at vi henter opplysninger fra NAV"), required=False
    )
    consent_share = forms.BooleanField(
        label=_("Samtykker til at helse og omsorg og NAV kan dele opplysninger om søknaden med hverandre"),
        required=False,
        help_text=_(
            "Da kan saksbehandlere i begge tjenesteområdene lese sakene søknaden gir. Uten samtykke ser hvert "
            "område bare sine egne saker. Samtykket kan trekkes tilbake når som helst."
        ),
    )
    signed_by = forms.ChoiceField(label=_("Søknaden er signert av"), choices=SignedBy.choices)
    representative: "forms.ModelChoiceField[Relative]" = forms.ModelChoiceField(
        label=_("Representant"),
        queryset=None,
        required=False,
        help_text=_(
            "Pårørende registrert med fullmakt eller som verge; for barn under 18 år en med foreldreansvar eller vergen."
        ),
    )

    def __init__(self, *args, municipality, representatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wished_services"].queryset = Service.objects.filter(  # type: ignore[attr-defined]  # a declared ModelChoiceField/ChoiceField
            municipality=municipality, active=True
        )
        self.fields["representative"].queryset = representatives  # type: ignore[attr-defined]  # a declared ModelChoiceField/ChoiceField
        self.fields["representative"].widget.attrs["class"] = "ds-input"
        self.fields["wished_services"].widget.attrs.pop("class", None)


class RoutingRuleForm(DesignsystemetForm):
    position = forms.IntegerField(
        label=_("Plass i rekkefølgen"),
        min_value=1,
        required=False,
        help_text=_("1 prøves først. Tomt legger regelen sist."),
    )
    kind = forms.ChoiceField(label=_("Regeltype"), choices=RoutingKind.choices)
    service = forms.ModelChoiceField(
        label=_("Tjeneste"),
        queryset=Service.objects.none(),
        required=False,
        help_text=_("For tjenesteregler, eller for å begrense en annen regel til én tjeneste."),
    )
    day_from = forms.IntegerField(label=_("Fødselsdag fra"), min_value=1, max_value=31, required=False)
    day_to = forms.IntegerField(label=_("Fødselsdag til"), min_value=1, max_value=31, required=False)
    zone = forms.ModelChoiceField(label=_("Sone"), queryset=Zone.objects.none(), required=False)
    age_from = forms.IntegerField(label=_("Alder fra"), min_value=0, max_value=130, required=False)
    age_to = forms.IntegerField(label=_("Alder til"), min_value=0, max_value=130, required=False)
    team = forms.ModelChoiceField(label=_("Team som får saken"), queryset=Unit.objects.none())

    def __init__(self, *args, municipality, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(municipality=municipality, active=True)  # type: ignore[attr-defined]  # a declared ModelChoiceField/ChoiceField
        self.fields["zone"].queryset = Zone.objects.filter(municipality=municipality)  # type: ignore[attr-defined]  # a declared ModelChoiceField/ChoiceField
        self.fields["team"].queryset = units  # type: ignore[attr-defined]  # a declared ModelChoiceField/ChoiceField
        for name in ("service", "zone", "team"):
            self.fields[name].widget.attrs["class"] = "ds-input"
