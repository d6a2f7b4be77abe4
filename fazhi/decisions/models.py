"""重大行政决策 (major administrative decisions; 重大行政决策程序暂行条例 2019, DOMAIN.md §2.5): the
annual 目录 approved by the same-level 党委 and published (a register), and each decision in it as a
case of kind "decision" whose detail row records the statutory steps and the flags that make some
of them mandatory. The gate before 集体讨论决定 is `fazhi.law.decisions.missing_steps`."""

from __future__ import annotations

from django.db import models

from fazhi.cases.models import Case
from fazhi.core.history import row_history
from fazhi.core.roles import Area
from fazhi.core.scoping import ScopedQuerySet, ScopeSpec
from fazhi.law import decisions as rules


class MatterType(models.TextChoices):
    """决策事项类别 (条例第三条第一款)."""

    POLICY = "policy", "重大公共政策和措施"
    PLAN = "plan", "重要规划"
    RESOURCES = "resources", "重要自然资源和文化资源开发利用"
    PROJECT = "project", "重大公共建设项目"
    OTHER = "other", "其他重大事项"


class RiskLevel(models.TextChoices):
    LOW = "low", "低风险"
    MEDIUM = "medium", "中风险"
    HIGH = "high", "高风险"


EVALUATION_TRIGGERS = (
    ("effect", "决策实施后明显未达到预期效果"),
    ("objections", "公民、法人或者其他组织提出较多意见"),
    ("organ", "决策机关认为有必要"),
)


class DecisionCatalogue(models.Model):
    """重大行政决策事项目录: the decision body's list of the year's major decisions, approved by the
    same-level 党委 and published (条例第三条第三款); its items are the decision cases."""

    org_unit = models.ForeignKey(
        "core.OrgUnit", verbose_name="决策机关", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("目录名称", max_length=120)
    approved_by = models.CharField("批准机关", max_length=60, help_text="同级党委，如中共杭州市西湖区委。")
    approved_on = models.DateField("党委批准日期", null=True, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    document_number = models.CharField("公布文号", max_length=60, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)

    objects = ScopedQuerySet.as_manager()
    scope = ScopeSpec(area=Area.LEGALITY, org_field="org_unit")
    history = row_history(no_db_index=["org_unit"])

    class Meta:
        verbose_name = "重大行政决策事项目录"
        verbose_name_plural = "重大行政决策事项目录"
        ordering = ["-year", "org_unit"]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "year"], name="decisions_one_catalogue_per_year")
        ]

    def __str__(self) -> str:
        return self.title or f"{self.year}年度重大行政决策事项目录"


