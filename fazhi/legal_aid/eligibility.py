"""The eligibility result of a legal-aid application (法律援助条件审查), with every reason and its article.

Civil and administrative matters go through `fazhi.law.legal_aid.assess` (LA-01 … LA-07). Criminal
matters are outside that assessment (arts. 24–30): a case notified by a court, procuratorate or the
police (arts. 25, 28) is eligible without a hardship test; an application by a suspect, defendant,
victim or private prosecutor (arts. 24, 29) needs staff review. Whatever the matter, a case that may
end in life imprisonment or death needs a lawyer with ≥ 3 years' relevant practice (art. 26).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from fazhi.law.basis import Reason, cite
from fazhi.law.errors import LawValidationError
from fazhi.law.legal_aid import Outcome, assess

OUTCOME_LABELS = {
    "ELIGIBLE": "符合法律援助条件",
    "NOT_ELIGIBLE": "不符合法律援助条件",
    "NEEDS_REVIEW": "需人工审查",
}
HARDSHIP_LABELS = {
    "REQUIRED": "须审查经济困难状况",
    "WAIVED": "免予核查经济困难状况（第四十二条）",
    "NOT_REQUIRED": "不受经济困难条件限制（第三十二条）",
}


@dataclass(frozen=True)
class Eligibility:
    """审查结果 as stored on the case and shown to staff."""

    outcome: str
    hardship_test: str  # "" when not decided (out of scope, disqualified, criminal)
    hardship_met: bool | None
    advance_provision: bool
    reasons: tuple[dict[str, str], ...] = field(default_factory=tuple)
    assessed_on: date | None = None

    @property
    def label(self) -> str:
        return OUTCOME_LABELS.get(self.outcome, self.outcome)

    @property
    def hardship_label(self) -> str:
        return HARDSHIP_LABELS.get(self.hardship_test, "")

    def detail_values(self) -> dict[str, Any]:
        """The detail row's fields for this result."""
        return {
            "eligibility_outcome": self.outcome,
            "hardship_test": self.hardship_test,
            "hardship_met": self.hardship_met,
            "advance_provision": self.advance_provision,
            "eligibility_reasons": json.dumps(list(self.reasons), ensure_ascii=False),
            "assessed_on": self.assessed_on,
        }


def _reason(r: Reason) -> dict[str, str]:
    return {"text": r.text, "basis": r.basis, "rule": r.rule}


def parse_income(value: Any) -> Decimal | None:
    """家庭人均月收入 as typed (may be blank); a Chinese error for anything else."""
    if value in (None, ""):
        return None
    try:
        income = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise LawValidationError(f"家庭人均月收入“{value}”应为数字", cite("法律援助法 41")) from None
    if not income.is_finite():
        raise LawValidationError(f"家庭人均月收入“{value}”应为数字", cite("法律援助法 41"))
    return income


def parse_household(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        raise LawValidationError(f"家庭人口数“{value}”应为整数", cite("法律援助法 41")) from None


def evaluate(
    *,
    matter_type: str,
    on: date,
    county_code: str,
    matter: str = "",
    criminal_ground: str = "",
    other_reason: str = "",
    severe_penalty: bool = False,
    circumstances: Iterable[str] = (),
    household_size: Any = None,
    monthly_income_per_head: Any = None,
    has_own_agent: bool = False,
    limitation_deadline: date | None = None,
    urgent_preservation: bool = False,
) -> Eligibility:
    """The eligibility result on date `on`. Raises LawValidationError (Chinese) for bad input."""
    reasons: list[dict[str, str]] = []
    if matter_type == "criminal":
        result = _criminal(criminal_ground, reasons, other_reason.strip())
    else:
        a = assess(
            matter or "OTHER",
            on=on,
            circumstances=tuple(circumstances),
            monthly_income_per_head=parse_income(monthly_income_per_head),
            household_size=parse_household(household_size),
            county_code=county_code,
            has_own_agent=has_own_agent,
            limitation_deadline=limitation_deadline,
            urgent_preservation=urgent_preservation,
        )
        reasons.extend(_reason(r) for r in a.reasons)
        result = Eligibility(
            outcome=a.outcome.value,
            hardship_test=a.hardship_test.value if a.hardship_test else "",
            hardship_met=a.hardship_met,
            advance_provision=a.advance_provision,
        )
    if severe_penalty:
        reasons.append(
            _reason(
                Reason(
                    "可能被判处无期徒刑、死刑的人以及死刑复核案件的被告人，应当指派具有三年以上相关执业经历的律师",
                    cite("法律援助法 26"),
                    "LA-08",
                )
            )
        )
    return Eligibility(
        outcome=result.outcome,
        hardship_test=result.hardship_test,
        hardship_met=result.hardship_met,
        advance_provision=result.advance_provision,
        reasons=tuple(reasons),
        assessed_on=on,
    )


def _criminal(ground: str, reasons: list[dict[str, str]], other_reason: str = "") -> Eligibility:
    if ground == "notified":
        reasons.append(
            _reason(
                Reason(
                    "人民法院、人民检察院、公安机关通知法律援助机构指派律师，不审查经济困难状况；"
                    "法律援助机构收到通知后应当在三日内指派律师",
                    cite("法律援助法 25,28,36"),
                    "LA-08",
                )
            )
        )
        return Eligibility(Outcome.ELIGIBLE.value, "", None, False)
    if ground == "victim_application":
        reasons.append(
            _reason(
                Reason(
                    "刑事公诉案件的被害人、自诉人、附带民事诉讼原告人因经济困难没有委托诉讼代理人的，"
                    "可以申请法律援助；须审查经济困难状况",
                    cite("法律援助法 29"),
                    "LA-08",
                )
            )
        )
    elif other_reason:
        # Art. 24: "因经济困难或者其他原因" — another reason opens the door without the hardship test.
        reasons.append(
            _reason(
                Reason(
                    f"犯罪嫌疑人、被告人因其他原因（{other_reason}）没有委托辩护人，可以申请法律援助，"
                    "不以经济困难为条件",
                    cite("法律援助法 24"),
                    "LA-08",
                )
            )
        )
        return Eligibility(Outcome.ELIGIBLE.value, "", None, False)
    else:
        reasons.append(
            _reason(
                Reason(
                    "犯罪嫌疑人、被告人因经济困难或者其他原因没有委托辩护人的，可以申请法律援助；"
                    "须审查经济困难状况或者其他原因",
                    cite("法律援助法 24"),
                    "LA-08",
                )
            )
        )
    return Eligibility(Outcome.NEEDS_REVIEW.value, "REQUIRED", None, False)
