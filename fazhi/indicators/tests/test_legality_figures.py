"""The six legality.* figures computed from records (reviews, the centre's share, bulletins,
trainings and attendance, the 镇街 reviewer coverage), and drill-down to exactly those records."""

from datetime import date

import pytest

from fazhi.cases.services import case_transition
from fazhi.core.models import OrgUnit
from fazhi.core.models.org import TOWNSHIP_KINDS
from fazhi.core.scoping import SYSTEM
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, compute, records
from fazhi.legality.registers import BULLETINS, REVIEWERS, TRAININGS
from fazhi.legality.services import legality_bulletin_cite
from fazhi.legality.tests.conftest import bumen, hefa, submit  # noqa: F401  (fixtures)
from fazhi.registers.services import register_create, register_retire

Y2024 = Period(date(2024, 1, 1), date(2024, 12, 31))
KEYS = (
    "legality.reviews",
    "legality.reviews_district_centre",
    "legality.bulletins",
    "legality.trainings",
    "legality.training_attendance",
    "legality.street_reviewer_coverage",
)


def figures(org, user=SYSTEM, period=Y2024):
    wanted = [registry.get(k) for k in KEYS]
    return {r.key: r for r in compute(wanted, period=period, org=org, user=user, compare=False)}


def reviewed(actor, case, on):
    return case_transition(
        actor=actor, case=case, name="review", data={"outcome": "HEFA", "opinion": "合法"}, on=on
    )


@pytest.fixture
def data(xihu, hefa, bumen, submit, make_user):  # noqa: F811  (fixtures imported above)
    street = make_user("legality_reviewer", "330106109")
    centre = [reviewed(hefa, submit(bumen, on=date(2024, 3, d)), date(2024, 3, 28)) for d in (4, 5, 6)]
    open_case = submit(bumen, on=date(2024, 12, 20))  # no opinion yet: not counted
    late = reviewed(hefa, submit(bumen, on=date(2023, 12, 1)), date(2024, 1, 5))  # counted in 2024
    old = reviewed(hefa, submit(bumen, on=date(2023, 11, 1)), date(2023, 11, 20))  # 2023
    own = reviewed(
        street,
        submit(
            street,
            unit="330106109",
            reviewing_unit=xihu["330106109"],
            matter="agreement",
            on=date(2024, 5, 6),
        ),
        date(2024, 5, 10),
    )
    b = register_create(
        actor=hefa,
        reg=BULLETINS,
        values={
            "issue": "2024年第1期",
            "title": "规范性文件审查常见问题",
            "issued_on": "2024-06-01",
            "org_unit": "330106-HFSC",
        },
    )
    legality_bulletin_cite(actor=hefa, bulletin=b, cases=centre[:2])
    trainings = []
    for day, n in (("2024-04-01", 60), ("2024-09-01", 55), ("2023-09-01", 50)):
        trainings.append(register_create(
            actor=hefa,
            reg=TRAININGS,
            values={
                "held_on": day,
                "title": "合法性审查业务培训",
                "org_unit": "330106-HFSC",
                "attendance": n,
            },
        ))  # fmt: skip
    towns = [
        u
        for u in OrgUnit.objects.filter(kind__in=TOWNSHIP_KINDS).order_by("code")
        if u.counts_in_district_stats
    ]
    rows = []
    for i, t in enumerate(towns[:5]):
        rows.append(
            register_create(
                actor=hefa,
                reg=REVIEWERS,
                values={
                    "name": f"审查员{i}",
                    "org_unit": t.code,
                    "qualification": "profession" if i else "none",
                    "appointed_on": "2024-02-01",
                },
            )
        )
    # Appointed after the period (not counted at 2024's end), and one who has left the register.
    register_create(
        actor=hefa,
        reg=REVIEWERS,
        values={
            "name": "新审查员",
            "org_unit": towns[6].code,
            "qualification": "law_degree",
            "appointed_on": "2025-01-02",
        },
    )
    left = register_create(
        actor=hefa,
        reg=REVIEWERS,
        values={
            "name": "调离审查员",
            "org_unit": towns[7].code,
            "qualification": "both",
            "appointed_on": "2024-02-01",
        },
    )
    register_retire(actor=hefa, reg=REVIEWERS, obj=left, on=date(2024, 6, 1))
    return {
        "centre": centre,
        "late": late,
        "old": old,
        "own": own,
        "bulletin": b,
        "trainings": trainings,
        "open": open_case,
        "towns": towns,
        "rows": rows,
    }


