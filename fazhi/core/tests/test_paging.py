"""CappedPaginator: a bounded count, and lists within the cap paged by their keys."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core.models import OrgUnit
from fazhi.core.paging import CappedPaginator

pytestmark = pytest.mark.django_db


def pages(paginator):
    return [[u.code for u in paginator.page(n)] for n in paginator.page_range]


def test_pages_within_the_cap_equal_plain_paging_and_read_rows_by_key(xihu):
    qs = OrgUnit.objects.order_by("-code")
    capped, plain = CappedPaginator(qs, 7, orphans=2), Paginator(qs, 7, orphans=2)
    assert not capped.capped and capped.count == plain.count > 20
    assert pages(capped) == pages(plain)
    with CaptureQueriesContext(connection) as ctx:
        CappedPaginator(qs, 7).page(2)
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert len(sqls) == 3  # the count, the ordered keys, the page's rows
    assert "ORDER BY" not in sqls[0] and "LIMIT" not in sqls[1] and "LIMIT" not in sqls[2]


def test_a_row_deleted_between_the_keys_and_the_page_is_left_out(xihu):
    paginator = CappedPaginator(OrgUnit.objects.filter(kind="mediation_committee").order_by("code"), 5)
    first = paginator.page(1)  # reads the keys
    gone = paginator._keys[6]
    OrgUnit.objects.filter(pk=gone).delete()
    codes = [u.code for u in first]
    assert len(codes) == 5
    second = paginator.rows(5, 10)
    assert gone not in [u.pk for u in second] and len(second) == 4


def test_a_page_reads_its_rows_by_key_alone_with_their_related_rows(xihu):
    qs = OrgUnit.objects.filter(kind="mediation_committee").select_related("parent").order_by("code")
    paginator = CappedPaginator(qs, 5)
    paginator.count, paginator._keys  # noqa: B018  (read before the page)
    with CaptureQueriesContext(connection) as ctx:
        units = list(paginator.page(1))
        parents = [u.parent.code for u in units]  # no query: selected with the rows
    assert len(ctx.captured_queries) == 1 and len(parents) == 5
    assert "mediation_committee" not in ctx.captured_queries[0]["sql"]  # the keys passed the filter


def test_past_the_cap_pages_slice_the_query(xihu, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 10)
    qs = OrgUnit.objects.order_by("code")
    paginator = CappedPaginator(qs, 4)
    assert paginator.capped and paginator.count == 11
    assert [u.code for u in paginator.page(2)] == [u.code for u in qs[4:8]]
    assert paginator.count_display in ("10+",) or paginator.count_display.startswith("约 ")
