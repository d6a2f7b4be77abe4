"""行政复议 demo generator: small years, every figure checked through the indicator engine (never
through the generator's own counters), the carry-over into the next year, and the live cases."""

from collections import Counter
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import transaction

from fazhi.cases.models import Case, CaseLink, DeadlineState
from fazhi.cases.services import deadlines_expire
from fazhi.core.demo_accounts import ensure_demo_accounts
from fazhi.demo import reconsideration
from fazhi.demo.context import DemoContext
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, compute

# The shape of TARGETS[year]["reconsideration"], a few dozen cases.
SMALL = {
    "received": 52,
    "not_accepted": 4,
    "concluded": 34,
    "corrected": 3,
    "settled": 11,
    "opinion_letters": 3,
    "enterprise_share": 0.25,
}
SMALL_2023 = {
    "received": 40,
    "not_accepted": 3,
    "concluded": 26,
    "corrected": 2,
    "settled": 8,
    "opinion_letters": 1,
    "enterprise_share": 0.2,
}


def figures(org, year):
    period = Period(date(year, 1, 1), date(year, 12, 31))
    results = compute(registry.selected(), period=period, org=org, compare=False)
    return {r.key: r for r in results if r.key.startswith("reconsideration.")}


def assert_figures(f, target):
    assert f["reconsideration.received"].value == target["received"]
    assert f["reconsideration.concluded"].value == target["concluded"]
    assert f["reconsideration.corrected"].value == target["corrected"]
    assert f["reconsideration.settled"].value == target["settled"]
    assert f["reconsideration.opinion_letters"].value == target["opinion_letters"]
    rate = f["reconsideration.correction_rate"]
    assert (rate.numerator, rate.denominator) == (target["corrected"], target["concluded"])
    assert rate.value == (Decimal(target["corrected"] * 100) / target["concluded"]).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )
    settled = f["reconsideration.settled_rate"]
    assert (settled.numerator, settled.denominator) == (target["settled"], target["concluded"])


@pytest.fixture
def demo(xihu):
    ensure_demo_accounts()
    return xihu


def test_a_small_year_gives_exactly_its_figures(demo):
    reconsideration.generate(DemoContext(seed=7), 2024, SMALL)
    assert_figures(figures(demo["330106"], 2024), SMALL)
    cases = Case.objects.filter(kind="reconsideration", received_on__year=2024).select_related(
        "reconsideration"
    )
    # The cases pending at the year's end were concluded early in 2025, none left open.
    later = [c for c in cases if c.closed_on and c.closed_on.year == 2025 and c.outcome != "BU_SHOULI"]
    assert later and all(c.closed_on < date(2025, 6, 30) for c in later)
    assert not Case.objects.filter(kind="reconsideration", closed_on__isnull=True).exists()
    # 2025 counts them, 2024 does not: the two years' figures add up to every concluded case.
    concluded_2025 = figures(demo["330106"], 2025)["reconsideration.concluded"].value
    assert concluded_2025 == len(later)
    # The enterprise fast track, with 容缺接收 recorded and its material supplemented.
    fast = [c for c in cases if c.enterprise_related]
    assert len(fast) == round(SMALL["received"] * SMALL["enterprise_share"])
    assert all(c.reconsideration.fast_track for c in fast)
    incomplete = [c for c in fast if c.reconsideration.incomplete_intake]
    assert incomplete and all(c.reconsideration.missing_items for c in incomplete)
    assert all(c.reconsideration.supplement_received_on for c in incomplete if c.accepted_on)
    # Spread over the district's agencies; both procedures; the demo login handles cases.
    assert len({c.reconsideration.respondent_agency_id for c in cases}) >= 6
    assert {"ordinary", "simplified"} <= {c.reconsideration.procedure for c in cases}
    assert Counter(c.handler.username for c in cases)["fuyi"] > 0
    # Statutory periods: almost all met, none left open.
    decision = Counter(d.state for c in cases for d in c.deadlines.all() if d.rule_id in ("FY-15", "FY-16"))
    assert decision[DeadlineState.OPEN] == 0
    assert decision[DeadlineState.MET] >= 0.9 * sum(decision.values())
    # 行政复议意见书: issued after decisions, delivered, answered within the 60 days (FY-26).
    letters = Case.objects.filter(kind="opinion_letter").select_related("opinion_letter")
    assert letters.count() == 3 and all(c.received_on.year == 2024 for c in letters)
    states = []
    for letter in letters:
        source = CaseLink.objects.get(to_case=letter, kind="follow_up").from_case
        assert source.status == "decided" and source.closed_on <= letter.received_on
        assert letter.opinion_letter.recipient == source.reconsideration.respondent_agency
        assert letter.status == "replied" and letter.opinion_letter.delivered_on
        states.append(letter.deadlines.get(rule_id="FY-26").state)
    # Answered within the 60 days (FY-26) — one only after a reminder (督促, art. 77).
    assert sorted(states) == [DeadlineState.MET, DeadlineState.MET, DeadlineState.MISSED]
    assert letters.filter(opinion_letter__urged_on__isnull=False).count() == 1


def test_the_next_year_counts_the_carried_over_cases_and_stays_exact(demo):
    ctx = DemoContext(seed=3)
    reconsideration.generate(ctx, 2023, SMALL_2023)
    carried = Case.objects.filter(
        kind="reconsideration", received_on__year=2023, closed_on__year=2024
    ).exclude(outcome="BU_SHOULI")
    assert carried.exists()
    # a 2024 target below what 2023 already concluded in 2024 is refused before anything is written
    with pytest.raises(ValueError, match="已在本年审结"):
        reconsideration.generate(ctx, 2024, {**SMALL, "concluded": 1, "corrected": 0, "settled": 0})
    assert not Case.objects.filter(received_on__year=2024).exists()
    reconsideration.generate(ctx, 2024, SMALL)
    assert_figures(figures(demo["330106"], 2023), SMALL_2023)
    assert_figures(figures(demo["330106"], 2024), SMALL)


def test_the_same_seed_gives_the_same_records(demo):
    runs = []
    for _ in range(2):
        with transaction.atomic():
            reconsideration.generate(DemoContext(seed=11), 2024, SMALL)
            runs.append(
                (
                    list(
                        Case.objects.order_by("kind", "number").values_list(
                            "number", "title", "received_on", "accepted_on", "closed_on", "outcome"
                        )
                    ),
                    {k: (r.numerator, r.denominator) for k, r in figures(demo["330106"], 2024).items()},
                )
            )
            transaction.set_rollback(True)  # back to an empty dataset for the second run
    assert runs[0] == runs[1] and len(runs[0][0]) == SMALL["received"] + SMALL["opinion_letters"]


def test_live_cases_of_the_last_weeks_leave_no_period_to_lapse(demo):
    day = date(2025, 9, 17)
    reconsideration.generate_current(DemoContext(seed=5), day, 14)
    cases = Case.objects.filter(kind="reconsideration").select_related("reconsideration")
    assert cases.count() == 14 and all(day - timedelta(days=62) <= c.received_on <= day for c in cases)
    assert sum(c.closed_on is None for c in cases) >= 10
    assert deadlines_expire(on=day) == 0  # the daily job finds nothing overdue
    # 临期: the oldest case's decision is due within days; a fast-track case awaits its 容缺 material.
    near = [
        d
        for c in cases
        for d in c.deadlines.filter(state=DeadlineState.OPEN)
        if d.due <= day + timedelta(days=7)
    ]
    assert near
    assert any(c.reconsideration.supplement_pending and c.closed_on is None for c in cases)
