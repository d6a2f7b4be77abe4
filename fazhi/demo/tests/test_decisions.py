"""重大行政决策 from records: decisions.catalogued counts the items of the catalogues published in
the period (the drill-down lists exactly those), and the demo's decisions come from the data files
through the services — 14 in 2024, 13 in 2023, every 2024 decision past the gate with its result
published, and a current one standing before 集体讨论决定 with its missing step."""

from datetime import date

import pytest

from fazhi.cases.models import Case
from fazhi.cases.services import case_transition
from fazhi.core.demo_accounts import ensure_demo_accounts
from fazhi.core.scoping import SYSTEM
from fazhi.decisions.models import DecisionCatalogue
from fazhi.decisions.services import decision_create

# The line's fixtures, as the API tests take the mediation line's.
from fazhi.decisions.tests.conftest import DECIDE, bumen, catalogue, hefa, start, walk  # noqa: F401
from fazhi.demo import decisions
from fazhi.demo.context import DemoContext
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, compute, records

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


Y2024 = Period(date(2024, 1, 1), date(2024, 12, 31))


def by_key(results):
    return {r.key: r for r in results}


def test_catalogued_counts_the_published_catalogues_items(bumen, hefa, start, walk, xihu):  # noqa: F811
    counted = [start(hefa, title=f"2024年事项{i}") for i in range(2)]
    counted.append(start(hefa, unit="330106-JYJ", title="公办幼儿园布局规划"))
    decided = walk(hefa, counted[0])
    decided = case_transition(actor=hefa, case=decided, name="decide", data=DECIDE, on=date(2024, 4, 1))
    case_transition(
        actor=hefa, case=decided, name="publish", data={"publish_channel": "政府网站"}, on=date(2024, 4, 8)
    )
    # Another year's catalogue, and a decision in no catalogue, are not counted in 2024.
    old = DecisionCatalogue.objects.create(
        org_unit=xihu["330106-QZF"],
        year=2023,
        title="2023年度目录",
        approved_by="中共杭州市西湖区委",
        approved_on=date(2023, 1, 10),
        published_on=date(2023, 1, 20),
    )
    decision_create(
        actor=hefa,
        catalogue=old,
        org_unit=xihu["330106-JYJ"],
        title="2023年事项",
        matter_type="plan",
        launched_on=date(2023, 3, 1),
    )
    decision_create(
        actor=hefa,
        catalogue=None,
        org_unit=xihu["330106-JYJ"],
        title="目录外事项",
        matter_type="other",
        launched_on=date(2024, 3, 1),
    )
    wanted = [i for i in registry.selected() if i.key.startswith("decisions.")]
    results = by_key(compute(wanted, period=Y2024, user=SYSTEM, org=xihu["330106"], compare=False))
    assert results["decisions.catalogued"].value == 3
    indicator = results["decisions.catalogued"].indicator
    rows = records(indicator.numerator, period=Y2024, org=xihu["330106"], user=SYSTEM)
    assert {c.pk for c in rows} == {c.pk for c in counted}
    # The department's own scope: only its decisions in the drill-down.
    mine = records(indicator.numerator, period=Y2024, org=xihu["330106"], user=bumen)
    assert {c.pk for c in mine} == {c.pk for c in counted[:2]}


def test_the_build_runs_the_decisions_line(ctx, xihu):
    from fazhi.demo import build

    timings = build.build(lines=("decisions",), years=(2024,), current=True, report=False, log=lambda s: None)
    assert {"decisions 2024", "decisions current"} <= set(timings)
    assert catalogued(xihu, 2024) == 14


def test_dashboard_and_drill_down_show_the_demo_catalogue(ctx, xihu, client, make_user):
    from django.urls import reverse

    from fazhi.core.roles import Role

    decisions.generate(ctx, 2024)
    client.force_login(make_user(Role.LEADER))
    html = client.get(reverse("indicators:dashboard"), {"year": "2024"}).content.decode()
    row = html.split("<td>重大行政决策事项目录</td>")[1].split("</tr>")[0]
    assert "/indicators/decisions.catalogued/records/" in row and ">14</a>" in row
    url = reverse("indicators:drill", args=["decisions.catalogued"])
    html = client.get(url, {"year": "2024", "org": "330106"}).content.decode()
    table = html.split('data-testid="drill-table"')[1].split("</table>")[0]
    assert "共 14 条" in html and table.count("/cases/decision/") == 14
