"""What each case status allows: one table, asked by every service that touches a case (under its row lock)
and by the pages and the API to show only what can be done.

The status table answers "may this kind of thing happen to a case in this status"; each service still checks
its own object (a draft must be a draft, an appeal must be open, …).

Why the rows are as they are (for the legal adviser):
- A withdrawn or ended case gets no assessment, review, draft, decision or interim reply: the application is
  no longer pending (fvl § 11 a, § 17, § 24). It has no owner changes or handoffs either.
- A draft is sent only while the case is «Vedtak under utarbeiding»; revision (Revideres) and appeals
  (Klage til behandling, Klage sendt Statsforvalteren) lead into drafting when a draft is made.
- An appeal may be registered, corrected and reassessed whatever the case's status, once the case can hold
  a sent decision (every status after «Mottatt»): the receipt date interrupts the deadline (pbrl § 7-5,
  fvl §§ 29–30) and the right to appeal does not end because the case moved on or ended (domain.md §1.3).
"""

from collections.abc import Set as AbstractSet

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhet.casework.models import Status as S
from helhet.casework.workflow import TRANSITIONS

ASSESSMENT_RECORD = "assessment_record"
REVIEW_RECORD = "review_record"
DECISION_DRAFT_CREATE = "decision_draft_create"
DECISION_DRAFT_UPDATE = "decision_draft_update"
DECISION_SEND = "decision_send"
INTERIM_REPLY_SEND = "interim_reply_send"
CASE_ASSIGN = "case_assign"
CASE_HANDOFF = "case_handoff"
APPEAL_REGISTER = "appeal_register"
APPEAL_CORRECT = "appeal_correct"
APPEAL_DISMISS = "appeal_dismiss"
APPEAL_REASSESS = "appeal_reassess"
APPEAL_AUTHORITY_OUTCOME = "appeal_authority_outcome"
REVIEW_REQUEST_CREATE = "review_request_create"
REVIEW_REQUEST_HANDLE = "review_request_handle"

# What the refusal says the case cannot do: "Saken er «Trukket»; den kan ikke <phrase>."
PHRASES = {
    ASSESSMENT_RECORD: gettext_lazy("kartlegges"),
    REVIEW_RECORD: gettext_lazy("få tverrfaglig vurdering"),
    DECISION_DRAFT_CREATE: gettext_lazy("få nytt vedtaksutkast"),
    DECISION_DRAFT_UPDATE: gettext_lazy("få vedtaksutkast endret"),
    DECISION_SEND: gettext_lazy("få vedtak"),
    INTERIM_REPLY_SEND: gettext_lazy("få foreløpig svar"),
    CASE_ASSIGN: gettext_lazy("få ny saksbehandler"),
    CASE_HANDOFF: gettext_lazy("sendes til et annet team"),
    APPEAL_REGISTER: gettext_lazy("få klage registrert"),
    APPEAL_CORRECT: gettext_lazy("få klage rettet"),
    APPEAL_DISMISS: gettext_lazy("få klage avvist"),
    APPEAL_REASSESS: gettext_lazy("få klage vurdert på nytt"),
    APPEAL_AUTHORITY_OUTCOME: gettext_lazy("få Statsforvalterens avgjørelse registrert"),
    REVIEW_REQUEST_CREATE: gettext_lazy("få anmodning om ny vurdering"),
    REVIEW_REQUEST_HANDLE: gettext_lazy("få anmodning om ny vurdering behandlet"),
}

BEFORE_DECISION = {S.RECEIVED, S.ASSESSMENT, S.REVIEW, S.DRAFTING}
DRAFTABLE = {S.ASSESSMENT, S.REVIEW, S.DRAFTING, S.REVISED, S.APPEAL, S.APPEAL_FORWARDED}
CLOSED = {S.ENDED, S.WITHDRAWN}
MAY_HOLD_A_SENT_DECISION = set(S.values) - {S.RECEIVED}

_BY_ACTION: dict[str, AbstractSet[str]] = {
    ASSESSMENT_RECORD: {S.RECEIVED, S.ASSESSMENT, S.REVIEW, S.DRAFTING, S.REVISED},
    REVIEW_RECORD: {S.ASSESSMENT, S.REVIEW, S.DRAFTING, S.REVISED},
    DECISION_DRAFT_CREATE: DRAFTABLE,
    DECISION_DRAFT_UPDATE: DRAFTABLE,
    DECISION_SEND: {S.DRAFTING},
    INTERIM_REPLY_SEND: BEFORE_DECISION,
    CASE_ASSIGN: set(S.values) - CLOSED,
    CASE_HANDOFF: set(S.values) - CLOSED,
    APPEAL_REGISTER: MAY_HOLD_A_SENT_DECISION,
    APPEAL_CORRECT: MAY_HOLD_A_SENT_DECISION,
    APPEAL_DISMISS: MAY_HOLD_A_SENT_DECISION,
    APPEAL_REASSESS: MAY_HOLD_A_SENT_DECISION,
    APPEAL_AUTHORITY_OUTCOME: MAY_HOLD_A_SENT_DECISION,
    REVIEW_REQUEST_CREATE: MAY_HOLD_A_SENT_DECISION,
    REVIEW_REQUEST_HANDLE: set(S.values),
}

# «Vedtak fattet» is reached only by sending a decision, never by a move of its own.
TRANSITION_ACTIONS = {f"transition:{target}" for targets in TRANSITIONS.values() for target in targets}

TABLE: dict[str, frozenset[str]] = {
    status: frozenset(
        [action for action, statuses in _BY_ACTION.items() if status in statuses]
        + [f"transition:{target}" for target in TRANSITIONS[status] if target != S.DECIDED]
    )
    for status in S.values
}
ACTIONS: tuple[str, ...] = tuple(_BY_ACTION) + tuple(sorted(TRANSITION_ACTIONS))


def _phrase(action: str) -> str:
    if action.startswith("transition:"):
        target = action.removeprefix("transition:")
        return _("gå til «%(target)s»") % {"target": S(target).label}
    return str(PHRASES[action])


def label(action: str) -> str:
    return _phrase(action)


def allows(status: str, action: str) -> bool:
    return action in TABLE.get(status, frozenset())


def require(case, action: str) -> None:
    """Refuse, with a Norwegian message naming the status and the action, what the case's status forbids.
    Call it on the row-locked case, before anything is changed."""
    if action not in PHRASES and not action.startswith("transition:"):
        raise ValueError(f"unknown case action: {action}")
    if not allows(case.status, action):
        raise ValidationError(
            {
                "status": _("Saken er «%(status)s»; den kan ikke %(action)s.")
                % {"status": S(case.status).label, "action": _phrase(action)}
            }
        )


def allowed_actions(case) -> list[str]:
    """The actions the case's status allows, in the table's order (for the pages and the API)."""
    allowed = TABLE.get(case.status, frozenset())
    return [action for action in ACTIONS if action in allowed]
