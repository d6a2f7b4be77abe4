"""The staff home's panels from the case engine: 超期 and 临期 counts per line in the user's scope."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from fazhi.cases import registry
from fazhi.cases.models import Case
from fazhi.cases.selectors import NEAR_DUE_DAYS
from fazhi.cases.services import today
from fazhi.core.roles import Action
from fazhi.core.scoping import can_in_area, is_public_user


def due_panel(user: Any) -> list[dict[str, Any]]:
    kinds = [] if is_public_user(user) else [k for k in registry.all_kinds() if can_in_area(user, k.area)]
    if not kinds:
        return []
    now = today()
    counts = {
        row["kind"]: row
        for row in Case.objects.scoped_for(user, Action.VIEW)
        .filter(kind__in=[k.kind for k in kinds], next_due__isnull=False)
        .values("kind")
        .annotate(
            overdue=Count("id", filter=Q(next_due__lt=now)),
            soon=Count("id", filter=Q(next_due__gte=now, next_due__lte=now + timedelta(days=NEAR_DUE_DAYS))),
        )
    }
    panels = []
    for k in kinds:
        row = counts.get(k.kind, {"overdue": 0, "soon": 0})
        url = reverse("cases:worklist", kwargs={"kind": k.kind})
        panels.append(
            {
                "title": k.label,
                "count": f"超期 {row['overdue']} · 临期 {row['soon']}",
                "level": "danger" if row["overdue"] else ("warning" if row["soon"] else ""),
                "url": f"{url}?due={'overdue' if row['overdue'] else 'soon'}",
                "rows": [],
            }
        )
    return panels
