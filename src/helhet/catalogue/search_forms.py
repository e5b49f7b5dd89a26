from django import forms
from django.utils.translation import gettext_lazy as _

from helhet.catalogue.models import Service
from helhet.core.forms import DesignsystemetForm


class SearchTermForm(DesignsystemetForm):
    word = forms.CharField(
        label=_("Ord eller uttrykk"),
        max_length=60,
        help_text=_("Slik innbyggerne sier det, for eksempel «hjemmehjelp» eller «handle mat»."),
    )
    services = forms.ModelMultipleChoiceField(
        label=_("Tjenester ordet skal føre til"),
        queryset=Service.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Velg minst én tjeneste ordet skal føre til.")},
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["services"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Service.objects.filter(municipality=municipality).order_by("name")


class ServiceOfficeForm(DesignsystemetForm):
    name = forms.CharField(label=_("Navn"), max_length=150)
    phone = forms.CharField(label=_("Telefon"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-post"), max_length=200, required=False)
    street_address = forms.CharField(label=_("Besøksadresse"), max_length=200, required=False)
    postal_code = forms.RegexField(
        label=_("Postnummer"),
        regex=r"^[0-9]{4}$",
        required=False,
        error_messages={"invalid": _("Postnummeret har fire sifre.")},
    )
    postal_place = forms.CharField(label=_("Poststed"), max_length=100, required=False)
    opening_hours = forms.CharField(
        label=_("Åpningstider"),
        max_length=300,
        required=False,
        help_text=_("For eksempel «Mandag–fredag 08.00–15.30»."),
    )
