"""行政应诉 demo generator: two small years and the live suits, checked through the indicator engine
and the records (never the generator's own counters)."""

from datetime import date, timedelta

import pytest
from django.db import transaction

from fazhi.cases.models import Case, CaseLink, DeadlineState, Party
from fazhi.cases.services import PartyInput, case_transition, deadlines_expire, today
from fazhi.core.demo_accounts import ensure_demo_accounts
from fazhi.core.models import User
from fazhi.demo import litigation
from fazhi.demo.context import DemoContext
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, compute
from fazhi.indicators.warnings import two_highs_one_low
from fazhi.law.numbering import parse_court_case_number
from fazhi.litigation.models import LitigationHearing

SMALL = {
    2023: {"received": 30, "concluded": 24, "lost": 3, "settled": 8, "head_appearance": 0.9},
    2024: {"received": 36, "concluded": 30, "lost": 3, "settled": 10, "head_appearance": 1.0},
}
YEAR_2024 = Period(date(2024, 1, 1), date(2024, 12, 31))


def figures(org, period=YEAR_2024):
    results = compute(registry.selected(), period=period, org=org)
    return {r.key: r for r in results if r.key.startswith("litigation.")}


def upheld_reconsideration(officer, ctx, decided_on, respondent):
    """A demo reconsideration upholding the act, made through the reconsideration line's services
    (the generator itself only reads the Case table)."""
    from fazhi.reconsideration.services import reconsideration_receive

    received = decided_on - timedelta(days=40)
    case = reconsideration_receive(
        actor=officer,
        received_on=received,
        applicant=PartyInput(role="applicant", person=ctx.person()),
        respondent=respondent,
        act_description="行政处罚决定",
        service_mode="DIRECT",
        service_date=received - timedelta(days=10),
        act_date=received - timedelta(days=12),
        is_demo=True,
    )
    for name, on, data in (
        ("accept", received + timedelta(days=1), {"procedure": "ordinary"}),
        ("send_copy", received + timedelta(days=2), {"respondent_received_on": received + timedelta(days=3)}),
        ("record_reply", received + timedelta(days=12), {"summary": "答复及证据", "evidence_submitted": "1"}),
        ("decide", decided_on, {"decision": "WEICHI", "summary": "维持"}),
    ):
        case = case_transition(actor=officer, case=case, name=name, data=data, on=on)
    return case


@pytest.fixture
def two_years(xihu):
    ensure_demo_accounts()
    ctx = DemoContext(seed=5)
    fuyi = User.objects.get(username="fuyi")
    upheld = [
        upheld_reconsideration(fuyi, ctx, date(2024, 3, 12), "330106-SCJG"),
        upheld_reconsideration(fuyi, ctx, date(2024, 6, 18), "330106-CGJ"),
    ]
    for year in (2023, 2024):
        with transaction.atomic():
            litigation.generate(ctx, year, SMALL[year])
    return ctx, upheld


def test_two_small_years_give_exactly_their_figures(xihu, two_years):
    f = figures(xihu["330106"])
    for year, key in ((2024, "value"), (2023, "previous")):
        t = SMALL[year]

        def value(k, key=key):
            r = f[k]
            return r.value if key == "value" else r.previous.value

        assert value("litigation.received") == t["received"], year
        assert value("litigation.concluded") == t["concluded"], year
        assert value("litigation.lost") == t["lost"], year
        assert value("litigation.settled") == t["settled"], year
    assert (f["litigation.loss_rate"].numerator, f["litigation.loss_rate"].denominator) == (3, 30)
    assert (f["litigation.settled_rate"].numerator, f["litigation.settled_rate"].denominator) == (10, 30)
    # every case heard in 2024 had a 负责人 appear; in 2023 a tenth did not
    head = f["litigation.head_appearance_rate"]
    assert head.value == 100 and head.denominator > 10
    before = head.previous
    assert before.denominator > 10 and before.numerator == before.denominator - round(
        before.denominator * 0.1
    )
    # the six suits left pending at the end of 2023 are among 2024's concluded ones
    lit = Case.objects.filter(kind="litigation")
    assert lit.filter(litigation__filed_on__year=2023, closed_on__year=2024).count() == 6
    assert lit.filter(litigation__filed_on__year=2024, closed_on__isnull=True).count() == 36 - 24
    assert not lit.filter(closed_on__year=2023, litigation__filed_on__year=2024).exists()
    # no counted step of a year's suits falls in another year
    assert not LitigationHearing.objects.filter(held_on__year__gt=2024).exists()
    assert not lit.filter(closed_on__gt=date(2024, 12, 31)).exists()


