"""站内通知 and the SMS outbox: who gets what, the bell and the list (one's own only), marking read,
and the SMS adapter (no ID number in a text, masked number, a bureau's backend by setting)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from fazhi.core import notifications, sms
from fazhi.core.models import AuditEvent, Notification, SmsMessage, SmsStatus
from fazhi.core.roles import Role
from fazhi.law.validators import id_number_checksum

ID17 = "33010619800704002"
ID_NUMBER = ID17 + id_number_checksum(ID17)


class GatewayBackend(sms.SmsBackend):
    """A bureau's gateway in a test: keeps what it was given."""

    name = "测试网关"
    sent: list[tuple[str, str]] = []

    def send(self, *, phone: str, text: str) -> str:
        self.sent.append((phone, text))
        return "gw-1"


class RefusingBackend(sms.SmsBackend):
    def send(self, *, phone: str, text: str) -> str:
        raise sms.SmsError("余额不足")


class BrokenBackend(sms.SmsBackend):
    def send(self, *, phone: str, text: str) -> str:
        raise ConnectionError("timeout")


@pytest.fixture
def alice(make_user):
    return make_user(Role.LEGAL_AID_LAWYER, username="alice")


@pytest.fixture
def bob(make_user):
    return make_user(Role.LEGAL_AID_LAWYER, username="bob")


def test_notify_writes_one_notice_per_recipient_and_an_audit_event(alice, bob):
    rows = notifications.notify(
        recipients=[alice, bob, alice], title="新任务", body="请查看", link="/cases/x/"
    )
    assert len(rows) == 2 and Notification.objects.count() == 2
    assert notifications.unread_count(alice) == 1 and notifications.unread_count(bob) == 1
    assert AuditEvent.objects.filter(object_type="core.notification", object_repr="新任务").exists()
    assert not SmsMessage.objects.exists()


def test_a_link_outside_the_platform_is_dropped(alice):
    for link in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        assert notifications.notify(recipients=[alice], title="t", link=link)[0].link == ""


def test_nothing_is_sent_inside_suppressed(alice):
    with notifications.suppressed():
        assert notifications.notify(recipients=[alice], title="t", sms=True) == []
    assert not Notification.objects.exists() and not SmsMessage.objects.exists()
    assert not notifications.is_suppressed()


def test_sms_is_queued_then_delivered_by_the_default_backend_after_commit(
    alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(
            recipients=[alice],
            title="新指派",
            sms=True,
            sms_text="请查看案件",
            phones={alice.pk: "13900001111"},
        )
        assert SmsMessage.objects.get().status == SmsStatus.PENDING
    message = SmsMessage.objects.get()
    assert message.status == SmsStatus.RECORDED and message.phone == "13900001111"
    assert message.backend == sms.DEFAULT_BACKEND


def test_an_sms_never_carries_an_id_number(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = sms.sms_send(
            recipient=alice, phone="13900001111", text=f"申请人身份证{ID_NUMBER}，电话13900001111"
        )
    assert ID_NUMBER not in message.text and "[已隐去]" in message.text
    assert "13900001111" in message.text  # an 11-digit phone number is not an ID number
    assert sms.scrub("案号（2024）12号 123456789012345678901") == "案号（2024）12号 123456789012345678901"


def test_without_a_valid_mobile_number_nothing_is_sent(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        a = sms.sms_send(recipient=alice, phone="", text="x")
        b = sms.sms_send(recipient=alice, phone="12345", text="x")
    assert a.status == b.status == SmsStatus.NO_PHONE and not callbacks


@override_settings(FAZHI_SMS_BACKEND="fazhi.core.tests.test_notifications.GatewayBackend")
def test_a_bureau_gateway_is_plugged_in_by_setting(alice, django_capture_on_commit_callbacks):
    GatewayBackend.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sms.sms_send(recipient=alice, phone="+86 139 0000 1111", text="请查看")
    message = SmsMessage.objects.get()
    assert GatewayBackend.sent == [("13900001111", "请查看")]
    assert (message.status, message.gateway_id) == (SmsStatus.SENT, "gw-1")


@pytest.mark.parametrize(
    ("backend", "error"),
    [("RefusingBackend", "余额不足"), ("BrokenBackend", "短信网关异常：ConnectionError")],
)
def test_a_failing_gateway_is_recorded_not_raised(alice, backend, error, django_capture_on_commit_callbacks):
    with override_settings(FAZHI_SMS_BACKEND=f"fazhi.core.tests.test_notifications.{backend}"):
        with django_capture_on_commit_callbacks(execute=True):
            sms.sms_send(recipient=alice, phone="13900001111", text="x")
    message = SmsMessage.objects.get()
    assert (message.status, message.error) == (SmsStatus.FAILED, error)


def test_the_phone_number_is_encrypted_at_rest(alice):
    from django.db import connection

    message = sms.sms_send(recipient=alice, phone="13900001111", text="x")
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM core_smsmessage WHERE id = %s", [message.pk])
        assert "13900001111" not in cursor.fetchone()[0]


# --- screens ------------------------------------------------------------------------------------


def test_the_bell_counts_unread_and_the_list_shows_only_ones_own(client, alice, bob):
    notifications.notify(recipients=[alice], title="给甲的通知", link="/cases/")
    notifications.notify(recipients=[bob], title="给乙的通知")
    client.force_login(alice)
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="notifications-bell"' in home and 'data-testid="notifications-unread">1<' in home
    page = client.get(reverse("notifications")).content.decode()
    assert "给甲的通知" in page and "给乙的通知" not in page
    other = Notification.objects.get(recipient=bob)
    assert client.post(reverse("notification_read", args=[other.pk])).status_code == 404
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_marking_read_one_or_all(client, alice):
    first, *_ = notifications.notify(recipients=[alice], title="一", link="/cases/")
    notifications.notify(recipients=[alice], title="二")
    notifications.notify(recipients=[alice], title="三")
    client.force_login(alice)
    response = client.post(reverse("notification_read", args=[first.pk]), {"open": "1"})
    assert response.status_code == 302 and response.url == "/cases/"
    assert notifications.unread_count(alice) == 2
    assert "三" in client.get(reverse("notifications"), {"unread": "1"}).content.decode()
    assert client.post(reverse("notifications_read_all")).status_code == 302
    assert notifications.unread_count(alice) == 0
    assert "没有未读通知" in client.get(reverse("notifications"), {"unread": "1"}).content.decode()
    assert client.get(reverse("notification_read", args=[first.pk])).status_code == 405


def test_the_notification_pages_need_a_login(client):
    assert client.get(reverse("notifications")).status_code == 302
    assert client.post(reverse("notifications_read_all")).status_code == 302


def test_the_sms_outbox_in_the_admin_shows_the_number_masked(client, alice):
    from fazhi.core.models import User

    sms.sms_send(recipient=alice, phone="13900001111", text="请查看")
    admin = User.objects.create_superuser("root_sms", password="pw-Fazhi-test-1")
    client.force_login(admin)
    html = client.get(reverse("admin:core_smsmessage_changelist")).content.decode()
    assert "请查看" in html and "139****1111" in html and "13900001111" not in html
