"""In-platform notifications (站内通知) and the SMS outbox (短信发送记录).

A notification is a short message to one user with a link to what it is about (a case assigned to
them); the header bell counts the unread ones. Every SMS the platform sends is written to the
outbox first, whichever gateway backend (fazhi.core.sms) then carries it, so the bureau can see
what was sent to whom and whether the gateway took it."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from fazhi.core.pii import EncryptedTextField


class Notification(models.Model):
    """站内通知: title, body and link for one recipient; `read_at` is set when they read it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="收件人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField("标题", max_length=100)
    body = models.CharField("内容", max_length=500, blank=True)
    link = models.CharField("链接", max_length=300, blank=True, help_text="站内地址，如案件页。")
    created_at = models.DateTimeField("通知时间", default=timezone.now, editable=False)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta:
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        ordering = ["-created_at", "-id"]
        indexes = [
            # The bell's count on every page: a user's unread notifications.
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_recent"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class SmsStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    RECORDED = "recorded", "已记录（未接短信网关）"
    SENT = "sent", "已提交短信网关"
    FAILED = "failed", "发送失败"
    NO_PHONE = "no_phone", "无手机号码，未发送"


class SmsMessage(models.Model):
    """短信发送记录 (outbox): one SMS to one number. The number is encrypted and shown masked;
    the text never carries an ID number (fazhi.core.sms scrubs it before it is stored)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="收件人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    phone = EncryptedTextField("手机号码", mask="phone")
    text = models.CharField("短信内容", max_length=500)
    status = models.CharField("状态", max_length=12, choices=SmsStatus.choices, default=SmsStatus.PENDING)
    backend = models.CharField("发送通道", max_length=200, blank=True)
    gateway_id = models.CharField("网关回执编号", max_length=100, blank=True)
    error = models.CharField("失败原因", max_length=300, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "短信发送记录"
        verbose_name_plural = "短信发送记录"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="sms_status_created")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.text[:30]}"
