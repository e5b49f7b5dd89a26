"""The main menu: apps register their entries here, so core need not import them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# Where an entry sits in the menu: a role's main places first, the shared ones after.
MAIN = 10
DAILY = 20
SHARED = 50


@dataclass(frozen=True)
class NavItem:
    label: str | StrPromise
    url_name: str
    roles: tuple[str, ...]
    order: int = SHARED
    # The number shown after the label (e.g. open tasks), asked with the user; None shows no number.
    count: Callable[[Any], int] | None = None


_ITEMS: list[NavItem] = []


def register(item: NavItem) -> None:
    if item not in _ITEMS:
        _ITEMS.append(item)


def items_for(roles: frozenset[str]) -> list[NavItem]:
    """The entries for a user holding `roles`, main places first (registration order within a rank)."""
    shown = [item for item in _ITEMS if not item.roles or roles & set(item.roles)]
    return sorted(shown, key=lambda item: item.order)
