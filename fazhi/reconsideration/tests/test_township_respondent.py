"""Issue 15.2: 行政复议法 art. 24.1(1) — a 乡人民政府 is a respondent the county government handles,
like a 镇 or a 街道 (a 乡 is its own org kind now)."""

from fazhi.core import onboarding
from fazhi.core.models import OrgUnit
from fazhi.core.models.org import OrgKind
from fazhi.reconsideration.services import agency_for


def test_a_xiang_is_a_respondent(db):
    onboarding.onboard("330127")  # 淳安县: 12 乡
    unit = agency_for("330127200", "respondent_agency", list(OrgUnit.objects.filter(code="330127")))
    assert unit.name == "里商乡" and unit.kind == OrgKind.TOWNSHIP
