"""合法性审查 (legality review): the detail of a review case (a matter a unit submitted, the review
time it allowed, the opinion and its adoption), the expert opinions given on it, and the line's
registers — 法治审查员, reviewer trainings, the expert pool and the 专报 that cite reviews.

What the indicators count (legality.*) is read from these rows and the case's own columns; see
fazhi.indicators.definitions.register_legality.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from fazhi.cases import registry
from fazhi.cases.models import Case
from fazhi.core.history import row_history
from fazhi.core.roles import Area
from fazhi.core.scoping import ScopedQuerySet, ScopeSpec
from fazhi.legality.workflow import ADOPTIONS, EXPERT_KINDS, MATTERS


class LegalityReview(models.Model):
    """合法性审查事项: what was submitted (事项类型, 送审单位, 送审人), the day the submitter asked the
    opinion by (the review time it allowed, DOMAIN.md §2.7), 补充材料, the opinion (合法 / 修改后合法 /
    不合法 on ``Case.outcome``, with reasons and the articles relied on) and the submitter's 采纳情况.

    ``Case.received_on`` is the day of submission; ``Case.org_unit`` the reviewing unit (the
    district's 合法性审查中心, a 镇街's own reviewers, or a department's legal office)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="legality", verbose_name="案件")
    matter_type = models.CharField("送审事项类型", max_length=16, choices=MATTERS)
    submitting_unit = models.ForeignKey(
        "core.OrgUnit",
        verbose_name="送审单位",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="起草或承办事项、提请审查的单位；该单位的工作人员可以查看本单位送审的事项。",
    )
    submitter_name = models.CharField("送审联系人", max_length=50, blank=True)
    opinion_requested_by = models.DateField(
        "要求反馈意见日期",
        null=True,
        blank=True,
        help_text="送审单位应当留出必要的审查时间：重大行政决策草案一般不少于7个工作日，规范性文件草案按配置（默认15个工作日）。",
    )
    review_days = models.PositiveSmallIntegerField("审查时间（工作日）", default=0)
    materials_requested_on = models.DateField("要求补充材料日期", null=True, blank=True)
    materials_requested = models.TextField("需补充的材料", blank=True)
    materials_received_on = models.DateField("收到补充材料日期", null=True, blank=True)
    expert_consulted = models.BooleanField("听取专家/法律顾问意见", default=False)
    reviewed_on = models.DateField("出具审查意见日期", null=True, blank=True, db_index=True)
    opinion = models.TextField("审查意见及理由", blank=True)
    articles = models.CharField("依据的法律条款", max_length=500, blank=True)
    adoption = models.CharField("采纳情况", max_length=12, choices=ADOPTIONS, blank=True)
    adoption_reason = models.TextField("未采纳或部分采纳的理由", blank=True)
    feedback_on = models.DateField("反馈日期", null=True, blank=True)

    history = row_history(no_db_index=["submitting_unit"])

    class Meta:
        verbose_name = "合法性审查事项"
        verbose_name_plural = "合法性审查事项"
        indexes = [models.Index(fields=["submitting_unit", "matter_type"], name="legality_submitter")]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_matter_type_display()}"

    def clean(self) -> None:
        if self.opinion_requested_by and self.case_id and self.opinion_requested_by <= self.case.received_on:
            raise ValidationError({"opinion_requested_by": "要求反馈意见的日期应晚于送审日期。"})


class ExpertOpinion(models.Model):
    """专家论证 / 法律顾问、公职律师意见 given on a review where the reviewing body asked for it
    (重大行政决策程序暂行条例 art. 28)."""

    case = models.ForeignKey(
        Case, verbose_name="审查事项", on_delete=models.CASCADE, related_name="legality_expert_opinions"
    )
    given_on = models.DateField("提出日期")
    kind = models.CharField("意见提出人类别", max_length=16, choices=EXPERT_KINDS)
    name = models.CharField("姓名", max_length=50)
    expert = models.ForeignKey(
        "legality.LegalityExpert",
        verbose_name="专家库成员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinions",
    )
    opinion = models.TextField("论证/咨询意见")

    objects = ScopedQuerySet.as_manager()
    scope = ScopeSpec(path_field="case__org_path", kind_field="case__kind", kind_areas=registry.kind_areas)

    class Meta:
        verbose_name = "专家/法律顾问意见"
        verbose_name_plural = "专家/法律顾问意见"
        ordering = ["case", "given_on", "id"]

    def __str__(self) -> str:
        return f"{self.given_on} {self.name}"


