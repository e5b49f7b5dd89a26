"""Sections of the person page that the apps above people provide (cases, plans, meetings, inquiries), so that
people need not import them. A provider reads through access and returns only what the viewer may see."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from helhet.core.models import User
from helhet.people.models import Person


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelProvider = Callable[[User, Person], list[Panel]]
_PROVIDERS: list[PanelProvider] = []


def register(provider: PanelProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def panels_for(user: User, person: Person) -> list[Panel]:
    return [panel for provider in _PROVIDERS for panel in provider(user, person)]
