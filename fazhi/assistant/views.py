"""The assistant's pages: the chat panel on the portal (public, works without JavaScript as a plain
form; htmx appends each answer), the same in the workbench for staff (with the date the law is read
on), the knowledge pages (documents, rebuild with progress, build log) and the staff page of
unanswered and poorly rated topics. Thin: parse, authorise, call services/selectors, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fazhi.assistant import knowledge, permissions, selectors, services
from fazhi.assistant.forms import AskForm, DocumentForm, TopicFilter
from fazhi.assistant.models import Channel, IndexBuild, KnowledgeDocument

SESSION_KEY = "assistant_asked"  # the questions this browser asked: it may rate them
REMEMBERED = 50
PAGE_SIZES = (20, 50, 100)


def _remember(request: Any, question_id: int) -> None:
    asked = [i for i in request.session.get(SESSION_KEY, []) if i != question_id]
    request.session[SESSION_KEY] = [*asked, question_id][-REMEMBERED:]


def _chat(request: Any, *, channel: str, page: str, dated: bool, **context: Any) -> Any:
    """The chat exchange of both channels: a POST asks; htmx gets the new exchange appended and a
    fresh form (out of band), a plain browser the whole page with the answer."""
    form = AskForm(request.POST or None)
    answer, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                answer = services.ask(
                    form.cleaned_data["question"],
                    on=form.cleaned_data.get("on") if dated else None,
                    channel=channel,
                    user=request.user,
                )
            except services.AssistantError as exc:
                form.add_error("question" if exc.field == "question" else None, str(exc))
                status = 400
            else:
                _remember(request, answer.question_id)
                form = AskForm()
        else:
            status = 400
    context.update(form=form, answer=answer, dated=dated, feedback_url="assistant_portal:feedback")
    if request.htmx and request.method == "POST":
        # 200 either way: htmx swaps only successful responses (the form carries the errors).
        return render(request, "assistant/_exchange.html", {**context, "oob": True})
    return render(request, page, context, status=status)


@login_not_required
def portal_ask(request):
    """法律助手 on the portal: anyone may ask (signed in or not)."""
    return _chat(request, channel=Channel.PORTAL, page="assistant/portal.html", dated=False)


def workbench_ask(request):
    """法律智能助手 in the workbench: staff may also choose the date the law is read on."""
    if not permissions.may_use(request.user):
        raise PermissionDenied("只有工作人员账号可以在工作台使用法律智能助手。")
    return _chat(
        request,
        channel=Channel.WORKBENCH,
        page="assistant/workbench.html",
        dated=True,
        meta=knowledge.index_meta(),
        may_manage=permissions.may_manage(request.user),
    )


@login_not_required
@require_POST
def feedback(request, pk: int):
    """有帮助 / 没帮助 on an answer this browser received (or this account asked)."""
    asked = pk in request.session.get(SESSION_KEY, [])
    error = "" if asked else "只能评价您在本页提出的问题。"
    done = None
    if not error:
        try:
            done = services.give_feedback(
                question_id=pk,
                helpful=request.POST.get("helpful") == "yes",
                note=request.POST.get("note", ""),
                user=request.user,
            )
        except services.AssistantError as exc:
            error = str(exc)
    if request.htmx:
        return render(request, "assistant/_feedback.html", {"done": done, "error": error, "question_id": pk})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, "已记录您的评价，谢谢！")
    back = request.POST.get("next", "")
    return redirect(back if back in ("/assistant/", "/portal/assistant/") else "assistant_portal:ask")


# --- knowledge -------------------------------------------------------------------------------------


def _require_manage(user: Any) -> None:
    if not permissions.may_manage(user):
        raise PermissionDenied("您没有维护助手知识库的权限。")


def documents(request):
    """助手知识库: the documents, the current index, the rebuild button and the build log."""
    _require_manage(request.user)
    return render(
        request,
        "assistant/documents.html",
        {
            "documents": selectors.documents(),
            "meta": knowledge.index_meta(),
            "builds": selectors.builds(),
            "running": services.current_build(),
        },
    )


def document_edit(request, pk: int | None = None):
    """新建 / 修改知识文档."""
    _require_manage(request.user)
    doc = get_object_or_404(KnowledgeDocument, pk=pk) if pk else None
    initial = (
        {"title": doc.title, "kind": doc.kind, "status": doc.status, "url": doc.url, "text": doc.text}
        if doc
        else {"kind": "guide", "status": "published"}
    )
    form = DocumentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_document(actor=request.user, document=doc, **form.cleaned_data)
        except services.DocumentError as exc:
            for name, message in exc.errors.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, f"已保存“{saved.title}”。重建索引后，助手即可引用它。")
            return redirect("assistant:documents")
    status = 400 if request.method == "POST" else 200
    return render(request, "assistant/document_form.html", {"form": form, "doc": doc}, status=status)


@require_POST
def rebuild(request):
    """重建索引: queued for the background worker; its page shows the progress."""
    _require_manage(request.user)
    build = services.start_rebuild(actor=request.user)
    return redirect("assistant:build", pk=build.pk)


def build_status(request, pk: int):
    """One build's progress (polled by htmx every second while it runs) and figures."""
    _require_manage(request.user)
    build = get_object_or_404(IndexBuild.objects.select_related("requested_by"), pk=pk)
    template = "assistant/_build_progress.html" if request.htmx else "assistant/build.html"
    return render(request, template, {"build": build})


# --- topics ----------------------------------------------------------------------------------------


def topics(request):
    """未解答与差评问题: the masked questions the assistant could not answer or that were rated 没帮助,
    with filters and paging, to see what the knowledge lacks."""
    if not permissions.may_review(request.user):
        raise PermissionDenied("您没有查看问答记录的权限。")
    form = TopicFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.topics(filters)
    try:
        size = int(request.GET.get("size", PAGE_SIZES[0]))
    except ValueError:
        size = PAGE_SIZES[0]
    page = Paginator(qs, size if size in PAGE_SIZES else PAGE_SIZES[0]).get_page(request.GET.get("page"))
    return render(
        request,
        "assistant/topics.html",
        {"form": form, "page": page, "summary": selectors.topic_summary(qs), "page_sizes": PAGE_SIZES},
    )
