"""法律援助 demo: small years described as data (fazhi.demo.walker), checked through the indicator
engine (never through the generator's own counters), the records behind the figures, determinism
for a seed, and a batch writing what the services write."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.db.models import F

from fazhi.cases.models import Case, CaseEvent
from fazhi.cases.services import today
from fazhi.core.demo_accounts import ensure_demo_accounts
from fazhi.core.models import User
from fazhi.core.scoping import SYSTEM
from fazhi.demo import legal_aid, walker
from fazhi.demo.context import DemoContext
from fazhi.demo.tests.smalldata import small_root
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, compute
from fazhi.legal_aid.models import Commendation, Consultation, LegalAidCase, LegalAidLawyer

CONSULT = """
[[registers]]
register = "consultations"
count = {phone}
after_cases = true
units = "code:330106-FYZX"
values = {{ channel = "phone", person_name = {{ gen = "la_caller" }}, topic = {{ labour = 2, marriage_family = 1 }}, summary = "拖欠工资如何维权" }}

[[registers]]
register = "consultations"
count = {walk}
after_cases = true
units = "township:{{code}}-SFS"
values = {{ channel = "walk_in", person_name = {{ gen = "name" }}, topic = "contract", summary = "租房押金不退" }}
"""
COMMEND = """
[[registers]]
register = "commendations"
count = {linked}
after_cases = true
units = "code:330106-FYZX"
values = {{ case = {{ gen = "la_concluded_case" }}, lawyer = {{ gen = "la_case_field", field = "lawyer" }}, org_unit = {{ gen = "la_case_field", field = "org_unit" }}, giver = {{ gen = "la_case_field", field = "giver" }}, received_on = {{ gen = "la_case_field", field = "received_on" }}, kind = "banner", note = "感谢承办律师" }}

