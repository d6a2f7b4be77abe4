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
