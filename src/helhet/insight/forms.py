from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from helhet.core.calendar import OUT_OF_RANGE_MESSAGE, within_supported_range
from helhet.core.forms import DesignsystemetForm
from helhet.organisation.collaboration import MAX_BYTES
from helhet.organisation.models import Unit, UnitKind


class CollaborationImportForm(DesignsystemetForm):
    file = forms.FileField(
        label=_("CSV-fil"),
        required=False,
        help_text=_(
            "Kolonner: unit, partner, frequency, purpose (eller enhet, samarbeidspartner, hyppighet, formål)."
        ),
    )
    csv_text = forms.CharField(
        label=_("…eller lim inn innholdet"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    source = forms.CharField(
        label=_("Kilde"),
        max_length=200,
        initial=_("CSV-import"),
        help_text=_("For eksempel «Workshop 2018». En ny import fra samme kilde erstatter den forrige."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_BYTES:
                raise ValidationError(_("Filen er for stor (høyst 1 MB)."))
            if not upload.name.lower().endswith((".csv", ".txt")):
                raise ValidationError(_("Last opp en CSV-fil (.csv eller .txt)."))
            raw = upload.read()
            try:
                data["csv_text"] = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                data["csv_text"] = raw.decode("cp1252", errors="replace")
            bound = self.data.copy()  # type: ignore[attr-defined]  # a bound form's data: a QueryDict
            bound["csv_text"] = data["csv_text"]
            self.data = bound
        if not data.get("csv_text", "").strip():
            raise ValidationError(_("Last opp en fil eller lim inn innholdet."))
        return data

    def text(self) -> str:
        return self.cleaned_data["csv_text"]


class AliasForm(forms.Form):
    alias = forms.CharField(max_length=150)
    unit: "forms.ModelChoiceField[Unit]" = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]  # a declared ModelChoiceField


def _supported_day(day) -> None:
    if day is not None and not within_supported_range(day):
        raise ValidationError(str(OUT_OF_RANGE_MESSAGE))


class UnitCreateForm(DesignsystemetForm):
    name = forms.CharField(label=_("Navn"), max_length=150)
    kind = forms.ChoiceField(label=_("Type"), choices=UnitKind.choices)
    parent: "forms.ModelChoiceField[Unit]" = forms.ModelChoiceField(
        label=_("Overordnet enhet"), queryset=None, required=False
    )
    valid_from = forms.DateField(
        label=_("Gyldig fra"), widget=forms.DateInput(attrs={"type": "date"}), validators=[_supported_day]
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = units  # type: ignore[attr-defined]  # a declared ModelChoiceField


class UnitRenameForm(DesignsystemetForm):
    name = forms.CharField(label=_("Nytt navn"), max_length=150)


class UnitEndForm(DesignsystemetForm):
    valid_to = forms.DateField(
        label=_("Siste dag"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[_supported_day],
        help_text=_("Enheten finnes til og med denne dagen."),
    )


class UnitMoveForm(DesignsystemetForm):
    parent: "forms.ModelChoiceField[Unit]" = forms.ModelChoiceField(
        label=_("Ny overordnet enhet"), queryset=None
    )
    on = forms.DateField(
        label=_("Fra dato"), widget=forms.DateInput(attrs={"type": "date"}), validators=[_supported_day]
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = units  # type: ignore[attr-defined]  # a declared ModelChoiceField
