"""The 行政规范性文件 register's REST endpoints: created through the register service (文号
normalised, errors per field), listed within the caller's scope."""

import pytest

from fazhi.core.roles import Role
from fazhi.normative.registers import DOCUMENTS
from fazhi.registers.services import register_create

BASE = "/api/registers/normative"


@pytest.fixture
def reviewer(make_user):
    return make_user(Role.LEGALITY_REVIEWER, "330106")


@pytest.fixture
def scjg(make_user):
    return make_user(Role.DEPARTMENT_OFFICER, "330106-SCJG")


def new_doc(actor, number, unit):
    values = {
        "org_unit": unit,
        "doc_number": number,
        "title": f"关于{number}的规定",
        "published_on": "2024-03-01",
    }
    return register_create(actor=actor, reg=DOCUMENTS, values=values)


def test_api_create_and_scope(api, reviewer, scjg):
    other = new_doc(reviewer, "西教规〔2024〕1号", "330106-JYJ")
    client = api(scjg)
    body = {
        "org_unit": "330106-SCJG",
        "doc_number": "西市监规(2024)2号",
        "title": "质量奖励办法",
        "published_on": "2024-04-01",
    }
    created = client.post(f"{BASE}/", body)
    assert created.status_code in (200, 201), created.content
    assert created.json()["values"]["doc_number"] == "西市监规〔2024〕2号"
    bad = client.post(f"{BASE}/", {**body, "doc_number": "西市监规〔2024〕"})
    assert (
        bad.status_code == 400
        and "不符合“机关代字〔年份〕序号号”的格式" in bad.json()["errors"]["doc_number"]
    )
    listed = client.get(f"{BASE}/").json()
    numbers = [r["values"]["doc_number"] for r in listed["items"]]
    assert numbers == ["西市监规〔2024〕2号"]
    assert client.get(f"{BASE}/{other.pk}").status_code == 404
    assert len(api(reviewer).get(f"{BASE}/").json()["items"]) == 2
