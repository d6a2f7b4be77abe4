"""The eligibility result stored on a case: the same answer as fazhi.law for civil and administrative
matters, the criminal sources of arts. 24–29, and art. 26 for the gravest cases (no database)."""

from datetime import date

import pytest

from fazhi.law.errors import LawValidationError
from fazhi.law.legal_aid import assess
from fazhi.legal_aid.eligibility import evaluate

ON = date(2024, 3, 4)


def test_civil_matters_get_exactly_the_assessment_of_fazhi_law():
    result = evaluate(
        matter_type="civil",
        on=ON,
        county_code="330106",
        matter="LABOUR_PAY",
        household_size=3,
        monthly_income_per_head="1500",
    )
    law = assess("LABOUR_PAY", on=ON, county_code="330106", household_size=3, monthly_income_per_head="1500")
    assert (result.outcome, result.hardship_test, result.hardship_met) == ("ELIGIBLE", "REQUIRED", True)
    assert [r["text"] for r in result.reasons] == [r.text for r in law.reasons]
    assert [r["basis"] for r in result.reasons] == [r.basis for r in law.reasons]
    assert result.reasons[0]["basis"] == "《中华人民共和国法律援助法》第三十一条第五项"
    assert "人均月收入1500元" in result.reasons[1]["text"] and result.reasons[1]["rule"] == "LA-05a"
    assert result.label == "符合法律援助条件" and result.assessed_on == ON


def test_income_above_the_standard_is_not_eligible():
    result = evaluate(
        matter_type="civil",
        on=ON,
        county_code="330106",
        matter="SUPPORT_PAYMENT",
        monthly_income_per_head="9000",
    )
    assert result.outcome == "NOT_ELIGIBLE" and result.hardship_met is False


def test_abuse_victims_need_no_hardship_test_for_the_rights_the_abuse_concerns_la02():
    result = evaluate(
        matter_type="civil", on=ON, county_code="330106", matter="ABUSE_CLAIM", circumstances=["ABUSE_VICTIM"]
    )
    assert (result.outcome, result.hardship_test) == ("ELIGIBLE", "NOT_REQUIRED")
    assert result.reasons[0]["basis"] == "《中华人民共和国法律援助法》第三十二条第四项"
    # … not for a matter outside art. 31 that the abuse does not concern (issue 14.4)
    other = evaluate(
        matter_type="civil", on=ON, county_code="330106", matter="OTHER", circumstances=["ABUSE_VICTIM"]
    )
    assert other.outcome == "NOT_ELIGIBLE"


def test_urgency_allows_advance_provision_la07():
    result = evaluate(
        matter_type="civil",
        on=ON,
        county_code="330106",
        matter="TRAFFIC_ACCIDENT",
        limitation_deadline=date(2024, 3, 8),
    )
    assert result.advance_provision and result.outcome == "NEEDS_REVIEW"
    assert any("第四十四条" in r["basis"] for r in result.reasons)


def test_a_notified_criminal_case_is_eligible_without_a_hardship_test():
    result = evaluate(
        matter_type="criminal", on=ON, county_code="330106", criminal_ground="notified", severe_penalty=True
    )
    assert (result.outcome, result.hardship_test) == ("ELIGIBLE", "")
    assert result.reasons[0]["basis"] == "《中华人民共和国法律援助法》第二十五条、第二十八条、第三十六条"
    assert result.reasons[-1]["basis"] == "《中华人民共和国法律援助法》第二十六条"
    assert "三年以上" in result.reasons[-1]["text"]


@pytest.mark.parametrize(
    "ground,article", [("defence_application", "第二十四条"), ("victim_application", "第二十九条")]
)
def test_a_criminal_application_needs_review(ground, article):
    result = evaluate(matter_type="criminal", on=ON, county_code="330106", criminal_ground=ground)
    assert result.outcome == "NEEDS_REVIEW" and result.reasons[0]["basis"].endswith(article)


def test_bad_income_is_refused_in_chinese():
    with pytest.raises(LawValidationError, match="应为数字"):
        evaluate(
            matter_type="civil", on=ON, county_code="330106", matter="PENSION", monthly_income_per_head="很多"
        )
