"""行政应诉 (administrative litigation response): the detail of a first-instance suit against a
district agency (行政诉讼法 2017; DOMAIN.md §2.4) and the hearings with who appeared for the agency.

What the indicators count (DOMAIN.md IND-04 … IND-07, IND-12) is read from these rows and the case's
own columns by plain grouped queries; see ``fazhi.litigation.selectors``. 败诉 is deliberately not a
stored column: it is ``Case.outcome`` in the deployment's ``LawConfig.litigation_loss_outcomes``.
"""

from django.core.exceptions import ValidationError
from django.db import models

from fazhi.cases import registry
from fazhi.cases.models import Case
from fazhi.core.scoping import ScopedQuerySet, ScopeSpec
from fazhi.litigation.workflow import ABSENCE_REASONS, ACT_CATEGORIES, APPEAL_RESULTS, APPELLANTS, POSITIONS


class Instance(models.TextChoices):
    """审级."""

    FIRST = "first", "一审"
    SECOND = "second", "二审"
    RETRIAL = "retrial", "再审"


# 类型代字 (DOMAIN.md §5.1, UNVERIFIED list) -> 审级.
INSTANCE_OF_TYPE = {
    "行初": Instance.FIRST,
    "行赔初": Instance.FIRST,
    "行终": Instance.SECOND,
    "行赔终": Instance.SECOND,
    "行申": Instance.RETRIAL,
    "行再": Instance.RETRIAL,
}


class LitigationCase(models.Model):
    """行政应诉案件: the court and its case number (parsed by fazhi.law.numbering), the defendant
    agency (the responsible unit for “两高一低”), the act sued on, the answer (XS-08), appearance
    in court (XS-15 … XS-21), the judgment's service (XS-11) and the appeal.

    ``Case.number`` holds the normalised court case number, e.g. （2024）浙0106行初123号;
    ``Case.outcome`` the first-instance result (a ``fazhi.law.litigation.LitigationOutcome`` code);
    ``Case.closed_on`` the day the first instance ended (判决、裁定、调解或准予撤诉: 结案).
    """

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="litigation", verbose_name="案件"
    )
    court_name = models.CharField("受理法院", max_length=100)
    court_code = models.CharField("法院代字", max_length=12, db_index=True)
    case_year = models.PositiveSmallIntegerField("收案年度")
    type_code = models.CharField("类型代字", max_length=6)
    case_seq = models.PositiveIntegerField("案件编号")
    instance = models.CharField("审级", max_length=8, choices=Instance.choices, default=Instance.FIRST)
    defendant_agency = models.ForeignKey(
        "core.OrgUnit",
        verbose_name="被告行政机关",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="被诉的区级部门或镇街；“两高一低”按此单位统计。",
    )
    government_co_defendant = models.BooleanField(
        "区政府作为复议机关共同被告",
        default=False,
        help_text="复议维持的，作出原行政行为的机关和复议机关是共同被告（行政诉讼法第二十六条第二款）。",
    )
    act_category = models.CharField("被诉行政行为类别", max_length=20, choices=ACT_CATEGORIES)
    discretionary = models.BooleanField(
        "涉及自由裁量权", default=False, help_text="行政机关行使法律、法规规定的自由裁量权的案件可以调解。"
    )
    after_reconsideration = models.BooleanField("经行政复议", default=False)
    reconsideration_number = models.CharField("行政复议案号/决定书文号", max_length=60, blank=True)
    filed_on = models.DateField("立案日期", help_text="人民法院立案之日，第一审审理期限自此起算。")
    copy_received_on = models.DateField(
        "收到起诉状副本日期", null=True, blank=True, help_text="答辩举证期限（15日）自收到之日起算。"
    )
    answered_on = models.DateField("提交答辩状日期", null=True, blank=True)
    evidence_extension_requested_on = models.DateField(
        "申请延期提供证据日期",
        null=True,
        blank=True,
        help_text="因正当事由不能按期提供证据的，在收到起诉状副本之日起十五日内书面申请（行政诉讼法第三十六条第一款）。",
    )
    evidence_extension_granted = models.BooleanField("法院准许延期提供证据", null=True, blank=True)
    deemed_no_evidence = models.BooleanField(
        "视为没有相应证据",
        default=False,
        help_text="被告不提供或者无正当理由逾期提供证据的，视为没有相应证据（行政诉讼法第三十四条第二款）。",
    )
    next_hearing_on = models.DateField("下次开庭日期", null=True, blank=True)
    # Kept in step with the hearings by the services (IND-07 without a join per case).
    hearing_count = models.PositiveSmallIntegerField("开庭次数", default=0)
    appearance_required = models.BooleanField(
        "法院通知负责人出庭", default=False, help_text="任一次开庭法院通知行政机关负责人出庭。"
    )
    head_appeared = models.BooleanField(
        "负责人出庭", default=False, help_text="本审级至少一次开庭有被诉行政机关负责人出庭。"
    )
    appearance_flagged = models.BooleanField(
        "出庭问题", default=False, help_text="有开庭既无负责人出庭、又无经证明的正当理由。"
    )
    served_on = models.DateField("裁判文书送达日期", null=True, blank=True)
    appellant = models.CharField("上诉人", max_length=12, choices=APPELLANTS, blank=True)
    appealed_on = models.DateField("上诉日期", null=True, blank=True)
    appeal_result = models.CharField("二审结果", max_length=12, choices=APPEAL_RESULTS, blank=True)
    effective_on = models.DateField("生效日期", null=True, blank=True)

    class Meta:
        verbose_name = "行政应诉案件"
        verbose_name_plural = "行政应诉案件"
        indexes = [models.Index(fields=["defendant_agency", "instance"], name="litigation_agency")]

    def __str__(self) -> str:
        return f"{self.case.number} {self.defendant_agency.name}"

    @property
    def is_loss(self) -> bool:
        """败诉 by this deployment's configured outcome set (IND-04; never stored, see selectors)."""
        from fazhi.core.lawconfig import law_config
        from fazhi.law.litigation import counts_as_loss

        return bool(self.case.outcome) and counts_as_loss(self.case.outcome, config=law_config())

    @property
    def is_settled(self) -> bool:
        """调解或撤诉结案 (IND-05)."""
        from fazhi.law.litigation import is_settled

        return bool(self.case.outcome) and is_settled(self.case.outcome)

    @property
    def result_label(self) -> str:
        """败诉 / 调撤 / 未败诉 for the worklist ("" while the first instance runs)."""
        if not self.case.outcome:
            return ""
        return "败诉" if self.is_loss else ("调撤" if self.is_settled else "未败诉")

    @property
    def outcome_basis(self) -> str:
        from fazhi.law.litigation import LitigationOutcome

        return LitigationOutcome(self.case.outcome).basis if self.case.outcome else ""

    def clean(self) -> None:
        if self.copy_received_on and self.filed_on and self.copy_received_on < self.filed_on:
            raise ValidationError({"copy_received_on": "收到起诉状副本日期不能早于立案日期。"})


