"""The `prefix` lookup: the same rows as `startswith`, on each database."""

import pytest

from fazhi.core.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "q", ["330106002", "330106002-TWH", "西湖区三墩", "北山街道", "3301069", "%", "_", "Z"]
)
def test_prefix_finds_what_startswith_finds(xihu, q):
    OrgUnit.objects.create(code="T%_1", name="百分号_下划线", kind="other", parent=xihu["330106"])
    for field in ("code", "name"):
        got = set(OrgUnit.objects.filter(**{f"{field}__prefix": q}).values_list("pk", flat=True))
        want = {u.pk for u in OrgUnit.objects.all() if getattr(u, field).startswith(q)}
        assert got == want, (field, q)


@pytest.mark.parametrize("pick", ["none", "one", "some", "all", "with_none", "unknown"])
def test_any_finds_what_in_finds(xihu, pick):
    keys = sorted(OrgUnit.objects.values_list("pk", flat=True))
    values = {
        "none": [],
        "one": keys[:1],
        "some": keys[::3],
        "all": keys,
        "with_none": [None, keys[1]],
        "unknown": [max(keys) + 1000],
    }[pick]
    got = set(OrgUnit.objects.filter(pk__any=values).values_list("pk", flat=True))
    assert got == set(OrgUnit.objects.filter(pk__in=values).values_list("pk", flat=True))
    assert got == {k for k in keys if k in values}


def test_any_takes_a_subquery(xihu):
    inner = OrgUnit.objects.filter(code__startswith="330106").values("pk")
    got = set(OrgUnit.objects.filter(pk__any=inner).values_list("code", flat=True))
    assert got and all(c.startswith("330106") for c in got)


def test_any_is_one_array_parameter_on_postgresql(xihu):
    from django.db import connection

    qs = OrgUnit.objects.filter(pk__any=list(OrgUnit.objects.values_list("pk", flat=True)))
    sql, params = qs.query.sql_with_params()
    if connection.vendor == "postgresql":
        assert "= ANY(%s)" in sql and len(params) == 1
    else:
        assert " IN (" in sql and len(params) == OrgUnit.objects.count()


def test_any_with_an_expression_among_the_values(xihu):
    from django.db.models import F

    unit = OrgUnit.objects.order_by("pk").first()
    got = list(OrgUnit.objects.filter(pk__any=[F("pk")]).values_list("pk", flat=True))
    assert unit.pk in got and len(got) == OrgUnit.objects.count()
