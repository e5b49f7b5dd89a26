"""Write use cases for the tenant itself. Callers check that the acting user is the municipality's admin."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from helhet.core.locking import save_versioned
from helhet.core.models import Municipality, User


@transaction.atomic
def municipality_span_limit_set(
    *, municipality: Municipality, limit: int, expected_version: int, actor: User
) -> Municipality:
    if not 1 <= limit <= 1000:
        raise ValidationError({"limit": _("Grensen må være mellom 1 og 1000.")})
    municipality.span_of_control_limit = limit
    save_versioned(
        municipality, expected_version=expected_version, fields=["span_of_control_limit"], actor=actor
    )
    return municipality
