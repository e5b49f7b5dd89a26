"""Background jobs of care (run by `helhet db_worker`; the daily ones enqueued by `helhet enqueue_job`)."""

from django_tasks import task

from helhet.care.inbox_items import plan_reviews_due_open
from helhet.care.selectors.coordination import REVIEW_EVERY_DAYS


@task()
def plan_reviews_due() -> int:
    """Daily: hand the individual plans due for review to their coordinators' inboxes."""
    return plan_reviews_due_open(every_days=REVIEW_EVERY_DAYS)
