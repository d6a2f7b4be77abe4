"""decisions.catalogued from records: the items of the catalogues published in the period, and
the drill-down lists exactly those."""

from datetime import date

import pytest

from fazhi.cases.services import case_transition
from fazhi.core.scoping import SYSTEM
from fazhi.decisions.models import DecisionCatalogue
from fazhi.decisions.services import decision_create
from fazhi.decisions.tests.conftest import DECIDE
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, compute, records

pytestmark = pytest.mark.django_db
Y2024 = Period(date(2024, 1, 1), date(2024, 12, 31))


def by_key(results):
    return {r.key: r for r in results}


def test_catalogued_counts_the_published_catalogues_items(bumen, hefa, start, walk, xihu):
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
    assert results["decisions.published"].value == 1
    indicator = results["decisions.catalogued"].indicator
    rows = records(indicator.numerator, period=Y2024, org=xihu["330106"], user=SYSTEM)
    assert {c.pk for c in rows} == {c.pk for c in counted}
    # The department's own scope: only its decisions in the drill-down.
    mine = records(indicator.numerator, period=Y2024, org=xihu["330106"], user=bumen)
    assert {c.pk for c in mine} == {c.pk for c in counted[:2]}
