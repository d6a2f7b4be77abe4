"""行政应诉 demo: two small years and the live suits described as data (fazhi.demo.walker), checked
through the indicator engine and the records (never the generator's own counters)."""

from datetime import date, timedelta

import pytest
from django.db import transaction

from fazhi.cases.models import Case, CaseLink, DeadlineState, Party
from fazhi.cases.services import PartyInput, case_transition, deadlines_expire, today
from fazhi.core.demo_accounts import ensure_demo_accounts
from fazhi.core.models import User
from fazhi.core.scoping import SYSTEM
from fazhi.demo import litigation, walker
from fazhi.demo.context import DemoContext
from fazhi.demo.tests.smalldata import small_root
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, compute
from fazhi.indicators.warnings import two_highs_one_low
from fazhi.law.numbering import parse_court_case_number
from fazhi.litigation.models import LitigationHearing

JUDGED = 'end = "judged"\nvia = ["answer", "hearing"]'
EARLY = "months = [1, 1, 1, 1, 1, 1, 1, 1, 0.5, 0, 0, 0]"
# 2023: 30 filed, 24 concluded (3 lost, 8 settled), 6 pending at its end; 2 suits heard without a 负责人.
SMALL_2023 = f"""
[[cases]]
{JUDGED}
outcome = "CHEXIAO"
receive = {{ agency = "330106-CGJ" }}
{EARLY}
count = 2

[[cases]]
{JUDGED}
outcome = "CHEXIAO"
receive = {{ agency = "330106-ZRZY" }}
{EARLY}
count = 1

[[cases]]
outcome = "CHESU"
via = ["answer"]
count = 6

[[cases]]
outcome = "TIAOJIE"
via = ["answer", "hearing"]
receive = {{ mediable = true }}
{EARLY}
count = 2

[[cases]]
{JUDGED}
outcome = "BOHUI_SUSONG_QINGQIU"
count = 9

[[cases]]
{JUDGED}
outcome = "BOHUI_SUSONG_QINGQIU"
{EARLY}
count = 2

[cases.data.hearing]
appeared_position = "STAFF"
appeared_title = "法制科科长"
absence_reason = "IRREPLACEABLE_DUTY"
absence_proof = true

[[cases]]
end = "judged"
outcome = "BOHUI_QISU"
via = ["answer"]
count = 2

[[cases]]
end = "answering"
months = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
count = 2

[[cases]]
end = "in_trial"
via = ["answer", "schedule_hearing"]
months = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]
count = 2

[[cases]]
end = "suspended"
via = ["answer", "suspend"]
months = [0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0]
count = 2
"""
# 2024 without the year before: 12 filed, 10 concluded (2 lost, 3 settled), 2 pending.
ALONE_2024 = f"""
[[cases]]
{JUDGED}
outcome = "CHEXIAO"
receive = {{ agency = "330106-CGJ" }}
{EARLY}
count = 2

[[cases]]
outcome = "CHESU"
via = ["answer"]
count = 3

[[cases]]
{JUDGED}
outcome = "BOHUI_SUSONG_QINGQIU"
count = 3

[[cases]]
end = "judged"
outcome = "BOHUI_QISU"
via = ["receive_copy"]
count = 2

[[cases]]
end = "in_trial"
via = ["answer", "schedule_hearing"]
months = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]
count = 2
"""
# 2024: 36 filed; 30 concluded (the 6 carried over and 24 of its own; 3 lost, 10 settled), 12 pending.
SMALL_2024 = f"""
[[cases]]
{JUDGED}
outcome = "CHEXIAO"
receive = {{ agency = "330106-CGJ" }}
{EARLY}
count = 2

[[cases]]
{JUDGED}
outcome = "QUEREN_WEIFA"
receive = {{ agency = "330106-ZRZY" }}
{EARLY}
count = 1

[[cases]]
outcome = "CHESU"
via = ["answer"]
count = 6

[[cases]]
outcome = "CHESU_GAIBIAN"
via = ["answer"]
count = 2

[[cases]]
end = "appeal_closed"
outcome = "BOHUI_SUSONG_QINGQIU"
via = ["answer", "hearing", "appeal_conclude"]
months = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
count = 2

[[cases]]
{JUDGED}
outcome = "BOHUI_SUSONG_QINGQIU"
count = 7

[[cases]]
end = "judged"
outcome = "BOHUI_QISU"
via = ["receive_copy"]
count = 4

[[cases]]
end = "registered"
months = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
count = 1

[[cases]]
end = "answering"
months = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
count = 2

[[cases]]
end = "in_trial"
via = ["answer", "schedule_hearing"]
months = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]
count = 5

[[cases]]
end = "in_trial"
via = ["answer", "hearing"]
months = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0]
count = 2

[[cases]]
end = "suspended"
via = ["answer", "suspend"]
months = [0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0]
count = 2

[[carried]]
start = "answering"
end = "judged"
outcome = "BOHUI_SUSONG_QINGQIU"
via = ["hearing"]
count = 2

[[carried]]
start = "in_trial"
outcome = "CHESU"
count = 2

[[carried]]
start = "suspended"
end = "judged"
outcome = "BOHUI_SUSONG_QINGQIU"
via = ["resume", "hearing"]
count = 2
"""
# Now: the 12 suits pending at the end of 2024 end in 2025; 6 open suits of the last two weeks.
SMALL_CURRENT = """
window_days = 14

[[cases]]
end = "registered"
count = 2

[[cases]]
end = "answering"
count = 2

[[cases]]
end = "in_trial"
via = ["answer", "schedule_hearing"]
count = 2

[[carried]]
start = "registered"
outcome = "CHESU"
count = 1

[[carried]]
start = "answering"
end = "judged"
outcome = "BOHUI_SUSONG_QINGQIU"
via = ["hearing"]
count = 2

[[carried]]
start = "in_trial"
end = "judged"
outcome = "BOHUI_SUSONG_QINGQIU"
via = ["hearing"]
count = 4

[[carried]]
start = "in_trial"
outcome = "CHESU"
count = 3

[[carried]]
start = "suspended"
outcome = "CHESU"
count = 2
"""
SMALL = {2023: SMALL_2023, 2024: SMALL_2024, "current": SMALL_CURRENT}
YEAR_2024 = Period(date(2024, 1, 1), date(2024, 12, 31))


