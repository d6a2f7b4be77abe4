"""人民调解 demo generator: a small year, checked through the indicator engine."""

from datetime import date

from fazhi.core.models import User
from fazhi.demo import mediation
from fazhi.demo.context import DemoContext
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, compute

SMALL = {"accepted": 40, "succeeded": 38, "refused": 3, "full_time_mediators": 24, "admin_mediation_orgs": 2}


def figures(org):
    results = compute(registry.selected(), period=Period(date(2024, 1, 1), date(2024, 12, 31)), org=org, compare=False)
    return {r.key: r for r in results if r.key.startswith("mediation.")}


def test_a_small_year_gives_exactly_its_figures(xihu, make_user):
    from fazhi.core.demo_accounts import ensure_demo_accounts

    ensure_demo_accounts()
    mediation.generate(DemoContext(seed=7), 2024, SMALL)
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


def test_the_same_seed_gives_the_same_records(xihu):
    from django.db import transaction

    from fazhi.cases.models import Case
    from fazhi.core.demo_accounts import ensure_demo_accounts

    ensure_demo_accounts()
    runs = []
    for _ in range(2):
        with transaction.atomic():
            mediation.generate(DemoContext(seed=11), 2024, {**SMALL, "admin_mediation_orgs": 0})
            runs.append(list(Case.objects.order_by("number").values_list("number", "title", "received_on", "outcome")))
            transaction.set_rollback(True)  # back to an empty dataset for the second run
    assert runs[0] == runs[1] and len(runs[0]) == 43
