"""人民调解 demo: a small year described as data (fazhi.demo.walker), checked through the
indicator engine."""

from datetime import date

from django.db.models import F

from fazhi.core.models import User
from fazhi.core.scoping import SYSTEM
from fazhi.demo import mediation, walker
from fazhi.demo.context import DemoContext
from fazhi.demo.tests.smalldata import small_root
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, compute

# A small 2024: 40 accepted (38 with an agreement, 6 of them visited again), 3 refused.
SMALL = """
[rosters]
full_time_mediators = 24
admin_mediation_orgs = 2

[[cases]]
end = "agreed"
outcome = "agreement"
count = 32

[[cases]]
end = "followed_up"
outcome = "agreement"
via = ["follow_up"]
count = 6

[[cases]]
outcome = "failed"
count = 2

[[cases]]
outcome = "refused"
count = 3
"""


def figures(org):
    results = compute(
        registry.selected(),
        period=Period(date(2024, 1, 1), date(2024, 12, 31)),
        user=SYSTEM,
        org=org,
        compare=False,
    )
    return {r.key: r for r in results if r.key.startswith("mediation.")}


def test_a_small_year_gives_exactly_its_figures(xihu, tmp_path):
    from fazhi.core.demo_accounts import ensure_demo_accounts

    ensure_demo_accounts()
    mediation.generate(DemoContext(seed=7), 2024, root=small_root(tmp_path, "mediation", {2024: SMALL}))
    f = figures(xihu["330106"])
    assert f["mediation.accepted"].value == 40
    assert f["mediation.succeeded"].value == 38
    assert (f["mediation.success_rate"].numerator, f["mediation.success_rate"].denominator) == (38, 40)
    assert f["mediation.full_time_mediators"].value == 24
    assert f["mediation.admin_mediation_orgs"].value == 2
    # every counted 镇街 has at least two full-time mediators, and the demo login is one of them
    from fazhi.mediation.models import Mediator

    per_town = {}
    for m in Mediator.objects.filter(full_time=True):
        per_town[m.committee.code] = per_town.get(m.committee.code, 0) + 1
    assert len(per_town) == 11 and min(per_town.values()) >= 2
    assert Mediator.objects.filter(user=User.objects.get(username="tiaojie_beishan")).exists()
    # the walker took the wanted paths: 6 visits, every step dated in the year and in order
    from fazhi.cases.models import Case, CaseEvent

    assert Case.objects.filter(kind="mediation", status="followed_up").count() == 6
    assert not CaseEvent.objects.filter(on__gt=date(2024, 12, 31)).exists()
    assert not Case.objects.filter(closed_on__lt=F("accepted_on")).exists()


def test_the_same_seed_gives_the_same_records(xihu, tmp_path):
    from django.db import transaction

    from fazhi.cases.models import Case
    from fazhi.core.demo_accounts import ensure_demo_accounts

    ensure_demo_accounts()
    root = small_root(
        tmp_path, "mediation", {2024: SMALL.replace("admin_mediation_orgs = 2", "admin_mediation_orgs = 0")}
    )
    runs = []
    for _ in range(2):
        with transaction.atomic():
            mediation.generate(DemoContext(seed=11), 2024, root=root)
            runs.append(
                list(Case.objects.order_by("number").values_list("number", "title", "received_on", "outcome"))
            )
            transaction.set_rollback(True)  # back to an empty dataset for the second run
    assert runs[0] == runs[1] and len(runs[0]) == 43


def _as_written(case):
    """What a user sees of a case: its facts, timeline, deadlines and parties (not its number)."""
    events = list(
        case.events.order_by("on", "pk").values_list(
            "on", "actor", "kind", "transition", "to_status", "summary", "data"
        )
    )
    deadlines = list(
        case.deadlines.order_by("rule_id").values_list(
            "rule_id", "trigger_on", "due", "state", "basis", "explanation", "provisional"
        )
    )
    parties = list(case.parties.order_by("order").values_list("role", "name", "person__id_number_hash"))
    return (
        case.status,
        case.outcome,
        case.received_on,
        case.accepted_on,
        case.closed_on,
        case.next_due,
        case.detail.agreement_form,
        events,
        deadlines,
        parties,
    )


def test_a_batch_writes_the_same_case_as_the_services(xihu, tmp_path):
    """fazhi.demo.batch plans through the bulk planner: the stored case equals the one the
    services store for the same draws (only the number differs)."""
    from fazhi.cases.bulk import SERVICES
    from fazhi.cases.models import Case
    from fazhi.core.audit import AuditEvent
    from fazhi.core.demo_accounts import ensure_demo_accounts
    from fazhi.demo.batch import REASON, DemoBatch

    ensure_demo_accounts()
    data = walker.load("mediation")
    mediation.build_rosters(DemoContext(seed=1), 2024, {"full_time_mediators": 22})
    day = date(2024, 3, 4)
    for outcome in ("agreement", "failed", "refused"):
        want = walker.Want(count=1, outcome=outcome, end="agreed" if outcome == "agreement" else "")

        def one(outcome=outcome, want=want):
            return walker.Walker(DemoContext(seed=1), data).make(want, day, until=date(2024, 12, 31))

        by_services = one()(SERVICES)
        with DemoBatch("mediation") as batch:
            batch.add(one())
        stored = Case.objects.filter(kind="mediation").order_by("-pk").first()  # the batch's case
        assert stored.pk != by_services.pk and stored.number != by_services.number
        assert _as_written(stored) == _as_written(by_services), outcome
        assert stored.outcome == outcome
        assert stored.history.first().history_change_reason == REASON
    assert batch.through_services == 0
    assert AuditEvent.objects.filter(object_repr__contains=REASON).count() == 3
