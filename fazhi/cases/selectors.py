"""Scoped reads of cases: worklists with filters, sorting and paging; the 临期/超期 list; one case.

Every query starts from `Case.objects.scoped_for(user, action)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.dateparse import parse_date

from fazhi.cases import registry
from fazhi.cases.models import WINDOW_PARTIES, Case, Deadline, DeadlineState, Party
from fazhi.core.audit import AuditAction, audit_record
from fazhi.core.models import OrgUnit, User
from fazhi.core.pii import blind_index, mask_id_number, mask_name
from fazhi.core.roles import Action
from fazhi.core.scoping import PII_FLAG, with_pii_flag
from fazhi.law.errors import LawValidationError
from fazhi.law.validators import check_id_number

NEAR_DUE_DAYS = 3  # a deadline within this many days is 临期
SORTS = {
    "received_on": ("received_on", "id"),
    "number": ("number",),
    "next_due": ("next_due", "id"),
    "status": ("status", "-received_on"),
    "closed_on": ("closed_on", "id"),
}


def cases_for(user: Any, action: str = Action.VIEW, kind: str | None = None) -> QuerySet[Case]:
    qs = Case.objects.scoped_for(user, action)
    return qs.filter(kind=kind) if kind else qs


def case_for(user: Any, pk: int, kind: str | None = None, action: str = Action.VIEW) -> Case:
    """One case the user may see (404 otherwise: no hint that it exists)."""
    case = (
        cases_for(user, action, kind).select_related("org_unit", "handler", "assignee").filter(pk=pk).first()
    )
    if case is None:
        raise Http404("案件不存在或无权查看")
    return case


@dataclass
class WorklistQuery:
    """The parsed filters and sort of a worklist request (GET parameters)."""

    status: str = ""
    org: str = ""  # an org unit code: its subtree
    handler: str = ""
    received_from: date | None = None
    received_to: date | None = None
    enterprise: str = ""  # "1" / "0" / ""
    due: str = ""  # "overdue" / "soon" / ""
    q: str = ""
    sort: str = "-received_on"
    detail: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_params(cls, params: Any, kind: registry.CaseKind | None = None) -> WorklistQuery:
        get = params.get
        sort = get("sort", "-received_on") or "-received_on"
        if sort.lstrip("-") not in SORTS:
            sort = "-received_on"
        detail = {}
        for f in kind.filters if kind else ():
            value = get(f.name, "")
            if value and value in {c for c, _ in f.choices}:
                detail[f.name] = value
        return cls(
            status=get("status", "") or "",
            org=get("org", "") or "",
            handler=get("handler", "") or "",
            received_from=parse_date(get("from", "") or "") if _is_date(get("from", "")) else None,
            received_to=parse_date(get("to", "") or "") if _is_date(get("to", "")) else None,
            enterprise=get("enterprise", "") or "",
            due=get("due", "") or "",
            q=(get("q", "") or "").strip()[:50],
            sort=sort,
            detail=detail,
        )


def _is_date(value: Any) -> bool:
    try:
        return bool(value) and parse_date(str(value)) is not None
    except ValueError:
        return False


def worklist(user: Any, kind: str, query: WorklistQuery, *, today: date) -> QuerySet[Case]:
    """The kind's cases in the user's scope, filtered and sorted (the caller pages)."""
    qs = cases_for(user, Action.VIEW, kind)
    if query.status:
        qs = qs.filter(status=query.status)
    if query.org:
        unit = OrgUnit.objects.filter(code=query.org).only("path").first()
        qs = qs.filter(org_path__startswith=unit.path) if unit else qs.none()
    if query.handler:
        qs = (
            qs.filter(Q(handler_id=query.handler) | Q(assignee_id=query.handler))
            if query.handler.isdigit()
            else qs.none()
        )
    if query.received_from:
        qs = qs.filter(received_on__gte=query.received_from)
    if query.received_to:
        qs = qs.filter(received_on__lte=query.received_to)
    if query.enterprise in ("0", "1"):
        qs = qs.filter(enterprise_related=query.enterprise == "1")
    if query.due == "overdue":
        qs = qs.filter(next_due__lt=today)
    elif query.due == "soon":
        qs = qs.filter(next_due__gte=today, next_due__lte=today + timedelta(days=NEAR_DUE_DAYS))
    if query.q:
        qs = qs.filter(pk__any=_search(kind, query.q))
        _note_person_search(user, kind, query.q, qs)
    lookups = registry.get(kind).filter_lookups if query.detail else {}
    for name, value in query.detail.items():
        lookup = lookups.get(name)
        qs = qs.filter(lookup(value)) if lookup else qs.filter(**{f"{kind}__{name}": value})
    desc = query.sort.startswith("-")
    order = [
        f"-{f.lstrip('-')}" if desc and not f.startswith("-") else f for f in SORTS[query.sort.lstrip("-")]
    ]
    return qs.order_by(*order)


SEARCH_IDS = 2_000  # a search matching up to this many cases is looked up once per page
PREFIX_MIN = 8  # a number query this long that begins some numbers finds just those


def _search(kind: str, q: str) -> Any:
    """The cases of the kind whose number, 案由 or party name contains `q`: a list of ids when
    there are at most SEARCH_IDS of them, else the subquery itself.

    Index lookups (trigram indexes on PostgreSQL), combined by UNION rather than an OR that the
    planner can only answer by scanning every case of the line. Chinese text is looked for in 案由
    and party names; anything else (digits, letters, 号) in case numbers: the numbers that begin
    with a query of PREFIX_MIN characters or more when there are such numbers (a long fragment
    that begins one number does not occur inside another in practice), else those that contain
    it. For speed: a trigram lookup of a long number costs tens of milliseconds on a million
    cases (the posting lists of its common trigrams), and a page asks more than once (its capped
    count, its ordered keys), so the matches are fetched once and the page filters on their ids."""
    by_id = _id_number(q)
    if by_id:  # an ID number: the cases of the person (exact, through the keyed hash)
        return _ids_or_query(_person_cases(kind, q, by_id))
    if _has_cjk(q) and not q.endswith("号"):
        matching = (
            Case.objects.filter(kind=kind, title__contains=q)
            .values_list("pk", flat=True)
            .order_by()
            .union(
                Party.objects.filter(case__kind=kind, name__contains=q)
                .values_list("case_id", flat=True)
                .order_by()
            )
        )
    else:
        numbers = Case.objects.filter(kind=kind).values_list("pk", flat=True).order_by()
        if len(q) >= PREFIX_MIN:
            # A number typed (or pasted) from its start: the numbers that begin with it, a btree
            # range (case_kind_number_prefix; fazhi.core.lookups) instead of the trigram lookup.
            found = _ids_or_query(numbers.filter(number__prefix=q))
            if not isinstance(found, list) or found:
                return found
        matching = numbers.filter(number__contains=q)
    return _ids_or_query(matching)


def _id_number(q: str) -> str:
    """`q` as a valid 身份证号码 (normalised), or ""."""
    if len(q) != 18:
        return ""
    try:
        return check_id_number(q)
    except LawValidationError:
        return ""


def _person_cases(kind: str, q: str, id_number: str = "") -> QuerySet:
    """The ids of the kind's cases with a party found by this person query: an ID number
    (exactly) or a name containing `q`."""
    parties = Party.objects.filter(case__kind=kind)
    if id_number:
        parties = parties.filter(person__id_number_hash=blind_index(id_number))
    else:
        parties = parties.filter(name__contains=q)
    return parties.values_list("case_id", flat=True).order_by()


def _note_person_search(user: Any, kind: str, q: str, found: QuerySet[Case]) -> None:
    """检索个人: a search by a person's name or ID number that finds cases whose personal data
    the user may not see in clear tells them that this person is a party (e.g. a legal-aid
    applicant): it is a read of personal data, recorded in the audit log — the query masked with
    its keyed hash beside it (an auditor can check a given name against it), and how many
    such cases it found. The search itself stays within the user's scope (`found`)."""
    id_number = _id_number(q)
    if not id_number and not (_has_cjk(q) and not q.endswith("号")):
        return
    via_person = with_pii_flag(user, found.filter(pk__in=_person_cases(kind, q, id_number)))
    hidden = via_person.filter(**{PII_FLAG: False}).count()
    if not hidden:
        return
    audit_record(
        actor=user,
        action=AuditAction.VIEW_PII,
        detail={
            "search": mask_id_number(id_number) if id_number else mask_name(q),
            "search_hash": blind_index(id_number or q),
            "kind": kind,
            "cases": hidden,
        },
        object_type="cases.case",
        object_repr=f"按{'身份证号' if id_number else '姓名'}检索{registry.get(kind).label}",
    )