class LitigationHearing(models.Model):
    """开庭: one hearing of the case and who appeared for the defendant agency — whether that person
    is a 负责人 (XS-16), whether the agency was represented at all (XS-15), and, if no 负责人 came,
    whether the absence was excused with proof (XS-20). ``flagged`` marks hearings the court may
    answer with a 司法建议 (出庭规定 art. 12)."""

    case = models.ForeignKey(
        Case, verbose_name="案件", on_delete=models.CASCADE, related_name="litigation_hearings"
    )
    held_on = models.DateField("开庭日期")
    appearance_required = models.BooleanField("法院通知负责人出庭", default=False)
    notice_served_on = models.DateField("出庭通知书送达日期", null=True, blank=True)
    notice_short = models.BooleanField(
        "通知不足3日", default=False, help_text="出庭通知书未在开庭3日前送达（出庭规定第五条第二款）。"
    )
    appeared_name = models.CharField("出庭人", max_length=50, blank=True)
    appeared_title = models.CharField("出庭人职务", max_length=50, blank=True)
    appeared_position = models.CharField("职务类别", max_length=24, choices=POSITIONS, blank=True)
    counts_as_head = models.BooleanField("属于行政机关负责人", default=False)
    agency_represented = models.BooleanField("行政机关有人出庭", default=False)
    absence_reason = models.CharField("负责人未出庭理由", max_length=24, choices=ABSENCE_REASONS, blank=True)
    absence_proof = models.BooleanField("已提交盖章证明材料", default=False)
    absence_note = models.CharField("未出庭情况说明", max_length=300, blank=True)
    flagged = models.BooleanField("出庭问题", default=False)
    finding = models.TextField("认定及依据", blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = ScopeSpec(path_field="case__org_path", kind_field="case__kind", kind_areas=registry.kind_areas)

    class Meta:
        verbose_name = "开庭及出庭情况"
        verbose_name_plural = "开庭及出庭情况"
        ordering = ["case", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.appeared_name or '无人出庭'}"
