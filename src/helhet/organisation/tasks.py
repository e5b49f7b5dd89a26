"""Background job of the organisation (enqueued daily by `helhet enqueue_job pending-imports-purge`)."""

from django_tasks import task

from helhet.organisation.imports import pending_imports_purge


@task()
def pending_imports_purge_job() -> int:
    """Daily: delete uploaded collaboration lists older than a week (the raw text is not kept longer)."""
    return pending_imports_purge()
