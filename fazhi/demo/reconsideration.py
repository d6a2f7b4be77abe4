"""行政复议 demo: the 行政复议局's staff and a year of applications — received, reviewed (补正,
容缺接收, 不予受理 or 受理 in the ordinary or simplified procedure), sent to the respondent agency,
answered, heard, suspended or extended where the case calls for it, and concluded by decision,
调解书 or 和解撤回 — plus the year's 行政复议意见书 with their 60-day replies, all through the
services (`fazhi.cases.services`, the line's `reconsideration` services behind them).

Which date decides a figure (`fazhi.indicators.definitions`): 收案 counts `received_on`; 审结, 纠错
and 调撤 count `closed_on` (a decision, not 不予受理); 意见书 count the letter's `received_on` (the
day it was issued). Hence:

- a case meant to count as concluded in `year` closes on or before 31 December;
- the cases still pending at the year's end are concluded early the next year, by this year's
  generator (so no year leaves open cases behind); the next year's generator finds them among the
  cases already concluded in its year (the carry-over) and makes only the rest of its quota, so its
  figures stay exact whether or not the year before was generated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q

from fazhi.cases.models import Case, CaseLink, LinkKind
from fazhi.cases.services import PartyInput, case_create, case_transition
from fazhi.cases.services import today as current_day
from fazhi.core.calendar import current_calendar
from fazhi.core.lawconfig import law_config
from fazhi.core.models import RoleGrant, User
from fazhi.core.roles import Role
from fazhi.demo.context import DemoContext
from fazhi.law import deadlines as law_deadlines
from fazhi.law.reconsideration import CORRECTIVE, SETTLED, Decision

OFFICE = "330106-FYJ"  # 西湖区人民政府行政复议局
CORRECTIVE_CODES = sorted(str(d) for d in CORRECTIVE)
SETTLED_CODES = sorted(str(d) for d in SETTLED)


# --- what is contested, and by whom ---------------------------------------------------------------


@dataclass(frozen=True)
class ActKind:
    """A kind of act of one district agency that people apply against: its category, the 文号
    prefix of its document ("" for a failure to act), what it is called and the typical matters."""

    category: str
    doc: str
    label: str
    matters: tuple[str, ...]
    amount: tuple[int, int] | None = None  # 罚款 range in yuan
    warning_share: float = 0.0  # share of 警告 (FY-14 item 2)
    spot_share: float = 0.0  # share made on the spot (FY-14 item 1)
    who: str = "both"  # person | enterprise | both: who applies against it


# (agency code, weight, its act kinds): shares of an urban district's 复议 caseload.
# fmt: off
AGENCIES: tuple[tuple[str, float, tuple[ActKind, ...]], ...] = (
    ("SCJG", 18, (
        ActKind("penalty", "西市监处罚", "行政处罚决定",
                ("销售不符合食品安全标准的食品", "虚假宣传", "未按规定明码标价", "销售过期食品", "无照经营"),
                (2000, 200_000)),
        ActKind("nonperformance", "", "对投诉举报未依法处理（不履行法定职责）",
                ("举报食品标签不合格", "举报虚假宣传", "消费投诉未处理"), who="person"),
        ActKind("info_disclosure", "西市监信复", "政府信息公开申请答复", ("举报处理情况", "食品抽检结果"),
                who="person"),
    )),
    ("GAFJ", 15, (
        ActKind("penalty", "杭公西行罚决字", "行政处罚决定", ("殴打他人", "故意损毁财物", "扰乱单位秩序", "阻碍执行职务"),
                (200, 1000), warning_share=0.25, spot_share=0.1, who="person"),
        ActKind("nonperformance", "", "对报警求助未依法处理（不履行保护人身权、财产权法定职责）",
                ("邻里纠纷报警", "财物被盗报警"), who="person"),
    )),
    ("CGJ", 12, (
        ActKind("penalty", "西综执罚决", "行政处罚决定",
                ("擅自占用城市道路经营", "餐饮油烟超标排放", "乱倒建筑垃圾", "擅自设置户外广告"), (500, 50_000),
                spot_share=0.1),
        ActKind("coercion", "西综执拆", "限期拆除决定及强制拆除行为", ("屋顶违法搭建", "院落违法建筑"),
                who="person"),
    )),
    ("RSJ", 9, (
        ActKind("work_injury", "西人社工认", "认定工伤决定", ("上下班途中交通事故", "工作时间突发疾病", "工作场所受伤")),
        ActKind("nonperformance", "", "对拖欠劳动报酬投诉未依法处理（不履行法定职责）", ("拖欠工资投诉",),
                who="person"),
    )),
    ("ZJJ", 7, (
        ActKind("info_disclosure", "西住建信复", "政府信息公开申请答复", ("老旧小区改造资金", "房屋安全鉴定报告"),
                who="person"),
        ActKind("nonperformance", "", "对物业服务投诉未依法处理（不履行法定职责）", ("物业违规收费",), who="person"),
        ActKind("penalty", "西住建罚", "行政处罚决定", ("未取得施工许可擅自施工",), (10_000, 200_000),
                who="enterprise"),
    )),
    ("ZRZY", 6, (
        ActKind("info_disclosure", "西规资信复", "政府信息公开申请答复", ("征地批复文件", "建设项目规划许可"),
                who="person"),
        ActKind("licensing", "西规资许", "建设工程规划许可", ("相邻建筑规划许可",)),
        ActKind("expropriation", "西规资征", "集体土地征收补偿安置决定", ("征地补偿安置",), who="person"),
    )),
    ("ZFB", 4, (
        ActKind("info_disclosure", "西政办信复", "政府信息公开申请答复", ("征收补偿方案", "区政府常务会议纪要"),
                who="person"),
    )),
    ("STHJ", 4, (
        ActKind("penalty", "杭西环罚", "行政处罚决定", ("超标排放污染物", "未批先建", "危险废物贮存不规范"),
                (20_000, 500_000), who="enterprise"),
    )),
    ("WJJ", 4, (
        ActKind("penalty", "西卫医罚", "行政处罚决定", ("非法行医", "医疗美容机构超范围执业"), (5000, 100_000)),
        ActKind("nonperformance", "", "对医疗投诉未依法处理（不履行法定职责）", ("医疗服务投诉",), who="person"),
    )),
    ("MZJ", 3, (
        ActKind("confirmation", "西民低保", "最低生活保障审批决定", ("不予批准最低生活保障", "停发最低生活保障金"),
                who="person"),
    )),
    ("YBJ", 2, (
        ActKind("penalty", "西医保罚", "行政处罚决定", ("违规结算医保基金",), (5000, 80_000), who="enterprise"),
    )),
    ("YJJ", 2, (
        ActKind("penalty", "西应急罚", "行政处罚决定", ("未按规定开展安全生产教育培训",), (10_000, 50_000),
                who="enterprise"),
    )),
    ("WGLT", 2, (
        ActKind("penalty", "西文旅罚", "行政处罚决定", ("网吧接纳未成年人", "未经许可经营营业性演出"),
                (2000, 30_000), warning_share=0.3, who="enterprise"),
    )),
    ("JYJ", 2, (
        ActKind("nonperformance", "", "对校外培训机构投诉未依法处理（不履行法定职责）", ("预付学费退费",),
                who="person"),
        ActKind("info_disclosure", "西教信复", "政府信息公开申请答复", ("学区划分方案",), who="person"),
    )),
    ("NYNC", 2, (ActKind("licensing", "西农宅", "农村宅基地审批", ("宅基地建房审批",), who="person"),)),
    ("SWJ", 1, (
        ActKind("nonperformance", "", "对单用途预付卡投诉未依法处理（不履行法定职责）", ("美容预付卡退费",),
                who="person"),
    )),
    ("FGJ", 1, (ActKind("info_disclosure", "西发改信复", "政府信息公开申请答复", ("项目立项批复",)),)),
)
# fmt: on


def _choices(enterprise: bool) -> list[tuple[tuple[str, ActKind], float]]:
    want = "enterprise" if enterprise else "person"
    out = []
    for code, weight, kinds in AGENCIES:
        fitting = [k for k in kinds if k.who in (want, "both")]
        out += [((code, k), weight / len(fitting)) for k in fitting]
    return out


PERSON_ACTS = _choices(False)
ENTERPRISE_ACTS = _choices(True)
CHANNELS = (("online", 40), ("walk_in", 35), ("mail", 18), ("referral", 7))
MISSING_ITEMS = (
    "营业执照副本复印件",
    "法定代表人身份证明书",
    "授权委托书原件",
    "被申请复议的行政行为的送达回证",
)
NOT_ACCEPTED = (("scope", 35), ("period", 25), ("interest", 15), ("duplicate", 15), ("claim", 10))
NOT_ACCEPTED_REASONS = {
    "scope": "申请人不服的是信访事项处理意见，不属于行政复议范围，可依照《信访工作条例》请求复查。",
    "period": "申请人自知道该行政行为之日起超过六十日提出申请，且无正当理由，超过法定申请期限。",
    "interest": "申请人与被申请复议的行政行为没有利害关系。",
    "duplicate": "申请人已就同一行政行为向人民法院提起行政诉讼，人民法院已经依法受理。",
    "claim": "经通知补正后，申请人仍未提出具体的行政复议请求和事实理由。",
}
# fmt: off
DOMAINS = {
    "SCJG": "市场监管", "GAFJ": "治安管理", "CGJ": "综合行政执法", "RSJ": "人力资源社会保障", "ZJJ": "住房城乡建设",
    "ZRZY": "规划和自然资源", "ZFB": "政府信息公开", "STHJ": "生态环境", "WJJ": "卫生健康", "MZJ": "民政",
    "YBJ": "医疗保障", "YJJ": "应急管理", "WGLT": "文化旅游", "JYJ": "教育", "NYNC": "农业农村", "SWJ": "商务",
    "FGJ": "发展改革",
}
# fmt: on


# --- staff ----------------------------------------------------------------------------------------


@dataclass
class Staff:
    """The 行政复议局's people: who handles cases and who approves extensions (art. 62, 55)."""

    handlers: list[tuple[User, float]]
    head: str  # 行政复议机构负责人, as the approval forms record them

    def pick(self, ctx: DemoContext) -> User:
        return ctx.weighted(self.handlers)


