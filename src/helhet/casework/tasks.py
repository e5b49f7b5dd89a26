"""Background jobs of casework (run by `helhet db_worker`; the daily ones enqueued by `helhet enqueue_job`)."""

from django_tasks import task

from helhet.casework.reminders import deadline_reminders_record


@task()
def deadline_reminders() -> int:
    """Daily: record reminders for interim replies and evaluations due within a week or overdue."""
    return deadline_reminders_record()
