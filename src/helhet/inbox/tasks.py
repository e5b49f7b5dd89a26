"""Background jobs of the inbox (run by `helhet db_worker`; enqueued by `helhet enqueue_job inbox-escalate`)."""

from django_tasks import task

from helhet.inbox.services import items_escalate


@task()
def inbox_escalate() -> int:
    """Hourly or daily: raise items nobody took in time to the unit's leader."""
    return items_escalate()