class Qualification(models.TextChoices):
    """法治审查员的法律专业背景."""

    LAW_DEGREE = "law_degree", "法学学历"
    PROFESSION = "profession", "法律职业资格"
    BOTH = "both", "法学学历及法律职业资格"
    NONE = "none", "无"


QUALIFIED = (Qualification.LAW_DEGREE, Qualification.PROFESSION, Qualification.BOTH)


class LegalityReviewer(models.Model):
    """法治审查员: a reviewer of the district centre, a 镇街 or a department, with their legal
    qualification (the report: every 镇街 has at least one reviewer with a law degree or 法律职业资格)."""

    name = models.CharField("姓名", max_length=50)
    org_unit = models.ForeignKey(
        "core.OrgUnit", verbose_name="所在单位", on_delete=models.PROTECT, related_name="legality_reviewers"
    )
    qualification = models.CharField("法律专业背景", max_length=12, choices=Qualification.choices)
    position = models.CharField("职务", max_length=50, blank=True)
    appointed_on = models.DateField("确定为审查员日期")
    left_on = models.DateField("退出日期", null=True, blank=True)
    active = models.BooleanField("在册", default=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="平台账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_demo = models.BooleanField("演示数据", default=False)

    objects = ScopedQuerySet.as_manager()
    scope = ScopeSpec(area=Area.LEGALITY, org_field="org_unit")
    history = row_history(no_db_index=["org_unit", "user"])

    class Meta:
        verbose_name = "法治审查员"
        verbose_name_plural = "法治审查员"
        ordering = ["org_unit__path", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_qualified(self) -> bool:
        return self.qualification in QUALIFIED


class LegalityTraining(models.Model):
    """审查员培训: one session for the reviewers, with its attendance (the report: 3 次, 170余人次)."""

    held_on = models.DateField("培训日期")
    title = models.CharField("培训主题", max_length=200)
    org_unit = models.ForeignKey(
        "core.OrgUnit", verbose_name="主办单位", on_delete=models.PROTECT, related_name="+"
    )
    attendance = models.PositiveIntegerField("参训人次")
    note = models.CharField("备注", max_length=300, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)

    objects = ScopedQuerySet.as_manager()
    scope = ScopeSpec(area=Area.LEGALITY, org_field="org_unit")
    history = row_history(no_db_index=["org_unit"])

    class Meta:
        verbose_name = "审查员培训"
        verbose_name_plural = "审查员培训"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class LegalityExpert(models.Model):
    """合法性审查专家库: experts, legal advisers and 公职律师 the reviewing body may consult."""

    name = models.CharField("姓名", max_length=50)
    kind = models.CharField("类别", max_length=16, choices=EXPERT_KINDS)
    employer = models.CharField("工作单位", max_length=100)
    speciality = models.CharField("专业领域", max_length=100, blank=True)
    org_unit = models.ForeignKey(
        "core.OrgUnit", verbose_name="管理单位", on_delete=models.PROTECT, related_name="+"
    )
    joined_on = models.DateField("入库日期")
    left_on = models.DateField("出库日期", null=True, blank=True)
    active = models.BooleanField("在库", default=True)
    is_demo = models.BooleanField("演示数据", default=False)

    objects = ScopedQuerySet.as_manager()
    scope = ScopeSpec(area=Area.LEGALITY, org_field="org_unit")
    history = row_history(no_db_index=["org_unit"])

    class Meta:
        verbose_name = "合法性审查专家"
        verbose_name_plural = "合法性审查专家库"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"


class LegalityBulletin(models.Model):
    """合法性审查专报: an issue summarising reviews (the report: 专报 3 期), citing the review cases."""

    issue = models.CharField("期号", max_length=30)
    title = models.CharField("标题", max_length=200)
    issued_on = models.DateField("印发日期")
    org_unit = models.ForeignKey(
        "core.OrgUnit", verbose_name="编发单位", on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField("主要内容", blank=True)
    reviews = models.ManyToManyField(
        Case,
        verbose_name="引用的审查事项",
        related_name="legality_bulletins",
        blank=True,
        limit_choices_to={"kind": "legality"},
    )
    is_demo = models.BooleanField("演示数据", default=False)

    objects = ScopedQuerySet.as_manager()
    scope = ScopeSpec(area=Area.LEGALITY, org_field="org_unit")
    history = row_history(no_db_index=["org_unit"])

    class Meta:
        verbose_name = "合法性审查专报"
        verbose_name_plural = "合法性审查专报"
        ordering = ["-issued_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["org_unit", "issue"], name="legality_bulletin_issue")]

    def __str__(self) -> str:
        return f"{self.issue} {self.title}"
