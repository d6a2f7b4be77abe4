"""法律援助 demo: the centre's staff and the 司法所 legal-aid stations, the lawyer pool (with the
year's recruits), a year of applications — criminal notices from the 公检法, civil and
administrative applications assessed by fazhi.law, 先行提供, 补充材料, refusals with objections,
terminations — each granted case assigned, handled, closed and reported, a sample peer-evaluated
by the city; the 群体性劳动争议 cases; commendations and the 12348 / walk-in / online
consultations. Everything goes through `fazhi.legal_aid.services` and `fazhi.cases.services`.

Which date counts (fazhi/indicators/definitions.py): 受理 and the group figures by `accepted_on`,
同行评估 by `peer_evaluated_on`, 新招募律师 by `joined_on`, 咨询 by `consulted_on`, 锦旗 by
`received_on`. All of these are kept inside the year generated; closing and reporting may run
into the next year (no figure counts them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from fazhi.cases.models import Case
from fazhi.cases.services import PartyInput, case_transition
from fazhi.core.models import OrgUnit, RoleGrant, User
from fazhi.core.roles import Role
from fazhi.demo.context import DemoContext
from fazhi.law.calendar import default_calendar
from fazhi.legal_aid import services
from fazhi.legal_aid.models import LegalAidLawyer

CENTRE = "330106-FYZX"
DISTRICT = "330106"
DEMO_LAWYER_LOGIN = "lvshi"  # 周律师 (演示): in the pool, assigned a share of the cases
DEMO_STAFF_LOGIN = "fayuan"  # 陈法援 (演示): the centre's reviewer

LAW_FIRMS = [
    "浙江明湖律师事务所（演示）",
    "浙江西溪和正律师事务所（演示）",
    "浙江文新律师事务所（演示）",
    "浙江之衡律师事务所（演示）",
    "浙江钱塘正理律师事务所（演示）",
    "浙江求衡律师事务所（演示）",
    "杭州三墩律师事务所（演示）",
    "杭州留下律师事务所（演示）",
    "杭州北山明理律师事务所（演示）",
    "浙江古荡致远律师事务所（演示）",
    "浙江翠苑同德律师事务所（演示）",
    "杭州转塘守正律师事务所（演示）",
]
EMPLOYERS = [
    "建筑劳务有限公司",
    "建设工程有限公司",
    "装饰工程有限公司",
    "餐饮管理有限公司",
    "物流有限公司",
    "物业服务有限公司",
    "科技有限公司",
    "商贸有限公司",
    "保洁服务有限公司",
]
BRANDS = [
    "恒达",
    "鑫盛",
    "宏远",
    "华建",
    "顺通",
    "永安",
    "金鼎",
    "瑞丰",
    "德润",
    "合力",
    "汇通",
    "铭泰",
    "嘉禾",
    "联创",
]
HOSPITALS = ["西湖区某社区卫生服务中心（演示）", "杭州某民营医院（演示）", "杭州某口腔门诊部（演示）"]

# --- criminal cases: 通知辩护 (arts. 25, 28, 36) and applications (arts. 24, 29) -------------------
CRIMES = [
    ("盗窃", 20),
    ("诈骗", 14),
    ("帮助信息网络犯罪活动", 14),
    ("危险驾驶", 8),
    ("故意伤害", 8),
    ("掩饰、隐瞒犯罪所得", 6),
    ("寻衅滋事", 4),
    ("交通肇事", 3),
    ("开设赌场", 3),
    ("贩卖毒品", 3),
    ("非法吸收公众存款", 2),
    ("抢劫", 2),
    ("非法经营", 2),
]
SEVERE_CRIMES = ["故意杀人", "贩卖毒品", "抢劫"]  # 可能判处无期徒刑、死刑 (art. 26)
NOTIFIERS = [
    ("西湖区人民法院", "审判阶段", 5),
    ("西湖区人民检察院", "审查起诉阶段", 3),
    ("杭州市公安局西湖区分局", "侦查阶段", 1),
]
CRIMINAL_RESULTS = [
    ("judgment", "法院采纳部分辩护意见，依法从轻判处", 6),
    ("judgment", "认罪认罚，法院依法从宽判处", 5),
    ("other", "检察院采纳辩护意见，作出不起诉决定", 1),
]

# --- civil matters (art. 31): (matter, weight, titles, respondent kind, amount range in yuan) ----
CIVIL = [
    ("LABOUR_PAY", 28, ["追索劳动报酬", "追索拖欠工资", "追索加班工资"], "company", (3_000, 90_000)),
    ("WORK_INJURY", 12, ["工伤事故人身损害赔偿", "工伤保险待遇纠纷"], "company", (30_000, 600_000)),
    ("LABOUR_RELATION", 8, ["确认劳动关系", "确认劳动关系并支付经济补偿"], "company", (10_000, 120_000)),
    ("TRAFFIC_ACCIDENT", 14, ["机动车交通事故责任纠纷", "交通事故人身损害赔偿"], "person", (20_000, 500_000)),
    (
        "SUPPORT_PAYMENT",
        14,
        ["追索赡养费", "追索抚养费", "变更抚养关系及抚养费"],
        "person",
        (12_000, 150_000),
    ),
    (
        "SOCIAL_INSURANCE_OR_ASSISTANCE",
        5,
        ["请求支付社会保险待遇", "请求补缴养老保险"],
        "company",
        (8_000, 80_000),
    ),
    ("MEDICAL_ACCIDENT", 4, ["医疗损害责任纠纷"], "hospital", (50_000, 400_000)),
    ("CAPACITY", 3, ["申请认定公民无民事行为能力", "申请认定公民限制民事行为能力"], "none", None),
    ("FOOD_DRUG_ACCIDENT", 1, ["食品安全事故人身损害赔偿"], "company", (5_000, 60_000)),
    ("PENSION", 1, ["请求发给抚恤金"], "none", (20_000, 80_000)),
    # 家庭暴力受害人 (art. 32(4)): no hardship condition, whatever the matter.
    ("OTHER", 4, ["离婚纠纷（家庭暴力受害人）", "人身安全保护令申请"], "person", None),
]
CIVIL_RESULTS = {
    "labour": [
        ("arbitration", "劳动仲裁裁决支持受援人主要请求", 4),
        ("mediation", "仲裁调解，用人单位支付工资及补偿", 4),
        ("judgment", "法院判决用人单位支付劳动报酬", 2),
        ("withdrawal", "用人单位已支付款项，受援人撤回仲裁申请", 1),
    ],
    "injury": [
        ("judgment", "法院判决对方赔偿受援人各项损失", 5),
        ("mediation", "法院调解结案，对方一次性赔偿", 5),
        ("withdrawal", "双方庭外和解，受援人撤诉", 1),
    ],
    "family": [
        ("judgment", "法院判决支持受援人的诉讼请求", 4),
        ("mediation", "经法院调解，双方达成协议", 6),
        ("withdrawal", "双方和好，受援人撤诉", 1),
    ],
    "other": [
        ("judgment", "法院作出判决或裁定", 5),
        ("non_litigation", "非诉讼事务已办结", 2),
        ("mediation", "经调解，双方达成协议", 2),
    ],
}
RESULT_GROUP = {
    "LABOUR_PAY": "labour",
    "WORK_INJURY": "labour",
    "LABOUR_RELATION": "labour",
    "SOCIAL_INSURANCE_OR_ASSISTANCE": "labour",
    "TRAFFIC_ACCIDENT": "injury",
    "MEDICAL_ACCIDENT": "injury",
    "FOOD_DRUG_ACCIDENT": "injury",
    "SUPPORT_PAYMENT": "family",
    "OTHER": "family",
}
ADMINISTRATIVE = [
    ("STATE_COMPENSATION", "依法请求国家赔偿", "judgment", "赔偿义务机关作出赔偿决定"),
    ("SOCIAL_INSURANCE_OR_ASSISTANCE", "不服工伤认定行政诉讼", "judgment", "法院判决撤销原工伤认定结论"),
    (
        "SOCIAL_INSURANCE_OR_ASSISTANCE",
        "请求给予最低生活保障（行政）",
        "non_litigation",
        "行政机关重新作出给予救助的决定",
    ),
]
# Applications that fail the conditions (refused, with the reasons written to the applicant).
REFUSALS = [
    ("income", "申请人家庭经济状况不符合本区法律援助经济困难标准，不予法律援助（法律援助法第三十四条）。", 6),
    ("matter", "申请事项不属于法律援助法第三十一条规定的民事、行政法律援助事项范围，不予法律援助。", 3),
    ("agent", "申请人已委托代理人，不符合“没有委托代理人”的条件（法律援助法第三十一条）。", 1),
]
OUT_OF_SCOPE_TITLES = [
    "民间借贷纠纷",
    "房屋买卖合同纠纷",
    "股权转让纠纷",
    "物业服务合同纠纷",
    "网络购物合同纠纷",
]
TERMINATIONS = [
    ("own_lawyer", "受援人自行委托律师，申请终止法律援助", 3),
    ("requested", "受援人因已与对方和解，要求终止法律援助", 3),
    ("case_ended", "人民法院裁定终结审理", 1),
    ("finances_changed", "受援人经济状况发生变化，经核查不再符合经济困难标准", 1),
]
CONSULTATION_TOPICS = [
    (
        "labour",
        24,
        ["拖欠工资如何维权", "解除劳动合同经济补偿如何计算", "未签劳动合同二倍工资", "试用期被辞退是否合法"],
    ),
    ("marriage_family", 20, ["离婚财产分割", "子女抚养权及抚养费", "遗产继承份额", "老人赡养问题"]),
    ("contract", 12, ["民间借贷欠款催讨", "租房押金不退", "装修合同纠纷处理"]),
    ("tort", 7, ["被狗咬伤赔偿", "高空坠物损害赔偿"]),
    ("traffic", 8, ["交通事故赔偿项目及标准", "交通事故责任认定异议"]),
    ("medical", 3, ["医疗纠纷鉴定程序"]),
    ("property", 8, ["物业费争议", "房屋买卖定金纠纷"]),
    ("social_security", 5, ["工伤认定流程", "养老保险补缴"]),
    ("administrative", 3, ["对行政处罚不服如何复议", "征收补偿标准"]),
    ("criminal", 4, ["家属被刑事拘留后如何委托辩护", "刑事案件取保候审"]),
    ("eligibility", 5, ["法律援助申请条件及材料", "经济困难标准咨询"]),
    ("other", 1, ["其他法律问题"]),
]
# The city's peer evaluation runs in rounds (同行评估批次): (month, day) of each round's meeting.
EVALUATION_ROUNDS = ((4, 26), (7, 26), (10, 25), (12, 18))
EVALUATOR = "杭州市法律援助案件质量同行评估（{year}年第{n}批）"


def employer(ctx: DemoContext, *, group: bool = False) -> dict[str, Any]:
    """A synthetic employer (valid USCC, marked 演示): wage arrears come mostly from construction
    subcontractors and service businesses."""
    kinds = EMPLOYERS[:3] if group else EMPLOYERS
    return {**ctx.company(), "name": f"杭州{ctx.choice(BRANDS)}{ctx.choice(kinds)}（演示）"}


# --- rosters ----------------------------------------------------------------------------------


@dataclass
class Roster:
    """Who acts: the centre's reviewers (district-wide grant), one legal-aid clerk per 司法所
    station, and the lawyers of the pool with their platform accounts."""

    reviewers: list[User]
    stations: dict[str, User]  # station unit code -> its clerk
    lawyers: list[tuple[LegalAidLawyer, User | None]] = field(default_factory=list)
    demo_lawyer: LegalAidLawyer | None = None


def _demo_user(username: str, display_name: str, role: str, unit: OrgUnit) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create(username=username, display_name=display_name, is_demo=True)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    RoleGrant.objects.get_or_create(user=user, role=role, org_unit=unit)
    return user


def _staff(ctx: DemoContext) -> tuple[list[User], dict[str, User]]:
    # The demo login 陈法援 is the centre's main reviewer (a stand-in when the demo accounts are absent).
    login = User.objects.filter(username=DEMO_STAFF_LOGIN).first()
    if login is None:
        name = ctx.faker.name() if not User.objects.filter(username="fy_001").exists() else ""
        login = _demo_user("fy_001", f"{name}（法律援助中心）", Role.LEGAL_AID_STAFF, ctx.unit(DISTRICT))
    reviewers = [login]
    for n in (2, 3):
        name = ctx.faker.name() if not User.objects.filter(username=f"fy_{n:03d}").exists() else ""
        reviewers.append(
            _demo_user(f"fy_{n:03d}", f"{name}（法律援助中心）", Role.LEGAL_AID_STAFF, ctx.unit(DISTRICT))
        )
    stations = {}
    for town in ctx.townships():
        code = f"{town.code}-SFS"
        username = f"fyz_{town.code[-3:]}"
        name = ctx.faker.name() if not User.objects.filter(username=username).exists() else ""
        stations[code] = _demo_user(
            username, f"{name}（{town.name}法律援助工作站）", Role.LEGAL_AID_STAFF, ctx.unit(code)
        )
    return reviewers, stations


def _licence(ctx: DemoContext, licensed: date) -> str:
    while True:
        number = f"133010{licensed.year}{ctx.rng.randint(1, 2)}{ctx.rng.randint(0, 999_999):06d}"
        if not LegalAidLawyer.objects.filter(licence_number=number).exists():
            return number


def _recruit(
    ctx: DemoContext, actor: User, joined: date, *, user: User | None = None, name: str = ""
) -> None:
    """One lawyer joins the pool on `joined` with ≥ 3 years' practice (most with a platform account)."""
    years = ctx.weighted([(3, 2), (4, 2), (5, 2), (6, 2), (8, 2), (10, 2), (13, 1), (16, 1), (20, 1)])
    licensed = date(joined.year - years, joined.month, min(joined.day, 28)) - timedelta(
        days=ctx.rng.randint(0, 300)
    )
    name = name or ctx.faker.name()
    firm = ctx.choice(LAW_FIRMS)
    if user is None and ctx.rng.random() < 0.75:
        n = User.objects.filter(username__startswith="lv_").count() + 1
        user = _demo_user(f"lv_{n:03d}", f"{name}律师（演示）", Role.LEGAL_AID_LAWYER, ctx.unit(DISTRICT))
    services.lawyer_add(
        actor=actor,
        name=name,
        law_firm=firm,
        licensed_on=licensed,
        joined_on=joined,
        licence_number=_licence(ctx, licensed),
        user=user,
        is_demo=True,
    )


