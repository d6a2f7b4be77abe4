"""Scoped reads of the legal-aid records kept beside cases: consultations, the lawyer pool,
commendations, and the assignment picker (who may be assigned a case, their open caseload and the
rotation's suggestion). Cases themselves are read through `fazhi.cases.selectors` (a lawyer sees the cases
assigned to them, a 司法所 its own street's, the centre the district's)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils.dateparse import parse_date

from fazhi.cases.models import Case
from fazhi.cases.services import today
from fazhi.core.models import OrgUnit
from fazhi.core.roles import Action
from fazhi.legal_aid import rotation
from fazhi.legal_aid.models import (
    Commendation,
    Consultation,
    ConsultationChannel,
    LegalAidLawyer,
    practice_years,
)
from fazhi.legal_aid.services import CENTRE_FUNCTION, serves


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


# --- the assignment picker ----------------------------------------------------------------------

PICKER_ROWS = 40  # rows the picker lists at once; a search narrows the rest


@dataclass
class PickerRow:
    """One lawyer as the picker shows them."""

    candidate: rotation.Candidate
    suggested: bool = False
    blocked: str = ""  # why the lawyer may not take this case (shown, not selectable)

    @property
    def id(self) -> int:
        return self.candidate.id


@dataclass
class Picker:
    """The picker for one case: the rotation's suggestion, the rows shown, how many matched."""

    field: str
    severe_penalty: bool
    suggestion: rotation.Suggestion | None
    rows: list[PickerRow] = field(default_factory=list)
    matched: int = 0  # rows matching the search, the suggestion included
    found: int = 0  # of them, besides the suggestion
    q: str = ""

    @property
    def more(self) -> int:
        return max(self.matched - len(self.rows), 0)


def pool_candidates(case: Case, on: date | None = None) -> list[rotation.Candidate]:
    """The lawyers on the register of the centre that decides `case`, as the rotation rule sees
    them: open legal-aid cases assigned to them now (not closed), their last assignment day, their
    fields and years of practice. One query."""
    on = on or today()
    centres = [
        u.pk
        for u in OrgUnit.objects.filter(function=CENTRE_FUNCTION).only(
            "pk", "code", "path", "kind", "function"
        )
        if serves(u, case)
    ]
    rows = (
        LegalAidLawyer.objects.filter(active=True, org_unit_id__in=centres)
        .annotate(
            open_cases=Count("cases", filter=Q(cases__case__closed_on__isnull=True)),
            last_assigned=Max("cases__assigned_on"),
        )
        .values_list("pk", "name", "law_firm", "specialties", "licensed_on", "open_cases", "last_assigned")
    )
    return [
        rotation.Candidate(
            id=pk,
            name=name,
            law_firm=firm,
            fields=rotation.split_fields(specialties or ""),
            open_cases=open_cases,
            last_assigned=last,
            practice_years=practice_years(licensed, on),
        )
        for pk, name, firm, specialties, licensed, open_cases, last in rows
    ]


def _matches(c: rotation.Candidate, q: str) -> bool:
    return not q or q in c.name or q in c.law_firm or any(q in f for f in c.fields)


def lawyer_picker(case: Case, q: str = "", limit: int = PICKER_ROWS) -> Picker:
    """What the assignment step offers for `case` (callers check the user may assign it): the
    rotation's suggestion first, then the lawyers in the rule's order (those the rule would pass
    over for the field follow), those too junior for an art. 26 case last and not selectable;
    `q` searches name, 律所 and 专长."""
    detail = case.legal_aid
    need = rotation.field_for(detail.matter_type, detail.matter)
    severe = bool(detail.severe_penalty)
    candidates = pool_candidates(case)
    suggestion = rotation.suggest(candidates, field=need, severe_penalty=severe)
    ranked = rotation.rank(candidates, field=need, severe_penalty=severe)
    ranked_ids = {c.id for c in ranked}
    rest = sorted((c for c in candidates if c.id not in ranked_ids), key=rotation.rotation_key)
    q = q.strip()[:50]
    rows: list[PickerRow] = []
    if suggestion is not None:
        rows.append(PickerRow(suggestion.candidate, suggested=True))
    for c in ranked + rest:
        if suggestion is not None and c.id == suggestion.candidate.id:
            continue
        if not _matches(c, q):
            continue
        blocked = ""
        if severe and c.practice_years < rotation.SEVERE_PENALTY_MIN_YEARS:
            blocked = "执业不满三年，不能承办本案（法律援助法第二十六条）"
        rows.append(PickerRow(c, blocked=blocked))
    matched = len(rows)
    found = matched - (1 if suggestion is not None else 0)
    return Picker(
        field=need,
        severe_penalty=severe,
        suggestion=suggestion,
        rows=rows[:limit],
        matched=matched,
        found=found,
        q=q,
    )
