"""The demo's quick expiry (windows, duties, and cases whose lapse takes a step) leaves exactly what the service `deadlines_expire` leaves."""

import json
from datetime import date

from django.db import transaction

from fazhi.cases.bulk import SERVICES
from fazhi.cases.models import Case, CaseEvent, Deadline, DeadlineState, EventKind
from fazhi.cases.services import deadlines_expire
from fazhi.core.demo_accounts import ensure_demo_accounts
from fazhi.core.models import AuditEvent
from fazhi.demo import expire, litigation, mediation, reconsideration, walker
from fazhi.demo.context import DemoContext
from fazhi.demo.tests.smalldata import small_root
from fazhi.demo.tests.test_litigation import ALONE_2024 as LITIGATION
from fazhi.demo.tests.test_mediation import SMALL as MEDIATION
from fazhi.demo.tests.test_reconsideration import year as reconsideration_year


def snapshot():
    return (
        sorted(Deadline.objects.values_list("case__number", "rule_id", "trigger_on", "due", "state")),
        sorted(Case.objects.values_list("number", "status", "outcome", "next_due", "closed_on")),
        sorted(
            (*row, json.dumps(data, sort_keys=True))
            for *row, data in CaseEvent.objects.values_list(
                "case__number", "kind", "transition", "to_status", "on", "summary", "actor_name", "data"
            )
        ),
        sorted(  # one audit record per lapse (issue 13), the system as actor
            (str(actor), *row, json.dumps(detail, sort_keys=True))
            for actor, *row, detail in AuditEvent.objects.values_list(
                "actor_id", "actor_name", "action", "object_type", "object_id", "object_repr", "detail"
            )
        ),
    )


def test_the_quick_expiry_equals_the_service(xihu, monkeypatch, tmp_path):
    ensure_demo_accounts()
    ctx = DemoContext(seed=3)
    root = small_root(tmp_path, "mediation", {2024: MEDIATION})
    mediation.generate(ctx, 2024, root=root)
    small_root(tmp_path, "reconsideration", {2024: reconsideration_year()})
    reconsideration.generate(ctx, 2024, root=root)
    litigation.generate(ctx, 2024, root=small_root(tmp_path, "litigation", {2024: LITIGATION}))
    # a mediation accepted long ago and left open: its duty deadline lapses (已超期, next due moves)
    open_case = walker.Want(count=1, end="mediating")
    walker.Walker(ctx, walker.load("mediation", root)).make(
        open_case, date(2024, 3, 4), until=date(2024, 3, 4)
    )(SERVICES)
    lapsed = Deadline.objects.filter(state=DeadlineState.OPEN, due__lt=expire.today())
    assert (
        lapsed.filter(party__in=expire.WINDOW_PARTIES).exists()
        and lapsed.exclude(party__in=expire.WINDOW_PARTIES).exists()
    )
    events = CaseEvent.objects.count()
    with transaction.atomic():
        by_service = deadlines_expire(), snapshot()
        assert CaseEvent.objects.count() > events  # some lapse took an automatic step
        lapses = CaseEvent.objects.filter(kind=EventKind.DEADLINE, summary__startswith="期限届满：")
        assert lapses.filter(summary__endswith="（已超期）").exists()
        assert lapses.filter(summary__endswith="（已失效）").exists()
        assert (
            AuditEvent.objects.filter(actor=None, detail__state="missed").count()
            == lapses.filter(summary__endswith="（已超期）").count()
        )
        transaction.set_rollback(True)
    to_service = []
    real = expire.deadlines_expire
    monkeypatch.setattr(expire, "deadlines_expire", lambda on: to_service.append(1) or real(on=on))
    assert (expire.expire_lapsed(), snapshot()) == by_service
    assert to_service == [1]
