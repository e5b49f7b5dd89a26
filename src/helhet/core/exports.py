"""Exports: files made by a background job for one user, fetched by that user when ready.

The app that owns the work defines the job (a django-tasks task taking the export's id) and calls
`export_request` with it; the job calls `export_run` with a function that makes the file. Nothing here
knows what is exported.
"""

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.core.models import Export, ExportStatus

logger = logging.getLogger("helhet.jobs")

Made = tuple[str, str, bytes]  # filename, content type, bytes


@transaction.atomic
def export_request(*, user, kind: str, title: str, task, params: dict | None = None) -> Export:
    """Record the order and enqueue `task` with the export's id once the order is committed."""
    export = Export.objects.create(
        municipality_id=user.municipality_id, owner=user, kind=kind, title=title[:200], params=params or {}
    )
    transaction.on_commit(lambda: task.enqueue(export.pk))
    return export


def export_run(export_id: int, make: Callable[[Export], Made]) -> str:
    """Make the file of a pending export and store it; a failure is stored as such and re-raised so the
    task's own result says failed too. Returns the new status."""
    export = Export.objects.select_related("owner", "municipality").filter(pk=export_id).first()
    if export is None or export.status != ExportStatus.PENDING:
        return export.status if export is not None else "gone"
    try:
        filename, content_type, content = make(export)
    except Exception:
        logger.exception("export failed", extra={"export_id": export_id, "kind": export.kind})
        _finish(export, status=ExportStatus.FAILED, error=_("Eksporten kunne ikke lages. Prøv igjen."))
        raise
    _finish(export, status=ExportStatus.READY, filename=filename, content_type=content_type, content=content)
    logger.info("export ready", extra={"export_id": export_id, "kind": export.kind, "size": len(content)})
    return ExportStatus.READY


@transaction.atomic
def _finish(export: Export, *, status: str, **fields) -> None:
    export.status = status
    export.finished_at = timezone.now()
    for name, value in fields.items():
        setattr(export, name, value)
    if "content" in fields:
        export.size = len(fields["content"])
    export.save()


@transaction.atomic
def exports_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete exports older than HELHET_EXPORT_HOURS; returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=settings.HELHET_EXPORT_HOURS)
    deleted, _detail = Export.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def export_for(user, export_id: int) -> Export | None:
    """The user's own export, or None (another user's export is never shown)."""
    return Export.objects.filter(pk=export_id, owner=user, municipality_id=user.municipality_id).first()
