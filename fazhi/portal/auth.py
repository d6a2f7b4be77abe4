"""Signing in to the portal (登录) with a mobile number and a one-time SMS code — no password.

`code_send` checks the number and the rate limits, keeps only a keyed hash of a new 6-digit code
and sends the code by SMS at once; `code_verify` checks a code (expiry, at most `MAX_ATTEMPTS`
tries, used once) and finds or creates the public user: a citizen (个人) by mobile number, or an
enterprise (企业) by its USCC and the mobile of its contact person, each holding the PUBLIC role on
the district they sign in to. Every answer is the same whether or not the number has an account,
so the page cannot be used to learn who uses the portal. After a few wrong codes from an address
or for a number, a small arithmetic challenge (算术验证) is asked before another code is sent.

`public_login_required` guards the portal pages that need a signed-in public user: a visitor is
sent to the portal's sign-in (not the staff login), a staff account is told politely that the
portal's own pages are for the public.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from fazhi.core.audit import AuditAction, audit_context, audit_record
from fazhi.core.districts import all_districts
from fazhi.core.models import LegalEntity, OrgUnit, RoleGrant, User
from fazhi.core.models.accounts import UserKind
from fazhi.core.pii import blind_index, mask_phone
from fazhi.core.roles import Role
from fazhi.core.scoping import is_public_user
from fazhi.core.sms import sms_send
from fazhi.law.errors import LawValidationError
from fazhi.law.validators import check_mobile, check_uscc
from fazhi.portal import throttle
from fazhi.portal.models import AccountKind, PublicAccount, SignInCode

CODE_DIGITS = 6
MAX_ATTEMPTS = 5  # tries of one code
_HMAC_SALT = "fazhi.portal.signin-code"
_CHALLENGE_SESSION_KEY = "portal_challenge"
# Said for a wrong, expired or used-up code alike: it never tells whether the number has an account.
WRONG_CODE = "验证码不正确或已失效，请核对短信或重新获取验证码。"


class SignInError(Exception):
    """A refusal to show next to a field (`field`: "phone", "uscc", "contact_name", "code",
    "challenge" or "" for the form), in Chinese."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ChallengeRequired(SignInError):
    """Too many wrong codes from this address or for this number: answer the challenge first."""

    def __init__(self) -> None:
        super().__init__("为保护您的账号，请先完成下面的算术验证，再获取验证码。", "challenge")


@dataclass(frozen=True)
class Enterprise:
    """What an enterprise signs in with besides the contact's mobile (validated)."""

    uscc: str
    contact_name: str
    name: str = ""


def code_ttl() -> int:
    return int(getattr(settings, "FAZHI_PORTAL_CODE_TTL_SECONDS", 300) or 300)


def check_phone(phone: str) -> str:
    """The normalised mobile number, or SignInError (Chinese) on the phone field."""
    if not (phone or "").strip():
        raise SignInError("请填写手机号码。", "phone")
    try:
        return check_mobile(phone)
    except LawValidationError as exc:
        raise SignInError(f"{exc.message}。", "phone") from exc


def check_enterprise(uscc: str, contact_name: str, name: str = "") -> Enterprise:
    """An enterprise's USCC (GB 32100 checksum) and contact person, or SignInError (Chinese)."""
    return Enterprise(uscc=check_uscc_field(uscc), contact_name=check_contact(contact_name), name=_name(name))


def check_uscc_field(uscc: str) -> str:
    """The normalised USCC, or SignInError (Chinese) on the uscc field."""
    if not (uscc or "").strip():
        raise SignInError("请填写统一社会信用代码。", "uscc")
    try:
        return check_uscc(uscc)
    except LawValidationError as exc:
        raise SignInError(f"{exc.message}。", "uscc") from exc


def check_contact(contact_name: str) -> str:
    """The contact person's name (spaces tidied), or SignInError on the contact_name field."""
    contact = " ".join((contact_name or "").split())
    if not contact:
        raise SignInError("请填写联系人姓名。", "contact_name")
    if len(contact) > 50:
        raise SignInError("联系人姓名不超过50个字。", "contact_name")
    return contact


def _name(name: str) -> str:
    return " ".join((name or "").split())[:200]


def _code_hash(phone_hash: str, code: str, nonce: str) -> str:
    return salted_hmac(_HMAC_SALT, f"{phone_hash}:{nonce}:{code}", algorithm="sha256").hexdigest()


def _limit(scope: str, value: str, name: str) -> None:
    limit, window = throttle.rule(name)
    throttle.check_or_raise(throttle.key(scope, value), limit, window)


def challenge_required(phone: str, *, ip: str | None) -> bool:
    """True when wrong codes for this number or from this address reached the challenge limit."""
    limit, window = throttle.rule("challenge_failures")
    keys = [throttle.key("fail:ip", ip or "-")]
    if phone:
        keys.append(throttle.key("fail:phone", blind_index(phone)))
    return any(throttle.blocked(k, limit, window) for k in keys)


