"""Fixtures of the 重大行政决策 tests: the 2024 catalogue, a department's legal officer, the
district's legality reviewer, a started decision and `walk` to take it through its steps."""

from datetime import date

import pytest

from fazhi.cases.services import case_transition
from fazhi.core.roles import Role
from fazhi.decisions.models import DecisionCatalogue
from fazhi.decisions.services import decision_create

# The usual path's steps with lawful data, in order (dates in 2024).
STEPS = (
    ("draft", date(2024, 2, 5), {}),
    ("open_comment", date(2024, 2, 10), {"comment_from": "2024-02-10", "comment_until": "2024-03-12"}),
    ("close_comment", date(2024, 3, 15), {"comment_count": 12, "comment_adoption": "采纳8条，部分采纳2条。"}),
    (
        "legality",
        date(2024, 3, 27),
        {
            "review_submitted_on": "2024-03-15",
            "review_allowed_until": "2024-03-26",
            "review_outcome": "HEFA",
        },
    ),
)
DECIDE = {
    "meeting_kind": "standing",
    "meeting_session": "区政府第35次常务会议",
    "head_spoke_last": True,
    "head_position": "majority",
}


@pytest.fixture
def bumen(make_user):
    """区市场监管局 法制科 (DEPARTMENT_OFFICER on 330106-SCJG), as the demo account."""
    return make_user(Role.DEPARTMENT_OFFICER, "330106-SCJG", username="bumen", display_name="钱法制")


@pytest.fixture
def hefa(make_user):
    return make_user(Role.LEGALITY_REVIEWER, "330106", username="hefa", display_name="冯审查")


@pytest.fixture
def catalogue(xihu):
    return DecisionCatalogue.objects.create(
        org_unit=xihu["330106-QZF"],
        year=2024,
        title="西湖区2024年度重大行政决策事项目录",
        approved_by="中共杭州市西湖区委",
        approved_on=date(2024, 1, 20),
        published_on=date(2024, 1, 26),
    )


@pytest.fixture
def start(catalogue, xihu):
    """start(actor, unit='330106-SCJG', **flags) -> a decision started on 2024-02-01."""

    def make(actor, unit="330106-SCJG", title="西湖区农贸市场提升改造实施方案", **kw):
        values = {"matter_type": "policy", "launched_on": date(2024, 2, 1), **kw}
        return decision_create(actor=actor, catalogue=catalogue, org_unit=xihu[unit], title=title, **values)

    return make


@pytest.fixture
def walk():
    """walk(actor, case, skip=()) takes the usual steps up to (not including) 集体讨论决定."""

    def run(actor, case, skip=(), replace=None):
        for name, on, data in STEPS:
            if name in skip:
                continue
            data = {**data, **((replace or {}).get(name, {}))}
            case = case_transition(actor=actor, case=case, name=name, data=data, on=on)
        return case

    return run