def test_the_records_are_plausible(xihu, two_years):
    _, upheld = two_years
    lit = Case.objects.filter(kind="litigation").select_related("litigation__defendant_agency")
    assert lit.count() == 66 and not lit.filter(is_demo=False).exists()
    numbers = set()
    for case in lit:
        d = case.litigation
        parsed = parse_court_case_number(case.number)
        assert (parsed.year, parsed.court, parsed.type) == (d.filed_on.year, d.court_code, d.type_code)
        assert d.court_name == litigation.COURTS[d.court_code]
        assert d.type_code == ("行赔初" if d.act_category == "compensation" else "行初")
        if d.defendant_agency.code == litigation.QZF:
            assert d.court_code != "浙0106"  # XS-22: the 中院, or a designated court (XS-22a)
        numbers.add((d.court_code, d.type_code, d.case_year, d.case_seq))
        assert d.filed_on <= case.received_on and (case.closed_on is None or case.closed_on >= d.filed_on)
        assert case.handler is not None and case.handler.username in dict(litigation.STAFF)
    assert len(numbers) == 66
    assert lit.filter(handler__username="yingsu").count() >= 10  # the demo login has real work
    # most of each year's suits are answered in time (XS-08)
    answered = [c for c in lit if c.litigation.answered_on]
    in_time = [c for c in answered if c.deadlines.get(rule_id="XS-08").state == DeadlineState.MET]
    assert len(in_time) >= 0.9 * len(answered)
    # the suits after the upheld reconsiderations are linked, with the 区政府 as co-defendant
    links = CaseLink.objects.filter(to_case__in=upheld)
    assert links.count() == 2
    for link in links:
        suit = link.from_case
        assert (
            suit.litigation.after_reconsideration
            and suit.litigation.reconsideration_number == link.to_case.number
        )
        assert 0 < (suit.litigation.filed_on - link.to_case.closed_on).days <= 30
        assert (
            suit.title == f"{link.to_case.title}及行政复议决定" and suit.litigation.act_category == "penalty"
        )
        defendants = set(
            Party.objects.filter(case=suit, role="defendant").values_list("org_unit__code", flat=True)
        )
        respondent = Party.objects.get(case=link.to_case, role="respondent").org_unit.code
        assert defendants == {respondent, litigation.QZF}
        applicant = Party.objects.get(case=link.to_case, role="applicant")
        assert Party.objects.filter(case=suit, role="plaintiff", person=applicant.person).exists()
    # the heads who appeared are named, with a title; the few absences in 2023 are on record
    hearings = LitigationHearing.objects.filter(case__kind="litigation")
    assert all(h.appeared_name and h.appeared_title for h in hearings)
    absent = hearings.filter(counts_as_head=False)
    assert absent.exists() and {h.held_on.year for h in absent} == {2023}
    assert all(h.agency_represented for h in absent)


def test_the_loss_rate_warning_names_one_or_two_agencies(xihu, two_years):
    warnings = two_highs_one_low(period=YEAR_2024, org=xihu["330106"])
    loss = [w for w in warnings if "败诉率" in w.message]
    assert 1 <= len(loss) <= 2
    assert not [w for w in warnings if "出庭率" in w.message]  # 2024: every heard case had its head


def test_pending_suits_end_the_next_year_and_the_live_suits_stay_open(xihu, two_years):
    ctx, _ = two_years
    before = {k: (r.value, r.numerator, r.denominator) for k, r in figures(xihu["330106"]).items()}
    now = today()
    with transaction.atomic():
        litigation.generate_current(ctx, now, 6)
        deadlines_expire()
    after = {k: (r.value, r.numerator, r.denominator) for k, r in figures(xihu["330106"]).items()}
    assert after == before  # the 2024 figures do not move
    lit = Case.objects.filter(kind="litigation")
    left = lit.filter(litigation__filed_on__year=2024, closed_on__isnull=False, closed_on__year=2025)
    assert (
        left.count() == 36 - 24
        and not lit.filter(litigation__filed_on__lt=now - timedelta(days=60), closed_on__isnull=True).exists()
    )
    live = lit.filter(received_on__gte=now - timedelta(days=45))
    assert live.count() == 6 and not live.filter(closed_on__isnull=False).exists()
    assert {c.status for c in live} <= {"registered", "answering", "in_trial"}
    missed = [d for c in live for d in c.deadlines.all() if d.state == DeadlineState.MISSED]
    assert not missed
    yingsu = User.objects.get(username="yingsu")
    assert Case.objects.scoped_for(yingsu, "view").filter(kind="litigation").count() == lit.count()


def test_the_same_seed_gives_the_same_records(xihu):
    ensure_demo_accounts()
    runs = []
    for _ in range(2):
        with transaction.atomic():
            litigation.generate(DemoContext(seed=9), 2024, SMALL[2024])
            runs.append(
                list(
                    Case.objects.filter(kind="litigation")
                    .order_by("number")
                    .values_list(
                        "number",
                        "title",
                        "received_on",
                        "status",
                        "outcome",
                        "closed_on",
                        "litigation__defendant_agency__code",
                    )
                )
            )
            transaction.set_rollback(True)  # back to an empty dataset for the second run
    assert runs[0] == runs[1] and len(runs[0]) == 36
