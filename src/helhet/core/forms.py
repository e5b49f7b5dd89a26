"""Form helpers: Designsystemet classes on widgets, and service errors onto form fields."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from helhet.core.errors import errors_by_field

DJANGO_EMPTY_LABEL = "---------"


def _norwegian_empty_choice(field: forms.Field) -> None:
    """Django's «---------» becomes «Velg enhet» (or the model's own name) on every single-choice select."""
    if isinstance(field, forms.ModelChoiceField) and not isinstance(field, forms.ModelMultipleChoiceField):
        if field.empty_label == DJANGO_EMPTY_LABEL:
            name = field.queryset.model._meta.verbose_name if field.queryset is not None else ""
            field.empty_label = _("Velg %(what)s") % {"what": name} if name else _("Velg")
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
        choices = list(field.choices)  # type: ignore[arg-type]  # a declared field's choices are a list
        if choices and choices[0] == ("", DJANGO_EMPTY_LABEL):
            field.choices = [("", _("Velg")), *choices[1:]]


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
            _norwegian_empty_choice(field)
            if field.help_text:
                widget.attrs.setdefault("aria-describedby", f"{self._html_id(name)}-help")

    def full_clean(self) -> None:
        super().full_clean()
        self._mark_invalid()

    def _mark_invalid(self) -> None:
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"
                self.fields[name].widget.attrs["aria-describedby"] = f"{self._html_id(name)}-error"

    def _html_id(self, name: str) -> str:
        """The input's id as Django renders it (a form with its own `auto_id` keeps its ids apart)."""
        auto_id = self.auto_id if isinstance(self.auto_id, str) and "%s" in self.auto_id else "id_%s"
        return auto_id % self.add_prefix(name)

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's ValidationError on the fields it names (others as form errors)."""
        for field, messages in errors_by_field(error).items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)
        self._mark_invalid()
