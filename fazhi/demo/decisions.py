"""重大行政决策 demo: each year's catalogue and its decisions are data (fazhi/demo/data/decisions/
<year>.toml, current.toml); this module draws the days of their steps and takes every step through
the line's services and the engine — the same gate a bureau's decision passes (a step the data
leaves out stays missing). Actor: the district's legality reviewer (the demo login hefa), granted
on the district."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from fazhi.cases.models import Case
from fazhi.cases.services import case_transition
from fazhi.core.calendar import current_calendar
from fazhi.decisions.models import DecisionCatalogue
from fazhi.decisions.registers import CATALOGUES
from fazhi.decisions.services import FLAGS, decision_create
from fazhi.demo import walker
from fazhi.demo.context import DemoContext
from fazhi.registers.services import register_create

LINE = "decisions"
ACTOR = "hefa"
# The usual path: the state each step leads to (STAY steps are taken where their flag asks).
ORDER = ("launched", "drafting", "consulting", "reviewing", "decided", "published", "archived")


def _read(name: str, root: Path | None) -> dict[str, Any]:
    with ((root or walker.DATA) / LINE / name).open("rb") as f:
        return tomllib.load(f)


def _catalogue(ctx: DemoContext, spec: dict[str, Any], year: int) -> DecisionCatalogue:
    """The year's catalogue through the register's service (once per year)."""
    government = ctx.unit("330106-QZF")
    found = DecisionCatalogue.objects.filter(org_unit=government, year=year).first()
    if found is not None:
        return found
    values = {
        "org_unit": government,
        "year": year,
        "title": spec["title"].format(year=year),
        "approved_by": spec["approved_by"],
        "approved_on": spec["approved_on"],
        "published_on": spec["published_on"],
        "document_number": spec.get("document_number", "").format(year=year),
    }
    return register_create(actor=ctx.user(ACTOR), reg=CATALOGUES, values=values, is_demo=True)


def _day(ctx: DemoContext, start: date, low: int, high: int, today: date) -> date:
    return ctx.workday_after(start, low, high, not_after=today)


def _walk(ctx: DemoContext, item: dict[str, Any], case: Case, seq: int, today: date) -> None:
    """Take the decision's steps up to `item["end"]` (default 归档), each on a drawn day."""
    actor = ctx.user(ACTOR)
    end = item.get("end", "archived")
    skip = set(item.get("skip", ()))
    flags = set(item.get("flags", ()))
    reach = ORDER.index(end)
    cal = current_calendar()

    def step(name: str, on: date, data: dict[str, Any] | None = None) -> None:
        nonlocal case
        case = case_transition(actor=actor, case=case, name=name, data=data or {}, on=on)

    day = case.received_on
    if reach < ORDER.index("drafting"):
        return
    day = _day(ctx, day, 10, 20, today)
    step("draft", day, {"note": "起草决策草案，开展调查研究和成本效益分析。"})
    if reach < ORDER.index("consulting"):
        return
    day = _day(ctx, day, 5, 12, today)
    comment_from = day
    comment_until = comment_from + timedelta(days=ctx.rng.randint(30, 35))
    step("open_comment", day, {"comment_from": comment_from, "comment_until": comment_until})
    if "hearing_held" in flags and "hearing" not in skip:
        # Arranged two days into the comment period; materials served 12–15 days before (JC-16).
        arranged = comment_from + timedelta(days=2)
        hearing_on = comment_from + timedelta(days=ctx.rng.randint(18, 22))
        if hearing_on <= today:
            step("schedule_hearing", arranged, {"hearing_on": hearing_on})
            step("serve_materials", hearing_on - timedelta(days=ctx.rng.randint(12, 15)))
            step("hearing", hearing_on, {"hearing_participants": ctx.rng.randint(12, 25)})
            day = hearing_on
    if reach < ORDER.index("reviewing"):
        return
    day = max(_day(ctx, comment_until, 2, 7, today), day)
    count = ctx.rng.randint(8, 160)
    adopted = ctx.rng.randint(1, max(1, count // 4))
    step(
        "close_comment",
        day,
        {
            "comment_count": count,
            "comment_adoption": f"收到意见{count}条，采纳或部分采纳{adopted}条，未采纳的已说明理由。",
        },
    )
    for flag, name, data in (
        (
            "involves_expertise",
            "expertise",
            {"expert_count": ctx.rng.randint(5, 9), "note": "专家书面论证意见已签名。"},
        ),
        ("stability_risk", "risk", {"risk_level": ctx.choice(("low", "low", "medium"))}),
        ("market_activity", "fair_competition", {"fair_competition_conclusion": "未发现排除、限制竞争情形"}),
    ):
        if flag in flags and name not in skip:
            day = _day(ctx, day, 3, 10, today)
            step(name, day, data)
    if reach < ORDER.index("reviewing") or "legality" in skip:
        return
    submitted = _day(ctx, day, 1, 4, today)
    allowed = cal.nth_workday_after(submitted, ctx.rng.randint(7, 10))
    if allowed > today:
        return
    step(
        "legality",
        allowed,
        {
            "review_submitted_on": submitted,
            "review_allowed_until": allowed,
            "review_outcome": ctx.choice(("HEFA", "HEFA", "XIUGAI_HEFA")),
        },
    )
    day = allowed
    if reach < ORDER.index("decided"):
        return
    day = _day(ctx, day, 7, 20, today)
    step(
        "decide",
        day,
        {
            "meeting_kind": "standing",
            "meeting_session": f"区政府第{seq}次常务会议",
            "head_spoke_last": True,
            "head_position": "majority",
        },
    )
    if reach < ORDER.index("published"):
        return
    day = _day(ctx, day, 3, 10, today)
    step("publish", day, {"publish_channel": "西湖区人民政府门户网站、《西湖区人民政府公报》"})
    if reach < ORDER.index("archived"):
        return
    day = _day(ctx, day, 20, 40, today)
    step("archive", day, {"archive_number": f"JC{case.received_on.year}-{seq:02d}"})
    if item.get("evaluate"):
        day = _day(ctx, day, 150, 200, today)
        step("evaluate", day, {"evaluation_trigger": item["evaluate"], "note": "委托第三方开展决策后评估。"})


def _generate(ctx: DemoContext, data: dict[str, Any], year: int, today: date) -> None:
    catalogue = _catalogue(ctx, data["catalogue"], year)
    actor = ctx.user(ACTOR)
    items = data["decisions"]
    for i, item in enumerate(items, start=1):
        launched = item.get("launched_on") or (today - timedelta(days=int(item["ago"])))
        if Case.objects.filter(kind="decision", title=item["title"], decision__catalogue=catalogue).exists():
            continue
        case = decision_create(
            actor=actor,
            catalogue=catalogue,
            org_unit=ctx.unit(item["unit"]),
            title=item["title"],
            matter_type=item["matter_type"],
            launched_on=launched,
            is_demo=True,
            **{flag: flag in item.get("flags", ()) for flag in FLAGS},
        )
        _walk(ctx, item, case, 10 + i * 2, today)
        ctx.tick(f"重大行政决策 {year}年", i, len(items))


def generate(ctx: DemoContext, year: int, *, root: Path | None = None) -> None:
    """The year's catalogue and its decisions, every one to 归档 unless its data says otherwise."""
    from fazhi.cases.services import today

    _generate(ctx, _read(f"{year}.toml", root), year, today())


def generate_current(ctx: DemoContext, today: date, *, root: Path | None = None) -> None:
    """This year's catalogue and the decisions still in progress (current.toml)."""
    data = _read("current.toml", root)
    spec = dict(data["catalogue"])
    year = today.year
    published = min(date.fromisoformat(f"{year}-{spec.pop('published_month_day')}"), today)
    approved = min(date.fromisoformat(f"{year}-{spec.pop('approved_month_day')}"), published)
    data["catalogue"] = {**spec, "approved_on": approved, "published_on": published}
    _generate(ctx, data, year, today)
