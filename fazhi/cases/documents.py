"""文书 from every step: the engine's part. A line declares its document types on its `CaseKind`
(`documents`: title, Word template, 文号 rule, the builder of its own template values) and names
them on the transitions that produce them (`Transition.documents`); here they are numbered,
rendered (`fazhi.documents`: GB/T 9704 .docx and PDF from one Word template) and stored on the
case (`CaseDocument`, private storage), each write audited.

A step taken on the case page or through the API produces its documents right after the write, in
its transaction (`case_transition(documents=True)`); the ledger import and the demo do not (files
for thousands of cases would make them slow): a past step without its documents offers
"生成文书", which numbers and renders them then.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from fazhi import documents as docgen
from fazhi.cases.models import Case, CaseDocument, CaseEvent, EventKind
from fazhi.core.audit import AuditAction, audit_record
from fazhi.core.numbering import next_doc_number
from fazhi.core.roles import Action
from fazhi.core.scoping import can
from fazhi.law.basis import cn_date

log = logging.getLogger(__name__)

CASE_NUMBER = "case"  # DocumentType.number: the case's own 发文字号 (一案一号, DOMAIN.md §5.2)

# (case, the step's timeline event) -> the line's own template values (added to `base_context`).
ContextBuilder = Callable[[Case, CaseEvent], Mapping[str, Any]]


@dataclass(frozen=True)
class DocumentType:
    """文书类型: one statutory document a line's steps produce.

    `template`: the Word file's name (shipped in fazhi/documents/templates/, replaceable by the
    bureau's own copy in settings.FAZHI_DOCUMENT_TEMPLATES). `number`: its 文号 — "case" (the
    case's own number, which for 行政复议 and 法律援助 is the 发文字号: one case, one number), a
    FAZHI_NUMBER_PREFIXES key (its own sequence, allocated when the document is made, in that
    transaction) or "" (none, e.g. a pleading to a court). `when(data)`: only if the step's data
    says so (e.g. a written, not an oral, mediation agreement)."""

    code: str
    title: str
    template: str
    number: str = CASE_NUMBER
    context: ContextBuilder | None = None
    when: Callable[[Mapping[str, Any]], bool] | None = None

    def applies(self, data: Mapping[str, Any]) -> bool:
        return self.when is None or bool(self.when(data))


class DocumentError(Exception):
    """A document could not be made (template missing or broken, 机关代字 not configured …);
    the message is in Chinese."""


# --- values for templates ---------------------------------------------------------------------


def date_cn(day: date | str | None) -> str:
    """2026年3月5日 (成文日期 with Arabic numerals, GB/T 9704-2012 §7.3.5.1)."""
    if not day:
        return ""
    if isinstance(day, str):
        day = date.fromisoformat(day)
    return cn_date(day)


def paragraphs(text: Any) -> list[str]:
    """A text a user typed as the paragraphs of a template's `{%p for … %}` loop."""
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


def party_names(case: Case, role: str) -> str:
    return "、".join(p.name for p in case.parties.all() if p.role == role)


def base_context(case: Case, event: CaseEvent, number: str) -> dict[str, Any]:
    """What every template may use (fazhi/documents/build_templates.py lists them)."""
    spec = case.spec
    return {
        "org_name": case.org_unit.name,
        "doc_number": number,
        "case_number": case.number,
        "case_title": case.title,
        "applicant": party_names(case, spec.applicant_role),
        "counterpart": party_names(case, spec.counterpart_role),
        "received_date": date_cn(case.received_on),
        "step_date": date_cn(event.on),
        "date_cn": date_cn(event.on),
        "data": dict(event.data or {}),
    }


# --- making them ---------------------------------------------------------------------------------


def declared(case: Case, event: CaseEvent) -> list[DocumentType]:
    """The document types the event's step declares that apply to its data."""
    if event.kind != EventKind.TRANSITION or not event.transition:
        return []
    spec = case.spec
    t = next((t for t in spec.workflow.transitions if t.name == event.transition), None)
    if t is None:  # a step since renamed
        return []
    return [d for d in (spec.document_type(c) for c in t.documents) if d.applies(event.data or {})]


