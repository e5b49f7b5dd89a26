"""Min side, Målform: bokmål or nynorsk for the person's letters (and, for oneself, Min side's pages)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helhet.people import services as people_services
from helhet.people.models import WrittenForm
from helhet.portal.acting import acting_for
from helhet.portal.citizen_consent import change_reason
from helhet.portal.citizen_views import citizen_required
from helhet.portal.language import page_language_set
from helhet.portal.representation import Capability


@citizen_required
@require_POST
def written_form(request: HttpRequest, person_id: int) -> HttpResponse:
    """Choose the målform; whoever may apply for the person may choose it (their letters follow it)."""
    acting = acting_for(request, person_id, Capability.APPLY)
    chosen = request.POST.get("written_form", "")
    with translation.override(settings.LANGUAGE_CODE):  # the change history is kept in bokmål
        reason = change_reason(acting)
    try:
        person = people_services.person_written_form_set(
            person=acting.person, written_form=chosen, actor=acting.account.user, reason=reason
        )
    except ValidationError:
        messages.error(request, _("Velg bokmål eller nynorsk."))
        return redirect("citizen:person", person_id)
    response = redirect("citizen:person", person_id)
    language = translation.get_language()
    if not acting.on_behalf:
        page_language_set(response, person.written_form)
        language = person.written_form  # the confirmation in the form just chosen
    with translation.override(language):
        form_name = WrittenForm(person.written_form).label.lower()
        messages.success(request, _("Brev fra kommunen skrives nå på %(form)s.") % {"form": form_name})
    return response
