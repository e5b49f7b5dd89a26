"""Forms of the meeting, rotation and room pages: they parse; the services hold the rules."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from helhet.core.calendar import OUT_OF_RANGE_MESSAGE, within_supported_range
from helhet.core.forms import DesignsystemetForm
from helhet.organisation.models import BookingPurpose, PeriodUnit
from helhet.orgmeetings.models import WEEKDAYS, SeriesKind

NO_NAMES = _(
    "Skriv ikke navn eller andre opplysninger om brukerne av tjenestene her: møtet handler om hvordan enhetene jobber."
)


def _in_range(value):
    day = value.date() if isinstance(value, datetime.datetime) else value
    if day is not None and not within_supported_range(day):
        raise ValidationError(OUT_OF_RANGE_MESSAGE)
    return value


def _date(label, required=True):
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}), validators=[_in_range]
    )


class SeriesForm(DesignsystemetForm):
    name = forms.CharField(label=_("Navn på møtet"), max_length=150)
    kind = forms.ChoiceField(label=_("Type møte"), choices=SeriesKind.choices)
    owner_unit = forms.ChoiceField(label=_("Ansvarlig enhet"))
    units = forms.MultipleChoiceField(
        label=_("Deltakende enheter"), required=False, widget=forms.CheckboxSelectMultiple
    )
    weekday = forms.TypedChoiceField(label=_("Ukedag"), choices=WEEKDAYS, coerce=int)
    starts = forms.TimeField(
        label=_("Klokkeslett"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration = forms.IntegerField(label=_("Varighet (minutter)"), initial=60, min_value=5, max_value=720)
    every_weeks = forms.IntegerField(
        label=_("Hvor ofte (hver N. uke)"),
        initial=1,
        min_value=1,
        max_value=52,
        help_text=_("1 er hver uke, 2 annenhver uke, 6 hver sjette uke."),
    )
    starts_on = _date(_("Fra dato"))
    ends_on = _date(_("Til dato"), required=False)
    room = forms.ChoiceField(label=_("Rom"), required=False)

    def __init__(self, *args, units=(), owner_units=(), rooms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].choices = [("", _("Velg enhet"))] + [(u.pk, u.name) for u in owner_units]  # type: ignore[attr-defined]  # a declared ChoiceField
        self.fields["units"].choices = [(u.pk, u.name) for u in units]  # type: ignore[attr-defined]  # a declared ChoiceField
        room_choices = [("", _("Uten rom"))] + [(r.pk, f"{r.name} ({r.unit.name})") for r in rooms]
        self.fields["room"].choices = room_choices  # type: ignore[attr-defined]  # a declared ChoiceField


class AgendaItemForm(DesignsystemetForm):
    title = forms.CharField(label=_("Sak"), max_length=200, help_text=NO_NAMES)
    text = forms.CharField(
        label=_("Beskrivelse"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActionForm(DesignsystemetForm):
    text = forms.CharField(label=_("Hva skal gjøres"), max_length=500, help_text=NO_NAMES)
    responsible = forms.ChoiceField(label=_("Ansvarlig"))
    due_on = _date(_("Frist"))

    def __init__(self, *args, staff=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].choices = (  # type: ignore[attr-defined]  # a declared ChoiceField
            [("", _("Velg ansvarlig"))]
            + [(f"u{u.pk}", _("Enheten %(unit)s") % {"unit": u.name}) for u in units]
            + [(f"s{s.pk}", str(s)) for s in staff]
        )


class RoomForm(DesignsystemetForm):
    unit = forms.ChoiceField(label=_("Enhet"))
    name = forms.CharField(label=_("Navn på rommet"), max_length=100)
    capacity = forms.IntegerField(label=_("Antall plasser"), min_value=1, max_value=500)
    accessible = forms.BooleanField(label=_("Universelt utformet (rullestol, teleslynge)"), required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("Velg enhet"))] + [(u.pk, u.name) for u in units]  # type: ignore[attr-defined]  # a declared ChoiceField


class BookingForm(DesignsystemetForm):
    room = forms.ChoiceField(label=_("Rom"))
    day = _date(_("Dag"))
    starts = forms.TimeField(
        label=_("Fra klokken"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    ends = forms.TimeField(
        label=_("Til klokken"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    purpose = forms.ChoiceField(label=_("Formål"), choices=BookingPurpose.choices)
    for_unit = forms.ChoiceField(label=_("For enhet"))
    note = forms.CharField(
        label=_("Merknad"),
        required=False,
        max_length=200,
        help_text=_("Hva rommet skal brukes til, ikke hvem samtalen er med."),
    )

    def __init__(self, *args, rooms=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].choices = [("", _("Velg rom"))] + [  # type: ignore[attr-defined]  # a declared ChoiceField
            (r.pk, f"{r.name} ({r.unit.name})") for r in rooms
        ]
        self.fields["for_unit"].choices = [("", _("Velg enhet"))] + [(u.pk, u.name) for u in units]  # type: ignore[attr-defined]  # a declared ChoiceField


ROTATION_SLOTS = 6


class RotationForm(DesignsystemetForm):
    starts_on = _date(_("Første periode starter"))
    period_length = forms.IntegerField(label=_("Periodens lengde"), min_value=1, max_value=104, initial=6)
    period_unit = forms.ChoiceField(
        label=_("Lengden regnes i"), choices=PeriodUnit.choices, initial=PeriodUnit.MONTHS
    )
    title = forms.CharField(label=_("Ledertittel"), required=False, max_length=100)

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Ingen"))] + [(s.pk, f"{s} ({s.title})" if s.title else str(s)) for s in staff]
        for slot in range(1, ROTATION_SLOTS + 1):
            self.fields[f"leader_{slot}"] = forms.ChoiceField(
                label=_("Leder i periode %(n)s") % {"n": slot}, choices=choices, required=False
            )
            self.fields[f"leader_{slot}"].widget.attrs["class"] = "ds-input"

    def leader_ids(self) -> list[int]:
        return [
            int(self.cleaned_data[f"leader_{slot}"])
            for slot in range(1, ROTATION_SLOTS + 1)
            if self.cleaned_data.get(f"leader_{slot}")
        ]

    def leader_fields(self):
        return [self[f"leader_{slot}"] for slot in range(1, ROTATION_SLOTS + 1)]
