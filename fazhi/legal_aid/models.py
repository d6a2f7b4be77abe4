"""法律援助 (legal aid, 法律援助法 2021): the detail of a legal-aid case, the pool of legal-aid lawyers,
consultations (counted apart from cases) and commendations.

Field names are chosen so the indicators of REPORT-FIGURES.md are plain grouped queries, e.g.
受理 = cases with `accepted_on` in the period; 优良率 = `peer_grade` in GOOD_GRADES over all with a
`peer_evaluated_on`; 群体性劳动争议 = `is_group` and `matter` in LABOUR_MATTERS (count, Sum of
`applicant_count`, Sum of `amount_at_stake`). Hardship data (income, household size, the applicant's
circumstances and the eligibility reasons that repeat them) are sensitive personal information
(DOMAIN.md §6.2): encrypted at rest and masked for roles without `view_pii`.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from fazhi.cases.models import Case
from fazhi.core.history import row_history
from fazhi.core.pii import EncryptedTextField
from fazhi.core.roles import Area
from fazhi.core.scoping import ScopedQuerySet, ScopeSpec
from fazhi.law.legal_aid import Circumstance, HardshipTest, Matter, Outcome
from fazhi.legal_aid import rotation
from fazhi.legal_aid.workflow import SATISFACTION


class MatterType(models.TextChoices):
    """案件类别."""

    CRIMINAL = "criminal", "刑事"
    CIVIL = "civil", "民事"
    ADMINISTRATIVE = "administrative", "行政"


class MatterCategory(models.TextChoices):
    """申请事项: 法律援助法 art. 31 items (LA-01); codes are those of fazhi.law.legal_aid.Matter."""

    STATE_COMPENSATION = Matter.STATE_COMPENSATION.value, "依法请求国家赔偿"
    SOCIAL_INSURANCE_OR_ASSISTANCE = (
        Matter.SOCIAL_INSURANCE_OR_ASSISTANCE.value,
        "请求给予社会保险待遇或者社会救助",
    )
    PENSION = Matter.PENSION.value, "请求发给抚恤金"
    SUPPORT_PAYMENT = Matter.SUPPORT_PAYMENT.value, "请求给付赡养费、抚养费、扶养费"
    LABOUR_RELATION = Matter.LABOUR_RELATION.value, "请求确认劳动关系"
    LABOUR_PAY = Matter.LABOUR_PAY.value, "请求支付劳动报酬"
    CAPACITY = Matter.CAPACITY.value, "请求认定公民无民事行为能力或者限制民事行为能力"
    WORK_INJURY = Matter.WORK_INJURY.value, "请求工伤事故人身损害赔偿"
    TRAFFIC_ACCIDENT = Matter.TRAFFIC_ACCIDENT.value, "请求交通事故人身损害赔偿"
    FOOD_DRUG_ACCIDENT = Matter.FOOD_DRUG_ACCIDENT.value, "请求食品药品安全事故人身损害赔偿"
    MEDICAL_ACCIDENT = Matter.MEDICAL_ACCIDENT.value, "请求医疗事故人身损害赔偿"
    ENVIRONMENT = Matter.ENVIRONMENT.value, "请求环境污染、生态破坏损害赔偿"
    OTHER_BY_REGULATION = Matter.OTHER_BY_REGULATION.value, "法律、法规、规章规定的其他情形"
    # 法律援助法 art. 32: the claims for which no hardship condition applies (each only for its claim).
    HERO_MARTYR_RIGHTS = Matter.HERO_MARTYR_RIGHTS.value, "英雄烈士近亲属维护英雄烈士的人格权益（第三十二条）"
    GOOD_SAMARITAN_CLAIM = Matter.GOOD_SAMARITAN_CLAIM.value, "因见义勇为行为主张相关民事权益（第三十二条）"
    ABUSE_CLAIM = Matter.ABUSE_CLAIM.value, "遭受虐待、遗弃或者家庭暴力的受害人主张相关权益（第三十二条）"
    # Art. 33: 申诉、再审.
    RETRIAL = Matter.RETRIAL.value, "申诉、再审（人民法院决定、裁定再审或者人民检察院提出抗诉，第三十三条）"
    OTHER = Matter.OTHER.value, "其他事项（不属于第三十一条所列）"


# 群体性劳动争议 (REPORT-FIGURES "群体性劳动争议 5 批 73 人次"): the labour matters of art. 31.
LABOUR_MATTERS = (MatterCategory.LABOUR_RELATION, MatterCategory.LABOUR_PAY, MatterCategory.WORK_INJURY)


class CircumstanceChoice(models.TextChoices):
    """申请人情形: art. 32 (no hardship condition, LA-02) and art. 42 (verification waived, LA-03)."""

    HERO_MARTYR_RELATIVE = Circumstance.HERO_MARTYR_RELATIVE.value, "英雄烈士近亲属维护英雄烈士人格权益"
    GOOD_SAMARITAN = Circumstance.GOOD_SAMARITAN.value, "因见义勇为行为主张相关民事权益"
    RETRIAL_ACQUITTAL_COMPENSATION = (
        Circumstance.RETRIAL_ACQUITTAL_COMPENSATION.value,
        "再审改判无罪请求国家赔偿",
    )
    ABUSE_VICTIM = Circumstance.ABUSE_VICTIM.value, "遭受虐待、遗弃或者家庭暴力的受害人"
    OTHER_NO_HARDSHIP = Circumstance.OTHER_NO_HARDSHIP.value, "其他不受经济困难条件限制的情形"
    VULNERABLE_WITHOUT_INCOME = (
        Circumstance.VULNERABLE_WITHOUT_INCOME.value,
        "无固定生活来源的未成年人、老年人、残疾人",
    )
    ASSISTANCE_RECIPIENT = Circumstance.ASSISTANCE_RECIPIENT.value, "社会救助、司法救助或者优抚对象"
    MIGRANT_WORKER = Circumstance.MIGRANT_WORKER.value, "申请劳动报酬或工伤赔偿的进城务工人员"
    OTHER_WAIVED = Circumstance.OTHER_WAIVED.value, "其他免予核查经济困难状况的人员"


class CriminalGround(models.TextChoices):
    """刑事法律援助的来源 (法律援助法 arts. 24–29, 36)."""

    NOTIFIED = "notified", "办案机关通知指派（第二十五条、第二十八条）"
    DEFENCE_APPLICATION = "defence_application", "犯罪嫌疑人、被告人申请（第二十四条）"
    VICTIM_APPLICATION = "victim_application", "被害人、自诉人、附带民事诉讼原告人申请（第二十九条）"


class EligibilityOutcome(models.TextChoices):
    """审查结果 (fazhi.law.legal_aid.Outcome)."""

    ELIGIBLE = Outcome.ELIGIBLE.value, "符合法律援助条件"
    NOT_ELIGIBLE = Outcome.NOT_ELIGIBLE.value, "不符合法律援助条件"
    NEEDS_REVIEW = Outcome.NEEDS_REVIEW.value, "需人工审查"


class HardshipTestChoice(models.TextChoices):
    """经济困难审查 (LA-02 and LA-03 kept apart)."""

    REQUIRED = HardshipTest.REQUIRED.value, "须审查经济困难状况"
    WAIVED = HardshipTest.WAIVED.value, "免予核查经济困难状况（第四十二条）"
    NOT_REQUIRED = HardshipTest.NOT_REQUIRED.value, "不受经济困难条件限制（第三十二条）"


class TerminationGround(models.TextChoices):
    """终止法律援助的情形 (法律援助法 art. 48, LA-10)."""

    FRAUD = "fraud", "受援人以欺骗或者其他不正当手段获得法律援助"
    CONCEALMENT = "concealment", "受援人故意隐瞒与案件有关的重要事实或者提供虚假证据"
    ILLEGAL_USE = "illegal_use", "受援人利用法律援助从事违法活动"
    FINANCES_CHANGED = "finances_changed", "受援人的经济状况发生变化，不再符合法律援助条件"
    CASE_ENDED = "case_ended", "案件终止审理或者已经被撤销"
    OWN_LAWYER = "own_lawyer", "受援人自行委托律师或者其他代理人"
    REQUESTED = "requested", "受援人有正当理由要求终止法律援助"
    OTHER = "other", "法律法规规定的其他情形"


class ClosingMethod(models.TextChoices):
    """结案方式."""

    JUDGMENT = "judgment", "判决、裁定"
    MEDIATION = "mediation", "调解、和解"
    WITHDRAWAL = "withdrawal", "撤诉、撤回"
    ARBITRATION = "arbitration", "仲裁裁决"
    NON_LITIGATION = "non_litigation", "非诉讼事务办结"
    OTHER = "other", "其他"


class PeerGrade(models.TextChoices):
    """质量评估等级 (DOMAIN.md IND-10: 优秀 / 良好 / 合格 / 不合格)."""

    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


# IND-10 法律援助案件优良率: 优秀 + 良好 over all cases evaluated.
GOOD_GRADES = (PeerGrade.EXCELLENT, PeerGrade.GOOD)


class ObjectionResult(models.TextChoices):
    """异议审查结果 (法律援助法 art. 49, LA-09)."""

    UPHELD = "upheld", "维持原决定"
    CORRECTED = "corrected", "责令改正"


class CodeListField(EncryptedTextField):
    """Encrypted comma-separated codes (e.g. the applicant's circumstances); accepts a list."""

    def to_python(self, value: Any) -> str:
        if isinstance(value, (list, tuple)):
            return ",".join(str(v) for v in value if v)
        return super().to_python(value)

    def get_prep_value(self, value: Any) -> str:
        return super().get_prep_value(self.to_python(value))


class LegalAidLawyer(models.Model):
    """法律援助律师库: a lawyer in the district's legal-aid pool. `joined_on` dates the recruitment
    (the report's "新招募律师 48 人"); `licensed_on` gives the years of practice that assignment rules
    check (法律援助法 art. 26; the pool's own ≥ 3-year recruitment condition)."""

    org_unit = models.ForeignKey(
        "core.OrgUnit", verbose_name="所属法律援助机构", on_delete=models.PROTECT, related_name="+"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="平台账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="legal_aid_lawyer",
        help_text="有账号的律师被指派后可以在平台上看到并办理指派给自己的案件。",
    )
    name = models.CharField("姓名", max_length=50)
    law_firm = models.CharField("执业机构", max_length=100)
    licence_number = models.CharField("执业证号", max_length=30, blank=True)
    specialties = models.CharField(
        "专长",
        max_length=200,
        blank=True,
        help_text="业务领域，多个以“、”分隔："
        + "、".join(rotation.FIELDS)
        + "。指派时按专长和轮派规则推荐律师。",
    )
    # The assignment SMS goes here (or to the account's person); shown masked.
    phone = EncryptedTextField(
        "手机号码", mask="phone", help_text="用于指派短信通知；页面上显示时隐去中间四位。"
    )
    licensed_on = models.DateField("首次执业日期")
    joined_on = models.DateField("加入律师库日期")
    active = models.BooleanField("在库", default=True)
    left_on = models.DateField("退出日期", null=True, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = ScopeSpec(area=Area.LEGAL_AID, org_field="org_unit")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "法律援助律师"
        verbose_name_plural = "法律援助律师库"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["licence_number"],
                condition=~models.Q(licence_number=""),
                name="uniq_legal_aid_lawyer_licence",
            )
        ]
        indexes = [models.Index(fields=["joined_on"], name="la_lawyer_joined")]

    def __str__(self) -> str:
        return f"{self.name}（{self.law_firm}）"

    def practice_years(self, on: date) -> int:
        """Full years of practice on `on` (执业年限)."""
        return practice_years(self.licensed_on, on)

    @property
    def specialty_list(self) -> tuple[str, ...]:
        """专长 as a tuple of field labels."""
        return rotation.split_fields(self.specialties or "")


