"""Portal sign-in (issue 18): a mobile number and a one-time SMS code; an enterprise by its USCC and
contact. The code is read from the SMS outbox (`SmsMessage`), as a person reads their phone."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from fazhi.core.models import AuditEvent, LegalEntity, OrgUnit, RoleGrant, SmsMessage, SmsStatus, User
from fazhi.core.models.accounts import UserKind
from fazhi.core.models.org import OrgKind
from fazhi.core.pii import blind_index, mask_phone
from fazhi.core.roles import Role
from fazhi.law.validators import uscc_checksum
from fazhi.portal import auth, throttle
from fazhi.portal.models import AccountKind, PublicAccount, SignInCode

PHONE = "13900001111"
OTHER = "13700002222"
IP = "203.0.113.7"


def _uscc(body: str = "91330106MA2H00000") -> str:
    return body + uscc_checksum(body)


USCC = _uscc()


def last_code(phone: str = PHONE) -> str:
    """The code in the newest SMS to `phone` (the outbox row holds it until it is delivered)."""
    message = next(m for m in SmsMessage.objects.order_by("-created_at", "-id") if m.phone == phone)
    found = re.search(r"\d{6}", message.text)
    assert found, message.text
    return found.group(0)


def send(phone: str = PHONE, ip: str = IP, **kw) -> str:
    auth.code_send(phone, ip=ip, **kw)
    return last_code(phone)


# --- The service ------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["", "12345", "1390000111", "23900001111", "139000011112", "手机号"])
def test_a_bad_mobile_number_is_refused_in_chinese_on_the_phone_field(db, bad):
    with pytest.raises(auth.SignInError) as exc:
        auth.code_send(bad, ip=IP)
    assert exc.value.field == "phone" and re.search(r"[\u4e00-\u9fff]", exc.value.message)
    assert not SignInCode.objects.exists() and not SmsMessage.objects.exists()


def test_a_code_is_kept_only_as_a_hash_and_sent_at_once_without_a_worker(
    db, settings, xihu, django_capture_on_commit_callbacks
):
    # No background worker runs tasks here: the code must still reach the gateway at once.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        auth.code_send("+86 139-0000-1111", ip=IP)
        code = last_code()  # before delivery
    message = SmsMessage.objects.get()
    assert message.status == SmsStatus.RECORDED and message.phone == PHONE
    row = SignInCode.objects.get()
    assert code not in row.code_hash and row.phone_hash == blind_index(PHONE)
    ttl = settings.FAZHI_PORTAL_CODE_TTL_SECONDS
    assert abs((row.expires_at - row.created_at).total_seconds() - ttl) < 1
    assert f"{ttl // 60}分钟" in message.text
    # The phone got the code; the outbox (read by admins, in backups) keeps it starred out.
    assert code not in message.text and "******" in message.text


def test_the_right_code_signs_in_a_new_citizen_with_the_public_role_on_the_district(db, xihu):
    code = send()
    user = auth.code_verify(PHONE, code, ip=IP)
    assert user.kind == UserKind.CITIZEN and PHONE not in user.username and PHONE not in str(user)
    assert RoleGrant.objects.filter(user=user, role=Role.PUBLIC, org_unit=xihu["330106"]).exists()
    account = PublicAccount.objects.get(user=user)
    assert account.kind == AccountKind.CITIZEN and account.phone == PHONE
    assert account.phone_hash == blind_index(PHONE) and account.last_signed_in_at is not None
    with connection.cursor() as cur:  # the number is encrypted at rest
        cur.execute("SELECT phone FROM portal_publicaccount WHERE id = %s", [account.pk])
        assert PHONE not in cur.fetchone()[0]
    # The next sign-in finds the same account.
    _wait_a_minute()
    again = auth.code_verify(PHONE, send(), ip=IP)
    assert (
        again == user
        and PublicAccount.objects.count() == 1
        and User.objects.filter(kind="citizen").count() == 1
    )


def _wait_a_minute() -> None:
    """Let the per-minute limit of a phone pass (its counters are dropped)."""
    throttle.reset(throttle.key("code:phone", blind_index(PHONE)))


def test_an_expired_code_is_refused(db, xihu):
    code = send()
    SignInCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(auth.SignInError) as exc:
        auth.code_verify(PHONE, code, ip=IP)
    assert exc.value.message == auth.WRONG_CODE and not User.objects.filter(kind="citizen").exists()


def test_five_wrong_codes_use_the_code_up(db, xihu):
    code = send()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for left in range(auth.MAX_ATTEMPTS - 1, -1, -1):
        with pytest.raises(auth.SignInError) as exc:
            auth.code_verify(PHONE, wrong, ip=f"198.51.100.{left}")
        assert exc.value.field == "code"
        assert (f"还可再试 {left} 次" in exc.value.message) if left else exc.value.message == auth.WRONG_CODE
    with pytest.raises(auth.SignInError):  # the right code no longer works either
        auth.code_verify(PHONE, code, ip="198.51.100.99")
    assert SignInCode.objects.get().attempts == auth.MAX_ATTEMPTS


def test_a_code_is_used_once_and_a_new_code_replaces_the_old(db, xihu):
    first = send()
    _wait_a_minute()
    second = send()
    assert first != second  # (one chance in a million of the same six digits)
    with pytest.raises(auth.SignInError):
        auth.code_verify(PHONE, first, ip=IP)
    auth.code_verify(PHONE, second, ip=IP)
    with pytest.raises(auth.SignInError) as exc:
        auth.code_verify(PHONE, second, ip=IP)
    assert exc.value.message == auth.WRONG_CODE


@pytest.mark.parametrize("bad", ["", "12345", "1234567", "abcdef", "１２３４５６"])
def test_a_malformed_code_is_refused_without_using_an_attempt(db, xihu, bad):
    send()
    with pytest.raises(auth.SignInError) as exc:
        auth.code_verify(PHONE, bad, ip=IP)
    assert exc.value.field == "code" and SignInCode.objects.get().attempts == 0


def test_codes_per_phone_are_limited_per_minute_and_per_hour(db, settings):
    send()
    with pytest.raises(throttle.Throttled) as exc:
        auth.code_send(PHONE, ip="198.51.100.1")
    assert "分钟后再试" in exc.value.message and exc.value.retry_after <= 60
    per_hour, _ = throttle.rule("code_phone_hour")
    settings.FAZHI_PORTAL_LIMITS = {"code_phone_minute": "1000/60"}
    for i in range(per_hour - 1):
        auth.code_send(PHONE, ip=f"198.51.100.{i}")
    with pytest.raises(throttle.Throttled):
        auth.code_send(PHONE, ip="198.51.100.200")
    assert SignInCode.objects.count() == per_hour
    auth.code_send(OTHER, ip="198.51.100.201")  # another number is not held up


def test_codes_per_address_are_limited(db):
    per_ip, _ = throttle.rule("code_ip_hour")
    for i in range(per_ip):
        auth.code_send(f"139{i:08d}", ip=IP)
    with pytest.raises(throttle.Throttled):
        auth.code_send(OTHER, ip=IP)
    auth.code_send(OTHER, ip="198.51.100.1")  # from elsewhere the same number may still ask


def test_code_attempts_per_address_are_limited(db, xihu, settings):
    settings.FAZHI_PORTAL_LIMITS = {"verify_ip_hour": "3/3600"}
    send()
    for _ in range(3):
        with pytest.raises(auth.SignInError):
            auth.code_verify(PHONE, "000000" if last_code() != "000000" else "111111", ip=IP)
    with pytest.raises(throttle.Throttled):
        auth.code_verify(PHONE, last_code(), ip=IP)


def test_after_three_wrong_codes_a_challenge_comes_before_the_next_code(db, xihu):
    code = send()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    failures, _ = throttle.rule("challenge_failures")
    for _ in range(failures):
        with pytest.raises(auth.SignInError):
            auth.code_verify(PHONE, wrong, ip=IP)
    _wait_a_minute()
    with pytest.raises(auth.ChallengeRequired):
        auth.code_send(PHONE, ip=IP)
    # From another address the number still needs the challenge; another number from this address too.
    with pytest.raises(auth.ChallengeRequired):
        auth.code_send(PHONE, ip="198.51.100.1")
    with pytest.raises(auth.ChallengeRequired):
        auth.code_send(OTHER, ip=IP)
    auth.code_send(OTHER, ip="198.51.100.2")  # neither this number nor this address failed
    auth.code_send(PHONE, ip=IP, challenge_passed=True)


def test_the_challenge_is_answered_once(db):
    session: dict = {}
    question = auth.challenge_new(session)
    a, b = map(int, re.findall(r"\d+", question))
    assert auth.challenge_check(session, str(a + b))
    assert not auth.challenge_check(session, str(a + b))  # used
    question = auth.challenge_new(session)
    a, b = map(int, re.findall(r"\d+", question))
    assert not auth.challenge_check(session, str(a + b + 1))
    for bad in ("", "abc", "1" * 50, "-1"):
        auth.challenge_new(session)
        assert not auth.challenge_check(session, bad)


def test_an_enterprise_signs_in_with_its_uscc_and_contact(db, xihu):
    enterprise = auth.check_enterprise(USCC.lower(), "  李 联系 ", "西湖测试科技有限公司")
    user = auth.code_verify(PHONE, send(), ip=IP, enterprise=enterprise)
    assert user.kind == UserKind.ENTERPRISE and user.legal_entity.uscc == USCC
    assert user.legal_entity.name == "西湖测试科技有限公司"
    account = user.public_account
    assert (account.kind, account.uscc, account.contact_name) == (AccountKind.ENTERPRISE, USCC, "李 联系")
    assert RoleGrant.objects.filter(user=user, role=Role.PUBLIC, org_unit=xihu["330106"]).exists()
    # The same person as a citizen is another account; the enterprise's second contact another again.
    _wait_a_minute()
    citizen = auth.code_verify(PHONE, send(), ip=IP)
    assert citizen != user and citizen.kind == UserKind.CITIZEN
    colleague = auth.code_verify(OTHER, send(OTHER), ip=IP, enterprise=auth.check_enterprise(USCC, "王同事"))
    assert colleague.legal_entity_id == user.legal_entity_id and LegalEntity.objects.count() == 1


@pytest.mark.parametrize(
    ("uscc", "contact", "field"),
    [
        ("", "李四", "uscc"),
        ("91330106MA2H0000", "李四", "uscc"),  # 16 characters
        (USCC[:-1] + ("0" if USCC[-1] != "0" else "1"), "李四", "uscc"),  # wrong checksum
        ("9133010IMA2H00000X", "李四", "uscc"),  # I is not in the code set
        (USCC, "", "contact_name"),
        (USCC, "长" * 51, "contact_name"),
    ],
)
def test_bad_enterprise_details_are_refused_in_chinese(uscc, contact, field):
    with pytest.raises(auth.SignInError) as exc:
        auth.check_enterprise(uscc, contact)
    assert exc.value.field == field and re.search(r"[\u4e00-\u9fff]", exc.value.message)


def test_sign_ins_and_failures_are_audited_with_the_number_masked(db, client, xihu):
    code = send()
    with pytest.raises(auth.SignInError):
        auth.code_verify(PHONE, f"{(int(code) + 1) % 10**6:06d}", ip=IP)
    failed = AuditEvent.objects.get(action="login_failed")
    assert failed.detail["phone"] == mask_phone(PHONE)
    _wait_a_minute()
    _signin_through_pages(client, PHONE)
    login = AuditEvent.objects.filter(action="login").latest("id")
    assert login.detail["channel"] == "portal_sms" and login.detail["phone"] == mask_phone(PHONE)
    for event in AuditEvent.objects.all():
        assert PHONE not in str(event.detail) + event.actor_name + event.object_repr


# --- The pages --------------------------------------------------------------------------------


def _signin_through_pages(client, phone: str, *, next_url: str = "", **fields) -> object:
    url = reverse("portal:signin") + (f"?next={next_url}" if next_url else "")
    response = client.post(url, {"phone": phone, "next": next_url, **fields})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "step=code" in response["Location"]
    page = client.get(response["Location"])
    assert mask_phone(phone) in page.content.decode() and phone not in page.content.decode()
    return client.post(
        reverse("portal:signin"), {"action": "verify", "code": last_code(phone), "next": next_url}
    )


def test_signing_in_through_the_pages_lands_on_next(db, client, xihu):
    response = _signin_through_pages(client, PHONE, next_url="/portal/track/")
    assert response.status_code == 302 and response["Location"] == "/portal/track/"
    html = client.get(reverse("portal:home")).content.decode()
    assert 'data-testid="signout"' in html and mask_phone(PHONE) in html and PHONE not in html


@pytest.mark.parametrize("bad_next", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_next_never_leaves_the_site(db, client, xihu, bad_next):
    response = _signin_through_pages(client, PHONE, next_url=bad_next)
    assert response["Location"] == reverse("portal:home")


def test_the_pages_show_errors_next_to_the_field_and_never_fail(db, client, xihu):
    url = reverse("portal:signin")
    r = client.post(url, {"phone": "12345"})
    assert r.status_code == 400 and 'id="phone-error"' in r.content.decode()
    assert 'aria-invalid="true"' in r.content.decode()
    r = client.post(url, {"kind": "enterprise", "phone": PHONE, "uscc": "123", "contact_name": ""})
    html = r.content.decode()
    assert r.status_code == 400 and 'id="uscc-error"' in html and 'id="contact_name-error"' in html
    assert not SmsMessage.objects.exists()
    # Nonsense of every kind: a clean answer, never a 500.
    for data in (
        {"kind": "x" * 500, "phone": "1" * 5000},
        {"action": "verify", "code": "123456"},  # no code was asked for
        {"action": "resend"},
        {"phone": PHONE, "district": "999999"},
        {"phone": PHONE, "challenge_answer": "\x00"},
    ):
        assert client.post(url, data).status_code in (200, 302, 400, 429), data
    for query in ("?step=code", "?kind=enterprise", "?kind=<script>", "?next=%00"):
        assert client.get(url + query).status_code in (200, 302), query
    assert client.get(reverse("portal:large_text")).status_code == 405


def test_a_wrong_code_on_the_page_says_so_and_keeps_the_step(db, client, xihu):
    client.post(reverse("portal:signin"), {"phone": PHONE})
    code = last_code()
    r = client.post(reverse("portal:signin"), {"action": "verify", "code": f"{(int(code) + 1) % 10**6:06d}"})
    html = r.content.decode()
    assert r.status_code == 400 and 'id="code-error"' in html and "还可再试" in html
    assert not r.wsgi_request.user.is_authenticated
    r = client.post(reverse("portal:signin"), {"action": "resend"})
    assert r.status_code == 429 and "分钟后再试" in r.content.decode()  # one a minute


def test_the_pages_never_tell_whether_a_number_has_an_account(db, client, xihu):
    """A number with an account and one without: the same answers, step by step."""
    user = auth.code_verify(PHONE, send(), ip="198.51.100.50")
    assert user.pk
    throttle.reset(throttle.key("code:phone", blind_index(PHONE)))

    def walk(phone: str) -> list[tuple[int, str]]:
        client.cookies.clear()
        seen = []
        r = client.post(reverse("portal:signin"), {"phone": phone})
        seen.append((r.status_code, r.get("Location", "")))
        page = client.get(r["Location"]).content.decode()
        seen.append((200, _normalise(page, phone)))
        r = client.post(reverse("portal:signin"), {"action": "verify", "code": "000000"})
        seen.append((r.status_code, _normalise(r.content.decode(), phone)))
        r = client.post(reverse("portal:signin"), {"action": "resend"})
        seen.append((r.status_code, _normalise(r.content.decode(), phone)))
        return seen

    assert walk(PHONE) == walk(OTHER)


def _normalise(html: str, phone: str) -> str:
    html = html.replace(mask_phone(phone), "[phone]")
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r"还可再试 \d 次", "还可再试 N 次", html)


def test_the_challenge_appears_on_the_page_and_must_be_answered(db, client, xihu):
    client.post(reverse("portal:signin"), {"phone": PHONE})
    code = last_code()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    failures, _ = throttle.rule("challenge_failures")
    for _ in range(failures):
        client.post(reverse("portal:signin"), {"action": "verify", "code": wrong})
    throttle.reset(throttle.key("code:phone", blind_index(PHONE)))
    page = client.get(reverse("portal:signin")).content.decode()
    assert 'data-testid="challenge"' in page and 'for="f-challenge"' in page
    question = re.search(r'data-testid="challenge-question">([^<]+)<', page).group(1)
    a, b = map(int, re.findall(r"\d+", question))
    r = client.post(reverse("portal:signin"), {"phone": PHONE, "challenge_answer": str(a + b + 1)})
    assert r.status_code == 400 and 'id="challenge-error"' in r.content.decode()
    question = re.search(r'data-testid="challenge-question">([^<]+)<', r.content.decode()).group(1)
    a, b = map(int, re.findall(r"\d+", question))
    sent = SmsMessage.objects.count()
    r = client.post(reverse("portal:signin"), {"phone": PHONE, "challenge_answer": str(a + b)})
    assert r.status_code == 302 and SmsMessage.objects.count() == sent + 1


def test_an_enterprise_signs_in_through_the_pages(db, client, xihu):
    response = _signin_through_pages(
        client,
        PHONE,
        kind="enterprise",
        uscc=USCC,
        contact_name="李联系",
        company_name="西湖测试科技有限公司",
    )
    assert response.status_code == 302
    user = User.objects.get(kind=UserKind.ENTERPRISE)
    assert user.public_account.uscc == USCC and user.legal_entity.uscc == USCC


def test_with_several_districts_the_person_chooses(db, client, xihu):
    other = OrgUnit.objects.create(code="330110", name="杭州市余杭区", kind=OrgKind.DISTRICT)
    page = client.get(reverse("portal:signin")).content.decode()
    assert 'name="district"' in page and "杭州市余杭区" in page and "杭州市西湖区" in page
    response = _signin_through_pages(client, PHONE, district=other.code)
    assert response.status_code == 302
    user = User.objects.get(kind=UserKind.CITIZEN)
    assert RoleGrant.objects.filter(user=user, role=Role.PUBLIC, org_unit=other).exists()
    assert "杭州市余杭区公共法律服务" in _flat(client.get(reverse("portal:home")).content.decode())


def _flat(html: str) -> str:
    return re.sub(r"<[^>]+>|\s+", "", html)


def test_one_district_shows_no_choice_and_its_name_comes_from_the_org_tree(db, client, xihu):
    page = client.get(reverse("portal:signin")).content.decode()
    assert 'name="district"' not in page
    OrgUnit.objects.filter(code="330106").update(name="测试市样例区")
    flat = _flat(client.get(reverse("portal:home")).content.decode())
    assert "测试市样例区公共法律服务" in flat and "西湖区" not in flat.replace("西湖区司法局", "")


def test_sign_out_returns_to_the_portal_home(db, client, xihu):
    _signin_through_pages(client, PHONE)
    response = client.post(reverse("portal:signout"))
    assert response["Location"] == reverse("portal:home")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("portal:signout"))["Location"] == reverse("portal:home")


def test_large_text_persists_in_a_cookie_then_on_the_account(db, client, xihu):
    home = reverse("portal:home")
    assert 'class="pt-large"' not in client.get(home).content.decode()
    r = client.post(reverse("portal:large_text"), {"large_text": "on", "next": home})
    assert r["Location"] == home
    assert 'class="pt-large"' in client.get(home).content.decode()
    _signin_through_pages(client, PHONE)  # the choice made before signing in is kept on the account
    account = PublicAccount.objects.get()
    assert account.large_text
    client.cookies.pop("fz_large_text", None)
    assert 'class="pt-large"' in client.get(home).content.decode()  # from the account, not the cookie
    client.post(reverse("portal:large_text"), {"large_text": "off", "next": home})
    account.refresh_from_db()
    assert not account.large_text and 'class="pt-large"' not in client.get(home).content.decode()


def test_a_staff_user_is_told_politely_that_the_portal_is_for_the_public(db, client, make_user):
    client.force_login(make_user(Role.LEADER))
    html = client.get(reverse("portal:signin")).content.decode()
    assert "工作人员账号" in html and "不会被当作群众使用" in html


def test_public_login_required_sends_visitors_to_the_portal_sign_in(db, rf, make_user):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpResponse

    view = auth.public_login_required(lambda request: HttpResponse("mine"))
    request = rf.get("/portal/mine/?page=2")
    request.user, request.session = AnonymousUser(), SessionStore()
    response = view(request)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:signin") + "?next=%2Fportal%2Fmine%2F%3Fpage%3D2"
    assert getattr(view, "login_required", True) is False  # the staff login never intercepts it
    request.user = make_user(Role.MEDIATOR, "330106002-TWH")
    response = view(request)
    assert response.status_code == 403 and "工作人员账号" in response.content.decode()
    request.user = make_user(Role.PUBLIC)
    assert view(request).content == b"mine"


def test_the_shell_shows_hotline_navigation_and_skip_link(db, client, xihu):
    html = client.get(reverse("portal:home")).content.decode()
    assert 'href="tel:12348"' in html and 'href="#main"' in html and 'id="main"' in html
    for name in ("portal:matters", "portal:home", "portal:track", "nearby:point", "portal:signin"):
        assert f'href="{reverse(name)}' in html, name
    assert 'data-testid="visitor-home"' in html and 'action="/portal/track/"' in html


def test_the_demo_public_accounts_sign_in_with_their_demo_numbers(db, xihu):
    """README's demo logins: 群众 by 19900000001; the enterprise by its USCC, contact and 19900000002."""
    import importlib

    from fazhi.core.demo_accounts import ensure_demo_accounts

    ensure_demo_accounts()
    importlib.import_module("fazhi.demo.portal").ensure_public_accounts()  # a sibling layer: by name
    citizen = auth.code_verify("19900000001", send("19900000001"), ip=IP)
    assert citizen.username == "qunzhong"
    company = auth.check_enterprise("91330106MA2B3C4D5D", "何联系（演示）", "")
    enterprise = auth.code_verify("19900000002", send("19900000002"), ip=IP, enterprise=company)
    assert enterprise.username == "qiye"
