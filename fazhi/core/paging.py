"""Paging for large worklists: the total is counted exactly only up to a cap, so a district-wide
list of a million cases costs a bounded COUNT. Past the cap the page shows the database's own
estimate (PostgreSQL's planner) as "约 N 条" and suggests narrowing the filters."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

COUNT_CAP = 2_000


class CappedPaginator(Paginator):
    """A Paginator whose `count` stops at COUNT_CAP + 1; `capped` says whether it did."""

    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @cached_property
    def estimate(self) -> int | None:
        """The planner's row estimate of the whole list (PostgreSQL), when capped."""
        qs = self.object_list
        connection = connections[qs.db]
        if not self.capped or connection.vendor != "postgresql":
            return None
        sql, params = qs.order_by().values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return int(plan[0]["Plan"]["Plan Rows"])

    @property
    def count_display(self) -> str:
        if not self.capped:
            return f"{self.count:,}"
        if self.estimate and self.estimate > self.cap:
            return f"约 {self.estimate:,}"
        return f"{self.cap:,}+"
