"""人民调解 demo: mediator rosters and the administrative mediation organisations; the cases
themselves are data (fazhi/demo/data/mediation/, made by fazhi.demo.walker)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fazhi.core.models import RoleGrant, User
from fazhi.core.roles import Role
from fazhi.demo import walker
from fazhi.demo.context import DemoContext
from fazhi.mediation.models import Mediator, OrganisationKind
from fazhi.mediation.registers import MEDIATORS, ORGANISATIONS
from fazhi.registers.services import register_create, today


def build_rosters(ctx: DemoContext, year: int, target: dict) -> None:
    """Full-time mediators (≥ 2 per counted 镇街) with accounts; administrative mediation orgs —
    entered through the registers' one write path by the bureau's system administrator."""
    keeper = ctx.user("admin")
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
            register_create(
                actor=keeper,
                reg=MEDIATORS,
                values={
                    "name": name,
                    "committee": committee,
                    "user": user,
                    "full_time": True,
                    "joined_on": ctx.dates_in_year(joined_year, 1)[0],
                    "phone": person["phone"],
                },
                is_demo=True,
            )
    if target.get("admin_mediation_orgs"):
        departments = ["FL", "RSJ", "ZJJ", "SCJG", "WJJ", "MZJ"]
        for code in ctx.shuffled(departments)[: target["admin_mediation_orgs"]]:
            unit = ctx.unit(f"330106-{code}")
            register_create(
                actor=keeper,
                reg=ORGANISATIONS,
                values={
                    "name": f"{unit.name}行政调解委员会",
                    "kind": OrganisationKind.ADMINISTRATIVE,
                    "org_unit": unit,
                    "established_on": ctx.dates_in_year(min(year, today().year), 1, until=today())[0],
                },
                is_demo=True,
            )


def generate(ctx: DemoContext, year: int, *, root: Path | None = None) -> None:
    """A year: the rosters its data file asks for, then its cases through the walker."""
    data = walker.load("mediation", root)
    build_rosters(ctx, year, data.years[year].get("rosters", {}))
    walker.Walker(ctx, data).year(year)


def generate_current(ctx: DemoContext, today: date, *, root: Path | None = None) -> None:
    """Open cases of the last weeks, so the worklists and deadline warnings have live work."""
    walker.Walker(ctx, walker.load("mediation", root)).current(today)
