"""What intake does when the inbox reports a forwarded inquiry done: the unit's access to the person ends."""

from typing import Any

from helhet.inbox.models import Item, ItemKind
from helhet.inbox.signals import item_marked_done


def _forwarded_inquiry_done(sender: type[Item], *, item: Item, **kwargs: Any) -> None:
    if item.kind != ItemKind.INQUIRY or item.target_app != "intake":
        return
    from helhet.intake.services import forward_access_end  # services import the inbox; imported when used

    forward_access_end(inquiry_id=item.target_id, unit_id=item.for_unit_id)


item_marked_done.connect(_forwarded_inquiry_done, dispatch_uid="intake-forwarded-inquiry-done")