def practice_years(licensed_on: date, on: date) -> int:
    """Full years of practice on `on` of a lawyer first licensed on `licensed_on` (执业年限)."""
    years = on.year - licensed_on.year
    if (on.month, on.day) < (licensed_on.month, licensed_on.day):
        years -= 1
    return max(years, 0)


class LegalAidCase(models.Model):
    """法律援助案件: the application, its eligibility result, the decision, the assigned lawyer,
    termination, the closing report and the peer quality evaluation."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="legal_aid", verbose_name="案件")
    matter_type = models.CharField("案件类别", max_length=16, choices=MatterType.choices)
    matter = models.CharField("申请事项", max_length=40, choices=MatterCategory.choices, blank=True)
    criminal_ground = models.CharField(
        "刑事援助来源", max_length=24, choices=CriminalGround.choices, blank=True
    )
    severe_penalty = models.BooleanField(
        "可能被判处无期徒刑、死刑或死刑复核案件",
        default=False,
        help_text="应当指派具有三年以上相关执业经历的律师（法律援助法第二十六条）。",
    )
    other_reason = models.CharField(
        "没有委托辩护人的其他原因",
        max_length=200,
        blank=True,
        help_text="犯罪嫌疑人、被告人因经济困难或者其他原因没有委托辩护人的，可以申请法律援助（法律援助法第二十四条）。",
    )
    # Hardship data (sensitive PI): encrypted; shown only to roles with view_pii.
    circumstances = CodeListField("申请人情形", mask="text")  # Circumstance codes
    household_size = EncryptedTextField("家庭人口数", mask="text")
    monthly_income_per_head = EncryptedTextField("家庭人均月收入（元）", mask="text")
    has_own_agent = models.BooleanField("已委托代理人", default=False)
    limitation_deadline = models.DateField("时效或期限届满日", null=True, blank=True)
    urgent_preservation = models.BooleanField("需要立即申请保全或先予执行", default=False)

    # The stored eligibility result (fazhi.law.legal_aid.assess), with every reason and its article.
    eligibility_outcome = models.CharField(
        "审查结果", max_length=16, choices=EligibilityOutcome.choices, blank=True
    )
    hardship_test = models.CharField(
        "经济困难审查", max_length=16, choices=HardshipTestChoice.choices, blank=True
    )
    hardship_met = models.BooleanField("属于经济困难", null=True, blank=True)
    advance_provision = models.BooleanField("可以先行提供（审查结果）", default=False)
    eligibility_reasons = EncryptedTextField("审查理由", mask="text")  # JSON [{text, basis, rule}]
    assessed_on = models.DateField("审查日期", null=True, blank=True)

    # The decision's written grounds: the reviewer's opinion of a grant, the reasons of a refusal.
    decision_note = models.TextField("审查意见", blank=True)
    # Staff override of the result: only with a written reason; recorded, audited.
    override = models.BooleanField("改变审查结果", default=False)
    override_reason = models.TextField("改变审查结果的理由", blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="改变审查结果的人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    override_on = models.DateField("改变审查结果日期", null=True, blank=True)

    objection_right_advised = models.BooleanField(
        "已告知异议权利",
        null=True,
        blank=True,
        help_text="不予法律援助的决定告知申请人可以向司法行政部门提出异议（法律援助法第四十九条）。",
    )

    materials_requested_on = models.DateField("告知补充材料日期", null=True, blank=True)
    materials_items = models.CharField("需补充的材料", max_length=500, blank=True)
    materials_supplied_on = models.DateField("补充材料日期", null=True, blank=True)

    advance_provided = models.BooleanField("先行提供法律援助", default=False)
    paperwork_completed_on = models.DateField("补办手续日期", null=True, blank=True)

    is_group = models.BooleanField("群体性案件", default=False)
    applicant_count = models.PositiveIntegerField("受援人数", default=1, validators=[MinValueValidator(1)])
    amount_at_stake = models.DecimalField(
        "涉案金额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )

    lawyer = models.ForeignKey(
        LegalAidLawyer,
        verbose_name="承办律师",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    assigned_on = models.DateField("指派日期", null=True, blank=True)

    termination_ground = models.CharField(
        "终止事由", max_length=20, choices=TerminationGround.choices, blank=True
    )
    objection_result = models.CharField(
        "异议审查结果", max_length=12, choices=ObjectionResult.choices, blank=True
    )
    objection_decided_on = models.DateField("异议决定日期", null=True, blank=True)

    closing_method = models.CharField("结案方式", max_length=20, choices=ClosingMethod.choices, blank=True)
    closing_report_on = models.DateField("结案报告日期", null=True, blank=True)

    peer_grade = models.CharField("质量评估等级", max_length=12, choices=PeerGrade.choices, blank=True)
    peer_evaluator = models.CharField("评估单位", max_length=100, blank=True)
    peer_evaluated_on = models.DateField("评估日期", null=True, blank=True)

    # 回访受援人 (法律援助法 art. 59): the latest visit and the recipient's satisfaction (5 best … 1).
    recipient_visited_on = models.DateField("回访受援人日期", null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        "受援人满意度", null=True, blank=True, choices=[(int(c), label) for c, label in SATISFACTION]
    )

    class Meta:
        verbose_name = "法律援助案件"
        verbose_name_plural = "法律援助案件"
        indexes = [
            models.Index(fields=["peer_evaluated_on", "peer_grade"], name="la_peer_evaluated"),
            models.Index(fields=["is_group", "matter"], name="la_group_matter"),
            models.Index(fields=["matter"], name="la_matter"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_group=False) | models.Q(applicant_count__gte=2),
                name="la_group_has_several_applicants",
                violation_error_message="群体性案件的受援人数应至少为2人。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_matter_type_display()}"

    def clean(self) -> None:
        """Cross-field checks of an application (Chinese messages naming the field)."""
        from django.core.exceptions import ValidationError

        errors = {}
        if self.matter_type == MatterType.CRIMINAL:
            if not self.criminal_ground:
                errors["criminal_ground"] = "刑事案件请选择“刑事援助来源”。"
            if self.matter:
                errors["matter"] = "刑事案件不填“申请事项”（第三十一条所列事项为民事、行政事项）。"
        elif self.matter_type:
            if not self.matter:
                errors["matter"] = "民事、行政案件请选择“申请事项”。"
            if self.criminal_ground:
                errors["criminal_ground"] = "只有刑事案件填写“刑事援助来源”。"
        unknown = set(self.circumstance_codes) - set(CircumstanceChoice.values)
        if unknown:
            errors["circumstances"] = f"“申请人情形”的选项“{'、'.join(sorted(unknown))}”无效。"
        if self.is_group and self.applicant_count < 2:
            errors["applicant_count"] = "群体性案件的受援人数应至少为2人。"
        for name, label, kind in (
            ("household_size", "家庭人口数", int),
            ("monthly_income_per_head", "家庭人均月收入", Decimal),
        ):
            raw = getattr(self, name)
            if raw in (None, ""):
                continue
            minimum = 1 if kind is int else 0
            try:
                value = kind(str(raw).strip())
                too_small = not value.is_finite() if kind is Decimal else False
                too_small = too_small or value < minimum
            except (ValueError, ArithmeticError):
                errors[name] = f"“{label}”应为{'整数' if kind is int else '数字'}。"
                continue
            if too_small:
                errors[name] = f"“{label}”应为不小于{minimum}的数。"
        if errors:
            raise ValidationError(errors)

    @property
    def circumstance_codes(self) -> list[str]:
        """The codes, whether the field holds them as stored (comma-joined) or as a form gave them
        (a list: an application previewed before it is saved)."""
        value = self.circumstances or ""
        if isinstance(value, (list, tuple)):
            return [str(c) for c in value if c]
        return [c for c in value.split(",") if c]

    @property
    def circumstance_labels(self) -> list[str]:
        labels = dict(CircumstanceChoice.choices)
        return [labels.get(c, c) for c in self.circumstance_codes]

    @property
    def reasons(self) -> list[dict[str, Any]]:
        """The eligibility reasons: [{"text", "basis", "rule"}] (decrypted)."""
        return json.loads(self.eligibility_reasons) if self.eligibility_reasons else []

    @property
    def is_good_grade(self) -> bool:
        return self.peer_grade in GOOD_GRADES


class ConsultationChannel(models.TextChoices):
    PHONE = "phone", "12348热线来电"
    WALK_IN = "walk_in", "来访"
    ONLINE = "online", "网上咨询"


class ConsultationTopic(models.TextChoices):
    """咨询事项分类."""

    MARRIAGE_FAMILY = "marriage_family", "婚姻家庭继承"
    LABOUR = "labour", "劳动争议与劳动报酬"
    CONTRACT = "contract", "合同与债务"
    TORT = "tort", "侵权损害赔偿"
    TRAFFIC = "traffic", "交通事故"
    MEDICAL = "medical", "医疗纠纷"
    PROPERTY = "property", "房产物业"
    SOCIAL_SECURITY = "social_security", "社会保险与社会救助"
    ADMINISTRATIVE = "administrative", "行政事务"
    CRIMINAL = "criminal", "刑事"
    ELIGIBILITY = "eligibility", "法律援助申请条件"
    OTHER = "other", "其他"


class Consultation(models.Model):
    """法律咨询 (来电来访咨询): one person-time of advice by phone (12348), in person or online —
    counted separately from legal-aid cases (the report's "咨询 12738 人次")."""

    consulted_on = models.DateField("咨询日期")
    channel = models.CharField("咨询方式", max_length=10, choices=ConsultationChannel.choices)
    org_unit = models.ForeignKey(
        "core.OrgUnit", verbose_name="接待单位", on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField("咨询事项", max_length=20, choices=ConsultationTopic.choices)
    summary = models.CharField("咨询内容摘要", max_length=300, blank=True)
    person_name = models.CharField("咨询人", max_length=50, blank=True)
    enterprise_related = models.BooleanField("涉企", default=False)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接待人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_demo = models.BooleanField("演示数据", default=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = ScopeSpec(area=Area.LEGAL_AID, org_field="org_unit")
    history = row_history(no_db_index=["org_unit", "handler"])

    class Meta:
        verbose_name = "法律咨询"
        verbose_name_plural = "法律咨询"
        ordering = ["-consulted_on", "-id"]
        indexes = [
            models.Index(fields=["consulted_on"], name="la_consult_on"),
            models.Index(fields=["org_unit", "consulted_on"], name="la_consult_unit_on"),
        ]

    def __str__(self) -> str:
        return f"{self.consulted_on} {self.get_channel_display()} {self.get_topic_display()}"


class CommendationKind(models.TextChoices):
    BANNER = "banner", "锦旗"
    LETTER = "letter", "感谢信"
    OTHER = "other", "其他表扬"


class Commendation(models.Model):
    """锦旗、感谢信: a commendation received from a person served (the report's "40余人次")."""

    received_on = models.DateField("收到日期")
    kind = models.CharField("类型", max_length=10, choices=CommendationKind.choices)
    giver = models.CharField("赠送人", max_length=100)
    org_unit = models.ForeignKey(
        "core.OrgUnit", verbose_name="受表扬单位", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        Case, verbose_name="相关案件", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lawyer = models.ForeignKey(
        LegalAidLawyer,
        verbose_name="受表扬律师",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commendations",
    )
    note = models.CharField("内容摘要", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField("演示数据", default=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = ScopeSpec(area=Area.LEGAL_AID, org_field="org_unit")
    history = row_history(no_db_index=["org_unit", "case", "lawyer", "recorded_by"])

    class Meta:
        verbose_name = "锦旗、感谢信"
        verbose_name_plural = "锦旗、感谢信"
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["received_on"], name="la_commendation_on")]

    def __str__(self) -> str:
        return f"{self.received_on} {self.get_kind_display()}"