class DecisionCase(models.Model):
    """重大行政决策: one decision of a catalogue, handled by its 承办单位 (``Case.org_unit``), with
    the record of each statutory step (公众参与, 听证, 专家论证, 风险评估, 合法性审查, 公平竞争审查,
    集体讨论决定, 公布, 归档, 决策后评估) and the flags that make 专家论证, 风险评估, 公平竞争审查 and
    听证 mandatory. ``Case.received_on`` is the day the decision was started (启动)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="decision", verbose_name="案件")
    catalogue = models.ForeignKey(
        DecisionCatalogue,
        verbose_name="所属目录",
        on_delete=models.PROTECT,
        related_name="items",
        null=True,
        blank=True,
    )
    matter_type = models.CharField("事项类别", max_length=12, choices=MatterType.choices)
    involves_expertise = models.BooleanField(
        "涉及专业性技术性问题", default=False, help_text="须组织专家论证（条例第十九条）。"
    )
    stability_risk = models.BooleanField(
        "可能影响社会稳定或公共安全", default=False, help_text="须开展风险评估（条例第二十二条）。"
    )
    market_activity = models.BooleanField(
        "涉及市场主体经济活动", default=False, help_text="须进行公平竞争审查（条例第二十九条）。"
    )
    hearing_held = models.BooleanField(
        "举行听证", default=False, help_text="听证材料须于听证会7日前送达（条例第十六条）。"
    )
    exploratory_reform = models.BooleanField("探索性改革决策事项", default=False)
    legal_risk_statement = models.TextField(
        "法律风险说明",
        blank=True,
        help_text="探索性改革事项经审查不合法的，须明示法律风险（条例第二十五条）。",
    )
    draft_on = models.DateField("草案拟订日期", null=True, blank=True)
    comment_from = models.DateField("征求意见开始日期", null=True, blank=True)
    comment_until = models.DateField("征求意见截止日期", null=True, blank=True)
    short_comment_reason = models.CharField(
        "征求意见期限少于30日的理由", max_length=300, blank=True, help_text="一般不少于30日（条例第十五条）。"
    )
    comment_count = models.PositiveIntegerField("收到意见（条）", null=True, blank=True)
    comment_adoption = models.TextField("意见采纳情况", blank=True)
    hearing_on = models.DateField("听证会日期", null=True, blank=True)
    hearing_materials_on = models.DateField("听证材料送达日期", null=True, blank=True)
    hearing_done_on = models.DateField("听证会举行日期", null=True, blank=True)
    expertise_on = models.DateField("专家论证日期", null=True, blank=True)
    expert_count = models.PositiveSmallIntegerField("论证专家人数", null=True, blank=True)
    risk_assessed_on = models.DateField("风险评估日期", null=True, blank=True)
    risk_level = models.CharField("风险等级", max_length=8, choices=RiskLevel.choices, blank=True)
    fair_competition_on = models.DateField("公平竞争审查日期", null=True, blank=True)
    fair_competition_conclusion = models.CharField("公平竞争审查结论", max_length=200, blank=True)
    review_case = models.ForeignKey(
        Case,
        verbose_name="合法性审查案件",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"kind": "legality"},
    )
    review_submitted_on = models.DateField("送请合法性审查日期", null=True, blank=True)
    review_allowed_until = models.DateField("留给审查的期限", null=True, blank=True)
    review_done_on = models.DateField("审查意见出具日期", null=True, blank=True)
    review_outcome = models.CharField(
        "合法性审查意见", max_length=12, choices=rules.REVIEW_OUTCOMES, blank=True
    )
    meeting_kind = models.CharField("会议类型", max_length=12, choices=rules.MEETING_KINDS, blank=True)
    meeting_on = models.DateField("集体讨论日期", null=True, blank=True)
    meeting_session = models.CharField("会议名称", max_length=60, blank=True)
    head_spoke_last = models.BooleanField("行政首长最后发表意见", default=False)
    head_position = models.CharField("行政首长决定", max_length=12, choices=rules.HEAD_POSITIONS, blank=True)
    departure_reason = models.TextField("与多数意见不一致的理由", blank=True)
    published_on = models.DateField("决策公布日期", null=True, blank=True)
    publish_channel = models.CharField("公布渠道", max_length=100, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    archive_number = models.CharField("档案号", max_length=40, blank=True)
    evaluated_on = models.DateField("决策后评估日期", null=True, blank=True)
    evaluation_trigger = models.CharField("评估情形", max_length=12, choices=EVALUATION_TRIGGERS, blank=True)

    class Meta:
        verbose_name = "重大行政决策"
        verbose_name_plural = "重大行政决策"

    def __str__(self) -> str:
        return self.case.title

    def facts(self) -> rules.DecisionFacts:
        """What the gate before 集体讨论决定 reads (the legality review as recorded on this row)."""
        return rules.DecisionFacts.of({f.name: getattr(self, f.attname) for f in self._meta.concrete_fields})

    @property
    def missing_steps(self) -> list[rules.Missing]:
        """The statutory steps still missing before 集体讨论决定 (empty: it may be decided)."""
        from fazhi.core.calendar import current_calendar
        from fazhi.core.lawconfig import law_config

        return rules.missing_steps(self.facts(), calendar=current_calendar(), config=law_config())
