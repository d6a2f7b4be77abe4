"""The demo build's progress (演示数据生成进度): one row that `fazhi demo` writes while it builds
and the workbench reads (home page, 驾驶舱), so a newcomer can use the platform while the demo
dataset is still being generated in the background."""

from __future__ import annotations

from django.db import models


class BuildState(models.TextChoices):
    RUNNING = "running", "正在生成"
    DONE = "done", "已完成"
    FAILED = "failed", "生成失败"
    INTERRUPTED = "interrupted", "已中断"


class DemoBuild(models.Model):
    """演示数据生成: the state of the (single) demo build, row pk=1."""

    state = models.CharField("状态", max_length=12, choices=BuildState.choices, default=BuildState.RUNNING)
    step = models.CharField("当前步骤", max_length=40, blank=True, help_text="如“人民调解 2024年”")
    phase = models.CharField("当前环节", max_length=40, blank=True, help_text="如“法律咨询 2024”")
    done = models.PositiveIntegerField("本环节已完成", default=0)
    total = models.PositiveIntegerField("本环节共计", default=0)
    percent = models.PositiveSmallIntegerField("总进度（%）", default=0)
    steps_done = models.JSONField("已完成的步骤", default=list, help_text="[[步骤, 秒], …]")
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    updated_at = models.DateTimeField("最近更新", auto_now=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    pid = models.PositiveIntegerField("进程号", null=True, blank=True)
    host = models.CharField("主机", max_length=100, blank=True)
    error = models.TextField("错误", blank=True)

    class Meta:
        verbose_name = "演示数据生成"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"演示数据生成：{self.get_state_display()} {self.percent}%"

    @property
    def phase_note(self) -> str:
        """The current count's own label when it is not the step's line (法律咨询 within 法律援助)."""
        if self.phase and self.phase.split(" ")[0] != self.step.split(" ")[0]:
            return f"{self.phase}："
        return ""

    @property
    def running(self) -> bool:
        return self.state == BuildState.RUNNING
