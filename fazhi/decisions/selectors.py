"""重大行政决策's scoped reads: the catalogues a user may see, and the worklist filters."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import Q, QuerySet

from fazhi.core.roles import Action
from fazhi.decisions.models import DecisionCatalogue


def catalogues_for(user: Any, action: str = Action.VIEW) -> QuerySet[DecisionCatalogue]:
    """The catalogues in the user's scope (the decision body's unit under one of their grants)."""
    return DecisionCatalogue.objects.scoped_for(user, action).select_related("org_unit")


def catalogue_q(value: str) -> Q:
    """Worklist filter 目录年度: the decisions of that year's catalogue."""
    return Q(decision__catalogue__year=int(value)) if value.isdigit() else Q(pk__in=[])


def gate_q(value: str) -> Q:
    """Worklist filter 程序: decisions decided (or later) vs. still before 集体讨论决定."""
    if value == "decided":
        return Q(status__in=["decided", "published", "archived"])
    if value == "open":
        return Q(status__in=["launched", "drafting", "consulting", "reviewing"])
    return Q()


GATE_FILTERS = (("open", "尚未决策"), ("decided", "已作出决策"))


class CatalogueYears(Sequence):
    """The 目录年度 filter's options, read when the page is drawn (the registry is built before the
    database is reachable)."""

    def _items(self) -> tuple[tuple[str, str], ...]:
        years = DecisionCatalogue.objects.order_by("-year").values_list("year", flat=True).distinct()
        return tuple((str(y), f"{y}年度") for y in years)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._items())

    def __len__(self) -> int:
        return len(self._items())

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        return self._items()[index]
