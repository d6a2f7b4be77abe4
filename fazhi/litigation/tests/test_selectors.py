"""行政应诉 reads: scoping (应诉 roles see every suit, a street sees none), and the figures the
indicators count — with 败诉 following the deployment's configuration, never a stored flag."""

from datetime import date

import pytest

from fazhi.cases.selectors import WorklistQuery, cases_for, worklist
from fazhi.cases.services import case_transition
from fazhi.core.roles import Role
from fazhi.litigation import selectors

YEAR = {"start": date(2024, 1, 1), "end": date(2024, 12, 31)}


def step(actor, case, name, on, **data):
    return case_transition(actor=actor, case=case, name=name, data=data, on=on)


def judged(actor, case, outcome, *, position=None, on=date(2024, 5, 6)):
    case = step(actor, case, "answer", date(2024, 3, 15))
    if position:
        case = step(
            actor,
            case,
            "hearing",
            date(2024, 4, 10),
            held_on="2024-04-10",
            appeared_position=position,
            appeared_name="某某",
        )
    return step(actor, case, "judge", on, outcome=outcome, served_on=on.isoformat())


@pytest.fixture
def suits(yingsu, register):
    """Five 2024 suits: two lost by default (撤销 with a head in court; 给付), one won after a hearing
    where only staff came, one withdrawn, one still open; against three agencies."""
    a = judged(yingsu, register(yingsu, number="（2024）浙0106行初1号"), "CHEXIAO", position="PRINCIPAL")
    b = judged(
        yingsu,
        register(yingsu, number="（2024）浙0106行初2号", agency="330106-CGJ"),
        "BOHUI_SUSONG_QINGQIU",
        position="STAFF",
    )
    c = step(
        yingsu,
        register(yingsu, number="（2024）浙0106行初3号", agency="330106-CGJ"),
        "withdraw",
        date(2024, 4, 1),
        withdraw_kind="CHESU",
    )
    d = register(yingsu, number="（2024）浙0106行初4号", agency="330106-ZJJ")
    e = judged(yingsu, register(yingsu, number="（2024）浙0106行初5号"), "GEIFU")
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def test_the_figures_of_a_year(yingsu, suits):
    assert selectors.figures(yingsu, **YEAR) == {
        "filed": 5,
        "concluded": 4,
        "lost": 2,
        "settled": 1,
        "heard": 2,
        "required": 0,
        "head_appeared": 1,
        "flagged": 1,
    }
    assert selectors.figures(yingsu, start=date(2024, 5, 1), end=date(2024, 5, 31))["concluded"] == 3


def test_figures_per_defendant_agency_for_two_highs_one_low(yingsu, suits):
    rows = {r["agency"]: r for r in selectors.figures(yingsu, **YEAR, by_agency=True)}
    assert set(rows) == {"330106-SCJG", "330106-CGJ", "330106-ZJJ"}
    scjg, cgj = rows["330106-SCJG"], rows["330106-CGJ"]
    assert scjg["agency_name"] == "杭州市西湖区市场监督管理局"
    assert (scjg["filed"], scjg["concluded"], scjg["lost"], scjg["head_appeared"]) == (2, 2, 2, 1)
    assert (
        cgj["filed"],
        cgj["lost"],
        cgj["settled"],
        cgj["heard"],
        cgj["head_appeared"],
        cgj["flagged"],
    ) == (2, 0, 1, 1, 0, 1)


def test_loss_follows_the_configuration(yingsu, suits, settings):
    query = WorklistQuery(detail={"result": "loss"})
    lost = lambda: sorted(c.number for c in worklist(yingsu, "litigation", query, today=date(2025, 1, 1)))  # noqa: E731
    assert lost() == ["（2024）浙0106行初1号", "（2024）浙0106行初5号"]
    assert suits["e"].litigation.is_loss
    settings.FAZHI_LAW = {"litigation_loss_outcomes": ["CHEXIAO"]}
    assert lost() == ["（2024）浙0106行初1号"]
    assert selectors.figures(yingsu, **YEAR)["lost"] == 1
    assert not suits["e"].litigation.is_loss and suits["e"].litigation.result_label == "未败诉"
    settings.FAZHI_LAW = {"litigation_loss_outcomes": ["CHEXIAO", "GEIFU", "BOHUI_SUSONG_QINGQIU"]}
    assert selectors.figures(yingsu, **YEAR)["lost"] == 3


def test_worklist_filters_by_agency_result_and_appearance(yingsu, suits):
    def numbers(**detail):
        qs = worklist(yingsu, "litigation", WorklistQuery(detail=detail), today=date(2025, 1, 1))
        return sorted(int(c.number.split("行初")[1][:-1]) for c in qs)

    assert numbers(agency="330106-CGJ") == [2, 3]
    assert numbers(result="settled") == [3]
    assert numbers(result="not_lost") == [2]
    assert numbers(result="open") == [4]
    assert numbers(result="GEIFU") == [5]
    assert numbers(appearance="head") == [1]
    assert numbers(appearance="no_head") == [2]
    assert numbers(appearance="flagged") == [2]
    assert numbers(appearance="no_hearing") == [3, 4, 5]


@pytest.mark.parametrize(
    "role,org,sees",
    [
        (Role.LITIGATION_OFFICER, "330106-YSK", 5),
        (Role.LEADER, "330106", 5),
        (Role.RECONSIDERATION_OFFICER, "330106", 5),
        (Role.JUSTICE_OFFICE_STAFF, "330106002", 0),
        (Role.LEADER, "330106109", 0),
        (Role.MEDIATOR, "330106002-TWH", 0),
    ],
)
def test_scoping_of_suits_and_hearings(make_user, suits, role, org, sees):
    user = make_user(role, org)
    assert cases_for(user, kind="litigation").count() == sees
    assert selectors.hearings_for(user, suits["a"].pk).count() == (1 if sees else 0)
    assert selectors.figures(user, **YEAR)["filed"] == sees
