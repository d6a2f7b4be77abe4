"""The assistant's records: the bureau's own knowledge (guides, FAQs, service entries), the index
builds with their progress, and the question log (masked: the raw question is never stored)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from fazhi.core.history import row_history


class DocumentKind(models.TextChoices):
    GUIDE = "guide", "合规指引"
    FAQ = "faq", "常见问题"
    SERVICE = "service", "服务事项"


class DocumentStatus(models.TextChoices):
    PUBLISHED = "published", "已发布"
    DRAFT = "draft", "草稿"
    RETIRED = "retired", "已停用"


class KnowledgeDocument(models.Model):
    """知识文档: the bureau's own material the assistant answers from (a compliance guide, an FAQ,
    a service entry). Only published documents are indexed; each change is kept in the row history
    and takes effect at the next index build."""

    title = models.CharField("标题", max_length=200, unique=True)
    kind = models.CharField("类型", max_length=10, choices=DocumentKind.choices, default=DocumentKind.GUIDE)
    text = models.TextField("正文", help_text="可用“一、”“（一）”或 # 标题分节；每节是一段可检索的内容。")
    url = models.CharField("链接", max_length=300, blank=True, help_text="可选：原文或办事页面的地址")
    status = models.CharField(
        "状态", max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.PUBLISHED
    )
    is_demo = models.BooleanField("演示数据", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="更新人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = row_history()

    class Meta:
        verbose_name = "知识文档"
        verbose_name_plural = "知识文档"
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return self.title


class BuildState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "构建中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class IndexBuild(models.Model):
    """索引构建: one rebuild of the assistant's index (laws, the bureau's rules and documents, the
    service sites), run in the background; its progress, figures (counts, seconds) and error."""

    state = models.CharField("状态", max_length=10, choices=BuildState.choices, default=BuildState.QUEUED)
    step = models.CharField("当前步骤", max_length=50, blank=True)
    done = models.PositiveIntegerField("已处理", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    figures = models.JSONField("构建结果", default=dict, blank=True)
    error = models.TextField("错误", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("发起时间", default=timezone.now)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "索引构建"
        verbose_name_plural = "索引构建"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"索引构建 {self.created_at:%Y-%m-%d %H:%M}（{self.get_state_display()}）"

    @property
    def running(self) -> bool:
        return self.state in (BuildState.QUEUED, BuildState.RUNNING)

    @property
    def percent(self) -> int:
        if self.state == BuildState.DONE:
            return 100
        return min(99, int(self.done * 100 / self.total)) if self.total else 0


class Route(models.TextChoices):
    LEGAL_AID = "legal_aid", "法律援助"
    MEDIATION = "mediation", "人民调解"
    RECONSIDERATION = "reconsideration", "行政复议"
    LABOUR = "labour", "劳动争议"
    ENTERPRISE = "enterprise", "企业服务"
    CONSULTATION = "consultation", "法律咨询"


class Channel(models.TextChoices):
    PORTAL = "portal", "门户"
    WORKBENCH = "workbench", "工作台"
    API = "api", "数据接口"
    CLI = "cli", "命令行"


class Feedback(models.TextChoices):
    NONE = "", "未评价"
    HELPFUL = "helpful", "有帮助"
    UNHELPFUL = "unhelpful", "没帮助"


class Question(models.Model):
    """问答记录: one question asked and what was answered — the question with personal data masked
    (ID numbers, phones, names, addresses: the raw text is never stored), the route, the keys of
    the passages cited, the top score, whether anything relevant was found, and the asker's
    feedback (有帮助 / 没帮助)."""

    text = models.TextField("问题（已脱敏）")
    route = models.CharField("分流", max_length=20, choices=Route.choices, blank=True)
    answer_keys = models.JSONField("引用条文", default=list, blank=True)
    top_score = models.FloatField("最高相关度", default=0.0)
    answered = models.BooleanField("找到相关规定", default=False)
    generated = models.BooleanField("生成式回答", default=False)
    feedback = models.CharField("评价", max_length=10, choices=Feedback.choices, blank=True, default="")
    feedback_note = models.CharField("评价说明（已脱敏）", max_length=300, blank=True)
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    asked_on = models.DateField("所问日期", null=True, blank=True)
    created_at = models.DateTimeField("提问时间", default=timezone.now, db_index=True)
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提问人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "问答记录"
        verbose_name_plural = "问答记录"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["answered", "feedback", "created_at"], name="assistant_q_topic")]

    def __str__(self) -> str:
        return self.text[:40]
