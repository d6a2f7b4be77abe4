"""Back to the applicant (告知申请人): when a case submitted on the portal is accepted, refused, asked
for 补正 or closed, its applicant gets an SMS at the account's mobile number — plain words, the
查询编号, no personal information. A receiver of `fazhi.cases.signals.case_stepped` (connected in
PortalConfig.ready), so the lines know nothing of it; the public timeline shows the same news.

Nothing is sent for bulk work (ledger imports, the demo build: `notifications.suppressed()`), nor
for the applicant's own step (their 补正 answered online)."""

from __future__ import annotations

import logging
from typing import Any

from fazhi.cases.workflow import WorkflowError
from fazhi.core import notifications
from fazhi.core.sms import sms_send

logger = logging.getLogger("fazhi.portal")

TRACK_HINT = "详情请登录公共法律服务门户，或凭查询编号和查询码查询进度。"  # any district


def news_of(submission: Any, case: Any, transition: str, event: Any) -> str:
    """The SMS text for a step of `case` ("" when the step is no news for the applicant)."""
    from fazhi.portal.timeline import day_label, matter_of, timeline

    matter = matter_of(submission)
    label = matter.label if matter else case.spec.label
    try:
        t = case.spec.workflow.transition(transition)
    except WorkflowError:
        return ""
    to = getattr(event, "to_status", "") or case.status
    head = f"您通过网上申请的{label}（查询编号{submission.number}）"
    waiting = dict(matter.waiting_states) if matter else {}
    refusals = dict(matter.refusals) if matter else {}
    if matter and transition == matter.answer_transition:
        return ""
    if to in refusals:
        return f"{head}经审查{case.spec.workflow.states.get(to, '不予受理')}，理由和救济途径见进度页。{TRACK_HINT}"
    if t.closes:
        stage = next((s for s in reversed(timeline(submission)) if s.key == "closed"), None)
        outcome = f"，结果：{stage.notes[0]}" if stage and stage.notes else ""
        return f"{head}已办结{outcome}。欢迎您对本次服务作出评价。{TRACK_HINT}"
    if to in waiting and getattr(event, "from_status", "") != to:
        stage = next((s for s in reversed(timeline(submission)) if s.key == "waiting"), None)
        by = f"，请在{day_label(stage.due)}前" if stage and stage.due else "，请尽快"
        return f"{head}{waiting[to]}{by}补充，可在门户在线提交。{TRACK_HINT}"
    if t.accepts:
        return f"{head}已受理。{TRACK_HINT}"
    return ""


def on_case_stepped(sender: Any, *, case: Any, transition: str, event: Any = None, **kwargs: Any) -> None:
    """case_stepped receiver: SMS the portal applicant of `case` when the step is news to them."""
    from fazhi.portal.models import Submission

    if notifications.is_suppressed():
        return
    submission = Submission.objects.filter(case_id=case.pk).select_related("user").first()
    if submission is None or submission.is_demo:
        return
    text = news_of(submission, case, transition, event)
    if not text:
        return
    account = getattr(submission.user, "public_account", None)
    phone = account.phone if account is not None else notifications.phone_of(submission.user)
    sms_send(recipient=submission.user, phone=phone or "", text=text)