def _ids_or_query(matching: QuerySet) -> Any:
    ids = list(matching[: SEARCH_IDS + 1])
    return ids if len(ids) <= SEARCH_IDS else matching


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def handlers_for(user: Any, kind: str) -> QuerySet[User]:
    """Users who handle cases of this kind in the user's scope (for the handler filter).

    Asked per account (EXISTS: one index probe each, for speed) rather than as the DISTINCT
    handlers of every case in scope, which reads all of a district's million cases."""
    handles = cases_for(user, Action.VIEW, kind).filter(handler_id=OuterRef("pk"))
    return User.objects.filter(Exists(handles)).order_by("username")


def due_deadlines(user: Any, *, today: date, within_days: int = NEAR_DUE_DAYS) -> QuerySet[Deadline]:
    """临期/超期: open deadlines in the user's scope due within `within_days` or already past."""
    return (
        Deadline.objects.scoped_for(user, Action.VIEW)
        .filter(state=DeadlineState.OPEN, due__lte=today + timedelta(days=within_days))
        .exclude(party__in=WINDOW_PARTIES)
        .select_related("case", "case__org_unit", "case__handler")
        .order_by("due", "id")
    )


def townships_in_scope(user: Any) -> QuerySet[OrgUnit]:
    """The 乡级 units (and the district's own offices) a user can filter a worklist by."""
    from fazhi.core.models.org import TOWNSHIP_KINDS

    return OrgUnit.objects.scoped_for(user, Action.VIEW).filter(kind__in=TOWNSHIP_KINDS).order_by("code")


def deadlines_to_confirm(user: Any) -> QuerySet[Deadline]:
    """待人工确认: lapsed deadlines whose automatic effect waits for a person (provisional due day),
    in the cases the user may change (only they can confirm), oldest first."""
    return (
        Deadline.objects.scoped_for(user, Action.CHANGE)
        .filter(state=DeadlineState.TO_CONFIRM)
        .select_related("case", "case__org_unit", "case__handler")
        .order_by("due", "id")
    )
