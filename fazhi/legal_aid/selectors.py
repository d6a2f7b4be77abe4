"""Scoped reads of the legal-aid records kept beside cases: consultations, the lawyer pool and
commendations. Cases themselves are read through `fazhi.cases.selectors` (a lawyer sees the cases
assigned to them, a 司法所 its own street's, the centre the district's)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.dateparse import parse_date

from fazhi.core.models import OrgUnit
from fazhi.core.roles import Action
from fazhi.legal_aid.models import Commendation, Consultation, ConsultationChannel, LegalAidLawyer


def _date(value: Any) -> date | None:
    try:
        return parse_date(str(value or ""))
    except ValueError:
        return None


@dataclass
class ConsultationQuery:
    """Filters of the consultation worklist (GET parameters)."""

    date_from: date | None = None
    date_to: date | None = None
    channel: str = ""
    org: str = ""
    q: str = ""

    @classmethod
    def from_params(cls, params: Any) -> ConsultationQuery:
        channel = params.get("channel", "")
        return cls(
            date_from=_date(params.get("from")),
            date_to=_date(params.get("to")),
            channel=channel if channel in ConsultationChannel.values else "",
            org=(params.get("org", "") or "").strip(),
            q=(params.get("q", "") or "").strip()[:50],
        )


def consultations_for(user: Any, query: ConsultationQuery | None = None) -> QuerySet[Consultation]:
    """Consultations in the user's scope, filtered, newest first."""
    query = query or ConsultationQuery()
    qs = Consultation.objects.scoped_for(user, Action.VIEW)
    if query.date_from:
        qs = qs.filter(consulted_on__gte=query.date_from)
    if query.date_to:
        qs = qs.filter(consulted_on__lte=query.date_to)
    if query.channel:
        qs = qs.filter(channel=query.channel)
    if query.org:
        unit = OrgUnit.objects.filter(code=query.org).only("path").first()
        qs = qs.filter(org_unit__path__startswith=unit.path) if unit else qs.none()
    if query.q:
        qs = qs.filter(Q(summary__contains=query.q) | Q(person_name__contains=query.q))
    return qs.select_related("org_unit", "handler").order_by("-consulted_on", "-id")


def consultation_totals(qs: QuerySet[Consultation]) -> dict[str, int]:
    """人次 by channel for the filtered list (one grouped query), plus the total."""
    rows = {r["channel"]: r["n"] for r in qs.order_by().values("channel").annotate(n=Count("id"))}
    totals = {label: rows.get(code, 0) for code, label in ConsultationChannel.choices}
    totals["合计"] = sum(rows.values())
    return totals


def lawyers_for(user: Any, *, active: bool | None = None, q: str = "") -> QuerySet[LegalAidLawyer]:
    """The lawyer pool as the user may see it, with the number of cases each was assigned."""
    qs = LegalAidLawyer.objects.scoped_for(user, Action.VIEW)
    if active is not None:
        qs = qs.filter(active=active)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(law_firm__contains=q))
    return qs.select_related("user").annotate(case_count=Count("cases")).order_by("-active", "name", "id")


def commendations_for(user: Any) -> QuerySet[Commendation]:
    return (
        Commendation.objects.scoped_for(user, Action.VIEW)
        .select_related("org_unit", "case", "lawyer")
        .order_by("-received_on", "-id")
    )
