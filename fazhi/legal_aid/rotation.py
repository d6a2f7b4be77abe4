"""轮派: which pool lawyer the legal-aid centre is offered first for a new assignment, and why.

The rule (the centre's assignment practice, declared here once; pure — no Django, no database, so
it is tested on its own and the picker, the service and a report can all say the same reason):

1. only lawyers on the register (在库) who serve the centre that decides the case;
2. for a case that may carry a sentence of life imprisonment or death, only lawyers with at least
   three years of practice (法律援助法 art. 26);
3. when the case's field (专长) is known and some of them declare it, only those;
4. among them, the one with the fewest open legal-aid cases assigned now; ties go to the one
   whose last assignment lies furthest back (never assigned: first), then by name.

The picker shows the suggestion first as "建议（轮派）" with `Suggestion.reason`; staff may choose
another lawyer (the rule is advice, not a guard).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

SEVERE_PENALTY_MIN_YEARS = 3  # 法律援助法 art. 26
BASIS = "法律援助中心轮流指派规则（在库律师中承办中案件最少者优先，相同者以距上次指派最久者优先）"

# 专长: the fields a pool lawyer declares (stored as these labels, joined by "、").
FIELDS: tuple[str, ...] = (
    "刑事辩护与代理",
    "劳动争议",
    "婚姻家庭",
    "人身损害赔偿",
    "社会保险与社会救助",
    "行政与国家赔偿",
    "其他民事",
)

# 申请事项 (fazhi.law.legal_aid.Matter codes) -> the field a lawyer for it declares.
MATTER_FIELDS: dict[str, str] = {
    "STATE_COMPENSATION": "行政与国家赔偿",
    "SOCIAL_INSURANCE_OR_ASSISTANCE": "社会保险与社会救助",
    "PENSION": "社会保险与社会救助",
    "SUPPORT_PAYMENT": "婚姻家庭",
    "LABOUR_RELATION": "劳动争议",
    "LABOUR_PAY": "劳动争议",
    "CAPACITY": "婚姻家庭",
    "WORK_INJURY": "劳动争议",
    "TRAFFIC_ACCIDENT": "人身损害赔偿",
    "FOOD_DRUG_ACCIDENT": "人身损害赔偿",
    "MEDICAL_ACCIDENT": "人身损害赔偿",
    "ENVIRONMENT": "人身损害赔偿",
}


def field_for(matter_type: str, matter: str = "") -> str:
    """The field (专长) a case needs: criminal cases need 刑事; a civil or administrative case its
    matter's field; "" when not known (any field then)."""
    if matter_type == "criminal":
        return "刑事辩护与代理"
    if matter in MATTER_FIELDS:
        return MATTER_FIELDS[matter]
    if matter_type == "administrative":
        return "行政与国家赔偿"
    return ""


def split_fields(text: str) -> tuple[str, ...]:
    """The fields of a stored or typed text ("劳动争议、婚姻家庭"; commas and spaces also separate)."""
    for sep in (",", "，", ";", "；", " ", "/"):
        text = text.replace(sep, "、")
    return tuple(dict.fromkeys(p.strip() for p in text.split("、") if p.strip()))


@dataclass(frozen=True)
class Candidate:
    """One pool lawyer as the rule sees them."""

    id: int
    name: str
    law_firm: str = ""
    fields: tuple[str, ...] = ()
    open_cases: int = 0
    last_assigned: date | None = None
    practice_years: int = 0
    active: bool = True
    serves_centre: bool = True


@dataclass(frozen=True)
class Suggestion:
    """The lawyer the rule offers first, and why (for the screen)."""

    candidate: Candidate
    reason: str
    basis: str = BASIS


def eligible(
    candidates: Iterable[Candidate], *, field: str = "", severe_penalty: bool = False
) -> list[Candidate]:
    """Steps 1–3 of the rule: who may be offered at all (the field narrows only when someone has it)."""
    pool = [c for c in candidates if c.active and c.serves_centre]
    if severe_penalty:
        pool = [c for c in pool if c.practice_years >= SEVERE_PENALTY_MIN_YEARS]
    if field:
        matching = [c for c in pool if field in c.fields]
        pool = matching or pool
    return pool


def rotation_key(c: Candidate) -> tuple[int, date, str, int]:
    """Fewest open cases; then longest since the last assignment (never assigned first); then name."""
    return (c.open_cases, c.last_assigned or date.min, c.name, c.id)


def rank(
    candidates: Iterable[Candidate], *, field: str = "", severe_penalty: bool = False
) -> list[Candidate]:
    """The eligible lawyers in the order the rule offers them."""
    return sorted(eligible(candidates, field=field, severe_penalty=severe_penalty), key=rotation_key)


def suggest(
    candidates: Sequence[Candidate], *, field: str = "", severe_penalty: bool = False
) -> Suggestion | None:
    """The lawyer to offer first, with the reason in Chinese; None when nobody is eligible."""
    ranked = rank(candidates, field=field, severe_penalty=severe_penalty)
    if not ranked:
        return None
    first = ranked[0]
    parts = []
    if field and field in first.fields:
        parts.append(f"专长“{field}”")
    elif field:
        parts.append(f"律师库中暂无专长“{field}”的律师")
    if severe_penalty:
        parts.append(f"执业{first.practice_years}年（第二十六条要求三年以上）")
    parts.append(f"承办中案件{first.open_cases}件，为{'符合条件的' if len(ranked) > 1 else ''}在库律师中最少")
    ties = [c for c in ranked[1:] if c.open_cases == first.open_cases]
    if ties:
        last = first.last_assigned.isoformat() if first.last_assigned else "从未指派"
        parts.append(f"同为{first.open_cases}件的{len(ties) + 1}人中距上次指派最久（{last}）")
    return Suggestion(candidate=first, reason="；".join(parts) + "。")
