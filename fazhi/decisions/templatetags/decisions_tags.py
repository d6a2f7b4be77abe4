"""The decision's checklist of statutory steps (法定程序) on its case page and beside the 集体讨论
决定 form: each step done, missing (with its article) or not required for this decision."""

from __future__ import annotations

from typing import Any

from django import template

from fazhi.law import decisions as rules

register = template.Library()

# step -> the decision's flag that makes it mandatory ("" when always).
_REQUIRED_BY = {
    "comment": "",
    "hearing": "hearing_held",
    "expertise": "involves_expertise",
    "risk": "stability_risk",
    "legality": "",
    "legality_period": "",
    "fair_competition": "market_activity",
}


def checklist(detail: Any) -> dict[str, Any]:
    """Rows (label, article, state, message) for each gate, and the missing steps."""
    missing = {m.step: m for m in detail.missing_steps}
    from fazhi.core.calendar import current_calendar

    counted = rules.explanations(detail.facts(), calendar=current_calendar())
    rows = []
    for gate in rules.GATES:
        flag = _REQUIRED_BY[gate.step]
        required = not flag or getattr(detail, flag)
        if gate.step in missing:
            state, message = "missing", missing[gate.step].message
        elif not required:
            state, message = "not_required", "本决策不适用"
        else:
            state, message = "done", ""
        rows.append(
            {
                "counted": counted.get(gate.step, ""),
                "step": gate.step,
                "label": gate.label,
                "article": gate.article,
                "state": state,
                "message": message,
            }
        )
    return {"rows": rows, "missing": list(missing.values())}


@register.inclusion_tag("decisions/_checklist.html")
def decision_checklist(case: Any, t: Any = None) -> dict[str, Any]:
    detail = getattr(case, "decision", None)
    if detail is None or (t is not None and t.name != "decide"):
        return {"show": False}
    return {"show": True, "for_decide": t is not None, **checklist(detail)}