def code_send(phone: str, *, ip: str | None, challenge_passed: bool = False) -> SignInCode:
    """Send a new sign-in code to `phone`. SignInError (phone), `throttle.Throttled` (when to try
    again) or ChallengeRequired. The same for a number with or without an account."""
    number = check_phone(phone)
    phone_hash = blind_index(number)
    if not challenge_passed and challenge_required(number, ip=ip):
        raise ChallengeRequired()  # before counting: no code was sent
    _limit("code:ip", ip or "-", "code_ip_hour")
    _limit("code:phone", phone_hash, "code_phone_minute")
    _limit("code:phone-hour", phone_hash, "code_phone_hour")
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    nonce = secrets.token_hex(8)
    now = timezone.now()
    ttl = code_ttl()
    with transaction.atomic():
        # An earlier code of this number stops working when a new one is sent.
        SignInCode.objects.filter(phone_hash=phone_hash, used_at__isnull=True, expires_at__gt=now).update(
            expires_at=now
        )
        row = SignInCode.objects.create(
            phone_hash=phone_hash,
            code_hash=f"{nonce}${_code_hash(phone_hash, code, nonce)}",
            created_at=now,
            expires_at=now + timedelta(seconds=ttl),
        )
        minutes = max(1, ttl // 60)
        sms_send(
            phone=number,
            text=f"您的登录验证码是{code}，{minutes}分钟内有效。如非本人操作请忽略，请勿把验证码告诉他人。",
            immediate=True,
            secret=code,  # the outbox keeps it starred out
        )
    return row


def _code_matches(row: SignInCode, code: str) -> bool:
    nonce, _, digest = row.code_hash.partition("$")
    return constant_time_compare(digest, _code_hash(row.phone_hash, code, nonce))


def _failed(number: str, phone_hash: str, ip: str | None, why: str) -> None:
    _limit_count, window = throttle.rule("challenge_failures")
    throttle.increment(throttle.key("fail:ip", ip or "-"), window)
    throttle.increment(throttle.key("fail:phone", phone_hash), window)
    audit_record(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        actor_name=f"门户 {mask_phone(number)}",
        detail={"channel": "portal_sms", "phone": mask_phone(number), "reason": why},
    )


def code_verify(
    phone: str,
    code: str,
    *,
    ip: str | None,
    district: OrgUnit | None = None,
    enterprise: Enterprise | None = None,
) -> User:
    """The public user signing in with `code` sent to `phone` (created on first sign-in), for a
    citizen or — with `enterprise` — the enterprise's contact. SignInError (Chinese, on its field)
    or `throttle.Throttled`."""
    number = check_phone(phone)
    phone_hash = blind_index(number)
    code = "".join((code or "").split())
    if not (len(code) == CODE_DIGITS and code.isascii() and code.isdigit()):
        raise SignInError(f"请填写短信中的{CODE_DIGITS}位数字验证码。", "code")
    _limit("verify:ip", ip or "-", "verify_ip_hour")
    _limit("verify:phone", phone_hash, "verify_phone_hour")
    district = district or default_district()
    now = timezone.now()
    with transaction.atomic():
        row = (
            SignInCode.objects.select_for_update()
            .filter(phone_hash=phone_hash, used_at__isnull=True)
            .order_by("-created_at", "-id")
            .first()
        )
        if row is None:
            why, left = "no_code", 0
        elif row.expires_at <= now:
            why, left = "expired", 0
        elif row.attempts >= MAX_ATTEMPTS:
            why, left = "attempts", 0
        else:
            row.attempts += 1
            why, left = ("" if _code_matches(row, code) else "wrong"), MAX_ATTEMPTS - row.attempts
            if not why:
                row.used_at = now
            row.save(update_fields=["attempts", "used_at"])
    if why:
        _failed(number, phone_hash, ip, why)
        if why == "wrong" and left > 0:
            raise SignInError(f"验证码不正确，还可再试 {left} 次。", "code")
        raise SignInError(WRONG_CODE, "code")
    user = _account_for(number, phone_hash, district, enterprise)
    if not user.is_active:
        raise SignInError("该账号已停用，如有疑问请拨打 12348。")
    throttle.reset(throttle.key("fail:phone", phone_hash))
    return user


def _grant(user: User, district: OrgUnit) -> None:
    # As the demo's public accounts (fazhi.core.demo_accounts): the PUBLIC role on the district.
    RoleGrant.objects.get_or_create(user=user, role=Role.PUBLIC, org_unit=district)


def _account_for(number: str, phone_hash: str, district: OrgUnit, enterprise: Enterprise | None) -> User:
    for _attempt in range(3):  # two first sign-ins of one number at once: the second finds the first
        try:
            with transaction.atomic():
                if enterprise is None:
                    return _citizen(number, phone_hash, district)
                return _enterprise(number, phone_hash, district, enterprise)
        except IntegrityError:
            continue
    raise SignInError("登录人数较多，请稍后再试。")


def _citizen(number: str, phone_hash: str, district: OrgUnit) -> User:
    account = (
        PublicAccount.objects.select_related("user")
        .filter(kind=AccountKind.CITIZEN, phone_hash=phone_hash)
        .first()
    )
    if account is None:
        user, _ = User.objects.get_or_create(
            username=f"p-{phone_hash[:16]}",
            defaults={"kind": UserKind.CITIZEN, "display_name": mask_phone(number)},
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        account = PublicAccount.objects.create(
            user=user, kind=AccountKind.CITIZEN, phone=number, phone_hash=phone_hash
        )
    _grant(account.user, district)
    PublicAccount.objects.filter(pk=account.pk).update(last_signed_in_at=timezone.now())
    return account.user


def _enterprise(number: str, phone_hash: str, district: OrgUnit, enterprise: Enterprise) -> User:
    entity = LegalEntity.objects.filter(uscc=enterprise.uscc).first()
    if entity is None:
        entity = LegalEntity.objects.create(
            uscc=enterprise.uscc, name=enterprise.name or f"统一社会信用代码 {enterprise.uscc} 的企业"
        )
    account = (
        PublicAccount.objects.select_related("user")
        .filter(kind=AccountKind.ENTERPRISE, uscc=enterprise.uscc, phone_hash=phone_hash)
        .first()
    )
    display = f"{entity.name}（{enterprise.contact_name}）"[:50]
    if account is None:
        user, _ = User.objects.get_or_create(
            username=f"e-{blind_index(f'{enterprise.uscc}|{number}')[:16]}",
            defaults={"kind": UserKind.ENTERPRISE, "display_name": display, "legal_entity": entity},
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        account = PublicAccount.objects.create(
            user=user,
            kind=AccountKind.ENTERPRISE,
            phone=number,
            phone_hash=phone_hash,
            uscc=enterprise.uscc,
            contact_name=enterprise.contact_name,
        )
    elif account.contact_name != enterprise.contact_name:
        account.contact_name = enterprise.contact_name
        account.save(update_fields=["contact_name"])
        User.objects.filter(pk=account.user_id).update(display_name=display)
    _grant(account.user, district)
    PublicAccount.objects.filter(pk=account.pk).update(last_signed_in_at=timezone.now())
    return User.objects.get(pk=account.user_id)


def sign_in(request: Any, user: User, phone: str, *, large_text: bool = False) -> None:
    """Log `user` in on this request (the audit log's 登录 event says: portal, SMS code, the phone
    masked); a large-text choice made before signing in is kept on the account."""
    with audit_context(channel="portal_sms", phone=mask_phone(phone)):
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if large_text:
        PublicAccount.objects.filter(user=user).update(large_text=True)


# --- Which district: the deployment's (settings.FAZHI_DISTRICT_CODE) or the only one; with several
# districts in the database the sign-in page lets the person choose.


def default_district() -> OrgUnit:
    districts = all_districts()
    if not districts:
        raise SignInError("平台尚未配置区县，暂不能登录，请拨打 12348。")
    configured = getattr(settings, "FAZHI_DISTRICT_CODE", "")
    return next((d for d in districts if d.code == configured), districts[0])


def district_by_code(code: str) -> OrgUnit:
    """A district named by its code in the form, or SignInError."""
    for d in all_districts():
        if d.code == (code or "").strip():
            return d
    raise SignInError("请选择您所在的区县。", "district")


# --- The challenge: a small sum asked in words, kept in the session (only its answer's hash).


def challenge_new(session: Any) -> str:
    """A new question (e.g. “7 加 5 等于几？”), remembered in `session`; the question's text."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    question = f"{a} 加 {b} 等于几？"
    session[_CHALLENGE_SESSION_KEY] = {
        "q": question,
        "h": salted_hmac(_HMAC_SALT, f"challenge:{a + b}").hexdigest(),
    }
    return question


def challenge_question(session: Any) -> str:
    """The question asked in `session` (a new one if none)."""
    current = session.get(_CHALLENGE_SESSION_KEY)
    return current["q"] if current else challenge_new(session)


def challenge_pending(session: Any) -> bool:
    """True while `session` holds a question not yet answered."""
    return bool(session.get(_CHALLENGE_SESSION_KEY))


def challenge_check(session: Any, answer: str) -> bool:
    """True if `answer` answers the session's question. Each question is answered once: right or
    wrong, the next request gets a new one."""
    current = session.pop(_CHALLENGE_SESSION_KEY, None)
    given = "".join((answer or "").split())
    if not current or not given.isascii() or not given.isdigit() or len(given) > 3:
        return False
    return constant_time_compare(current["h"], salted_hmac(_HMAC_SALT, f"challenge:{int(given)}").hexdigest())


# --- Guarding the portal's own pages.


def public_login_required(view: Any) -> Any:
    """For a portal view that needs a signed-in public user: a visitor goes to the portal's sign-in
    (`portal:signin?next=…`), a staff account gets a polite page (403) saying the portal's pages
    are for the public."""

    @login_not_required
    @wraps(view)
    def wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
        user = request.user
        if not user.is_authenticated:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('portal:signin')}?{query}")
        if not is_public_user(user):
            return render(request, "portal/auth/staff_notice.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper
