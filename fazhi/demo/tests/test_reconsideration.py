"""行政复议 demo: small years described as data (fazhi.demo.walker), every figure checked through the
indicator engine (never through the walker's own counters), the carry-over into the next year, the
opinion letters, the fast track and the live cases."""

from collections import Counter
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import transaction

from fazhi.cases.models import Case, CaseLink, DeadlineState
from fazhi.cases.services import deadlines_expire
from fazhi.core.demo_accounts import ensure_demo_accounts
from fazhi.core.scoping import SYSTEM
from fazhi.demo import reconsideration, walker
from fazhi.demo.context import DemoContext
from fazhi.demo.tests.smalldata import small_root
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, compute

COMPANY = 'receive = { parties = [{ role = "applicant", who = "company" }] }'
INCOMPLETE = (
    'receive = { parties = [{ role = "applicant", who = "company" }], '
    'detail = { incomplete_intake = true, missing_items = ["授权委托书原件"] } }'
)


def entry(count, *, outcome="", end="", via=(), extra=(), table="cases"):
    lines = [f"[[{table}]]", f"count = {count}"]
    if outcome:
        lines.append(f'outcome = "{outcome}"')
    if end:
        lines.append(f'end = "{end}"')
    if via:
        lines.append("via = [" + ", ".join(f'"{v}"' for v in via) + "]")
    return "\n".join([*lines, *extra]) + "\n\n"


ORDINARY = 'data = { accept = { procedure = "ordinary" } }'
NONPERFORMANCE = 'variant = "nonperformance"'  # 驳回复议请求 / 责令履行 (arts. 66, 69)
BACK = 'avoid = ["resume_before_reply", "resume_before_copy"]'  # 恢复审理 back under review


def year(*, not_accepted=(3, 1), letters=True, pending=True, scale=1):
    """A small year: 不予受理, one 视为放弃, 纠错 (with the three 意见书), 调撤, other decisions, and the
    cases still pending at the year's end (late receipts under review, extended, suspended)."""
    s = entry(not_accepted[0], outcome="BU_SHOULI") + entry(
        not_accepted[1], outcome="BU_SHOULI", extra=[COMPANY]
    )
    s += entry(
        1,
        end="abandoned",
        via=["request_correction", "supplement_lapsed", "deem_abandon"],
        extra=['received = ["01-02", "10-31"]'],
    )
    if letters:
        s += entry(
            2,
            end="decided",
            outcome="CHEXIAO",
            via=["issue_opinion"],
            extra=[
                'received = ["02-01", "07-31"]',
                'follow = { kind = "opinion_letter", end = "replied", outcome = "corrected" }',
            ],
        )
        s += entry(
            1,
            end="decided",
            outcome="CHEXIAO",
            via=["issue_opinion"],
            extra=[
                'received = ["02-01", "06-30"]',
                'follow = { kind = "opinion_letter", end = "replied", outcome = "partial", '
                'via = ["reply_overdue", "urge"] }',
            ],
        )
    else:
        s += entry(2, end="decided", outcome="QUEREN_WEIFA")
    s += entry(2 * scale, outcome="HEJIE_CHEHUI")
    s += entry(3, outcome="HEJIE_CHEHUI", via=["record_reply"])
    s += entry(2, outcome="HEJIE_CHEHUI", via=["complete_materials", "record_reply"], extra=[INCOMPLETE])
    s += entry(2, outcome="TIAOJIE", via=["record_reply", "mediate"])
    s += entry(2, outcome="TIAOJIE", via=["record_reply", "mediate"], extra=[COMPANY])
    s += entry(8 * scale - 1, end="decided", outcome="WEICHI")
    hearing = ["schedule_hearing", "notify_hearing", "hold_hearing"]
    s += entry(1, end="decided", outcome="WEICHI", via=hearing, extra=[ORDINARY])
    s += entry(1, end="decided", outcome="WEICHI", via=["extend"], extra=[ORDINARY])
    s += entry(1, end="decided", outcome="WEICHI", via=["request_correction", "receive_supplement"])
    s += entry(3, end="decided", outcome="BOHUI_QINGQIU", extra=[NONPERFORMANCE])
    s += entry(1, outcome="BOHUI_SHENQING", via=["record_reply"])
    s += entry(1, outcome="ZHONGZHI", via=["record_reply"])
    s += entry(3, end="decided", outcome="WEICHI", extra=[COMPANY])
    s += entry(1, end="decided", outcome="WEICHI", via=["complete_materials"], extra=[INCOMPLETE])
    s += entry(1, outcome="ZHONGZHI", via=["record_reply"], extra=[COMPANY])
    if pending:  # on 31 December: 10 under review (3 after an extension), 3 suspended
        late = ['year_end = "reviewing"', 'received = ["11-10", "12-31"]', ORDINARY]
        s += entry(1, end="decided", outcome="CHEXIAO", extra=late)
        s += entry(2, outcome="HEJIE_CHEHUI", via=["record_reply"], extra=late)
        s += entry(2, end="decided", outcome="WEICHI", extra=late)
        s += entry(2, end="decided", outcome="WEICHI", extra=[*late, COMPANY])
        extended = [
            'year_end = "reviewing"',
            'received = ["10-08", "11-09"]',
            'data = { accept = { procedure = "ordinary" }, extend = { extension_days = 30 } }',
        ]
        s += entry(1, outcome="TIAOJIE", via=["record_reply", "mediate", "extend"], extra=extended)
        s += entry(2, end="decided", outcome="WEICHI", via=["extend"], extra=extended)
        suspended = ['year_end = "suspended"', 'received = ["08-01", "10-07"]', ORDINARY]
        s += entry(1, outcome="HEJIE_CHEHUI", via=["record_reply", "suspend"], extra=suspended)
        s += entry(
            2, end="decided", outcome="WEICHI", via=["record_reply", "suspend"], extra=[*suspended, BACK]
        )
    return s


# What the small files hold (the test's own arithmetic; the figures come from the records).
SMALL = {
    "received": 52,
    "concluded": 34,
    "corrected": 3,
    "settled": 11,
    "opinion_letters": 3,
    "pending": 13,
}  # pending: concluded the next year (1 纠错, 4 调撤)
SMALL_FAST = 12  # enterprise applicants


def figures(org, year):
    period = Period(date(year, 1, 1), date(year, 12, 31))
    results = compute(registry.selected(), period=period, user=SYSTEM, org=org, compare=False)
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


def test_a_small_year_gives_exactly_its_figures(demo, tmp_path):
    root = small_root(tmp_path, "reconsideration", {2024: year()})
    reconsideration.generate(DemoContext(seed=7), 2024, root=root)
    assert_figures(figures(demo["330106"], 2024), SMALL)
    cases = Case.objects.filter(kind="reconsideration", received_on__year=2024).select_related(
        "reconsideration", "handler"
    )
    # The cases pending at the year's end were concluded early in 2025 (`year_end`), none left open.
    later = [c for c in cases if c.closed_on and c.closed_on.year == 2025]
    assert len(later) == SMALL["pending"] and all(c.closed_on < date(2025, 6, 30) for c in later)
    assert not Case.objects.filter(kind="reconsideration", closed_on__isnull=True).exists()
    assert figures(demo["330106"], 2025)["reconsideration.concluded"].value == SMALL["pending"]
    # 视为放弃: the system's step once the 在途 period (FY-07b) after the FY-07 day has run
    assert cases.filter(status="abandoned").count() == 1
    # The enterprise fast track, with 容缺接收 recorded and its material supplemented.
    fast = [c for c in cases if c.enterprise_related]
    assert len(fast) == SMALL_FAST and all(c.reconsideration.fast_track for c in fast)
    incomplete = [c for c in fast if c.reconsideration.incomplete_intake]
    assert len(incomplete) == 3 and all(c.reconsideration.missing_items for c in incomplete)
    assert all(c.reconsideration.supplement_received_on for c in incomplete)
    # Spread over the district's agencies, the act drawn with its respondent; both procedures;
    # the demo login handles cases.
    assert len({c.reconsideration.respondent_agency_id for c in cases}) >= 6
    assert all(c.reconsideration.respondent_name in c.title for c in cases)
    assert {"ordinary", "simplified"} <= {c.reconsideration.procedure for c in cases}
    heard = cases.get(reconsideration__hearing_held_on__isnull=False)  # notified five days before
    assert heard.reconsideration.hearing_notified_on < heard.reconsideration.hearing_on
    assert heard.deadlines.get(rule_id="FY-11").state == DeadlineState.MET
    assert Counter(c.handler.username for c in cases)["fuyi"] > 0
    # Statutory periods: met, none left open.
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


def test_the_next_year_counts_the_carried_over_cases_and_stays_exact(demo, tmp_path):
    ctx = DemoContext(seed=3)
    small_2023 = year(letters=False, scale=2)
    root = small_root(tmp_path, "reconsideration", {2023: small_2023, 2024: year()})
    reconsideration.generate(ctx, 2023, root=root)
    # 13 of 2023's cases were pending on 31 December: under review or suspended, concluded in 2024.
    pending = Case.objects.filter(kind="reconsideration", received_on__year=2023, closed_on__year=2024)
    assert pending.count() == 13
    states = {e.from_status for c in pending for e in c.events.filter(on__year=2024).order_by("on", "pk")[:1]}
    assert states <= {"reviewing", "suspended"} and "suspended" in states
    reconsideration.generate(ctx, 2024, root=root)
    # 2023: its own cases only; 2024: its own and the 13 carried over (1 纠错, 4 调撤).
    assert_figures(
        figures(demo["330106"], 2023),
        {"received": 61, "concluded": 43, "corrected": 2, "settled": 13, "opinion_letters": 0},
    )
    assert_figures(
        figures(demo["330106"], 2024),
        {"received": 52, "concluded": 34 + 13, "corrected": 3 + 1, "settled": 11 + 4, "opinion_letters": 3},
    )


def test_the_same_seed_gives_the_same_records(demo, tmp_path):
    root = small_root(tmp_path, "reconsideration", {2024: year()})
    runs = []
    for _ in range(2):
        with transaction.atomic():
            reconsideration.generate(DemoContext(seed=11), 2024, root=root)
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
    reconsideration.generate_current(DemoContext(seed=5), day)
    cases = Case.objects.filter(kind="reconsideration").select_related("reconsideration")
    assert cases.count() == 20 and all(day - timedelta(days=62) <= c.received_on <= day for c in cases)
    assert sum(c.closed_on is None for c in cases) >= 15
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
    assert {c.status for c in cases} >= {"received", "correction", "accepted", "awaiting_reply", "reviewing"}


def _as_written(case):
    """What a user sees of a case: its facts, timeline, deadlines and parties (not its number)."""
    events = list(
        case.events.order_by("on", "pk").values_list(
            "on", "actor", "kind", "transition", "to_status", "summary", "data"
        )
    )
    deadlines = list(
        case.deadlines.order_by("rule_id").values_list(
            "rule_id", "trigger_on", "due", "state", "basis", "explanation", "provisional", "pauses"
        )
    )
    parties = list(
        case.parties.order_by("order").values_list("role", "name", "org_unit", "legal_entity__uscc")
    )
    detail = {
        k: v
        for k, v in type(case.reconsideration).objects.filter(pk=case.reconsideration.pk).values()[0].items()
        if k not in ("id", "case_id", "decision_number")
    }
    return (
        case.status,
        case.outcome,
        case.received_on,
        case.accepted_on,
        case.closed_on,
        case.next_due,
        case.enterprise_related,
        events,
        deadlines,
        parties,
        detail,
    )


WANTS = {
    "decided after an extension": walker.Want(
        count=1, end="decided", outcome="WEICHI", via=("extend",), data={"accept": {"procedure": "ordinary"}}
    ),
    "suspended": walker.Want(count=1, end="suspended", data={"accept": {"procedure": "ordinary"}}),
    "settled, 容缺 material supplied": walker.Want(
        count=1,
        outcome="HEJIE_CHEHUI",
        via=("complete_materials", "record_reply"),
        receive={
            "parties": [{"role": "applicant", "who": "company"}],
            "detail": {"incomplete_intake": True, "missing_items": "授权委托书原件"},
        },
    ),
    "not accepted after 补正": walker.Want(
        count=1, outcome="BU_SHOULI", via=("request_correction", "receive_supplement")
    ),
    "视为放弃": walker.Want(
        count=1, end="abandoned", via=("request_correction", "supplement_lapsed", "deem_abandon")
    ),
    "corrected": walker.Want(count=1, end="decided", outcome="QUEREN_WEIFA"),
}


def test_a_batch_writes_the_same_case_as_the_services(demo):
    """fazhi.demo.batch plans through the bulk planner (the line's planning-safe hooks): the stored
    case equals the one the services store for the same draws (only the number differs)."""
    from fazhi.cases.bulk import SERVICES
    from fazhi.demo.batch import REASON, DemoBatch

    reconsideration.build_staff(DemoContext(seed=1))
    data = walker.load("reconsideration")
    day = date(2024, 3, 4)
    for label, want in WANTS.items():

        def one(want=want):
            return walker.Walker(DemoContext(seed=1), data).make(want, day, until=date(2024, 12, 31))

        by_services = one()(SERVICES)
        with DemoBatch("reconsideration") as batch:
            batch.add(one())
        assert batch.through_services == 0, label
        stored = Case.objects.filter(kind="reconsideration").order_by("-pk").first()  # the batch's case
        assert stored.pk != by_services.pk and stored.number != by_services.number
        assert _as_written(stored) == _as_written(by_services), label
        assert stored.history.first().history_change_reason == REASON
    # the opinion letter's step creates and links another case: that case goes through the services
    letter = walker.Want(count=1, end="decided", outcome="CHEXIAO", via=("issue_opinion",))
    with DemoBatch("reconsideration") as batch:
        batch.add(walker.Walker(DemoContext(seed=1), data).make(letter, day, until=date(2024, 12, 31)))
    assert batch.through_services == 1 and Case.objects.filter(kind="opinion_letter").count() == 1
