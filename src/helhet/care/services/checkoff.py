"""Taking back a check-off: a slip of the thumb on the work list is put right by the one who made it, while the
shift lasts; later the record stands and a deviation or a note says what really happened."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.care.models import TaskRecord
from helhet.care.schedule import shift_ends_at
from helhet.care.selectors import require_works_in
from helhet.core.history import history_record_delete
from helhet.core.models import User

log = logging.getLogger(__name__)


@transaction.atomic
def task_record_undo(*, acting_user: User, record: TaskRecord) -> None:
    """Undo one's own check-off before the shift it belongs to ends; the task is open again and the history
    keeps what was recorded and who took it back."""
    locked = (
        TaskRecord.objects.select_for_update().select_related("measure__plan").filter(pk=record.pk).first()
    )
    if locked is None:
        raise ValidationError({"task": _("Avkrysningen er allerede angret.")})
    record = locked
    require_works_in(acting_user, record.measure.plan.unit_id, on=record.day)
    if record.recorded_by_id != acting_user.pk:
        raise PermissionDenied(_("Bare den som krysset av oppgaven kan angre avkrysningen."))
    ends = timezone.make_aware(shift_ends_at(record.day, record.time))
    if timezone.now() >= ends:
        raise ValidationError(
            {"task": _("Vakten er over, så avkrysningen kan ikke angres. Skriv en merknad eller meld avvik.")}
        )
    history_record_delete(
        record,
        actor=acting_user,
        fields=["day", "time", "status", "reason", "note"],
        scope=record.measure.plan,
        reason=_("Avkrysningen er angret"),
    )
    log.info("task record undone", extra={"task_record": record.pk, "measure": record.measure_id})
    record.delete()
