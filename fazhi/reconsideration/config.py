"""The 涉企 fast track's internal targets (快收快调快审快执): shorter than the statutory periods, set by
the bureau, shown beside the statutory deadline — never instead of it.

Defaults below; a deployment overrides them with the setting
``FAZHI_RECONSIDERATION_FAST_TRACK = {"FY-15": [20, "CD"], …}`` (rule id → [period, unit]). The
internal period of a rule must be shorter than its statutory one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from fazhi.law.deadlines import get_rule
from fazhi.law.periods import Unit


@dataclass(frozen=True)
class Target:
    """内部目标: a statutory rule's shorter internal period."""

    rule: str
    period: int
    unit: Unit

    @property
    def label(self) -> str:
        return f"{self.period}{self.unit.label}"


# 快收: acceptance review; 快审: copy to the respondent and the decision. (Bureau practice, not law.)
DEFAULT_TARGETS = {
    "FY-05": (2, "WD"),
    "FY-09": (3, "WD"),
    "FY-15": (30, "CD"),
    "FY-16": (15, "CD"),
}
# 容缺接收: the missing material is expected within this many working days of acceptance.
DEFAULT_SUPPLEMENT_DAYS = 10


def fast_track_targets() -> dict[str, Target]:
    """rule id → its internal target (settings over defaults), each checked to be shorter."""
    raw = {**DEFAULT_TARGETS, **getattr(settings, "FAZHI_RECONSIDERATION_FAST_TRACK", {})}
    targets = {}
    for rule_id, (period, unit) in raw.items():
        rule = get_rule(rule_id)
        target = Target(rule_id, int(period), Unit(unit))
        if target.unit is rule.unit and target.period >= rule.period:
            raise ImproperlyConfigured(
                f"涉企快速通道 {rule_id} 的内部目标（{target.label}）应短于法定期限（{rule.period}{rule.unit.label}）。"
            )
        targets[rule_id] = target
    return targets


def supplement_days() -> int:
    """容缺材料补齐的内部期限（工作日）."""
    return int(getattr(settings, "FAZHI_RECONSIDERATION_SUPPLEMENT_DAYS", DEFAULT_SUPPLEMENT_DAYS))
