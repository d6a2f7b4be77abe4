"""Litigation outcomes: 败诉 (configurable, IND-04), 调撤 (IND-05), and who counts as 负责人 (XS-16)."""

from __future__ import annotations

import pytest

from fazhi.law.config import LawConfig
from fazhi.law.litigation import (
    SETTLED,
    AbsenceReason,
    LitigationOutcome,
    Position,
    absence_excused,
    counts_as_corresponding_staff,
    counts_as_loss,
    counts_as_responsible_person,
    is_settled,
)


def test_default_loss_set() -> None:
    losses = {o for o in LitigationOutcome if counts_as_loss(o)}
    assert losses == {
        "CHEXIAO",
        "ZELING_LVXING",
        "GEIFU",
        "QUEREN_WEIFA",
        "QUEREN_WUXIAO",
        "PEICHANG",
        "BIANGENG",
        "XIEYI_ZEREN",
    }
    assert not counts_as_loss("BOHUI_SUSONG_QINGQIU") and not counts_as_loss("TIAOJIE")


def test_loss_set_is_configurable() -> None:
    narrow = LawConfig(litigation_loss_outcomes=frozenset({"CHEXIAO", "QUEREN_WEIFA"}))
    assert counts_as_loss("CHEXIAO", config=narrow) and not counts_as_loss("GEIFU", config=narrow)


def test_settled_set_and_report_figure() -> None:
    assert SETTLED == {"TIAOJIE", "CHESU", "CHESU_GAIBIAN"} and is_settled(LitigationOutcome.CHESU_GAIBIAN)
    # 2024 report: 14 败诉 and 65 调撤 of 194 concluded first-instance cases
    outcomes = (
        ["CHEXIAO"] * 10
        + ["QUEREN_WEIFA"] * 4
        + ["TIAOJIE"] * 5
        + ["CHESU"] * 60
        + ["BOHUI_SUSONG_QINGQIU"] * 115
    )
    assert len(outcomes) == 194
    assert round(100 * sum(map(counts_as_loss, outcomes)) / 194, 2) == 7.22
    assert round(100 * sum(map(is_settled, outcomes)) / 194, 2) == 33.51


def test_outcomes_carry_their_articles() -> None:
    assert LitigationOutcome.CHEXIAO.basis == "《中华人民共和国行政诉讼法》第七十条"
    assert LitigationOutcome.BOHUI_QISU.basis.startswith(
        "《最高人民法院关于适用〈中华人民共和国行政诉讼法〉的解释》"
    )
    assert LitigationOutcome.OTHER.basis == ""


@pytest.mark.parametrize(
    ("position", "ok", "article"),
    [
        (Position.PRINCIPAL, True, "第二条第一款"),
        (Position.DEPUTY, True, "第二条第一款"),
        ("DEPUTY_LEVEL_IN_CHARGE", True, "第二条第一款"),
        (Position.OTHER_LEADER_IN_CHARGE, True, "第二条第一款"),
        (Position.STAFF, False, "第二条第一款"),
        (Position.ENTRUSTED_ORG_HEAD, False, "第二条第二款"),
        ("SUBORDINATE_AGENCY_HEAD", False, "第二条第二款"),
        (Position.LAWYER, False, "第二条第一款"),
    ],
)
def test_who_counts_as_responsible_person(position: Position | str, ok: bool, article: str) -> None:
    finding = counts_as_responsible_person(position)
    assert bool(finding) is ok
    assert finding.reasons[0].basis == f"《最高人民法院关于行政机关负责人出庭应诉若干问题的规定》{article}"
    assert finding.reasons[0].rule == "XS-16"


@pytest.mark.parametrize(
    ("position", "ok", "article"),
    [
        (Position.DEPUTY, True, "第二条第一款"),
        (Position.STAFF, True, "第十条第一款"),
        (Position.SUBORDINATE_AGENCY_HEAD, True, "第十条第二款"),
        (Position.LAWYER, False, "第三条第三款"),
    ],
)
def test_who_counts_as_corresponding_staff(position: Position, ok: bool, article: str) -> None:
    finding = counts_as_corresponding_staff(position)
    assert bool(finding) is ok and finding.reasons[0].rule == "XS-15"
    assert finding.reasons[0].basis.endswith(article)


def test_absence_needs_one_of_the_four_reasons_and_sealed_proof() -> None:
    silent = absence_excused("", proof_submitted=False)
    assert not silent and silent.reasons[0].basis.endswith("第十二条第一项")
    unproven = absence_excused(AbsenceReason.IRREPLACEABLE_DUTY, proof_submitted=False)
    assert not unproven and "需要履行他人不能代替的公务" in unproven.reasons[0].text
    assert unproven.reasons[0].basis.endswith("第九条第一款")
    excused = absence_excused("FORCE_MAJEURE", proof_submitted=True)
    assert excused and excused.reasons[0].basis.endswith("第八条") and excused.reasons[0].rule == "XS-20"
    assert [r.label for r in AbsenceReason] == [
        "不可抗力",
        "意外事件",
        "需要履行他人不能代替的公务",
        "无法出庭的其他正当事由",
    ]
