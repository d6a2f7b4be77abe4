"""法律援助 demo: the staff accounts (the centre's reviewers, one legal-aid clerk per 司法所 station)
and the value generators the data files name (a pool lawyer for an assignment, a lawyer's practice
and licence, a lawyer's platform account, the concluded case a commendation thanks for). The cases,
the lawyer pool, the consultations and the commendations are data (fazhi/demo/data/legal_aid/),
made by fazhi.demo.walker through the case engine and `fazhi.registers.services`.

Which date counts (fazhi/indicators/definitions.py): 受理 and the group figures by `accepted_on`,
同行评估 by `peer_evaluated_on`, 新招募律师 by `joined_on`, 咨询 by `consulted_on`, 锦旗 by
`received_on` — all inside the year the walker makes (it dates every step by 31 December).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from fazhi.cases.models import Case
from fazhi.cases.services import today as current_day
from fazhi.core.models import OrgUnit, RoleGrant, User
from fazhi.core.roles import Role
from fazhi.demo import walker
from fazhi.demo.context import DemoContext
from fazhi.legal_aid.models import LegalAidLawyer

DISTRICT = "330106"
DEMO_LAWYER_LOGIN = "lvshi"  # 周律师 (演示): in the pool, assigned a larger share of the cases
DEMO_STAFF_LOGIN = "fayuan"  # 陈法援 (演示): the centre's reviewer


# --- staff --------------------------------------------------------------------------------------


def _demo_user(username: str, display_name: str, role: str, unit: OrgUnit) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create(username=username, display_name=display_name, is_demo=True)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    RoleGrant.objects.get_or_create(user=user, role=role, org_unit=unit)
    return user


def build_staff(ctx: DemoContext) -> None:
    """The centre's reviewers (district-wide grants; demo staff stand in when the demo login 陈法援
    is absent) and one legal-aid clerk per 司法所 station (once; accounts are no register)."""
    district = ctx.unit(DISTRICT)
    if not User.objects.filter(username=DEMO_STAFF_LOGIN).exists():
        name = ctx.faker.name() if not User.objects.filter(username="fy_001").exists() else ""
        _demo_user("fy_001", f"{name}（法律援助中心）", Role.LEGAL_AID_STAFF, district)
    for n in (2, 3):
        name = ctx.faker.name() if not User.objects.filter(username=f"fy_{n:03d}").exists() else ""
        _demo_user(f"fy_{n:03d}", f"{name}（法律援助中心）", Role.LEGAL_AID_STAFF, district)
    for town in ctx.townships():
        username = f"fyz_{town.code[-3:]}"
        name = ctx.faker.name() if not User.objects.filter(username=username).exists() else ""
        _demo_user(
            username,
            f"{name}（{town.name}法律援助工作站）",
            Role.LEGAL_AID_STAFF,
            ctx.unit(f"{town.code}-SFS"),
        )


# --- value generators (walker.generator) ---------------------------------------------------------

# Kept on the build's context (`ctx.memo`): "la_pool" -> (size, pool); ("la_commended", year) ->
# cases still to thank for; "la_licences" -> licence numbers drawn.


def _pool(ctx: DemoContext) -> list[tuple[LegalAidLawyer, float]]:
    """The active demo pool, the demo login 周律师 weighted 3 (read again when the pool grew)."""
    lawyers = LegalAidLawyer.objects.filter(is_demo=True, active=True)
    size = lawyers.count()
    cached = ctx.memo.get("la_pool")
    if cached is None or cached[0] != size:
        pool = [
            (lw, 3.0 if lw.user is not None and lw.user.username == DEMO_LAWYER_LOGIN else 1.0)
            for lw in lawyers.select_related("user").order_by("joined_on", "id")
        ]
        ctx.memo["la_pool"] = cached = (size, pool)
    return cached[1]


@walker.generator("la_lawyer")
def pool_lawyer(d: walker.Draw, opts: Mapping[str, Any]) -> str:
    """承办律师 (the assignment form's value: the lawyer's id): a pool lawyer who had joined by the
    day the case was received, not the one drawn before for the same case (a reassignment);
    `demo`: the share of cases given to the demo login 周律师."""
    pool = _pool(d.ctx)
    before = getattr(d, "la_lawyer", None)
    demo = next((lw for lw, w in pool if w > 1), None)
    if demo is not None and demo.pk != before and d.ctx.rng.random() < float(opts.get("demo", 0)):
        chosen = demo
    else:
        day = d.day or date.max
        options = [(lw, w) for lw, w in pool if lw.joined_on <= day and lw.pk != before] or pool
        chosen = d.ctx.weighted(options)
    d.la_lawyer = chosen.pk  # type: ignore[attr-defined]
    return str(chosen.pk)


@walker.generator("la_licensed")
def licensed_on(d: walker.Draw, opts: Mapping[str, Any]) -> date:
    """首次执业日期: `years` (weighted, ≥ 3: the pool's condition) before the row's `joined_on`."""
    joined: date = d.values["joined_on"]
    years = int(walker.draw(opts.get("years", {"5": 1}), d))
    return date(joined.year - years, joined.month, min(joined.day, 28)) - timedelta(
        days=d.ctx.rng.randint(0, 300)
    )


@walker.generator("la_licence")
def licence_number(d: walker.Draw, opts: Mapping[str, Any]) -> str:
    """执业证号 (17 digits: region, year first licensed, kind, serial), unique in the pool."""
    licensed: date = d.values["licensed_on"]
    drawn = d.ctx.memo.setdefault("la_licences", set())  # rows of a chunk are written together
    while True:
        number = f"133010{licensed.year}{d.ctx.rng.randint(1, 2)}{d.ctx.rng.randint(0, 999_999):06d}"
        if number not in drawn and not LegalAidLawyer.objects.filter(licence_number=number).exists():
            drawn.add(number)
            return number


@walker.generator("la_account")
def lawyer_account(d: walker.Draw, opts: Mapping[str, Any]) -> str | None:
    """The lawyer's platform account (username): `username` when that account exists (the demo
    login), else for a `share` of lawyers a new demo account lv_NNN with the lawyer role."""
    if opts.get("username"):
        user = User.objects.filter(username=opts["username"]).first()
        return user.username if user is not None else None
    if d.ctx.rng.random() >= float(opts.get("share", 1.0)):
        return None
    n = User.objects.filter(username__startswith="lv_").count() + 1
    name = d.values.get("name", "")
    return _demo_user(
        f"lv_{n:03d}", f"{name}律师（演示）", Role.LEGAL_AID_LAWYER, d.ctx.unit(DISTRICT)
    ).username


@walker.generator("la_concluded_case")
def concluded_case(d: walker.Draw, opts: Mapping[str, Any]) -> Case | None:
    """A case of the row's year concluded by `closed_by` ("MM-DD") and not thanked for yet: the
    group cases first (their workers bring a banner), then the others in random order."""
    assert d.day is not None
    key = ("la_commended", d.day.year)
    if key not in d.ctx.memo:
        last = walker.Walker._month_day(d.day.year, opts.get("closed_by", "12-10"), "la_concluded_case")
        cases = list(
            Case.objects.filter(
                kind="legal_aid",
                is_demo=True,
                outcome__in=["concluded"],
                closed_on__year=d.day.year,
                closed_on__lte=last,
            )
            .select_related("legal_aid__lawyer", "org_unit")
            .order_by("closed_on", "id")
        )
        groups = [c for c in cases if c.legal_aid.is_group]
        d.ctx.memo[key] = groups + d.ctx.shuffled([c for c in cases if not c.legal_aid.is_group])
    left = d.ctx.memo[key]
    return left.pop(0) if left else None


@walker.generator("la_case_field")
def case_field(d: walker.Draw, opts: Mapping[str, Any]) -> Any:
    """What a commendation takes from its case: `field` = lawyer, org_unit, giver (the first
    applicant; a group's workers), or received_on (3–20 days after the case closed)."""
    case: Case | None = d.values.get("case")
    what = opts["field"]
    if case is None:
        return None
    if what == "lawyer":
        return case.legal_aid.lawyer
    if what == "org_unit":
        return case.org_unit
    if what == "giver":
        first = case.parties.filter(role="applicant").order_by("order").values_list("name", flat=True).first()
        detail = case.legal_aid
        return f"{first}等{detail.applicant_count}名农民工" if detail.is_group else first or "受援人"
    if what == "received_on":
        assert case.closed_on is not None and d.day is not None
        last = min(date(d.day.year, 12, 31), current_day())
        return d.ctx.workday_after(case.closed_on, 3, 20, not_after=last)
    raise walker.DataError(f"la_case_field 不认识 field = {what!r}")


@walker.generator("la_caller")
def caller(d: walker.Draw, opts: Mapping[str, Any]) -> str:
    """咨询人 as a 12348 operator notes a caller (surname and 先生/女士)."""
    return f"{d.ctx.faker.last_name()}{d.ctx.choice(['先生', '女士'])}"


# --- a year -------------------------------------------------------------------------------------


def generate(ctx: DemoContext, year: int, *, root: Path | None = None) -> None:
    """A year: the staff accounts, then what the year's data file holds (the pool's recruits, the
    cases, the commendations and consultations) through the walker (`target` is not used)."""
    build_staff(ctx)
    walker.Walker(ctx, walker.load("legal_aid", root)).year(year)


def generate_current(ctx: DemoContext, today: date, *, root: Path | None = None) -> None:
    """Applications of the last weeks at every stage (the centre's worklist, the 临期/超期 list and
    the demo lawyer's own list have live work) and the recent consultations."""
    build_staff(ctx)
    walker.Walker(ctx, walker.load("legal_aid", root)).current(today)
