"""行政规范性文件 demo: Xihu's register of documents 2019–2024 as data
(fazhi/demo/data/normative/documents.toml), written through the register's one write path, its
filing / repeal / expiry steps and the clean-up service — so every figure comes from records."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from fazhi.core.lawconfig import law_config
from fazhi.demo import walker
from fazhi.demo.context import DemoContext
from fazhi.law.normative import filings as law_filings
from fazhi.normative import services
from fazhi.normative.models import CleanupCampaign, CleanupResultCode, NormativeDocument
from fazhi.normative.registers import DOCUMENTS
from fazhi.registers.services import register_create, register_transition, today

DISTRICT = "330106"
KEEPER = "hefa"  # the bureau's 合法性审查 reviewer keeps the district's register


def load(root: Path | None = None) -> dict[str, Any]:
    path = (root or walker.DATA) / "normative" / "documents.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _valid_until(published: date, years: int) -> date:
    try:
        end = published.replace(year=published.year + years)
    except ValueError:  # 29 February
        end = published.replace(year=published.year + years, day=28)
    return end - timedelta(days=1)


def _document(ctx: DemoContext, actor: Any, d: dict[str, Any]) -> NormativeDocument:
    published = date.fromisoformat(f"{d['year']}-{d['on']}")
    number = f"{d['prefix']}〔{d['year']}〕{d['seq']}号"
    existing = NormativeDocument.objects.filter(doc_number=number).first()
    if existing is not None:
        return existing
    filings = {f.body: f.due for f in law_filings(published, config=law_config())}
    npc = ctx.workday_after(published, 8, 24, not_after=filings["npc"])
    city = ctx.workday_after(published, 8, 24, not_after=filings["city"])
    if d.get("late"):
        city = filings["city"] + timedelta(days=int(d["late"]))
    is_government = d["unit"] in ("QZF", "ZFB")
    values: dict[str, Any] = {
        "org_unit": ctx.unit(f"{DISTRICT}-{d['unit']}"),
        "doc_number": number,
        "title": d["title"],
        "published_on": published,
        "effective_on": ctx.workday_after(published, 10, 31),
        "meeting": f"区政府第{ctx.rng.randint(20, 80)}次常务会议" if is_government else "局长办公会议",
        "decided_on": published - timedelta(days=ctx.rng.randint(7, 20)),
        "reviewed_on": published - timedelta(days=ctx.rng.randint(21, 40)),
        "npc_filed_on": npc,
        "city_filed_on": city,
    }
    if d.get("valid"):
        values["valid_until"] = _valid_until(published, int(d["valid"]))
    if d.get("warn"):
        values["valid_until"] = today() + timedelta(days=int(d["warn"]))
    return register_create(actor=actor, reg=DOCUMENTS, values=values, is_demo=True)


def generate(ctx: DemoContext, year: int, *, root: Path | None = None) -> None:
    """The register as it stood at the end of `year`: the documents published by then, the repeals
    and expiries of that year, and that year's clean-up (idempotent: built years are kept)."""
    data = load(root)
    actor = ctx.user(KEEPER)
    for d in data["documents"]:
        if d["year"] > year:
            continue
        doc = _document(ctx, actor, d)
        ended = d.get("ended")
        if ended and date.fromisoformat(ended).year <= year and doc.in_force:
            step = "repeal" if d.get("end") == "repeal" else "expire"
            reason = "因上位法修改废止" if step == "repeal" else "有效期届满失效"
            register_transition(
                actor=actor,
                reg=DOCUMENTS,
                obj=doc,
                name=step,
                data={"reason": reason},
                on=date.fromisoformat(ended),
            )
    campaign = data.get("cleanup", {}).get(str(year))
    if campaign:
        _cleanup(ctx, actor, data["documents"], campaign)


def _cleanup(ctx: DemoContext, actor: Any, documents: list[dict[str, Any]], spec: dict[str, Any]) -> None:
    district = ctx.unit(DISTRICT)
    if CleanupCampaign.objects.filter(title=spec["title"]).exists():
        return
    campaign = services.cleanup_start(
        actor=actor,
        title=spec["title"],
        org_unit=district,
        started_on=date.fromisoformat(spec["started"]),
        is_demo=True,
    )
    wanted = {f"{d['prefix']}〔{d['year']}〕{d['seq']}号": d.get("cleanup", "keep") for d in documents}
    notes = {
        CleanupResultCode.REPEAL: "不符合优化营商环境要求，予以废止",
        CleanupResultCode.EXPIRE: "有效期届满或调整对象已消失，宣布失效",
        CleanupResultCode.REVISE: "部分条款与上位法不一致，列入修改计划",
        CleanupResultCode.KEEP: "",
    }
    results = {}
    for doc in services.cleanup_documents(campaign):
        code = CleanupResultCode(wanted.get(doc.doc_number, "keep"))
        results[doc.pk] = (code.value, notes[code])
    services.cleanup_record(actor=actor, campaign=campaign, results=results)
    services.cleanup_publish(actor=actor, campaign=campaign, on=date.fromisoformat(spec["published"]))


def generate_current(ctx: DemoContext, today: date, *, root: Path | None = None) -> None:
    """Documents of the last weeks still owing a filing, so the worklist has live work."""
    path = (root or walker.DATA) / "normative" / "current.toml"
    actor = ctx.user(KEEPER)
    for d in tomllib.loads(path.read_text(encoding="utf-8"))["documents"]:
        published = today - timedelta(days=int(d["days_ago"]))
        number = f"{d['prefix']}〔{published.year}〕{d['seq']}号"
        if NormativeDocument.objects.filter(doc_number=number).exists():
            continue
        values: dict[str, Any] = {
            "org_unit": ctx.unit(f"{DISTRICT}-{d['unit']}"),
            "doc_number": number,
            "title": d["title"],
            "published_on": published,
            "effective_on": published + timedelta(days=30),
            "meeting": f"区政府第{ctx.rng.randint(20, 80)}次常务会议",
            "decided_on": published - timedelta(days=10),
            "reviewed_on": published - timedelta(days=25),
        }
        if d.get("npc_filed_after") is not None:
            values["npc_filed_on"] = published + timedelta(days=int(d["npc_filed_after"]))
        register_create(actor=actor, reg=DOCUMENTS, values=values, is_demo=True)
