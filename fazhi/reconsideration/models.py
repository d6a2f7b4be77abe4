"""行政复议 (administrative reconsideration, 行政复议法 2023): the detail of a reconsideration case
and of a 行政复议意见书 (opinion letter, art. 76), each one-to-one with its engine `Case`.

What the indicators count (REPORT-FIGURES.md, DOMAIN.md IND-01/IND-02) is on these rows and on
`Case`: `decision` (the DOMAIN.md decision codes; equal to `Case.outcome` once closed), the
`fast_track` and `incomplete_intake` flags, the respondent agency; an opinion letter is a `Case`
of kind ``opinion_letter`` whose FY-26 reply deadline is an engine `Deadline`.
"""

from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import models, router

from fazhi.cases.models import Case
from fazhi.law.reconsideration import Decision, ServiceMode
from fazhi.reconsideration.workflow import (
    APPROVALS,
    INSPECTION_KINDS,
    NOT_ACCEPTED_GROUNDS,
    OPINION_RESULTS,
    OPINIONS_HEARD,
    PROCEDURES,
    REVIEW_ROUTES,
    SERVICE_MODES_OF_DECISION,
    SUSPENSION_GROUNDS,
    TERMINATION_GROUNDS,
    URGE_MEASURES,
)


class ActCategory(models.TextChoices):
    """被申请复议的行政行为类别."""

    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    LICENSING = "licensing", "行政许可"
    CONFIRMATION = "confirmation", "行政确认"
    EXPROPRIATION = "expropriation", "行政征收征用"
    INFO_DISCLOSURE = "info_disclosure", "政府信息公开"
    NONPERFORMANCE = "nonperformance", "不履行法定职责"
    AGREEMENT = "agreement", "行政协议"
    WORK_INJURY = "work_injury", "工伤认定"
    OTHER = "other", "其他"


SERVICE_MODE_LABELS = {
    ServiceMode.ON_THE_SPOT: "当场作出",
    ServiceMode.DIRECT: "直接送达",
    ServiceMode.POSTAL: "邮寄送达",
    ServiceMode.ANNOUNCEMENT: "公告送达",
    ServiceMode.SUPPLEMENTARY_NOTICE: "事后补充告知",
    ServiceMode.PROVEN_KNOWLEDGE: "有证据证明申请人知道",
}
SERVICE_MODES = tuple((m.value, SERVICE_MODE_LABELS[m]) for m in ServiceMode)


class PeriodStatus(models.TextChoices):
    """申请期限审查结果 (FY-01 … FY-03)."""

    IN_TIME = "IN_TIME", "在申请期限内"
    LATE = "LATE", "超过申请期限"
    BARRED = "BARRED", "超过最长申请期限"


# Decision codes of DOMAIN.md §2.1 with the labels of fazhi.law; FANGQI is not a decision but the
# recorded end of an application whose 补正 never came (art. 31.2), so it is an outcome only.
DECISIONS = tuple((d.value, d.label) for d in Decision)


# 行政复议法 art. 24.1(1): the county-level government handles applications against its 工作部门, the
# 乡镇人民政府 below it and its 派出机关 (街道办事处) — 镇, 乡 and 街道 alike.
RESPONDENT_KINDS = ("department", "subdistrict", "town", "township")

EXTENSION_BOUND = "recon_extension_at_most_30_days"  # 延长期限最多不得超过三十日 (art. 62)


