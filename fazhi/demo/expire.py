"""The demo's lapsed deadlines, expired as `fazhi.cases.services.deadlines_expire` would, at once.

For speed: after a build ~17,000 deadlines lie in the past (mostly the parties' 30-day windows of
人民调解, RM-09); the service takes them one by one (~5 statements each, ~1.5 min on this 2-core
machine). Most need no step: the deadline only becomes 已失效 (a party's or the court's window) or
已超期 (a duty of the body), and the case's next duty date is read again. Those are updated here
in a few statements, and their timeline events and audit records (the service writes one of each
per lapse) are bulk-inserted with the same content. Every case with a lapsed deadline that has a legal effect on expiry (an
automatic transition such as FY-05a 视为受理) is left whole to the service, which takes its
deadlines in their order, so the result is the service's own.

`demo/tests/test_expire.py` checks that both leave the same rows.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Min

from fazhi.cases import registry
from fazhi.cases.models import WINDOW_PARTIES, Case, CaseEvent, Deadline, DeadlineState, EventKind
from fazhi.cases.services import deadlines_expire, lapse_audit_detail, lapse_summary, today
from fazhi.core.audit import AuditAction
from fazhi.core.models import AuditEvent

CHUNK = 500  # ids per UPDATE (below SQLite's parameter limit)


def _automatic_rules(kind: str, status: str, cache: dict[tuple[str, str], frozenset[str]]) -> frozenset[str]:
    """Rules whose expiry takes an automatic transition from `status` (as deadlines_expire looks them up)."""
    key = (kind, status)
    if key not in cache:
        workflow = registry.get(kind).workflow
        cache[key] = frozenset(
            rule for t in workflow.available(status, include_automatic=True) if t.automatic for rule in t.meet
        )
    return cache[key]


def expire_lapsed(*, on: date | None = None) -> int:
    """Expire every open deadline due before `on` (default today); returns the count, as the service does."""
    on = on or today()
    rows = list(
        Deadline.objects.filter(state=DeadlineState.OPEN, due__lt=on).values_list(
            "pk", "case_id", "case__kind", "case__status", "rule_id", "party"
        )
    )
    cache: dict[tuple[str, str], frozenset[str]] = {}
    with_effect = {
        case_id for _, case_id, kind, status, rule, _ in rows if rule in _automatic_rules(kind, status, cache)
    }
    windows = [
        (pk, case_id)
        for pk, case_id, *_, party in rows
        if case_id not in with_effect and party in WINDOW_PARTIES
    ]
    duties = [
        (pk, case_id)
        for pk, case_id, *_, party in rows
        if case_id not in with_effect and party not in WINDOW_PARTIES
    ]
    for chunk in _chunks(windows):
        with transaction.atomic():
            Deadline.objects.filter(pk__in=[pk for pk, _ in chunk]).update(state=DeadlineState.EXPIRED)
            _record_lapses(chunk, DeadlineState.EXPIRED)
    for chunk in _chunks(duties):
        with transaction.atomic():
            Deadline.objects.filter(pk__in=[pk for pk, _ in chunk]).update(state=DeadlineState.MISSED)
            _record_lapses(chunk, DeadlineState.MISSED)
            _refresh_next_due({case_id for _, case_id in chunk})
    # A window's lapse leaves the next duty date as it was (windows are not the body's duties).
    return len(windows) + len(duties) + deadlines_expire(on=on)


def _record_lapses(chunk: list[tuple[int, int]], state: DeadlineState) -> None:
    """The service's timeline event and audit record of each lapse (`_record_lapse`), bulk-inserted."""
    deadlines = Deadline.objects.filter(pk__in=[pk for pk, _ in chunk]).values_list(
        "pk", "case_id", "rule_id", "title", "due", "case__number", "case__title"
    )
    events, audits = [], []
    for pk, case_id, rule_id, title, due, number, case_title in deadlines.order_by("id"):
        events.append(
            CaseEvent(
                case_id=case_id,
                on=due,
                actor_name="系统",
                kind=EventKind.DEADLINE,
                summary=lapse_summary(title, state),
                data={"deadline": pk, "rule": rule_id, "state": str(state)},
            )
        )
        audits.append(
            AuditEvent(
                actor_name="系统",
                action=AuditAction.UPDATE,
                object_type=Case._meta.label_lower,
                object_id=str(case_id),
                object_repr=f"{number} {case_title}"[:200],
                detail=lapse_audit_detail(pk, rule_id, state, due),
            )
        )
    CaseEvent.objects.bulk_create(events)
    AuditEvent.objects.bulk_create(audits)


def _refresh_next_due(case_ids: set[int]) -> None:
    """Each case's next duty date: its earliest open deadline that is not a window (as the service reads it)."""
    nxt = dict(
        Deadline.objects.filter(case_id__in=case_ids, state=DeadlineState.OPEN)
        .exclude(party__in=WINDOW_PARTIES)
        .values("case_id")
        .annotate(due=Min("due"))
        .values_list("case_id", "due")
    )
    for case_id, current in Case.objects.filter(pk__in=case_ids).values_list("pk", "next_due"):
        if nxt.get(case_id) != current:
            Case.objects.filter(pk=case_id).update(next_due=nxt.get(case_id))


def _chunks(items: list) -> list[list]:
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]
