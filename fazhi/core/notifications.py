"""站内通知: tell users that something needs them (a case assigned to them), in the platform and, when
asked, by SMS (fazhi.core.sms). Writes: `notify`, `notification_mark_read`; reads:
`notifications_for`, `unread_count`.

Bulk work (a ledger import, the demo build) runs inside `suppressed()`: a historical import of
thousands of assignments would bury the lawyers' real notices, so nothing is sent for it.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from fazhi.core.audit import AuditAction, audit_record
from fazhi.core.models import Notification, SmsMessage
from fazhi.core.sms import sms_send

_suppressed: contextvars.ContextVar[bool] = contextvars.ContextVar("fazhi_notifications_off", default=False)


@contextmanager
def suppressed() -> Iterator[None]:
    """No notifications (nor SMS) for what is done inside the block (bulk imports, the demo build)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def is_suppressed() -> bool:
    return _suppressed.get()


def safe_link(link: str) -> str:
    """Only a link inside the platform (a path); anything else is dropped."""
    link = (link or "").strip()
    if link.startswith("/") and url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        return link[:300]
    return ""


def phone_of(user: Any) -> str:
    """The mobile number on record for a user account (their person record), or ""."""
    person = getattr(user, "person", None)
    return getattr(person, "phone", "") or ""


@transaction.atomic
def notify(
    *,
    recipients: Iterable[Any],
    title: str,
    body: str = "",
    link: str = "",
    sms: bool = False,
    sms_text: str = "",
    phones: dict[int, str] | None = None,
    actor: Any = None,
) -> list[Notification]:
    """Notify each recipient (a user account) in the platform; with `sms`, also by SMS (`sms_text`,
    default title and body) to the number in `phones` (user id → number) or on their account.
    Does nothing inside `suppressed()`. Returns the notifications written."""
    if is_suppressed():
        return []
    users = list({u.pk: u for u in recipients if getattr(u, "pk", None) and u.is_active}.values())
    link = safe_link(link)
    rows = Notification.objects.bulk_create(
        [Notification(recipient=u, title=title[:100], body=body[:500], link=link) for u in users]
    )
    messages: list[SmsMessage] = []
    if sms:
        text = sms_text or f"{title}。{body}"
        for u in users:
            phone = (phones or {}).get(u.pk) or phone_of(u)
            messages.append(sms_send(recipient=u, phone=phone, text=text))
    if users:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="core.notification",
            object_repr=title[:200],
            detail={
                "notified": [u.pk for u in users],
                "sms": [m.pk for m in messages],
                "link": link,
            },
        )
    return rows


# --- reads and the reader's own writes ----------------------------------------------------------


def notifications_for(user: Any, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's own notifications, newest first (nobody reads another's)."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    qs = Notification.objects.filter(recipient=user)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def unread_count(user: Any) -> int:
    return notifications_for(user, unread_only=True).count()


def notification_mark_read(*, actor: Any, pk: int | None = None) -> int:
    """Mark one of the actor's notifications read (`pk`), or all of them; the number changed.
    (The reader's own state, not a business write: no audit event.)"""
    qs = notifications_for(actor, unread_only=True)
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.update(read_at=timezone.now())
