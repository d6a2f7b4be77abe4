"""The siting tool: greedy and exact on the fixture, and bad input answered next to the field."""

import pytest
from django.urls import reverse

from fazhi.core.roles import Role
from fazhi.network import coverage as cov
from fazhi.network.tests import fixtures

KIND = "type:mediation_org"


@pytest.fixture
def admin(make_user, xihu):
    user = make_user(Role.ADMIN, "330106")
    fixtures.build(user, xihu)
    return user


def test_one_new_place_goes_where_it_covers_most(admin):
    # On foot everywhere (923 m straight) the two resources cover only 北山甲乙丙 (600 of 1,650;
    # 三墩甲 is 1,000 m from B). The uncovered: 北山丁 400 at (−950, 0), 北山戊 500 at (0, 2000),
    # 三墩甲 10, 三墩乙 20, 三墩丙 30, 三墩丁 40, 三墩戊 50 at (0, −950). No two of them lie within
    # 923 m of each other (北山丁–三墩戊 is 1,344 m): one new place adds at most 北山戊's 500.
    r = cov.run_siting(admin, KIND, 1, "walk", "uncovered")
    assert (r.total, r.before) == (1650, 600)
    assert [p.name for p in r.greedy.picks] == ["北山戊"] and r.greedy.gain == 500
    assert r.exact is not None and r.exact.optimal and r.exact.covered_total == 1100 and r.gap == 0
    two = cov.run_siting(admin, KIND, 2, "walk", "all")
    assert {p.name for p in two.greedy.picks} == {"北山戊", "北山丁"} and two.greedy.covered_total == 1500
    assert two.exact.covered_total == two.greedy.covered_total


def test_by_default_siting_counts_as_the_coverage_does(admin):
    # 街道 on foot, 三墩镇 by e-bike: before = the coverage report's 680. Uncovered then: 北山丁
    # 400, 北山戊 500 (923 m reach), 三墩丙 30, 三墩丁 40 (2,885 m), no two of them within reach of
    # one place: the best two are 北山戊 and 北山丁 (+900).
    r = cov.run_siting(admin, KIND, 2)
    assert (r.total, r.before) == (fixtures.TOTAL, cov.coverage_report(admin, KIND).covered)
    assert {p.name for p in r.greedy.picks} == {"北山戊", "北山丁"} and r.greedy.gain == 900
    # 三墩丁 (15,000, 0) is 2,200 m from 三墩乙 (12,800, 0): on the rural reach a place at 三墩乙
    # would cover it, so with k = 3 the third pick is 三墩丁 or 三墩乙 (+40), not 三墩丙 (+30).
    three = cov.run_siting(admin, KIND, 3, candidates="all")
    assert three.greedy.gain == 940 and three.exact.covered_total == 680 + 940


def test_the_page_runs_it_and_shows_both(client, admin):
    client.force_login(admin)
    page = client.post(
        reverse("network:siting"), {"kind": KIND, "k": "2", "reach_mode": "walk", "candidates": "uncovered"}
    ).content.decode()
    assert 'data-testid="siting-result"' in page
    assert "贪心算法" in page and "精确求解" in page and "已证明最优" in page
    assert 'data-testid="gain-1">+900<' in page  # 北山戊 500 + 北山丁 400
    assert "两种方法相差 0 人" in page


@pytest.mark.parametrize(
    "data,field,words",
    [
        ({"k": "0"}, "k", "至少为 1"),
        ({"k": "21"}, "k", "最多为 20"),
        ({"k": "两个"}, "k", "1 至 20 的整数"),
        ({"k": ""}, "k", "请填写新增点位数"),
        ({"k": "1e9"}, "k", "1 至 20 的整数"),
        ({"kind": "type:nope"}, "kind", "请从列表中选择类型"),
        ({"kind": "<script>"}, "kind", "请从列表中选择类型"),
        ({"reach_mode": "car"}, "reach_mode", "请从列表中选择可达方式"),
        ({"candidates": ""}, "candidates", "请选择候选点"),
    ],
)
def test_bad_input_is_named_next_to_its_field(client, admin, data, field, words):
    client.force_login(admin)
    values = {"kind": KIND, "k": "2", "reach_mode": "walk", "candidates": "uncovered", **data}
    resp = client.post(reverse("network:siting"), values)
    assert resp.status_code == 200
    page = resp.content.decode()
    assert f'data-testid="error-{field}">' in page and words in page
    assert 'data-testid="siting-result"' not in page


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "type:nope"},
        {"mode": "walking"},
        {"year": "abc"},
        {"year": "1900"},
        {"kind": "x" * 5000, "mode": "\x00"},
        {"mode": "network"},
    ],
)
def test_odd_queries_on_the_map_and_report_never_fail(client, admin, query):
    client.force_login(admin)
    for name in ("network:map", "network:coverage"):
        assert client.get(reverse(name), query).status_code == 200
    assert client.get(reverse("network:map_data"), query).status_code in (200, 400)


def test_no_population_in_scope_is_said_not_failed(client, make_user):
    user = make_user(Role.LEADER, "330106")
    client.force_login(user)
    assert "还没有人口点" in client.get(reverse("network:map")).content.decode()
    page = client.post(
        reverse("network:siting"),
        {"kind": cov.ALL_SITES, "k": "2", "reach_mode": "walk", "candidates": "all"},
    ).content.decode()
    assert "没有人口点" in page
    assert client.get(reverse("network:map_data")).json()["population"] == 0