def figures(org, period=YEAR_2024):
    results = compute(registry.selected(), period=period, user=SYSTEM, org=org)
    return {r.key: r for r in results if r.key.startswith("litigation.")}


def upheld_reconsideration(officer, ctx, decided_on, respondent):
    """A demo reconsideration upholding the act, made through the reconsideration line's services
    (the demo itself only reads the Case table)."""
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
        # arts. 49, 61: the parties heard, the head's consent
        (
            "decide",
            decided_on,
            {"decision": "WEICHI", "summary": "维持", "approval": "head", "opinions_heard": "heard"},
        ),
    ):
        case = case_transition(actor=officer, case=case, name=name, data=data, on=on)
    return case


@pytest.fixture
def root(tmp_path):
    return small_root(tmp_path, "litigation", SMALL)


@pytest.fixture
def two_years(xihu, root):
    ensure_demo_accounts()
    ctx = DemoContext(seed=5)
    fuyi = User.objects.get(username="fuyi")
    upheld = [
        upheld_reconsideration(fuyi, ctx, date(2024, 3, 12), "330106-SCJG"),
        upheld_reconsideration(fuyi, ctx, date(2024, 6, 18), "330106-CGJ"),
    ]
    for year in (2023, 2024):
        with transaction.atomic():
            litigation.generate(ctx, year, root=root)
    return ctx, upheld


