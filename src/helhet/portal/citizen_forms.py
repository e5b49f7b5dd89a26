from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from helhet.people import national_id


class DevLoginForm(forms.Form):
    """The demo's stand-in for ID-porten: a fødselsnummer from the register, without proof."""

    pid = forms.CharField(
        label=_("Fødselsnummer (11 siffer)"),
        max_length=11,
        min_length=11,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_pid(self) -> str:
        value = self.cleaned_data["pid"].strip()
        try:
            national_id.validate(value)
        except ValidationError as error:
            raise ValidationError(_("Dette er ikke et gyldig fødselsnummer eller D-nummer.")) from error
        return value


class CitizenMessageForm(forms.Form):
    """A message to the office about a case; `token` makes a double submit send one message."""

    text = forms.CharField(
        label=_("Meldingen din"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6, "class": "ds-input"}),
        help_text=_("Høyst 4000 tegn. Skriv ikke fødselsnummer eller andres helseopplysninger."),
    )
    token = forms.CharField(max_length=40, required=False, widget=forms.HiddenInput)

    def clean_text(self) -> str:
        value = self.cleaned_data["text"].strip()
        if not value:
            raise ValidationError(_("Skriv en melding."))
        return value
