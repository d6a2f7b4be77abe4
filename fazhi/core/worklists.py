"""Worklist panels on the staff home (工作台待办). Business lines register a provider that,
given a user, returns the panels (title, count, link, rows) that user's scope yields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Provider = Callable[[Any], list[dict[str, Any]]]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def panels_for(user) -> list[dict[str, Any]]:
    panels: list[dict[str, Any]] = []
    for provider in _PROVIDERS:
        panels.extend(provider(user))
    return panels
