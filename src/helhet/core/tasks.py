"""Background jobs of core (run by `helhet db_worker`)."""

from django_tasks import task

from helhet.core.exports import exports_prune


@task()
def prune_exports() -> int:
    """Delete exports older than HELHET_EXPORT_HOURS (daily)."""
    return exports_prune()
