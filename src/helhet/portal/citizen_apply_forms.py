"""The citizen's application form on Min side, in plain words."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from helhet.catalogue.models import Service
from helhet.core.forms import DesignsystemetForm
from helhet.intake.services import TEXT_LIMITS, applicant_text_error

# What a draft keeps in the session between the form and «Se over og send» (no files: those are rows).
DRAFT_FIELDS = (
    "need",
    "what_matters",
    "dont_know",
    "urgent",
    "consent_gp",
    "consent_hospital",
    "consent_nav",
    "consent_share",
)


def _own_text_checks(field: forms.CharField) -> forms.CharField:
    # Django's NUL check answers in English; the intake service's own check says it in Norwegian.
    field.validators = [v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)]
    return field


class CitizenApplicationForm(DesignsystemetForm):
    need = _own_text_checks(
        forms.CharField(
            label=_("Hva er vanskelig i hverdagen?"),
            strip=False,
            error_messages={"required": _("Skriv hva som er vanskelig i hverdagen, med dine egne ord.")},
            widget=forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_LIMITS["need"]}),
            help_text=_(
                "Skriv med dine egne ord, for eksempel «Jeg klarer ikke å dusje alene» eller «Pengene rekker "
                "ikke til husleia». Du trenger ikke vite hva hjelpen heter."
            ),
        )
    )
    what_matters = _own_text_checks(
        forms.CharField(
            label=_("Hva er viktig for deg?"),
            required=False,
            strip=False,
            widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_LIMITS["what_matters"]}),
            help_text=_("For eksempel å bo hjemme, å klare seg selv, eller å ha tid med barna."),
        )
    )
    wished_services = forms.ModelMultipleChoiceField(
        label=_("Hvilken hjelp tenker du på?"),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Velg hjelp fra listen."),
            "invalid_pk_value": _("Velg hjelp fra listen."),
        },
    )
    dont_know = forms.BooleanField(label=_("Jeg vet ikke – kommunen finner ut av det"), required=False)
    urgent = forms.BooleanField(
        label=_("Det haster"),
        required=False,
        help_text=_("Kryss av hvis du ikke klarer deg uten hjelp de nærmeste dagene."),
    )
    consent_gp = forms.BooleanField(
        label=_("Kommunen kan spørre fastlegen min om opplysninger som trengs for søknaden"), required=False
    )
    consent_hospital = forms.BooleanField(
        label=_("Kommunen kan spørre sykehuset om opplysninger som trengs for søknaden"), required=False
    )
    consent_nav = forms.BooleanField(
        label=_("Kommunen kan spørre NAV om opplysninger som trengs for søknaden"), required=False
    )
    consent_share = forms.BooleanField(
        label=_("Helse og omsorg og NAV kan dele opplysningene i denne søknaden med hverandre"),
        required=False,
        help_text=_(
            "Da slipper du å fortelle det samme to ganger. Uten ja ser hver av dem bare sin egen del. "
            "Du kan trekke samtykket tilbake når du vil."
        ),
    )

    def __init__(self, *args: Any, municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wished_services"].queryset = Service.objects.filter(  # type: ignore[attr-defined]  # a declared ModelMultipleChoiceField
            municipality=municipality, active=True
        )
        self.fields["wished_services"].widget.attrs.pop("class", None)

    def _text(self, name: str) -> str:
        value = self.cleaned_data.get(name) or ""
        problem = applicant_text_error(name, value)
        if problem:
            raise ValidationError(problem)
        return value.strip()

    def clean_need(self) -> str:
        value = self._text("need")
        if not value:
            raise ValidationError(_("Skriv hva som er vanskelig i hverdagen, med dine egne ord."))
        return value

    def clean_what_matters(self) -> str:
        return self._text("what_matters")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("dont_know") and data.get("wished_services"):
            self.add_error(
                "dont_know",
                _("Du har både valgt hjelp og krysset av for «Jeg vet ikke». Velg det ene eller det andre."),
            )
        return data

    def draft(self) -> dict[str, Any]:
        """The answers as the session keeps them until the application is sent."""
        data = {name: self.cleaned_data[name] for name in DRAFT_FIELDS}
        data["wished_services"] = [service.pk for service in self.cleaned_data["wished_services"]]
        return data
