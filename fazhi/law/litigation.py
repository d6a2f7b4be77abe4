"""Administrative litigation (行政诉讼) classifications: outcome types, 败诉 and 调撤 (IND-04, IND-05), 负责人 (XS-16).

Which judgment types count as the agency losing (败诉) is UNVERIFIED and therefore the deployment
setting ``LawConfig.litigation_loss_outcomes``; the 调撤 set (调解 + 撤诉, including withdrawal after the
agency changed its act) is verified against the 2024 report (65 / 194 = 33.51%).
"""

from __future__ import annotations

from enum import StrEnum

from fazhi.law.basis import Finding, Reason, cite
from fazhi.law.config import LawConfig, default_config


class LitigationOutcome(StrEnum):
    """行政诉讼结案方式（第一审）."""

    BOHUI_SUSONG_QINGQIU = "BOHUI_SUSONG_QINGQIU"
    CHEXIAO = "CHEXIAO"
    ZELING_LVXING = "ZELING_LVXING"
    GEIFU = "GEIFU"
    QUEREN_WEIFA = "QUEREN_WEIFA"
    QUEREN_WUXIAO = "QUEREN_WUXIAO"
    PEICHANG = "PEICHANG"
    BIANGENG = "BIANGENG"
    XIEYI_ZEREN = "XIEYI_ZEREN"
    TIAOJIE = "TIAOJIE"
    CHESU = "CHESU"
    CHESU_GAIBIAN = "CHESU_GAIBIAN"
    BOHUI_QISU = "BOHUI_QISU"
    OTHER = "OTHER"

    @property
    def label(self) -> str:
        return _OUTCOMES[self][0]

    @property
    def basis(self) -> str:
        spec = _OUTCOMES[self][1]
        return cite(spec) if spec else ""


_OUTCOMES = {
    LitigationOutcome.BOHUI_SUSONG_QINGQIU: ("判决驳回诉讼请求", "行政诉讼法 69"),
    LitigationOutcome.CHEXIAO: ("判决撤销或者部分撤销", "行政诉讼法 70"),
    LitigationOutcome.ZELING_LVXING: ("判决履行法定职责", "行政诉讼法 72"),
    LitigationOutcome.GEIFU: ("判决履行给付义务", "行政诉讼法 73"),
    LitigationOutcome.QUEREN_WEIFA: ("判决确认违法", "行政诉讼法 74"),
    LitigationOutcome.QUEREN_WUXIAO: ("判决确认无效", "行政诉讼法 75"),
    LitigationOutcome.PEICHANG: ("判决采取补救措施或者承担赔偿责任", "行政诉讼法 76"),
    LitigationOutcome.BIANGENG: ("判决变更", "行政诉讼法 77"),
    LitigationOutcome.XIEYI_ZEREN: ("判决承担行政协议责任或者给予补偿", "行政诉讼法 78"),
    LitigationOutcome.TIAOJIE: ("调解", "行政诉讼法 60"),
    LitigationOutcome.CHESU: ("原告申请撤诉", "行政诉讼法 62"),
    LitigationOutcome.CHESU_GAIBIAN: ("被告改变行政行为后原告撤诉", "行政诉讼法 62"),
    LitigationOutcome.BOHUI_QISU: ("裁定驳回起诉", "行诉解释 69"),
    LitigationOutcome.OTHER: ("其他", ""),
}

# IND-05 numerator: 调解 + 撤诉 (including withdrawal after the defendant changed its act).
SETTLED = frozenset({LitigationOutcome.TIAOJIE, LitigationOutcome.CHESU, LitigationOutcome.CHESU_GAIBIAN})


def counts_as_loss(outcome: LitigationOutcome | str, *, config: LawConfig | None = None) -> bool:
    """败诉 (IND-04 numerator), by the deployment's configured set (UNVERIFIED; default in config.py)."""
    return LitigationOutcome(outcome).value in (config or default_config()).litigation_loss_outcomes


def is_settled(outcome: LitigationOutcome | str) -> bool:
    """调撤 (IND-05 numerator)."""
    return LitigationOutcome(outcome) in SETTLED


class Position(StrEnum):
    """出庭人员的职务类别."""

    PRINCIPAL = "PRINCIPAL"  # 行政机关正职负责人
    DEPUTY = "DEPUTY"  # 副职负责人
    DEPUTY_LEVEL_IN_CHARGE = "DEPUTY_LEVEL_IN_CHARGE"  # 参与分管被诉行政行为实施工作的副职级别的负责人
    OTHER_LEADER_IN_CHARGE = "OTHER_LEADER_IN_CHARGE"  # 其他参与分管的负责人
    STAFF = "STAFF"  # 被诉行政机关的工作人员
    ENTRUSTED_ORG_HEAD = "ENTRUSTED_ORG_HEAD"  # 被诉行政机关委托的组织的负责人
    SUBORDINATE_AGENCY_HEAD = "SUBORDINATE_AGENCY_HEAD"  # 下级行政机关的负责人
    LAWYER = "LAWYER"  # 律师等诉讼代理人


