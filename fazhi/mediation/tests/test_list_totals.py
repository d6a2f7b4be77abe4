"""Lists say how many rows they hold: every worklist and register shows its total, even a short
one; past the count cap (counting further is too slow on a district's data: see
fazhi.core.paging) the total reads "2,000+" (PostgreSQL: its estimate, "约 N")."""

from django.urls import reverse

from fazhi.core.paging import CappedPaginator
from fazhi.core.roles import Role
from fazhi.mediation.tests.test_export_jobs import bulk_cases


def test_a_short_worklist_shows_its_total(xihu, client, make_user):
    bulk_cases(xihu, 3)
    client.force_login(make_user(Role.LEADER))
    html = client.get(reverse("cases:worklist", args=["mediation"])).content.decode()
    assert 'data-testid="count">共 3 条' in html and 'data-testid="pagination"' not in html


def test_a_long_list_shows_its_total_once_beside_the_pages(xihu, client, make_user):
    bulk_cases(xihu, 25)
    client.force_login(make_user(Role.LEADER))
    html = client.get(reverse("cases:worklist", args=["mediation"]), {"size": 20}).content.decode()
    assert html.count('data-testid="count"') == 1 and "共 25 条" in html and "第 1 / 2 页" in html


def test_past_the_cap_the_total_is_honest(xihu, client, make_user, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 10)
    bulk_cases(xihu, 30)
    client.force_login(make_user(Role.LEADER))
    html = client.get(reverse("cases:worklist", args=["mediation"])).content.decode()
    count = html.split('data-testid="count">')[1].split("</")[0]
    assert count.startswith(("共 10+ 条", "共 约 ")) and "请用筛选条件缩小范围" in count


def test_a_short_register_list_shows_its_total(xihu, client, make_user):
    client.force_login(make_user(Role.LEADER))
    html = client.get(reverse("registers:list", args=["mediation_orgs"])).content.decode()
    assert html.count('data-testid="count"') == 1 and "共 " in html
