"""SMS (短信) through a pluggable gateway adapter.

Every SMS is written to the outbox (`SmsMessage`) first; a background task (`deliver_task`, run by
`fazhi db_worker`; inline in tests) hands it to the backend named by the setting
`FAZHI_SMS_BACKEND` (a dotted path) and records what happened. The default backend,
`OutboxBackend`, sends nothing: the outbox row (status 已记录) and a log line with the number
masked are the record — no network, suitable for development, the demo and a bureau without a
gateway yet.

A bureau connects its SMS gateway (e.g. the 政务短信平台 of its city) by writing a backend:

    class CityGatewayBackend(SmsBackend):
        name = "市政务短信平台"

        def send(self, *, phone: str, text: str) -> str:
            # call the gateway; return its message id; raise SmsError("…") when it refuses
            ...

and setting `FAZHI_SMS_BACKEND=mypackage.sms.CityGatewayBackend`. The gateway adds the registered
signature (短信签名) itself; `text` is the message body only. Rules the platform keeps before a
backend sees a message: the text never carries an ID number (`scrub`), and only a mobile number
that passes the check of fazhi.law is used.
"""

from __future__ import annotations

import logging
import re
from abc import ABC, abstractmethod
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from fazhi.core.models import SmsMessage, SmsStatus
from fazhi.core.pii import mask_phone
from fazhi.law.errors import LawValidationError
from fazhi.law.validators import check_mobile

logger = logging.getLogger("fazhi.sms")

DEFAULT_BACKEND = "fazhi.core.sms.OutboxBackend"
# 18-digit ID numbers (last may be X) and the old 15-digit form, not inside a longer number.
_ID_NUMBER = re.compile(r"(?<!\d)(\d{17}[\dXx]|\d{15})(?![\dXx])")


class SmsError(Exception):
    """The gateway refused or failed to take a message (message in Chinese, kept on the outbox row)."""


class SmsBackend(ABC):
    """The interface of a gateway adapter: `send` one message, return the gateway's id for it."""

    name = ""
    # True: the backend only records (nothing leaves the platform): the row says so (已记录).
    records_only = False

    @abstractmethod
    def send(self, *, phone: str, text: str) -> str:
        """Hand one message to the gateway; its id there. Raise SmsError when it refuses."""


class OutboxBackend(SmsBackend):
    """The default: nothing is sent; the outbox row and a log line (number masked) are the record."""

    name = "仅记录（未接短信网关）"
    records_only = True

    def send(self, *, phone: str, text: str) -> str:
        logger.info("SMS recorded for %s: %s", mask_phone(phone), text)
        return ""


def backend() -> SmsBackend:
    """The configured backend (`FAZHI_SMS_BACKEND`), a new instance."""
    path = getattr(settings, "FAZHI_SMS_BACKEND", "") or DEFAULT_BACKEND
    return import_string(path)()


def scrub(text: str) -> str:
    """The text with anything shaped like an ID number removed (an SMS may be read by anyone
    holding the phone, and passes through the gateway's logs)."""
    return _ID_NUMBER.sub("[已隐去]", text)


def sms_send(*, recipient: Any = None, phone: str, text: str) -> SmsMessage:
    """Queue one SMS: the outbox row now; delivery by the backend after the current transaction
    commits (a rolled-back assignment sends nothing). Without a valid mobile number the row says
    so and nothing is sent."""
    text = scrub(text.strip())[:500]
    try:
        number = check_mobile(phone) if phone else ""
    except LawValidationError:
        number = ""
    message = SmsMessage.objects.create(
        recipient=recipient if getattr(recipient, "pk", None) else None,
        phone=number,
        text=text,
        status=SmsStatus.PENDING if number else SmsStatus.NO_PHONE,
        backend=getattr(settings, "FAZHI_SMS_BACKEND", "") or DEFAULT_BACKEND,
    )
    if number:
        pk = message.pk
        transaction.on_commit(lambda: deliver_task.enqueue(pk))
    return message


def sms_deliver(message: SmsMessage) -> SmsMessage:
    """Hand a pending outbox row to the backend and record the outcome."""
    if message.status != SmsStatus.PENDING:
        return message
    gateway = backend()
    try:
        message.gateway_id = (gateway.send(phone=message.phone, text=message.text) or "")[:100]
    except SmsError as exc:
        message.status, message.error = SmsStatus.FAILED, str(exc)[:300]
    except Exception as exc:  # a gateway's own failure must not stop the other messages
        logger.exception("SMS backend %s failed", type(gateway).__name__)
        message.status, message.error = SmsStatus.FAILED, f"短信网关异常：{type(exc).__name__}"[:300]
    else:
        message.status = SmsStatus.RECORDED if gateway.records_only else SmsStatus.SENT
        message.sent_at = timezone.now()
    message.save(update_fields=["status", "gateway_id", "error", "sent_at"])
    return message


@task()
def deliver_task(message_id: int) -> None:
    message = SmsMessage.objects.filter(pk=message_id).first()
    if message is not None:
        sms_deliver(message)
