"""Accounts (用户) and role grants (角色授权)."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone

from fazhi.core.roles import Role


class UserKind(models.TextChoices):
    STAFF = "staff", "工作人员"
    CITIZEN = "citizen", "群众"
    ENTERPRISE = "enterprise", "企业"


class User(AbstractUser):
    """用户: bureau staff, mediators, lawyers, and public users (citizens, enterprises)."""

    kind = models.CharField("用户类型", max_length=16, choices=UserKind.choices, default=UserKind.STAFF)
    display_name = models.CharField("姓名", max_length=50, blank=True)
    person = models.ForeignKey(
        "core.Person", verbose_name="对应自然人", null=True, blank=True, on_delete=models.SET_NULL
    )
    legal_entity = models.ForeignKey(
        "core.LegalEntity", verbose_name="对应单位", null=True, blank=True, on_delete=models.SET_NULL
    )
    is_demo = models.BooleanField("演示数据", default=False)

    objects = UserManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_public(self) -> bool:
        return self.kind != UserKind.STAFF


class RoleGrantQuerySet(models.QuerySet):
    def active(self, at=None):
        at = at or timezone.now()
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=at))


class RoleGrant(models.Model):
    """角色授权: a role held by a user on an org unit; it covers the unit's whole subtree."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="grants")
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    org_unit = models.ForeignKey("core.OrgUnit", verbose_name="授权范围", on_delete=models.PROTECT)
    granted_at = models.DateTimeField("授权时间", default=timezone.now)
    granted_by = models.ForeignKey(
        User, verbose_name="授权人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    valid_until = models.DateTimeField("失效时间", null=True, blank=True)

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [models.UniqueConstraint(fields=["user", "role", "org_unit"], name="uniq_role_grant")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.org_unit}"
