"""{% coverage_tile %}: the 驾驶舱's tile of the 15-minute circle (population within reach of a
公共法律服务站点 in the user's scope), linking to the map. Empty for users who may not see it."""

from __future__ import annotations

from typing import Any

from django import template

from fazhi.network import coverage as cov

register = template.Library()


@register.inclusion_tag("network/_dashboard_tile.html", takes_context=True)
def coverage_tile(context: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not cov.may_view(user):
        return {"show": False}
    return {"show": True, "report": cov.coverage_report(user, cov.ALL_SITES)}


@register.filter
def people(value: Any) -> str:
    """A number of people with thousands separators (1,089,229); "—" when there is none."""
    if value is None or value == "":
        return "—"
    return f"{round(float(value)):,}"
