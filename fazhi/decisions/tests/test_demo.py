"""The demo's decisions come from the data files through the services: decisions.catalogued is 14
in 2024 and 13 in 2023 from the records, every 2024 decision has passed the gate and published
its result, and a current decision stands before 集体讨论决定 with its missing step."""

from datetime import date

import pytest

from fazhi.cases.models import Case
from fazhi.core.demo_accounts import ensure_demo_accounts
from fazhi.core.scoping import SYSTEM
from fazhi.demo import decisions
from fazhi.demo.context import DemoContext
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, compute

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(xihu):
    ensure_demo_accounts()
    return DemoContext(seed=20241231)


def catalogued(xihu, year: int) -> int:
    wanted = [registry.get("decisions.catalogued")]
    period = Period(date(year, 1, 1), date(year, 12, 31))
    return compute(wanted, period=period, user=SYSTEM, org=xihu["330106"], compare=False)[0].value


def test_demo_years_give_the_report_figure(ctx, xihu):
    decisions.generate(ctx, 2023)
    decisions.generate(ctx, 2024)
    assert catalogued(xihu, 2024) == 14
    assert catalogued(xihu, 2023) == 13
    cases = Case.objects.filter(kind="decision", decision__catalogue__year=2024)
    assert {c.status for c in cases} == {"archived"}
    assert all(c.decision.published_on and not c.decision.missing_steps for c in cases)
    decisions.generate(ctx, 2024)  # again: nothing new
    assert catalogued(xihu, 2024) == 14


def test_current_decisions_are_in_progress(ctx, xihu):
    today = date(2025, 11, 20)
    decisions.generate_current(ctx, today)
    cases = {c.title: c for c in Case.objects.filter(kind="decision", decision__catalogue__year=2025)}
    assert len(cases) == 4
    own = cases["西湖区网络交易平台经营者合规指引"]
    assert own.status == "reviewing" and own.org_unit.code == "330106-SCJG"
    assert [m.step for m in own.decision.missing_steps] == ["fair_competition"]
    assert {c.status for c in cases.values()} == {"reviewing", "consulting", "drafting", "published"}
