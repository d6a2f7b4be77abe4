"""The assistant's use cases: `ask` (answer a question with the articles it rests on, the bureau's
guidance, the service that handles it and the period where a date is given — and log it masked),
`give_feedback`, `save_document` and `start_rebuild` / `run_rebuild` of the index. Every channel
(portal, workbench, API, CLI) calls these."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fazhi.assistant import generate, knowledge
from fazhi.assistant.conf import Conf, conf
from fazhi.assistant.models import (
    BuildState,
    Channel,
    DocumentKind,
    DocumentStatus,
    Feedback,
    IndexBuild,
    KnowledgeDocument,
    Question,
)
from fazhi.assistant.pii import mask_question
from fazhi.assistant.routing import DEFAULT, Period, RouteSpec, route, strip_dates
from fazhi.core.audit import audit_record
from fazhi.core.models.audit import AuditAction
from fazhi.network.signposts import HOTLINE
from fazhi.text.engine import Hit

logger = logging.getLogger("fazhi.assistant")
MAX_QUESTION = 500  # characters: a question, not a case file
ARTICLES = 5
GUIDANCE = 3
CANDIDATES = 40
NOT_FOUND = "未找到相关规定"


class AssistantError(ValueError):
    """Input the assistant cannot take (message in Chinese, naming the field)."""

    def __init__(self, message: str, field: str = "question") -> None:
        super().__init__(message)
        self.field = field


class QuestionNotFound(AssistantError):
    """No such question in the log."""


class NotYourQuestion(AssistantError):
    """Feedback on a question another account asked."""


@dataclass(frozen=True)
class Cited:
    """One passage an answer rests on: an article (law, article number, text, in force on the
    date asked) or a section of the bureau's guidance."""

    key: str
    kind: str
    title: str
    label: str
    text: str
    score: float
    url: str = ""
    effective: date | None = None

    @classmethod
    def of(cls, hit: Hit) -> Cited:
        p = hit.passage
        return cls(p.key, p.kind, p.title, p.label, p.text, round(hit.score, 3), p.url, p.effective)

    @property
    def kind_label(self) -> str:
        return "法条" if self.kind == "article" else dict(DocumentKind.choices).get(self.kind, "服务站点")


@dataclass(frozen=True)
class Answer:
    """What the asker sees: the articles and guidance, the route with its portal link, the periods,
    a checked generated text (if the mode is on and its draft passed), or that nothing was found."""

    question_id: int
    question: str
    on: date
    answered: bool
    articles: list[Cited]
    guidance: list[Cited]
    route: RouteSpec
    route_url: str
    periods: tuple[Period, ...] = ()
    generated: str = ""
    notice: str = ""
    hotline: str = HOTLINE
    nearby_url: str = field(default="")

    @property
    def show_hotline(self) -> bool:
        return not self.answered or self.route.hotline

    def as_json(self) -> dict[str, Any]:
        def cited(c: Cited) -> dict[str, Any]:
            return {
                "key": c.key,
                "kind": c.kind,
                "law" if c.kind == "article" else "title": c.title,
                "article" if c.kind == "article" else "section": c.label,
                "text": c.text,
                "score": c.score,
                "url": c.url,
                "effective": c.effective.isoformat() if c.effective else None,
            }

        return {
            "question_id": self.question_id,
            "on": self.on.isoformat(),
            "answered": self.answered,
            "notice": self.notice,
            "articles": [cited(c) for c in self.articles],
            "guidance": [cited(c) for c in self.guidance],
            "route": {
                "code": str(self.route.code),
                "label": self.route.label,
                "url": self.route_url,
                "explanation": self.route.explanation,
                "basis": self.route.basis,
            },
            "periods": [
                {
                    "rule": p.rule_id,
                    "text": p.text,
                    "due": p.due.isoformat(),
                    "basis": p.basis,
                    "explanation": p.explanation,
                    "provisional": p.provisional,
                }
                for p in self.periods
            ],
            "generated": self.generated,
            "hotline": self.hotline,
            "nearby_url": self.nearby_url,
        }


def _search(question: str, on: date | None) -> tuple[list[Hit], str]:
    try:
        r = knowledge.retriever()
    except knowledge.IndexMissing as exc:
        return [], str(exc)
    hits = r.search(strip_dates(question) or question, k=CANDIDATES, on=on)
    # Only what the loaded index holds (an article withdrawn by a rebuild is not cited).
    return [h for h in hits if r.get(h.passage.key) is not None], ""


def ask(question: str, *, on: date | None = None, channel: str, user: Any = None) -> Answer:
    """Answer `question` (as of `on`: articles in force that day; default today) and log it masked."""
    question = (question or "").strip()
    if not question:
        raise AssistantError("请输入您的问题。")
    if len(question) > MAX_QUESTION:
        raise AssistantError(f"问题不能超过 {MAX_QUESTION} 字，请简要描述。")
    if channel not in Channel.values:
        raise AssistantError(f"未知的渠道：{channel}", "channel")
    c = conf()
    day = on or timezone.localdate()
    routing = route(question, on=day)
    hits, problem = _search(question, on)
    relevant = [h for h in hits if h.score >= c.min_score]
    articles = [Cited.of(h) for h in relevant if h.passage.kind == "article"][:ARTICLES]
    guidance = [Cited.of(h) for h in relevant if h.passage.kind != "article"][:GUIDANCE]
    answered = bool(articles or guidance)
    spec = routing.route if (answered or routing.matched) else DEFAULT
    draft = None
    if answered:
        draft = generate.draft(
            c.llm,
            question,
            [h.passage for h in relevant if h.passage.key in {x.key for x in articles + guidance}],
        )
    notice = (
        ""
        if answered
        else f"{NOT_FOUND}。{problem}".rstrip("。") + "。建议拨打 12348 或到就近的公共法律服务站点咨询。"
    )
    asker = user if getattr(user, "is_authenticated", False) else None
    logged = Question.objects.create(
        text=mask_question(question),
        route=spec.code,
        answer_keys=[x.key for x in articles + guidance],
        top_score=round(max((h.score for h in hits), default=0.0), 4),
        answered=answered,
        generated=bool(draft and draft.accepted),
        channel=channel,
        asked_on=on,
        asker=asker,
    )
    return Answer(
        question_id=logged.pk,
        question=question,
        on=day,
        answered=answered,
        articles=articles,
        guidance=guidance,
        route=spec,
        route_url=reverse("portal:submit", args=[spec.matter]),
        periods=routing.periods if spec is routing.route else (),
        generated=draft.text if draft and draft.accepted else "",
        notice=notice,
        nearby_url=reverse("nearby:point"),
    )


