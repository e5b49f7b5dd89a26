"""Forms of the user administration and the API-token pages. Rules live in the services; these parse."""

import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhet.access import roles
from helhet.access.models import TokenScope
from helhet.access.services import TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS
from helhet.core.forms import DesignsystemetForm
from helhet.core.models import Municipality
from helhet.organisation.models import Engagement, Staff, Unit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ROLE_CHOICES = [(role, label) for role, label in roles.LABELS.items()]


def _date(label: "StrOrPromise", *, required: bool = True, help_text: "StrOrPromise" = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text, widget=forms.DateInput(attrs={"type": "date"})
    )


def _reason() -> forms.CharField:
    return forms.CharField(
        label=_("Begrunnelse"),
        max_length=200,
        help_text=_("Hvorfor endringen gjøres. Vises i brukerens kontohistorikk."),
    )


class UserSearchForm(forms.Form):
    q = forms.CharField(label=_("Søk på navn eller brukernavn"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle")), ("active", _("Aktive")), ("inactive", _("Deaktiverte"))],
    )


class StaffChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A member of staff as «Navn – enhet» (the units of today's engagements), so two people with the same
    name can be told apart. The queryset prefetches `current_engagements` (`staff_without_user`)."""

    def label_from_instance(self, obj: Any) -> str:
        units = sorted({engagement.unit.name for engagement in getattr(obj, "current_engagements", [])})
        return f"{obj} – {', '.join(units) if units else _('uten enhet')}"


def staff_without_user(municipality: Municipality) -> QuerySet[Staff]:
    """The municipality's staff that have no user yet, each with today's engagements and their units."""
    today = timezone.localdate()
    current = Engagement.objects.valid_on(today).select_related("unit").order_by("unit__name")
    return Staff.objects.filter(municipality=municipality, user__isnull=True).prefetch_related(
        Prefetch("engagements", queryset=current, to_attr="current_engagements")
    )


class UserCreateForm(DesignsystemetForm):
    username = forms.CharField(label=_("Brukernavn"), max_length=150)
    first_name = forms.CharField(label=_("Fornavn"), max_length=100)
    last_name = forms.CharField(label=_("Etternavn"), max_length=100)
    email = forms.CharField(label=_("E-post"), max_length=254)
    staff = StaffChoiceField(
        label=_("Knytt til ansatt"),
        queryset=Staff.objects.none(),
        required=False,
        help_text=_("En ansatt som er registrert i organisasjonen uten bruker. Tomt: ny ansatt lages."),
    )
    initial_roles = forms.MultipleChoiceField(
        label=_("Roller fra i dag"), choices=ROLE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = _reason()

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_without_user(municipality)  # type: ignore[attr-defined]  # a declared ModelChoiceField
        self.fields["initial_roles"].widget.attrs.pop("class", None)


class ReasonForm(DesignsystemetForm):
    reason = _reason()


class RoleGrantForm(DesignsystemetForm):
    role = forms.ChoiceField(label=_("Rolle"), choices=ROLE_CHOICES)
    valid_from = _date(_("Fra og med"))
    valid_to = _date(_("Til og med"), required=False, help_text=_("Tomt: inntil videre."))
    reason = _reason()


class EndForm(DesignsystemetForm):
    """Ends a role or an engagement: the first day without it (today takes it away at once)."""

    ends_on = _date(
        _("Avsluttes fra og med"), help_text=_("Første dag uten. I dag tar det bort med en gang.")
    )
    reason = _reason()

    def clean_ends_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["ends_on"]
        if not (datetime.date(1900, 1, 2) <= day <= datetime.date(2100, 12, 31)):
            raise forms.ValidationError(_("Datoen må ligge mellom 1900 og 2100."))
        return day


class EngagementForm(DesignsystemetForm):
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=Unit.objects.none())
    fte = forms.DecimalField(
        label=_("Stillingsandel"),
        max_digits=4,
        decimal_places=3,
        help_text=_("Mellom 0 og 1, for eksempel 0,8 for 80 %."),
        localize=True,
    )
    role = forms.CharField(label=_("Rolle i enheten"), max_length=100, required=False)
    valid_from = _date(_("Fra og med"))
    valid_to = _date(_("Til og med"), required=False, help_text=_("Tomt: inntil videre."))
    reason = _reason()

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]  # a declared ModelChoiceField


class TokenCreateForm(DesignsystemetForm):
    name = forms.CharField(
        label=_("Navn"),
        max_length=100,
        help_text=_("Hva nøkkelen brukes til, for eksempel «Rapportuttrekk»."),
    )
    scope = forms.ChoiceField(
        label=_("Tilgang"), choices=TokenScope.choices, initial=TokenScope.READ, widget=forms.RadioSelect
    )
    days = forms.IntegerField(
        label=_("Gyldig i antall dager"),
        min_value=1,
        max_value=TOKEN_MAX_DAYS,
        initial=TOKEN_DEFAULT_DAYS,
        help_text=_("Standard 90 dager, høyst 365."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].widget.attrs.pop("class", None)
