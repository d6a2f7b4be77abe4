"""The demo register reproduces the report's figures from records, through the indicators:
normative.filed 5 and normative.repealed 8 in 2024, 2023 at roughly 90% (one late filing)."""

from datetime import date, timedelta

from fazhi.core.demo_accounts import ensure_demo_accounts
from fazhi.core.scoping import SYSTEM
from fazhi.demo import normative as demo
from fazhi.demo.context import DemoContext
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, compute
from fazhi.normative.models import CleanupCampaign, NormativeDocument
from fazhi.registers.services import today

KEYS = ("normative.filed", "normative.repealed", "normative.filing_timely_rate")


def year_figures(xihu, year):
    period = Period(date(year, 1, 1), date(year, 12, 31))
    results = compute(
        [registry.get(k) for k in KEYS], period=period, org=xihu["330106"], user=SYSTEM, compare=False
    )
    return {r.key: r.value for r in results}


def test_the_demo_reproduces_the_report(xihu):
    ensure_demo_accounts()
    ctx = DemoContext(seed=20241231)
    demo.generate(ctx, 2023)
    demo.generate(ctx, 2024)
    demo.generate(ctx, 2024)  # idempotent
    demo.generate_current(ctx, today())
    demo.generate_current(ctx, today())
    assert 40 <= NormativeDocument.objects.count() <= 60
    assert year_figures(xihu, 2024) == {
        "normative.filed": 5,
        "normative.repealed": 8,
        "normative.filing_timely_rate": 100,
    }
    assert year_figures(xihu, 2023) == {
        "normative.filed": 4,
        "normative.repealed": 7,
        "normative.filing_timely_rate": 75,
    }
    campaign = CleanupCampaign.objects.get()
    assert campaign.status == "published" and campaign.results.count() > 20
    # The 90-day warning has live documents whatever day the demo is built.
    warned = [d for d in NormativeDocument.objects.filter(status__in=["valid", "revising"]) if d.valid_until
              and (d.valid_until - today()).days <= 90]  # fmt: skip
    assert len(warned) == 2
    # Live work: a document of the last weeks still owing its 市政府 filing.
    live = NormativeDocument.objects.get(published_on=today() - timedelta(days=12))
    assert live.npc_filed_on and live.city_filed_on is None and live.filed_on_time is None
