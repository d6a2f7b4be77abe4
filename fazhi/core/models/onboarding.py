"""接入任务: onboarding a county as a background job, with its progress and report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from fazhi.core.pii import EncryptedTextField


class OnboardingStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class OnboardingJob(models.Model):
    """接入任务: one run of 接入新的区县 started from the admin page — the county, the department
    file and the user sheet it was given, its progress (step, rows done) and its report. The new
    users' initial passwords are kept encrypted only until the page shows them once; the user
    sheet (personal data) is deleted when the run ends."""

    county = models.CharField("县级区划代码", max_length=6)
    under_city = models.BooleanField("置于所属地市之下", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    heartbeat_at = models.DateTimeField("最近进展", auto_now=True, null=True)
    status = models.CharField(
        "状态", max_length=12, choices=OnboardingStatus.choices, default=OnboardingStatus.PENDING
    )
    step = models.CharField("当前步骤", max_length=60, blank=True)
    total = models.PositiveIntegerField("用户表行数", default=0)
    processed = models.PositiveIntegerField("已处理行数", default=0)
    departments = models.TextField("部门文件", blank=True)
    users_file = models.FileField("用户表", upload_to="onboarding/", blank=True)
    users_name = models.CharField("用户表文件名", max_length=200, blank=True)
    report = models.JSONField("结果", default=dict, blank=True)  # {"lines": [...]}
    # [[username, password], …] as JSON, encrypted; emptied once the page has shown it.
    passwords = EncryptedTextField("初始密码（加密，显示一次后删除）")
    passwords_shown = models.BooleanField("初始密码已显示", default=False)
    error = models.TextField("错误", blank=True)

    class Meta:
        verbose_name = "区县接入任务"
        verbose_name_plural = "区县接入任务"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"接入 {self.county}（{self.get_status_display()}）"

    @property
    def running(self) -> bool:
        return self.status in (OnboardingStatus.PENDING, OnboardingStatus.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == OnboardingStatus.DONE:
            return 100
        # The tree is the first half of the work, the user sheet the second.
        tree = 50 if self.step == "导入用户" else 0
        users = int(self.processed * 50 / self.total) if self.total else 0
        return min(99, tree + users)

    @property
    def waiting_seconds(self) -> int:
        if self.status != OnboardingStatus.PENDING or self.created_at is None:
            return 0
        return max(0, int((timezone.now() - self.created_at).total_seconds()))
