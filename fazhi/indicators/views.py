"""The dashboard (驾驶舱), drill-down to the records behind a figure, and the JSON endpoint.

Every figure is computed for the logged-in user's scope: a street's user sees their street's
figures; the drill-down lists only records the user may see.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from fazhi.core.models import OrgUnit
from fazhi.core.models.org import OrgKind
from fazhi.core.paging import CappedPaginator
from fazhi.core.roles import Action, Area
from fazhi.core.scoping import active_grants, can, can_in_area
from fazhi.indicators import registry, warnings
from fazhi.indicators.drill import register_url
from fazhi.indicators.engine import Period, breakdown, compute, measure_values, records
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
# The litigation goal "两控一稳一升" (IND-13): ① new suits ↓ ② loss rate ↓ ③ head appearance held ④ 调撤率 ↑
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
    """The widest org unit the user's grants cover: their own district, or the city/province root
    above districts for a leader granted there. A superuser (or a user without grants) gets the
    root of the tree: the one top unit (a province, a city, a lone district), else the first
    district — never a district fixed in settings (several districts share one database)."""
    grants = active_grants(user)
    if not user.is_superuser and grants:
        return min((g.org_unit for g in grants), key=lambda u: (u.depth, u.path))
    tops = list(OrgUnit.objects.filter(depth=0, is_active=True).order_by("path")[:2])
    if len(tops) == 1:
        return tops[0]
    first = OrgUnit.objects.filter(kind=OrgKind.DISTRICT, is_active=True).order_by("path").first()
    if first is None:
        raise Http404("组织机构中没有区县。")
    return first


def _chosen() -> dict[str, str]:
    return dict(getattr(settings, "FAZHI_INDICATOR_VERSIONS", {}) or {})


def street_level(org: OrgUnit) -> bool:
    """A 镇街 or a unit inside one (司法所, 调委会, 社区): district-only figures do not apply."""
    from fazhi.core.models.org import OrgKind

    return org.kind not in (
        OrgKind.CITY,
        OrgKind.DISTRICT,
        OrgKind.BUREAU,
        OrgKind.OFFICE,
        OrgKind.DEPARTMENT,
        OrgKind.OTHER,
    )


def period_title(period: Period) -> str:
    """The period as a heading says it: "2024年" for a calendar year, else its dates."""
    if (period.start.month, period.start.day, period.end.month, period.end.day) == (1, 1, 12, 31):
        if period.start.year == period.end.year:
            return f"{period.start.year}年"
    return period.label


def drill_url(key: str, period: Period, org: OrgUnit, **extra: str) -> str:
    """The records behind indicator `key` for the period and unit (extra: part, agency)."""
    params = {"from": period.start.isoformat(), "to": period.end.isoformat(), "org": org.code, **extra}
    return f"{reverse('indicators:drill', args=[key])}?{urlencode(params)}"


def _month(year: int, month: int) -> Period:
    return Period(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


def dashboard(request):
    """驾驶舱: headline tiles with numerator and denominator, the 两控一稳一升 tiles, monthly
    trends, breakdowns by 镇街 and by agency, and the warnings — all for the user's scope. A
    镇街's dashboard (a 司法所's) leaves out the figures only the district's offices produce."""
    _require(request.user)
    period, org = _params(request)
    street = street_level(org)
    indicators = [i for i in registry.selected(_chosen()) if not (street and i.scope == "district")]
    results = {r.key: r for r in compute(indicators, period=period, org=org, user=request.user)}
    headline = [results[k] for k in HEADLINE if k in results]
    goals = [(word, results[k]) for word, k in GOALS if k in results]
    others = [r for k, r in results.items() if k not in HEADLINE]
    one_year = period.start.year == period.end.year
    months = [f"{period.start.year}-{m:02d}" for m in range(1, 13)] if one_year else []
    # One small chart per line, each on its own scale: 行政复议's dozens of cases a month would
    # lie flat under 人民调解's thousands on one shared axis.
    trend_series = []
    for k in TREND:
        if k not in results:
            continue
        rows = breakdown(
            registry.get(k, chosen=_chosen()), "month", period=period, org=org, user=request.user
        )
        trend_series.append(
            {
                "name": results[k].indicator.name,
                "unit": results[k].indicator.unit,
                "data": [next((r["value"] for r in rows if r["group"] == m), 0) for m in months],
                "urls": [drill_url(k, _month(period.start.year, i), org) for i in range(1, len(months) + 1)],
            }
        )
    by_township = {
        k: [
            {**row, "url": drill_url(k, period, _unit(row["group"])) if row["group"] else ""}
            for row in breakdown(
                registry.get(k, chosen=_chosen()), "township", period=period, org=org, user=request.user
            )
        ]
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
            "by_district": _by_district(headline, period=period, org=org, user=request.user),
            "period": period,
            "period_title": period_title(period),
            "org": org,
            "street": street,
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


def _by_district(headline: list, *, period: Period, org: OrgUnit, user: Any) -> list[dict[str, Any]]:
    """Above districts (a city root): the headline figures of each district below, beside the
    city's total (the tiles) — each computed from the records as the district's own dashboard."""
    if org.kind != OrgKind.CITY or not headline:
        return []
    indicators = [r.indicator for r in headline]
    rows = []
    for district in OrgUnit.objects.filter(
        kind=OrgKind.DISTRICT, is_active=True, path__startswith=org.path
    ).order_by("path"):
        results = {r.key: r for r in compute(indicators, period=period, org=district, user=user)}
        rows.append(
            {
                "unit": district,
                "cells": [results.get(r.key) for r in headline],
                "query": f"from={period.start}&to={period.end}&org={district.code}",
            }
        )
    return rows


def _unit(code: str) -> OrgUnit:
    return OrgUnit(code=code)  # (only its code goes into the link)


def _units_for(user: Any):
    from fazhi.core.models.org import OrgKind

    return (
        OrgUnit.objects.scoped_for(user, Action.VIEW)
        .filter(
            kind__in=[OrgKind.CITY, OrgKind.DISTRICT, OrgKind.SUBDISTRICT, OrgKind.TOWN, OrgKind.TOWNSHIP]
        )
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
    whole = indicator.denominator if part == "denominator" and indicator.denominator else indicator.numerator
    # A sum across sources is drilled into one part at a time (tabs with each part's count).
    component = request.GET.get("component", "0")
    index = int(component) if component.isdigit() and int(component) < len(whole.parts) else 0
    measure = whole.parts[index]
    components = []
    if len(whole.parts) > 1:
        counts = measure_values(list(whole.parts), period=period, org=org, user=request.user)
        components = [
            {
                "label": m.label or registry.source(m.source).label,
                "count": counts[m],
                "url": drill_url(key, period, org, part=part, component=str(i)),
                "current": i == index,
            }
            for i, m in enumerate(whole.parts)
        ]
    target = register_url(indicator, part, period, org, request.GET.get("agency", ""), index)
    if target is not None and not components:
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
            "components": components,
            "register_target": target,
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
