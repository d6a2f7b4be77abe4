"""Two small declarations a line may add: `details` (what the record page shows beyond the fields,
e.g. deadlines with their basis) and `initial` (a new record's form prefilled from the URL, e.g. a
document registered from the review it went through). On the test-only model Site."""

import pytest
from django.urls import reverse

from fazhi.core.models import OrgUnit
from fazhi.core.roles import Role
from fazhi.core.tests.scopeapp.models import Site
from fazhi.registers import declarations
from fazhi.registers.declarations import Register, RField
from fazhi.registers.services import register_create

SITES = Register(
    key="hooked_sites",
    label="测试站点",
    item_label="站点",
    model=Site,
    area="mediation",
    fields=("name", RField("org_unit", label="所属单位")),
    natural_key=("name",),
    units=lambda: OrgUnit.objects.filter(code__in=["330106002-TWH"]),
    details=lambda obj: [("名称长度", f"{len(obj.name)} 字")],
    initial=lambda actor, params: {"name": f"{params.get('from', '')}工作站"} if params.get("from") else {},
)


@pytest.fixture
def sites():
    declarations._REGISTERS[SITES.key] = SITES
    yield SITES
    declarations._REGISTERS.pop(SITES.key, None)


def test_details_and_initial(sites, make_user, client):
    office = make_user(Role.JUSTICE_OFFICE_STAFF, "330106002")
    site = register_create(actor=office, reg=sites, values={"name": "北山站", "org_unit": "330106002-TWH"})
    client.force_login(office)
    html = client.get(reverse("registers:detail", args=[sites.key, site.pk])).content.decode()
    assert "名称长度" in html and "3 字" in html
    html = client.get(reverse("registers:new", args=[sites.key]) + "?from=北山").content.decode()
    assert 'value="北山工作站"' in html
    assert 'value="北山工作站"' not in client.get(reverse("registers:new", args=[sites.key])).content.decode()
