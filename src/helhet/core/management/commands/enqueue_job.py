"""`helhet enqueue_job NAME`: put one scheduled job on the background queue (for a systemd timer or cron).

The names are HELHET_SCHEDULED_JOBS in settings (name -> dotted path of a django-tasks task). The job runs
in `helhet db_worker`, not here, so a timer never waits for the work and a failure lands in the task's
result like any other job's.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Enqueue a scheduled background job by name (see HELHET_SCHEDULED_JOBS)."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="job name; omit with --list")
        parser.add_argument("--list", action="store_true", help="list the scheduled jobs")

    def handle(self, *args, name=None, list=False, **options):  # noqa: A002
        jobs = settings.HELHET_SCHEDULED_JOBS
        if list or not name:
            for job, path in sorted(jobs.items()):
                self.stdout.write(f"{job}\t{path}")
            return
        if name not in jobs:
            raise CommandError(f"Unknown job {name!r}; known: {', '.join(sorted(jobs))}")
        result = import_string(jobs[name]).enqueue()
        self.stdout.write(f"{name} enqueued as {result.id}")
