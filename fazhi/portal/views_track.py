"""查询进度 without signing in: a matter's number (查询编号) and its 查询码 give its public timeline
— plain words only, no personal information, no uploads. A wrong pair gets one neutral answer
whichever half was wrong, and attempts are limited per address, so numbers cannot be enumerated."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from fazhi.core.audit import client_ip_from_request
from fazhi.portal import throttle
from fazhi.portal.models import Submission
from fazhi.portal.services import NUMBER_LENGTH, NUMBER_PREFIX, TRACK_CODE_LENGTH, track_code_matches
from fazhi.portal.timeline import matter_of, public_status, timeline

NEUTRAL = "编号或查询码不正确"
NUMBER_RE = re.compile(rf"^{NUMBER_PREFIX}[0-9A-Z]{{{NUMBER_LENGTH}}}$")
CODE_RE = re.compile(rf"^\d{{{TRACK_CODE_LENGTH}}}$")


def throttled(request) -> str:
    """Count this look-up for the caller's address (fazhi.portal.throttle: counted in the database,
    so every worker agrees; the limit "track_ip_hour" is configurable). The message in Chinese
    when over the limit, else ""."""
    try:
        throttle.check_or_raise(
            throttle.key("track:ip", client_ip_from_request(request) or "-"),
            *throttle.rule("track_ip_hour"),
        )
    except throttle.Throttled as exc:
        return f"查询次数过多，请{throttle.wait_text(exc.retry_after)}后再试。如需帮助，请拨打 12348。"
    return ""


@login_not_required
def track(request):
    """查询进度: the number and 查询码 form; on a right pair, the matter's public timeline."""
    context: dict = {"errors": {}, "number": "", "found": None}
    if request.method != "POST":
        # The home page's box sends the number by GET: the form comes back with it filled in.
        context["number"] = re.sub(r"\s+", "", request.GET.get("number", "")).upper()[:20]
        return render(request, "portal/track/track.html", context)
    number = re.sub(r"\s+", "", request.POST.get("number", "")).upper()
    code = re.sub(r"\s+", "", request.POST.get("code", ""))
    context["number"] = number
    if message := throttled(request):
        context["errors"][""] = message
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
