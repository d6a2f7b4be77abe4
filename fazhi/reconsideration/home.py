"""The staff home's 涉企复议快速通道 panel: open fast-track cases, those past an internal target,
and the nearest ones, for the user's scope."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from fazhi.cases.services import today
from fazhi.core.roles import Area
from fazhi.core.scoping import can_in_area, is_public_user
from fazhi.reconsideration import selectors


def fast_track_panel(user: Any) -> list[dict[str, Any]]:
    if is_public_user(user) or not can_in_area(user, Area.RECONSIDERATION):
        return []
    now = today()
    counts = selectors.fast_track_counts(user, today=now)
    if not counts["open"]:
        return []
    url = reverse("cases:worklist", args=["reconsideration"]) + "?fast_track=1"
    rows = [
        {
            "url": reverse("cases:detail", args=["reconsideration", c.pk]),
            "label": c.number,
            "note": f"内部目标 {c.reconsideration.internal_due:%Y-%m-%d}"
            if c.reconsideration.internal_due
            else "",
        }
        for c in selectors.fast_track_open(user)[:5]
    ]
    return [
        {
            "title": "涉企复议快速通道",
            "count": f"在办 {counts['open']} · 超内部目标 {counts['behind']} · 容缺待补 {counts['supplement']}",
            "level": "warning" if counts["behind"] or counts["supplement"] else "",
            "url": url,
            "rows": rows,
        }
    ]
