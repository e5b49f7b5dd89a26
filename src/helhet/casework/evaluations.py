"""The decisions due for evaluation, kept as a date on the decision itself (Decision.evaluation_due).

A sent decision is due for evaluation on its review date while it is not superseded and its case is in
follow-up. The deadline board lists those in date order; reading them through the case's status would join
every follow-up case and sort before the first 25 could be shown, so the date is kept on the decision,
indexed over the due ones only, and set or cleared here whenever its case enters or leaves follow-up (the
only moment the three conditions can change together: a decision is drafted, sent and superseded only in
statuses before follow-up, see casework.actions).
"""

from django.db import connection
from django.db.models import F

from helhet.casework.models import Decision, DecisionState, Status

# The same rule as `evaluation_due_keep`, for every decision at once: for a database loaded in bulk
# (bench/scale.py) and for the migration that brought the column.
FILL_SQL = """
UPDATE casework_decision SET evaluation_due = CASE
    WHEN state = 'sent'
     AND NOT EXISTS (SELECT 1 FROM casework_decision AS later WHERE later.supersedes_id = casework_decision.id)
     AND case_id IN (SELECT id FROM casework_case WHERE status = 'follow_up')
    THEN review_date END
"""


def evaluation_due_keep(case_id: int, status: str) -> None:
    """Set or clear the evaluation dates of one case's decisions for its new status."""
    decisions = Decision.objects.filter(case_id=case_id)
    if status != Status.FOLLOW_UP:
        decisions.filter(evaluation_due__isnull=False).update(evaluation_due=None)
        return
    due = decisions.filter(state=DecisionState.SENT, superseded_by__isnull=True)
    due.update(evaluation_due=F("review_date"))


def evaluation_due_fill() -> None:
    """Every decision's evaluation date from the rule (after a bulk load that did not set it)."""
    with connection.cursor() as cursor:
        cursor.execute(FILL_SQL)
