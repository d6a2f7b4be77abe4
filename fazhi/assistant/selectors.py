"""Reads of the assistant: the question log's topics for staff (masked text only: the log holds
nothing else), the knowledge documents and the builds."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, time
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from fazhi.assistant.models import Feedback, IndexBuild, KnowledgeDocument, Question


def _day_start(d: Any) -> datetime:
    return timezone.make_aware(datetime.combine(d, time.min))


def topics(filters: dict[str, Any]) -> QuerySet[Question]:
    """问答记录 by the topics page's filters: unanswered, rated unhelpful, or both (default)."""
    qs = Question.objects.all()
    show = filters.get("show") or "problems"
    if show == "problems":
        qs = qs.filter(Q(answered=False) | Q(feedback=Feedback.UNHELPFUL))
    elif show == "unanswered":
        qs = qs.filter(answered=False)
    elif show == "unhelpful":
        qs = qs.filter(feedback=Feedback.UNHELPFUL)
    if filters.get("route"):
        qs = qs.filter(route=filters["route"])
    if filters.get("channel"):
        qs = qs.filter(channel=filters["channel"])
    if filters.get("since"):
        qs = qs.filter(created_at__gte=_day_start(filters["since"]))
    if filters.get("until"):
        qs = qs.filter(created_at__lt=_day_start(filters["until"]) + timezone.timedelta(days=1))
    if filters.get("q"):
        qs = qs.filter(text__contains=filters["q"])
    return qs.order_by("-created_at", "-pk")


def topic_summary(qs: QuerySet[Question]) -> list[tuple[str, int]]:
    """How many of the listed questions fell to each route (most first)."""
    labels = dict(Question._meta.get_field("route").choices or [])
    counts = Counter(qs.order_by().values_list("route", flat=True))
    return [(str(labels.get(code, "未分流")), n) for code, n in counts.most_common()]


def documents() -> QuerySet[KnowledgeDocument]:
    return KnowledgeDocument.objects.select_related("updated_by").order_by("kind", "title")


def builds(limit: int = 10) -> list[IndexBuild]:
    return list(IndexBuild.objects.select_related("requested_by")[:limit])