def build_rosters(ctx: DemoContext, year: int, target: dict | None) -> Roster:
    """The staff accounts (once), the pool's earlier members (once, joined two to eight years
    before `year`) and, with a target, the recruits of `year` (the report's 新招募律师)."""
    reviewers, stations = _staff(ctx)
    actor = reviewers[0]
    if not LegalAidLawyer.objects.filter(is_demo=True).exists():
        base = max(10, round((target or {}).get("accepted", 220) / 22))
        demo_login = User.objects.filter(username=DEMO_LAWYER_LOGIN).first()
        if demo_login is not None:
            _recruit(ctx, actor, date(year - 4, 3, 12), user=demo_login, name="周律师")
        for joined in sorted(ctx.dates_in_year(year - ctx.rng.randint(2, 8), 1)[0] for _ in range(base - 1)):
            _recruit(ctx, actor, joined)
    if target and target.get("new_lawyers"):
        rounds = ctx.dates_in_year(year, 3, until=date(year, 10, 31))
        for joined, count in zip(rounds, ctx.split(target["new_lawyers"], 3), strict=True):
            for _ in range(count):
                _recruit(ctx, actor, joined)
    lawyers = [
        (lw, lw.user)
        for lw in LegalAidLawyer.objects.filter(is_demo=True, active=True)
        .select_related("user")
        .order_by("joined_on", "id")
    ]
    demo = next((lw for lw, u in lawyers if u is not None and u.username == DEMO_LAWYER_LOGIN), None)
    return Roster(reviewers, stations, lawyers, demo)


