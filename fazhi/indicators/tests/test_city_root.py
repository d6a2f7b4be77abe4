"""Issue 15: a city root above districts — 桐庐县 and 淳安县 onboarded under 杭州市 (330100). A
leader granted at the city sees every district on the 驾驶舱: the city's total in the tiles and a
row per district; a district's leader sees only theirs."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import Workbook

from fazhi.cases.ledger import run_import
from fazhi.cases.models import ImportJob
from fazhi.core import onboarding
from fazhi.core.models import OrgUnit, RoleGrant
from fazhi.core.models.org import OrgKind
from fazhi.core.roles import Role
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, compute
from fazhi.indicators.views import widest_unit
from fazhi.mediation.tests import test_ledger as mediation_ledger

CITY, TONGLU, CHUNAN = "330100", "330122", "330127"
Y2024 = Period(date(2024, 1, 1), date(2024, 12, 31))
COMMITTEES = {TONGLU: "330122004-TWH", CHUNAN: "330127200-TWH"}


@pytest.fixture
def city(db, settings, tmp_path, make_user):
    settings.MEDIA_ROOT = tmp_path
    onboarding.onboard(TONGLU, city=True)
    onboarding.onboard(CHUNAN)  # the city is there: the county goes under it by itself
    root = OrgUnit.objects.get(code=CITY)
    assert (root.kind, root.name, root.parent_id) == (OrgKind.CITY, "杭州市", None)
    for code in (TONGLU, CHUNAN):
        district = OrgUnit.objects.get(code=code)
        assert district.parent == root and district.path == f"/{CITY}/{code}/"
    # Cases in each district: 3 in 桐庐, 2 in 淳安 (a mediation ledger per district).
    for code, n in ((TONGLU, 3), (CHUNAN, 2)):
        clerk = make_user(Role.JUSTICE_OFFICE_STAFF, "330106", username=f"clerk-{code}")
        RoleGrant.objects.filter(user=clerk).update(org_unit=OrgUnit.objects.get(code=code))
        wb = Workbook()
        wb.active.append(mediation_ledger.HEADERS)
        for i in range(n):
            wb.active.append(mediation_ledger.row(f"C{code}-{i}", 调解委员会=COMMITTEES[code]))
        buffer = io.BytesIO()
        wb.save(buffer)
        job = ImportJob.objects.create(
            kind="mediation",
            file=ContentFile(buffer.getvalue(), name="t.xlsx"),
            filename="t.xlsx",
            created_by=clerk,
        )
        job = run_import(job)
        assert (job.created_count, job.rejected) == (n, []), job.rejected
    return root


def _leader(make_user, code: str, username: str):
    leader = make_user(Role.LEADER, "330106", username=username)
    RoleGrant.objects.filter(user=leader).update(org_unit=OrgUnit.objects.get(code=code))
    return leader


def test_the_city_total_is_the_sum_of_its_districts(city, make_user):
    leader = _leader(make_user, CITY, "city-leader")
    assert widest_unit(leader) == city
    accepted = registry.get("mediation.accepted")
    [total] = compute([accepted], period=Y2024, org=city, user=leader)
    per = {
        code: compute([accepted], period=Y2024, org=OrgUnit.objects.get(code=code), user=leader)[0].value
        for code in (TONGLU, CHUNAN)
    }
    assert per == {TONGLU: 3, CHUNAN: 2} and total.value == 5


def test_a_city_leader_sees_every_district_on_the_dashboard_a_district_leader_only_theirs(
    client, city, make_user
):
    client.force_login(_leader(make_user, CITY, "city-leader"))
    response = client.get(reverse("indicators:dashboard"), {"year": "2024"})
    html = response.content.decode()
    assert response.status_code == 200 and "驾驶舱 · 杭州市" in html
    assert 'data-testid="by-district"' in html and "上方为杭州市合计" in html
    assert 'data-testid="district-330122"' in html and 'data-testid="district-330127"' in html
    district_page = client.get(reverse("indicators:dashboard"), {"year": "2024", "org": TONGLU})
    assert district_page.status_code == 200 and "驾驶舱 · 杭州市桐庐县" in district_page.content.decode()

    client.force_login(_leader(make_user, TONGLU, "tonglu-leader"))
    html = client.get(reverse("indicators:dashboard"), {"year": "2024"}).content.decode()
    assert "驾驶舱 · 杭州市桐庐县" in html and 'data-testid="by-district"' not in html
    assert 'value="330127"' not in html and 'value="330100"' not in html  # not in the unit choice
    other = client.get(reverse("indicators:dashboard"), {"year": "2024", "org": CHUNAN})
    assert other.status_code == 403
    city_page = client.get(reverse("indicators:dashboard"), {"year": "2024", "org": CITY})
    assert city_page.status_code == 403
