"""Scoped reads of the 行政复议 line: its cases, the 涉企 fast-track worklist and the opinion letters
of a case. Every query starts from the engine's `cases_for(user, action, kind)`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from fazhi.cases.models import Case, LinkKind
from fazhi.cases.selectors import cases_for
from fazhi.core.roles import Action

KIND = "reconsideration"
OPINION_KIND = "opinion_letter"


def reconsiderations(user: Any, action: str = Action.VIEW) -> QuerySet[Case]:
    """行政复议案件 the user may see (or act on), with their detail row."""
    return cases_for(user, action, KIND).select_related("reconsideration")


def fast_track_open(user: Any) -> QuerySet[Case]:
    """涉企快速通道: open enterprise cases, the nearest internal target first."""
    return (
        reconsiderations(user)
        .filter(reconsideration__fast_track=True, closed_on__isnull=True)
        .order_by("reconsideration__internal_due", "id")
    )


def fast_track_counts(user: Any, *, today: date) -> dict[str, int]:
    """How many fast-track cases are open, past an internal target, or waiting for 容缺 material."""
    return fast_track_open(user).aggregate(
        open=Count("id"),
        behind=Count("id", filter=Q(reconsideration__internal_due__lt=today)),
        supplement=Count(
            "id",
            filter=Q(
                reconsideration__incomplete_intake=True, reconsideration__supplement_received_on__isnull=True
            ),
        ),
    )


def opinion_letters_of(user: Any, case: Case) -> QuerySet[Case]:
    """The 行政复议意见书 issued while handling `case`, as far as the user may see them."""
    return (
        cases_for(user, Action.VIEW, OPINION_KIND)
        .filter(links_in__from_case=case, links_in__kind=LinkKind.FOLLOW_UP)
        .select_related("opinion_letter", "opinion_letter__recipient")
        .order_by("received_on", "id")
    )
