"""Background job of the organisation's meetings (enqueued daily by `helhet enqueue_job meetings-ahead`)."""

from django_tasks import task

from helhet.organisation.rotation import rotations_extend
from helhet.orgmeetings.services import series_extend


@task()
def meetings_ahead() -> int:
    """Daily: keep a year of each series' meetings made, and each rotation's terms planned two years ahead."""
    return series_extend() + rotations_extend()
