"""Issue 13.5: 30 wrong passwords in 8 s, then the right one, once logged in. Now every login form
throttles per account and per address (django-axes), the lockout is audited and explained in
Chinese, and users change their own password on a form that states the policy."""

import pytest
from django.urls import reverse

from fazhi.core.models import AuditEvent
from fazhi.core.models.audit import AuditAction
from fazhi.core.roles import Role

RIGHT = "pw-Fazhi-test-1"  # make_user's password


@pytest.fixture
def officer(make_user):
    return make_user(Role.RECONSIDERATION_OFFICER, "330106", username="fuyi_lock")


def _login(client, username, password, ip="10.1.2.3"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_wrong_passwords_lock_the_account_even_for_the_right_one(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "fuyi_lock", "wrong-guess").status_code == 200  # the form again
    assert _login(client, "fuyi_lock", "wrong-guess").status_code == 429  # the limit-th locks
    response = _login(client, "fuyi_lock", RIGHT)
    assert response.status_code == 429
    html = response.content.decode()
    assert "登录已暂时锁定" in html and f"{settings.AXES_FAILURE_LIMIT} 次密码错误" in html
    assert "_auth_user_id" not in client.session  # not logged in
    locked = AuditEvent.objects.filter(action=AuditAction.LOGIN_LOCKED)
    assert locked.filter(actor_name="fuyi_lock").exists()
    # from another address the account stays locked (per account) …
    assert _login(client, "fuyi_lock", RIGHT, ip="10.9.9.9").status_code == 429


def test_one_address_guessing_many_accounts_is_locked_too(client, officer, make_user, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"nobody{i}", "wrong-guess", ip="10.6.6.6")
    assert _login(client, "fuyi_lock", RIGHT, ip="10.6.6.6").status_code == 429
    assert _login(client, "fuyi_lock", RIGHT, ip="10.7.7.7").status_code == 302  # others unaffected


def test_a_success_before_the_limit_resets_the_count(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "fuyi_lock", "wrong-guess")
    assert _login(client, "fuyi_lock", RIGHT).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "fuyi_lock", "wrong-guess")
    assert _login(client, "fuyi_lock", RIGHT).status_code == 302


def test_users_change_their_own_password_under_the_stated_policy(client, officer):
    client.force_login(officer)
    url = reverse("password_change")
    html = client.get(url).content.decode()
    assert 'data-testid="password-policy"' in html and "10" in html  # the minimum length is stated
    response = client.post(
        url, {"old_password": "not-it", "new_password1": "short", "new_password2": "short"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "旧密码" in text and "不正确" in text  # Django's own Chinese messages, by the field
    response = client.post(
        url,
        {"old_password": RIGHT, "new_password1": "Xihu-new-pass-2026", "new_password2": "Xihu-new-pass-2026"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    officer.refresh_from_db()
    assert officer.check_password("Xihu-new-pass-2026")
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_CHANGE, actor=officer).exists()
    assert client.get(reverse("password_change_done")).status_code == 200


def test_the_header_links_to_the_password_form(client, officer):
    client.force_login(officer)
    assert reverse("password_change") in client.get(reverse("home")).content.decode()


def test_locked_accounts_are_listed_in_chinese_in_the_admin(admin_client, client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "fuyi_lock", "wrong-guess")
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert "登录保护" in index and "Access attempts" not in index
    page = admin_client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "fuyi_lock" in page and "删除即解锁" in page
