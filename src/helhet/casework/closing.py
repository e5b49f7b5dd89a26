"""Closing a case («Avsluttet»): when it may happen and what ends with it.

For the legal adviser: a case whose granting decision is still in force cannot simply be closed; the
service must first be stopped by a decision of its own (vedtak om opphør), after advance notice
(forvaltningsloven § 16), or have run out by its end date. Closing ends the need-to-know the case and its
decisions gave (Responsibility rows) and the inbox work handed on for it. It does not end the right to appeal
(forvaltningsloven § 29, pasient- og brukerrettighetsloven § 7-2) nor the right to reverse (§ 35): an appeal
may still be registered on a closed case (casework.actions).
"""

import datetime

from django.db.models import Q
from django.utils.translation import gettext as _

from helhet.access.models import Responsibility
from helhet.access.services import responsibility_end
from helhet.casework import actions, inbox_items
from helhet.casework.models import GRANTING, Case, Decision, DecisionState, Status
from helhet.core.models import User


def decisions_in_force(case: Case, today: datetime.date) -> list[Decision]:
    """The case's sent granting decisions not replaced and without an end date in the past."""
    return list(
        Decision.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today),
            case=case,
            state=DecisionState.SENT,
            superseded_by__isnull=True,
            outcome__in=GRANTING,
        )
        .select_related("service")
        .order_by("pk")
    )


def close_blocker(case: Case, today: datetime.date) -> str | None:
    """Why the case cannot be closed today, in Norwegian; None when it can."""
    running = decisions_in_force(case, today)
    if not running:
        return None
    return _(
        "Vedtaket om %(services)s gjelder fortsatt. Saken kan ikke avsluttes før tjenesten er slutt: "
        "fatt først et vedtak om opphør, med forhåndsvarsel (forvaltningsloven § 16), eller vent til "
        "sluttdatoen i vedtaket er passert."
    ) % {"services": ", ".join(d.service.name for d in running)}


def end_what_the_case_gave(case: Case, acting_user: User, today: datetime.date) -> None:
    """Called inside the closing transaction: end the case's and its decisions' Responsibility rows today
    and close the case's open inbox items (new orders and interdisciplinary reviews)."""
    decision_ids = list(case.decisions.values_list("pk", flat=True))
    sources = [f"case:{case.pk}"] + [f"decision:{pk}" for pk in decision_ids]
    still_open = Responsibility.objects.filter(source__in=sources).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=today)
    )
    for responsibility in still_open:
        responsibility_end(responsibility=responsibility, valid_to=max(today, responsibility.valid_from))
    for decision_id in decision_ids:
        inbox_items.order_planned(decision_id=decision_id, acting_user=acting_user)
    inbox_items.review_held(case=case, acting_user=acting_user)


def offered_actions(case: Case, today: datetime.date) -> list[str]:
    """The actions the status table allows, less closing while a granting decision is in force: what the page
    and the API offer."""
    allowed = actions.allowed_actions(case)
    ending = f"transition:{Status.ENDED}"
    if ending in allowed and close_blocker(case, today):
        allowed.remove(ending)
    return allowed
