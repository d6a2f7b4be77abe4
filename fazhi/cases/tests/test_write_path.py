"""One write path: a case received and moved on through the services (`case_create`,
`case_transition`: one case, each its own transaction) and the same case planned by the bulk
planner and written in a chunk (`bulk.Planner`, `bulk.write`) leave the same rows — the case, its
detail row, parties and persons, timeline, deadlines — with a deadline started and met, a step's
declared records, and planning-safe hooks on receipt and on a step. A hook that needs stored rows
runs after the write, and the step's timeline event waits for it."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from fazhi.cases import bulk, registry
from fazhi.cases.models import Case, CaseEvent, Deadline, EventKind
from fazhi.cases.registry import Ledger
from fazhi.cases.services import PartyInput, case_transition, detail_update
from fazhi.cases.tests.conftest import ID_NUMBER
from fazhi.cases.tests.samplekind.kind import KIND
from fazhi.cases.writer import write_plans
from fazhi.law import deadlines as law
from fazhi.law.validators import uscc_checksum

pytestmark = pytest.mark.django_db

USCC_A, USCC_B = (c + uscc_checksum(c) for c in ("91330106MA2H0X0X0", "91330106MA2H0X0X1"))
RECEIVED, ACCEPTED, SETTLED = date(2024, 3, 5), date(2024, 3, 6), date(2024, 3, 20)


def on_received(*, case, actor):
    """A planning-safe receipt hook: completes the detail row in memory."""
    case.sample.review = f"初审：{case.sample.get_category_display()}"


def on_settled(*, case, data, on, **_):
    """A planning-safe step hook: a detail value through `detail_update`, a case column."""
    detail_update(case, {"review": f"{case.sample.review}；{data['form']}和解于{on.isoformat()}"})
    case.enterprise_related = True


@pytest.fixture
def hooked(sample):
    """The test kind with hooks, and a ledger that declares them planning-safe."""

    def plan(*, engine, actor, row):
        take(engine, actor, row)

    spec = dataclasses.replace(
        sample,
        on_create=on_received,
        on_transition={"settle": on_settled},
        ledger=Ledger(columns=(), apply=plan, plan=plan, plan_hooks=frozenset({"on_create", "settle"})),
    )
    registry._KINDS[KIND] = spec  # the fixture `sample` restores the registry after the test
    return spec


def take(engine, actor, row):
    """Receive a case and take it to 已和解 through `engine` (the services or a planner)."""
    unit = row["unit"]
    case = engine.create(
        actor=actor,
        kind=KIND,
        org_unit=unit,
        received_on=RECEIVED,
        title=row["title"],
        parties=[
            PartyInput(
                role="applicant", person={"name": "王小明", "id_number": ID_NUMBER, "phone": "13812345678"}
            ),
            PartyInput(role="respondent", legal_entity={"name": "某物业公司", "uscc": row["uscc"]}),
            PartyInput(role="third_party", legal_entity={"name": "某社区卫生服务中心"}),  # no credit code
        ],
        detail={"category": "property", "amount": "1200.50"},
    )
    case = engine.transition(actor=actor, case=case, name="accept", on=ACCEPTED)
    return engine.transition(
        actor=actor, case=case, name="settle", data={"form": "written", "content": "退还物业费"}, on=SETTLED
    )


def rows_of(case: Case) -> dict:
    """Every stored row of the case, without keys, numbers and timestamps."""
    case = Case.objects.get(pk=case.pk)

    def plain(obj, skip=()):
        return {
            f.attname: getattr(obj, f.attname)
            for f in obj._meta.concrete_fields
            if not f.primary_key
            and f.attname not in ("case_id", *skip)
            and not getattr(f, "auto_now", False)  # timestamps of the write
            and not getattr(f, "auto_now_add", False)
        }

    return {
        "case": plain(case, skip=("number",)),
        "detail": plain(case.sample),
        "parties": [
            (
                plain(p, skip=("person_id", "legal_entity_id")),
                plain(p.person) if p.person else None,
                plain(p.legal_entity) if p.legal_entity else None,
            )
            for p in case.parties.select_related("person", "legal_entity").order_by("order")
        ],
        "events": [plain(e) for e in case.events.order_by("on", "id")],
        "deadlines": [plain(d) for d in case.deadlines.order_by("rule_id", "trigger_on")],
    }


def test_services_and_the_bulk_planner_leave_the_same_rows(hooked, beishan_mediator, xihu):
    unit = xihu["330106002-TWH"]
    by_services = take(bulk.SERVICES, beishan_mediator, {"unit": unit, "title": "物业费纠纷", "uscc": USCC_A})
    planner = bulk.Planner(actor=beishan_mediator, ledger=hooked.ledger)
    planned = planner.plan_row(1, {"unit": unit, "title": "物业费纠纷", "uscc": USCC_B})
    assert Case.objects.count() == 1  # planned: nothing written yet
    (case_id,) = bulk.write([planned], actor=beishan_mediator, ledger=hooked.ledger)
    by_bulk = Case.objects.get(pk=case_id)

    services_rows, bulk_rows = rows_of(by_services), rows_of(by_bulk)
    for rows in (services_rows, bulk_rows):  # the legal entities differ by their credit code only
        for _, _, entity in rows["parties"]:
            if entity:
                entity.pop("uscc")
    assert bulk_rows == services_rows
    # What each part of the step did, on both paths.
    case, detail = services_rows["case"], services_rows["detail"]
    assert (case["status"], case["outcome"], case["accepted_on"], case["closed_on"]) == (
        "settled",
        "settled",
        ACCEPTED,
        SETTLED,
    )
    assert case["enterprise_related"] is True and case["next_due"] is None  # hook; deadline met
    assert (detail["settle_form"], detail["settled_on"]) == ("written", SETTLED)  # declared records
    assert detail["review"] == "初审：物业纠纷；written和解于2024-03-20"  # both hooks, in order
    (deadline,) = services_rows["deadlines"]
    assert (deadline["rule_id"], deadline["state"], deadline["due"]) == (
        "RM-11",
        "met",
        law.due("RM-11", ACCEPTED).due,
    )
    assert [e["transition"] for e in services_rows["events"]] == ["", "accept", "settle"]
    assert by_bulk.sample.history.count() == 1 and by_services.sample.history.count() >= 1


def test_a_stored_case_is_planned_and_updated_through_the_writer(hooked, beishan_mediator, new_case):
    case = new_case(beishan_mediator)
    case = case_transition(actor=beishan_mediator, case=case, name="accept", on=ACCEPTED)
    from fazhi.cases import plans

    plan = plans.load_plan(Case.objects.get(pk=case.pk))
    assert plan.last_on == ACCEPTED and [d.rule_id for d in plan.deadlines] == ["RM-11"]
    assert sorted(plan.case._party_roles) == ["applicant", "respondent"]
    plans.plan_transition(plan, actor=beishan_mediator, name="drop", data={"reason": "撤回"}, on=SETTLED)
    assert Case.objects.get(pk=case.pk).status == "handling"  # planned only
    history = case.history.count()
    write_plans([plan], actor=beishan_mediator)
    stored = Case.objects.get(pk=case.pk)
    assert (stored.status, stored.outcome, stored.closed_on, stored.next_due) == (
        "dropped",
        "dropped",
        SETTLED,
        None,
    )
    assert Deadline.objects.get(case=stored).state == "cancelled"
    assert stored.events.order_by("-id").first().transition == "drop"
    assert case.history.count() == history + 1  # the changed columns in one update, with history


def test_a_hook_that_needs_stored_rows_runs_after_the_write(sample, beishan_mediator, new_case):
    seen = {}

    def on_settled_stored(*, case, on, **_):
        # Stored before the hook: the case, the step's deadline changes and declared records.
        seen["deadline"] = Deadline.objects.get(case=case).state
        seen["form"] = type(case.sample).objects.get(pk=case.sample.pk).settle_form
        CaseEvent.objects.create(case=case, on=on, kind=EventKind.NOTE, summary="和解协议已归档")
        detail_update(case, {"review": "已归档"})  # not being planned any more: saved at once

    spec = dataclasses.replace(sample, on_transition={"settle": on_settled_stored})
    registry._KINDS[KIND] = spec
    case = new_case(beishan_mediator)
    case = case_transition(actor=beishan_mediator, case=case, name="accept", on=ACCEPTED)
    case_transition(
        actor=beishan_mediator,
        case=case,
        name="settle",
        data={"form": "oral", "content": "当场赔偿"},
        on=SETTLED,
    )
    assert seen == {"deadline": "met", "form": "oral"}
    assert type(case.sample).objects.get(case=case).review == "已归档"
    # The step's timeline event waited for the hook.
    assert [e.summary[:4] for e in case.events.order_by("id")][-2:] == ["和解协议", "达成和解"]
    # The bulk planner cannot run it: the row goes through the services.
    ledger = Ledger(
        columns=(), apply=lambda **kw: None, plan=lambda *, engine, actor, row: take(engine, actor, row)
    )
    planner = bulk.Planner(actor=beishan_mediator, ledger=ledger)
    with pytest.raises(bulk.NotPlannable):
        planner.plan_row(1, {"unit": case.org_unit, "title": "物业费纠纷", "uscc": USCC_A})


def test_the_bulk_planner_checks_the_right_to_change_each_planned_case(
    hooked, beishan_mediator, make_user, xihu
):
    """Issue 13.10: a step planned on a new case is refused to an actor without a grant on the
    case's unit, as `case_transition` refuses it on a stored case (`can(CHANGE)`)."""
    from fazhi.cases.services import CasePermissionError
    from fazhi.core.roles import Role

    planner = bulk.Planner(actor=beishan_mediator, ledger=hooked.ledger)
    planner._row = []
    case = planner.create(
        actor=beishan_mediator,
        kind=KIND,
        org_unit=xihu["330106002-TWH"],
        received_on=RECEIVED,
        title="物业费纠纷",
        parties=[PartyInput(role="applicant", person={"name": "王小明"})],
        detail={"category": "property"},
    )
    elsewhere = make_user(Role.MEDIATOR, "330106004-TWH")
    with pytest.raises(CasePermissionError):
        planner.transition(actor=elsewhere, case=case, name="accept", on=ACCEPTED)
    assert planner.transition(actor=beishan_mediator, case=case, name="accept", on=ACCEPTED) is case
