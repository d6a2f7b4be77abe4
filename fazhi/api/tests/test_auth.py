"""Who may call the API: a valid token acts as its user; no token, an unknown, revoked or expired
one, or a stopped user gets 401; the browser session works, with CSRF on writes. Tokens are
stored only as hashes, issued once (command and admin), revoked, and their use recorded."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from fazhi.api.models import ApiToken, hash_secret
from fazhi.api.services import TokenError, api_token_create, api_token_revoke
from fazhi.core.models import AuditEvent
from fazhi.core.roles import Role

PATHS = ["/api/me", "/api/cases/mediation/", "/api/deadlines/due"]


@pytest.mark.parametrize("path", PATHS)
def test_an_anonymous_request_gets_401_in_chinese(api, path, xihu):
    response = api().get(path)
    assert response.status_code == 401
    assert response.json()["detail"] == "请提供接口令牌（Authorization: Bearer …）或先登录。"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "请提供接口令牌" in response.content.decode("utf-8")  # characters, not \u escapes


def test_an_anonymous_write_gets_401_not_a_csrf_complaint(api, xihu):
    assert api().post("/api/cases/mediation/", {}).status_code == 401


def test_a_token_acts_as_its_user(api, beishan_mediator):
    body = api(beishan_mediator).get("/api/me").json()
    assert body["username"] == "tiaojie" and body["auth"] == "token"
    assert body["token"]["name"] == "测试系统" and body["token"]["prefix"].startswith("fzt_")
    assert [(g["role"], g["org_unit"]["code"]) for g in body["grants"]] == [("mediator", "330106002-TWH")]
    assert [k["kind"] for k in body["kinds"]] == ["mediation"]
    assert body["kinds"][0] == {
        "kind": "mediation",
        "label": "人民调解",
        "may_change": True,
        "may_create": True,
        "path": "/api/cases/mediation/",
    }


@pytest.mark.parametrize(
    ("secret", "message"),
    [("fzt_not-a-real-token", "接口令牌无效。"), ("some-other-scheme-token", "接口令牌无效。")],
)
def test_an_unknown_token_gets_401(client, secret, message, xihu):
    response = client.get("/api/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401 and response.json()["detail"] == message


def test_a_revoked_token_gets_401(client, beishan_mediator):
    token, secret = api_token_create(actor=None, user=beishan_mediator, name="调处平台")
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/me", headers=headers).status_code == 200
    api_token_revoke(actor=None, token=token)
    response = client.get("/api/me", headers=headers)
    assert response.status_code == 401 and response.json()["detail"] == "接口令牌已撤销。"


def test_an_expired_token_gets_401(client, beishan_mediator):
    token, secret = api_token_create(actor=None, user=beishan_mediator, name="调处平台")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get("/api/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401 and response.json()["detail"] == "接口令牌已过期。"


def test_a_stopped_users_token_gets_401(client, beishan_mediator):
    _token, secret = api_token_create(actor=None, user=beishan_mediator, name="调处平台")
    beishan_mediator.is_active = False
    beishan_mediator.save()
    response = client.get("/api/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401 and response.json()["detail"] == "令牌所属用户已停用。"


def test_a_bad_token_is_refused_even_beside_a_valid_session(client, beishan_mediator):
    client.force_login(beishan_mediator)
    assert client.get("/api/me").json()["auth"] == "session"
    assert client.get("/api/me", headers={"Authorization": "Bearer fzt_wrong"}).status_code == 401


def test_token_use_is_recorded_at_most_once_a_minute(client, beishan_mediator):
    token, secret = api_token_create(actor=None, user=beishan_mediator, name="调处平台")
    assert token.last_used_at is None
    client.get("/api/me", headers={"Authorization": f"Bearer {secret}"})
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None and timezone.now() - first < timedelta(seconds=10)
    client.get("/api/me", headers={"Authorization": f"Bearer {secret}"})
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=5))
    client.get("/api/me", headers={"Authorization": f"Bearer {secret}"})
    token.refresh_from_db()
    assert token.last_used_at > first


def test_only_a_hash_of_the_secret_is_stored_and_issuing_is_audited(beishan_mediator, make_user):
    admin = beishan_mediator  # a signed-in user issues a token for themselves only
    token, secret = api_token_create(actor=admin, user=beishan_mediator, name="调处平台", days=30)
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in {str(v) for v in stored.values()}
    assert stored["key_hash"] == hash_secret(secret) and secret.startswith(stored["prefix"])
    assert 29 <= (token.expires_at - timezone.now()).days <= 30
    event = AuditEvent.objects.get(object_type="api.apitoken", object_id=str(token.pk))
    assert event.action == "grant" and event.actor == admin and event.detail["user"] == "tiaojie"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": " "}, "请填写令牌用途"),
        ({"name": "x", "days": 0}, "有效天数应在 1 至 1095 之间"),
        ({"name": "x", "expires_at": timezone.now() - timedelta(days=1)}, "失效时间应晚于现在"),
        ({"name": "x", "expires_at": timezone.now() + timedelta(days=2000)}, "不能超过 1095 天"),
    ],
)
def test_a_token_is_not_issued_with_bad_input(beishan_mediator, kwargs, message):
    with pytest.raises(TokenError, match=message):
        api_token_create(actor=None, user=beishan_mediator, **kwargs)
    assert not ApiToken.objects.exists()


def test_the_command_prints_the_secret_once_and_can_list_and_revoke(beishan_mediator, capsys, client):
    call_command("api_token", "tiaojie", "--name", "市调处平台", "--days", "90")
    out, err = capsys.readouterr()
    secret = out.strip()
    assert "只显示这一次" in err and secret.startswith("fzt_")
    token = ApiToken.objects.get(user=beishan_mediator)
    assert token.key_hash == hash_secret(secret) and token.name == "市调处平台"
    assert client.get("/api/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200

    call_command("api_token", "tiaojie", "--list")
    listing = capsys.readouterr().out
    assert token.prefix in listing and "有效" in listing and secret not in listing

    call_command("api_token", "tiaojie", "--revoke", token.prefix)
    assert "已撤销" in capsys.readouterr().out
    assert client.get("/api/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    revoke = AuditEvent.objects.get(object_type="api.apitoken", action="update")
    assert revoke.actor_name == "命令行" and revoke.detail["revoked"] is True


def test_the_command_refuses_an_unknown_user(xihu):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="找不到用户“nobody”"):
        call_command("api_token", "nobody", "--name", "x")


def test_the_admin_shows_the_secret_once_and_revokes(client, beishan_mediator, make_user):
    admin = make_user(Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        "/admin/api/apitoken/add/",
        {
            "user": admin.pk,
            "name": "12348 热线系统",
            "expires_at_0": (timezone.localdate() + timedelta(days=60)).isoformat(),
            "expires_at_1": "12:00:00",
        },
    )
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    html = response.content.decode()
    token = ApiToken.objects.get(user=admin)
    secret = (
        html.split('data-testid="token-secret" data-fz-select-all')[0].rsplit('value="', 1)[1].split('"')[0]
    )
    assert token.key_hash == hash_secret(secret) and "只显示这一次" in html
    # Nowhere afterwards: not on the list, not on the token's own page.
    for url in ("/admin/api/apitoken/", f"/admin/api/apitoken/{token.pk}/change/"):
        page = client.get(url).content.decode()
        assert token.prefix in page and secret not in page
    client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None and token.state == "已撤销"


def test_the_admin_explains_a_bad_expiry_next_to_the_form(client, beishan_mediator, make_user):
    admin = make_user(Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        "/admin/api/apitoken/add/",
        {"user": admin.pk, "name": "x", "expires_at_0": "2020-01-01", "expires_at_1": "12:00:00"},
    )
    assert response.status_code == 200 and "失效时间应晚于现在" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_browser_session_works_and_writes_need_the_csrf_token(beishan_mediator):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(beishan_mediator)
    assert browser.get("/api/me").status_code == 200
    body = {"org_unit": "330106002-TWH"}
    response = browser.post("/api/cases/mediation/", body, content_type="application/json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    docs = browser.get("/api/docs").content.decode()  # the docs page hands out the CSRF token
    csrf = docs.split('data-csrf-token="')[1].split('"')[0]
    assert csrf
    response = browser.post(
        "/api/cases/mediation/", body, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert response.status_code == 400  # past authentication: now the payload is checked
    assert "received_on" in response.json()["errors"]


def test_tokens_need_no_csrf_token(beishan_mediator, token_for):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(
        "/api/cases/mediation/",
        {"org_unit": "330106002-TWH"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token_for(beishan_mediator)}"},
    )
    assert response.status_code == 400


def test_a_token_is_issued_only_for_its_own_user(make_user):
    sysadmin = make_user(Role.ADMIN, username="admin_probe", is_staff=True)
    other = make_user(Role.MEDIATOR, "330106002-TWH", username="tiaojie_y")
    with pytest.raises(TokenError, match="只能为本人签发"):
        api_token_create(actor=sysadmin, user=other, name="调处平台")
    token, _ = api_token_create(actor=sysadmin, user=sysadmin, name="本人脚本")
    assert token.user == sysadmin
