"""The main menu: apps register their entries here, so core need not import them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


@dataclass(frozen=True)
class NavItem:
    label: str | StrPromise
    url_name: str
    roles: tuple[str, ...]


_ITEMS: list[NavItem] = []


def register(item: NavItem) -> None:
    if item not in _ITEMS:
        _ITEMS.append(item)


def items_for(roles: frozenset[str]) -> list[NavItem]:
    return [item for item in _ITEMS if not item.roles or roles & set(item.roles)]
