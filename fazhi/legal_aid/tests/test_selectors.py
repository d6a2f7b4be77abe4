"""Scoping of legal-aid reads: a lawyer sees only the cases assigned to them; a street never sees
another street's cases or consultations; the centre sees its own; the district sees all."""

from datetime import date

import pytest

from fazhi.cases import selectors as case_selectors
from fazhi.cases.services import case_transition, today
from fazhi.core.roles import Role
from fazhi.legal_aid import selectors
from fazhi.legal_aid.registers import CONSULTATIONS
from fazhi.registers.services import register_create


@pytest.fixture
def cases(fayuan, beishan_station, sandun_station, apply, pool):
    centre = apply(fayuan, title="中心受理")
    assigned = apply(fayuan, title="指派给周律师")
    case_transition(actor=fayuan, case=assigned, name="grant", on=date(2024, 3, 5))
    case_transition(
        actor=fayuan, case=assigned, name="assign", data={"lawyer": str(pool["zhou"].pk)}, on=date(2024, 3, 6)
    )
    beishan = apply(beishan_station, unit="330106002-SFS", title="北山工作站受理")
    sandun = apply(sandun_station, unit="330106109-SFS", title="三墩工作站受理")
    return {"centre": centre, "assigned": assigned, "beishan": beishan, "sandun": sandun}


def titles(user):
    query = case_selectors.WorklistQuery()
    return sorted(c.title for c in case_selectors.worklist(user, "legal_aid", query, today=today()))


def test_a_lawyer_sees_only_the_cases_assigned_to_them(cases, lawyer_user, other_lawyer_user):
    assert titles(lawyer_user) == ["指派给周律师"]
    assert titles(other_lawyer_user) == []
    assert case_selectors.case_for(lawyer_user, cases["assigned"].pk, "legal_aid").pk == cases["assigned"].pk


def test_a_street_never_sees_another_streets_case(cases, beishan_station, sandun_station, make_user):
    assert titles(beishan_station) == ["北山工作站受理"]
    assert titles(sandun_station) == ["三墩工作站受理"]
    sandun_office = make_user(Role.JUSTICE_OFFICE_STAFF, "330106109")  # 司法所: view-only in legal aid
    assert titles(sandun_office) == ["三墩工作站受理"]


def test_the_centre_sees_its_own_and_the_district_sees_all(cases, fayuan, district_staff, make_user):
    assert titles(fayuan) == ["中心受理", "指派给周律师"]
    assert titles(district_staff) == sorted(c.title for c in cases.values())
    assert titles(make_user(Role.MEDIATOR, "330106002-TWH")) == []  # another line's role


def test_consultations_are_scoped_by_street(beishan_station, sandun_station, xihu, lawyer_user, make_user):
    for unit, actor, channel in (
        ("330106002-SFS", beishan_station, "phone"),
        ("330106002-SFS", beishan_station, "walk_in"),
        ("330106109-SFS", sandun_station, "phone"),
    ):
        register_create(
            actor=actor,
            reg=CONSULTATIONS,
            values={
                "org_unit": xihu[unit],
                "consulted_on": date(2024, 3, 4),
                "channel": channel,
                "topic": "labour",
            },
        )
    beishan = selectors.consultations_for(beishan_station)
    assert beishan.count() == 2 and {c.org_unit.code for c in beishan} == {"330106002-SFS"}
    assert selectors.consultation_totals(beishan) == {"12348热线来电": 1, "来访": 1, "网上咨询": 0, "合计": 2}
    assert selectors.consultations_for(sandun_station).count() == 1
    assert selectors.consultations_for(make_user(Role.LEADER)).count() == 3
    assert (
        selectors.consultations_for(lawyer_user).count() == 0
    )  # a lawyer's grant reaches assigned cases only
    query = selectors.ConsultationQuery.from_params({"channel": "phone", "org": "330106109"})
    assert selectors.consultations_for(make_user(Role.LEADER), query).count() == 1


def test_the_pool_is_visible_to_the_agency_not_to_lawyers(pool, fayuan, lawyer_user, beishan_station):
    assert [lw.name for lw in selectors.lawyers_for(fayuan)] == ["吴律师", "周律师"]
    assert selectors.lawyers_for(lawyer_user).count() == 0
    assert selectors.lawyers_for(beishan_station).count() == 0  # the pool belongs to the centre
