"""The indicators in the REST API (指标接口): the same figures, in the same JSON, as
`fazhi indicators --json` and the dashboard, for other systems holding a token. Computed by
`fazhi.indicators.engine` through the caller's scope, like every other read."""

# No `from __future__ import annotations`: ninja reads the handlers' annotations.

from datetime import date
from typing import Any

from django.conf import settings
from ninja import Field, Query, Router, Schema

from fazhi.api.errors import ApiError
from fazhi.core.models import OrgUnit
from fazhi.core.roles import Action, Area
from fazhi.core.scoping import can, can_in_area
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, compute
from fazhi.indicators.views import default_year, widest_unit


class IndicatorQuery(Schema):
    year: int | None = Field(None, description="统计年度（与 from/to 二选一；都不填时为最近的完整年度）")
    from_: date | None = Field(None, alias="from", description="统计起日（含），如 2024-01-01")
    to: date | None = Field(None, description="统计止日（含），如 2024-12-31")
    org: str = Field("", description="机构代码（含下级），如 330106；不填为调用者可见的最大范围")
    key: list[str] = Field([], description="只取这些指标（可重复），如 litigation.loss_rate")
    compare: bool = Field(False, description="是否同时给出上年同期值（previous、change）")


class PeriodOut(Schema):
    from_: date = Field(..., alias="from")
    to: date


class IndicatorOut(Schema):
    key: str = Field(..., description="稳定的指标键（REPORT-FIGURES.md）")
    name: str
    value: float | int | None
    unit: str
    kind: str
    basis: str
    version: str
    source: str
    direction: str
    period: PeriodOut
    org: str
    numerator: float | int | None = None
    denominator: float | int | None = None
    previous: float | int | None = None
    change: float | int | None = None


def _period(q: IndicatorQuery) -> Period:
    if q.from_ or q.to:
        if not (q.from_ and q.to):
            raise ApiError(400, "from 与 to 须同时填写。", {"from": "from 与 to 须同时填写。"})
        if q.from_ > q.to:
            raise ApiError(400, "统计起日不能晚于止日。", {"from": "统计起日不能晚于止日。"})
        return Period(q.from_, q.to)
    year = q.year or default_year()
    return Period(date(year, 1, 1), date(year, 12, 31))


def _org(user: Any, code: str) -> OrgUnit:
    if not code:
        return widest_unit(user)
    org = OrgUnit.objects.filter(code=code).first()
    if org is None:
        raise ApiError(400, f"没有代码为 {code} 的机构。", {"org": f"没有代码为 {code} 的机构。"})
    if not can(user, Action.VIEW, org) and not user.is_superuser:
        # Counts over a unit the caller cannot see would still be computed through their scope
        # (and so be zero); say so instead of answering with misleading zeros.
        raise ApiError(404, f"没有代码为 {code} 的机构，或您无权查看。")
    return org


def indicators_router() -> Router:
    router = Router(tags=["指标"])

    @router.get(
        "/indicators",
        response={200: list[IndicatorOut]},
        operation_id="indicators",
        url_name="indicators",
        summary="指标值（与驾驶舱、fazhi indicators --json 相同）",
        by_alias=True,
        exclude_unset=True,  # numerator/denominator only for rates, previous only when compared
    )
    def indicators(request, q: Query[IndicatorQuery]):  # type: ignore[valid-type]
        user = request.auth
        if not can_in_area(user, Area.INDICATORS, Action.VIEW):
            raise ApiError(403, "您没有查看指标的权限。")
        period, org = _period(q), _org(user, q.org)
        chosen = dict(getattr(settings, "FAZHI_INDICATOR_VERSIONS", {}) or {})
        selected = registry.selected(chosen)
        if q.key:
            unknown = sorted(set(q.key) - {i.key for i in selected})
            if unknown:
                raise ApiError(
                    400, f"未知的指标：{'、'.join(unknown)}", {"key": f"未知的指标：{'、'.join(unknown)}"}
                )
            selected = [i for i in selected if i.key in q.key]
        results = compute(selected, period=period, org=org, user=user, compare=q.compare)
        return [r.as_json(period=period, org=org) for r in results]

    return router