def build_staff(ctx: DemoContext) -> Staff:
    """The demo login 李复议 (fuyi) and five more 复议局 staff (the first is its 局长)."""
    office = ctx.unit(OFFICE)
    people = []
    for i in range(1, 6):
        username = f"fy_{i:02d}"
        user = User.objects.filter(username=username).first()
        if user is None:
            role = "复议局局长" if i == 1 else "复议局"
            user = User.objects.create(
                username=username, display_name=f"{ctx.faker.name()}（{role}）", is_demo=True
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
        RoleGrant.objects.get_or_create(user=user, role=Role.RECONSIDERATION_OFFICER, org_unit=office)
        people.append(user)
    handlers = [(u, 1.0 if i == 0 else 2.0) for i, u in enumerate(people)]
    login = User.objects.filter(username="fuyi").first()
    if login is not None:
        handlers.append((login, 3.0))
    return Staff(handlers=handlers, head=people[0].display_name)


# --- dates ----------------------------------------------------------------------------------------


def workday(d: date, n: int = 0) -> date:
    """The n-th working day after `d`; n = 0: `d` if it is a working day, else the next one."""
    cal = current_calendar()
    if n <= 0:
        return d if cal.is_workday(d) else cal.nth_workday_after(d, 1)
    return cal.nth_workday_after(d, n)


def workday_by(d: date) -> date:
    """The last working day on or before `d`."""
    cal = current_calendar()
    while not cal.is_workday(d):
        d -= timedelta(days=1)
    return d


def due(rule: str, trigger: date, **kw: Any) -> date:
    """The statutory day from fazhi.law, as the engine computes it for the case."""
    return law_deadlines.due(rule, trigger, calendar=current_calendar(), config=law_config(), **kw).due


def between(ctx: DemoContext, low: date, high: date) -> date:
    """A working day in [low, high] (high itself when there is none)."""
    if high <= low:
        return high
    d = workday(low + timedelta(days=ctx.rng.randint(0, (high - low).days)))
    return d if d <= high else workday_by(high)


# --- one application ------------------------------------------------------------------------------


@dataclass
class Application:
    """One planned application: its receipt, whether it is 涉企, and what becomes of it.

    fate: not_accepted | abandoned | concluded (in the year) | pending (concluded the next year)
    outcome: corrective | settled | other (accepted cases)."""

    received: date
    enterprise: bool
    fate: str
    outcome: str = ""
    ground: str = ""  # 不予受理 ground
    quick: bool = False  # settled soon after acceptance (late-year cases concluded in the year)
    lapsed: bool = False  # the respondent never replied: decided as having no evidence (art. 70)


@dataclass
class Intake:
    """What the application says (the intake form's fields) and what the plan needs to know."""

    agency: str
    act: ActKind
    title: str
    channel: str
    parties: list[PartyInput]
    detail: dict[str, Any]
    amount: int | None = None
    warning: bool = False
    on_the_spot: bool = False
    matter: str = ""

    @property
    def simplified_ok(self) -> bool:
        """FY-14 item 1–4 (the facts-clear conditions are the handler's finding)."""
        return (
            self.on_the_spot
            or self.warning
            or (self.amount is not None and self.amount <= 3000)
            or self.act.category == "info_disclosure"
        )


def make_intake(ctx: DemoContext, app: Application) -> Intake:
    """The application as the intake form records it: the act (agency, category, 文号, amount),
    how and when it was served (so that the FY-01 … FY-04 check comes out as planned), the channel,
    the applicant (a synthetic person, or an enterprise on the fast track) and any 第三人."""
    agency, act = ctx.weighted(ENTERPRISE_ACTS if app.enterprise else PERSON_ACTS)
    r = app.received
    channel = ctx.weighted(CHANNELS)
    mailed_on = r - timedelta(days=ctx.rng.randint(1, 4)) if channel == "mail" else None
    filed = mailed_on or r
    matter = ctx.choice(act.matters)
    warning = act.amount is not None and ctx.rng.random() < act.warning_share
    spot = not warning and ctx.rng.random() < act.spot_share
    amount = None
    if act.amount and not warning:
        low, high = act.amount
        amount = (
            round(
                ctx.rng.choice([low, low, (low + high) // 4, high // 2, high]) * ctx.rng.uniform(0.5, 1) / 100
            )
            * 100
        )
        amount = max(amount, 100)
    detail: dict[str, Any] = {"act_category": act.category}
    # When the applicant learned of the act (FY-04), so that the period check comes out as planned.
    if app.ground == "period":
        service = filed - timedelta(days=ctx.rng.randint(75, 300))
    elif ctx.rng.random() < 0.01:  # a few apply late for a proper reason (art. 20.2), accepted
        service = filed - timedelta(days=ctx.rng.randint(64, 85))
    else:
        service = filed - timedelta(days=ctx.rng.randint(3, 50))
    if act.category == "nonperformance":
        mode = "PROVEN_KNOWLEDGE"
    elif spot:
        mode = "ON_THE_SPOT"
    else:
        mode = ctx.weighted(
            [("DIRECT", 60), ("POSTAL", 35), ("ANNOUNCEMENT", 5 if act.category != "info_disclosure" else 0)]
        )
    act_date = (
        service
        if mode in ("ON_THE_SPOT", "PROVEN_KNOWLEDGE")
        else service - timedelta(days=ctx.rng.randint(0, 8))
    )
    if mode == "ANNOUNCEMENT":
        act_date = service - timedelta(days=ctx.rng.randint(30, 60))  # served when the announcement ran out
    if act.doc:
        number = ctx.rng.randint(5, 2400 if act.category == "penalty" else 400)
        kind = "行政处罚决定（警告）" if warning else act.label
        description = f"{act.doc}〔{act_date.year}〕{number}号{kind}（{matter}）"
    else:
        description = f"{act.label}（{matter}）"
    if app.ground == "scope":
        description = f"信访事项处理意见（{matter}）"
        detail["act_category"] = "other"
    detail.update(
        act_description=description,
        act_date=None if act.category == "nonperformance" else act_date,
        service_mode=mode,
        service_date=service,
        mailed_on=mailed_on,
        amount_involved=amount,
        compensation_requested=act.category in ("penalty", "coercion") and ctx.rng.random() < 0.08,
    )
    if app.enterprise and ctx.rng.random() < 0.3:  # 容缺接收: received with a document to follow
        detail.update(incomplete_intake=True, missing_items=ctx.choice(MISSING_ITEMS))
    unit = ctx.unit(f"330106-{agency}")
    applicant = (
        PartyInput(role="applicant", legal_entity=ctx.company())
        if app.enterprise
        else PartyInput(role="applicant", person=ctx.person())
    )
    parties = [applicant, PartyInput(role="respondent", org_unit=unit)]
    if act.category == "work_injury" or (act.category == "nonperformance" and ctx.rng.random() < 0.2):
        # the other side of a 工伤认定, or the business complained about: 第三人 (art. 16)
        third = (
            PartyInput(role="third_party", person=ctx.person())
            if app.enterprise
            else PartyInput(role="third_party", legal_entity=ctx.company())
        )
        parties.append(third)
    return Intake(
        agency=agency,
        act=act,
        title=f"不服{unit.name}{description}"[:200],
        channel=channel,
        parties=parties,
        detail={k: v for k, v in detail.items() if v is not None},
        amount=amount,
        warning=warning,
        on_the_spot=spot,
        matter=matter,
    )


Step = tuple[date, str, dict[str, Any]]  # (day, transition, form data)


def decision_of(
    ctx: DemoContext, app: Application, intake: Intake, *, lapsed: bool
) -> tuple[str, dict[str, Any]]:
    """The closing step for the planned outcome, fitting the act (e.g. 责令履行 for a failure to act)."""
    category = intake.act.category
    if app.outcome == "settled":
        if category in ("penalty", "coercion") and ctx.rng.random() < 0.45:
            content = (
                f"经调解，被申请人同意将罚款调整为{int(intake.amount * 0.6)}元，申请人自愿履行。"
                if intake.amount
                else "经调解，双方就行政行为的履行方式达成一致，申请人自愿履行。"
            )
            return "mediation_agreement", {"content": content, "signed": "1"}
        reason = ctx.choice(
            [
                "被申请人自行纠正，重新作出处理，申请人自愿撤回行政复议申请。",
                "经行政复议机构主持和解，双方达成和解协议，申请人自愿撤回申请。",
                "被申请人已履行相应职责，申请人自愿撤回行政复议申请。",
            ]
        )
        return "withdraw", {"settled": "1", "voluntary": "1", "reason": reason}
    if app.outcome == "corrective":
        if category == "nonperformance":
            code = ctx.weighted([(Decision.ZELING_LVXING, 7), (Decision.QUEREN_WEIFA, 3)])
        elif category == "penalty":
            code = ctx.weighted(
                [
                    (Decision.CHEXIAO, 45),
                    (Decision.QUEREN_WEIFA, 35),
                    (Decision.BIANGENG, 17),
                    (Decision.QUEREN_WUXIAO, 3),
                ]
            )
        else:
            code = ctx.weighted([(Decision.CHEXIAO, 6), (Decision.QUEREN_WEIFA, 4)])
        if lapsed and code == Decision.BIANGENG:  # art. 70: no reply → 撤销/确认违法/无效/责令履行
            code = Decision.CHEXIAO
        data: dict[str, Any] = {"decision": str(code), "summary": CORRECTIVE_SUMMARIES[code]}
        if code == Decision.CHEXIAO and category != "coercion" and ctx.rng.random() < 0.6:
            data["redo_ordered"] = "1"
            data["summary"] += "，责令被申请人在法定期限内重新作出行政行为"
        if intake.detail.get("compensation_requested") and code != Decision.ZELING_LVXING:
            data["compensation_ordered"] = "1"
        return "decide", data
    # 维持 / 驳回: the act stands (or the duty did not exist or was performed)
    if category == "nonperformance":
        choice = ctx.weighted([("BOHUI_QINGQIU", 82), ("dismiss", 15), ("terminate", 3)])
    elif category == "info_disclosure":
        choice = ctx.weighted([("WEICHI", 50), ("BOHUI_QINGQIU", 40), ("dismiss", 10)])
    else:
        choice = ctx.weighted([("WEICHI", 72), ("BOHUI_QINGQIU", 12), ("dismiss", 8), ("terminate", 8)])
    if choice == "terminate":
        if intake.agency == "GAFJ":
            return "terminate", {
                "ground": "4",
                "reason": "申请人因同一违法行为涉嫌犯罪，被采取刑事强制措施。",
            }
        if app.enterprise:
            return "terminate", {"ground": "3", "reason": "申请人已注销，没有权利义务承受人。"}
        choice = "WEICHI" if category != "nonperformance" else "BOHUI_QINGQIU"
    if choice == "dismiss":
        return "dismiss", {
            "ground": "interest",
            "reason": "受理后发现申请人与被申请复议的行政行为没有利害关系，驳回行政复议申请。",
        }
    return "decide", {"decision": choice, "summary": OTHER_SUMMARIES[choice]}


CORRECTIVE_SUMMARIES = {
    Decision.CHEXIAO: "被申请人作出的行政行为主要事实不清、证据不足，决定撤销",
    Decision.QUEREN_WEIFA: "被申请人作出行政行为程序轻微违法，但对申请人权利不产生实际影响，确认该行政行为违法",
    Decision.BIANGENG: "行政行为事实清楚、证据确凿、程序合法，但内容不适当，决定变更罚款数额",
    Decision.ZELING_LVXING: "被申请人未在法定期限内履行法定职责，责令其在三十日内依法处理并书面答复申请人",
    Decision.QUEREN_WUXIAO: "行政行为的实施主体不具有行政主体资格，确认该行政行为无效",
}
OTHER_SUMMARIES = {
    "WEICHI": "被申请人作出的行政行为认定事实清楚，证据确凿，适用依据正确，程序合法，内容适当，决定维持",
    "BOHUI_QINGQIU": "被申请人已依法履行法定职责，申请人的行政复议请求不能成立，驳回行政复议请求",
}


def plan_handling(
    ctx: DemoContext, app: Application, intake: Intake, staff: Staff, accepted: date, *, year: int
) -> tuple[list[Step], Step]:
    """(受理 and the handling steps, the closing step) of an accepted application, in date order.

    A case concluded in the year closes by 31 December, mostly within its statutory period (a few
    late); a pending one closes early the next year — its period extended (art. 62) or the case
    suspended (art. 39, the period paused per T-8) when the period ends before the year does."""
    rng = ctx.rng
    cut = workday_by(date(year, 12, 31))
    first = workday(date(year + 1, 1, 1))
    fast, pending, settled = app.enterprise, app.fate == "pending", app.outcome == "settled"
    simplified = intake.simplified_ok and not app.lapsed and rng.random() < 0.7
    if pending and simplified and due("FY-16", accepted) <= first + timedelta(days=7):
        simplified = False  # it will run into the new year: the ordinary procedure from the start
    accept: dict[str, Any] = {"procedure": "simplified" if simplified else "ordinary"}
    if simplified:
        accept.update(
            facts_clear="1",
            rights_clear="1",
            dispute_small="1",
            on_the_spot="1" if intake.on_the_spot else "",
            warning_or_criticism="1" if intake.warning else "",
            information_disclosure="1" if intake.act.category == "info_disclosure" else "",
        )
    steps: list[Step] = [(accepted, "accept", accept)]
    converted = simplified and not pending and not app.quick and rng.random() < 0.06
    ordinary = not simplified or converted
    d0 = due("FY-15", accepted) if ordinary else due("FY-16", accepted)

    # The respondent: copy sent (FY-09/FY-12) and received; reply (FY-10/FY-13), or none (art. 70).
    send = workday(accepted, rng.randint(1, 2 if fast or simplified else 4))
    got = workday(send + timedelta(days=rng.randint(0, 3)))
    reply = workday(got, rng.randint(2, 5) if simplified else rng.randint(4, 10))
    lapsed = app.lapsed and not simplified and due("FY-10", got) + timedelta(days=20) <= cut
    if lapsed:
        reply = due("FY-10", got)
    closing = decision_of(ctx, app, intake, lapsed=lapsed)
    # When it closes, and whether the period is extended or the case suspended on the way.
    late = rng.random() < 0.02
    extension = 0
    suspend_after = 0  # working days after the reply
    if app.quick:
        close = between(ctx, workday(accepted, 3), cut)
    elif not pending:
        if settled:
            close = accepted + timedelta(days=rng.randint(10, 50 if ordinary else 26))
        elif fast and rng.random() < 0.85:
            close = accepted + timedelta(days=rng.randint(16, 30) if ordinary else rng.randint(8, 15))
        else:
            close = accepted + timedelta(days=rng.randint(22, 58 if ordinary else 29))
        if ordinary and d0 + timedelta(days=5) < cut and rng.random() < 0.05:
            extension = rng.choice((15, 20, 30))
            close = d0 + timedelta(days=rng.randint(1, extension))
        elif late:
            close = d0 + timedelta(days=rng.randint(1, 10))
        elif ordinary and not settled and reply + timedelta(days=90) < cut and rng.random() < 0.03:
            suspend_after = rng.randint(6, 12)
        if lapsed:
            close = max(close, workday(reply, 5))
        close = min(workday(close), cut)
    elif d0 > first + timedelta(days=7):
        close = between(ctx, max(first, accepted + timedelta(days=20)), d0)
    elif ordinary and d0 + timedelta(days=30) > first + timedelta(days=7):
        extension = 30
        close = between(ctx, max(first, d0 + timedelta(days=1)), d0 + timedelta(days=30))
    else:
        suspend_after = 1
        close = first  # set when it resumes
    if pending and late and not suspend_after:
        close = workday(close + timedelta(days=rng.randint(3, 20)))

    def by_close(d: date) -> date:
        return d if suspend_after else min(d, close)

    if app.quick:  # settled soon after acceptance, before the respondent's reply was needed
        steps.append((by_close(send), "mediate", {"note": "组织双方当事人调解"}))
        return steps, (close, *closing)
    steps.append((by_close(send), "send_copy", {"respondent_received_on": by_close(got)}))
    if lapsed:
        steps.append((reply, "reply_lapsed", {}))  # the daily job's step on the FY-10 day
        last = reply
    else:
        last = by_close(reply)
        steps.append(
            (
                last,
                "record_reply",
                {"evidence_submitted": "1", "summary": "被申请人提交书面答复及作出行政行为的证据、依据"},
            )
        )
    if converted:
        last = by_close(workday(last, 1))
        steps.append(
            (last, "convert", {"approved_by": staff.head, "reason": "案情较为复杂，不宜适用简易程序"})
        )
    if (
        closing[0] == "decide"
        and ordinary
        and not (pending or extension or suspend_after)
        and (close - last).days > 28
        and rng.random() < 0.12
    ):  # 听证 (arts. 50, 51): notice at least five working days before
        scheduled = workday(last, rng.randint(1, 3))
        hearing = workday(scheduled, rng.randint(8, 12))
        steps += [
            (
                scheduled,
                "schedule_hearing",
                {
                    "hearing_on": hearing,
                    "place": "区行政复议局听证室",
                    "matters": f"{intake.matter}的事实认定和法律适用",
                },
            ),
            (workday(scheduled, rng.randint(0, 1)), "notify_hearing", {}),
            (
                hearing,
                "hold_hearing",
                {
                    "head_attended": "1" if rng.random() < 0.8 else "",
                    "summary": "听取双方陈述、质证和辩论意见",
                },
            ),
        ]
        last = hearing
    if extension:  # approved by the office's head before the period ends (art. 62.1)
        ext_on = max(between(ctx, d0 - timedelta(days=12), d0 - timedelta(days=1)), last)
        steps.append(
            (
                ext_on,
                "extend",
                {
                    "extension_days": extension,
                    "approved_by": staff.head,
                    "reason": "案情重大复杂，需进一步调查核实",
                    "notified": "1",
                },
            )
        )
        last = ext_on
    if suspend_after:
        start = workday(last, suspend_after)
        if pending:  # as late as the period allows, resumed (or settled) in January
            start = max(
                between(ctx, d0 - timedelta(days=20), workday_by(min(cut, d0 - timedelta(days=10)))), last
            )
            resume = workday(first + timedelta(days=rng.randint(2, 30)))
        else:
            resume = workday(start + timedelta(days=rng.randint(15, 40)))
        resumed_due = due("FY-15", accepted, pauses=[(start, resume, "suspension")])
        if pending or workday(resume, 3) < min(resumed_due, cut):
            span = (resume - start).days  # a long wait is for another case or an interpretation
            if settled and span <= 100:
                ground = "6"
            else:
                ground = ctx.weighted([("8", 6), ("7", 2), ("5", 2 if span <= 60 else 0)])
            steps.append(
                (start, "suspend", {"ground": ground, "notified": "1", "reason": SUSPENSIONS[ground]})
            )
            if ground == "6":  # settled while suspended for mediation (art. 39(6)): no resumption
                return steps, (between(ctx, resume, resumed_due), *closing)
            steps.append((resume, "resume", {"notified": "1", "reason": RESUMPTIONS[ground]}))
            last = resume
            close = between(ctx, workday(resume, 3), resumed_due if pending else min(resumed_due, cut))
        else:
            close = max(close, last)
    if settled:
        mediate_on = between(ctx, last, close)
        steps.append((mediate_on, "mediate", {"note": "组织双方当事人调解"}))
        last = mediate_on
    return steps, (max(close, last), *closing)


SUSPENSIONS = {
    "5": "申请人（法人的法定代表人）因病住院治疗，暂时不能参加行政复议",
    "6": "申请人与被申请人同意进行调解，中止审理",
    "7": "法律适用问题需有权机关作出解释",
    "8": "本案审理需以相关民事案件的审理结果为依据，该案尚未审结",
}
RESUMPTIONS = {
    "5": "住院治疗结束，能够参加行政复议",
    "7": "有权机关已作出答复",
    "8": "相关案件已审结",
}


def supplement_step(ctx: DemoContext, steps: list[Step], closing: Step) -> list[Step]:
    """容缺材料补齐 within the fast track's 10 working days of acceptance, before the case closes."""
    accepted = steps[0][0]
    on = min(workday(accepted, ctx.rng.randint(2, 9)), closing[0])
    out = list(steps)
    i = next((i for i, s in enumerate(out) if i > 0 and s[0] > on), len(out))
    out.insert(i, (max(on, out[i - 1][0]), "complete_materials", {"note": "申请人补交容缺材料"}))
    return out


def one_application(ctx: DemoContext, staff: Staff, app: Application, *, year: int) -> Case:
    """Receive one application and take it through its planned steps."""
    actor = staff.pick(ctx)
    intake = make_intake(ctx, app)
    case = case_create(
        actor=actor,
        kind="reconsideration",
        org_unit=ctx.unit(OFFICE),
        received_on=app.received,
        title=intake.title,
        channel=intake.channel,
        parties=intake.parties,
        detail=intake.detail,
        enterprise_related=app.enterprise,
        handler=actor,
        is_demo=True,
    )
    rng = ctx.rng
    r = app.received
    steps: list[Step] = []
    start = r
    # 补正 (art. 31): one notice listing everything, material within 10 working days
    if (
        app.fate == "abandoned"
        or app.ground == "claim"
        or (
            app.fate in ("concluded", "pending")
            and not app.enterprise
            and not app.quick
            and app.received <= date(year, 11, 30)
            and rng.random() < 0.06
        )
    ):
        notice = workday(r, rng.randint(1, 4))
        got = workday(notice + timedelta(days=rng.randint(0, 3) if intake.channel == "mail" else 0))
        steps.append(
            (
                notice,
                "request_correction",
                {
                    "items": "1. 申请人身份证明复印件；2. 被申请复议的行政行为的相关材料；3. 明确的行政复议请求和事实理由",
                    "notice_received_on": got,
                },
            )
        )
        if app.fate == "abandoned":  # the 补正 never came: recorded by the system on the FY-07 day
            run(actor, case, steps)
            return case_transition(
                actor=None, case=case, name="deem_abandon", on=due("FY-07", got), system=True
            )
        start = workday(got, rng.randint(2, 8))
        steps.append((start, "receive_supplement", {"note": "申请人补交身份证明及相关材料"}))
    if app.fate == "not_accepted":
        steps.append(
            (
                workday(start, rng.randint(1, 4)),
                "not_accept",
                {
                    "ground": app.ground,
                    "reason": NOT_ACCEPTED_REASONS[app.ground],
                },
            )
        )
        return run(actor, case, steps)
    accepted = workday(start, rng.randint(0, 2) if app.enterprise else rng.randint(1, 4))
    if app.fate == "concluded":
        accepted = min(accepted, workday_by(date(year, 12, 31)))
    handling, closing = plan_handling(ctx, app, intake, staff, accepted, year=year)
    if case.reconsideration.period_status == "LATE":
        handling[0][2]["late_reason"] = LATE_REASON
    if intake.detail.get("incomplete_intake"):
        handling = supplement_step(ctx, handling, closing)
    return run(actor, case, [*steps, *handling, closing])


LATE_REASON = "申请人因住院治疗耽误申请期限，已提交住院证明（第二十条第二款）"
SYSTEM_STEPS = frozenset({"reply_lapsed", "deem_abandon", "reply_overdue"})


def run(actor: User, case: Case, steps: Sequence[Step]) -> Case:
    """Take the steps in order through the engine (system steps as the daily deadline job would)."""
    for on, name, data in steps:
        system = name in SYSTEM_STEPS
        case = case_transition(
            actor=None if system else actor, case=case, name=name, data=data, on=on, system=system
        )
    return case


# --- a year ---------------------------------------------------------------------------------------


def carried_over(year: int) -> dict[str, int]:
    """Cases already concluded in `year` (the year before's pending cases): they count in its
    figures, so the year's generator makes only the rest."""
    rows = (
        Case.objects.filter(
            kind="reconsideration", closed_on__gte=date(year, 1, 1), closed_on__lte=date(year, 12, 31)
        )
        .exclude(reconsideration__decision__in=["", Decision.BU_SHOULI])
        .aggregate(
            concluded=Count("id"),
            corrective=Count("id", filter=Q(reconsideration__decision__in=CORRECTIVE_CODES)),
            settled=Count("id", filter=Q(reconsideration__decision__in=SETTLED_CODES)),
        )
    )
    rows["letters"] = Case.objects.filter(
        kind="opinion_letter", received_on__gte=date(year, 1, 1), received_on__lte=date(year, 12, 31)
    ).count()
    return rows


def plan_year(ctx: DemoContext, year: int, target: dict) -> list[Application]:
    """Every application of the year, in order of receipt, with its fate and planned outcome."""
    carry = carried_over(year)
    received = target["received"]
    concluded = target["concluded"] - carry["concluded"]
    corrective = target["corrected"] - carry["corrective"]
    settled = target["settled"] - carry["settled"]
    dates = ctx.dates_in_year(year, received)
    enterprise = set(ctx.rng.sample(range(received), round(received * target["enterprise_share"])))
    apps = [Application(d, i in enterprise, "") for i, d in enumerate(dates)]
    for app in ctx.rng.sample(apps, target["not_accepted"]):
        app.fate, app.ground = "not_accepted", ctx.weighted(NOT_ACCEPTED)
    # a few never send the 补正 material (视为放弃, art. 31.2): received, but in no other figure
    early = [a for a in apps if not a.fate and a.received < date(year, 11, 1)]
    for app in ctx.rng.sample(early, min(received // 300, len(early))):
        app.fate = "abandoned"
    accepted = [a for a in apps if not a.fate]
    pending = len(accepted) - concluded
    if min(concluded, corrective, settled, pending) < 0 or corrective + settled > concluded:
        raise ValueError(
            f"行政复议 {year}：目标与已结转的案件不符（已在本年审结 {carry['concluded']} 件，其中纠错 "
            f"{carry['corrective']}、调撤 {carry['settled']}；目标 {target}）。"
        )
    # The latest applications are the ones still pending at the year's end — but not strictly:
    # a few earlier ones are still suspended or extended, a few late ones settle quickly.
    split = len(accepted) - pending
    head, tail = accepted[:split], accepted[split:]
    for app in head:
        app.fate = "concluded"
    for app in tail:
        app.fate = "pending"
    window = head[-pending:] if pending else []
    movable = [a for a in tail if a.received <= date(year, 12, 10)]
    swaps = min(pending // 20, len(window) // 4, len(movable))
    for a, b in zip(ctx.rng.sample(window, swaps), ctx.rng.sample(movable, swaps), strict=True):
        a.fate, b.fate, b.quick = "pending", "concluded", True
    outcomes = (
        ["corrective"] * corrective + ["settled"] * settled + ["other"] * (concluded - corrective - settled)
    )
    ctx.rng.shuffle(outcomes)
    done = [a for a in accepted if a.fate == "concluded"]
    # the quick closings are settlements (the earlier ones take what is left)
    quick = [a for a in done if a.quick]
    if len(quick) > settled:
        for app in quick[settled:]:
            app.quick = False
        quick = quick[:settled]
    for app in quick:
        app.outcome = "settled"
        outcomes.remove("settled")
    for app, outcome in zip([a for a in done if not a.quick], outcomes, strict=True):
        app.outcome = outcome
    # a few respondents never reply (art. 70): their acts are taken to have no evidence
    silent = [a for a in done if a.outcome == "corrective" and a.received < date(year, 11, 1)]
    for app in ctx.rng.sample(silent, min(len(silent), corrective // 12)):
        app.lapsed = True
    for app in accepted:
        if app.fate == "pending":  # concluded next year: the usual mix
            app.outcome = ctx.weighted([("corrective", 5), ("settled", 34), ("other", 61)])
    return apps


def generate(ctx: DemoContext, year: int, target: dict) -> None:
    """A year of applications through the services, then its 行政复议意见书; every figure of
    `target` (TARGETS[year]["reconsideration"]) comes out exactly from the records."""
    if date(year + 1, 6, 30) > current_day():
        raise ValueError(
            f"行政复议演示数据：{year} 年的在办案件在次年上半年办结，须在 {year + 1} 年 6 月 30 日之后生成。"
        )
    staff = build_staff(ctx)
    apps = plan_year(ctx, year, target)
    for i, app in enumerate(apps):
        one_application(ctx, staff, app, year=year)
        ctx.tick(f"行政复议 {year}", i + 1, len(apps))
    issue_letters(ctx, staff, year, target["opinion_letters"] - carried_over(year)["letters"])


# --- 行政复议意见书 (art. 76, FY-26) -----------------------------------------------------------------

LETTERS = {
    "SCJG": (
        "关于规范市场监管领域投诉举报处理和行政处罚程序的行政复议意见书",
        "办理投诉举报、作出行政处罚过程中存在未依法告知陈述申辩权利、调查取证不充分等问题",
        "严格落实行政执法“三项制度”，规范告知和调查取证程序，组织开展执法案卷自查",
    ),
    "CGJ": (
        "关于规范违法建设查处和强制拆除程序的行政复议意见书",
        "限期拆除决定送达不规范，强制拆除前未依法催告、未充分听取当事人陈述申辩",
        "规范送达程序，严格履行催告和陈述申辩程序，完善强制执行前的审核",
    ),
    "GAFJ": (
        "关于规范治安案件调查取证工作的行政复议意见书",
        "治安案件中询问笔录、证据固定不规范，处罚决定书说理不充分",
        "加强执法办案培训，规范证据收集和文书说理",
    ),
    "RSJ": (
        "关于规范工伤认定调查核实工作的行政复议意见书",
        "工伤认定调查核实不充分，未听取用人单位意见即作出认定",
        "完善工伤认定调查核实程序，充分听取各方意见",
    ),
}


def letter_text(agency: str) -> tuple[str, str, str]:
    domain = DOMAINS.get(agency, "行政执法")
    return LETTERS.get(agency) or (
        f"关于规范{domain}领域行政执法的行政复议意见书",
        f"{domain}领域行政执法中存在程序不规范、说理不充分等问题",
        "规范执法程序，加强法制审核，举一反三开展自查整改",
    )


def issue_letters(ctx: DemoContext, staff: Staff, year: int, count: int) -> None:
    """The year's 意见书: issued after decisions (纠错 ones where there are enough) to one agency
    each, spread over the year; delivered, and answered within the 60 days (FY-26) — the last but
    one only after a reminder (督促, art. 77)."""
    if count <= 0:
        return
    decided = (
        Case.objects.filter(
            kind="reconsideration",
            status="decided",
            is_demo=True,
            closed_on__gte=date(year, 1, 1),
            closed_on__lte=date(year, 11, 30),
        )
        .exclude(links_out__kind=LinkKind.FOLLOW_UP)
        .select_related("reconsideration__respondent_agency")
        .order_by("closed_on", "id")
    )
    # Mostly after a 纠错 decision; a case whose act was upheld can still show improper practice.
    corrective = [Decision.CHEXIAO, Decision.QUEREN_WEIFA, Decision.ZELING_LVXING]
    sources = list(decided.filter(reconsideration__decision__in=corrective))
    if len(sources) < count:
        sources = list(decided)
    if len(sources) < count:
        raise ValueError(
            f"行政复议 {year}：已作出决定的案件不足 {count} 件，无法制发 {count} 份行政复议意见书。"
        )
    chosen: list[Case] = []
    for k in range(count):  # one per slice of the year, a different agency each time if possible
        part = [
            c for c in sources[k * len(sources) // count : (k + 1) * len(sources) // count] if c not in chosen
        ]
        part = part or [c for c in sources if c not in chosen]
        agencies = {c.reconsideration.respondent_agency_id for c in chosen}
        fresh = [c for c in part if c.reconsideration.respondent_agency_id not in agencies] or part
        chosen.append(ctx.choice(fresh))
    chosen.sort(key=lambda c: (c.closed_on, c.pk))
    for k, case in enumerate(chosen):
        agency = case.reconsideration.respondent_agency
        title, problems, suggestions = letter_text(agency.code.split("-")[-1])
        issued = workday(case.closed_on, ctx.rng.randint(3, 12))
        actor = staff.pick(ctx)
        case_transition(
            actor=actor,
            case=case,
            name="issue_opinion",
            on=issued,
            data={
                "title": title,
                "recipient": "respondent",
                "domain": DOMAINS.get(agency.code.split("-")[-1], ""),
                "problems": problems,
                "suggestions": suggestions,
            },
        )
        letter = CaseLink.objects.filter(from_case=case, kind=LinkKind.FOLLOW_UP).latest("id").to_case
        delivered = workday(issued, ctx.rng.randint(1, 3))
        letter = case_transition(
            actor=actor,
            case=letter,
            name="deliver",
            on=delivered,
            data={"mode": ctx.choice(["direct", "electronic"])},
        )
        reply_by = due("FY-26", delivered)
        if count > 1 and k == count - 2:
            # no report by the 60th day: overdue (the daily job's step), 督促, then a late report
            letter = case_transition(actor=None, case=letter, name="reply_overdue", on=reply_by, system=True)
            urged = workday(reply_by, ctx.rng.randint(2, 6))
            letter = case_transition(
                actor=actor,
                case=letter,
                name="urge",
                on=urged,
                data={"measure": "order", "note": "书面责令限期报送纠正情况"},
            )
            case_transition(
                actor=actor,
                case=letter,
                name="reply",
                on=workday(urged, ctx.rng.randint(5, 12)),
                data={"result": "partial", "summary": "已完成部分整改，其余事项列入年度执法规范化整改计划"},
            )
        else:
            replied = between(ctx, delivered + timedelta(days=25), reply_by - timedelta(days=3))
            case_transition(
                actor=actor,
                case=letter,
                name="reply",
                on=replied,
                data={"result": "corrected", "summary": "已组织专项自查，修订执法文书格式和办案流程"},
            )


# --- live work: the last weeks ----------------------------------------------------------------------


def generate_current(ctx: DemoContext, today: date, count: int) -> None:
    """Applications of the last weeks, left where a working office would have them: some in 受理
    审查 or 补正, most awaiting the reply or under review, a few settled already; one near its
    decision deadline, fast-track cases (one waiting for 容缺 material). No open period runs out
    before `today` (so the daily job changes nothing)."""
    staff = build_staff(ctx)
    end = workday_by(today)
    for i in range(count):
        enterprise = ctx.rng.random() < 0.22 or i in (1, 2)
        if i == 0:  # the oldest: accepted the next working day, its decision due within days (临期)
            received = next(
                r
                for r in (workday(end - timedelta(days=back)) for back in range(66, 50, -1))
                if due("FY-15", workday(r, 1)) > end
            )
        else:
            received = workday_by(end - timedelta(days=ctx.rng.randint(0, 45)))
        app = Application(received, enterprise, "current")
        current_case(ctx, staff, app, end, near_due=(i == 0), supplement_pending=(i == 1))
        ctx.tick("行政复议 在办", i + 1, count)


def current_case(
    ctx: DemoContext, staff: Staff, app: Application, end: date, *, near_due: bool, supplement_pending: bool
) -> Case:
    """One live application, taken as far as its age allows without letting a period lapse."""
    rng = ctx.rng
    actor = staff.pick(ctx)
    intake = make_intake(ctx, app)
    if supplement_pending:
        intake.detail.update(incomplete_intake=True, missing_items=ctx.choice(MISSING_ITEMS))
    case = case_create(
        actor=actor,
        kind="reconsideration",
        org_unit=ctx.unit(OFFICE),
        received_on=app.received,
        title=intake.title,
        channel=intake.channel,
        parties=intake.parties,
        detail=intake.detail,
        enterprise_related=app.enterprise,
        handler=actor,
        is_demo=True,
    )
    r = app.received
    steps: list[Step] = []

    def fits(on: date, *rules_open: tuple[str, date]) -> bool:
        return on <= end and all(due(rule, trigger) >= end for rule, trigger in rules_open)

    review_by = due("FY-05", r)
    if review_by >= end and rng.random() < 0.5:
        return case  # 受理审查中
    if not app.enterprise and rng.random() < 0.15:
        notice = workday(r, 1)
        if fits(notice, ("FY-07", notice)):
            steps.append(
                (
                    notice,
                    "request_correction",
                    {"items": "明确的行政复议请求和事实理由", "notice_received_on": notice},
                )
            )
            return run(actor, case, steps)  # 补正中
    accepted = workday(r, 1 if near_due else rng.randint(0, 1) if app.enterprise else rng.randint(1, 3))
    if accepted > end:
        return case
    late_reason = LATE_REASON if case.reconsideration.period_status == "LATE" else ""
    steps.append((accepted, "accept", {"procedure": "ordinary", "late_reason": late_reason}))
    send = workday(accepted, rng.randint(1, 3))
    if not fits(send) or (due("FY-09", accepted) >= end and rng.random() < 0.4):
        return run(actor, case, steps)  # 已受理，待发送副本
    got = min(workday(send + timedelta(days=rng.randint(0, 2))), end)
    steps.append((send, "send_copy", {"respondent_received_on": got}))
    reply = workday(got, rng.randint(4, 9))
    if not fits(reply) or (due("FY-10", got) >= end and rng.random() < 0.4):
        return run(actor, case, steps)  # 待被申请人答复
    steps.append(
        (reply, "record_reply", {"evidence_submitted": "1", "summary": "被申请人提交书面答复及证据"})
    )
    if supplement_pending or near_due:
        return run(actor, case, steps)
    roll = rng.random()
    if roll < 0.15:
        settle = workday(reply, rng.randint(2, 6))
        if settle <= end:
            steps.append((settle, "mediate", {"note": "组织双方当事人调解"}))
            steps.append(
                (
                    settle,
                    "withdraw",
                    {
                        "settled": "1",
                        "voluntary": "1",
                        "reason": "被申请人自行纠正，申请人自愿撤回行政复议申请。",
                    },
                )
            )
    elif roll < 0.25:
        hearing = workday(reply, 12)
        scheduled = workday(reply, 1)
        if scheduled <= end and hearing > end:
            steps.append(
                (
                    scheduled,
                    "schedule_hearing",
                    {
                        "hearing_on": hearing,
                        "place": "区行政复议局听证室",
                        "matters": f"{intake.matter}的事实认定",
                    },
                )
            )
            if workday(scheduled, 1) <= end:
                steps.append((workday(scheduled, 1), "notify_hearing", {}))
    return run(actor, case, steps)
