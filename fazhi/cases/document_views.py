"""文书 on the case page: download (Word, PDF), print (the PDF inline) and make the documents a past
step lacks. Every file is read through the user's scope and its reading audited."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from fazhi.cases import documents, selectors
from fazhi.cases.models import CaseDocument, EventKind
from fazhi.core.audit import AuditAction, audit_record
from fazhi.core.roles import Action
from fazhi.core.scoping import can

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def document_file(request, pk: int, fmt: str):
    """下载Word / 下载PDF; 打印: the PDF shown in the browser (?inline=1)."""
    if fmt not in CONTENT_TYPES:
        raise Http404("没有这种文件格式")
    doc = get_object_or_404(CaseDocument, pk=pk)
    case = selectors.case_for(request.user, doc.case_id)  # 404 outside the user's scope
    if not can(request.user, Action.VIEW_PII, case):  # a 文书 names the parties, with their IDs
        raise PermissionDenied("文书含当事人个人信息，您的角色不能下载。")
    inline = fmt == "pdf" and request.GET.get("inline") == "1"
    field = doc.docx if fmt == "docx" else doc.pdf
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404("文书文件已不存在，请联系管理员。") from None
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=doc,
        detail={"case": case.pk, "format": fmt, "inline": inline, "number": doc.number},
    )
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=documents.download_name(doc, fmt),
        content_type=CONTENT_TYPES[fmt],
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def document_issue(request, kind: str, pk: int, event_pk: int):
    """生成文书: the documents a past step declares and lacks (e.g. a case from a ledger import)."""
    case = selectors.case_for(request.user, pk, kind)
    if not can(request.user, Action.CHANGE, case):
        raise PermissionDenied("您没有办理此案件的权限。")
    event = get_object_or_404(case.events, pk=event_pk, kind=EventKind.TRANSITION)
    try:
        made = documents.case_documents_issue(actor=request.user, case=case, event=event)
    except documents.DocumentError as exc:
        messages.error(request, str(exc))
    else:
        if made:
            messages.success(request, "已生成：" + "、".join(str(d) for d in made))
        else:
            messages.info(request, "该环节的文书均已生成。")
    return redirect("cases:detail", kind=kind, pk=case.pk)
