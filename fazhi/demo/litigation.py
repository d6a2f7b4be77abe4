"""行政应诉 demo: first-instance suits against the district's agencies as the bureau's 行政应诉科
registers and follows them — 应诉通知书 and complaint copy, answer (XS-08), hearings with who appeared
for the agency (XS-16), the first instance's end by judgment, ruling, 调解 or 撤诉, and appeals —
through the line's services (fazhi.litigation.services) and the engine (fazhi.cases.services).

How the figures count (fazhi.indicators.definitions, register_litigation) decides the dates: 一审发案
by ``litigation.filed_on``; 结案, 败诉 and 调撤 by ``Case.closed_on``; 负责人出庭率 by the hearings'
``held_on``. A year's suits are filed in it; the suits still pending at its end (mostly the late
filings, and a few 中止 ones) are concluded in the next year — by that year's ``generate``, inside
its own 结案 figure, or, after the last generated year, by ``generate_current`` in the year after
filing (never in a year whose figures are reported without them). Losses are placed so that the
“两高一低” loss-rate warning (fazhi.indicators.warnings.DEFAULTS) fires for one or two agencies.

Suits after a 行政复议 that upheld the act are linked to that reconsideration case (when the demo has
one) through ``litigation_register``'s reconsideration number, i.e. through the Case table: this
module never imports the reconsideration line."""

from __future__ import annotations

import math
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from django.db.models import Max
from faker import Faker

from fazhi.cases.models import Case, CaseEvent, CaseLink, Party
from fazhi.cases.services import PartyInput, case_transition
from fazhi.core.lawconfig import law_config
from fazhi.core.models import LegalEntity, OrgUnit, Person, RoleGrant, User
from fazhi.core.models.org import OrgKind
from fazhi.core.roles import Role
from fazhi.demo.context import DemoContext
from fazhi.law.calendar import default_calendar
from fazhi.law.litigation import AbsenceReason, Position
from fazhi.law.litigation import LitigationOutcome as Outcome
from fazhi.law.reconsideration import Decision
from fazhi.litigation.models import LitigationCase
from fazhi.litigation.services import AGENCY_KINDS, litigation_register, notice_due
from fazhi.litigation.workflow import JUDGMENTS, MEDIABLE_CATEGORIES

KIND = "litigation"
QZF = "330106-QZF"  # 区人民政府: defendant in its own right, or co-defendant as 复议机关

# The 行政应诉科: the demo login 赵应诉 and three colleagues (演示 accounts without a password).
STAFF = (("yingsu", 4.0), ("ys_001", 2.0), ("ys_002", 2.0), ("ys_003", 2.0))

