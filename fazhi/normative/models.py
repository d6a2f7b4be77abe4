"""行政规范性文件 (normative documents): the district's register of documents, their dual filing
(区人大常委会 GF-03, 市政府 GF-04) and the two-yearly clean-up campaign (GF-06)."""

from __future__ import annotations

from datetime import date

from django.db import models

from fazhi.core.history import row_history
from fazhi.core.models.org import TOWNSHIP_KINDS
from fazhi.core.scoping import ScopedQuerySet, ScopeSpec


class DocStatus(models.TextChoices):
    """文件状态 (GF-06's published list)."""

    VALID = "valid", "有效"
    REVISING = "revising", "拟修改"
    REPEALED = "repealed", "废止"
    EXPIRED = "expired", "失效"


class Level(models.TextChoices):
    DISTRICT = "district", "区本级"
    TOWNSHIP = "township", "镇街"


class NormativeDocument(models.Model):
    """行政规范性文件: one document of the district's register (制定机关, 文号, dates, 有效期,
    status, the legality review it went through, the collective decision and its filings)."""

    org_unit = models.ForeignKey(
        "core.OrgUnit", verbose_name="制定机关", on_delete=models.PROTECT, related_name="+"
    )
    org_path = models.CharField(max_length=400, editable=False)
    level = models.CharField(
        "层级", max_length=10, choices=Level.choices, default=Level.DISTRICT, editable=False
    )
    doc_number = models.CharField("文号", max_length=50, unique=True, help_text="例如：西政发〔2024〕12号")
    title = models.CharField("标题", max_length=200)
    meeting = models.CharField(
        "集体讨论决定", max_length=100, blank=True, help_text="例如：区政府第45次常务会议"
    )
    decided_on = models.DateField("集体讨论日期", null=True, blank=True)
    published_on = models.DateField("公布日期")
    effective_on = models.DateField("施行日期", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True, help_text="不填表示未规定有效期")
    review = models.ForeignKey(
        "cases.Case",
        verbose_name="合法性审查案件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "legality"},
    )
    reviewed_on = models.DateField(
        "合法性审查日期", null=True, blank=True, help_text="出具合法性审查意见的日期"
    )
    status = models.CharField("状态", max_length=10, choices=DocStatus.choices, default=DocStatus.VALID)
    npc_filed_on = models.DateField(
        "报区人大常委会备案日期",
        null=True,
        blank=True,
        help_text="镇街制定的文件：报乡镇人大主席团/人大街道工委备案的日期",
    )
    city_filed_on = models.DateField("报市政府备案日期", null=True, blank=True)
    # Computed from fazhi.law.normative when saved (stored so the indicators filter in SQL).
    npc_due = models.DateField("报人大备案期限", null=True, editable=False)
    city_due = models.DateField("报市政府备案期限", null=True, editable=False)
    filed_on_time = models.BooleanField("按时报备", null=True, editable=False)
    ended_on = models.DateField("废止/失效日期", null=True, blank=True)
    end_reason = models.CharField("废止/失效原因", max_length=200, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)

    objects = ScopedQuerySet.as_manager()
    scope = ScopeSpec(area="legality", path_field="org_path")
    history = row_history(no_db_index=["org_unit", "review"])

    class Meta:
        verbose_name = "行政规范性文件"
        verbose_name_plural = "行政规范性文件"
        ordering = ["-published_on", "-pk"]
        indexes = [models.Index(fields=["published_on"]), models.Index(fields=["ended_on"])]

    def __str__(self) -> str:
        return f"{self.title}（{self.doc_number}）"

    def save(self, *args, **kwargs):
        self.org_path = self.org_unit.path
        self.level = Level.TOWNSHIP if self.org_unit.kind in TOWNSHIP_KINDS else Level.DISTRICT
        if self.published_on:
            dues = {f.body: f.due for f in self.filings()}
            self.npc_due, self.city_due = dues.get("npc"), dues.get("city")
            filed = [(self.filed_on(b), d) for b, d in dues.items()]
            if all(on is not None for on, _ in filed):
                self.filed_on_time = all(on <= d for on, d in filed)  # type: ignore[operator]
            else:
                self.filed_on_time = None
        super().save(*args, **kwargs)

    @property
    def in_force(self) -> bool:
        return self.status in (DocStatus.VALID, DocStatus.REVISING)

    def filings(self):
        """The filings the document owes (fazhi.law.normative.Filing: body, rule, due, basis)."""
        from fazhi.core.lawconfig import law_config
        from fazhi.law.normative import filings

        return filings(self.published_on, self.level, config=law_config())

    def filed_on(self, body: str) -> date | None:
        return self.npc_filed_on if body == "npc" else self.city_filed_on


class CampaignStatus(models.TextChoices):
    OPEN = "open", "清理中"
    PUBLISHED = "published", "已公布"


class CleanupResultCode(models.TextChoices):
    """清理结论 (GF-06)."""

    KEEP = "keep", "继续有效"
    REVISE = "revise", "修改"
    REPEAL = "repeal", "废止"
    EXPIRE = "expire", "失效"


class CleanupCampaign(models.Model):
    """规范性文件清理: a clean-up of the whole register (every two years, GF-06); each document in
    force when it starts gets a result, and the list of results is published."""

    title = models.CharField("清理名称", max_length=100)
    org_unit = models.ForeignKey(
        "core.OrgUnit", verbose_name="组织单位", on_delete=models.PROTECT, related_name="+"
    )
    org_path = models.CharField(max_length=400, editable=False)
    started_on = models.DateField("启动日期")
    published_on = models.DateField("清理结果公布日期", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    is_demo = models.BooleanField("演示数据", default=False)

    objects = ScopedQuerySet.as_manager()
    scope = ScopeSpec(area="legality", path_field="org_path")
    history = row_history(no_db_index=["org_unit"])

    class Meta:
        verbose_name = "规范性文件清理"
        verbose_name_plural = "规范性文件清理"
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.org_path = self.org_unit.path
        super().save(*args, **kwargs)


class CleanupResult(models.Model):
    """清理结论: what a clean-up decided for one document (applied to the register when published)."""

    campaign = models.ForeignKey(
        CleanupCampaign, verbose_name="清理", on_delete=models.CASCADE, related_name="results"
    )
    document = models.ForeignKey(
        NormativeDocument, verbose_name="文件", on_delete=models.PROTECT, related_name="cleanup_results"
    )
    result = models.CharField("清理结论", max_length=10, choices=CleanupResultCode.choices)
    note = models.CharField("说明", max_length=200, blank=True)

    history = row_history(no_db_index=["campaign", "document"])

    class Meta:
        verbose_name = "清理结论"
        verbose_name_plural = "清理结论"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "document"], name="normative_cleanup_one_result")
        ]

    def __str__(self) -> str:
        return f"{self.document.doc_number}：{self.get_result_display()}"
