"""«Oppgaver»: everything handed to the user and their units, with «Ta oppgaven» and, where the work has
no page of its own, «Merk som utført»."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helhet.inbox import selectors, services
from helhet.inbox.presenting import rows_for


@login_required
def inbox_list(request):
    done = request.GET.get("vis") == "utforte"
    items = list(selectors.items_for(request.user, done=done)[: selectors.PAGE_SIZE])
    return render(
        request,
        "inbox/list.html",
        {
            "rows": rows_for(request.user, items),
            "done": done,
            "open_count": selectors.open_count(request.user),
            "page_size": selectors.PAGE_SIZE,
        },
    )


@login_required
@require_POST
def inbox_action(request, item_id: int, action: str):
    if action not in ("ta", "utfort"):
        raise Http404
    item = selectors.item_visible(request.user, item_id)
    if item is None:
        messages.error(request, _("Oppgaven er ikke til deg eller enheten din."))
        return redirect("inbox:list")
    try:
        if action == "ta":
            services.item_take(acting_user=request.user, item=item)
            messages.success(request, _("Du har tatt oppgaven."))
        else:
            services.item_done(acting_user=request.user, item=item)
            messages.success(request, _("Oppgaven er merket som utført."))
    except (ValidationError, PermissionDenied) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
    back = request.POST.get("neste", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("inbox:list")
