"""SMS backends: the development file backend, the HTTP gateway (against a small local HTTP server
started by the test — nothing is mocked), and immediate delivery for a message someone waits for."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from fazhi.core import sms
from fazhi.core.models import SmsMessage, SmsStatus

PHONE = "13900001111"


class Gateway:
    """A local gateway: records what it received; answers with `status` and `body` after `delay`."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.status, self.body, self.delay = 200, b'{"id": "gw-42"}', 0.0
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                gateway.received.append(
                    {
                        "headers": dict(self.headers),
                        "body": json.loads(self.rfile.read(length)),
                        "path": self.path,
                    }
                )
                time.sleep(gateway.delay)
                try:
                    self.send_response(gateway.status)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(gateway.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (the timeout test)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Gateway:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway(settings):
    with Gateway() as gw:
        settings.FAZHI_SMS_BACKEND = "fazhi.core.sms.HttpGatewayBackend"
        settings.FAZHI_SMS_HTTP_URL = gw.url
        settings.FAZHI_SMS_HTTP_TOKEN = "t0ken"
        settings.FAZHI_SMS_HTTP_TOKEN_HEADER = "Authorization"
        settings.FAZHI_SMS_HTTP_TIMEOUT = 2
        yield gw


def _send(django_capture_on_commit_callbacks, text: str = "您的登录验证码是123456") -> SmsMessage:
    with django_capture_on_commit_callbacks(execute=True):
        message = sms.sms_send(phone=PHONE, text=text)
    message.refresh_from_db()
    return message


def test_the_gateway_gets_json_with_the_token_and_its_id_is_kept(
    db, gateway, django_capture_on_commit_callbacks
):
    message = _send(django_capture_on_commit_callbacks)
    assert message.status == SmsStatus.SENT and message.gateway_id == "gw-42" and message.sent_at
    [got] = gateway.received
    assert got["path"] == "/sms/send" and got["body"] == {"phone": PHONE, "text": "您的登录验证码是123456"}
    assert got["headers"]["Authorization"] == "Bearer t0ken"


def test_a_custom_token_header_carries_the_bare_token(
    db, gateway, settings, django_capture_on_commit_callbacks
):
    settings.FAZHI_SMS_HTTP_TOKEN_HEADER = "X-Api-Key"
    _send(django_capture_on_commit_callbacks)
    assert gateway.received[0]["headers"]["X-Api-Key"] == "t0ken"


def test_a_refusal_marks_the_message_failed_with_the_gateways_reason(
    db, gateway, django_capture_on_commit_callbacks
):
    gateway.status, gateway.body = 403, '{"message": "签名未报备"}'.encode()
    message = _send(django_capture_on_commit_callbacks)
    assert message.status == SmsStatus.FAILED
    assert "HTTP 403" in message.error and "签名未报备" in message.error
    gateway.status, gateway.body = 500, b"<html>oops</html>"
    assert "HTTP 500" in _send(django_capture_on_commit_callbacks).error


def test_a_gateway_that_does_not_answer_in_time_is_a_failure(
    db, gateway, settings, django_capture_on_commit_callbacks
):
    settings.FAZHI_SMS_HTTP_TIMEOUT = 0.3
    gateway.delay = 1.5
    started = time.monotonic()
    message = _send(django_capture_on_commit_callbacks)
    assert time.monotonic() - started < 1.4
    assert message.status == SmsStatus.FAILED and "超时" in message.error


def test_no_gateway_address_or_no_connection_is_a_failure(db, settings, django_capture_on_commit_callbacks):
    settings.FAZHI_SMS_BACKEND = "fazhi.core.sms.HttpGatewayBackend"
    settings.FAZHI_SMS_HTTP_URL = ""
    assert "未配置" in _send(django_capture_on_commit_callbacks).error
    settings.FAZHI_SMS_HTTP_URL = "file:///etc/passwd"
    assert "未配置" in _send(django_capture_on_commit_callbacks).error
    with Gateway() as gw:  # a port nobody listens on any more
        url = gw.url
    settings.FAZHI_SMS_HTTP_URL = url
    message = _send(django_capture_on_commit_callbacks)
    assert message.status == SmsStatus.FAILED and "无法连接" in message.error


def test_the_file_backend_appends_a_line_with_the_number_masked(
    db, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.FAZHI_SMS_BACKEND = "fazhi.core.sms.FileBackend"
    settings.FAZHI_SMS_FILE_PATH = str(tmp_path / "out" / "sms.log")
    message = _send(django_capture_on_commit_callbacks, "第一条\n两行")
    _send(django_capture_on_commit_callbacks, "第二条")
    lines = (tmp_path / "out" / "sms.log").read_text(encoding="utf-8").splitlines()
    assert message.status == SmsStatus.RECORDED and len(lines) == 2
    assert "139****1111" in lines[0] and PHONE not in lines[0] and lines[0].endswith("第一条 两行")


def test_immediate_delivery_needs_no_worker(db, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        queued = sms.sms_send(phone=PHONE, text="排队")
        now = sms.sms_send(phone=PHONE, text="立即", immediate=True)
    queued.refresh_from_db()
    now.refresh_from_db()
    assert queued.status == SmsStatus.PENDING and now.status == SmsStatus.RECORDED
