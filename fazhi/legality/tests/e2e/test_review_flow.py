"""合法性审查 in Chromium: a department (部门法制工作人员) submits a normative-document draft → the
district centre asks for material → material arrives → the centre gives its opinion → the
department records adoption. The steps are `review_a_normative_draft` of fazhi.cases.tests.e2e.steps
(the joint walk in fazhi/normative/tests/e2e/test_draft_to_register.py goes on from it)."""

import pytest

from fazhi.cases.tests.e2e.steps import review_a_normative_draft
from fazhi.core.roles import Role

pytestmark = pytest.mark.e2e


def test_a_department_submits_a_normative_draft_and_records_adoption(page, login, make_user, screenshot):
    make_user(Role.DEPARTMENT_OFFICER, "330106-SCJG", username="bumen_e2e", display_name="市场监管局 钱法制")
    make_user(Role.LEGALITY_REVIEWER, "330106", username="hefa_e2e", display_name="审查中心 冯审查")
    case = review_a_normative_draft(
        page,
        login,
        department="bumen_e2e",
        centre="hefa_e2e",
        title="《西湖区食品摊贩管理办法（送审稿）》",
        screenshot=screenshot,
    )
    assert (case.outcome, case.legality.adoption, case.org_unit.function) == (
        "XIUGAI_HEFA",
        "adopted",
        "legality_review",
    )
    screenshot(page, "legality-adopted")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "legality-adopted-phone")
