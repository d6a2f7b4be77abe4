"""重大行政决策事项目录 as a register: approved by the 党委 before it is published, one per year and
decision body, kept by the legality reviewer; and the decision line in the OpenAPI document."""

from datetime import date

import pytest

from fazhi.cases.workflow import WorkflowError
from fazhi.decisions.registers import CATALOGUES
from fazhi.registers.services import RegisterPermissionError, register_create

pytestmark = pytest.mark.django_db


def values(xihu, **kw):
    return {
        "org_unit": xihu["330106-QZF"],
        "year": 2024,
        "title": "杭州市西湖区人民政府2024年度重大行政决策事项目录",
        "approved_by": "中共杭州市西湖区委",
        "approved_on": date(2024, 1, 19),
        "published_on": date(2024, 1, 26),
        **kw,
    }


def test_catalogue_is_approved_before_it_is_published(hefa, xihu):
    with pytest.raises(WorkflowError) as err:
        register_create(actor=hefa, reg=CATALOGUES, values=values(xihu, approved_on=None))
    assert "第三条第三款" in err.value.errors["approved_on"]
    with pytest.raises(WorkflowError) as err:
        register_create(actor=hefa, reg=CATALOGUES, values=values(xihu, published_on=date(2024, 1, 10)))
    assert "不能早于" in err.value.errors["published_on"]
    catalogue = register_create(actor=hefa, reg=CATALOGUES, values=values(xihu))
    assert catalogue.history.count() == 1


def test_a_department_keeps_no_catalogue(bumen, xihu):
    with pytest.raises(RegisterPermissionError):
        register_create(actor=bumen, reg=CATALOGUES, values=values(xihu))


def test_openapi_describes_the_decision_steps(client, xihu):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/cases/decision/{case_id}/transitions/decide" in paths
    assert any("decision_catalogues" in p for p in paths)


def test_one_catalogue_per_year_is_told_not_a_500(hefa, xihu):
    register_create(actor=hefa, reg=CATALOGUES, values=values(xihu))
    with pytest.raises(WorkflowError) as err:
        register_create(actor=hefa, reg=CATALOGUES, values=values(xihu, title="重复的目录"))
    assert "已登记" in err.value.errors["year"]
