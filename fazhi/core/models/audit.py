"""The audit log (审计日志): append-only business events — logins, writes, exports, and every
view of personal information. Nothing in the application can change or delete an event; on the
database a trigger refuses updates (and deletes on PostgreSQL, where test flushes use TRUNCATE)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditAction(models.TextChoices):
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOGIN_LOCKED = "login_locked", "登录锁定"
    PASSWORD_CHANGE = "password_change", "修改密码"
    LOGOUT = "logout", "退出"
    CREATE = "create", "新建"
    UPDATE = "update", "修改"
    TRANSITION = "transition", "办理流转"
    DELETE = "delete", "删除"
    IMPORT = "import", "导入"
    EXPORT = "export", "导出"
    VIEW_PII = "view_pii", "查看个人信息"
    LOAD_REFERENCE = "load_reference", "载入基础数据"
    GRANT = "grant", "授权"


class AppendOnlyError(Exception):
    """An attempt to change or delete an audit event."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能修改。")

    def delete(self):
        raise AppendOnlyError("审计日志只能追加，不能删除。")


class AuditEvent(models.Model):
    """审计事件: who did what to which object, when, and from which client address."""

    at = models.DateTimeField("时间", default=timezone.now, db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    actor_name = models.CharField("操作人账号", max_length=150, blank=True, editable=False)
    action = models.CharField(
        "操作", max_length=24, choices=AuditAction.choices, db_index=True, editable=False
    )
    object_type = models.CharField("对象类型", max_length=100, blank=True, editable=False)
    object_id = models.CharField("对象编号", max_length=64, blank=True, editable=False)
    object_repr = models.CharField("对象", max_length=200, blank=True, editable=False)
    client_ip = models.GenericIPAddressField("客户端地址", null=True, blank=True, editable=False)
    detail = models.JSONField("详情", default=dict, blank=True, editable=False)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能删除。")
