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

and setting `FAZHI_SMS_BACKEND=mypackage.sms.CityGatewayBackend`. Shipped backends: `OutboxBackend`
(the default: log only), `FileBackend` (development: each message appended to a file), and
`HttpGatewayBackend` (a gateway that takes a JSON POST; see its settings). The gateway adds the registered
signature (短信签名) itself; `text` is the message body only. Rules the platform keeps before a
backend sees a message: the text never carries an ID number (`scrub`), and only a mobile number
that passes the check of fazhi.law is used.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request
from abc import ABC, abstractmethod
from pathlib import Path
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


class FileBackend(SmsBackend):
    """Development: each message is appended as one line (time, masked number, text) to the file
    settings.FAZHI_SMS_FILE_PATH (default var/sms.log) — read a sign-in code there. Nothing leaves
    the machine."""

    name = "写入文件（开发用）"
    records_only = True

    def send(self, *, phone: str, text: str) -> str:
        path = Path(getattr(settings, "FAZHI_SMS_FILE_PATH", "") or settings.BASE_DIR / "var" / "sms.log")
        path.parent.mkdir(parents=True, exist_ok=True)
        line = (
            f"{timezone.localtime():%Y-%m-%d %H:%M:%S}\t{mask_phone(phone)}\t{text.replace(chr(10), ' ')}\n"
        )
        with path.open("a", encoding="utf-8") as out:
            out.write(line)
        return ""


class HttpGatewayBackend(SmsBackend):
    """A gateway that takes one message as a JSON POST: `{"phone": "139…", "text": "…"}` to
    settings.FAZHI_SMS_HTTP_URL, with the token in the header FAZHI_SMS_HTTP_TOKEN_HEADER
    (default `Authorization: Bearer <FAZHI_SMS_HTTP_TOKEN>`), waiting at most
    FAZHI_SMS_HTTP_TIMEOUT seconds. A 2xx answer is taken; its JSON `id` / `message_id` (if any) is
    kept as the gateway's id. Any other answer, a timeout or no connection is an SmsError (in
    Chinese, kept on the outbox row)."""

    name = "HTTP 短信网关"

    def send(self, *, phone: str, text: str) -> str:
        url = getattr(settings, "FAZHI_SMS_HTTP_URL", "") or ""
        if not url.startswith(("https://", "http://")):
            raise SmsError("短信网关地址未配置或不是 http(s) 地址（FAZHI_SMS_HTTP_URL）。")
        timeout = float(getattr(settings, "FAZHI_SMS_HTTP_TIMEOUT", 5) or 5)
        header = getattr(settings, "FAZHI_SMS_HTTP_TOKEN_HEADER", "") or "Authorization"
        token = getattr(settings, "FAZHI_SMS_HTTP_TOKEN", "") or ""
        headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
        if token:
            headers[header] = f"Bearer {token}" if header.lower() == "authorization" else token
        body = json.dumps({"phone": phone, "text": text}, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                raw = response.read(64_000)
        except urllib.error.HTTPError as exc:
            raise SmsError(f"短信网关拒绝发送（HTTP {exc.code}）：{_reason(exc.read(2_000))}") from exc
        except TimeoutError as exc:
            raise SmsError(f"短信网关超时（{timeout:g} 秒内无应答）。") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise SmsError(f"短信网关超时（{timeout:g} 秒内无应答）。") from exc
            raise SmsError(f"无法连接短信网关：{exc.reason}") from exc
        try:
            answer = json.loads(raw or b"{}")
        except ValueError:
            return ""
        if isinstance(answer, dict):
            return str(answer.get("id") or answer.get("message_id") or "")[:100]
        return ""


def _reason(raw: bytes) -> str:
    """A gateway's refusal in a few words: its JSON `message`/`error`, else the start of its body."""
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        answer = None
    if isinstance(answer, dict) and (answer.get("message") or answer.get("error")):
        return str(answer.get("message") or answer.get("error"))[:200]
    return raw.decode("utf-8", "replace").strip()[:200] or "无说明"


def backend() -> SmsBackend:
    """The configured backend (`FAZHI_SMS_BACKEND`), a new instance."""
    path = getattr(settings, "FAZHI_SMS_BACKEND", "") or DEFAULT_BACKEND
    return import_string(path)()


def scrub(text: str) -> str:
    """The text with anything shaped like an ID number removed (an SMS may be read by anyone
    holding the phone, and passes through the gateway's logs)."""
    return _ID_NUMBER.sub("[已隐去]", text)


def sms_send(
    *, recipient: Any = None, phone: str, text: str, immediate: bool = False, secret: str = ""
) -> SmsMessage:
    """Queue one SMS: the outbox row now; delivery by the backend after the current transaction
    commits (a rolled-back assignment sends nothing). Without a valid mobile number the row says
    so and nothing is sent.

    `immediate`: delivered in this process right after commit, not by the background worker — for
    a message the person is waiting for (a sign-in code).

    `secret` (e.g. a sign-in code, which must be sent `immediate`): once the backend has had the
    text, the outbox row keeps it starred out — whoever reads the outbox later (admins, auditors,
    a database dump) cannot sign in as the person."""
    text = scrub(text.strip())[:500]
    if secret and not immediate:
        raise ValueError("a message carrying a secret is delivered at once (immediate=True)")
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
        if immediate:
            transaction.on_commit(lambda: sms_deliver(SmsMessage.objects.get(pk=pk), secret=secret))
        else:
            transaction.on_commit(lambda: deliver_task.enqueue(pk))
    return message


def sms_deliver(message: SmsMessage, *, secret: str = "") -> SmsMessage:
    """Hand a pending outbox row to the backend and record the outcome. `secret`: starred out of
    the row's text once the backend has had it (see `sms_send`), whatever the outcome."""
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
    fields = ["status", "gateway_id", "error", "sent_at"]
    if secret:
        message.text = message.text.replace(secret, "*" * len(secret))
        fields.append("text")
    message.save(update_fields=fields)
    return message


@task()
def deliver_task(message_id: int) -> None:
    message = SmsMessage.objects.filter(pk=message_id).first()
    if message is not None:
        sms_deliver(message)
