"""The lawyer's panel on the staff home (工作台): the legal-aid cases assigned to them and still
open, newest assignment first — a new assignment is there at once (fazhi.core.worklists)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from fazhi.cases.models import Case
from fazhi.core.roles import Action
from fazhi.legal_aid.models import LegalAidLawyer

ROWS = 5


def assigned_panel(user: Any) -> list[dict[str, Any]]:
    if not getattr(user, "is_authenticated", False):
        return []
    if not LegalAidLawyer.objects.filter(user_id=user.pk).exists():
        return []
    qs = Case.objects.scoped_for(user, Action.VIEW).filter(
        kind="legal_aid", assignee=user, closed_on__isnull=True
    )
    cases = list(qs.select_related("legal_aid").order_by("-legal_aid__assigned_on", "-id")[:ROWS])
    total = qs.count()
    waiting = qs.filter(status="assigned").count()
    return [
        {
            "title": "指派给我的法律援助案件",
            "count": f"在办 {total} · 待接受 {waiting}",
            "level": "warning" if waiting else "",
            "url": reverse("cases:worklist", kwargs={"kind": "legal_aid"}),
            "rows": [
                {
                    "label": f"{c.number} {c.title}",
                    "url": reverse("cases:detail", kwargs={"kind": "legal_aid", "pk": c.pk}),
                    "note": c.status_label,
                }
                for c in cases
            ],
        }
    ]
