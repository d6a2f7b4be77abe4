"""法律援助 demo generator: small years, checked through the indicator engine (never through the
generator's own counters), the records behind the figures, and determinism for a seed."""

from datetime import date, timedelta

import pytest
from django.db import transaction

from fazhi.cases.models import Case, CaseEvent
from fazhi.cases.services import today
from fazhi.core.demo_accounts import ensure_demo_accounts
from fazhi.core.models import User
from fazhi.demo import legal_aid
from fazhi.demo.context import DemoContext
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, compute
from fazhi.legal_aid.models import Commendation, Consultation, LegalAidCase, LegalAidLawyer

SMALL = {
    "accepted": 44,
    "refused": 4,
    "consultations": 90,
    "commendations": 6,
    "group_labour": [(7, 210_500), (3, 48_000)],
    "new_lawyers": 5,
    "peer_reviewed": 14,
    "peer_good": 12,
}
SMALL_2023 = {
    "accepted": 30,
    "refused": 2,
    "consultations": 40,
    "commendations": 3,
    "group_labour": [(4, 90_000)],
    "new_lawyers": 3,
    "peer_reviewed": 9,
    "peer_good": 8,
}


def figures(org, year):
    period = Period(date(year, 1, 1), date(year, 12, 31))
    results = compute(registry.selected(), period=period, org=org, compare=False)
    return {r.key: r for r in results if r.key.startswith("legal_aid.")}


def expected(target):
    return {
        "legal_aid.accepted": target["accepted"],
        "legal_aid.consultations": target["consultations"],
        "legal_aid.commendations": target["commendations"],
        "legal_aid.group_labour_cases": len(target["group_labour"]),
        "legal_aid.group_labour_applicants": sum(n for n, _ in target["group_labour"]),
        "legal_aid.group_labour_amount": sum(a for _, a in target["group_labour"]),
        "legal_aid.new_lawyers": target["new_lawyers"],
        "legal_aid.peer_reviewed": target["peer_reviewed"],
    }


@pytest.fixture
def two_years(xihu):
    ensure_demo_accounts()
    ctx = DemoContext(seed=7)
    legal_aid.generate(ctx, 2023, SMALL_2023)
    legal_aid.generate(ctx, 2024, SMALL)
    return ctx


def test_each_year_gives_exactly_its_figures(two_years, xihu):
    for year, target in ((2023, SMALL_2023), (2024, SMALL)):
        f = figures(xihu["330106"], year)
        assert {k: f[k].value for k in expected(target)} == expected(target), year
        rate = f["legal_aid.good_rate"]
        assert (rate.numerator, rate.denominator) == (target["peer_good"], target["peer_reviewed"])
    assert str(figures(xihu["330106"], 2024)["legal_aid.good_rate"].value) == "85.71"  # 12 / 14


def test_the_records_behind_the_figures_follow_the_real_process(two_years, xihu):
    cases = Case.objects.filter(kind="legal_aid", is_demo=True)
    # refusals and withdrawals are decided but never counted as accepted
    assert (
        cases.filter(outcome="refused", accepted_on__isnull=True).count()
        == SMALL["refused"] + SMALL_2023["refused"]
    )
    assert cases.filter(status="withdrawn", accepted_on__isnull=True).exists()
    # every accepted case of a year was decided in that year and assigned a pool lawyer
    accepted = cases.filter(accepted_on__isnull=False)
    assert all(c.received_on.year == c.accepted_on.year for c in accepted)
    assert not LegalAidCase.objects.filter(case__in=accepted, lawyer__isnull=True).exists()
    # the evaluated cases went through close → closing report → evaluation in that order
    for d in LegalAidCase.objects.filter(peer_evaluated_on__isnull=False).select_related("case"):
        assert d.case.accepted_on <= d.case.closed_on <= d.closing_report_on < d.peer_evaluated_on
        assert d.peer_evaluated_on.year == d.case.accepted_on.year
    # criminal notices, applications assessed by fazhi.law, 先行提供 and terminations all occur
    details = LegalAidCase.objects.filter(case__in=accepted)
    assert details.filter(criminal_ground="notified").exists()
    assert details.filter(matter_type="civil", eligibility_outcome="ELIGIBLE").exists()
    assert (
        details.filter(hardship_test="WAIVED").exists() and details.filter(hardship_test="REQUIRED").exists()
    )
    assert cases.filter(status="terminated").exists()
    # every decision was recorded as a timeline event by the services, never written directly
    assert CaseEvent.objects.filter(case__in=accepted, transition__in=["grant", "grant_advance"]).count() == (
        SMALL["accepted"] + SMALL_2023["accepted"]
    )
    # the pool: recruits had ≥ 3 years' practice when they joined; the demo login has cases
    for lw in LegalAidLawyer.objects.filter(is_demo=True):
        assert lw.practice_years(lw.joined_on) >= 3
    zhou = User.objects.get(username="lvshi")
    assert LegalAidLawyer.objects.get(user=zhou).joined_on.year < 2023
    assert Case.objects.scoped_for(zhou).filter(kind="legal_aid").exists()
    # 来电来访: phone and walk-in consultations, at the centre and the 司法所 stations; commendations dated in the year
    assert set(Consultation.objects.values_list("channel", flat=True)) == {"phone", "walk_in"}
    assert Consultation.objects.filter(org_unit__code__endswith="-SFS").exists()
    assert Commendation.objects.filter(case__isnull=False, lawyer__isnull=False).exists()
    assert not Case.objects.filter(is_demo=False).exists()


def test_current_work_is_open_and_the_demo_lawyer_sees_some_of_it(two_years, xihu):
    legal_aid.generate_current(two_years, today(), 24)
    recent = Case.objects.filter(kind="legal_aid", received_on__gte=today() - timedelta(days=95))
    assert recent.count() == 24
    assert recent.filter(closed_on__isnull=True).count() >= 12
    assert {"received", "handling"} <= set(recent.values_list("status", flat=True))
    zhou = User.objects.get(username="lvshi")
    assert Case.objects.scoped_for(zhou).filter(pk__in=recent, closed_on__isnull=True).exists()
    # nothing of the current work touches the 2023–2024 figures
    f = figures(xihu["330106"], 2024)
    assert f["legal_aid.accepted"].value == SMALL["accepted"]


def test_the_same_seed_gives_the_same_records(xihu):
    ensure_demo_accounts()
    runs = []
    for _ in range(2):
        with transaction.atomic():
            legal_aid.generate(DemoContext(seed=11), 2024, SMALL)
            f = figures(xihu["330106"], 2024)
            runs.append(
                (
                    {k: v.value for k, v in f.items()},
                    list(
                        Case.objects.order_by("number").values_list(
                            "number", "title", "received_on", "accepted_on", "closed_on", "status"
                        )
                    ),
                    list(
                        Consultation.objects.order_by("consulted_on", "id").values_list(
                            "consulted_on", "topic"
                        )
                    ),
                )
            )
            transaction.set_rollback(True)  # back to an empty dataset for the second run
    assert runs[0] == runs[1]
    assert runs[0][0]["legal_aid.accepted"] == SMALL["accepted"]


def test_without_the_demo_accounts_demo_staff_stand_in(xihu):
    tiny = {**SMALL_2023, "accepted": 12, "peer_reviewed": 3, "peer_good": 3, "consultations": 5}
    legal_aid.generate(DemoContext(seed=3), 2024, tiny)
    assert figures(xihu["330106"], 2024)["legal_aid.accepted"].value == 12
    assert not User.objects.filter(username__in=["fayuan", "lvshi"]).exists()
    assert User.objects.get(username="fy_001").is_demo