def test_the_six_figures_are_counted_from_records(data, xihu):
    f = figures(xihu["330106"])
    assert f["legality.reviews"].value == 5  # 3 + late + street's own; not the open one, not 2023's
    assert f["legality.reviews_district_centre"].value == 4
    assert f["legality.bulletins"].value == 1
    assert f["legality.trainings"].value == 2
    assert f["legality.training_attendance"].value == 115
    cov = f["legality.street_reviewer_coverage"]
    # 11 counted 镇街 (西湖街道 is managed by the scenic area); 4 with a qualified reviewer on the register.
    assert cov.denominator == len(data["towns"]) == 11
    assert cov.numerator == 4
    assert str(cov.value) == "36.36"


def test_drill_down_lists_exactly_the_counted_records(data, xihu):
    ind = registry.get("legality.reviews_district_centre")
    rows = set(
        records(ind.numerator, period=Y2024, org=xihu["330106"], user=SYSTEM).values_list("pk", flat=True)
    )
    assert rows == {c.pk for c in data["centre"]} | {data["late"].pk}
    cov = registry.get("legality.street_reviewer_coverage")
    covered = list(records(cov.numerator, period=Y2024, org=xihu["330106"], user=SYSTEM))
    assert sorted(u.code for u in covered) == sorted(r.org_unit.code for r in data["rows"][1:])


def test_every_key_drills_down_to_exactly_its_counted_records(data, xihu):
    """Each of the six keys: the drill-down's rows are the records counted (a sum: the rows summed;
    a rate: the numerator's and the denominator's rows), none more, none fewer."""

    def drilled(measure):
        return list(records(measure, period=Y2024, org=xihu["330106"], user=SYSTEM))

    f = figures(xihu["330106"])
    pks = lambda rows: {r.pk for r in rows}  # noqa: E731
    reviews = drilled(registry.get("legality.reviews").numerator)
    assert pks(reviews) == pks(data["centre"]) | {data["late"].pk, data["own"].pk}
    assert len(reviews) == f["legality.reviews"].value
    centre = drilled(registry.get("legality.reviews_district_centre").numerator)
    assert pks(centre) == pks(data["centre"]) | {data["late"].pk}
    assert len(centre) == f["legality.reviews_district_centre"].value
    bulletins = drilled(registry.get("legality.bulletins").numerator)
    assert pks(bulletins) == {data["bulletin"].pk} and len(bulletins) == f["legality.bulletins"].value
    trainings = drilled(registry.get("legality.trainings").numerator)
    assert pks(trainings) == pks(data["trainings"][:2]) and len(trainings) == f["legality.trainings"].value
    attended = drilled(registry.get("legality.training_attendance").numerator)
    assert pks(attended) == pks(data["trainings"][:2])
    assert sum(t.attendance for t in attended) == f["legality.training_attendance"].value
    cov = registry.get("legality.street_reviewer_coverage")
    covered, counted = drilled(cov.numerator), drilled(cov.denominator)
    assert len(covered) == f["legality.street_reviewer_coverage"].numerator
    assert sorted(u.code for u in counted) == sorted(t.code for t in data["towns"])
    assert len(counted) == f["legality.street_reviewer_coverage"].denominator


def test_a_department_sees_only_what_it_submitted(data, xihu, make_user):
    other = make_user("department_officer", "330106-JYJ")
    assert figures(xihu["330106"], user=other)["legality.reviews"].value == 0


def test_2023_counts_its_own_year(data, xihu):
    f = figures(xihu["330106"], period=Period(date(2023, 1, 1), date(2023, 12, 31)))
    assert f["legality.reviews"].value == 1
    assert f["legality.trainings"].value == 1
