"""The dashboard (驾驶舱), drill-down to the records behind a figure, and the JSON endpoint.

Every figure is computed for the logged-in user's scope: a street's user sees their street's
figures; the drill-down lists only records the user may see.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from fazhi.core.models import OrgUnit
from fazhi.core.paging import CappedPaginator
from fazhi.core.roles import Action, Area
from fazhi.core.scoping import active_grants, can, can_in_area
from fazhi.indicators import registry, warnings
from fazhi.indicators.drill import register_url
from fazhi.indicators.engine import Period, breakdown, compute, records
from fazhi.law.validators import date_problem

HEADLINE = [
    "reconsideration.correction_rate",
    "litigation.loss_rate",
    "litigation.settled_rate",
    "mediation.success_rate",
    "legal_aid.good_rate",
    "legal_aid.accepted",
    "legal_aid.consultations",
    "reconsideration.received",
]
# 2025 goal "两控一稳一升" (IND-13): ① new suits ↓ ② loss rate ↓ ③ head appearance held ④ 调撤率 ↑
GOALS = [
    ("控", "litigation.received"),
    ("控", "litigation.loss_rate"),
    ("稳", "litigation.head_appearance_rate"),
    ("升", "litigation.settled_rate"),
]
TREND = ["mediation.accepted", "legal_aid.accepted", "reconsideration.received", "litigation.received"]


def _require(user: Any) -> None:
    if not can_in_area(user, Area.INDICATORS, Action.VIEW):
        raise PermissionDenied("您没有查看指标的权限。")


def default_year() -> int:
    """The latest complete year that has case records (the demo's 2024), else last year."""
    from fazhi.cases.models import Case

    last_year = timezone.localdate().year - 1
    latest = (
        Case.objects.filter(received_on__year__lte=last_year)
        .order_by("-received_on")
        .values_list("received_on", flat=True)
        .first()
    )
    return latest.year if latest else last_year


def _params(request) -> tuple[Period, OrgUnit]:
    """Period (from/to or year) and org unit (code) from the query string, defaulting to the
    latest complete year and the user's widest unit."""
    year = request.GET.get("year", "")
    try:
        if request.GET.get("from") and request.GET.get("to"):
            period = Period(date.fromisoformat(request.GET["from"]), date.fromisoformat(request.GET["to"]))
        else:
            y = int(year) if year.isdigit() else default_year()
            period = Period(date(y, 1, 1), date(y, 12, 31))
    except ValueError as exc:
        raise Http404(f"统计期间无效：{exc}") from None
    problem = date_problem(period.start) or date_problem(period.end)
    if problem:  # year 0001 once reached the date arithmetic and answered 500
        raise Http404(f"统计期间无效：日期{problem}。")
    code = request.GET.get("org", "")
    org = OrgUnit.objects.filter(code=code).first() if code else None
    if org is not None and not (request.user.is_superuser or can(request.user, Action.VIEW, org)):
        # A street's user once got its own figures labelled 西湖区: a unit outside the user's
        # scope is refused, as the REST API refuses it.
        raise PermissionDenied(f"{org.name}不在您的数据范围内。")
    if org is None:
        org = widest_unit(request.user)
    return period, org


def widest_unit(user: Any) -> OrgUnit:
    """The widest org unit the user's grants cover (the district for a superuser)."""
    grants = active_grants(user)
    if user.is_superuser or not grants:
        return OrgUnit.objects.get(code=settings.FAZHI_DISTRICT_CODE)
    return min((g.org_unit for g in grants), key=lambda u: u.depth)


def _chosen() -> dict[str, str]:
    return dict(getattr(settings, "FAZHI_INDICATOR_VERSIONS", {}) or {})


def dashboard(request):
    """驾驶舱: headline tiles with numerator and denominator, the 两控一稳一升 tiles, monthly
    trends, breakdowns by 镇街 and by agency, and the warnings — all for the user's scope."""
    _require(request.user)
    period, org = _params(request)
    indicators = registry.selected(_chosen())
    results = {r.key: r for r in compute(indicators, period=period, org=org, user=request.user)}
    headline = [results[k] for k in HEADLINE if k in results]
    goals = [(word, results[k]) for word, k in GOALS if k in results]
    others = [r for k, r in results.items() if k not in HEADLINE]
    trend = {
        k: breakdown(registry.get(k, chosen=_chosen()), "month", period=period, org=org, user=request.user)
        for k in TREND
        if k in results
    }
    months = (
        [f"{period.start.year}-{m:02d}" for m in range(1, 13)] if period.start.year == period.end.year else []
    )
    trend_series = [
        {
            "name": results[k].indicator.name,
            "data": [next((r["value"] for r in rows if r["group"] == m), 0) for m in months],
        }
        for k, rows in trend.items()
    ]
    by_township = {
        k: breakdown(registry.get(k, chosen=_chosen()), "township", period=period, org=org, user=request.user)
        for k in ("mediation.success_rate", "mediation.accepted")
        if k in results
    }
    by_agency = [
        (
            registry.get(k, chosen=_chosen()),
            breakdown(registry.get(k, chosen=_chosen()), "agency", period=period, org=org, user=request.user),
        )
        for k in ("litigation.loss_rate", "reconsideration.correction_rate")
        if k in results
    ]
    return render(
        request,
        "indicators/dashboard.html",
        {
            "period": period,
            "org": org,
            "headline": headline,
            "goals": goals,
            "others": others,
            "months": months,
            "trend_series": trend_series,
            "by_township": by_township,
            "by_agency": by_agency,
            "warnings": warnings.all_warnings(period=period, org=org, user=request.user),
            "years": list(range(timezone.localdate().year, 2019, -1)),
            "units": _units_for(request.user),
            "query": f"from={period.start}&to={period.end}&org={org.code}",
        },
    )


def _units_for(user: Any):
    from fazhi.core.models.org import OrgKind

    return (
        OrgUnit.objects.scoped_for(user, Action.VIEW)
        .filter(kind__in=[OrgKind.DISTRICT, OrgKind.SUBDISTRICT, OrgKind.TOWN])
        .order_by("path")
    )


def drill(request, key: str):
    """The records behind a figure (numerator or denominator), filtered to what the user may see."""
    _require(request.user)
    period, org = _params(request)
    try:
        indicator = registry.get(key, chosen=_chosen())
    except LookupError:
        raise Http404("未知的指标") from None
    part = request.GET.get("part", "numerator")
    measure = (
        indicator.denominator if part == "denominator" and indicator.denominator else indicator.numerator
    )
    target = register_url(indicator, part, period, org, request.GET.get("agency", ""))
    if target is not None:
        return redirect(target)
    src = registry.source(measure.source)
    qs = records(measure, period=period, org=org, user=request.user).order_by("-pk")
    agency = request.GET.get("agency", "")
    lookup = indicator.agency or registry.agency_lookup(measure.source)
    if agency.isdigit() and lookup:
        qs = qs.filter(**{lookup: int(agency)})
    page = CappedPaginator(qs, 50).get_page(request.GET.get("page"))
    rows = [
        {"label": src.row_label(obj), "url": src.detail_url(obj) if src.detail_url else ""} for obj in page
    ]
    return render(
        request,
        "indicators/drill.html",
        {
            "indicator": indicator,
            "measure": measure,
            "part": part,
            "page": page,
            "rows": rows,
            "period": period,
            "org": org,
        },
    )


def api_indicators(request):
    """GET /indicators/api/?from=&to=&org=&key= — the same JSON as `fazhi indicators --json`."""
    _require(request.user)
    period, org = _params(request)
    indicators = registry.selected(_chosen())
    keys = request.GET.getlist("key")
    if keys:
        indicators = [i for i in indicators if i.key in keys]
    results = compute(indicators, period=period, org=org, user=request.user, compare=False)
    return JsonResponse(
        [r.as_json(period=period, org=org) for r in results],
        safe=False,
        json_dumps_params={"ensure_ascii": False},
    )
