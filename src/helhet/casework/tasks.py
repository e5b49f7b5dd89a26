"""Background jobs of casework (run by `helhet db_worker`; the daily ones enqueued by `helhet enqueue_job`)."""

from django_tasks import task

from helhet.casework.reminders import deadline_reminders_record


@task()
def deadline_reminders() -> int:
    """Daily: record reminders for interim replies and evaluations due within a week or overdue."""
    return deadline_reminders_record()


@task()
def letters_dispatch() -> int:
    """Hourly: send letters still queued and retry deliveries that failed (each at most once per channel)."""
    from helhet.casework.delivery import deliveries_dispatch_due

    return deliveries_dispatch_due()


@task()
def letter_receipts() -> int:
    """Hourly: record the outbox's receipts: the day each letter reached the person."""
    from helhet.casework.delivery import delivery_receipts_record

    return delivery_receipts_record()[0]
