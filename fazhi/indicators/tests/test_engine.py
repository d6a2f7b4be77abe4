"""The indicator engine on mediation records: counts, rates with half-up rounding, scoping by
org subtree and by user, breakdowns with small-cell suppression, drill-down, year on year."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.cases.services import case_transition
from fazhi.core.roles import Role
from fazhi.core.scoping import SYSTEM
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, breakdown, compute, rate, records

Y2024 = Period(date(2024, 1, 1), date(2024, 12, 31))


def mediate(actor, new_mediation, *, committee, accepted, success, year=2024):
    case = new_mediation(actor, committee=committee, received_on=date(year, 3, 1))
    case = case_transition(actor=actor, case=case, name="accept", on=date(year, 3, 2))
    if success:
        return case_transition(
            actor=actor,
            case=case,
            name="agree",
            data={"agreement_form": "oral", "content": "和解"},
            on=date(year, 3, 9),
        )
    return case_transition(
        actor=actor,
        case=case,
        name="terminate",
        data={"reason": "不成", "routes": ["litigation"]},
        on=date(year, 3, 9),
    )


@pytest.fixture
def data(make_user, new_mediation):
    admin = make_user(Role.ADMIN)
    for i in range(7):
        mediate(admin, new_mediation, committee="330106002-TWH", accepted=True, success=i < 6)
    for _ in range(3):
        mediate(admin, new_mediation, committee="330106109-TWH", accepted=True, success=True)
    mediate(admin, new_mediation, committee="330106109-TWH", accepted=True, success=False, year=2023)
    return admin


def by_key(results):
    return {r.key: r for r in results}


def test_rates_count_records_and_round_half_up(data, xihu):
    results = by_key(compute(registry.selected(), period=Y2024, user=SYSTEM, org=xihu["330106"]))
    assert results["mediation.accepted"].value == 10
    assert results["mediation.succeeded"].value == 9
    r = results["mediation.success_rate"]
    assert (r.numerator, r.denominator, r.value) == (9, 10, Decimal("90.00"))
    assert r.previous.value == Decimal("0.00") and r.improved is True
    assert rate(65, 194, 2) == Decimal("33.51") and rate(1, 8, 1) == Decimal("12.5") and rate(1, 0, 2) is None
    assert rate(12974, 13009, 2) == Decimal("99.73") and rate(30, 610, 2) == Decimal("4.92")


def test_an_org_unit_counts_its_subtree_only(data, xihu):
    beishan = by_key(
        compute(registry.selected(), period=Y2024, user=SYSTEM, org=xihu["330106002"], compare=False)
    )
    assert beishan["mediation.accepted"].value == 7 and beishan["mediation.succeeded"].value == 6


def test_a_user_sees_figures_of_their_scope_only(data, xihu, make_user):
    sandun_staff = make_user(Role.JUSTICE_OFFICE_STAFF, "330106109")
    mine = by_key(
        compute(registry.selected(), period=Y2024, org=xihu["330106"], user=sandun_staff, compare=False)
    )
    assert mine["mediation.accepted"].value == 3


def test_one_query_per_family_not_per_record(data, xihu):
    indicators = [i for i in registry.selected() if i.numerator.source == "cases"]
    families = {(m.source, m.date) for i in indicators for m in (i.numerator, i.denominator) if m}
    with CaptureQueriesContext(connection) as queries:
        compute(indicators, period=Y2024, user=SYSTEM, org=xihu["330106"], compare=False)
    # One query per (source, date) family, however many records and indicators; the bound only
    # catches a per-indicator regression (some twenty case indicators over a handful of families).
    assert len(queries) == len(families) < len(indicators) / 2


def test_breakdown_by_township_and_month_with_suppression(data, xihu):
    success = registry.get("mediation.success_rate")
    rows = {
        r["label"]: r for r in breakdown(success, "township", period=Y2024, user=SYSTEM, org=xihu["330106"])
    }
    assert (rows["北山街道"]["numerator"], rows["北山街道"]["denominator"]) == (6, 7)
    assert rows["三墩镇"]["value"] == Decimal("100.00")
    published = {
        r["label"]: r
        for r in breakdown(success, "township", period=Y2024, user=SYSTEM, org=xihu["330106"], publish=True)
    }
    assert published["三墩镇"].get("suppressed") and published["三墩镇"]["value"] is None
    assert not published["北山街道"].get("suppressed")
    months = breakdown(
        registry.get("mediation.accepted"), "month", period=Y2024, user=SYSTEM, org=xihu["330106"]
    )
    assert [(r["label"], r["value"]) for r in months] == [("2024年03月", 10)]


def test_drill_down_lists_the_records_behind_a_figure(data, xihu, make_user):
    failed = records(
        registry.get("mediation.accepted").numerator, period=Y2024, user=SYSTEM, org=xihu["330106"]
    ).exclude(outcome="agreement")
    assert failed.count() == 1 and failed.get().org_unit.code == "330106002-TWH"
    mediator = make_user(Role.MEDIATOR, "330106109-TWH")
    assert (
        records(
            registry.get("mediation.succeeded").numerator, period=Y2024, org=xihu["330106"], user=mediator
        ).count()
        == 3
    )


def test_the_command_prints_report_figures_as_json(data, xihu):
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command(
        "indicators",
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "--org",
        "330106",
        "--json",
        "--key",
        "mediation.success_rate",
        stdout=out,
    )
    (row,) = json.loads(out.getvalue())
    assert row["key"] == "mediation.success_rate" and row["value"] == 90.0
    assert (row["numerator"], row["denominator"], row["version"]) == (9, 10, "1")
    assert "IND-08" in row["basis"]