[[registers]]
register = "commendations"
count = {hotline}
after_cases = true
units = "code:330106-FYZX"
values = {{ kind = "letter", giver = {{ gen = "name" }}, note = "感谢12348法律咨询热线耐心解答" }}
"""
LAWYERS = """
[[registers]]
register = "legal_aid_lawyers"
count = {n}
units = "code:330106-FYZX"
dates = {{ rounds = 2, until = "10-31" }}
values = {{ name = {{ gen = "name" }}, law_firm = "杭州留下律师事务所（演示）", licensed_on = {{ gen = "la_licensed", years = {{ "3" = 1, "9" = 1 }} }}, licence_number = {{ gen = "la_licence" }}, user = {{ gen = "la_account", share = 0.5 }} }}
"""


CARRIED = '\n[[carried]]\nstart = "handling"\nend = "reported"\ncount = 2\n'


def case(count, **kw):
    body = "".join(f"{k} = {v}\n" for k, v in kw.items())
    return f"\n[[cases]]\n{body}count = {count}\n"


def group(n, amount):
    return case(
        1,
        end='"reported"',
        variant='"group"',
        receive=f"{{ detail = {{ applicant_count = {n}, amount_at_stake = {amount} }} }}",
    )


POOR = "{ evaluate = { grade = { pass = 1 } } }"
# A small 2024: 44 accepted (2 group cases: 10 workers, 258,500 yuan), 4 refused, 14 evaluated (12
# 优秀/良好), 5 recruits, 6 commendations, 90 consultations.
SMALL = (
    LAWYERS.format(n=5)
    + case(6, end='"evaluated"', until='"10-20"', variant='"notified"')
    + case(6, end='"evaluated"', until='"10-20"')
    + case(2, end='"evaluated"', until='"10-20"', data=POOR)
    + case(8, end='"reported"', variant='"notified"', late="{ assign = 0.5 }")
    + case(8, end='"reported"')
    + case(1, end='"terminated"', via='["accept_assignment"]')
    + case(
        1,
        end='"objection_upheld"',
        outcome='"terminated"',
        via='["accept_assignment", "terminate", "object_termination"]',
    )
    + case(1, end='"reported"', via='["reassign"]')
    + case(2, end='"handling"')
    + case(2, end='"reported"', via='["request_materials", "supply_materials"]', variant='"materials"')
    + case(1, end='"reported"', variant='"abuse"')
    + case(
        1,
        end='"reported"',
        variant='"advance"',
        avoid='["grant"]',
        via='["grant_advance", "complete_paperwork"]',
    )
    + case(1, end='"reported"', variant='"criminal_applied"')
    + case(1, end='"reported"', variant='"administrative"')
    + group(7, 210_500)
    + group(3, 48_000)
    + case(
        1,
        end='"reported"',
        variant='"over_income"',
        via='["refuse", "object_refusal", "correct_refusal"]',
        data='{ grant = { override_reason = "异议审查责令改正，经重新审查给予法律援助" } }',
    )
    + case(2, outcome='"refused"', end='"refused"', variant='"over_income"')
    + case(
        1, outcome='"refused"', end='"objection_upheld"', via='["object_refusal"]', variant='"over_income"'
    )
    + case(1, outcome='"refused"', end='"refused"', variant='"out_of_scope"')
    + case(1, outcome='"withdrawn"')
    + case(1, outcome='"deemed_withdrawn"', variant='"materials"')
    + CARRIED
    + COMMEND.format(linked=5, hotline=1)
    + CONSULT.format(phone=50, walk=40)
)
# A small 2023: 30 accepted (one group case), 2 refused, 9 evaluated (8 good), 3 recruits.
SMALL_2023 = (
    LAWYERS.format(n=3)
    + case(5, end='"evaluated"', until='"10-20"', variant='"notified"')
    + case(3, end='"evaluated"', until='"10-20"')
    + case(1, end='"evaluated"', until='"10-20"', data=POOR)
    + case(8, end='"reported"', variant='"notified"')
    + case(8, end='"reported"')
    + case(2, end='"handling"')
    + case(1, end='"reported"', variant='"criminal_applied"')
    + case(
        1,
        end='"reported"',
        variant='"advance"',
        avoid='["grant"]',
        via='["grant_advance", "complete_paperwork"]',
    )
    + group(4, 90_000)
    + case(2, outcome='"refused"', end='"refused"', variant='"over_income"')
    + COMMEND.format(linked=2, hotline=1)
    + CONSULT.format(phone=25, walk=15)
)
EXPECTED = {
    2024: {
        "legal_aid.accepted": 44,
        "legal_aid.consultations": 90,
        "legal_aid.commendations": 6,
        "legal_aid.group_labour_cases": 2,
        "legal_aid.group_labour_applicants": 10,
        "legal_aid.group_labour_amount": 258_500,
        "legal_aid.new_lawyers": 5,
        "legal_aid.peer_reviewed": 14,
    },
    2023: {
        "legal_aid.accepted": 30,
        "legal_aid.consultations": 40,
        "legal_aid.commendations": 3,
        "legal_aid.group_labour_cases": 1,
        "legal_aid.group_labour_applicants": 4,
        "legal_aid.group_labour_amount": 90_000,
        "legal_aid.new_lawyers": 3,
        "legal_aid.peer_reviewed": 9,
    },
}
GOOD = {2024: (12, 14), 2023: (8, 9)}


def figures(org, year):
    period = Period(date(year, 1, 1), date(year, 12, 31))
    results = compute(registry.selected(), period=period, user=SYSTEM, org=org, compare=False)
    return {r.key: r for r in results if r.key.startswith("legal_aid.")}


@pytest.fixture
def root(tmp_path):
    return small_root(tmp_path, "legal_aid", {2023: SMALL_2023, 2024: SMALL})


@pytest.fixture
def two_years(xihu, root):
    ensure_demo_accounts()
    ctx = DemoContext(seed=7)
    legal_aid.generate(ctx, 2023, root=root)
    legal_aid.generate(ctx, 2024, root=root)
    return ctx


def test_each_year_gives_exactly_its_figures(two_years, xihu):
    for year, expected in EXPECTED.items():
        f = figures(xihu["330106"], year)
        assert {k: f[k].value for k in expected} == expected, year
        rate = f["legal_aid.good_rate"]
        assert (rate.numerator, rate.denominator) == GOOD[year]
    assert str(figures(xihu["330106"], 2024)["legal_aid.good_rate"].value) == "85.71"  # 12 / 14


def test_the_records_behind_the_figures_follow_the_real_process(two_years, xihu):
    cases = Case.objects.filter(kind="legal_aid", is_demo=True)
    # refusals and withdrawals are decided but never counted as accepted
    assert cases.filter(outcome="refused", accepted_on__isnull=True).count() == 4 + 2
    assert cases.filter(status="withdrawn", accepted_on__isnull=True).count() == 2
    # every accepted case was decided in the year it was received and assigned a pool lawyer
    accepted = cases.filter(accepted_on__isnull=False)
    assert all(c.received_on.year == c.accepted_on.year for c in accepted)
    assert not LegalAidCase.objects.filter(case__in=accepted, lawyer__isnull=True).exists()
    assert not cases.filter(closed_on__lt=F("accepted_on")).exists()
    # the evaluated cases went through close → closing report → evaluation in that order, in the year
    for d in LegalAidCase.objects.filter(peer_evaluated_on__isnull=False).select_related("case"):
        assert d.case.accepted_on <= d.case.closed_on <= d.closing_report_on <= d.peer_evaluated_on
        assert d.peer_evaluated_on.year == d.case.accepted_on.year
        assert d.case.received_on <= date(d.case.received_on.year, 10, 20)
    # the cases handled at the end of 2023 were concluded in 2024 (carried over)
    carried = cases.filter(received_on__year=2023, closed_on__year=2024)
    assert carried.count() == 2 and set(carried.values_list("status", flat=True)) == {"reported"}
    assert cases.filter(received_on__year=2024, status="handling").count() == 2
    # criminal notices, applications assessed by fazhi.law, 先行提供, materials, reassignment,
    # terminations with an objection, a corrected refusal
    details = LegalAidCase.objects.filter(case__in=accepted)
    assert details.filter(criminal_ground="notified").exists()
    assert details.filter(matter_type="civil", eligibility_outcome="ELIGIBLE").exists()
    assert details.filter(hardship_test="REQUIRED").exists()
    assert details.filter(advance_provided=True, paperwork_completed_on__isnull=False).count() == 2
    assert details.filter(materials_supplied_on__isnull=False).count() == 2
    assert CaseEvent.objects.filter(transition="reassign").count() == 1
    assert cases.filter(status="terminated").count() == 1
    assert cases.filter(status="objection_upheld", outcome="terminated").count() == 1
    corrected = cases.get(events__transition="correct_refusal")
    assert corrected.accepted_on and corrected.legal_aid.override and corrected.status == "reported"
    groups = details.filter(is_group=True)
    assert sorted(g.case.parties.filter(role="applicant").count() for g in groups) == [3, 4, 7]
    # every decision was recorded as a timeline event by the case engine, never written directly
    assert (
        CaseEvent.objects.filter(case__in=accepted, transition__in=["grant", "grant_advance"]).count() == 74
    )
    # the pool: recruits had ≥ 3 years' practice when they joined; the demo login has cases
    for lw in LegalAidLawyer.objects.filter(is_demo=True):
        assert lw.practice_years(lw.joined_on) >= 3
    zhou = User.objects.get(username="lvshi")
    assert LegalAidLawyer.objects.get(user=zhou).joined_on.year < 2023
    assert Case.objects.scoped_for(zhou).filter(kind="legal_aid").exists()
    # 来电来访 at the centre and the stations; commendations thank concluded cases' lawyers
    assert set(Consultation.objects.values_list("channel", flat=True)) == {"phone", "walk_in"}
    assert Consultation.objects.filter(org_unit__code__endswith="-SFS").exists()
    clerk = Consultation.objects.filter(org_unit__code__endswith="-SFS").first()
    history = clerk.history.get()  # written in a batch, with the row's own history
    assert history.history_user == clerk.handler and history.history_change_reason == "演示数据生成"
    thanked = Commendation.objects.filter(case__isnull=False)
    assert thanked.count() == 7 and not thanked.filter(lawyer__isnull=True).exists()
    assert all(c.received_on > c.case.closed_on and c.lawyer == c.case.legal_aid.lawyer for c in thanked)
    assert "农民工" in thanked.filter(case__legal_aid__is_group=True).first().giver
    assert not Case.objects.filter(is_demo=False).exists()


CURRENT = """
window_days = 60
register_days = 30

