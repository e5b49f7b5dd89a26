"""The case process as five steps a case worker recognises: received → assessment → review → decision →
follow-up. Each status lies in one step; a closed case has every step it reached done."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from helhet.casework.models import Status as S

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

STEPS: tuple[tuple[str, "StrOrPromise"], ...] = (
    ("received", _("Mottatt")),
    ("assessment", _("Kartlegging")),
    ("review", _("Vurdering")),
    ("decision", _("Vedtak")),
    ("follow_up", _("Oppfølging")),
)
STEP_OF_STATUS: dict[str, str] = {
    S.RECEIVED: "received",
    S.ASSESSMENT: "assessment",
    S.REVISED: "assessment",
    S.REVIEW: "review",
    S.DRAFTING: "decision",
    S.DECIDED: "decision",
    S.APPEAL: "decision",
    S.APPEAL_FORWARDED: "decision",
    S.NOTIFIED: "follow_up",
    S.FOLLOW_UP: "follow_up",
    S.EVALUATION: "follow_up",
    S.ENDED: "follow_up",
}


@dataclass(frozen=True)
class Step:
    key: str
    label: "StrOrPromise"
    state: str  # "done", "current", "todo" or "skipped"


def case_steps(status: str, *, reviewed: bool = True) -> list[Step]:
    """The five steps with the one the case is in marked current (an ended case: all done; a withdrawn
    case: none current, the steps it never reached left to do). The interdisciplinary review is optional:
    a case that went past it without one shows it as skipped, not done."""
    current = STEP_OF_STATUS.get(status)
    keys = [key for key, _label in STEPS]
    reached = keys.index(current) if current else -1
    steps = []
    for index, (key, label) in enumerate(STEPS):
        if status == S.ENDED or index < reached:
            state = "done"
        elif index == reached:
            state = "current"
        else:
            state = "todo"
        if key == "review" and state == "done" and not reviewed:
            state = "skipped"
        steps.append(Step(key=key, label=label, state=state))
    return steps