def give_feedback(*, question_id: int, helpful: bool, note: str = "", user: Any = None) -> Question:
    """有帮助 / 没帮助 on an answer (the latest choice counts); the note is masked like the question.
    A question asked by a signed-in account takes feedback only from that account."""
    q = Question.objects.filter(pk=question_id).first()
    if q is None:
        raise QuestionNotFound("没有这条问答记录。", "question_id")
    if q.asker_id is not None and getattr(user, "pk", None) != q.asker_id:
        raise NotYourQuestion("只能评价自己提出的问题。", "question_id")
    q.feedback = Feedback.HELPFUL if helpful else Feedback.UNHELPFUL
    q.feedback_note = mask_question(note)[:300]
    q.save(update_fields=["feedback", "feedback_note"])
    return q


@transaction.atomic
def save_document(
    *,
    actor: Any,
    title: str,
    text: str,
    kind: str = DocumentKind.GUIDE,
    url: str = "",
    status: str = DocumentStatus.PUBLISHED,
    document: KnowledgeDocument | None = None,
    is_demo: bool = False,
) -> KnowledgeDocument:
    """Create or change a knowledge document (history kept, audited); it is answered from after the
    next index build."""
    errors = {}
    if not title.strip():
        errors["title"] = "请填写标题。"
    if not text.strip():
        errors["text"] = "请填写正文。"
    if kind not in DocumentKind.values:
        errors["kind"] = "类型只能是合规指引、常见问题或服务事项。"
    if status not in DocumentStatus.values:
        errors["status"] = "状态只能是已发布、草稿或已停用。"
    clash = KnowledgeDocument.objects.filter(title=title.strip())
    if document is not None:
        clash = clash.exclude(pk=document.pk)
    if title.strip() and clash.exists():
        errors["title"] = f"已有标题为“{title.strip()}”的知识文档。"
    if errors:
        raise DocumentError(errors)
    creating = document is None
    doc = document or KnowledgeDocument(is_demo=is_demo)
    doc.title, doc.text, doc.kind, doc.url, doc.status = (
        title.strip(),
        text.strip(),
        kind,
        url.strip(),
        status,
    )
    doc.updated_by = actor if getattr(actor, "pk", None) else None
    doc._history_user = doc.updated_by  # type: ignore[attr-defined]
    doc.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        obj=doc,
        detail={"kind": kind, "status": status},
    )
    return doc


class DocumentError(AssistantError):
    """A knowledge document that cannot be saved: the reasons by field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("请更正标出的内容。", next(iter(errors)))
        self.errors = errors


def current_build() -> IndexBuild | None:
    """The build queued or running, if any."""
    return IndexBuild.objects.filter(state__in=[BuildState.QUEUED, BuildState.RUNNING]).first()


def start_rebuild(*, actor: Any) -> IndexBuild:
    """Queue a rebuild of the index (run by the background worker); a build already queued or
    running is returned instead of starting a second."""
    from fazhi.assistant.tasks import rebuild_index_task

    with transaction.atomic():
        running = current_build()
        if running is not None:
            return running
        build = IndexBuild.objects.create(requested_by=actor if getattr(actor, "pk", None) else None)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=build, detail={"index": "rebuild"})
        transaction.on_commit(lambda: rebuild_index_task.enqueue(build.pk))
    return build


def run_rebuild(build_id: int, c: Conf | None = None, *, echo: Any = None) -> IndexBuild:
    """Build the index for the IndexBuild row, writing its progress as it goes (and to `echo`,
    a callable taking a line, for the CLI)."""
    build = IndexBuild.objects.get(pk=build_id)
    if build.state not in (BuildState.QUEUED, BuildState.RUNNING):
        return build
    IndexBuild.objects.filter(pk=build.pk).update(state=BuildState.RUNNING, started_at=timezone.now())

    def progress(step: str, done: int, total: int) -> None:
        IndexBuild.objects.filter(pk=build.pk).update(step=step[:50], done=done, total=total)
        if echo is not None:
            echo(f"{step} {done}/{total}")

    try:
        figures = knowledge.build_index(c, progress=progress)
    except Exception as exc:
        logger.exception("assistant index build %s failed", build.pk)
        IndexBuild.objects.filter(pk=build.pk).update(
            state=BuildState.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
    else:
        IndexBuild.objects.filter(pk=build.pk).update(
            state=BuildState.DONE, figures=figures, step="完成", finished_at=timezone.now()
        )
    build.refresh_from_db()
    return build
