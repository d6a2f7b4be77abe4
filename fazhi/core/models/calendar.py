"""Administrator overrides of the holiday table (节假日安排), for a year the State Council has
published after the shipped table was made."""

from django.conf import settings
from django.db import models


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"
    ADJUSTED_WORKDAY = "adjusted_workday", "调休上班"


class HolidayYear(models.Model):
    """节假日安排年度: a year whose State Council notice an administrator has entered in full.
    Until a year is recorded here (and not shipped in the table), deadlines that reach into it
    are provisional."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    notice = models.CharField(
        "通知", max_length=200, help_text="例如：国务院办公厅关于2027年部分节假日安排的通知"
    )
    published_on = models.DateField("发布日期")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True, on_delete=models.SET_NULL
    )
    entered_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "节假日安排年度"
        verbose_name_plural = "节假日安排年度"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"


class HolidayOverride(models.Model):
    """节假日安排补充: one day of an entered year's arrangement (放假 or 调休上班)."""

    year = models.ForeignKey(HolidayYear, verbose_name="年度", on_delete=models.CASCADE, related_name="days")
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=20, choices=DayKind.choices)
    name = models.CharField("节日", max_length=30)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "节假日安排补充"
        verbose_name_plural = "节假日安排补充"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"
