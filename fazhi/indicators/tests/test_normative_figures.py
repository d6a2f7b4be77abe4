"""normative.filed, normative.repealed and the 报备及时率 from records; the drill-down lists exactly
the rows counted."""

from datetime import date

import pytest
from django.urls import reverse

from fazhi.core.roles import Role
from fazhi.core.scoping import SYSTEM
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, compute, records
from fazhi.normative.registers import DOCUMENTS
from fazhi.registers.services import register_create, register_transition

YEAR = Period(date(2024, 1, 1), date(2024, 12, 31))


@pytest.fixture
def reviewer(make_user):
    return make_user(Role.LEGALITY_REVIEWER, "330106")


@pytest.fixture
def scjg(make_user):
    return make_user(Role.DEPARTMENT_OFFICER, "330106-SCJG")


@pytest.fixture
def new_doc(reviewer):
    def make(number, published="2024-03-01", unit="330106-QZF", actor=None, **values):
        data = {
            "org_unit": unit,
            "doc_number": number,
            "title": f"关于{number}的规定",
            "published_on": published,
        }
        return register_create(actor=actor or reviewer, reg=DOCUMENTS, values={**data, **values})

    return make


def figures(xihu, user=SYSTEM):
    keys = ("normative.filed", "normative.repealed", "normative.filing_timely_rate")
    results = compute(
        [registry.get(k) for k in keys], period=YEAR, org=xihu["330106"], user=user, compare=False
    )
    return {r.key: r for r in results}


def test_figures_and_drill_down(new_doc, reviewer, xihu, client, make_user):
    filed = dict(reviewed_on="2024-02-20", npc_filed_on="2024-03-10", city_filed_on="2024-03-12")
    counted = new_doc(number="西政发〔2024〕1号", **filed)
    late = new_doc(number="西政发〔2024〕2号", **{**filed, "city_filed_on": "2024-04-15"})
    unreviewed = new_doc(number="西政发〔2024〕3号", npc_filed_on="2024-03-10", city_filed_on="2024-03-12")
    owing = new_doc(number="西政发〔2024〕4号", reviewed_on="2024-02-20", npc_filed_on="2024-03-10")
    new_doc(number="西政发〔2023〕5号", published="2023-05-01", **{**filed, "reviewed_on": "2023-04-01",
            "npc_filed_on": "2023-05-10", "city_filed_on": "2023-05-12"})  # fmt: skip
    old = new_doc(number="西政发〔2019〕6号", published="2019-05-01")
    register_transition(actor=reviewer, reg=DOCUMENTS, obj=old, name="repeal", data={"reason": "清理"},
                        on=date(2024, 11, 1))  # fmt: skip
    f = figures(xihu)
    assert f["normative.filed"].value == 2
    assert f["normative.repealed"].value == 1
    # timely: 西政发〔2024〕1号 and 3号 (both filed in time) of 4 owed (filed, or past due).
    rate = f["normative.filing_timely_rate"]
    assert (rate.numerator, rate.denominator) == (2, 4) and rate.value == 50
    # Each key's drill-down rows are exactly the documents counted.
    drilled = lambda key, part="numerator": {  # noqa: E731
        d.pk for d in records(getattr(registry.get(key), part), period=YEAR, org=xihu["330106"], user=SYSTEM)
    }
    assert drilled("normative.filed") == {counted.pk, late.pk}
    assert drilled("normative.repealed") == {old.pk}
    assert drilled("normative.filing_timely_rate") == {counted.pk, unreviewed.pk}
    assert drilled("normative.filing_timely_rate", "denominator") == {
        counted.pk,
        late.pk,
        unreviewed.pk,
        owing.pk,
    }
    client.force_login(make_user("leader"))
    response = client.get(
        reverse("indicators:drill", args=["normative.filed"]) + "?from=2024-01-01&to=2024-12-31&org=330106"
    )
    assert response["Location"].startswith(reverse("registers:list", args=["normative"]))
    page = client.get(response["Location"]).content.decode()
    assert counted.doc_number in page and late.doc_number in page
    assert "西政发〔2024〕3号" not in page and "西政发〔2024〕4号" not in page and "共 2 条" in page


def test_a_department_counts_its_own(new_doc, scjg, xihu):
    new_doc(number="西市监规〔2024〕1号", unit="330106-SCJG", reviewed_on="2024-02-20",
            npc_filed_on="2024-03-10", city_filed_on="2024-03-12", actor=scjg)  # fmt: skip
    new_doc(number="西政发〔2024〕1号", reviewed_on="2024-02-20", npc_filed_on="2024-03-10",
            city_filed_on="2024-03-12")  # fmt: skip
    assert figures(xihu)["normative.filed"].value == 2
    assert figures(xihu, user=scjg)["normative.filed"].value == 1


def test_the_dashboard_shows_the_section(new_doc, client, make_user, xihu):
    new_doc(
        number="西政发〔2024〕1号",
        reviewed_on="2024-02-20",
        npc_filed_on="2024-03-10",
        city_filed_on="2024-03-12",
    )
    client.force_login(make_user("leader"))
    html = client.get(
        reverse("indicators:dashboard") + "?from=2024-01-01&to=2024-12-31&org=330106"
    ).content.decode()
    section = html.split('data-testid="section-法治政府"')[1].split("</tbody>")[0]
    assert "法治政府" in section and "审查并报备的规范性文件" in section and "规范性文件报备及时率" in section
