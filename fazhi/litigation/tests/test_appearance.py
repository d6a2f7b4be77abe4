"""出庭应诉认定 of one hearing (XS-15, XS-16, XS-18, XS-20, XS-21), without the database."""

import pytest

from fazhi.litigation.appearance import assess

SPC = "《最高人民法院关于行政机关负责人出庭应诉若干问题的规定》"


@pytest.mark.parametrize(
    "position", ["PRINCIPAL", "DEPUTY", "DEPUTY_LEVEL_IN_CHARGE", "OTHER_LEADER_IN_CHARGE"]
)
def test_a_head_appearing_is_never_flagged(position):
    a = assess(position)
    assert (a.counts_as_head, a.agency_represented, a.flagged) == (True, True, False)
    assert a.reasons[0].rule == "XS-16" and f"{SPC}第二条第一款" in a.text


@pytest.mark.parametrize("position", ["ENTRUSTED_ORG_HEAD", "SUBORDINATE_AGENCY_HEAD"])
def test_heads_of_entrusted_or_lower_bodies_are_not_heads_xs16(position):
    a = assess(position)
    assert not a.counts_as_head and a.agency_represented and a.flagged
    assert f"{SPC}第二条第二款" in a.text and "第十条第二款" in a.text


def test_staff_without_a_reason_is_flagged_with_a_reason_and_proof_it_is_not():
    silent = assess("STAFF")
    assert silent.flagged and "未说明理由" in silent.text and "第十二条第一项" in silent.text
    unproven = assess("STAFF", absence_reason="IRREPLACEABLE_DUTY")
    assert unproven.flagged and "第九条第一款" in unproven.text
    excused = assess("STAFF", absence_reason="IRREPLACEABLE_DUTY", absence_proof=True)
    assert not excused.flagged and "需要履行他人不能代替的公务" in excused.text and "第八条" in excused.text


def test_a_lawyer_alone_or_nobody_means_the_agency_did_not_appear_xs21():
    for position in ("LAWYER", None):
        a = assess(position, absence_reason="FORCE_MAJEURE", absence_proof=True)
        assert not a.agency_represented and a.flagged
        assert a.reasons[-1].rule == "XS-21" and "第十二条第三项" in a.text


def test_a_late_court_notice_is_recorded_xs18():
    a = assess("DEPUTY", notice_short=True, notice_due="2024年4月6日")
    assert not a.flagged and a.reasons[-1].rule == "XS-18"
    assert "应不晚于2024年4月6日送达" in a.text and "第五条第二款" in a.text
