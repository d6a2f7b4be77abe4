"""The public portal's own records (公众服务门户): the accounts of people and enterprises who sign in
with a one-time code, the codes themselves, and each matter submitted online (网上申请) with the
number and verification code that track it, and the rating given when it ends.

What a matter *is* stays in its line: a legal-aid application is a `cases.Case` of kind legal_aid,
an online consultation a row of the consultations register. A `Submission` only links the public
side (who, how to track, how it was rated) to that record."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from fazhi.core.pii import EncryptedTextField
from fazhi.core.roles import Area
from fazhi.core.scoping import ScopedQuerySet, ScopeSpec
from fazhi.network.models import Rating


class AccountKind(models.TextChoices):
    CITIZEN = "citizen", "个人"
    ENTERPRISE = "enterprise", "企业"


class PublicAccount(models.Model):
    """公众账号: the portal side of a public `User` — the mobile number they sign in with (encrypted,
    found by its keyed hash), and for an enterprise its USCC and contact person. No password: a
    one-time code by SMS is the credential."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="public_account"
    )
    kind = models.CharField(
        "账号类型", max_length=16, choices=AccountKind.choices, default=AccountKind.CITIZEN
    )
    phone = EncryptedTextField("手机号码", mask="phone")
    phone_hash = models.CharField("手机号码检索码", max_length=64, editable=False, db_index=True)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True, db_index=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    large_text = models.BooleanField("大字模式", default=False)
    created_at = models.DateTimeField("注册时间", default=timezone.now)
    last_signed_in_at = models.DateTimeField("最近登录", null=True, blank=True)

    class Meta:
        verbose_name = "公众账号"
        verbose_name_plural = "公众账号"
        constraints = [
            # One citizen account per mobile; an enterprise account per (USCC, mobile of its contact).
            models.UniqueConstraint(
                fields=["phone_hash"], condition=models.Q(kind="citizen"), name="uniq_citizen_phone"
            ),
            models.UniqueConstraint(
                fields=["uscc", "phone_hash"],
                condition=models.Q(kind="enterprise"),
                name="uniq_enterprise_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}账号 {self.user_id}"


class SignInCode(models.Model):
    """短信验证码: a one-time code sent to a mobile number to sign in. Only its hash is kept; it
    expires, allows a few attempts, and is used once."""

    phone_hash = models.CharField("手机号码检索码", max_length=64, db_index=True)
    code_hash = models.CharField("验证码摘要", max_length=128)
    created_at = models.DateTimeField("发送时间", default=timezone.now, db_index=True)
    expires_at = models.DateTimeField("失效时间")
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    used_at = models.DateTimeField("使用时间", null=True, blank=True)

    class Meta:
        verbose_name = "短信验证码"
        verbose_name_plural = "短信验证码"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"验证码 {self.created_at:%Y-%m-%d %H:%M}"


class Submission(models.Model):
    """网上申请: a matter a person or enterprise submitted through the portal. `matter` is the key of
    the declared submittable matter (fazhi.cases.submittable); the record it made is either a case
    (`case`) or a register row (`record`). `number` (查询编号) is random, not a sequence, so numbers
    cannot be enumerated; with `track_code` (查询码, kept as a hash) anyone holding both may follow
    the matter without signing in."""

    number = models.CharField("查询编号", max_length=20, unique=True)
    matter = models.CharField("事项", max_length=40, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        on_delete=models.PROTECT,
        related_name="portal_submissions",
    )
    org_unit = models.ForeignKey(
        "core.OrgUnit", verbose_name="受理单位", on_delete=models.PROTECT, related_name="portal_submissions"
    )
    township = models.ForeignKey(
        "core.OrgUnit",
        verbose_name="所在镇街",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    site = models.ForeignKey(
        "network.ServiceSite",
        verbose_name="选择的服务站点",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portal_submissions",
    )
    case = models.OneToOneField(
        "cases.Case",
        verbose_name="案件",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="portal_submission",
    )
    record_type = models.ForeignKey(
        ContentType,
        verbose_name="登记类型",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    record_id = models.PositiveBigIntegerField("登记记录", null=True, blank=True)
    record = GenericForeignKey("record_type", "record_id")
    track_code_hash = models.CharField("查询码摘要", max_length=128)
    created_at = models.DateTimeField("提交时间", default=timezone.now, db_index=True)
    rating = models.CharField("评价", max_length=16, choices=Rating.choices, blank=True)
    rating_comment = models.CharField("评价意见", max_length=500, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)

    objects = ScopedQuerySet.as_manager()
    # Staff reach a submission through its unit (the case itself is scoped by its kind's area);
    # a public user reaches only their own.
    scope = ScopeSpec(area=Area.SERVICES, org_field="org_unit", owner_field="user")

    class Meta:
        verbose_name = "网上申请"
        verbose_name_plural = "网上申请"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["record_type", "record_id"], name="portal_sub_record")]

    def __str__(self) -> str:
        return self.number


class ThrottleCounter(models.Model):
    """限流计数: how many times one key (an action by one phone, address or account, as a keyed
    hash) happened in one fixed time window. Kept in the database, not in a process's memory, so
    every gunicorn worker and every server counts together; incremented with one UPDATE so two
    concurrent requests never lose a count (fazhi.portal.throttle)."""

    key = models.CharField("计数键", max_length=120)
    window_start = models.DateTimeField("时间窗起点")
    expires_at = models.DateTimeField("时间窗终点", db_index=True)
    count = models.PositiveIntegerField("次数", default=0)

    class Meta:
        verbose_name = "限流计数"
        verbose_name_plural = "限流计数"
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="uniq_throttle_window")]

    def __str__(self) -> str:
        return f"{self.key} × {self.count}"
