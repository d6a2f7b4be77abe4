"""Deployment settings: every UNVERIFIED choice of DOMAIN.md, as configuration with its documented default.

The Django side builds one ``LawConfig`` from its settings and passes it (``config=``) or installs it
with ``set_default_config``. What is *not* here, and where it lives instead:

- T-5 (调休 weekends count as 工作日, default ON): ``WorkCalendar(count_adjusted_workdays=...)``,
  because it defines the calendar's 工作日 predicate.
- The legal-aid hardship standard (LA-05a): a dated per-county table, ``legal_aid.HardshipTable``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from fazhi.law.periods import Unit

# IND-04 (UNVERIFIED): judgment types that count as the agency losing (败诉); codes of
# litigation.LitigationOutcome: 撤销, 履行法定职责, 给付, 确认违法, 确认无效, 赔偿/补救, 变更, 行政协议责任.
DEFAULT_LOSS_OUTCOMES = frozenset(
    {
        "CHEXIAO",
        "ZELING_LVXING",
        "GEIFU",
        "QUEREN_WEIFA",
        "QUEREN_WUXIAO",
        "PEICHANG",
        "BIANGENG",
        "XIEYI_ZEREN",
    }
)

# The code of the 行政协议 decision (行政复议法 art. 71) and judgment (行政诉讼法 art. 78) on both lines.
AGREEMENT_LIABILITY = "XIEYI_ZEREN"

# DOMAIN.md §5.2 (UNVERIFIED): Xihu 发文字号 prefixes were not found in any source; demo values.
DEFAULT_DOC_PREFIXES: Mapping[str, str] = MappingProxyType(
    {
        "reconsideration": "西政复",  # 行政复议决定书等
        "legal_aid": "杭西法援",  # 法律援助决定书等
    }
)

# §2.7 合法性审查: the review time a submitter allows, per matter type, in working days —
# (default, minimum, maximum or None). Only the decision draft's minimum is VERIFIED (重大行政决策
# 程序暂行条例 art. 26: 一般不少于7个工作日); the normative draft's 5–15 (国办发〔2018〕115号, GF-08)
# and the rest (浙江省行政合法性审查工作规定, time limits not read) are UNVERIFIED defaults.
DEFAULT_LEGALITY_REVIEW_PERIODS: Mapping[str, tuple[int, int, int | None]] = MappingProxyType(
    {
        "normative": (15, 5, 15),
        "decision": (7, 7, None),
        "agreement": (7, 3, 15),
        "enforcement": (5, 3, 15),
        "other": (7, 3, 15),
    }
)


@dataclass(frozen=True)
class LawConfig:
    """部署配置：未经核实（UNVERIFIED）的规则选择，默认值即 DOMAIN.md 建议值。"""

    # T-8: whether the time a 行政复议 case is 中止 (art. 39) is not counted in the FY-15/FY-16 period.
    suspension_pauses_reconsideration: bool = True
    # LA-06a: day type of the legal-aid periods LA-06, LA-06b, LA-08, LA-08b, LA-09 (7/3/5 日).
    legal_aid_day_unit: Unit = Unit.CD
    # LA-06a: whether the secondary 5-working-day warning (杭州市法律援助条例 art. 27) is started.
    legal_aid_secondary_warning: bool = True
    # Periods of non-VERIFIED rules set by the deployment, e.g. {"GF-04": 15, "RM-11": 1}.
    period_overrides: Mapping[str, int] = field(default_factory=dict)
    # IND-04: outcome codes counted as 败诉.
    litigation_loss_outcomes: frozenset[str] = DEFAULT_LOSS_OUTCOMES
    # 行政协议 (行政复议法 art. 71; 行政诉讼法 art. 78): whether a decision or judgment that the agency
    # bears liability under an administrative agreement counts against it — as 纠错 (IND-01) on the
    # reconsideration line and as 败诉 (IND-04) on the litigation line, alike. Which way the official
    # statistics count it is UNVERIFIED; default: it counts (the agency was found in breach).
    agreement_liability_adverse: bool = True
    # §5.2: 发文字号 机关代字 per document type.
    doc_number_prefixes: Mapping[str, str] = field(default_factory=lambda: DEFAULT_DOC_PREFIXES)
    # GF-04 (UNVERIFIED): days after publication by which a district 行政规范性文件 is filed with the
    # 市政府 (浙江省行政规范性文件管理办法; 15 is also in use). Default 30, as the 区人大 filing (GF-03).
    normative_city_filing_days: int = 30
    # GF-06: how many days before a document's 有效期 ends the worklist warns (configuration).
    normative_expiry_warning_days: int = 90
    # §2.7: review time per matter type (default, minimum, maximum) in working days; see
    # fazhi.law.legality. A deployment overrides some matters, e.g. {"normative": (10, 5, 15)}.
    legality_review_periods: Mapping[str, tuple[int, int, int | None]] = field(
        default_factory=lambda: DEFAULT_LEGALITY_REVIEW_PERIODS
    )

    @property
    def loss_outcomes(self) -> frozenset[str]:
        """IND-04's 败诉 judgment types, with 行政协议责任 as ``agreement_liability_adverse`` says."""
        if self.agreement_liability_adverse:
            return self.litigation_loss_outcomes | {AGREEMENT_LIABILITY}
        return self.litigation_loss_outcomes - {AGREEMENT_LIABILITY}


_default = LawConfig()


def default_config() -> LawConfig:
    """The process-wide configuration (the documented defaults unless ``set_default_config`` was called)."""
    return _default


def set_default_config(config: LawConfig | None) -> None:
    """Install the deployment's configuration; None restores the defaults."""
    global _default
    _default = config if config is not None else LawConfig()
