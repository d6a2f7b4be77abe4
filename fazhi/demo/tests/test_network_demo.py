"""The demo network's 站点服务安排: one per service each site names, through the register's
service (a 定期 one always with its hours), and the services.* figures untouched by them."""

from datetime import date

import pytest
from django.core.management import call_command

from fazhi.core.demo_accounts import ensure_demo_accounts
from fazhi.core.scoping import SYSTEM
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, compute
from fazhi.network.models import ServiceSite, SiteService, Staffing

pytestmark = pytest.mark.django_db


def test_each_site_s_services_are_arranged(xihu):
    ensure_demo_accounts()
    call_command("demo", "--line", "network", "--year", "2024", "--quiet")
    sites = ServiceSite.objects.filter(is_demo=True)
    named = sum(len([s for s in site.services.split("、") if s]) for site in sites)
    assert SiteService.objects.count() == named > 0
    assert not SiteService.objects.filter(staffing=Staffing.PERIODIC, schedule="").exists()
    assert set(SiteService.objects.values_list("staffing", flat=True)) >= {
        Staffing.RESIDENT,
        Staffing.PERIODIC,
    }
    assert all(o.org_unit_id == o.site.org_unit_id for o in SiteService.objects.select_related("site"))
    figures = {
        r.key: r.value
        for r in compute(
            [registry.get("services.new_sites")],
            period=Period(date(2024, 1, 1), date(2024, 12, 31)),
            user=SYSTEM,
            org=xihu["330106"],
            compare=False,
        )
    }
    assert figures["services.new_sites"] == 23
