"""Routing (分流): which service handles the matter a question describes, with a link into the
portal's form, and — where the question gives a date — the statutory period counted by fazhi.law.

The table is data: each route lists the words that point to it (with weights); the route with the
most weight wins, ties going to the earlier route; no word at all means 法律咨询 (12348 and the
nearest site). The periods are fazhi.law's rules (FY-01 行政复议申请期限, XS-01 直接起诉期限), so
weekends, holidays and month ends are counted exactly as the case engine counts them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from fazhi.assistant.models import Route
from fazhi.law.deadlines import due, get_rule
from fazhi.law.errors import LawValidationError


@dataclass(frozen=True)
class RouteSpec:
    """One service a question may be routed to."""

    code: str
    label: str
    matter: str  # the portal's matter key: portal:submit <matter>
    explanation: str
    basis: str
    words: dict[str, float]
    rules: tuple[str, ...] = ()  # deadline rules (fazhi.law) shown when the question has a date
    hotline: bool = False  # also name 12348 and the nearest site


ROUTES: tuple[RouteSpec, ...] = (
    RouteSpec(
        Route.RECONSIDERATION,
        "申请行政复议",
        "reconsideration",
        "对行政机关的行政处罚、行政强制、行政许可等行政行为不服的，可以自知道该行政行为之日起六十日内申请行政复议；"
        "也可以依法直接向人民法院提起行政诉讼。",
        "《中华人民共和国行政复议法》第十一条、第二十条",
        {
            "行政复议": 3,
            "复议": 3,
            "罚款": 2,
            "处罚": 2,
            "行政处罚": 2,
            "决定书": 1.5,
            "不服": 1.5,
            "吊销": 2,
            "没收": 1.5,
            "责令": 1.5,
            "拘留": 1.5,
            "行政许可": 2,
            "执法": 1,
            "城管": 1.5,
            "市场监管": 1.5,
            "监管局": 1.5,
            "税务局": 1.5,
            "公安局": 1,
            "行政机关": 1.5,
            "政府": 1,
            "局": 0.5,
            "行政诉讼": 2,
            "告政府": 2,
        },
        rules=("FY-01", "XS-01"),
    ),
    RouteSpec(
        Route.LABOUR,
        "劳动争议调解",
        "mediation",
        "劳动争议可以向企业劳动争议调解委员会、基层人民调解组织或乡镇、街道的劳动争议调解组织申请调解；"
        "不愿调解或调解不成的，可以向劳动人事争议仲裁委员会申请仲裁（仲裁时效一年）。也可以拨打 12348 咨询。",
        "《中华人民共和国劳动争议调解仲裁法》第五条、第十条、第二十七条",
        {
            "工资": 2,
            "欠薪": 3,
            "拖欠": 1.5,
            "加班": 2,
            "加班费": 2,
            "辞退": 2,
            "开除": 2,
            "裁员": 2,
            "劳动合同": 2,
            "劳动": 1.5,
            "社保": 2,
            "社会保险": 2,
            "工伤": 2,
            "经济补偿": 2,
            "赔偿金": 1,
            "劳动仲裁": 3,
            "仲裁": 1.5,
            "试用期": 2,
            "用人单位": 2,
            "老板": 1,
            "打工": 1.5,
            "员工": 1,
            "年假": 2,
            "工作": 0.5,
            "上班": 1,
        },
        hotline=True,
    ),
    RouteSpec(
        Route.LEGAL_AID,
        "申请法律援助",
        "legal_aid",
        "经济困难或者符合法定情形的公民，可以向法律援助机构申请法律援助，由其指派律师免费提供法律咨询、代理等服务；"
        "老年人、残疾人等申请时可以免予核查经济困难状况的情形，以法律规定为准。",
        "《中华人民共和国法律援助法》第二十二条、第三十一条、第四十二条",
        {
            "法律援助": 4,
            "援助": 2,
            "没钱": 2,
            "经济困难": 3,
            "请不起": 3,
            "请律师": 1.5,
            "免费律师": 3,
            "打官司": 1.5,
            "低保": 2,
            "特困": 2,
            "残疾": 1,
            "老人": 1,
            "老年人": 1,
            "农民工": 1,
        },
    ),
    RouteSpec(
        Route.MEDIATION,
        "申请人民调解",
        "mediation",
        "邻里、婚姻家庭、物业、损害赔偿等民间纠纷，可以向人民调解委员会申请调解；调解免费，"
        "达成的调解协议具有法律约束力。",
        "《中华人民共和国人民调解法》第十七条、第三十一条",
        {
            "调解": 3,
            "人民调解": 4,
            "邻居": 2.5,
            "邻里": 2.5,
            "纠纷": 1,
            "矛盾": 1.5,
            "家庭": 1,
            "婚姻": 1.5,
            "离婚": 1.5,
            "赡养": 2,
            "物业": 2,
            "漏水": 2,
            "噪音": 2,
            "宅基地": 2,
            "借钱": 1,
            "欠钱": 1,
            "打架": 1.5,
        },
    ),
    RouteSpec(
        Route.ENTERPRISE,
        "涉企法律服务",
        "consultation",
        "企业的合规、合同、用工、个人信息保护等问题，可以在网上提交法律咨询，由司法局涉企服务人员答复；"
        "也可以查阅司法局发布的合规指引。",
        "司法局涉企法治服务",
        {
            "企业": 2,
            "公司合规": 3,
            "合规": 3,
            "个人信息": 2,
            "个人信息保护": 3,
            "数据": 1.5,
            "隐私": 1.5,
            "营商": 2,
            "商标": 1.5,
            "股东": 2,
            "中小微": 3,
            "平台": 1,
            "经营": 1,
            "合同审查": 2,
            "招投标": 2,
        },
    ),
    RouteSpec(
        Route.CONSULTATION,
        "法律咨询",
        "consultation",
        "可以拨打公共法律服务热线 12348，或到就近的公共法律服务站点当面咨询，也可以在网上提交法律咨询。",
        "公共法律服务热线 12348",
        {},
        hotline=True,
    ),
)
BY_CODE = {r.code: r for r in ROUTES}
DEFAULT = BY_CODE[Route.CONSULTATION]

# 2025年10月1日 / 2025-10-01 / 2025/10/1 / 2025.10.1 / 10月1日 (the year of the day asked).
_FULL = re.compile(r"(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*(?:日|号)?")
_SHORT = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*(?:日|号)")


@dataclass(frozen=True)
class Period:
    """A statutory period for the date the question gave: what it is, when it ends, and why."""

    rule_id: str
    text: str  # "行政复议申请期限 60 日，自知道该行政行为之日起计算 — 截至 2025-12-01"
    due: date
    basis: str
    explanation: str
    provisional: bool = False


@dataclass(frozen=True)
class Routing:
    route: RouteSpec
    matched: tuple[str, ...] = ()
    day: date | None = None
    periods: tuple[Period, ...] = field(default_factory=tuple)


def find_date(question: str, on: date) -> date | None:
    """The first date the question names; a date without a year is of the year of `on` (the
    previous year if that would be after `on`)."""
    m = _FULL.search(question)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
        m = _SHORT.search(question)
        if m:
            d = date(on.year, int(m[1]), int(m[2]))
            return d if d <= on else date(on.year - 1, d.month, d.day)
    except ValueError:
        return None
    return None


def strip_dates(question: str) -> str:
    """The question without its dates (they only match the "本法自…起施行" articles)."""
    return _SHORT.sub(" ", _FULL.sub(" ", question)).strip()


def choose(question: str) -> tuple[RouteSpec, tuple[str, ...]]:
    """The route whose words weigh most in the question (ties: the earlier route)."""
    best, best_weight, best_words = DEFAULT, 0.0, ()
    for spec in ROUTES:
        words = tuple(w for w in spec.words if w in question)
        weight = sum(spec.words[w] for w in words)
        if weight > best_weight:
            best, best_weight, best_words = spec, weight, words
    return best, best_words


def period_of(rule_id: str, day: date) -> Period | None:
    """The period of a fazhi.law rule from `day`, in words; None if the law cannot count it."""
    rule = get_rule(rule_id)
    try:
        d = due(rule_id, day)
    except LawValidationError:
        return None
    name = {"FY-01": "行政复议申请期限", "XS-01": "行政诉讼起诉期限"}.get(rule_id, rule.title + "期限")
    return Period(
        rule_id=rule_id,
        text=f"{name} {rule.period} {rule.unit.label}，自{rule.trigger_label}之日起计算 — 截至 {d.due.isoformat()}",
        due=d.due,
        basis=d.basis,
        explanation=d.explanation,
        provisional=d.provisional,
    )


def route(question: str, *, on: date) -> Routing:
    """The route of a question and, where it names a date, the route's periods from that date."""
    spec, words = choose(question)
    day = find_date(question, on)
    periods: tuple[Period, ...] = ()
    if day is not None and spec.rules:
        periods = tuple(p for p in (period_of(r, day) for r in spec.rules) if p is not None)
    return Routing(spec, words, day, periods)
