"""Background jobs of insight (run by `helhet db_worker`)."""

from django_tasks import task

from helhet.core.exports import export_run
from helhet.insight import exports


@task()
def make_export(export_id: int) -> str:
    """Make an ordered org-chart PDF or span-of-control CSV and store it for the user who ordered it."""
    return export_run(export_id, exports.make)
