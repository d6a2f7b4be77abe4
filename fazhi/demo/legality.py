"""合法性审查 demo: the reviews are data (fazhi/demo/data/legality/, made by fazhi.demo.walker); what is
left here cannot be case data — the line's intake (which unit submitted a matter: a department for
the district centre, the reviewing 镇街 or department itself otherwise), the 法治审查员 on the register
(at least one qualified reviewer in every counted 镇街), and the 专报 citing the reviews they sum up."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from fazhi.cases.bulk import CaseEngine
from fazhi.cases.models import Case
from fazhi.core.models import OrgUnit
from fazhi.core.models.org import OrgKind, UnitFunction
from fazhi.demo import walker
from fazhi.demo.context import DemoContext
from fazhi.legality.models import LegalityBulletin, LegalityReviewer
from fazhi.legality.registers import REVIEWERS
from fazhi.legality.services import legality_bulletin_cite, legality_submit
from fazhi.registers.services import register_create

LINE = "legality"
# Departments that submit matters to the district centre (本级政府涉法事务 and departments' drafts).
SUBMITTERS = ("ZFB", "FGJ", "SCJG", "CGJ", "ZJJ", "JYJ", "ZRZY", "RSJ", "MZJ", "CZJ", "WJJ", "STHJ", "SWJ")


def draw_submission(create: dict[str, Any], d: walker.Draw) -> dict[str, Any]:
    """The submitting unit: a department for the centre, else the reviewing unit itself."""
    unit: OrgUnit = create["org_unit"]
    if unit.function == UnitFunction.LEGALITY_REVIEW:
        district = unit.code.split("-")[0]
        submitting = d.ctx.unit(f"{district}-{d.ctx.choice(SUBMITTERS)}")
    else:
        submitting = unit
    detail = {**create["detail"], "submitting_unit": submitting}
    return {**create, "detail": detail}


def submit(engine: CaseEngine, create: dict[str, Any]) -> Case:
    detail = create["detail"]
    return legality_submit(
        actor=create["actor"],
        submitting_unit=detail["submitting_unit"],
        reviewing_unit=create["org_unit"],
        matter_type=detail["matter_type"],
        title=create["title"],
        submitted_on=create["received_on"],
        submitter_name=detail.get("submitter_name", ""),
        handler=create["handler"],
        is_demo=True,
        engine=engine,
    )


walker.intake(LINE, draw=draw_submission, create=submit)


def ensure_reviewers(ctx: DemoContext, year: int) -> None:
    """法治审查员: 1–3 in every counted 镇街 (the first with 法律职业资格), 6 at the centre — once per
    build, through the register's one write path by the centre's reviewer."""
    if LegalityReviewer.objects.filter(is_demo=True).exists():
        return
    keeper = ctx.user("hefa")
    centre = OrgUnit.objects.get(code=f"{ctx.townships()[0].code[:6]}-HFSC")
    places = [(t, ctx.rng.randint(1, 3)) for t in ctx.townships()] + [(centre, 6)]
    for unit, count in places:
        for i in range(count):
            qualification = (
                "profession" if i == 0 else ctx.choice(["law_degree", "both", "profession", "none"])
            )
            register_create(
                actor=keeper,
                reg=REVIEWERS,
                values={
                    "name": ctx.faker.name(),
                    "org_unit": unit,
                    "qualification": qualification,
                    "position": "法治审查员" if unit.kind != OrgKind.OFFICE else "审查中心工作人员",
                    "appointed_on": ctx.dates_in_year(year - 1, 1)[0],
                },
                is_demo=True,
            )


def cite_reviews(ctx: DemoContext, year: int) -> None:
    """Each of the year's 专报 cites 8–15 of the centre's reviews given before it was issued."""
    keeper = ctx.user("hefa")
    for bulletin in LegalityBulletin.objects.filter(is_demo=True, issued_on__year=year).order_by("issued_on"):
        if bulletin.reviews.exists():
            continue
        candidates = list(
            Case.objects.filter(
                kind=LINE,
                org_unit__function=UnitFunction.LEGALITY_REVIEW,
                legality__reviewed_on__year=year,
                legality__reviewed_on__lte=bulletin.issued_on,
                status__in=("reviewed", "closed"),
            ).order_by("-legality__reviewed_on", "id")[:60]
        )
        picked = ctx.shuffled(candidates)[: ctx.rng.randint(8, 15)]
        if picked:
            legality_bulletin_cite(actor=keeper, bulletin=bulletin, cases=picked)


def generate(ctx: DemoContext, year: int, *, root: Path | None = None) -> None:
    """A year: the reviewers (once), the year's reviews, trainings and 专报 through the walker, then
    the 专报's citations."""
    ensure_reviewers(ctx, year)
    walker.Walker(ctx, walker.load(LINE, root)).year(year)
    cite_reviews(ctx, year)


def generate_current(ctx: DemoContext, today: date, *, root: Path | None = None) -> None:
    """Open reviews of the last weeks, so the worklists and deadline warnings have live work."""
    walker.Walker(ctx, walker.load(LINE, root)).current(today)
