"""Reads of the access layer."""

from django.db.models import QuerySet

from helhet.access.models import AccessLog


def access_log_for_person(person) -> QuerySet:
    """The person's access log, newest first, with who read (caller has already authorised)."""
    return AccessLog.objects.filter(person_id=person.pk).select_related("user").order_by("-at", "-pk")
