"""The workbench navigation (导航), by business line. Each app registers its entries in its
AppConfig.ready(); the menu shows only the entries whose area the user may view."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from fazhi.core.roles import Action
from fazhi.core.scoping import can_in_area


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    area: str
    action: str = Action.VIEW
    group: str = "业务"
    order: int = 100
    url_args: tuple[str, ...] = ()
    query: str = ""  # appended to the URL, e.g. "enterprise=1" for a filtered worklist
    # Who sees the entry when that is not simply "may `action` in `area`" (e.g. a register that
    # roles reaching only their assigned rows cannot open).
    visible: Callable[[Any], bool] | None = None


_REGISTRY: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _REGISTRY[item.key] = item


def items_for(user) -> list[dict]:
    """Menu entries visible to `user`, grouped in registration order."""
    visible = [
        i
        for i in sorted(_REGISTRY.values(), key=lambda i: i.order)
        if (i.visible(user) if i.visible is not None else can_in_area(user, i.area, i.action))
    ]
    return [
        {
            "key": i.key,
            "label": i.label,
            "url": reverse(i.url_name, args=i.url_args) + (f"?{i.query}" if i.query else ""),
            "group": i.group,
        }
        for i in visible
    ]
