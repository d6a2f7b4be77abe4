"""行政规范性文件 rules (DOMAIN.md §2.6): the 文号 check, the filing deadlines with their basis
(GF-03 区人大常委会, GF-04 市政府, GF-05 a 镇街's own filing) and the 有效期 warning window (GF-06).

Pure: no Django. Every answer carries its basis so a screen can explain it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from fazhi.law.config import LawConfig, default_config
from fazhi.law.deadlines import Deadline, due
from fazhi.law.errors import LawValidationError
from fazhi.law.numbering import DocNumber, parse_doc_number

_DOC_RULE = "GB/T 9704-2012 7.2.5 发文字号"

# Who a document is filed with (备案机关): not units of the district's org tree, so choices.
NPC = "npc"  # 区人大常委会 (a 镇街's document: 乡镇人大主席团 / 人大街道工委)
CITY = "city"  # 市政府
BODIES = {NPC: "区人大常委会", CITY: "市政府"}
TOWNSHIP_NPC_LABEL = "乡镇人大主席团/人大街道工委"

DISTRICT = "district"  # 区本级: the district government and its departments
TOWNSHIP = "township"  # 镇街


@dataclass(frozen=True, slots=True)
class Filing:
    """One filing a document owes: with which body, under which rule, by when (with basis)."""

    body: str
    body_label: str
    deadline: Deadline

    @property
    def due(self) -> date:
        return self.deadline.due


def check_doc_number(text: str, published_on: date | None = None) -> DocNumber:
    """文号 as typed → its parts (机关代字, 年份, 序号), brackets normalised to 〔〕. Raises
    LawValidationError (Chinese) when it is not a 发文字号, or its year is not the publication year."""
    if not (text or "").strip():
        raise LawValidationError("请填写文号，例如西政发〔2024〕12号", _DOC_RULE)
    number = parse_doc_number(text)
    if published_on is not None and number.year != published_on.year:
        raise LawValidationError(
            f"文号年份（{number.year}）与公布日期的年份（{published_on.year}）不一致", "文号年份应为发文年份"
        )
    return DocNumber(number.prefix, number.year, number.seq)


def normalise_doc_number(text: str, published_on: date | None = None) -> str:
    """The canonical 文号 (e.g. "西政发[2024]12号" → "西政发〔2024〕12号")."""
    return str(check_doc_number(text, published_on))


def filings(published_on: date, level: str = DISTRICT, *, config: LawConfig | None = None) -> list[Filing]:
    """The filings a document published on `published_on` owes, each with its deadline and basis:
    a district-level document is filed with the 区人大常委会 (GF-03, 30 days) and the 市政府 (GF-04,
    LawConfig.normative_city_filing_days); a 镇街's with its 人大 body (GF-05, 15 days)."""
    cfg = config or default_config()
    if level == TOWNSHIP:
        return [Filing(NPC, TOWNSHIP_NPC_LABEL, due("GF-05", published_on, config=cfg))]
    city_cfg = cfg
    if "GF-04" not in cfg.period_overrides:
        overrides = {**cfg.period_overrides, "GF-04": cfg.normative_city_filing_days}
        city_cfg = replace(cfg, period_overrides=overrides)
    return [
        Filing(NPC, BODIES[NPC], due("GF-03", published_on, config=cfg)),
        Filing(CITY, BODIES[CITY], due("GF-04", published_on, config=city_cfg)),
    ]


def filing_verdict(due_on: date, filed_on: date | None, today: date) -> tuple[str, str]:
    """(code, Chinese label) of one filing: timely / late / overdue (not filed, past due) / pending."""
    if filed_on is not None:
        if filed_on <= due_on:
            return "timely", "按时报备"
        return "late", f"逾期报备（晚{(filed_on - due_on).days}日）"
    if today > due_on:
        return "overdue", f"逾期未报备（已超{(today - due_on).days}日）"
    return "pending", f"待报备（剩{(due_on - today).days}日）"


def expiry_warning(valid_until: date | None, today: date, *, config: LawConfig | None = None) -> str:
    """The worklist's warning for a document whose 有效期 ends within the window (GF-06: it must be
    re-published before expiry to stay in force), or "" when none is due."""
    if valid_until is None:
        return ""
    window = (config or default_config()).normative_expiry_warning_days
    if valid_until < today:
        return f"有效期已于{valid_until.isoformat()}届满"
    if valid_until <= today + timedelta(days=window):
        return (
            f"有效期将于{valid_until.isoformat()}届满（剩{(valid_until - today).days}日），需评估是否重新公布"
        )
    return ""
