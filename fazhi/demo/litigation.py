"""行政应诉 demo: the suits are data (fazhi/demo/data/litigation/, made by fazhi.demo.walker); what
is left here cannot be case data — the 行政应诉科 staff who act, and the line's intake: who is sued
for what, the court and its case number (each court's own sequence), the suit that follows an
upheld reconsideration (read from the Case table: this module never imports the reconsideration
line), and the names of the 负责人 who appear — each drawn from the profile's tables and registered
through ``fazhi.litigation.services.litigation_register``."""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import Max
from faker import Faker

from fazhi.cases.bulk import CaseEngine
from fazhi.cases.models import Case, Party
from fazhi.cases.services import PartyInput
from fazhi.core.models import OrgUnit, Person, RoleGrant, User
from fazhi.core.models.org import OrgKind, UnitFunction
from fazhi.core.roles import Role
from fazhi.demo import walker
from fazhi.demo.context import DemoContext
from fazhi.law.litigation import Position, counts_as_responsible_person
from fazhi.litigation.models import LitigationCase
from fazhi.litigation.services import AGENCY_KINDS, litigation_register
from fazhi.litigation.workflow import MEDIABLE_CATEGORIES

LINE = "litigation"


def _is_government(unit: OrgUnit) -> bool:
    """区人民政府 (职能 government in the org tree): defendant in its own right, or co-defendant as
    复议机关."""
    return unit.function == UnitFunction.GOVERNMENT


# The 行政应诉科: the demo login 赵应诉 and three colleagues (演示 accounts without a password);
# their shares of the suits are in the profile (receive.actor).
STAFF = ("yingsu", "ys_001", "ys_002", "ys_003")

