"""Portal views: 登录 (a mobile number and an SMS code; an enterprise adds its USCC and contact),
退出, and the large-text mode (大字模式) switch.

Sign-in is two steps on one address: the number (and for an enterprise its USCC and contact) →
a code is sent (the page then asks for it; what was typed waits in the session, the number
encrypted) → the code → signed in and sent on to `next` (a path of this site only)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from fazhi.core.audit import client_ip_from_request
from fazhi.core.districts import all_districts
from fazhi.core.pii import decrypt, encrypt, mask_phone
from fazhi.core.scoping import is_public_user
from fazhi.portal import auth
from fazhi.portal.context_processors import LARGE_TEXT_COOKIE, large_text_on
from fazhi.portal.models import PublicAccount
from fazhi.portal.throttle import Throttled

PENDING = "portal_signin"  # session key: what the person typed in step 1, while they wait for the code
KINDS = ("citizen", "enterprise")


def _next(request: Any) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("portal:home")


def _signin_url(next_url: str, **params: str) -> str:
    query = {**params}
    if next_url and next_url != reverse("portal:home"):
        query["next"] = next_url
    return reverse("portal:signin") + (f"?{urlencode(query)}" if query else "")


def _form_context(request: Any, **extra: Any) -> dict[str, Any]:
    data = request.POST if request.method == "POST" else {}
    kind = data.get("kind") or request.GET.get("kind") or "citizen"
    districts = all_districts()
    try:
        chosen = data.get("district") or auth.default_district().code
    except auth.SignInError:
        chosen = ""
    ip = client_ip_from_request(request)
    need_challenge = extra.pop("need_challenge", False) or auth.challenge_required("", ip=ip)
    context = {
        "step": "phone",
        "kind": kind if kind in KINDS else "citizen",
        "values": {
            k: (data.get(k) or "").strip()[:60] for k in ("phone", "uscc", "contact_name", "company_name")
        },
        "districts": districts if len(districts) > 1 else [],
        "district_chosen": chosen,
        "errors": {},
        "next": _next(request),
        "challenge": auth.challenge_question(request.session) if need_challenge else "",
    }
    context.update(extra)
    return context


@login_not_required
def signin(request: Any) -> Any:
    """登录: step 1 (number, enterprise details) or step 2 (the code); see the module."""
    user = request.user
    if user.is_authenticated:
        if is_public_user(user):
            return redirect(_next(request))
        return render(request, "portal/auth/staff_notice.html", status=200)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "verify":
            return _verify(request)
        if action == "resend":
            return _resend(request)
        return _send(request)
    if request.GET.get("step") == "code" and request.session.get(PENDING):
        return _code_page(request)
    request.session.pop(PENDING, None)
    return render(request, "portal/auth/signin.html", _form_context(request))


def _send(request: Any) -> Any:
    data = request.POST
    context = _form_context(request)
    errors: dict[str, str] = context["errors"]
    kind = context["kind"]
    enterprise = None
    district = None
    try:
        phone = auth.check_phone(data.get("phone", ""))
    except auth.SignInError as exc:
        errors[exc.field] = exc.message
        phone = ""
    if kind == "enterprise":
        checked = {}
        for name, check in (("uscc", auth.check_uscc_field), ("contact_name", auth.check_contact)):
            try:
                checked[name] = check(data.get(name, ""))
            except auth.SignInError as exc:
                errors[exc.field] = exc.message
        if len(checked) == 2:
            enterprise = auth.check_enterprise(
                checked["uscc"], checked["contact_name"], data.get("company_name", "")
            )
    try:
        district = (
            auth.district_by_code(data["district"]) if data.get("district") else auth.default_district()
        )
    except auth.SignInError as exc:
        errors[exc.field or "form"] = exc.message
    challenge_passed = False
    if "challenge_answer" in data and auth.challenge_pending(request.session):
        challenge_passed = auth.challenge_check(request.session, data.get("challenge_answer", ""))
        # Each question is answered once: should the page come back, it asks a new one.
        context["challenge"] = auth.challenge_new(request.session)
        if not challenge_passed:
            errors["challenge"] = "计算结果不正确，请重新计算下面的新题目。"
    if errors:
        return render(request, "portal/auth/signin.html", context, status=400)
    ip = client_ip_from_request(request)
    try:
        auth.code_send(phone, ip=ip, challenge_passed=challenge_passed)
    except auth.ChallengeRequired as exc:
        errors["challenge"] = exc.message
        context["challenge"] = auth.challenge_new(request.session)
        return render(request, "portal/auth/signin.html", context, status=400)
    except auth.SignInError as exc:
        errors[exc.field or "form"] = exc.message
        return render(request, "portal/auth/signin.html", context, status=400)
    except Throttled as exc:
        context.update(locked=exc.message)
        return render(request, "portal/auth/signin.html", context, status=429)
    request.session[PENDING] = {
        "phone": encrypt(phone),
        "kind": kind,
        "uscc": enterprise.uscc if enterprise else "",
        "contact_name": enterprise.contact_name if enterprise else "",
        "company_name": enterprise.name if enterprise else "",
        "district": district.code if district else "",
    }
    return redirect(_signin_url(context["next"], step="code"))


def _pending(request: Any) -> dict[str, Any] | None:
    pending = request.session.get(PENDING)
    if not pending:
        return None
    try:
        return {**pending, "phone": decrypt(pending["phone"])}
    except (ValueError, KeyError, TypeError):
        request.session.pop(PENDING, None)
        return None


def _code_page(request: Any, *, status: int = 200, **extra: Any) -> Any:
    pending = _pending(request)
    if pending is None:
        return redirect(_signin_url(_next(request)))
    context = {
        "step": "code",
        "masked_phone": mask_phone(pending["phone"]),
        "kind": pending.get("kind", "citizen"),
        "ttl_minutes": max(1, auth.code_ttl() // 60),
        "errors": {},
        "next": _next(request),
        "challenge": "",
    }
    context.update(extra)
    return render(request, "portal/auth/signin.html", context, status=status)


def _verify(request: Any) -> Any:
    pending = _pending(request)
    if pending is None:
        return redirect(_signin_url(_next(request)))
    ip = client_ip_from_request(request)
    try:
        district = auth.district_by_code(pending.get("district", "")) if pending.get("district") else None
        enterprise = (
            auth.Enterprise(pending["uscc"], pending["contact_name"], pending.get("company_name", ""))
            if pending.get("kind") == "enterprise"
            else None
        )
        user = auth.code_verify(
            pending["phone"], request.POST.get("code", ""), ip=ip, district=district, enterprise=enterprise
        )
    except auth.SignInError as exc:
        return _code_page(request, status=400, errors={exc.field or "form": exc.message})
    except Throttled as exc:
        return _code_page(request, status=429, locked=exc.message)
    large = large_text_on(request)
    next_url = _next(request)
    request.session.pop(PENDING, None)
    auth.sign_in(request, user, pending["phone"], large_text=large)
    return redirect(next_url)


def _resend(request: Any) -> Any:
    pending = _pending(request)
    if pending is None:
        return redirect(_signin_url(_next(request)))
    try:
        auth.code_send(pending["phone"], ip=client_ip_from_request(request))
    except auth.ChallengeRequired:
        # The challenge is on the first step: start again there (what was typed is not kept).
        request.session.pop(PENDING, None)
        context = _form_context(request, need_challenge=True)
        context["errors"]["challenge"] = auth.ChallengeRequired().message
        return render(request, "portal/auth/signin.html", context, status=400)
    except Throttled as exc:
        return _code_page(request, status=429, locked=exc.message)
    except auth.SignInError as exc:
        return _code_page(request, status=400, errors={exc.field or "form": exc.message})
    return _code_page(request, notice="新的验证码已发送，之前的验证码不再有效。")


@login_not_required
def signout(request: Any) -> Any:
    """退出: POST signs out and returns to the portal's home; GET only shows the home."""
    if request.method == "POST":
        logout(request)
    return redirect("portal:home")


@login_not_required
@require_POST
def large_text(request: Any) -> Any:
    """大字模式 on or off: a cookie for everyone, and the account's choice when signed in."""
    on = request.POST.get("large_text") == "on"
    if request.user.is_authenticated and is_public_user(request.user):
        PublicAccount.objects.filter(user=request.user).update(large_text=on)
    response = redirect(_next(request))
    if on:
        response.set_cookie(
            LARGE_TEXT_COOKIE,
            "1",
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure(),
        )
    else:
        response.delete_cookie(LARGE_TEXT_COOKIE, samesite="Lax")
    return response
