"""Errors raised by services; views and the API turn them into Norwegian messages."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A use case refused: nothing was changed."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = str(message)
        self.field = field


class ConflictError(DomainError):
    """Someone else saved the record first (optimistic locking)."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or str(
                _(
                    "Noen andre har endret dette i mellomtiden. Last siden på nytt for å se "
                    "endringene, og gjør dine endringer igjen."
                )
            )
        )


def errors_by_field(error: ValidationError) -> dict[str, list[str]]:
    """Flatten a Django ValidationError to {field: [messages]} ("__all__" for non-field errors)."""
    if hasattr(error, "error_dict"):
        return {field: [str(m) for e in errs for m in e.messages] for field, errs in error.error_dict.items()}
    return {"__all__": [str(m) for m in error.messages]}
