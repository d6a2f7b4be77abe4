"""Early warnings (预警), each saying who must act:

- "两高一低" per responsible agency (IND-12): many new suits, a high loss rate, a low head-of-
  agency appearance rate — thresholds are settings (FAZHI_WARNINGS), not law;
- deadlines per line: open statutory periods already past or about to pass, with who must act
  (the rule's party) and the case's handler.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q

from fazhi.core.models import OrgUnit
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, breakdown

DEFAULTS = {
    "suits_per_agency": 10,  # 发案多: new first-instance suits against one agency in the period
    "loss_rate": Decimal("10"),  # 败诉率高: % of its concluded suits lost
    "appearance_rate": Decimal("100"),  # 出庭率低: below this % of its cases needing appearance
    "min_concluded": 3,  # a loss rate on fewer concluded suits is not a trend
    "near_due_days": 3,
}


@dataclass(frozen=True)
class Warning:
    level: str  # danger | warning
    topic: str  # 两高一低 | 期限
    subject: str  # the agency or the line
    message: str
    who: str  # who must act
    url: str = ""


def thresholds() -> dict[str, Any]:
    return {**DEFAULTS, **(getattr(settings, "FAZHI_WARNINGS", {}) or {})}


def two_highs_one_low(*, period: Period, org: OrgUnit, user: Any) -> list[Warning]:
    """两高一低 per agency, from the litigation records."""
    t = thresholds()
    out: list[Warning] = []
    keys = ("litigation.received", "litigation.loss_rate", "litigation.head_appearance_rate")
    try:
        received, loss, appearance = (registry.get(k) for k in keys)
    except LookupError:
        return out
    q = f"from={period.start}&to={period.end}&org={org.code}"
    for row in breakdown(received, "agency", period=period, org=org, user=user):
        if row["value"] >= t["suits_per_agency"]:
            out.append(
                Warning(
                    "warning",
                    "两高一低",
                    row["label"],
                    f"{row['label']}：一审行政诉讼发案 {row['value']} 件，达到预警线 {t['suits_per_agency']} 件（发案多）",
                    who=f"{row['label']}主要负责人；区司法局行政应诉科跟踪督办",
                    url=f"/indicators/litigation.received/records/?{q}&agency={row['group']}",
                )
            )
    for row in breakdown(loss, "agency", period=period, org=org, user=user):
        if (
            row["value"] is not None
            and (row["denominator"] or 0) >= t["min_concluded"]
            and row["value"] >= t["loss_rate"]
        ):
            out.append(
                Warning(
                    "danger",
                    "两高一低",
                    row["label"],
                    f"{row['label']}：败诉率 {row['value']}%（{row['numerator']}/{row['denominator']}），超过预警线 {t['loss_rate']}%（败诉率高）",
                    who=f"{row['label']}主要负责人（约谈通报）；区司法局行政应诉科",
                    url=f"/indicators/litigation.loss_rate/records/?{q}&agency={row['group']}",
                )
            )
    for row in breakdown(appearance, "agency", period=period, org=org, user=user):
        if row["value"] is not None and row["value"] < t["appearance_rate"]:
            out.append(
                Warning(
                    "danger",
                    "两高一低",
                    row["label"],
                    f"{row['label']}：负责人出庭率 {row['value']}%（{row['numerator']}/{row['denominator']}），低于 {t['appearance_rate']}%（出庭率低）",
                    who=f"{row['label']}负责人（应出庭应诉）",
                    url=f"/indicators/litigation.head_appearance_rate/records/?{q}&agency={row['group']}&part=denominator",
                )
            )
    return out


def deadline_warnings(*, org: OrgUnit, user: Any, today=None) -> list[Warning]:
    """Open deadlines overdue or due within a few days, per line and who must act."""
    from fazhi.cases import registry as kinds
    from fazhi.cases.models import PARTY_LABELS, WINDOW_PARTIES, Deadline, DeadlineState
    from fazhi.cases.services import today as today_fn

    today = today or today_fn()
    soon = today + timedelta(days=thresholds()["near_due_days"])
    qs = (
        (Deadline.objects.scoped_for(user) if user is not None else Deadline.objects.all())
        .filter(state=DeadlineState.OPEN, due__lte=soon, case__org_path__startswith=org.path)
        .exclude(party__in=WINDOW_PARTIES)
    )
    rows = qs.values("case__kind", "party").annotate(
        overdue=Count("id", filter=Q(due__lt=today)), near=Count("id", filter=Q(due__gte=today))
    )
    out = []
    for row in rows.order_by("case__kind", "party"):
        try:
            label = kinds.get(row["case__kind"]).label
        except LookupError:
            continue
        who = PARTY_LABELS.get(row["party"], row["party"]) or "承办人"
        if row["overdue"]:
            out.append(
                Warning(
                    "danger",
                    "期限",
                    label,
                    f"{label}：{row['overdue']} 个期限已超期",
                    who=f"{who}（见各案承办人）",
                    url=f"/cases/{row['case__kind']}/?due=overdue",
                )
            )
        if row["near"]:
            out.append(
                Warning(
                    "warning",
                    "期限",
                    label,
                    f"{label}：{row['near']} 个期限即将届满",
                    who=f"{who}（见各案承办人）",
                    url=f"/cases/{row['case__kind']}/?due=soon",
                )
            )
    return out


def all_warnings(*, period: Period, org: OrgUnit, user: Any) -> list[Warning]:
    return two_highs_one_low(period=period, org=org, user=user) + deadline_warnings(org=org, user=user)
