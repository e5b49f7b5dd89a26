"""Form helpers: Designsystemet classes on widgets, and service errors onto form fields."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from helhet.core.errors import errors_by_field


class DesignsystemetForm(forms.Form):
    """A form whose inputs carry Designsystemet classes and aria attributes for errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                continue
            widget.attrs.setdefault("class", "ds-input")
            if isinstance(widget, forms.Select):
                widget.attrs["class"] = "ds-input"
            if field.help_text:
                widget.attrs.setdefault("aria-describedby", f"id_{self.add_prefix(name)}-help")

    def full_clean(self) -> None:
        super().full_clean()
        self._mark_invalid()

    def _mark_invalid(self) -> None:
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"
                self.fields[name].widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}-error"

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's ValidationError on the fields it names (others as form errors)."""
        for field, messages in errors_by_field(error).items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)
        self._mark_invalid()