def number_for(doc_type: DocumentType, case: Case, event: CaseEvent) -> str:
    if doc_type.number == CASE_NUMBER:
        return case.number
    if not doc_type.number:
        return ""
    try:
        return next_doc_number(doc_type.number, event.on.year)
    except KeyError as exc:
        raise DocumentError(str(exc.args[0]) if exc.args else "未配置机关代字。") from exc


def render(doc_type: DocumentType, case: Case, event: CaseEvent, number: str) -> tuple[bytes, bytes]:
    """The document's .docx and PDF."""
    context = base_context(case, event, number)
    if doc_type.context is not None:
        context.update(doc_type.context(case, event))
    try:
        template = docgen.find_template(doc_type.template, settings.FAZHI_DOCUMENT_TEMPLATES)
        docx = docgen.render_docx(template, context)
        pdf = docgen.docx_to_pdf(docx, font_dir=settings.FAZHI_DOCUMENT_FONTS)
    except docgen.TemplateMissing as exc:
        raise DocumentError(str(exc)) from exc
    except Exception as exc:  # a bureau's edited template may break in many ways (Jinja, XML, fonts)
        log.exception("文书 %s of case %s could not be rendered", doc_type.code, case.pk)
        raise DocumentError(f"“{doc_type.title}”未能生成（模板 {doc_type.template}：{exc}）。") from exc
    return docx, pdf


@transaction.atomic
def case_documents_issue(*, actor: Any, case: Case, event: CaseEvent) -> list[CaseDocument]:
    """制作文书: the documents the step of `event` declares and does not have yet — numbered,
    rendered and stored, each audited. Raises PermissionError without the right to handle the
    case, DocumentError (nothing is stored, no number used) if one cannot be made."""
    if not can(actor, Action.CHANGE, case):
        raise PermissionError("您没有办理此案件的权限。")
    Case.objects.select_for_update().filter(pk=case.pk).first()  # one maker at a time per case
    have = set(CaseDocument.objects.filter(event=event).values_list("doc_type", flat=True))
    made = []
    for doc_type in declared(case, event):
        if doc_type.code in have:
            continue
        number = number_for(doc_type, case, event)
        docx, pdf = render(doc_type, case, event, number)
        doc = CaseDocument(
            case=case,
            event=event,
            doc_type=doc_type.code,
            title=doc_type.title,
            number=number,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        stem = f"{event.pk}-{doc_type.code}"
        doc.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
        doc.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        doc.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=doc,
            detail={"case": case.pk, "event": event.pk, "doc_type": doc_type.code, "number": number},
        )
        made.append(doc)
    return made


def issue_after_step(*, actor: Any, case: Case, event: CaseEvent) -> list[str]:
    """The step's documents, right after its write (inside its transaction, in a savepoint): a
    document that cannot be made does not undo the step; its Chinese reason is returned, and the
    case page offers to make it again."""
    if not declared(case, event):
        return []
    try:
        with transaction.atomic():
            case_documents_issue(actor=actor, case=case, event=event)
    except DocumentError as exc:
        return [str(exc)]
    return []


def annotate_timeline(user: Any, case: Case, events: list[CaseEvent]) -> None:
    """Give each timeline event its documents (`e.case_documents`) and whether this user may make
    the ones it lacks (`e.documents_missing`: their titles)."""
    by_event: dict[int, list[CaseDocument]] = {}
    for doc in CaseDocument.objects.filter(case=case).order_by("id"):
        by_event.setdefault(doc.event_id, []).append(doc)
    may_change = can(user, Action.CHANGE, case)
    for e in events:
        docs = by_event.get(e.pk, [])
        e.case_documents = docs
        have = {d.doc_type for d in docs}
        e.documents_missing = [d.title for d in declared(case, e) if d.code not in have] if may_change else []


def download_name(doc: CaseDocument, fmt: str) -> str:
    """行政复议申请补正通知书（西政复〔2026〕7号）.pdf"""
    number = f"（{doc.number}）" if doc.number else ""
    return f"{doc.title}{number}.{fmt}"


def timeline_events(user: Any, case: Case) -> list[CaseEvent]:
    """The case's timeline, each event with its documents (see `annotate_timeline`)."""
    events = list(case.events.all())
    annotate_timeline(user, case, events)
    return events
