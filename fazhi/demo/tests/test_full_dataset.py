"""The whole demo dataset, built through the services, reproduces every 2024 figure of the
report (REPORT-FIGURES.md) — checked through the indicator engine, the `fazhi indicators --json`
command and the JSON endpoint, never through the generator's own counters. Slow by nature
(the full dataset: ~17,000 cases); one test, so it builds once."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test.utils import override_settings
from django.urls import reverse

from fazhi.core.demo_accounts import ensure_demo_accounts
from fazhi.core.scoping import SYSTEM
from fazhi.demo import build
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, compute, records

# key -> the report's figure (rates with numerator/denominator); "≥" figures are lower bounds.
EXACT = {
    "reconsideration.received": 845,
    "reconsideration.concluded": 610,
    "reconsideration.corrected": 30,
    "reconsideration.correction_rate": (Decimal("4.92"), 30, 610),
    "reconsideration.settled": 206,
    "reconsideration.settled_rate": (Decimal("33.77"), 206, 610),
    "reconsideration.opinion_letters": 3,
    "litigation.received": 229,
    "litigation.concluded": 194,
    "litigation.lost": 14,
    "litigation.loss_rate": (Decimal("7.22"), 14, 194),
    "litigation.settled": 65,
    "litigation.settled_rate": (Decimal("33.51"), 65, 194),
    "mediation.accepted": 13009,
    "mediation.succeeded": 12974,
    "mediation.success_rate": (Decimal("99.73"), 12974, 13009),
    "mediation.full_time_mediators": 46,
    "mediation.admin_mediation_orgs": 5,
    "legal_aid.accepted": 1224,
    "legal_aid.consultations": 12738,
    "legal_aid.group_labour_cases": 5,
    "legal_aid.group_labour_applicants": 73,
    "legal_aid.new_lawyers": 48,
    "legal_aid.peer_reviewed": 319,
    "legal_aid.good_rate": (Decimal("94.36"), 301, 319),
    "legality.reviews": 3442,
    "legality.reviews_district_centre": 212,
    "legality.bulletins": 3,
    "legality.trainings": 3,
    "legality.training_attendance": 170,
    "normative.filed": 5,
    "normative.repealed": 8,
    "decisions.catalogued": 14,
    "services.new_sites": 23,
    "services.signposts": 243,
    "services.resources": 1027,
    "services.satisfaction_rate": (Decimal("99.58"), 1892, 1900),
}
AT_LEAST = {
    "legal_aid.commendations": 40,
    "legal_aid.group_labour_amount": 2_400_000,
    "services.records": 29_000,  # "2.9 万余次": network records plus the lines' own, one declared sum
}


# As `fazhi demo` runs: each line-year commits on its own. (For speed: inside the test's
# transaction, SQLite's savepoint releases grow with everything written before them.)
@pytest.mark.django_db(transaction=True)
def test_the_demo_dataset_reproduces_the_2024_report(xihu, client, django_user_model):
    ensure_demo_accounts()  # as `make run` does before `fazhi demo`
    with override_settings(DEBUG=False):
        build.build(log=lambda message: None)
    period = Period(date(2024, 1, 1), date(2024, 12, 31))
    results = {r.key: r for r in compute(registry.selected(), period=period, user=SYSTEM, org=xihu["330106"])}

    for key, expected in EXACT.items():
        r = results[key]
        if isinstance(expected, tuple):
            assert (r.value, r.numerator, r.denominator) == expected, key
        else:
            assert r.value == expected, key
    for key, floor in AT_LEAST.items():
        assert results[key].value >= floor, key
    coverage = results["legality.street_reviewer_coverage"]  # every counted 镇街 has a reviewer
    assert coverage.value == 100 and coverage.denominator > 0
    # head-of-agency appearance: every case heard in 2024 had a 负责人 appear
    appearance = results["litigation.head_appearance_rate"]
    assert appearance.value == 100 and appearance.denominator > 0
    # year on year works: 2023 exists and differs
    assert results["mediation.accepted"].previous.value > 0
    assert results["litigation.loss_rate"].previous.value != results["litigation.loss_rate"].value

    # drilling into 败诉 lists the 14 cases
    lost = records(
        registry.get("litigation.loss_rate").numerator, period=period, user=SYSTEM, org=xihu["330106"]
    )
    assert lost.count() == 14 and {c.kind for c in lost} == {"litigation"}

    # the same values from the command …
    out = StringIO()
    call_command(
        "indicators", "--from", "2024-01-01", "--to", "2024-12-31", "--org", "330106", "--json", stdout=out
    )
    by_key = {row["key"]: row for row in json.loads(out.getvalue())}
    assert by_key["reconsideration.correction_rate"]["value"] == 4.92
    assert (by_key["litigation.loss_rate"]["numerator"], by_key["litigation.loss_rate"]["denominator"]) == (
        14,
        194,
    )
    assert (
        by_key["mediation.success_rate"]["value"] == 99.73 and by_key["legal_aid.good_rate"]["value"] == 94.36
    )

    # … and from the endpoint, for the bureau leader
    client.force_login(django_user_model.objects.get(username="leader"))
    rows = json.loads(client.get(reverse("indicators:api"), {"year": "2024", "org": "330106"}).content)
    assert {r["key"]: r["value"] for r in rows} == {k: v["value"] for k, v in by_key.items()}
