"""The citizen's appeal form (Min side)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from helhet.casework.services import CITIZEN_APPEAL_TEXT_MAX
from helhet.core.forms import DesignsystemetForm


class CitizenAppealForm(DesignsystemetForm):
    """Klage: what the person wants changed and why; with a late appeal, why it is late (fvl § 31)."""

    change_wanted = forms.CharField(
        label=_("Hva vil du at vi skal endre?"),
        help_text=_("For eksempel: «Jeg vil ha hjelp hver dag, ikke tre dager i uken.»"),
        max_length=CITIZEN_APPEAL_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv hva du vil at vi skal endre.")},
    )
    reasons = forms.CharField(
        label=_("Hvorfor mener du vedtaket er feil?"),
        help_text=_("Fortell med egne ord. Du kan også skrive om noe vi ikke visste da vi bestemte oss."),
        required=False,
        max_length=CITIZEN_APPEAL_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    late_reason = forms.CharField(
        label=_("Hvorfor klager du etter fristen?"),
        help_text=_("Skriv hvorfor du ikke kunne klage før. Da kan klagen likevel bli behandlet."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, late: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not late:
            del self.fields["late_reason"]
