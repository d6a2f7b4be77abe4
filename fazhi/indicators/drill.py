"""Drill-down into a register: a figure counted from a register's rows (consultations, the lawyer
pool, commendations, mediators, mediation organisations) opens that register's own list, filtered
to exactly the rows behind the figure — with its filters, search, export and record pages — rather
than a bare list of names. The register list asks this module which rows those are."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse

from fazhi.core.models import OrgUnit
from fazhi.core.scoping import SYSTEM
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, records
from fazhi.registers import declarations, selectors


def register_of(measure: registry.Measure) -> declarations.Register | None:
    """The register whose rows a measure counts, if it counts a register's rows."""
    model = registry.source(measure.source).queryset(SYSTEM).model
    return declarations.for_model(model)


def _chosen() -> dict[str, str]:
    return dict(getattr(settings, "FAZHI_INDICATOR_VERSIONS", {}) or {})


def _measure(indicator: registry.Indicator, part: str, component: int) -> registry.Measure:
    whole = indicator.denominator if part == "denominator" and indicator.denominator else indicator.numerator
    return whole.parts[component] if 0 <= component < len(whole.parts) else whole.parts[0]


def register_url(
    indicator: registry.Indicator,
    part: str,
    period: Period,
    org: OrgUnit,
    agency: str = "",
    component: int = 0,
) -> str | None:
    """The register list showing the rows behind `indicator` (None: not a register's figure);
    for a sum across sources, behind its `component`-th part."""
    measure = _measure(indicator, part, component)
    reg = register_of(measure)
    if reg is None:
        return None
    params = {
        "indicator": indicator.key,
        "part": part,
        "period_from": period.start.isoformat(),
        "period_to": period.end.isoformat(),
        "period_org": org.code,
        "state": "all",  # a figure may count rows that have left the register since
    }
    if agency:
        params["agency"] = agency
    if component:
        params["component"] = str(component)
    return f"{reverse('registers:list', kwargs={'key': reg.key})}?{urlencode(params)}"


def rows_behind(params: dict[str, str], user: Any) -> tuple[QuerySet, str] | None:
    """(the rows behind the figure the params name, a sentence saying which) for the register
    list; None when the params do not name a register's figure."""
    try:
        indicator = registry.get(params.get("indicator", ""), chosen=_chosen())
        period = Period(date.fromisoformat(params["period_from"]), date.fromisoformat(params["period_to"]))
    except (LookupError, KeyError, ValueError):
        return None
    part = params.get("part", "numerator")
    component = params.get("component", "0")
    measure = _measure(indicator, part, int(component) if component.isdigit() else 0)
    org = OrgUnit.objects.filter(code=params.get("period_org", "")).first()
    if org is None or register_of(measure) is None:
        return None
    label = f"指标“{indicator.name}”（{period.label}，{org.name}）所统计的{measure.label or '记录'}"
    return records(measure, period=period, org=org, user=user), label


def install() -> None:
    selectors.set_drill_resolver(rows_behind)
