"""The public portal (公众服务门户): a signed-in person's own matters ("我的事项") and each matter's
page — its public timeline, their uploads, the 补正 answered online and the rating when it ends."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fazhi.core.roles import Action
from fazhi.network.models import Rating
from fazhi.portal import services
from fazhi.portal.auth import public_login_required
from fazhi.portal.models import Submission
from fazhi.portal.timeline import matter_of, public_status, timeline

PAGE_SIZE = 10


def own_submissions(user: Any):
    """The submissions `user` made (scoped: a public user reaches only their own)."""
    return Submission.objects.scoped_for(user, Action.VIEW).filter(user=user)


@login_not_required
def home(request):
    """Home: a signed-in person sees their own matters, newest first, with where each stands and
    what they need to do now; a visitor sees the ways in (办事, 查询进度, 附近服务)."""
    page = None
    rows = []
    if request.user.is_authenticated:
        qs = own_submissions(request.user).select_related("case")
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        for submission in page:
            matter = matter_of(submission)
            rows.append(
                {
                    "s": submission,
                    "label": matter.label
                    if matter
                    else (submission.case.spec.label if submission.case else "事项"),
                    "status": public_status(submission),
                }
            )
    return render(request, "portal/home.html", {"page": page, "rows": rows})


def own_submission(user: Any, number: str) -> Submission:
    """The signed-in user's own submission `number`, else 404 (another's looks like none)."""
    submission = (
        own_submissions(user).select_related("case", "org_unit").filter(number=str(number).upper()).first()
    )
    if submission is None:
        raise Http404("没有找到这个事项。")
    return submission


def upload_url(matter: Any, number: str) -> str:
    """The upload page of the matter, when its matter takes material."""
    if matter is None or not matter.uploads:
        return ""
    return reverse("portal:materials", args=[number])


def matter_context(submission: Submission, user: Any) -> dict[str, Any]:
    matter = matter_of(submission)
    stages = timeline(submission)
    status = public_status(submission, stages)
    uploads = []
    if submission.case_id:
        uploads = list(
            submission.case.attachments.filter(uploaded_by=user)
            .order_by("uploaded_at")
            .values("original_name", "uploaded_at", "size")
        )
    answer_limit = 0
    if status.waiting and matter is not None and matter.answer_transition and submission.case_id:
        answer_limit = services.answer_max_length(matter, submission.case)
    return {
        "submission": submission,
        "matter": matter,
        "label": matter.label if matter else "事项",
        "stages": stages,
        "status": status,
        "uploads": uploads,
        # Material is added while the matter is open (portal_attach refuses it afterwards).
        "upload_url": "" if status.ended else upload_url(matter, submission.number),
        "answer_limit": answer_limit,
        "can_rate": status.ended and not submission.rating,
        "ratings": Rating.choices,
        "comment_limit": services.COMMENT_MAX_LENGTH,
    }


@public_login_required
def matter(request, number: str):
    """One of my matters: its timeline, my uploads, the 补正 answer and the rating."""
    submission = own_submission(request.user, number)
    return render(request, "portal/track/matter.html", matter_context(submission, request.user))


def _failed(request, submission: Submission, exc: services.MatterActionError, form: str):
    context = matter_context(submission, request.user)
    context.update(
        {"error": exc.message, "error_field": exc.field, "error_form": form, "posted": request.POST}
    )
    return render(request, "portal/track/matter.html", context, status=400)


@public_login_required
@require_POST
def answer(request, number: str):
    """在线补正: the applicant sends what they supply."""
    submission = own_submission(request.user, number)
    try:
        services.portal_answer(actor=request.user, submission=submission, text=request.POST.get("text", ""))
    except services.MatterActionError as exc:
        return _failed(request, submission, exc, "answer")
    messages.success(request, "补充材料已提交，受理单位将继续审查。")
    return redirect("portal:matter", submission.number)


@public_login_required
@require_POST
def rate(request, number: str):
    """评价: the applicant rates their ended matter, once."""
    submission = own_submission(request.user, number)
    try:
        services.portal_rate(
            actor=request.user,
            submission=submission,
            rating=request.POST.get("rating", ""),
            comment=request.POST.get("comment", ""),
        )
    except services.MatterActionError as exc:
        return _failed(request, submission, exc, "rate")
    messages.success(request, "感谢您的评价！")
    return redirect("portal:matter", submission.number)