def test_two_small_years_give_exactly_their_figures(xihu, two_years):
    f = figures(xihu["330106"])
    for year, key, want in ((2024, "value", (36, 30, 3, 10)), (2023, "previous", (30, 24, 3, 8))):

        def value(k, key=key):
            r = f[k]
            return r.value if key == "value" else r.previous.value

        got = tuple(value(f"litigation.{k}") for k in ("received", "concluded", "lost", "settled"))
        assert got == want, year
    assert (f["litigation.loss_rate"].numerator, f["litigation.loss_rate"].denominator) == (3, 30)
    assert (f["litigation.settled_rate"].numerator, f["litigation.settled_rate"].denominator) == (10, 30)
    # every suit heard in 2024 had a 负责人 appear; in 2023 two did not
    head = f["litigation.head_appearance_rate"]
    assert head.value == 100 and head.denominator > 10
    before = head.previous
    assert before.denominator > 10 and before.numerator == before.denominator - 2
    # the six suits left pending at the end of 2023 are among 2024's concluded ones
    lit = Case.objects.filter(kind="litigation")
    assert lit.filter(litigation__filed_on__year=2023, closed_on__year=2024).count() == 6
    assert lit.filter(litigation__filed_on__year=2024, closed_on__isnull=True).count() == 12
    assert not lit.filter(closed_on__year=2023, litigation__filed_on__year=2024).exists()
    # no counted step of a year's suits falls in another year
    assert not LitigationHearing.objects.filter(held_on__year__gt=2024).exists()
    assert not lit.filter(closed_on__gt=date(2024, 12, 31)).exists()
    assert lit.filter(status="appeal_closed").count() == 2


def test_the_records_are_plausible(xihu, two_years, root):
    _, upheld = two_years
    courts = walker.load("litigation", root).profile["receive"]["courts"]
    lit = Case.objects.filter(kind="litigation").select_related("litigation__defendant_agency")
    assert lit.count() == 66 and not lit.filter(is_demo=False).exists()
    numbers = set()
    for case in lit:
        d = case.litigation
        parsed = parse_court_case_number(case.number)
        assert (parsed.year, parsed.court, parsed.type) == (d.filed_on.year, d.court_code, d.type_code)
        assert d.court_name == courts["names"][d.court_code]
        assert d.type_code == ("行赔初" if d.act_category == "compensation" else "行初")
        if d.defendant_agency.code == "330106-QZF":
            assert d.court_code != "浙0106"  # XS-22: the 中院, or a designated court (XS-22a)
        numbers.add((d.court_code, d.type_code, d.case_year, d.case_seq))
        assert d.filed_on <= case.received_on and d.filed_on.year == case.received_on.year
        assert case.closed_on is None or case.closed_on >= d.filed_on
        assert case.handler is not None and case.handler.username in litigation.STAFF
        if case.outcome == "TIAOJIE":  # XS-13
            assert d.act_category in ("compensation", "indemnity") or d.discretionary
    assert len(numbers) == 66
    assert lit.filter(handler__username="yingsu").count() >= 10  # the demo login has real work
    # most suits are answered in time (XS-08)
    answered = [c for c in lit if c.litigation.answered_on]
    in_time = [c for c in answered if c.deadlines.get(rule_id="XS-08").state == DeadlineState.MET]
    assert len(in_time) >= 0.8 * len(answered)
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
        assert defendants == {respondent, "330106-QZF"}
        applicant = Party.objects.get(case=link.to_case, role="applicant")
        assert Party.objects.filter(case=suit, role="plaintiff", person=applicant.person).exists()
    # the heads who appeared are named, with a title (the same person for an agency and position);
    # the absences of 2023 are on record, excused
    hearings = LitigationHearing.objects.filter(case__kind="litigation").select_related(
        "case__litigation__defendant_agency"
    )
    assert all(h.appeared_name and h.appeared_title for h in hearings)
    heads = {}
    for h in hearings.filter(counts_as_head=True):
        key = (h.case.litigation.defendant_agency.code, h.appeared_position)
        assert heads.setdefault(key, h.appeared_name) == h.appeared_name
    absent = hearings.filter(counts_as_head=False)
    assert absent.count() == 2 and {h.held_on.year for h in absent} == {2023}
    assert all(h.agency_represented and h.absence_proof for h in absent)


def test_the_loss_rate_warning_names_one_or_two_agencies(xihu, two_years):
    warnings = two_highs_one_low(period=YEAR_2024, user=SYSTEM, org=xihu["330106"])
    loss = [w for w in warnings if "败诉率" in w.message]
    assert 1 <= len(loss) <= 2 and any("城市管理局" in w.message for w in loss)
    assert not [w for w in warnings if "出庭率" in w.message]  # 2024: every heard suit had its head


