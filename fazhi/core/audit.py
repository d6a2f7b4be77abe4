"""Writing the audit log. Services call `audit_record(actor=…, action=…, obj=…)`; the client
address comes from the request being served (set by `AuditContextMiddleware`), so services need
no request argument."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models

from fazhi.core.models.audit import AuditAction, AuditEvent

_client_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("fazhi_client_ip", default=None)
_extra: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "fazhi_audit_extra", default=None
)


def set_client_ip(ip: str | None) -> contextvars.Token:
    return _client_ip.set(ip)


def reset_client_ip(token: contextvars.Token) -> None:
    _client_ip.reset(token)


@contextmanager
def audit_context(**values: Any) -> Iterator[None]:
    """Add `values` to the detail of every event recorded inside the block — e.g. the API token
    a write came through, so the log says which other system acted for the user."""
    token = _extra.set({**(_extra.get() or {}), **values})
    try:
        yield
    finally:
        _extra.reset(token)


def client_ip_from_request(request: Any) -> str | None:
    """REMOTE_ADDR, or the address the trusted proxy in front of us reports."""
    from django.conf import settings

    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.TRUSTED_PROXY_COUNT and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= settings.TRUSTED_PROXY_COUNT:
            return hops[-settings.TRUSTED_PROXY_COUNT]
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    detail: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    actor_name: str = "",
) -> AuditEvent:
    """Append one event. `actor` may be None for system jobs and failed logins."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    user = actor if getattr(actor, "pk", None) else None
    extra = _extra.get()
    if extra:
        detail = {**extra, **(detail or {})}
    return AuditEvent.objects.create(
        actor=user,
        actor_name=actor_name or (user.get_username() if user else "系统"),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        client_ip=_client_ip.get(),
        detail=detail or {},
    )


__all__ = [
    "AuditAction",
    "audit_context",
    "audit_record",
    "client_ip_from_request",
    "reset_client_ip",
    "set_client_ip",
]