[[cases]]
end = "received"
count = 3

[[cases]]
end = "awaiting_materials"
variant = "materials"
count = 1

[[cases]]
end = "handling"
data = { assign = { lawyer = { gen = "la_lawyer", demo = 1.0 } } }
count = 4

[[cases]]
end = "closed"
variant = "notified"
count = 2

[[registers]]
register = "consultations"
count = 12
units = "code:330106-FYZX"
values = { channel = "phone", person_name = { gen = "la_caller" }, topic = "labour", summary = "拖欠工资如何维权" }
"""


def test_current_work_is_open_and_the_demo_lawyer_sees_some_of_it(two_years, xihu, tmp_path):
    root = small_root(tmp_path / "now", "legal_aid", {"current": CURRENT})
    legal_aid.generate_current(two_years, today(), root=root)
    recent = Case.objects.filter(kind="legal_aid", received_on__gte=today() - timedelta(days=95))
    assert recent.count() == 10
    assert recent.filter(closed_on__isnull=True).count() == 8
    assert {"received", "awaiting_materials", "handling", "closed"} == set(
        recent.values_list("status", flat=True)
    )
    zhou = User.objects.get(username="lvshi")
    assert Case.objects.scoped_for(zhou).filter(pk__in=recent, closed_on__isnull=True).count() == 4
    assert Consultation.objects.filter(consulted_on__gte=today() - timedelta(days=31)).count() == 12
    # nothing of the current work touches the 2023–2024 figures
    assert figures(xihu["330106"], 2024)["legal_aid.accepted"].value == 44


def test_the_same_seed_gives_the_same_records(xihu, tmp_path):
    ensure_demo_accounts()
    root = small_root(tmp_path, "legal_aid", {2024: SMALL.replace(CARRIED, "")})  # 2024 alone
    runs = []
    for _ in range(2):
        with transaction.atomic():
            legal_aid.generate(DemoContext(seed=11), 2024, root=root)
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
                    list(
                        LegalAidLawyer.objects.order_by("joined_on", "id").values_list(
                            "name", "licence_number"
                        )
                    ),
                )
            )
            transaction.set_rollback(True)  # back to an empty dataset for the second run
    assert runs[0] == runs[1]
    assert runs[0][0]["legal_aid.accepted"] == 44


def test_without_the_demo_accounts_demo_staff_stand_in(xihu, tmp_path):
    tiny = case(3, end='"reported"') + case(1, end='"evaluated"') + COMMEND.format(linked=1, hotline=0)
    legal_aid.generate(DemoContext(seed=3), 2024, root=small_root(tmp_path, "legal_aid", {2024: tiny}))
    assert figures(xihu["330106"], 2024)["legal_aid.accepted"].value == 4
    assert not User.objects.filter(username__in=["fayuan", "lvshi"]).exists()
    assert User.objects.get(username="fy_001").is_demo
    assert LegalAidLawyer.objects.filter(name="周律师", user__isnull=True).exists()


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
    d = case.legal_aid
    return (
        case.status,
        case.outcome,
        case.received_on,
        case.accepted_on,
        case.closed_on,
        case.next_due,
        case.assignee_id,
        (d.eligibility_outcome, d.hardship_test, d.lawyer_id, d.assigned_on, d.closing_method),
        (
            d.closing_report_on,
            d.peer_grade,
            d.peer_evaluated_on,
            d.advance_provided,
            d.paperwork_completed_on,
        ),
        (
            d.materials_supplied_on,
            d.termination_ground,
            d.objection_result,
            d.applicant_count,
            d.amount_at_stake,
        ),
        events,
        deadlines,
        parties,
    )


@pytest.mark.parametrize(
    "want",
    [
        walker.Want(count=1, end="evaluated", variant="notified"),
        walker.Want(count=1, end="reported", via=("reassign",)),
        walker.Want(
            count=1, end="reported", via=("request_materials", "supply_materials"), variant="materials"
        ),
        walker.Want(
            count=1,
            end="reported",
            variant="advance",
            avoid=("grant",),
            via=("grant_advance", "complete_paperwork"),
        ),
        walker.Want(
            count=1,
            end="objection_upheld",
            outcome="terminated",
            via=("accept_assignment", "terminate", "object_termination"),
        ),
        walker.Want(
            count=1, outcome="refused", end="objection_upheld", via=("object_refusal",), variant="over_income"
        ),
        walker.Want(count=1, outcome="deemed_withdrawn", variant="materials"),
        walker.Want(
            count=1,
            end="reported",
            via=("accept_assignment", "terminate", "object_termination", "correct_termination"),
        ),
        walker.Want(
            count=1,
            end="reported",
            variant="group",
            receive={"detail": {"applicant_count": 5, "amount_at_stake": 90000}},
        ),
    ],
    ids=lambda w: w.variant + ":" + w.end + "/" + w.outcome,
)
def test_a_batch_writes_the_same_case_as_the_services(xihu, tmp_path, want):
    """fazhi.demo.batch plans through the bulk planner (every hook the line's cases take is
    planning-safe): the stored case equals the one the services store for the same draws."""
    from fazhi.cases.bulk import SERVICES
    from fazhi.demo.batch import REASON, DemoBatch

    ensure_demo_accounts()
    data = walker.load("legal_aid", small_root(tmp_path, "legal_aid", {2024: LAWYERS.format(n=0)}))
    legal_aid.build_staff(DemoContext(seed=1))
    walker.Walker(DemoContext(seed=1), data).make_registers(
        data.profile["registers"], year=2024, where="profile.toml", once=True
    )
    day = date(2024, 3, 4)

    def one():
        return walker.Walker(DemoContext(seed=1), data).make(want, day, until=date(2024, 12, 31))

    by_services = one()(SERVICES)
    with DemoBatch("legal_aid") as batch:
        batch.add(one())
    assert batch.through_services == 0
    stored = Case.objects.filter(kind="legal_aid").order_by("-pk").first()  # the batch's case
    assert stored.pk != by_services.pk and stored.number != by_services.number
    assert _as_written(stored) == _as_written(by_services)
    assert stored.history.first().history_change_reason == REASON