# --- one case -----------------------------------------------------------------------------------


@dataclass
class Plan:
    """What happens to one application (decided before any record is written, so that the
    evaluated sample and the terminations can be chosen among the year's cases)."""

    route: str  # notified | criminal_applied | civil | administrative | advance | group | correction | refused | withdrawn
    received: date
    unit: str  # receiving unit code (the centre or a 司法所 station)
    evaluate: str = ""  # peer grade when the case is in the year's evaluated sample
    terminate: bool = False
    objection: bool = False  # refused/terminated: the applicant objects (upheld)
    reassign: bool = False
    materials: bool = False  # civil: one-time notice to supply materials first
    group: tuple[int, int] | None = None  # (applicants, amount) of a 群体性劳动争议
    stop: str = ""  # current work: stop once the case reaches this state
    demo_lawyer: bool = False  # assign the demo login 周律师


@dataclass
class Done:
    """A granted case as it ended up (for the commendations that follow)."""

    case: Case
    lawyer: LegalAidLawyer | None
    giver: str
    closed_on: date | None


class YearRun:
    """Runs plans through the services; `end` caps every date a figure counts."""

    def __init__(self, ctx: DemoContext, roster: Roster, end: date, *, limit: date | None = None) -> None:
        self.ctx, self.r, self.end, self.limit = ctx, roster, end, limit

    # helpers
    def after(self, d: date, low: int, high: int, cap: date | None = None) -> date:
        """A working day `low`–`high` days after `d`, never after `cap` nor the run's limit (today)."""
        caps = [c for c in (cap, self.limit) if c is not None]
        return self.ctx.workday_after(d, low, high, not_after=min(caps) if caps else None)

    def within(self, start: date, last: date, cap: date | None = None) -> date:
        """A working day from `start` to `last` (inside a statutory period), earlier days likelier;
        `start` itself when no working day falls in between."""
        caps = [c for c in (cap, self.limit, last) if c is not None]
        last = min(caps)
        cal = default_calendar()
        days = [start + timedelta(days=i) for i in range((last - start).days + 1)]
        days = [d for d in days if cal.is_workday(d)] or [start]
        return self.ctx.weighted([(d, len(days) - i) for i, d in enumerate(days)])

    def step(self, actor: User, case: Case, name: str, on: date, **data: Any) -> Case:
        """One step of the workflow through the case engine, as the screens take it."""
        return case_transition(actor=actor, case=case, name=name, data=data, on=on)

    def reviewer(self) -> User:
        return self.ctx.weighted([(u, 3 if i == 0 else 2) for i, u in enumerate(self.r.reviewers)])

    def pick_lawyer(
        self, on: date, *, besides: LegalAidLawyer | None = None, demo: bool = False
    ) -> tuple[LegalAidLawyer, User | None]:
        """A pool lawyer who had joined by `on` (the demo login 周律师 gets a larger share)."""
        if demo and self.r.demo_lawyer is not None and self.r.demo_lawyer != besides:
            return self.r.demo_lawyer, self.r.demo_lawyer.user
        pool = [(lw, u) for lw, u in self.r.lawyers if lw.joined_on <= on and lw != besides]
        return self.ctx.weighted([((lw, u), 3 if lw == self.r.demo_lawyer else 1) for lw, u in pool])

    def rounds(self) -> list[date]:
        """The year's peer-evaluation rounds, each on a working day."""
        cal = default_calendar()
        out = []
        for m, d in EVALUATION_ROUNDS:
            day = date(self.end.year, m, d)
            while not cal.is_workday(day):
                day -= timedelta(days=1)
            out.append(day)
        return out

    # the application
    def application(self, plan: Plan) -> tuple[str, list[PartyInput], dict[str, Any], str, bool]:
        """(title, parties, detail, channel, enterprise_related) for a plan's route."""
        ctx = self.ctx
        route = plan.route
        if route == "notified":
            crime = ctx.weighted(CRIMES)
            severe = ctx.rng.random() < 0.03
            if severe:
                crime = ctx.choice(SEVERE_CRIMES)
            notifier, stage = ctx.weighted([((n, s), w) for n, s, w in NOTIFIERS])
            title = f"涉嫌{crime}罪（{notifier}{stage}通知辩护）"
            person = ctx.person(born_from=1962, born_to=2005, address=False)
            detail = {"matter_type": "criminal", "criminal_ground": "notified", "severe_penalty": severe}
            return title, [PartyInput(role="applicant", person=person)], detail, "referral", False
        if route == "criminal_applied":
            victim = ctx.rng.random() < 0.4
            crime = ctx.choice(
                ["故意伤害", "交通肇事", "诈骗", "强奸"] if victim else ["盗窃", "诈骗", "故意伤害"]
            )
            title = f"{crime}案被害人申请法律援助" if victim else f"涉嫌{crime}罪（犯罪嫌疑人申请法律援助）"
            detail = {
                "matter_type": "criminal",
                "criminal_ground": "victim_application" if victim else "defence_application",
                "household_size": ctx.rng.randint(1, 5),
                "monthly_income_per_head": ctx.rng.randint(6, 21) * 100,
            }
            person = ctx.person(born_from=1960, born_to=2004, address=False)
            return title, [PartyInput(role="applicant", person=person)], detail, "walk_in", False
        if route == "administrative":
            matter, title, _, _ = ctx.choice(ADMINISTRATIVE)
            detail = {
                "matter_type": "administrative",
                "matter": matter,
                "household_size": ctx.rng.randint(1, 4),
                "monthly_income_per_head": ctx.rng.randint(6, 22) * 100,
            }
            return (
                title,
                [PartyInput(role="applicant", person=ctx.person(born_from=1950, born_to=2000))],
                detail,
                "walk_in",
                False,
            )
        if route == "group":
            applicants, amount = plan.group or (2, 0)
            company = employer(ctx, group=True)
            title = f"{applicants}名农民工追索劳动报酬（群体性劳动争议）"
            parties = [
                PartyInput(role="applicant", person=ctx.person(born_from=1962, born_to=2000, address=False))
                for _ in range(applicants)
            ]
            parties.append(PartyInput(role="respondent", legal_entity=company))
            detail = {
                "matter_type": "civil",
                "matter": "LABOUR_PAY",
                "circumstances": ["MIGRANT_WORKER"],
                "is_group": True,
                "applicant_count": applicants,
                "amount_at_stake": Decimal(amount),
            }
            return title, parties, detail, "walk_in", True
        if route in ("refused", "correction") and (route == "correction" or ctx.rng.random() < 0.55):
            kind = "income"
        elif route == "refused":
            kind = ctx.weighted([(k, w) for k, _, w in REFUSALS])
        else:
            kind = ""
        matter, _, titles, respondent, amounts = ctx.weighted([(m, m[1]) for m in CIVIL])
        if kind == "matter":
            matter, titles, respondent, amounts = "OTHER", OUT_OF_SCOPE_TITLES, "person", (5_000, 300_000)
        if kind in ("income", "agent") and matter == "OTHER":
            matter, titles, respondent, amounts = (
                "TRAFFIC_ACCIDENT",
                ["交通事故人身损害赔偿"],
                "person",
                (20_000, 300_000),
            )
        title = ctx.choice(titles)
        elderly = matter in ("SUPPORT_PAYMENT", "PENSION") and "赡养" in title
        person = ctx.person(born_from=1940 if elderly else 1955, born_to=1962 if elderly else 2004)
        parties = [PartyInput(role="applicant", person=person)]
        enterprise = respondent == "company"
        if respondent == "company":
            parties.append(PartyInput(role="respondent", legal_entity=employer(ctx)))
        elif respondent == "person":
            parties.append(PartyInput(role="respondent", person=ctx.person(address=False)))
        elif respondent == "hospital":
            parties.append(
                PartyInput(
                    role="respondent", legal_entity={"name": ctx.choice(HOSPITALS), "is_enterprise": False}
                )
            )
        detail: dict[str, Any] = {"matter_type": "civil", "matter": matter}
        if amounts:
            detail["amount_at_stake"] = Decimal(ctx.rng.randint(amounts[0] // 100, amounts[1] // 100) * 100)
        household = ctx.rng.randint(1, 5)
        if kind == "income":
            detail |= {"household_size": household, "monthly_income_per_head": ctx.rng.randint(24, 90) * 100}
        elif kind == "matter":
            detail |= {"household_size": household, "monthly_income_per_head": ctx.rng.randint(8, 22) * 100}
        elif kind == "agent":
            detail |= {
                "has_own_agent": True,
                "household_size": household,
                "monthly_income_per_head": ctx.rng.randint(8, 22) * 100,
            }
        elif matter == "OTHER":
            detail["circumstances"] = ["ABUSE_VICTIM"]
        elif plan.materials or route == "advance":
            pass  # income not yet shown: needs verification (LA-04)
        else:
            how = ctx.weighted([("income", 60), ("waived", 15), ("unknown", 10)])
            if matter in ("LABOUR_PAY", "WORK_INJURY") and ctx.rng.random() < 0.45:
                detail["circumstances"] = ["MIGRANT_WORKER"]
            elif how == "waived":
                detail["circumstances"] = [
                    ctx.weighted([("VULNERABLE_WITHOUT_INCOME", 2), ("ASSISTANCE_RECIPIENT", 1)])
                ]
            elif how == "income":
                detail |= {
                    "household_size": household,
                    "monthly_income_per_head": ctx.rng.randint(5, 22) * 100,
                }
        if route == "advance":
            if ctx.rng.random() < 0.6:
                detail["limitation_deadline"] = plan.received + timedelta(days=ctx.rng.randint(1, 6))
            else:
                detail["urgent_preservation"] = True
        channel = ctx.weighted([("walk_in", 62), ("online", 24), ("door", 6), ("mail", 3), ("referral", 5)])
        return title, parties, detail, channel, enterprise

    def run(self, plan: Plan) -> Done | None:
        ctx = self.ctx
        title, parties, detail, channel, enterprise = self.application(plan)
        intake = self.r.stations.get(plan.unit) or self.reviewer()
        case = services.legal_aid_apply(
            actor=intake,
            org_unit=ctx.unit(plan.unit),
            received_on=plan.received,
            title=title,
            parties=parties,
            detail=detail,
            channel=channel,
            enterprise_related=enterprise,
            is_demo=True,
        )
        giver = parties[0].person["name"] if isinstance(parties[0].person, dict) else ""
        if plan.group:
            giver = f"{giver}等{plan.group[0]}名农民工"
        if plan.stop == "received":
            return None
        reviewer = self.reviewer()
        evaluated = bool(plan.evaluate)
        cap = date(self.end.year, 11, 20) if evaluated else self.end
        route = plan.route
        outcome = case.legal_aid.eligibility_outcome
        day = plan.received

        # 审查 → 决定 (LA-06: 7 days; a few late)
        if route == "withdrawn":
            if ctx.rng.random() < 0.5:
                day = self.after(day, 1, 3)
                case = self.step(
                    reviewer, case, "request_materials", day, items="家庭经济困难状况说明及相关证据材料"
                )
                self.step(
                    reviewer, case, "deemed_withdrawn", self.after(day, 30, 45), note="申请人逾期未补充材料"
                )
            else:
                self.step(
                    reviewer, case, "withdraw", self.after(day, 1, 5), note="申请人与对方达成和解，撤回申请"
                )
            return None
        if route == "advance":
            case = self.step(
                reviewer,
                case,
                "grant_advance",
                day,
                note="距诉讼时效届满不足七日或需立即申请保全，先行提供法律援助",
            )
        elif route == "notified":
            day = day if ctx.rng.random() < 0.8 else self.after(day, 1, 1, cap)
            case = self.step(reviewer, case, "grant", day, review_note="办案机关通知指派，依法给予法律援助")
        else:
            if plan.materials:
                day = self.after(day, 1, 2, cap)
                case = self.step(
                    reviewer,
                    case,
                    "request_materials",
                    day,
                    items="家庭经济困难状况证明或个人诚信承诺书；劳动合同、工资流水等证据材料",
                )
                if plan.stop == "awaiting_materials":
                    return None
                day = self.after(day, 3, 15, cap)
                case = self.step(intake, case, "supply_materials", day, note="申请人已补齐材料")
                services.legal_aid_reassess(
                    actor=reviewer,
                    case=case,
                    on=day,
                    matter=case.legal_aid.matter,
                    circumstances=case.legal_aid.circumstance_codes,
                    household_size=ctx.rng.randint(1, 5),
                    monthly_income_per_head=ctx.rng.randint(6, 22) * 100,
                )
                outcome = "ELIGIBLE"
            late = ctx.rng.random() < 0.02
            day = self.after(day, 8, 10, cap) if late else self.after(day, 0, 5, cap)
            if route in ("refused", "correction"):
                case = self.step(reviewer, case, "refuse", day, reasons=self._refusal_text(case))
                if route == "refused" and not plan.objection:
                    return None
                day = self.after(day, 2, 9, cap)
                case = self.step(
                    reviewer,
                    case,
                    "object_refusal",
                    day,
                    grounds="申请人对不予法律援助决定提出异议，称其家庭确有困难"
                    if route == "correction"
                    else "申请人认为其符合法律援助条件，对不予法律援助决定提出异议",
                )
                day = self.after(day, 1, 4, cap)
                if route == "refused":
                    self.step(
                        self.r.reviewers[0],
                        case,
                        "uphold",
                        day,
                        reasons="经审查，原决定认定事实清楚，理由充分，维持原决定",
                        remedies_advised=True,
                    )
                    return None
                case = self.step(
                    self.r.reviewers[0],
                    case,
                    "correct_refusal",
                    day,
                    reasons="申请人补充提交了家庭成员重大疾病支出及低收入家庭认定材料，责令重新审查",
                )
                services.legal_aid_reassess(
                    actor=reviewer,
                    case=case,
                    on=day,
                    matter=case.legal_aid.matter,
                    circumstances=["ASSISTANCE_RECIPIENT"],
                )
                day = self.after(day, 0, 2, cap)
                outcome = "ELIGIBLE"
            note = {
                "ELIGIBLE": "经审查，符合法律援助条件",
                "NEEDS_REVIEW": "经信息共享查询核实，申请人家庭经济状况符合经济困难标准"
                if route != "criminal_applied"
                else "经审查，申请人因经济困难没有委托辩护人或代理人，符合法律援助条件",
            }
            case = self.step(reviewer, case, "grant", day, review_note=note.get(outcome, note["ELIGIBLE"]))
        if plan.stop == "granted":
            return None

        # 指派 (LA-06b / LA-08b: 3 days; a few late)
        late = ctx.rng.random() < 0.04
        start = plan.received if route == "notified" else day  # LA-08b runs from the notice
        day = max(day, self.after(start, 4, 6)) if late else self.within(day, start + timedelta(days=3))
        lawyer, lawyer_user = self.pick_lawyer(day, demo=plan.demo_lawyer)
        case = self.step(
            reviewer,
            case,
            "assign",
            day,
            lawyer=str(lawyer.pk),
            note="按受援人意愿及律师专业领域指派" if route != "notified" else "",
        )
        if plan.stop == "assigned":
            return None
        handler = lawyer_user or reviewer  # a lawyer without an account reports on paper: staff record it
        day = self.after(day, 0, 3)
        case = self.step(handler, case, "accept_assignment", day, note="已与受援人签订委托协议，开始承办")
        if route == "advance":
            day = self.after(day, 3, 10, cap)
            case = self.step(handler, case, "complete_paperwork", day, note="受援人已补交经济困难状况说明")
        if plan.reassign:
            day = self.after(day, 10, 40, cap)
            lawyer, lawyer_user = self.pick_lawyer(day, besides=lawyer)
            case = self.step(
                reviewer,
                case,
                "reassign",
                day,
                lawyer=str(lawyer.pk),
                note="原承办律师因身体原因无法继续承办，经受援人同意更换",
            )
            handler = lawyer_user or reviewer
            day = self.after(day, 0, 2, cap)
            case = self.step(
                handler, case, "accept_assignment", day, note="新承办律师已与受援人联系，继续承办"
            )
        if plan.stop == "handling":
            return None
        if plan.terminate:
            grounds = [t for t in TERMINATIONS if route != "notified" or t[0] in ("own_lawyer", "case_ended")]
            ground, note, _ = ctx.weighted([(t, t[2]) for t in grounds])
            day = self.after(day, 10, 60)
            case = self.step(reviewer, case, "terminate", day, ground=ground, note=note)
            if plan.objection:
                day = self.after(day, 3, 10)
                case = self.step(
                    reviewer, case, "object_termination", day, grounds="受援人对终止法律援助决定提出异议"
                )
                self.step(
                    self.r.reviewers[0],
                    case,
                    "uphold",
                    self.after(day, 1, 4),
                    reasons="终止事由属实，维持原决定",
                    remedies_advised=True,
                )
            return Done(case, lawyer, giver, None)

        # 办结 → 结案报告 (LA-11: 15 days; a few late) → 同行评估
        method, summary = self._result(route, case)
        span = (30, 150) if route == "notified" else (20, 120) if route == "group" else (40, 220)
        high = max(span[0], min(span[1], (cap - day).days)) if evaluated else span[1]
        day = self.after(day, span[0], high, cap if evaluated else None)
        case = self.step(handler, case, "close", day, closing_method=method, summary=summary)
        closed = day
        if plan.stop == "closed":
            return Done(case, lawyer, giver, closed)
        late = not evaluated and ctx.rng.random() < 0.06
        day = (
            self.after(day, 16, 35)
            if late
            else self.within(
                day + timedelta(days=2),
                day + timedelta(days=15),
                date(self.end.year, 11, 30) if evaluated else None,
            )
        )
        case = self.step(handler, case, "file_report", day, note="结案报告及案卷材料已提交归档")
        if evaluated:
            rounds = self.rounds()
            on = next(r for r in rounds if r >= day + timedelta(days=10))
            n = rounds.index(on) + 1
            case = self.step(
                reviewer,
                case,
                "evaluate",
                on,
                grade=plan.evaluate,
                evaluator=EVALUATOR.format(year=self.end.year, n=n),
                note={
                    "excellent": "办案规范，辩护（代理）意见被采纳，效果好",
                    "good": "办案规范，文书质量较好",
                    "pass": "基本规范，会见、阅卷记录不够完整",
                    "fail": "未按要求及时会见受援人，卷宗材料缺失",
                }[plan.evaluate],
            )
        return Done(case, lawyer, giver, closed)

    def _refusal_text(self, case: Case) -> str:
        """The written reasons of a refusal, from the stored eligibility result."""
        detail = case.legal_aid
        if detail.has_own_agent:
            return REFUSALS[2][1]
        if any(r.get("rule") == "LA-01" and "不属于" in r.get("text", "") for r in detail.reasons):
            return REFUSALS[1][1]
        return REFUSALS[0][1]

    def _result(self, route: str, case: Case) -> tuple[str, str]:
        if route == "notified" or route == "criminal_applied":
            method, summary, _ = self.ctx.weighted([(r, r[2]) for r in CRIMINAL_RESULTS])
            return method, summary
        matter = case.legal_aid.matter
        if route == "administrative":
            for m, title, method, summary in ADMINISTRATIVE:
                if m == matter and title == case.title:
                    return method, summary
        if route == "group":
            return self.ctx.weighted(
                [
                    (("mediation", "经仲裁调解，用人单位分期支付全部拖欠工资"), 3),
                    (("arbitration", "劳动仲裁裁决用人单位支付拖欠工资"), 2),
                ]
            )
        method, summary, _ = self.ctx.weighted(
            [(r, r[2]) for r in CIVIL_RESULTS[RESULT_GROUP.get(matter, "other")]]
        )
        return method, summary


# --- a year -------------------------------------------------------------------------------------


def plans_for_year(ctx: DemoContext, roster: Roster, year: int, target: dict) -> list[Plan]:
    """Every application of the year with its route, received on working days through the year."""
    accepted, refused = target["accepted"], target["refused"]
    groups = list(target.get("group_labour", []))
    correction = 1 if accepted >= 100 else 0
    withdrawn = max(1, accepted // 150)
    rest = accepted - len(groups) - correction
    routes = [
        ctx.weighted(
            [
                ("notified", 44),
                ("civil", 46),
                ("criminal_applied", 4),
                ("administrative", 2),
                ("advance", 1.5),
            ]
        )
        for _ in range(rest)
    ]
    routes += ["refused"] * refused + ["withdrawn"] * withdrawn
    routes = ctx.shuffled(routes)
    received = ctx.dates_in_year(year, len(routes))
    plans = [Plan(route, day, CENTRE) for route, day in zip(routes, received, strict=True)]
    late_ok = date(year, 10, 31)
    for (applicants, amount), day in zip(
        groups, ctx.dates_in_year(year, len(groups), until=late_ok), strict=True
    ):
        plans.append(Plan("group", day, CENTRE, group=(applicants, amount)))
    if correction:
        plans.append(Plan("correction", ctx.dates_in_year(year, 1, until=date(year, 11, 15))[0], CENTRE))
    stations = sorted(roster.stations)
    for p in plans:
        if p.route in ("civil", "refused", "withdrawn", "administrative") and ctx.rng.random() < 0.3:
            p.unit = ctx.choice(stations)  # applications received at the 司法所 legal-aid stations
        if p.route == "civil":
            p.materials = ctx.rng.random() < 0.08
        if p.route == "refused":
            p.objection = ctx.rng.random() < 0.2
    # the city's peer evaluation samples concluded cases of the year (decided by the end of October)
    granted = [
        p
        for p in plans
        if p.route not in ("refused", "withdrawn", "correction") and p.received <= date(year, 10, 20)
    ]
    reviewed, good = target["peer_reviewed"], target["peer_good"]
    if len(granted) < reviewed:
        raise ValueError(f"{year}: 受理案件太少，无法抽取 {reviewed} 件同行评估案件")
    sample = ctx.shuffled(granted)[:reviewed]
    grades = [ctx.weighted([("excellent", 2), ("good", 3)]) for _ in range(good)] + [
        ctx.weighted([("pass", 8), ("fail", 1)]) for _ in range(reviewed - good)
    ]
    for p, grade in zip(sample, ctx.shuffled(grades), strict=True):
        p.evaluate = grade
    others = [p for p in plans if not p.evaluate and p.route in ("notified", "civil", "criminal_applied")]
    for p in ctx.shuffled(others)[: max(1, accepted * 3 // 200)]:
        p.terminate = True
    terminated = [p for p in plans if p.terminate]
    if terminated and accepted >= 100:
        terminated[0].objection = True
    for p in ctx.shuffled([p for p in others if not p.terminate])[: accepted // 50]:
        p.reassign = True
    return sorted(plans, key=lambda p: p.received)


def record_commendations(ctx: DemoContext, roster: Roster, year: int, count: int, done: list[Done]) -> None:
    """锦旗、感谢信 received in the year: most for concluded cases (to the lawyer), a few for advice."""
    last = date(year, 12, 31)
    actor = roster.reviewers[0]
    closed = [d for d in done if d.closed_on and d.closed_on <= date(year, 12, 10)]
    groups = [d for d in closed if d.case.legal_aid.is_group]
    linked = max(0, min(len(closed), count - max(1, count // 6)))
    chosen = (groups + [d for d in ctx.shuffled(closed) if d not in groups])[:linked]
    for d in chosen:
        kind = "banner" if d.case.legal_aid.is_group or ctx.rng.random() < 0.6 else "letter"
        services.commendation_record(
            actor=actor,
            org_unit=d.case.org_unit,
            received_on=ctx.workday_after(d.closed_on, 3, 20, not_after=last),
            kind=kind,
            giver=d.giver or "受援人",
            case=d.case,
            lawyer=d.lawyer,
            is_demo=True,
            note=f"感谢{d.lawyer.name}律师尽心尽责、依法维护受援人合法权益"
            if kind == "banner"
            else "来信感谢法律援助中心及承办律师的热情帮助",
        )
    for day in ctx.dates_in_year(year, count - len(chosen)):
        services.commendation_record(
            actor=actor,
            org_unit=ctx.unit(CENTRE),
            received_on=day,
            kind=ctx.weighted([("letter", 3), ("banner", 1)]),
            giver=ctx.faker.name(),
            note="感谢12348法律咨询热线耐心解答",
            is_demo=True,
        )


def record_consultations(ctx: DemoContext, roster: Roster, days: Sequence[date], label: str) -> None:
    """One record per person-time: 12348 calls at the centre, walk-ins at the centre or a 司法所
    station (the report's 来电来访咨询)."""
    stations = sorted(roster.stations)
    topics = [((t, s), w) for t, w, s in CONSULTATION_TOPICS]
    for i, day in enumerate(days):
        channel = ctx.weighted([("phone", 53), ("walk_in", 47)])
        unit = CENTRE if channel != "walk_in" or ctx.rng.random() < 0.55 else ctx.choice(stations)
        topic, summaries = ctx.weighted(topics)
        enterprise = topic in ("labour", "contract") and ctx.rng.random() < 0.12
        surname = ctx.faker.last_name()
        name = (
            f"{surname}{ctx.choice(['先生', '女士'])}"
            if channel != "walk_in"
            else f"{surname}{ctx.faker.first_name()}"
        )
        services.consultation_record(
            actor=roster.stations.get(unit) or ctx.choice(roster.reviewers),
            item=services.ConsultationInput(
                org_unit=ctx.unit(unit),
                consulted_on=day,
                channel=channel,
                topic=topic,
                summary=("企业" if enterprise else "") + ctx.choice(summaries),
                person_name=name,
                enterprise_related=enterprise,
            ),
            is_demo=True,
        )
        ctx.tick(label, i + 1, len(days))


def generate(ctx: DemoContext, year: int, target: dict) -> None:
    roster = build_rosters(ctx, year, target)
    run = YearRun(ctx, roster, date(year, 12, 31))
    plans = plans_for_year(ctx, roster, year, target)
    done = []
    for i, plan in enumerate(plans):
        result = run.run(plan)
        if result is not None:
            done.append(result)
        ctx.tick(f"法律援助 {year}", i + 1, len(plans))
    record_commendations(ctx, roster, year, target["commendations"], done)
    record_consultations(ctx, roster, ctx.dates_in_year(year, target["consultations"]), f"法律咨询 {year}")


def generate_current(ctx: DemoContext, today: date, count: int) -> None:
    """Applications of the last weeks at every stage, so the centre's worklist, the 临期/超期 list
    and the demo lawyer's own list have live work; and the recent consultations."""
    roster = build_rosters(ctx, today.year, None)
    run = YearRun(ctx, roster, today, limit=today)
    # stage → how many days ago it was received (a few decisions and assignments are overdue)
    stages = {
        "received": (0, 10),
        "awaiting_materials": (3, 20),
        "granted": (0, 5),
        "assigned": (2, 12),
        "handling": (10, 60),
        "closed": (60, 90),
    }
    # the mix of stages, in this proportion whatever the count (handling most, then new applications)
    mix = ["handling", "received", "assigned", "handling", "closed", "granted", "handling", "received"]
    mix += ["awaiting_materials", "handling", "assigned", "received", "handling", "closed", "granted"]
    plans = []
    for i in range(count):
        stop = mix[i % len(mix)]
        low, high = stages[stop]
        received = ctx.workday_after(today - timedelta(days=high), 0, high - low, not_after=today)
        if stop in ("received", "awaiting_materials"):
            route = "civil"
        else:
            route = ctx.weighted([("notified", 5), ("civil", 5), ("criminal_applied", 0.5)])
        unit = (
            CENTRE if route == "notified" or ctx.rng.random() < 0.7 else ctx.choice(sorted(roster.stations))
        )
        demo = stop in ("assigned", "handling", "closed") and ctx.rng.random() < 0.45
        plans.append(
            Plan(route, received, unit, stop=stop, materials=stop == "awaiting_materials", demo_lawyer=demo)
        )
    plans.sort(key=lambda p: p.received)
    for i, plan in enumerate(plans):
        run.run(plan)
        ctx.tick("法律援助 在办", i + 1, count)
    days = sorted(
        ctx.workday_after(today - timedelta(days=30), 0, 30, not_after=today) for _ in range(count * 4)
    )
    record_consultations(ctx, roster, days, "法律咨询 近期")