class ReconsiderationCase(models.Model):
    """行政复议案件: the contested act and the application-period check (with its basis), the
    respondent agency, procedure, 补正 and 容缺接收, the 涉企 fast track, hearing, suspension and
    extension, and the decision (DOMAIN.md decision codes) with its 文号."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="reconsideration", verbose_name="案件"
    )
    # --- the contested act (被申请复议的行政行为) and the application period (FY-01 … FY-04)
    act_description = models.CharField("被申请复议的行政行为", max_length=300)
    act_category = models.CharField(
        "行为类别", max_length=20, choices=ActCategory.choices, default=ActCategory.OTHER
    )
    act_date = models.DateField("行政行为作出日期", null=True, blank=True)
    service_mode = models.CharField("告知或送达方式", max_length=24, choices=SERVICE_MODES)
    service_date = models.DateField(
        "送达或知道日期", help_text="送达方式所指的日期：作出、签收、公告期满、补充告知或证明知道之日"
    )
    not_informed = models.BooleanField(
        "行政机关未告知复议权利、复议机关和申请期限", default=False, help_text="行政复议法第二十条第三款"
    )
    learned_rights_on = models.DateField("知道复议权利、复议机关和期限之日", null=True, blank=True)
    immovable = models.BooleanField(
        "因不动产提出申请", default=False, help_text="最长申请期限二十年（第二十一条）"
    )
    mailed_on = models.DateField(
        "邮寄申请日期（邮戳）",
        null=True,
        blank=True,
        help_text="邮寄的申请以邮戳日期为提出申请之日（在途时间不计）",
    )
    amount_involved = models.DecimalField(
        "涉及款额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    compensation_requested = models.BooleanField("一并提出行政赔偿请求", default=False)
    knew_on = models.DateField("申请期限起算日", null=True, blank=True, editable=False)
    start_basis = models.CharField("起算依据", max_length=300, blank=True, editable=False)
    period_status = models.CharField(
        "申请期限审查", max_length=8, choices=PeriodStatus.choices, blank=True, editable=False
    )
    period_deadline = models.DateField("申请期限届满日", null=True, blank=True, editable=False)
    period_bar_date = models.DateField("最长申请期限届满日", null=True, blank=True, editable=False)
    period_basis = models.CharField("申请期限依据", max_length=300, blank=True, editable=False)
    period_explanation = models.CharField("申请期限审查说明", max_length=500, blank=True, editable=False)
    period_reasons = models.TextField("申请期限审查理由", blank=True, editable=False)
    period_provisional = models.BooleanField("申请期限暂定", default=False, editable=False)
    late_reason = models.TextField("逾期申请的正当理由", blank=True)
    # 申请书 (行政复议法 art. 22): the request is the case's title; the main facts and reasons here.
    facts_and_reasons = models.TextField("主要事实和理由", blank=True)
    # --- respondent (被申请人): a district department, also a Party of the case
    respondent_agency = models.ForeignKey(
        "core.OrgUnit",
        verbose_name="被申请人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind__in": RESPONDENT_KINDS},
    )
    respondent_is_department = models.BooleanField(
        "被申请人是本级人民政府工作部门",
        default=False,
        editable=False,
        help_text="决定书、意见书应当抄告其上一级主管部门（第七十九条第二款）",
    )
    respondent_name = models.CharField("被申请人名称", max_length=100, blank=True, editable=False)
    # --- acceptance: 补正 (art. 31), 容缺接收, deemed acceptance (art. 30.3)
    correction_items = models.TextField("补正事项", blank=True)
    correction_notice_on = models.DateField("补正通知日期", null=True, blank=True)
    correction_notice_received_on = models.DateField("申请人收到补正通知日期", null=True, blank=True)
    correction_supplied_on = models.DateField("收到补正材料日期", null=True, blank=True)
    incomplete_intake = models.BooleanField(
        "容缺接收", default=False, help_text="涉企案件材料暂缺先行接收，事后补齐"
    )
    missing_items = models.TextField("容缺材料", blank=True)
    supplement_received_on = models.DateField("容缺材料补齐日期", null=True, blank=True)
    correction_due_on = models.DateField("补正期限届满日", null=True, blank=True)
    correction_mailed_on = models.DateField(
        "补正材料邮寄日期（邮戳）",
        null=True,
        blank=True,
        help_text="期限届满前交邮的，不算过期（民事诉讼法第八十五条第四款，行政复议法第八十八条）",
    )
    deemed_accepted = models.BooleanField("视为受理", default=False)
    from_ledger = models.BooleanField(
        "台账导入",
        default=False,
        editable=False,
        help_text="历史台账导入的案件：台账未记载的办理环节（听取意见、负责人同意等）不作要求",
    )
    not_accepted_ground = models.CharField(
        "不予受理/驳回申请理由", max_length=16, choices=NOT_ACCEPTED_GROUNDS, blank=True
    )
    competent_body = models.CharField("告知的有管辖权的复议机关", max_length=100, blank=True)
    # --- procedure (arts. 53–55)
    procedure = models.CharField("审理程序", max_length=12, choices=PROCEDURES, default="ordinary")
    simplified_reasons = models.TextField("适用简易程序的理由", blank=True)
    converted_on = models.DateField("转为普通程序日期", null=True, blank=True)
    conversion_approved_by = models.CharField("转换批准人", max_length=50, blank=True)
    # --- enterprise fast track (快收快调快审快执)
    fast_track = models.BooleanField("涉企快速通道", default=False, help_text="与案件“涉企”标记一致")
    internal_due = models.DateField(
        "内部目标日", null=True, blank=True, editable=False, help_text="快速通道最近的内部办理目标日"
    )
    # --- respondent's reply (arts. 48, 54, 70)
    respondent_copy_sent_on = models.DateField("发送申请书副本日期", null=True, blank=True)
    respondent_received_on = models.DateField("被申请人收到副本日期", null=True, blank=True)
    reply_received_on = models.DateField("收到答复日期", null=True, blank=True)
    reply_lapsed = models.BooleanField(
        "被申请人逾期未答复", default=False, help_text="视为该行政行为没有证据、依据（第七十条）"
    )
    reply_without_evidence = models.BooleanField(
        "答复未提交证据、依据",
        default=False,
        help_text="未提交作出行政行为的证据、依据和其他有关材料的，视为没有证据、依据（第七十条）",
    )
    # --- hearing (arts. 50, 51), mediation (arts. 5, 73)
    hearing_on = models.DateField("听证日期", null=True, blank=True)
    hearing_notified_on = models.DateField("听证通知日期", null=True, blank=True)
    hearing_held_on = models.DateField("举行听证日期", null=True, blank=True)
    mediation_started_on = models.DateField("开始调解日期", null=True, blank=True)
    # --- suspension (art. 39) and extension (art. 62)
    suspension_ground = models.CharField("中止事由", max_length=2, choices=SUSPENSION_GROUNDS, blank=True)
    suspended_on = models.DateField("中止日期", null=True, blank=True)
    resumed_on = models.DateField("恢复审理日期", null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField("延长审理天数", default=0)
    extension_approved_by = models.CharField("延长批准人（复议机构负责人）", max_length=50, blank=True)
    extension_notified_on = models.DateField("延长书面告知日期", null=True, blank=True)
    # --- 附带审查 of a 规范性文件 or 依据 (arts. 56–60; FY-17 … FY-21)
    review_route = models.CharField("附带审查处理方式", max_length=8, choices=REVIEW_ROUTES, blank=True)
    rule_maker = models.CharField("制定机关", max_length=100, blank=True)
    rule_maker_notified_on = models.DateField("通知制定机关日期", null=True, blank=True)
    rule_maker_received_on = models.DateField("制定机关收到通知日期", null=True, blank=True)
    rule_maker_replied_on = models.DateField("制定机关答复日期", null=True, blank=True)
    review_authority = models.CharField("接受转送的有权机关", max_length=100, blank=True)
    review_transferred_on = models.DateField("转送日期", null=True, blank=True)
    review_result = models.TextField("附带审查处理结果", blank=True)
    review_concluded_on = models.DateField("附带审查处理完毕日期", null=True, blank=True)
    # --- 勘验、鉴定 (实施条例 2007 arts. 34.3, 37): time not counted in the decision period
    inspection_kind = models.CharField("勘验/鉴定", max_length=12, choices=INSPECTION_KINDS, blank=True)
    inspection_started_on = models.DateField("勘验/鉴定开始日期", null=True, blank=True)
    inspection_ended_on = models.DateField("勘验/鉴定结束日期", null=True, blank=True)
    # --- before the decision (arts. 49, 50, 52, 61)
    opinions_heard = models.CharField("听取当事人意见", max_length=8, choices=OPINIONS_HEARD, blank=True)
    major_complex = models.BooleanField(
        "重大、疑难、复杂案件", default=False, help_text="应当组织听证（第五十条第一款）"
    )
    technical = models.BooleanField("专业性、技术性较强", default=False, help_text="第五十二条第二款第二项")
    committee_consulted = models.BooleanField("已提请行政复议委员会提出咨询意见", default=False)
    approval = models.CharField("决定的审批", max_length=12, choices=APPROVALS, blank=True)
    # --- the outcome
    decision = models.CharField("决定类型", max_length=16, choices=DECISIONS, blank=True)
    compensation_ordered = models.BooleanField("决定赔偿", default=False, help_text="第七十二条")
    redo_ordered = models.BooleanField("责令重新作出行政行为", default=False, help_text="第六十四条")
    termination_ground = models.CharField("终止事由", max_length=2, choices=TERMINATION_GROUNDS, blank=True)
    decision_number = models.CharField("决定书文号", max_length=60, blank=True)
    decision_summary = models.TextField("决定/结案摘要", blank=True)
    # --- service (art. 75) and 抄告 (art. 79)
    decision_served_on = models.DateField("决定书送达日期", null=True, blank=True)
    decision_service_mode = models.CharField(
        "决定书送达方式", max_length=12, choices=SERVICE_MODES_OF_DECISION, blank=True
    )
    copied_to_superior = models.CharField("抄告的上一级主管部门", max_length=100, blank=True)
    copied_to_superior_on = models.DateField("抄告日期", null=True, blank=True)

    class Meta:
        verbose_name = "行政复议案件"
        verbose_name_plural = "行政复议案件"
        indexes = [
            models.Index(fields=["decision"], name="recon_decision"),
            models.Index(fields=["fast_track", "internal_due"], name="recon_fast_track"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(extension_days__lte=30), name=EXTENSION_BOUND)
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.act_description}"

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        """The model's constraints, as Django checks them — but the bound on `extension_days`
        evaluated here (for speed: Django asks the database once per row, and every receipt and
        every planned case of a bulk import validates its new row)."""
        errors: dict[str, list[ValidationError]] = {}
        for constraint in self._meta.constraints:
            if constraint.name == EXTENSION_BOUND:
                if exclude and "extension_days" in exclude:
                    continue
                if self.extension_days is not None and self.extension_days > 30:
                    error = ValidationError(
                        constraint.get_violation_error_message(), code=constraint.violation_error_code
                    )
                    errors = error.update_error_dict(errors)
                continue
            try:
                constraint.validate(type(self), self, exclude=exclude, using=router.db_for_write(type(self)))
            except ValidationError as e:
                errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    @property
    def is_corrective(self) -> bool:
        """纠错决定 (IND-01 numerator)."""
        from fazhi.core.lawconfig import law_config
        from fazhi.law.reconsideration import corrective

        return self.decision in corrective(law_config())

    @property
    def fast_track_rows(self) -> list[dict]:
        """The fast track's internal targets beside the statutory deadlines (for the case page)."""
        from fazhi.reconsideration.services import internal_targets  # services import this module

        return internal_targets(self.case)

    @property
    def period_reason_lines(self) -> list[str]:
        return [line for line in self.period_reasons.splitlines() if line]

    @property
    def supplement_pending(self) -> bool:
        """容缺接收而材料尚未补齐."""
        return self.incomplete_intake and self.supplement_received_on is None


