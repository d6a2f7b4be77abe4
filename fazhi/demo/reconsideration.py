"""行政复议 demo: the 行政复议局's staff, and the generators the data files name (the act applied
against with its agency, dates and amount; the procedure FY-14 allows; the head who approves).
The cases themselves — received, 补正, 不予受理, accepted, answered, extended or suspended, decided,
settled, the pending ones concluded early the next year, the 行政复议意见书 with their replies —
are data (fazhi/demo/data/reconsideration/, made by fazhi.demo.walker)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings

from fazhi.cases.services import PartyInput
from fazhi.core.models import RoleGrant, User
from fazhi.core.models.org import UnitFunction
from fazhi.core.orgtree import unit_for
from fazhi.core.roles import Role
from fazhi.demo import walker
from fazhi.demo.context import DemoContext

STAFF = 5  # 复议局 staff besides the demo login 李复议 (fuyi); the first is its 局长


def build_staff(ctx: DemoContext) -> list[User]:
    """The 复议局's staff (fy_01 … fy_05, the first its 局长), each granted the officer's role there."""
    # 区人民政府行政复议局: the demo district's unit with that 职能 (org tree), whatever its code.
    office = unit_for(ctx.unit(settings.FAZHI_DISTRICT_CODE), UnitFunction.RECONSIDERATION_OFFICE)
    people = []
    for i in range(1, STAFF + 1):
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
    return people


# --- generators the data files name --------------------------------------------------------------


def _acts(
    options: Mapping[str, Any], enterprise: bool, category: str = ""
) -> list[tuple[tuple[str, Mapping[str, Any]], float]]:
    """(agency code, act kind) with weights: an agency's share split over the kinds that fit; of
    `category` only, when a want asks for one (a failure to act for 责令履行 / 驳回复议请求, arts. 66,
    69) — by anyone, if no act of the category fits the applicant."""
    wants = [("enterprise" if enterprise else "person", "both")]
    if category:
        wants.append(("enterprise", "person", "both"))
    for who in wants:
        out = []
        for agency in options["agencies"]:
            acts = [a for a in agency["acts"] if not category or a["category"] == category]
            fitting = [a for a in acts if a.get("who", "both") in who]
            out += [((agency["code"], a), float(agency["weight"]) / len(fitting)) for a in fitting]
        if out:
            break
    return out


@walker.generator("reconsideration_intake")
def intake(d: walker.Draw, o: Mapping[str, Any]) -> dict[str, Any]:
    """The application as the intake form records it, drawn together: the act (agency, category, 文号,
    amount), how and when it was served (within the application period), the respondent, any
    第三人 and 容缺接收 (enterprise applicants), and the title."""
    ctx, received = d.ctx, d.day
    assert received is not None
    rng = ctx.rng
    enterprise = any(p.legal_entity is not None for p in d.drawn.get("parties", ()))
    agency, act = ctx.weighted(_acts(o, enterprise, (d.drawn.get("detail") or {}).get("act_category", "")))
    mailed_on = received - timedelta(days=rng.randint(1, 4)) if d.drawn.get("channel") == "mail" else None
    filed = mailed_on or received
    matter = ctx.choice(act["matters"])
    amount_range = act.get("amount")
    warning = amount_range is not None and rng.random() < float(act.get("warning_share", 0))
    spot = not warning and rng.random() < float(act.get("spot_share", 0))
    amount = None
    if amount_range and not warning:
        low, high = amount_range
        raw = rng.choice([low, low, (low + high) // 4, high // 2, high]) * rng.uniform(0.5, 1)
        amount = max(round(raw / 100) * 100, 100)
    category = act["category"]
    service = filed - timedelta(days=rng.randint(3, 50))  # within the 60 days (FY-01)
    if category == "nonperformance":
        mode = "PROVEN_KNOWLEDGE"
    elif spot:
        mode = "ON_THE_SPOT"
    else:
        mode = ctx.weighted(
            [("DIRECT", 60), ("POSTAL", 35), ("ANNOUNCEMENT", 0 if category == "info_disclosure" else 5)]
        )
    act_date = (
        service
        if mode in ("ON_THE_SPOT", "PROVEN_KNOWLEDGE")
        else service - timedelta(days=rng.randint(0, 8))
    )
    if mode == "ANNOUNCEMENT":
        act_date = service - timedelta(days=rng.randint(30, 60))  # served when the announcement ran out
    if act.get("doc"):
        number = rng.randint(5, 2400 if category == "penalty" else 400)
        label = "行政处罚决定（警告）" if warning else act["label"]
        description = f"{act['doc']}〔{act_date.year}〕{number}号{label}（{matter}）"
    else:
        description = f"{act['label']}（{matter}）"
    unit = ctx.unit(f"{settings.FAZHI_DISTRICT_CODE}-{agency}")
    detail: dict[str, Any] = {
        "act_category": category,
        "act_description": description,
        "service_mode": mode,
        "service_date": service,
        "respondent_agency": unit,
        "compensation_requested": category in ("penalty", "coercion") and rng.random() < 0.08,
    }
    if category != "nonperformance":
        detail["act_date"] = act_date
    if mailed_on is not None:
        detail["mailed_on"] = mailed_on
    if amount is not None:
        detail["amount_involved"] = amount
    if enterprise and rng.random() < float(o.get("incomplete_share", 0)):  # 容缺接收
        detail.update(incomplete_intake=True, missing_items=ctx.choice(o["missing_items"]))
    parties = [PartyInput(role="respondent", org_unit=unit)]
    if act.get("third_party") or (
        category == "nonperformance" and rng.random() < float(o.get("third_party_share", 0))
    ):  # the other side of a 工伤认定, or the business complained about: 第三人 (art. 16)
        third = ctx.person() if enterprise else None
        parties.append(
            PartyInput(role="third_party", person=third)
            if third is not None
            else PartyInput(role="third_party", legal_entity=ctx.company())
        )
    return {"detail": detail, "parties": parties, "title": f"不服{unit.name}{description}"[:200]}


@walker.generator("reconsideration_procedure")
def procedure(d: walker.Draw, o: Mapping[str, Any]) -> str:
    """简易程序 (a share of the cases FY-14 item 1–4 allows: made on the spot, ≤ 3,000 yuan, 政府信息
    公开), else 普通程序."""
    detail = d.drawn.get("detail") or {}
    amount = detail.get("amount_involved")
    eligible = (
        detail.get("service_mode") == "ON_THE_SPOT"
        or detail.get("act_category") == "info_disclosure"
        or (amount is not None and amount <= 3000)
    )
    share = float(o.get("simplified_share", 0.7))
    return "simplified" if eligible and d.ctx.rng.random() < share else "ordinary"


@walker.generator("reconsideration_head")
def head(d: walker.Draw, o: Mapping[str, Any]) -> str:
    """行政复议机构负责人 as the approval forms record them (the 局长, fy_01)."""
    user = User.objects.filter(username="fy_01").first()
    return user.display_name if user is not None else "复议局局长"


# --- `fazhi demo`'s steps ------------------------------------------------------------------------


def generate(ctx: DemoContext, year: int, *, root: Path | None = None) -> None:
    """A year: its applications (and the year before's pending ones, concluded in it) as its data
    file says; `target` is not used."""
    build_staff(ctx)
    walker.Walker(ctx, walker.load("reconsideration", root)).year(year)


def generate_current(ctx: DemoContext, today: date, *, root: Path | None = None) -> None:
    """Applications of the last weeks, left where a working office would have them."""
    build_staff(ctx)
    walker.Walker(ctx, walker.load("reconsideration", root)).current(today)
