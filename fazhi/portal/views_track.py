"""查询进度 without signing in: a matter's number (查询编号) and its 查询码 give its public timeline
— plain words only, no personal information, no uploads. A wrong pair gets one neutral answer
whichever half was wrong, and attempts are limited per address, so numbers cannot be enumerated."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.shortcuts import render

from fazhi.portal.models import Submission
from fazhi.portal.services import NUMBER_LENGTH, NUMBER_PREFIX, TRACK_CODE_LENGTH, track_code_matches
from fazhi.portal.timeline import matter_of, public_status, timeline

NEUTRAL = "编号或查询码不正确"
NUMBER_RE = re.compile(rf"^{NUMBER_PREFIX}[0-9A-Z]{{{NUMBER_LENGTH}}}$")
CODE_RE = re.compile(rf"^\d{{{TRACK_CODE_LENGTH}}}$")
# Attempts per address per window (settings may change them).
TRACK_LIMIT = 10
TRACK_WINDOW = 600  # seconds


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def throttled(request) -> bool:
    """Count this attempt for the caller's address; True when it is over the limit.

    TODO(issue 18): use fazhi.portal.throttle (the portal's shared, database-backed limits) once it
    is merged; this counter lives in Django's cache, shared between processes only with a shared
    cache backend."""
    limit = getattr(settings, "PORTAL_TRACK_LIMIT", TRACK_LIMIT)
    window = getattr(settings, "PORTAL_TRACK_WINDOW", TRACK_WINDOW)
    key = f"fazhi:portal:track:{client_address(request)}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > limit


@login_not_required
def track(request):
    """查询进度: the number and 查询码 form; on a right pair, the matter's public timeline."""
    context: dict = {"errors": {}, "number": "", "found": None}
    if request.method != "POST":
        return render(request, "portal/track/track.html", context)
    number = re.sub(r"\s+", "", request.POST.get("number", "")).upper()
    code = re.sub(r"\s+", "", request.POST.get("code", ""))
    context["number"] = number
    if throttled(request):
        context["errors"][""] = "查询次数过多，请 10 分钟后再试。如需帮助，请拨打 12348。"
        return render(request, "portal/track/track.html", context, status=429)
    errors = context["errors"]
    if not NUMBER_RE.match(number):
        errors["number"] = (
            f"查询编号以 {NUMBER_PREFIX} 开头，共 {len(NUMBER_PREFIX) + NUMBER_LENGTH} 位字母和数字，见提交成功页或短信。"
        )
    if not CODE_RE.match(code):
        errors["code"] = f"查询码为 {TRACK_CODE_LENGTH} 位数字，提交成功时显示。"
    if errors:
        return render(request, "portal/track/track.html", context, status=400)
    submission = Submission.objects.select_related("case").filter(number=number).first()
    probe = submission or Submission(number=number, track_code_hash="")
    if not track_code_matches(probe, code) or submission is None:
        errors[""] = NEUTRAL
        return render(request, "portal/track/track.html", context, status=400)
    matter = matter_of(submission)
    stages = timeline(submission)
    context["found"] = {
        "submission": submission,
        "label": matter.label if matter else "事项",
        "stages": stages,
        "status": public_status(submission, stages),
    }
    return render(request, "portal/track/track.html", context)