# --- who is sued for what -----------------------------------------------------------------------
# (act category, weight, share of enterprise plaintiffs, titles): plausible for an urban district.
Act = tuple[str, float, float, tuple[str, ...]]
INFO = ("info_disclosure", 1.0, 0.0, ("不服政府信息公开答复",))
# fmt: off
DEPARTMENT_ACTS: dict[str, tuple[float, tuple[Act, ...]]] = {
    "330106-CGJ": (26, (
        ("penalty", 40, 0.3, ("不服违法建设行政处罚决定", "不服占道经营行政处罚决定", "不服擅自设置户外广告行政处罚决定",
                              "不服餐饮油烟超标排放行政处罚决定")),
        ("coercion", 30, 0.1, ("请求确认强制拆除行为违法", "不服责令限期拆除决定", "请求撤销强制拆除决定")),
        ("inaction", 20, 0.05, ("要求履行查处违法建设法定职责", "要求履行查处噪声扰民法定职责")),
        ("info_disclosure", 10, 0.0, ("不服政府信息公开答复（违建查处）",)),
    )),
    "330106-ZRZY": (18, (
        ("registration", 40, 0.15, ("请求撤销不动产登记", "不服不动产更正登记", "要求办理不动产转移登记")),
        ("info_disclosure", 25, 0.0, ("不服政府信息公开答复（土地征收）", "要求公开建设用地审批材料")),
        ("licensing", 20, 0.3, ("请求撤销建设工程规划许可证", "不服建设工程规划许可")),
        ("penalty", 15, 0.4, ("不服非法占用土地行政处罚决定",)),
    )),
    "330106-GAFJ": (16, (
        ("penalty", 60, 0.0, ("不服治安管理行政处罚决定", "不服行政拘留决定", "不服道路交通违法行政处罚决定")),
        ("inaction", 20, 0.0, ("要求履行治安案件查处法定职责", "不服不予立案决定")),
        ("coercion", 10, 0.1, ("不服扣押财物决定",)),
        ("info_disclosure", 10, 0.0, ("不服政府信息公开答复",)),
    )),
    "330106-ZJJ": (12, (
        ("inaction", 35, 0.05, ("要求履行物业服务监管职责", "要求履行查处违规装修法定职责")),
        ("registration", 25, 0.2, ("不服商品房买卖合同网签备案", "请求撤销房屋租赁登记备案")),
        ("info_disclosure", 25, 0.0, ("不服政府信息公开答复（老旧小区改造）", "要求公开加装电梯审批材料")),
        ("penalty", 15, 0.7, ("不服建筑市场行政处罚决定",)),
    )),
    "330106-RSJ": (12, (
        ("registration", 55, 0.5, ("不服工伤认定决定", "不服不予认定工伤决定")),
        ("inaction", 25, 0.1, ("要求履行劳动保障监察职责（追索劳动报酬）", "不服劳动保障监察投诉处理决定")),
        ("payment", 20, 0.0, ("要求核发基本养老保险待遇", "不服社会保险待遇核定")),
    )),
    "330106-SCJG": (11, (
        ("penalty", 50, 0.85, ("不服食品安全行政处罚决定", "不服虚假宣传行政处罚决定", "不服价格违法行政处罚决定")),
        ("inaction", 40, 0.05, ("不服投诉举报处理答复", "要求履行举报查处法定职责")),
        ("registration", 10, 0.6, ("请求撤销公司变更登记",)),
    )),
    QZF: (8, (
        ("info_disclosure", 45, 0.0, ("不服区人民政府政府信息公开答复",)),
        ("expropriation", 30, 0.05, ("不服国有土地上房屋征收决定",)),
        ("inaction", 15, 0.0, ("要求履行征收补偿安置法定职责",)),
        ("indemnity", 10, 0.05, ("不服房屋征收补偿决定",)),
    )),
    "330106-STHJ": (3, (("penalty", 1, 0.9, ("不服环境违法行政处罚决定", "不服按日连续处罚决定")),)),
    "330106-WJJ": (2.5, (("penalty", 7, 0.7, ("不服医疗机构执业行政处罚决定",)), INFO)),
    "330106-JYJ": (2, (("other", 6, 0.0, ("不服义务教育入学安排",)), INFO)),
    "330106-MZJ": (2, (("registration", 5, 0.0, ("请求撤销婚姻登记",)), ("payment", 5, 0.0, ("不服最低生活保障待遇决定",)))),
    "330106-YBJ": (1.5, (("payment", 6, 0.0, ("不服医疗保险待遇核定",)),
                         ("penalty", 4, 0.9, ("不服医保基金违规使用行政处罚决定",)))),
    "330106-NYNC": (1, (("penalty", 1, 0.6, ("不服农药经营行政处罚决定",)),)),
    "330106-YJJ": (1, (("penalty", 1, 1.0, ("不服安全生产行政处罚决定",)),)),
    "330106-WGLT": (1, (("penalty", 1, 0.8, ("不服文化市场经营行政处罚决定",)),)),
    "330106-SWJ": (1, (("agreement", 5, 1.0, ("招商引资协议纠纷",)), INFO)),
    "330106-KJJ": (0.6, (("agreement", 5, 1.0, ("科技项目资助协议纠纷",)), INFO)),
    "330106-FGJ": (0.6, (INFO,)),
    "330106-ZFB": (1, (INFO,)),
}
STREET_ACTS: tuple[Act, ...] = (
    ("coercion", 35, 0.1, ("请求确认强制拆除行为违法", "请求确认强制清除地上物行为违法")),
    ("indemnity", 18, 0.05, ("要求履行征迁补偿职责", "不服房屋征迁补偿决定")),
    ("agreement", 14, 0.15, ("请求撤销房屋征迁补偿安置协议", "要求履行征迁安置协议")),
    ("info_disclosure", 18, 0.0, ("不服街道办事处政府信息公开答复",)),
    ("inaction", 8, 0.0, ("要求履行违法建设查处职责",)),
    ("compensation", 7, 0.05, ("请求行政赔偿（强制拆除）",)),
)
STREET_WEIGHTS = {
    "转塘街道": 8, "三墩镇": 6, "双浦镇": 6, "留下街道": 5, "蒋村街道": 4, "文新街道": 3, "古荡街道": 3,
    "翠苑街道": 2.5, "西溪街道": 2, "北山街道": 2, "灵隐街道": 2,
}
# The act category of a reconsideration's subject, by words of its title (first match).
ACT_WORDS = (
    ("不履行", "inaction"), ("未依法处理", "inaction"), ("信息公开", "info_disclosure"), ("拆除", "coercion"),
    ("强制", "coercion"), ("处罚", "penalty"), ("工伤", "registration"), ("登记", "registration"),
    ("许可", "licensing"), ("审批", "licensing"), ("征收", "expropriation"), ("补偿", "indemnity"),
    ("协议", "agreement"), ("待遇", "payment"),
)
# fmt: on
LINK_SHARE = 0.3  # suits after a reconsideration that upheld the act (复议维持, the 区政府 co-defendant)
UPHELD = (Decision.WEICHI.value, Decision.BOHUI_QINGQIU.value)

# --- courts (DOMAIN.md §5.1, XS-22, XS-22a) -------------------------------------------------------
COURTS = {
    "浙0106": "杭州市西湖区人民法院",
    "浙0102": "杭州市上城区人民法院",
    "浙0105": "杭州市拱墅区人民法院",
    "浙0110": "杭州市余杭区人民法院",
    "浙01": "浙江省杭州市中级人民法院",
}
# Designated cross-area courts for 区政府 cases (XS-22a; which courts is a demo choice).
CROSS_AREA = (("浙0102", 1.0), ("浙0105", 1.0), ("浙0110", 0.8))
# Where a court's own sequence starts and how many of its other suits fall between two of ours.
SEQUENCE = {"浙0106": ((0, 12), (1, 3)), "浙01": ((20, 120), (5, 20))}
OTHER_COURT_SEQUENCE = ((10, 80), (3, 12))

