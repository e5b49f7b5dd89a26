"""Forms of the providers' pages; the services hold the rules, the forms only parse input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from helhet.care.models import DeviationKind, MeetingKind, Severity
from helhet.core.forms import DesignsystemetForm


class ProcedureForm(DesignsystemetForm):
    title = forms.CharField(label=_("Tittel"), max_length=200)
    text = forms.CharField(
        label=_("Formål og omfang"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    steps = forms.CharField(
        label=_("Fremgangsmåte"),
        help_text=_("Ett trinn per linje."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=8000,
    )
    valid_from = forms.DateField(label=_("Gyldig fra"), widget=forms.DateInput(attrs={"type": "date"}))

    def step_list(self) -> list[str]:
        return self.cleaned_data["steps"].splitlines()


class ProcedureRevisionForm(ProcedureForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["title"]


class DeviationForm(DesignsystemetForm):
    kind = forms.ChoiceField(label=_("Type avvik"), choices=DeviationKind.choices)
    severity = forms.ChoiceField(label=_("Alvorlighet"), choices=Severity.choices)
    happened_at = forms.DateTimeField(
        label=_("Når skjedde det?"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    what = forms.CharField(label=_("Hva skjedde?"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    immediate_action = forms.CharField(
        label=_("Hva ble gjort straks?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class DeviationFollowUpForm(DesignsystemetForm):
    note = forms.CharField(label=_("Oppfølging"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    closing_measure = forms.CharField(
        label=_("Tiltak for å hindre gjentakelse"),
        required=False,
        help_text=_("Fyll ut for å lukke avviket."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class MeetingForm(DesignsystemetForm):
    kind = forms.ChoiceField(label=_("Type møte"), choices=MeetingKind.choices)
    starts_at = forms.DateTimeField(
        label=_("Tidspunkt"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    duration = forms.IntegerField(label=_("Varighet (minutter)"), initial=60, min_value=15, max_value=480)
    place = forms.CharField(label=_("Sted"), required=False, max_length=200)
    units = forms.MultipleChoiceField(
        label=_("Deltakende enheter"), required=False, widget=forms.CheckboxSelectMultiple
    )
    relatives = forms.MultipleChoiceField(
        label=_("Pårørende som inviteres"), required=False, widget=forms.CheckboxSelectMultiple
    )
    person_invited = forms.BooleanField(label=_("Personen er invitert"), required=False, initial=True)
    referral = forms.ChoiceField(label=_("Henvisning"), required=False)
    agenda = forms.CharField(label=_("Saksliste"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units=(), relatives=(), referrals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].choices = [(u.pk, u.name) for u in units]  # type: ignore[attr-defined]  # a declared ModelChoiceField/ChoiceField
        self.fields["relatives"].choices = [  # type: ignore[attr-defined]  # a declared ModelChoiceField/ChoiceField
            (r.pk, f"{r.name} ({r.get_relation_display()})") for r in relatives
        ]
        self.fields["referral"].choices = [("", _("Ingen"))] + list(referrals)  # type: ignore[attr-defined]  # a declared ModelChoiceField/ChoiceField
        for name in ("units", "relatives"):
            self.fields[name].widget.attrs["class"] = "ds-input"


class JointBookingForm(DesignsystemetForm):
    units = forms.MultipleChoiceField(
        label=_("Tjenester som skal delta"), widget=forms.CheckboxSelectMultiple
    )
    agenda = forms.CharField(
        label=_("Hva samtalen skal handle om"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].choices = [(u.pk, u.name) for u in units]  # type: ignore[attr-defined]  # a declared ModelChoiceField/ChoiceField
        self.fields["units"].widget.attrs["class"] = "ds-input"


class AppointForm(DesignsystemetForm):
    coordinator = forms.ChoiceField(label=_("Koordinator"))
    child_coordinator = forms.ChoiceField(label=_("Barnekoordinator"), required=False)
    plan_declined = forms.BooleanField(
        label=_("Personen ønsker ikke individuell plan (koordinator oppnevnes likevel)"), required=False
    )
    services = forms.MultipleChoiceField(
        label=_("Tjenester som deltar"), required=False, widget=forms.CheckboxSelectMultiple
    )
    shared_with = forms.MultipleChoiceField(
        label=_("Personen samtykker til at disse enhetene ser planen"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, staff=(), services=(), units=(), child=False, **kwargs):
        super().__init__(*args, **kwargs)
        people = [(s.pk, f"{s}{f' ({s.profession})' if s.profession else ''}") for s in staff]
        self.fields["coordinator"].choices = [("", _("Velg"))] + people  # type: ignore[attr-defined]  # a declared ModelChoiceField/ChoiceField
        if child:
            self.fields["child_coordinator"].choices = [("", _("Ingen"))] + people  # type: ignore[attr-defined]  # a declared ModelChoiceField/ChoiceField
        else:
            del self.fields["child_coordinator"]
        self.fields["services"].choices = [(s.pk, s.name) for s in services]  # type: ignore[attr-defined]  # a declared ModelChoiceField/ChoiceField
        self.fields["shared_with"].choices = [(u.pk, u.name) for u in units]  # type: ignore[attr-defined]  # a declared ModelChoiceField/ChoiceField
        for name in ("services", "shared_with"):
            self.fields[name].widget.attrs["class"] = "ds-input"