# Titles of a 负责人 by the kind of agency and position (XS-16).
TITLES = {
    "government": ("区长", "副区长", "区政府党组成员", "区长助理（分管）"),
    OrgKind.TOWN: ("镇长", "副镇长", "党委委员（分管城建）", "人大主席（分管征迁）"),
    OrgKind.TOWNSHIP: ("乡长", "副乡长", "党委委员（分管城建）", "人大主席（分管征迁）"),
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


# --- staff ---------------------------------------------------------------------------------------


def ensure_staff(ctx: DemoContext) -> list[User]:
    """The 行政应诉科 staff; the colleagues of the demo login are made once (演示, unusable
    password), granted on the district like the demo login."""
    district = ctx.unit("330106")
    staff = []
    for username in STAFF:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create(
                username=username, display_name=f"应诉科 {ctx.faker.name()}（演示）", is_demo=True
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
        RoleGrant.objects.get_or_create(user=user, role=Role.LITIGATION_OFFICER, org_unit=district)
        staff.append(user)
    return staff


# --- the intake: who is sued for what, in which court, under which number -----------------------


def _state(ctx: DemoContext) -> dict[str, Any]:
    """What the intake keeps for one build: the agencies looked up, each court's last number."""
    return ctx.memo.setdefault("litigation", {"numbers": {}, "appeals": {}})


def _agencies(ctx: DemoContext, suits: Mapping[str, Any]) -> list[tuple[OrgUnit, float]]:
    units = [(ctx.unit(code), float(spec["weight"])) for code, spec in suits["agencies"].items()]
    streets = suits["streets"]
    units += [(t, float(streets["weights"].get(t.name, streets["default_weight"]))) for t in ctx.townships()]
    return units


def _acts(agency: OrgUnit, suits: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    if agency.code in suits["agencies"]:
        return list(suits["agencies"][agency.code]["acts"])
    return list(suits["streets"]["acts"])


def _followed(link: Case | None) -> tuple[OrgUnit, Any] | None:
    """The respondent agency and the applicant of the reconsideration a suit follows (None when
    its respondent cannot be sued here)."""
    if link is None:
        return None
    parties = list(
        Party.objects.filter(case=link, role__in=("applicant", "respondent"))
        .select_related("person", "legal_entity", "org_unit")
        .order_by("order", "id")
    )
    applicant = next((p.person or p.legal_entity for p in parties if p.role == "applicant"), None)
    respondent = next(
        (
            p.org_unit
            for p in parties
            if p.role == "respondent"
            and p.org_unit
            and p.org_unit.kind in AGENCY_KINDS
            and not _is_government(p.org_unit)
        ),
        None,
    )
    return (respondent, applicant) if respondent is not None and applicant is not None else None


def draw_suit(create: dict[str, Any], d: walker.Draw) -> dict[str, Any]:
    """A new suit's registration: the agency (the want's `receive.agency`, else by the profile's
    weights) and the act sued on (`receive.mediable`: one XS-13 allows to be mediated), the
    plaintiff(s) and third parties, or — after an upheld reconsideration (`d.link`) — its
    applicant suing its respondent with the 区政府 as co-defendant; then the court and number."""
    ctx, receive = d.ctx, create["receive"]
    suits = receive["suits"]
    rng = ctx.rng
    followed = _followed(d.link)
    wanted = receive.get("agency")
    if followed is not None:
        agency, applicant = followed
    elif wanted:
        agency = ctx.unit(ctx.choice(wanted) if isinstance(wanted, list) else wanted)
    else:
        agency = ctx.weighted(_agencies(ctx, suits))
    acts = _acts(agency, suits)
    if receive.get("mediable"):
        acts = [a for a in acts if a["act"] in MEDIABLE_CATEGORIES or a["act"] == "penalty"] or [
            {"act": "indemnity", "weight": 1, "enterprise": 0.05, "titles": ["不服房屋征迁补偿决定"]}
        ]
    spec = ctx.weighted([(a, float(a["weight"])) for a in acts])
    act = spec["act"]
    plaintiffs: list[PartyInput] = []
    third: list[PartyInput] = []
    if followed is not None:
        assert d.link is not None
        words = suits.get("act_words", {})
        act = next((category for word, category in words.items() if word in d.link.title), act)
        title = d.link.title[:190] + "及行政复议决定"
        enterprise = d.link.enterprise_related
        key = "person" if isinstance(applicant, Person) else "legal_entity"
        plaintiffs.append(PartyInput(role="plaintiff", **{key: applicant}))
    else:
        title = ctx.choice(spec["titles"])
        if agency.kind in (OrgKind.TOWN, OrgKind.TOWNSHIP):
            title = title.replace("街道办事处", "镇人民政府" if agency.kind == OrgKind.TOWN else "乡人民政府")
        enterprise = rng.random() < float(spec.get("enterprise", 0))
        first = {"legal_entity": ctx.company()} if enterprise else {"person": ctx.person()}
        plaintiffs.append(PartyInput(role="plaintiff", **first))
        if (
            not enterprise
            and act in ("coercion", "indemnity", "agreement", "compensation")
            and rng.random() < float(suits.get("co_plaintiff_share", 0))
        ):
            plaintiffs.append(PartyInput(role="plaintiff", person=ctx.person()))  # 共有人 / 家庭成员
        if rng.random() < float(spec.get("third_party", 0)):
            # 工伤认定: the employer or the worker; 登记: the registered holder; 举报: the business.
            who = spec.get("third_party_who") or (
                "company" if not enterprise and agency.code.endswith("RSJ") else "person"
            )
            other = {"legal_entity": ctx.company()} if who == "company" else {"person": ctx.person()}
            third.append(PartyInput(role="third_party", **other))
    discretionary = act == "penalty" and (
        bool(receive.get("mediable")) or rng.random() < float(suits.get("discretionary_share", 0))
    )
    filed: date = create["detail"].get("filed_on") or create["received_on"]
    court, type_code = _court(ctx, receive["courts"], agency, act, linked=followed is not None)
    number = _number(ctx, receive["courts"], court, type_code, filed.year)
    register = {
        "actor": create["actor"],
        "court_case_number": number,
        "court_name": receive["courts"]["names"][court],
        "defendant_agency": agency,
        "plaintiffs": plaintiffs,
        "title": title,
        "act_category": act,
        "filed_on": filed,
        "received_on": create["received_on"],
        "discretionary": discretionary,
        "government_co_defendant": followed is not None,
        "reconsideration_number": d.link.number if followed is not None and d.link else "",
        "third_parties": third,
        "enterprise_related": enterprise,
        "handler": create["handler"],
        "is_demo": True,
    }
    detail = {
        "defendant_agency": agency,
        "act_category": act,
        "discretionary": discretionary,
        "filed_on": filed,
    }
    return {**create, "title": title, "detail": detail, "register": register}


def _court(
    ctx: DemoContext, courts: Mapping[str, Any], agency: OrgUnit, act: str, *, linked: bool
) -> tuple[str, str]:
    """XS-22: suits against the 区政府 go to the 中院; XS-22a: 区政府 cases (as defendant in 信息公开 or
    不履行 cases, or co-defendant after 复议维持) may go to a designated cross-area basic court."""
    cross = [(code, float(w)) for code, w in courts["cross_area"].items()]
    rng = ctx.rng
    if _is_government(agency):
        designated = act in ("info_disclosure", "inaction") and rng.random() < float(
            courts["government_cross_share"]
        )
        court = ctx.weighted(cross) if designated else courts["intermediate"]
    elif linked and rng.random() < float(courts["linked_cross_share"]):
        court = ctx.weighted(cross)
    else:
        court = courts["local"]
    return court, "行赔初" if act == "compensation" else "行初"


def _number(ctx: DemoContext, courts: Mapping[str, Any], court: str, type_code: str, year: int) -> str:
    """The court's next case number of the year: its own sequence per type, continuing after the
    numbers already registered, with the court's other suits in between."""
    sequences = courts["sequence"]
    start, step = sequences.get(type_code if type_code != "行初" else court, sequences["other"])
    numbers: dict[tuple[str, str, int], int] = _state(ctx)["numbers"]
    key = (court, type_code, year)
    if key not in numbers:
        first = ctx.rng.randint(*start)  # drawn either way: the same draws follow whatever is stored
        found = LitigationCase.objects.filter(
            court_code=court, type_code=type_code, case_year=year
        ).aggregate(m=Max("case_seq"))["m"]
        numbers[key] = found if found is not None else first
    numbers[key] += ctx.rng.randint(*step)
    return f"（{year}）{court}{type_code}{numbers[key]}号"


def register_suit(engine: CaseEngine, create: dict[str, Any]) -> Case:
    return litigation_register(engine=engine, **create["register"])


walker.intake(LINE, draw=draw_suit, create=register_suit)


# --- values of the steps ------------------------------------------------------------------------


@cache
def _name_source() -> Faker:
    return Faker("zh_CN")


def _seeded_name(ctx: DemoContext, key: str) -> str:
    faker = _name_source()
    faker.seed_instance(zlib.crc32(f"{ctx.seed}/{key}".encode()))
    return faker.name()


@walker.generator("notice_required")
def notice_required(d: walker.Draw, o: Mapping[str, Any]) -> bool:
    """XS-17: the court must notify the 负责人 in environment, food and drug and public-health cases
    (`always`: those agencies); it often does in others (`share`)."""
    agency = d.facts.get("defendant_agency")
    return bool(agency and agency.code in o.get("always", ())) or d.ctx.rng.random() < float(
        o.get("share", 0)
    )


@walker.generator("head_name")
def head_name(d: walker.Draw, o: Mapping[str, Any]) -> str:
    """Who appeared: the agency's 负责人 in the position drawn before (the same person every time
    for a seed), or one of its staff."""
    agency = d.facts["defendant_agency"]
    position = d.drawn.get("appeared_position") or ""
    if counts_as_responsible_person(position):
        return _seeded_name(d.ctx, f"{agency.code}/{position}")
    return _seeded_name(d.ctx, f"{agency.code}/staff")


@walker.generator("head_title")
def head_title(d: walker.Draw, o: Mapping[str, Any]) -> str:
    agency = d.facts["defendant_agency"]
    position = d.drawn.get("appeared_position") or ""
    if position not in _TITLE_INDEX:
        return str(o.get("staff", "法制科科长"))
    titles = TITLES.get("government" if _is_government(agency) else agency.kind, TITLES[OrgKind.DEPARTMENT])
    return titles[_TITLE_INDEX[position]]


@walker.generator("second_number")
def second_number(d: walker.Draw, o: Mapping[str, Any]) -> str:
    """The 中院's 二审 number: its sequence of our appeals in the year (others in between)."""
    year = (d.day or date.today()).year
    appeals: dict[int, int] = _state(d.ctx)["appeals"]
    appeals[year] = appeals.get(year, 13) + 7
    return f"（{year}）浙01行终{appeals[year]}号"


# --- entry points --------------------------------------------------------------------------------


def generate(ctx: DemoContext, year: int, *, root: Path | None = None) -> None:
    """A year: its suits through the walker (`target` is not used: the year's data file says what
    the year holds)."""
    ensure_staff(ctx)
    walker.Walker(ctx, walker.load(LINE, root)).year(year)


def generate_current(ctx: DemoContext, today: date, *, root: Path | None = None) -> None:
    """The suits left pending at the end of the generated years end in the year after their
    receipt; then open suits of the last weeks, so the worklist and deadline warnings have live work."""
    ensure_staff(ctx)
    walker.Walker(ctx, walker.load(LINE, root)).current(today)
