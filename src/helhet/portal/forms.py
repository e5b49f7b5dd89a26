from django import forms
from django.utils.translation import gettext_lazy as _

from helhet.core.forms import DesignsystemetForm
from helhet.portal.models import CREST_MAX_BYTES


class PublicProfileForm(DesignsystemetForm):
    contact_name = forms.CharField(
        label=_("Kontaktpunkt"), max_length=150, required=False, help_text=_("For eksempel «Servicetorget».")
    )
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
    website = forms.URLField(
        label=_("Kommunens nettsted"), max_length=300, required=False, assume_scheme="https"
    )
    privacy_officer = forms.CharField(
        label=_("Personvernombud"),
        max_length=300,
        required=False,
        help_text=_("Navn, e-post og telefon til kommunens personvernombud. Vises i personvernerklæringen."),
    )
    uustatus_url = forms.URLField(
        label=_("Lenke til tilgjengelighetserklæringen på uustatus.no"),
        max_length=300,
        required=False,
        assume_scheme="https",
        help_text=_("Når kommunen har laget erklæringen i Digdirs løsning uustatus, lim inn lenken her."),
    )
    privacy_statement = forms.CharField(
        label=_("Personvernerklæring"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Tomt: standardteksten vises. «## » foran en linje gjør den til en overskrift, «- » til et punkt."
        ),
    )
    accessibility_statement = forms.CharField(
        label=_("Tilgjengelighetserklæring"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Tomt: standardteksten vises. Følg strukturen til uutilsynet: status, brudd, kontakt, tilsyn."
        ),
    )


class CrestForm(DesignsystemetForm):
    crest = forms.FileField(
        label=_("Kommunevåpen (SVG eller PNG, høyst 100 kB)"),
        widget=forms.FileInput(attrs={"accept": "image/svg+xml,image/png"}),
    )

    def clean_crest(self) -> bytes:
        upload = self.cleaned_data["crest"]
        if upload.size > CREST_MAX_BYTES:
            raise forms.ValidationError(_("Filen er for stor: kommunevåpenet kan være på høyst 100 kB."))
        return upload.read()