# --- outcomes ----------------------------------------------------------------------------------
CONCLUSION = {
    **{code: "judge" for code, _ in JUDGMENTS},
    Outcome.BOHUI_QISU.value: "rule",
    Outcome.OTHER.value: "rule",
    Outcome.TIAOJIE.value: "mediate",
    Outcome.CHESU.value: "withdraw",
    Outcome.CHESU_GAIBIAN.value: "withdraw",
}
LOSS_BY_ACT = {
    "inaction": ((Outcome.ZELING_LVXING, 7), (Outcome.QUEREN_WEIFA, 3)),
    "info_disclosure": ((Outcome.CHEXIAO, 6), (Outcome.ZELING_LVXING, 4)),
    "payment": ((Outcome.GEIFU, 8), (Outcome.CHEXIAO, 2)),
    "coercion": ((Outcome.QUEREN_WEIFA, 8), (Outcome.CHEXIAO, 2)),
    "agreement": ((Outcome.XIEYI_ZEREN, 7), (Outcome.QUEREN_WUXIAO, 1), (Outcome.CHEXIAO, 2)),
    "compensation": ((Outcome.PEICHANG, 1),),
    "indemnity": ((Outcome.CHEXIAO, 5), (Outcome.XIEYI_ZEREN, 3), (Outcome.ZELING_LVXING, 2)),
    "penalty": ((Outcome.CHEXIAO, 6), (Outcome.BIANGENG, 2), (Outcome.QUEREN_WEIFA, 2)),
}
LOSS_DEFAULT = ((Outcome.CHEXIAO, 7), (Outcome.QUEREN_WEIFA, 3))
ROOM_FOR_JUDGMENT = 75  # days a suit needs for answer, hearing and judgment
HOT_SHARES = (0.35, 0.2)  # of the year's losses, for the one or two agencies the warning names
SUSPEND_REASONS = (
    "本案须以相关民事诉讼的裁判为依据，该民事案件尚未审结（行政诉讼法第六十一条第二款）",
    "本案须以另一行政案件的审理结果为依据，该案尚未审结",
    "原告申请对涉案房屋价值进行评估，等待评估结论",
)
WITHDRAW_NOTES = {
    Outcome.CHESU.value: ("原告自愿申请撤诉，人民法院裁定准许", "经行政争议调解中心协调化解，原告申请撤诉"),
    Outcome.CHESU_GAIBIAN.value: ("被告自行撤销原行政行为后原告申请撤诉", "被告重新作出答复后原告申请撤诉"),
}
APPEAL_RESULTS = (("upheld", 80), ("withdrawn", 9), ("reversed", 6), ("other", 2))

# Who appears (XS-16): a 负责人 by position; titles by the kind of agency.
HEAD_POSITIONS = (
    (Position.DEPUTY.value, 55),
    (Position.DEPUTY_LEVEL_IN_CHARGE.value, 20),
    (Position.PRINCIPAL.value, 15),
    (Position.OTHER_LEADER_IN_CHARGE.value, 10),
)
TITLES = {
    "government": ("区长", "副区长", "区政府党组成员", "区长助理（分管）"),
    OrgKind.TOWN: ("镇长", "副镇长", "党委委员（分管城建）", "人大主席（分管征迁）"),
    OrgKind.SUBDISTRICT: (
        "街道办事处主任",
        "街道办事处副主任",
        "党工委委员（分管城建）",
        "人大工委主任（分管征迁）",
    ),
    OrgKind.DEPARTMENT: ("局长", "副局长", "党组成员（副局级，分管执法）", "总工程师（分管业务）"),
}
_TITLE_INDEX = {
    Position.PRINCIPAL.value: 0,
    Position.DEPUTY.value: 1,
    Position.DEPUTY_LEVEL_IN_CHARGE.value: 2,
    Position.OTHER_LEADER_IN_CHARGE.value: 3,
}
# Cases in which the court must notify the 负责人 (XS-17: environment, food and drug, public health).
MUST_NOTIFY = {"330106-STHJ", "330106-WJJ", "330106-SCJG"}

Step = tuple[str, date, dict[str, Any]]


@dataclass
class Link:
    """A concluded reconsideration (复议维持) a suit may follow: read from the Case table."""

    case_id: int
    number: str
    title: str
    closed_on: date
    agency: OrgUnit
    applicant: Person | LegalEntity
    enterprise: bool


@dataclass
class Suit:
    """One suit as planned: its registration facts (or its case, when carried over from an earlier
    year), its outcome (None: still pending at the cap), and the steps to take, in date order."""

    agency: OrgUnit
    act: str
    filed: date
    received: date
    actor: User
    title: str = ""
    case: Case | None = None
    copy: date | None = None  # the complaint copy's arrival (None: it comes after the 应诉通知书)
    court: str = ""
    type_code: str = "行初"
    number: str = ""
    discretionary: bool = False
    link: Link | None = None
    plaintiffs: list[PartyInput] = field(default_factory=list)
    third_parties: list[PartyInput] = field(default_factory=list)
    enterprise: bool = False
    state: str = "answering"
    last: date | None = None  # the day of its latest step so far
    heard: bool = False  # a hearing was held before this plan
    next_hearing: date | None = None
    outcome: str | None = None
    steps: list[Step] = field(default_factory=list)
    no_head: bool = False  # its (single) hearing is one without a 负责人

    @property
    def mediable(self) -> bool:
        """XS-13: only 行政赔偿, 补偿 and discretionary-power cases may be mediated."""
        return self.act in MEDIABLE_CATEGORIES or self.discretionary


# --- dates -------------------------------------------------------------------------------------


def _day(ctx: DemoContext, start: date, low: int, high: int, until: date) -> date:
    """A working day `low`–`high` days after `start`; past `until` it is the last working day up to
    `until` (never before `start`)."""
    cal = default_calendar()
    d = cal.next_workday(start + timedelta(days=ctx.rng.randint(low, high)))
    if d > until:
        d = cal.previous_workday(until)
    return max(d, start)


def _day_within(ctx: DemoContext, start: date, low: int, high: int, until: date) -> date | None:
    """As `_day`, but None when the day would fall after `until` (the step does not happen yet)."""
    d = default_calendar().next_workday(start + timedelta(days=ctx.rng.randint(low, high)))
    return d if d <= until else None


def _workdays_between(ctx: DemoContext, first: date, last: date, n: int) -> list[date]:
    cal = default_calendar()
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    workdays = [d for d in days if cal.is_workday(d)]
    return sorted(ctx.rng.choices(workdays, k=n)) if workdays and n else []


# --- staff, agencies, parties ------------------------------------------------------------------