class OpinionLetter(models.Model):
    """行政复议意见书 (行政复议法 art. 76): issued while handling a reconsideration case (linked by
    CaseLink) to the respondent or another lower agency; the recipient reports its correction within
    60 days of receipt (FY-26, an engine deadline on this case)."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="opinion_letter", verbose_name="案件"
    )
    recipient = models.ForeignKey(
        "core.OrgUnit",
        verbose_name="收文机关",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind__in": RESPONDENT_KINDS},
    )
    domain = models.CharField("执法领域", max_length=50, blank=True)
    problems = models.TextField("发现的违法或不当问题")
    suggestions = models.TextField("纠正意见和建议")
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    replied_on = models.DateField("收到纠正情况报告日期", null=True, blank=True)
    result = models.CharField("回复结果", max_length=12, choices=OPINION_RESULTS, blank=True)
    reply_summary = models.TextField("纠正情况", blank=True)
    urged_on = models.DateField("督促履行日期", null=True, blank=True)
    urge_measure = models.CharField("督促措施", max_length=12, choices=URGE_MEASURES, blank=True)

    class Meta:
        verbose_name = "行政复议意见书"
        verbose_name_plural = "行政复议意见书"

    def __str__(self) -> str:
        return f"{self.case.number} → {self.recipient}"