_RESPONSIBLE = {
    Position.PRINCIPAL: (True, "行政机关的正职负责人属于被诉行政机关负责人"),
    Position.DEPUTY: (True, "行政机关的副职负责人属于被诉行政机关负责人"),
    Position.DEPUTY_LEVEL_IN_CHARGE: (
        True,
        "参与分管被诉行政行为实施工作的副职级别的负责人属于被诉行政机关负责人",
    ),
    Position.OTHER_LEADER_IN_CHARGE: (True, "其他参与分管的负责人属于被诉行政机关负责人"),
    Position.STAFF: (False, "工作人员不是负责人，只能作为相应的工作人员出庭"),
    Position.ENTRUSTED_ORG_HEAD: (False, "被诉行政机关委托的组织的负责人，不能作为被诉行政机关负责人出庭"),
    Position.SUBORDINATE_AGENCY_HEAD: (False, "下级行政机关的负责人，不能作为被诉行政机关负责人出庭"),
    Position.LAWYER: (False, "律师等诉讼代理人不是行政机关负责人"),
}


def counts_as_responsible_person(position: Position | str) -> Finding:
    """XS-16 (出庭规定 art. 2): does a person of this position count as the agency's 负责人 (IND-07)?"""
    ok, text = _RESPONSIBLE[Position(position)]
    spec = (
        "出庭规定 2.2"
        if position in (Position.ENTRUSTED_ORG_HEAD, Position.SUBORDINATE_AGENCY_HEAD)
        else "出庭规定 2.1"
    )
    return Finding(ok, (Reason(text, cite(spec), "XS-16"),))


def counts_as_corresponding_staff(position: Position | str) -> Finding:
    """XS-15 (出庭规定 art. 10): does a person of this position count as the agency's 相应的工作人员?

    A 负责人 (XS-16) appearing in person is more than that; a lawyer alone is not the agency appearing.
    """
    position = Position(position)
    if counts_as_responsible_person(position):
        return Finding(True, (Reason("负责人本人出庭，当然包括行政机关出庭", cite("出庭规定 2.1"), "XS-15"),))
    if position is Position.STAFF:
        text, spec = "被诉行政机关中具体行使行政职权的工作人员属于相应的工作人员", "出庭规定 10.1"
    elif position in (Position.ENTRUSTED_ORG_HEAD, Position.SUBORDINATE_AGENCY_HEAD):
        text, spec = "委托行使行政职权的组织或者下级行政机关的人员，可以视为相应的工作人员", "出庭规定 10.2"
    else:
        return Finding(
            False,
            (Reason("只委托律师出庭的，不是行政机关相应的工作人员出庭", cite("行政诉讼法 3.3"), "XS-15"),),
        )
    return Finding(True, (Reason(text, cite(spec), "XS-15"),))


class AbsenceReason(StrEnum):
    """行政机关负责人不能出庭的情形（出庭规定 art. 8）."""

    FORCE_MAJEURE = "FORCE_MAJEURE"
    ACCIDENT = "ACCIDENT"
    IRREPLACEABLE_DUTY = "IRREPLACEABLE_DUTY"
    OTHER_PROPER = "OTHER_PROPER"

    @property
    def label(self) -> str:
        return _ABSENCE_LABELS[self]


_ABSENCE_LABELS = {
    AbsenceReason.FORCE_MAJEURE: "不可抗力",
    AbsenceReason.ACCIDENT: "意外事件",
    AbsenceReason.IRREPLACEABLE_DUTY: "需要履行他人不能代替的公务",
    AbsenceReason.OTHER_PROPER: "无法出庭的其他正当事由",
}


def absence_excused(reason: AbsenceReason | str | None, *, proof_submitted: bool) -> Finding:
    """XS-20 (出庭规定 arts. 8, 9): is a 负责人's absence from a hearing explained as the rules require?

    One of the four reasons of art. 8, backed by proof sealed by the agency or signed by its principal
    (art. 9.1). The court reviews the reason (art. 9.2); an absence without a valid reason is a ground for
    a 司法建议 (art. 12(1)).
    """
    if not reason:
        return Finding(
            False,
            (Reason("负责人未出庭，也未说明理由", cite("出庭规定 12(1)"), "XS-20"),),
        )
    reason = AbsenceReason(reason)
    if not proof_submitted:
        return Finding(
            False,
            (
                Reason(
                    f"以“{reason.label}”为由不出庭，但未提交加盖行政机关印章或者由主要负责人签字认可的证明材料",
                    cite("出庭规定 9.1"),
                    "XS-20",
                ),
            ),
        )
    return Finding(
        True,
        (
            Reason(f"“{reason.label}”属于负责人不能出庭的情形", cite("出庭规定 8"), "XS-20"),
            Reason("已提交证明材料，由人民法院审查", cite("出庭规定 9.1,9.2"), "XS-20"),
        ),
    )
