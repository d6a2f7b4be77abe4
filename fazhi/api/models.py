"""API access tokens (接口令牌) for other systems. A token acts as its user — the same role grants,
the same scoping. Only a hash of the secret is stored; the secret is shown once, when created."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone


def hash_secret(secret: str) -> str:
    """SHA-256 of the whole token. A slow password hash is not needed: the secret is 256 random
    bits, so it cannot be guessed from its hash, and a fast hash keeps each request cheap."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """接口令牌: lets another system call the API as `user`. Revoked or expired tokens are refused."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="所属用户", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        "用途", max_length=100, help_text="使用此令牌的系统或用途，如“市矛盾纠纷调处平台”。"
    )
    prefix = models.CharField("令牌前缀", max_length=16, editable=False, help_text="用于识别令牌，不是密钥。")
    key_hash = models.CharField("令牌摘要", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    expires_at = models.DateTimeField("失效时间")
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name}（{self.user}）"

    @property
    def state(self) -> str:
        """有效 / 已过期 / 已撤销."""
        if self.revoked_at is not None:
            return "已撤销"
        if self.expires_at <= timezone.now():
            return "已过期"
        return "有效"

    @property
    def is_usable(self) -> bool:
        return self.state == "有效" and self.user.is_active
