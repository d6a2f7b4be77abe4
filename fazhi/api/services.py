"""Writes and checks of API tokens: issue (the secret is returned once), revoke, and resolve a
presented secret to its token. Issuing and revoking are audited."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from fazhi.api.models import ApiToken, hash_secret
from fazhi.core.audit import AuditAction, audit_record

TOKEN_PREFIX = "fzt_"
PREFIX_LENGTH = 12  # "fzt_" and 8 random characters: enough to tell tokens apart, useless to guess
DEFAULT_DAYS = 365
MAX_DAYS = 3 * 365
# Record a token's use at most once a minute: every API call would otherwise be a write.
LAST_USED_GRANULARITY = timedelta(minutes=1)


class TokenError(ValueError):
    """A token that cannot be issued, or a presented secret that is refused (Chinese message)."""


def token_check(*, user: Any, name: str, expires_at: Any, actor: Any = None) -> None:
    """Raise TokenError if a token for `user` named `name` expiring at `expires_at` may not be issued
    by `actor`: a token acts as its user (its reads are audited under that user), so a signed-in
    user issues one only for themselves; `actor` None is the server console (`fazhi api_token`)."""
    if actor is not None and user is not None and actor.pk != user.pk:
        raise TokenError(
            "令牌只能为本人签发：请由该用户本人登录签发，或由服务器管理员用 fazhi api_token 命令签发。"
        )
    if not (name or "").strip():
        raise TokenError("请填写令牌用途（使用此令牌的系统）。")
    if user is None or not user.is_active:
        raise TokenError("所属用户不存在或已停用，不能签发令牌。")
    now = timezone.now()
    if expires_at is None or expires_at <= now:
        raise TokenError("失效时间应晚于现在。")
    if expires_at > now + timedelta(days=MAX_DAYS):
        raise TokenError(f"令牌有效期不能超过 {MAX_DAYS} 天。")


@transaction.atomic
def api_token_create(
    *, actor: Any, user: Any, name: str, days: int = DEFAULT_DAYS, expires_at: Any = None
) -> tuple[ApiToken, str]:
    """签发接口令牌: returns the token row and the secret, which is stored only as a hash and can
    never be shown again. `expires_at` overrides `days`."""
    name = (name or "").strip()
    if expires_at is None:
        if not 1 <= days <= MAX_DAYS:
            raise TokenError(f"有效天数应在 1 至 {MAX_DAYS} 之间。")
        expires_at = timezone.now() + timedelta(days=days)
    token_check(user=user, name=name, expires_at=expires_at, actor=actor)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=secret[:PREFIX_LENGTH],
        key_hash=hash_secret(secret),
        created_by=actor if getattr(actor, "pk", None) else None,
        expires_at=expires_at,
    )
    audit_record(
        actor=actor,
        action=AuditAction.GRANT,
        obj=token,
        detail={"api_token": token.prefix, "user": user.get_username(), "expires_at": expires_at.isoformat()},
        actor_name="" if getattr(actor, "pk", None) else "命令行",
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """撤销接口令牌: refused from the next request on. Revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=token,
            detail={"api_token": token.prefix, "revoked": True},
            actor_name="" if getattr(actor, "pk", None) else "命令行",
        )
    return token


def token_for_secret(secret: str) -> ApiToken:
    """The usable token with this secret, its use recorded; raises TokenError saying why not."""
    secret = (secret or "").strip()
    if not secret.startswith(TOKEN_PREFIX):
        raise TokenError("接口令牌无效。")
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_secret(secret)).first()
    if token is None:
        raise TokenError("接口令牌无效。")
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenError("接口令牌已撤销。")
    if token.expires_at <= now:
        raise TokenError("接口令牌已过期。")
    if not token.user.is_active:
        raise TokenError("令牌所属用户已停用。")
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_GRANULARITY)
    ).update(last_used_at=now)
    return token