def test_pending_suits_end_the_next_year_and_the_live_suits_stay_open(xihu, two_years, root):
    ctx, _ = two_years
    before = {k: (r.value, r.numerator, r.denominator) for k, r in figures(xihu["330106"]).items()}
    now = today()
    with transaction.atomic():
        litigation.generate_current(ctx, now, root=root)
        deadlines_expire()
    after = {k: (r.value, r.numerator, r.denominator) for k, r in figures(xihu["330106"]).items()}
    assert after == before  # the 2024 figures do not move
    lit = Case.objects.filter(kind="litigation")
    left = lit.filter(litigation__filed_on__year=2024, closed_on__year=2025)
    assert left.count() == 12
    assert not lit.filter(received_on__lt=now - timedelta(days=60), closed_on__isnull=True).exists()
    live = lit.filter(received_on__gte=now - timedelta(days=45))
    assert live.count() == 6 and not live.filter(closed_on__isnull=False).exists()
    assert {c.status for c in live} == {"registered", "answering", "in_trial"}
    missed = [d for c in live for d in c.deadlines.all() if d.state == DeadlineState.MISSED]
    assert not missed
    assert live.filter(litigation__next_hearing_on__gt=now).count() == 2  # hearings set ahead
    yingsu = User.objects.get(username="yingsu")
    assert Case.objects.scoped_for(yingsu, "view").filter(kind="litigation").count() == lit.count()


def test_the_same_seed_gives_the_same_records(xihu, tmp_path):
    ensure_demo_accounts()
    root = small_root(tmp_path, "litigation", {2024: ALONE_2024})
    runs = []
    for _ in range(2):
        with transaction.atomic():
            litigation.generate(DemoContext(seed=9), 2024, root=root)
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
                        "litigation__filed_on",
                    )
                )
            )
            transaction.set_rollback(True)  # back to an empty dataset for the second run
    assert runs[0] == runs[1] and len(runs[0]) == 12


def _as_written(case):
    """What a user sees of a suit: its facts, timeline, deadlines, parties and hearings (not its
    number, which the court gives)."""
    events = list(
        case.events.order_by("on", "pk").values_list("on", "actor", "kind", "transition", "to_status", "data")
    )
    deadlines = list(
        case.deadlines.order_by("rule_id").values_list(
            "rule_id", "trigger_on", "due", "state", "basis", "explanation", "provisional"
        )
    )
    parties = list(case.parties.order_by("order").values_list("role", "name", "org_unit__code"))
    d = case.litigation
    detail = [getattr(d, f.name) for f in d._meta.concrete_fields if f.name not in ("id", "case", "case_seq")]
    hearings = list(case.litigation_hearings.values_list("held_on", "appeared_name", "counts_as_head"))
    return (case.status, case.outcome, case.received_on, case.closed_on, case.next_due, case.title,
            events, deadlines, parties, detail, hearings)  # fmt: skip


@pytest.mark.parametrize(
    "wish",
    [
        {"outcome": "CHESU", "via": ("answer",)},
        {"outcome": "BOHUI_QISU", "end": "judged", "via": ("receive_copy",)},
        {"end": "in_trial", "via": ("answer", "schedule_hearing")},
        {"outcome": "CHEXIAO", "end": "judged", "via": ("answer", "hearing")},  # a hearing: services
    ],
)
def test_a_batch_writes_the_same_suit_as_the_services(xihu, wish):
    """fazhi.demo.batch plans through the bulk planner (the line's Ledger.plan): the stored suit
    equals the one the services store for the same draws; a suit with a hearing (a row the bulk
    writer does not write) goes through the services."""
    from fazhi.cases.bulk import SERVICES
    from fazhi.demo.batch import REASON, DemoBatch

    ensure_demo_accounts()
    litigation.ensure_staff(DemoContext(seed=1))
    data = walker.load("litigation")
    want = walker.Want(count=1, **wish)
    day = date(2024, 3, 4)

    def one():
        return walker.Walker(DemoContext(seed=1), data).make(want, day, until=date(2024, 12, 31))

    by_services = one()(SERVICES)
    with DemoBatch("litigation") as batch:
        batch.add(one())
    stored = Case.objects.filter(kind="litigation").order_by("-pk").first()  # the batch's suit
    assert stored.pk != by_services.pk and stored.number != by_services.number
    assert _as_written(stored) == _as_written(by_services)
    planned = "hearing" not in wish["via"]
    assert batch.through_services == (0 if planned else 1)
    assert (stored.history.first().history_change_reason == REASON) is planned
