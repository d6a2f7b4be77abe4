"""Template tags of the legal-aid blocks on the engine's case page and transition forms: they work
out what the viewing user may see (hardship data and the reasons that repeat them need view_pii)."""

from __future__ import annotations

from typing import Any

from django import template

from fazhi.cases.services import today
from fazhi.core.roles import Action
from fazhi.core.scoping import can
from fazhi.legal_aid import selectors
from fazhi.legal_aid.eligibility import Eligibility
from fazhi.legal_aid.services import is_agency_staff

register = template.Library()


def stored_eligibility(detail: Any) -> Eligibility | None:
    """The eligibility result stored on a case's detail row."""
    if detail is None or not detail.eligibility_outcome:
        return None
    return Eligibility(
        outcome=detail.eligibility_outcome,
        hardship_test=detail.hardship_test,
        hardship_met=detail.hardship_met,
        advance_provision=detail.advance_provision,
        reasons=tuple(detail.reasons),
        assessed_on=detail.assessed_on,
    )


def _panel(context: Any, case: Any) -> dict[str, Any]:
    user = context["request"].user
    detail = getattr(case, "legal_aid", None)
    may_pii = can(user, Action.VIEW_PII, case)
    return {
        "case": case,
        "detail": detail,
        "result": stored_eligibility(detail),
        "show_reasons": may_pii,
        "may_pii": may_pii,
        "may_reassess": case.status == "received"
        and is_agency_staff(user, case)
        and can(user, Action.CHANGE, case),
        "lawyer_years": detail.lawyer.practice_years(today()) if detail and detail.lawyer_id else None,
    }


@register.inclusion_tag("legal_aid/_case_panel.html", takes_context=True)
def legal_aid_case_panel(context: Any, case: Any) -> dict[str, Any]:
    """The legal-aid block of the case page."""
    return _panel(context, case)


@register.inclusion_tag("legal_aid/_transition_panel.html", takes_context=True)
def legal_aid_transition_panel(context: Any, case: Any, t: Any) -> dict[str, Any]:
    """Beside a decision: the eligibility result; beside an assignment: the art. 26 condition."""
    data = _panel(context, case)
    data["t"] = t
    return data


@register.simple_tag(takes_context=True)
def lawyer_picker(context: Any, case: Any) -> selectors.Picker:
    """The assignment picker's rows for `case` (the step's page is shown only to staff who may
    assign it); `?lawyer_q=` is the search when the page is loaded without JavaScript."""
    return selectors.lawyer_picker(case, context["request"].GET.get("lawyer_q", ""))