def ensure_staff(ctx: DemoContext) -> list[tuple[User, float]]:
    """The 行政应诉科 staff with their share of the suits; the colleagues of the demo login are made
    once (演示, unusable password), granted on the district like the demo login."""
    district = ctx.unit("330106")
    staff = []
    for username, share in STAFF:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create(
                username=username, display_name=f"应诉科 {ctx.faker.name()}（演示）", is_demo=True
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
        RoleGrant.objects.get_or_create(user=user, role=Role.LITIGATION_OFFICER, org_unit=district)
        staff.append((user, share))
    return staff


def agency_weights(ctx: DemoContext) -> list[tuple[OrgUnit, float]]:
    units = [(ctx.unit(code), weight) for code, (weight, _) in DEPARTMENT_ACTS.items()]
    units += [(t, STREET_WEIGHTS.get(t.name, 1.5)) for t in ctx.townships()]
    return units


def acts_of(agency: OrgUnit) -> tuple[Act, ...]:
    if agency.code in DEPARTMENT_ACTS:
        return DEPARTMENT_ACTS[agency.code][1]
    if agency.kind in (OrgKind.SUBDISTRICT, OrgKind.TOWN):
        return STREET_ACTS
    return (INFO, ("other", 1.0, 0.1, ("其他行政行为纠纷",)))


def _title(agency: OrgUnit, title: str) -> str:
    return title.replace("街道办事处", "镇人民政府") if agency.kind == OrgKind.TOWN else title


def make_suit(
    ctx: DemoContext,
    staff: list[tuple[User, float]],
    filed: date,
    agency: OrgUnit,
    until: date,
    link: Link | None = None,
) -> Suit:
    """A new suit's registration facts: the act sued on, the plaintiff(s) and third parties."""
    act, _, enterprise_share, titles = ctx.weighted([(a, a[1]) for a in acts_of(agency)])
    if link is not None:  # the act the reconsideration was about, read from its title
        act = next((category for word, category in ACT_WORDS if word in link.title), act)
    received = _day(ctx, filed, 1, 5, until)  # the court serves within 5 days of 立案 (XS-07)
    suit = Suit(
        agency=agency,
        act=act,
        filed=filed,
        received=received,
        actor=ctx.weighted(staff),
        title=_title(agency, ctx.choice(titles)),
        link=link,
    )
    suit.copy = received if ctx.rng.random() < 0.94 else None
    suit.state = "answering" if suit.copy else "registered"
    suit.last = received
    suit.discretionary = act == "penalty" and ctx.rng.random() < 0.3
    if link is not None:
        suit.title = link.title[:190] + "及行政复议决定"
        suit.enterprise = link.enterprise
        key = "person" if isinstance(link.applicant, Person) else "legal_entity"
        suit.plaintiffs = [PartyInput(role="plaintiff", **{key: link.applicant})]
    else:
        suit.enterprise = ctx.rng.random() < enterprise_share
        first = {"legal_entity": ctx.company()} if suit.enterprise else {"person": ctx.person()}
        suit.plaintiffs = [PartyInput(role="plaintiff", **first)]
        if (
            not suit.enterprise
            and act in ("coercion", "indemnity", "agreement", "compensation")
            and ctx.rng.random() < 0.25
        ):
            suit.plaintiffs.append(PartyInput(role="plaintiff", person=ctx.person()))  # 共有人 / 家庭成员
    if act == "registration" and ctx.rng.random() < (1.0 if agency.code == "330106-RSJ" else 0.4):
        # 工伤认定: the employer or the worker; 不动产/婚姻登记: the registered holder.
        other = (
            {"person": ctx.person()}
            if suit.enterprise or agency.code != "330106-RSJ"
            else {"legal_entity": ctx.company()}
        )
        suit.third_parties = [PartyInput(role="third_party", **other)]
    elif act == "inaction" and agency.code == "330106-SCJG" and ctx.rng.random() < 0.7:
        # the business complained of (知假买假 complaints and the like)
        suit.third_parties = [PartyInput(role="third_party", legal_entity=ctx.company())]
    return suit


def choose_court(ctx: DemoContext, suit: Suit) -> None:
    """XS-22: suits against the 区政府 go to the 中院; XS-22a: 区政府 cases (as defendant in 信息公开 or
    不履行 cases, or co-defendant after 复议维持) may go to a designated cross-area basic court."""
    if suit.agency.code == QZF:
        cross = suit.act in ("info_disclosure", "inaction") and ctx.rng.random() < 0.5
        suit.court = ctx.weighted(CROSS_AREA) if cross else "浙01"
    elif suit.link is not None and ctx.rng.random() < 0.45:
        suit.court = ctx.weighted(CROSS_AREA)
    else:
        suit.court = "浙0106"
    suit.type_code = "行赔初" if suit.act == "compensation" else "行初"


def number_suits(ctx: DemoContext, suits: list[Suit]) -> None:
    """Court case numbers in filing order: each court's own sequence per type and year, continuing
    after the numbers already registered, with the court's other suits in between."""
    counters: dict[tuple[str, str, int], int] = {}
    for s in sorted(suits, key=lambda s: s.filed):
        choose_court(ctx, s)
        key = (s.court, s.type_code, s.filed.year)
        start, step = SEQUENCE.get(s.court, OTHER_COURT_SEQUENCE)
        if s.type_code == "行赔初":
            start, step = (0, 3), (1, 2)
        if key not in counters:
            last = LitigationCase.objects.filter(
                court_code=s.court, type_code=s.type_code, case_year=s.filed.year
            )
            found = last.aggregate(m=Max("case_seq"))["m"]
            counters[key] = found if found is not None else ctx.rng.randint(*start)
        counters[key] += ctx.rng.randint(*step)
        s.number = f"（{s.filed.year}）{s.court}{s.type_code}{counters[key]}号"


def reconsideration_links(first: date, last: date) -> list[Link]:
    """Demo reconsideration cases that upheld the act, decided between `first` and `last`, not yet
    followed by a suit, whose respondent may be sued here."""
    followed = CaseLink.objects.filter(from_case__kind=KIND, to_case__kind="reconsideration").values(
        "to_case_id"
    )
    cases = {
        c["id"]: c
        for c in Case.objects.filter(
            kind="reconsideration", is_demo=True, outcome__in=UPHELD, closed_on__range=(first, last)
        )
        .exclude(pk__in=followed)
        .values("id", "number", "title", "closed_on", "enterprise_related")
    }
    applicant: dict[int, Person | LegalEntity] = {}
    respondent: dict[int, OrgUnit] = {}
    for p in (
        Party.objects.filter(case_id__in=cases, role__in=("applicant", "respondent"))
        .select_related("person", "legal_entity", "org_unit")
        .order_by("case_id", "order", "id")
    ):
        if p.role == "applicant" and (p.person or p.legal_entity) and p.case_id not in applicant:
            applicant[p.case_id] = p.person or p.legal_entity
        elif (
            p.role == "respondent"
            and p.org_unit
            and p.org_unit.kind in AGENCY_KINDS
            and p.org_unit.code != QZF
        ):
            respondent.setdefault(p.case_id, p.org_unit)
    return [
        Link(
            pk,
            c["number"],
            c["title"],
            c["closed_on"],
            respondent[pk],
            applicant[pk],
            c["enterprise_related"],
        )
        for pk, c in sorted(cases.items(), key=lambda kv: (kv[1]["closed_on"], kv[0]))
        if pk in applicant and pk in respondent
    ]


def new_suits(
    ctx: DemoContext,
    staff: list[tuple[User, float]],
    n: int,
    first: date,
    last: date,
    spread: Callable[[int], list[date]],
) -> list[Suit]:
    """`n` suits filed between `first` and `last`; about LINK_SHARE of them follow a demo
    reconsideration decided shortly before (XS-04: suit within 15 days of receiving the decision)."""
    links = reconsideration_links(first - timedelta(days=20), last - timedelta(days=5))
    linked = ctx.shuffled(links)[: round(n * LINK_SHARE)]
    cal = default_calendar()
    suits = []
    for link in linked:
        filed = max(_day(ctx, link.closed_on, 6, 18, last), cal.next_workday(first))
        suits.append(make_suit(ctx, staff, filed, link.agency, last, link=link))
    agencies = agency_weights(ctx)
    for filed in spread(n - len(linked)):
        suits.append(make_suit(ctx, staff, filed, ctx.weighted(agencies), last))
    suits.sort(key=lambda s: s.filed)
    number_suits(ctx, suits)
    return suits


def carried_over(ctx: DemoContext, before: date) -> list[Suit]:
    """The demo suits filed before `before` whose first instance is still open, oldest first."""
    cases = list(
        Case.objects.filter(
            kind=KIND,
            is_demo=True,
            closed_on__isnull=True,
            litigation__instance="first",
            litigation__filed_on__lt=before,
        )
        .select_related("litigation__defendant_agency", "handler")
        .order_by("litigation__filed_on", "id")
    )
    last = dict(
        CaseEvent.objects.filter(case__in=cases)
        .values("case_id")
        .annotate(m=Max("on"))
        .values_list("case_id", "m")
    )
    yingsu = ctx.user("yingsu")
    suits = []
    for case in cases:
        d: LitigationCase = case.litigation
        suits.append(
            Suit(
                agency=d.defendant_agency,
                act=d.act_category,
                filed=d.filed_on,
                received=case.received_on,
                actor=case.handler or yingsu,
                case=case,
                copy=d.copy_received_on,
                discretionary=d.discretionary,
                state=case.status,
                last=last.get(case.pk, case.received_on),
                heard=d.hearing_count > 0,
                next_hearing=d.next_hearing_on,
            )
        )
    return suits


# --- outcomes ----------------------------------------------------------------------------------


def choose_pending(ctx: DemoContext, suits: list[Suit], k: int, until: date) -> set[int]:
    """Which `k` of the suits are still pending at `until`: mostly the late filings (weighted
    sampling without replacement, by exponential keys)."""

    def key(s: Suit) -> float:
        weight = math.exp(-(until - s.filed).days / 60) + 0.01
        drawn = ctx.rng.random() ** (1 / weight)
        return 2.0 if (until - s.received).days < 21 else drawn  # received in the last weeks: open

    keyed = sorted(((key(s), i) for i, s in enumerate(suits)), reverse=True)
    return {i for _, i in keyed[: max(k, 0)]}


def _loss_outcome(ctx: DemoContext, act: str, losses: frozenset[str]) -> str:
    options = [(o.value, w) for o, w in LOSS_BY_ACT.get(act, LOSS_DEFAULT) if o.value in losses]
    if not options:  # the deployment counts other judgments as lost
        options = [(code, 1.0) for code, _ in JUDGMENTS if code in losses]
    return ctx.weighted(options)


def assign_outcomes(
    ctx: DemoContext,
    suits: list[Suit],
    *,
    lost: int,
    settled: int,
    until: date,
    filed_in_year: Counter[str] | None = None,
) -> None:
    """Outcomes for the suits concluded by `until`: exactly `lost` in the configured loss set,
    `settled` by 调解 or 撤诉, the rest 驳回 (judgment or ruling). Losses go first to one or two
    agencies with many suits (enough for a loss rate ≥ 10 %, so the warning names them); the others
    are spread so that no other agency with ≥ 3 concluded suits reaches 10 %."""
    losses = law_config().litigation_loss_outcomes
    if len(suits) < lost + settled:
        raise ValueError(
            f"行政应诉演示数据：结案 {len(suits)} 件，少于败诉 {lost} 件与调撤 {settled} 件之和。"
        )
    concluded = Counter(s.agency.code for s in suits)
    pool: dict[str, list[Suit]] = defaultdict(list)
    for s in ctx.shuffled(suits):
        if (until - (s.last or s.received)).days >= ROOM_FOR_JUDGMENT:
            pool[s.agency.code].append(s)
    taken: Counter[str] = Counter()
    lost_suits: list[Suit] = []

    def take(code: str) -> None:
        s = pool[code].pop()
        s.outcome = _loss_outcome(ctx, s.act, losses)
        lost_suits.append(s)
        taken[code] += 1

    filed = filed_in_year or concluded
    ranked = sorted(filed, key=lambda c: (-filed[c], c))
    hot = ranked[:1]
    busy = [(c, float(filed[c])) for c in ranked[1:] if filed[c] >= 10 and pool[c]]
    if busy and lost >= 6:
        hot.append(ctx.weighted(busy))
    for code, share in zip(hot, HOT_SHARES, strict=False):
        want = max(math.ceil(concluded[code] / 10), round(lost * share))
        for _ in range(min(want, len(pool[code]), lost - len(lost_suits))):
            take(code)
    while len(lost_suits) < lost:
        # below 10 % where an agency has many suits; else one loss where too few for a rate (< 3)
        quiet = [
            (c, float(concluded[c]))
            for c in sorted(pool)
            if pool[c] and c not in hot and (taken[c] + 1) * 10 < concluded[c]
        ]
        quiet = quiet or [
            (c, 1.0) for c in sorted(pool) if pool[c] and c not in hot and concluded[c] < 3 and not taken[c]
        ]
        code = ctx.weighted(quiet) if quiet else next((c for c in hot if pool[c]), None)
        if code is None:
            code = next((c for c in sorted(pool) if pool[c]), None)
        if code is None:
            raise ValueError(f"行政应诉演示数据：可判决的结案案件不足以安排败诉 {lost} 件。")
        take(code)
    chosen = {id(s) for s in lost_suits}
    rest = [s for s in suits if id(s) not in chosen]
    short = [s for s in rest if (until - (s.last or s.received)).days < ROOM_FOR_JUDGMENT]
    long = [s for s in rest if (until - (s.last or s.received)).days >= ROOM_FOR_JUDGMENT]
    order = ctx.shuffled(short) + ctx.shuffled(long)  # quick ends first for the suits with little time
    for s in order[:settled]:
        if s.mediable and s.state != "suspended" and ctx.rng.random() < 0.5:
            s.outcome = Outcome.TIAOJIE.value
        else:
            s.outcome = ctx.weighted([(Outcome.CHESU.value, 7), (Outcome.CHESU_GAIBIAN.value, 3)])
    for s in order[settled:]:
        if (until - (s.last or s.received)).days >= ROOM_FOR_JUDGMENT:
            s.outcome = ctx.weighted(
                [
                    (Outcome.BOHUI_SUSONG_QINGQIU.value, 75),
                    (Outcome.BOHUI_QISU.value, 22),
                    (Outcome.OTHER.value, 3),
                ]
            )
        else:
            s.outcome = ctx.weighted([(Outcome.BOHUI_QISU.value, 95), (Outcome.OTHER.value, 5)])
    wrong = {s.outcome for s in order[settled:]} & losses
    if wrong:
        raise ValueError(f"行政应诉演示数据：配置的败诉类型包含 {', '.join(sorted(wrong))}，无法按目标生成。")


# --- the path of one suit ----------------------------------------------------------------------


def plan_path(ctx: DemoContext, s: Suit, *, start: date, until: date, after: date) -> None:
    """The steps from the suit's state to its outcome, none before `start` (a suit carried over
    moves on in the new year) nor after `until` (appeals, which no figure counts, up to `after`);
    a pending suit goes as far as it would by `until`."""
    d = max(s.last or s.received, default_calendar().next_workday(start))
    state = s.state

    def push(name: str, on: date, **data: Any) -> None:
        nonlocal d
        s.steps.append((name, on, data))
        d = on

    def day(low: int, high: int) -> date:
        return _day(ctx, d, low, high, until)

    copy = s.copy or s.received
    if state == "registered":
        copy = day(1, 4)
        push("receive_copy", copy, copy_received_on=copy)
        state = "answering"
    way = CONCLUSION[s.outcome] if s.outcome else None
    if way is None:
        plan_pending(ctx, s, state, copy, push, day, lambda: d, until)
        return
    trial = way in ("judge", "mediate") or ctx.rng.random() < {"withdraw": 0.6, "rule": 0.55}[way]
    if state == "answering" and trial:
        push("answer", max(d, answer_day(ctx, copy, until)), **answer_data(ctx))
        state = "in_trial"
    if state == "suspended" and way in ("judge", "mediate"):
        push("resume", day(20, 80), note="中止的原因消除，恢复诉讼")
        state = "in_trial"
    if state == "in_trial":
        if way == "judge":
            hearings = (
                (0 if ctx.rng.random() < 0.6 else 1) if s.heard else (2 if ctx.rng.random() < 0.15 else 1)
            )
        else:
            hearings = 1 if ctx.rng.random() < {"mediate": 0.5, "withdraw": 0.35, "rule": 0.2}[way] else 0
        if s.next_hearing and d <= s.next_hearing <= until:
            push("hearing", s.next_hearing)  # the hearing the court had already set
            hearings -= 1
        for _ in range(max(hearings, 0)):
            push("hearing", day(10, 40) if s.case is not None else day(15, 60))
    low, high = {"judge": (7, 40), "rule": (5, 30), "mediate": (7, 30), "withdraw": (5, 45)}[way]
    on = day(low, high)
    if way in ("judge", "rule"):
        served = _day(ctx, on, 1, 6, max(after, on))
        push(way, on, outcome=s.outcome, served_on=served, note="")
        plan_appeal(ctx, s, way, served, push, after)
    elif way == "mediate":
        push("mediate", on, note="经法院主持调解，双方就补偿数额达成一致，人民法院出具行政调解书")
    else:
        push("withdraw", on, withdraw_kind=s.outcome, note=ctx.choice(WITHDRAW_NOTES[s.outcome]))


def answer_day(ctx: DemoContext, copy: date, until: date) -> date:
    """XS-08: the answer within 15 days of the complaint copy — a few agencies are late."""
    late = ctx.rng.random() < 0.03
    return _day(ctx, copy, *((16, 21) if late else (6, 15)), until)


def answer_data(ctx: DemoContext) -> dict[str, Any]:
    return {
        "evidence_count": ctx.rng.randint(3, 25),
        "basis_count": ctx.rng.randint(1, 6),
        "note": "提交答辩状、证据及作出行政行为所依据的规范性文件",
    }


def plan_pending(
    ctx: DemoContext,
    s: Suit,
    state: str,
    copy: date,
    push: Callable[..., None],
    day: Callable[[int, int], date],
    now: Callable[[], date],
    until: date,
) -> None:
    """A suit still open at `until`: answered once its period has run, perhaps heard, a hearing
    set for after `until`, or 中止 if it has been pending for long."""
    if state == "answering":
        if copy + timedelta(days=15) <= until or (
            copy + timedelta(days=7) <= until and ctx.rng.random() < 0.5
        ):
            push("answer", max(now(), answer_day(ctx, copy, until)), **answer_data(ctx))
            state = "in_trial"
    if state != "in_trial":
        return
    if (until - s.filed).days > 150 or ctx.rng.random() < 0.05:
        if not s.heard and ctx.rng.random() < 0.4:
            push("hearing", day(15, 45))
        push("suspend", day(10, 40), reason=ctx.choice(SUSPEND_REASONS))
        return
    if not s.heard and (until - now()).days > 45:  # the court hears a suit within weeks of the answer
        push("hearing", day(15, 40))
    if ctx.rng.random() < 0.8:
        on = day(1, 10)
        hearing = _day(ctx, max(on, until), 7, 45, date.max)
        push("schedule_hearing", on, hearing_date=hearing, appearance_required=needs_notice(ctx, s))


def plan_appeal(
    ctx: DemoContext, s: Suit, way: str, served: date, push: Callable[..., None], after: date
) -> None:
    """XS-11: appeals within 15 days of a judgment's service, 10 of a ruling's; the 二审 about three
    months later (XS-12) — both only if they fall before `after`."""
    lost = s.outcome in law_config().litigation_loss_outcomes
    if way == "judge":
        chance = 0.35 if lost else (0.45 if s.outcome == Outcome.BOHUI_SUSONG_QINGQIU.value else 0.15)
        appellant = ctx.weighted([("defendant", 6), ("plaintiff", 3), ("both", 1)]) if lost else "plaintiff"
    elif s.outcome == Outcome.BOHUI_QISU.value:
        chance, appellant = 0.3, "plaintiff"
    else:
        return
    if ctx.rng.random() >= chance:
        return
    limit = 15 if way == "judge" else 10
    on = _day_within(ctx, served, 3, limit - 3, after)
    if on is None or (on - served).days > limit:
        return
    push("appeal", on, appellant=appellant, note="")
    end = _day_within(ctx, on, 50, 100, after)
    if end is not None:
        push("appeal_conclude", end, appeal_result=ctx.weighted(APPEAL_RESULTS), second_number="", note="")


def choose_absences(ctx: DemoContext, suits: list[Suit], year: int, rate: float) -> None:
    """So that the share of the cases heard in `year` with a 负责人 appearing is about `rate`: that
    many cases with a single hearing (in the year) are heard without one."""
    heard = [s for s in suits if any(n == "hearing" and on.year == year for n, on, _ in s.steps)]
    k = round(len(heard) * (1 - rate))
    single = [s for s in heard if not s.heard and sum(n == "hearing" for n, _, _ in s.steps) == 1]
    for s in ctx.shuffled(single)[:k]:
        s.no_head = True


# --- doing it through the services -------------------------------------------------------------


@cache
def _name_source() -> Faker:
    return Faker("zh_CN")


def leader(ctx: DemoContext, agency: OrgUnit, position: str) -> tuple[str, str]:
    """The agency's 负责人 in this position (the same person every time, for the same seed)."""
    faker = _name_source()
    faker.seed_instance(zlib.crc32(f"{ctx.seed}/{agency.code}/{position}".encode()))
    kind = "government" if agency.code == QZF else agency.kind
    titles = TITLES.get(kind, TITLES[OrgKind.DEPARTMENT])
    return faker.name(), titles[_TITLE_INDEX[position]]


def needs_notice(ctx: DemoContext, s: Suit) -> bool:
    return s.agency.code in MUST_NOTIFY or ctx.rng.random() < 0.55


def hearing_data(ctx: DemoContext, s: Suit, held_on: date) -> dict[str, Any]:
    """Who appeared for the agency at a hearing: a 负责人 (XS-16) — or, for the few cases planned
    without one, the agency's staff, mostly with an excuse and proof (XS-20)."""
    required = needs_notice(ctx, s)
    data: dict[str, Any] = {"held_on": held_on, "appearance_required": required}
    if required:
        cal = default_calendar()
        if ctx.rng.random() < 0.02:  # the court served the notice late (XS-18)
            notice = cal.previous_workday(held_on - timedelta(days=ctx.rng.randint(1, 2)))
        else:
            notice = min(
                cal.previous_workday(held_on - timedelta(days=ctx.rng.randint(4, 14))), notice_due(held_on)
            )
        data["notice_served_on"] = notice
    if s.no_head:
        faker = _name_source()
        faker.seed_instance(zlib.crc32(f"{ctx.seed}/{s.agency.code}/staff".encode()))
        data.update(
            appeared_position=Position.STAFF.value, appeared_name=faker.name(), appeared_title="法制科科长"
        )
        if ctx.rng.random() < 0.75:
            data.update(
                absence_reason=AbsenceReason.IRREPLACEABLE_DUTY.value,
                absence_proof=True,
                absence_note="负责人同日参加全区重要会议，已提交加盖印章的情况说明",
            )
        return data
    position = ctx.weighted(HEAD_POSITIONS)
    name, title = leader(ctx, s.agency, position)
    data.update(appeared_position=position, appeared_name=name, appeared_title=title)
    return data


def second_number(appealed_on: date) -> str:
    """The 中院's 二审 number: its sequence of our appeals received in that year (with its other
    appeals in between)."""
    n = CaseEvent.objects.filter(case__kind=KIND, transition="appeal", on__year=appealed_on.year).count()
    return f"（{appealed_on.year}）浙01行终{20 + 7 * n}号"


def register(s: Suit) -> Case:
    return litigation_register(
        actor=s.actor,
        court_case_number=s.number,
        court_name=COURTS[s.court],
        defendant_agency=s.agency,
        plaintiffs=s.plaintiffs,
        title=s.title,
        act_category=s.act,
        filed_on=s.filed,
        received_on=s.received,
        copy_received_on=s.copy,
        discretionary=s.discretionary,
        government_co_defendant=s.link is not None,
        reconsideration_number=s.link.number if s.link else "",
        third_parties=s.third_parties,
        enterprise_related=s.enterprise,
        handler=s.actor,
        is_demo=True,
    )


def run(ctx: DemoContext, suits: list[Suit], label: str) -> None:
    appealed_on: date | None = None
    for i, s in enumerate(suits):
        case = s.case or register(s)
        for name, on, data in s.steps:
            if name == "hearing":
                data = hearing_data(ctx, s, on)
            elif name == "appeal":
                appealed_on = on
            elif name == "appeal_conclude" and appealed_on is not None:
                data = {**data, "second_number": second_number(appealed_on)}
            case = case_transition(actor=s.actor, case=case, name=name, data=data, on=on)
        s.case = case
        ctx.tick(label, i + 1, len(suits))


# --- entry points --------------------------------------------------------------------------------


def conclude_and_continue(
    ctx: DemoContext,
    suits: list[Suit],
    *,
    concluded: int,
    lost: int,
    settled: int,
    start: date,
    until: date,
    after: date,
    rate: float,
    year: int | None,
    filed_in_year: Counter[str] | None = None,
) -> None:
    """Choose which suits end by `until` (the carried-over ones first), give them outcomes, plan
    every suit's path and the hearings without a 负责人."""
    first_day = default_calendar().next_workday(start)
    for s in suits:  # a suit carried over moves on in the new period
        s.last = max(s.last or s.received, first_day)
    old = [s for s in suits if s.case is not None]
    new = [s for s in suits if s.case is None]
    old_ending = old[:concluded]
    pending = choose_pending(ctx, new, len(new) - max(concluded - len(old_ending), 0), until)
    ending = old_ending + [s for i, s in enumerate(new) if i not in pending]
    assign_outcomes(ctx, ending, lost=lost, settled=settled, until=until, filed_in_year=filed_in_year)
    for s in suits:
        plan_path(ctx, s, start=start, until=until, after=after)
    if year is not None:
        choose_absences(ctx, suits, year, rate)


def generate(ctx: DemoContext, year: int, target: dict) -> None:
    """A year: `received` suits filed in it, `concluded` first instances ended in it (the suits
    carried over from the year before first), `lost` and `settled` of them, and the hearings held
    in it with a 负责人 at the `head_appearance` rate."""
    staff = ensure_staff(ctx)
    until = date(year, 12, 31)
    carried = carried_over(ctx, date(year, 1, 1))
    new = new_suits(
        ctx, staff, target["received"], date(year, 1, 1), until, lambda n: ctx.dates_in_year(year, n)
    )
    conclude_and_continue(
        ctx,
        carried + new,
        concluded=target["concluded"],
        lost=target["lost"],
        settled=target["settled"],
        start=date(year, 1, 1),
        until=until,
        after=until + timedelta(days=200),  # appeals decided within the 二审 period (XS-12)
        rate=target.get("head_appearance", 1.0),
        year=year,
        filed_in_year=Counter(s.agency.code for s in new),
    )
    run(ctx, carried + new, f"行政应诉 {year}")


def generate_current(ctx: DemoContext, today: date, count: int) -> None:
    """Up to `today`: the suits left pending at the end of the generated years end in the year after
    their filing (no reported figure counts that year); then `count` suits of the last weeks, open —
    awaiting the complaint copy, in the answer period (some near its end), or answered with a
    hearing set — so the worklist and the deadline warnings have live work."""
    staff = ensure_staff(ctx)
    carried = carried_over(ctx, today - timedelta(days=60))
    for year in sorted({s.filed.year for s in carried}):
        start, until = date(year + 1, 1, 1), min(date(year + 1, 12, 31), today)
        ready = [
            s
            for s in carried
            if s.filed.year == year and (until - max(s.last or s.received, start)).days >= 45
        ]
        n = len(ready)
        conclude_and_continue(
            ctx,
            ready,
            concluded=n,
            lost=round(n * 0.07),
            settled=round(n * 0.33),
            start=start,
            until=until,
            after=today,
            rate=1.0,
            year=None,
        )
        run(ctx, ready, f"行政应诉 {year} 年未结案件")
    first = today - timedelta(days=30)
    suits = new_suits(
        ctx,
        staff,
        count,
        first,
        today - timedelta(days=1),
        lambda n: _workdays_between(ctx, first, today - timedelta(days=2), n),
    )
    for s in suits:
        plan_current(ctx, s, today)
    run(ctx, suits, "行政应诉 在办")


def plan_current(ctx: DemoContext, s: Suit, today: date) -> None:
    """A live suit: the complaint copy in (unless the notice came days ago), answered if the copy
    came two weeks ago or more, then perhaps a hearing set."""
    copy = s.copy
    if copy is None:
        if (today - s.received).days < 5:
            return
        copy = _day(ctx, s.received, 1, 4, today)
        s.steps.append(("receive_copy", copy, {"copy_received_on": copy}))
    if (today - copy).days < 14:
        return
    on = _day(ctx, copy, 7, 14, today)
    s.steps.append(("answer", on, answer_data(ctx)))
    if (today - on).days >= 2 and ctx.rng.random() < 0.7:
        set_on = _day(ctx, on, 1, 6, today)
        s.steps.append(
            (
                "schedule_hearing",
                set_on,
                {
                    "hearing_date": _day(ctx, today, 5, 35, date.max),
                    "appearance_required": needs_notice(ctx, s),
                },
            )
        )
