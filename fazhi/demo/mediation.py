"""人民调解 demo: mediator rosters, the administrative mediation organisations, and a year of
cases per committee — received, accepted (or refused), and concluded with an agreement or not —
through the engine's services (a year's cases at ledger-import speed: fazhi.demo.batch)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fazhi.cases.bulk import SERVICES, CaseEngine
from fazhi.cases.models import Case
from fazhi.cases.services import PartyInput
from fazhi.core.models import RoleGrant, User
from fazhi.core.roles import Role
from fazhi.demo.batch import DemoBatch
from fazhi.demo.context import DemoContext
from fazhi.mediation.models import DisputeType, MediationOrganisation, Mediator, OrganisationKind

# Rough shares of the MoJ dispute types in an urban district.
DISPUTES = [
    (DisputeType.NEIGHBOUR, 22),
    (DisputeType.PROPERTY_MGMT, 14),
    (DisputeType.MARRIAGE_FAMILY, 12),
    (DisputeType.CONTRACT, 10),
    (DisputeType.DAMAGES, 9),
    (DisputeType.LABOUR, 9),
    (DisputeType.TRAFFIC, 7),
    (DisputeType.HOUSING_LAND, 5),
    (DisputeType.BUSINESS, 4),
    (DisputeType.MEDICAL, 2),
    (DisputeType.EXPROPRIATION, 2),
    (DisputeType.ENVIRONMENT, 1),
    (DisputeType.FOREST_LAND, 1),
    (DisputeType.FIRE, 1),
    (DisputeType.OTHER, 1),
]
TITLES = {
    DisputeType.NEIGHBOUR: ["楼上漏水纠纷", "噪音扰邻纠纷", "公共通道堆物纠纷", "相邻采光纠纷"],
    DisputeType.PROPERTY_MGMT: ["物业费纠纷", "停车位管理纠纷", "电梯维修费用分摊纠纷"],
    DisputeType.MARRIAGE_FAMILY: ["赡养费纠纷", "离婚财产分割纠纷", "抚养费纠纷"],
    DisputeType.CONTRACT: ["房屋租赁合同纠纷", "装修合同纠纷", "买卖合同纠纷"],
    DisputeType.DAMAGES: ["宠物伤人赔偿纠纷", "财物损坏赔偿纠纷"],
    DisputeType.LABOUR: ["拖欠工资纠纷", "工伤待遇纠纷", "解除劳动关系补偿纠纷"],
    DisputeType.TRAFFIC: ["电动车碰撞赔偿纠纷", "机动车刮擦赔偿纠纷"],
}
FAILED_ROUTES = [["litigation"], ["arbitration"], ["administrative", "litigation"]]


def build_rosters(ctx: DemoContext, year: int, target: dict) -> dict[str, list[User]]:
    """Full-time mediators (≥ 2 per counted 镇街) with accounts; administrative mediation orgs."""
    townships = ctx.townships()
    have = Mediator.objects.filter(is_demo=True, full_time=True).count()
    wanted = target["full_time_mediators"] - have
    per_town = (
        ctx.split(wanted, len(townships), minimum=2 if have == 0 else 0)
        if wanted > 0
        else [0] * len(townships)
    )
    first_build = have == 0
    for town, count in zip(townships, per_town, strict=True):
        committee = ctx.unit(f"{town.code}-TWH")
        for _ in range(count):
            person = ctx.person(born_from=1965, born_to=1995, address=False)
            # The demo login 郑调解 (tiaojie_beishan) is one of 北山's full-time mediators.
            demo_login = User.objects.filter(username="tiaojie_beishan").first()
            if (
                town.code == "330106002"
                and demo_login
                and not Mediator.objects.filter(user=demo_login).exists()
            ):
                user, name = demo_login, "郑调解"
            else:
                n = User.objects.filter(username__startswith="tj_").count() + 1
                user = User.objects.create(
                    username=f"tj_{n:03d}",
                    display_name=f"{person['name']}（{town.name}调解员）",
                    is_demo=True,
                )
                user.set_unusable_password()
                user.save(update_fields=["password"])
                name = person["name"]
            RoleGrant.objects.get_or_create(user=user, role=Role.MEDIATOR, org_unit=committee)
            joined_year = year - ctx.rng.randint(1, 6) if first_build else year
            Mediator.objects.create(
                name=name,
                committee=committee,
                user=user,
                full_time=True,
                joined_on=ctx.dates_in_year(joined_year, 1)[0],
                phone=person["phone"],
                is_demo=True,
            )
    if target.get("admin_mediation_orgs"):
        departments = ["FL", "RSJ", "ZJJ", "SCJG", "WJJ", "MZJ"]
        for code in ctx.shuffled(departments)[: target["admin_mediation_orgs"]]:
            unit = ctx.unit(f"330106-{code}")
            MediationOrganisation.objects.create(
                name=f"{unit.name}行政调解委员会",
                kind=OrganisationKind.ADMINISTRATIVE,
                org_unit=unit,
                established_on=ctx.dates_in_year(year, 1)[0],
                is_demo=True,
            )
    return mediators_by_town(ctx)


def mediators_by_town(ctx: DemoContext) -> dict[str, list[User]]:
    out: dict[str, list[User]] = {}
    for m in Mediator.objects.filter(is_demo=True, full_time=True).select_related("user", "committee"):
        out.setdefault(m.committee.code.split("-")[0], []).append(m.user)
    return out


def one_case(
    ctx: DemoContext,
    actor: User,
    committee_code: str,
    received: date,
    *,
    outcome: str,
    until: date | None = None,
) -> Callable[[CaseEngine], Case]:
    """One case, drawn now and written by the returned function through the engine it is given
    (the services, or the bulk planner: fazhi.demo.batch), so a case is the same whichever engine
    writes it. `until`: no step after this day (the year's end, so a case counted in a year is
    accepted in it, or today for live cases)."""
    dispute = ctx.weighted(DISPUTES)
    title = ctx.choice(TITLES.get(dispute, ["其他民间纠纷"]))
    enterprise = (
        dispute in (DisputeType.CONTRACT, DisputeType.BUSINESS, DisputeType.LABOUR) and ctx.rng.random() < 0.3
    )
    parties = [PartyInput(role="applicant", person=ctx.person(address=False))]
    parties.append(
        PartyInput(role="respondent", legal_entity=ctx.company())
        if enterprise
        else PartyInput(role="respondent", person=ctx.person(address=False))
    )
    create = {
        "actor": actor,
        "kind": "mediation",
        "org_unit": ctx.unit(committee_code),
        "received_on": received,
        "title": title,
        "channel": ctx.weighted([("walk_in", 6), ("phone", 2), ("referral", 1.5), ("initiative", 1)]),
        "parties": parties,
        "enterprise_related": enterprise,
        "handler": actor,
        "is_demo": True,
        "detail": {
            "dispute_type": dispute,
            "intake_mode": ctx.weighted(
                [("application", 7), ("initiative", 1.5), ("court_referral", 1), ("police_referral", 0.5)]
            ),
            "amount_involved": ctx.rng.randint(5, 800) * 100 if dispute != DisputeType.NEIGHBOUR else None,
        },
    }
    steps: list[tuple[str, date, dict]] = []  # (transition, day, data)
    if outcome == "refused":
        steps.append(("refuse", received, {"reason": "被申请人明确表示不同意调解"}))
    else:
        accepted = ctx.workday_after(received, 0, 2, not_after=until)
        steps.append(("accept", accepted, {}))
    if outcome in ("agreement", "failed"):
        closed = ctx.workday_after(accepted, 2, 26, not_after=until)
        if outcome == "agreement":
            form = ctx.weighted([("written", 8), ("oral", 2)])
            steps.append(("agree", closed, {"agreement_form": form, "content": "双方自愿达成调解协议"}))
            if ctx.rng.random() < 0.15 and (until is None or closed < until):
                visit = ctx.workday_after(closed, 10, 40, not_after=until)
                steps.append(("follow_up", visit, {"performed": "1", "note": "协议已履行"}))
        else:
            reason = {"reason": "双方分歧较大，经多次调解未能达成协议", "routes": ctx.choice(FAILED_ROUTES)}
            steps.append(("terminate", closed, reason))

    def write(engine: CaseEngine) -> Case:
        case = engine.create(**create)
        for name, on, data in steps:
            case = engine.transition(actor=actor, case=case, name=name, on=on, data=data)
        return case

    return write


def generate(ctx: DemoContext, year: int, target: dict) -> None:
    mediators = build_rosters(ctx, year, target)
    accepted, succeeded, refused = target["accepted"], target["succeeded"], target["refused"]
    outcomes = ["agreement"] * succeeded + ["failed"] * (accepted - succeeded) + ["refused"] * refused
    outcomes = ctx.shuffled(outcomes)
    dates = ctx.dates_in_year(year, len(outcomes))
    towns = sorted(mediators)
    weights = [(t, 1.0 + 0.2 * i % 3) for i, t in enumerate(towns)]
    with DemoBatch("mediation") as batch:
        for i, (received, outcome) in enumerate(zip(dates, outcomes, strict=True)):
            town = ctx.weighted(weights)
            actor = ctx.choice(mediators[town])
            committee = f"{town}-TWH"
            batch.add(one_case(ctx, actor, committee, received, outcome=outcome, until=date(year, 12, 31)))
            ctx.tick(f"人民调解 {year}", i + 1, len(outcomes))


def generate_current(ctx: DemoContext, today: date, count: int) -> None:
    """Open cases of the last weeks, so the worklists and deadline warnings have live work."""
    mediators = mediators_by_town(ctx)
    towns = sorted(mediators)
    from datetime import timedelta

    for i in range(count):
        received = ctx.workday_after(today - timedelta(days=40), 0, 38, not_after=today)
        town = ctx.choice(towns)
        one_case(
            ctx,
            ctx.choice(mediators[town]),
            f"{town}-TWH",
            received,
            outcome=ctx.weighted([("open", 6), ("agreement", 3), ("failed", 0.3)]),
            until=today,
        )(SERVICES)
        ctx.tick("人民调解 在办", i + 1, count)
