"""The case state machine: the only allowed moves between statuses."""

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from helhet.casework.models import BEFORE_DECISION_STATUSES, OPEN_STATUSES
from helhet.casework.models import Status as S

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.RECEIVED: (S.ASSESSMENT, S.WITHDRAWN),
    S.ASSESSMENT: (S.REVIEW, S.DRAFTING, S.WITHDRAWN),
    S.REVIEW: (S.ASSESSMENT, S.DRAFTING, S.WITHDRAWN),
    S.DRAFTING: (S.ASSESSMENT, S.REVIEW, S.DECIDED, S.WITHDRAWN),
    S.DECIDED: (S.NOTIFIED,),
    S.NOTIFIED: (S.FOLLOW_UP, S.APPEAL, S.ENDED),
    S.FOLLOW_UP: (S.EVALUATION, S.APPEAL, S.ENDED),
    S.EVALUATION: (S.REVISED, S.FOLLOW_UP, S.ENDED),
    S.REVISED: (S.ASSESSMENT, S.DRAFTING),
    S.APPEAL: (S.DRAFTING, S.APPEAL_FORWARDED),
    S.APPEAL_FORWARDED: (S.DRAFTING, S.FOLLOW_UP, S.ENDED),
    S.ENDED: (),
    S.WITHDRAWN: (),
}
OPEN = OPEN_STATUSES  # neither ended nor withdrawn
BEFORE_DECISION = BEFORE_DECISION_STATUSES


def check(current: str, target: str) -> None:
    if target not in TRANSITIONS.get(current, ()):
        raise ValidationError(
            {
                "status": _("En sak som er «%(current)s» kan ikke gå til «%(target)s».")
                % {"current": S(current).label, "target": S(target).label}
            }
        )


def allowed(current: str) -> "list[tuple[str, StrOrPromise]]":
    return [(status, S(status).label) for status in TRANSITIONS.get(current, ())]
