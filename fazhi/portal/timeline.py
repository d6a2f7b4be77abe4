"""The public timeline (办理进度) of a submitted matter, in plain words: 已收到 / 已受理 / 需补充材料 —
with what is missing and by when / 不予受理 — with the reasons and the rights of objection /
已办结 — with the outcome. One pure function of a `Submission` (reads only), used by the owner's
matter page, the tracking page without sign-in, the "my matters" list and the SMS texts alike.

What a line tells the public is declared on its matter (fazhi.cases.submittable.Matter):
`waiting_states` (the 补正 status and its plain words), `refusals` (refusing statuses and the rights
of objection), `public_fields` (what of a step's data the applicant may read). Nothing else of a
case is shown: no staff notes, no other party, no internal deadline — only the periods that are the
applicant's own (a deadline whose party is the applicant, e.g. 提交补正材料)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from fazhi.cases.models import WINDOW_PARTIES, Case, DeadlineState, EventKind
from fazhi.cases.registry import outcome_label
from fazhi.cases.submittable import Matter
from fazhi.cases.submittable import get as get_matter
from fazhi.cases.workflow import Transition, WorkflowError
from fazhi.core.pii import mask_id_number, mask_phone

APPLICANT = "applicant"
assert APPLICANT in WINDOW_PARTIES  # the applicant's own periods are windows, not the body's duties
NO_RIGHTS_DECLARED = "如对决定有异议，可以拨打 12348 法律服务热线，咨询依法维护权利的途径。"

_ID = re.compile(r"(?<![\dXx])(\d{17}[\dXx]|\d{15})(?![\dXx])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
_TRAILING_NOTE = re.compile(r"（[^（）]*）$")  # "不予法律援助的理由（书面告知申请人）": a note for staff


@dataclass(frozen=True)
class Stage:
    """One step of the public timeline. `state`: done, current (where the matter is now) or todo
    (still to come). `due`: the day by which the applicant must act (a waiting stage); `notes`:
    what they were told (the missing items, the reasons); `rights`: their rights of objection."""

    key: str  # received, accepted, waiting, supplied, refused, closed, answered, todo
    label: str
    on: date | None = None
    state: str = "done"
    notes: tuple[str, ...] = ()
    due: date | None = None
    rights: str = ""


@dataclass(frozen=True)
class PublicStatus:
    """Where a matter stands, in plain words, and what the applicant needs to do now ("" for nothing)."""

    label: str
    todo: str = ""
    ended: bool = False
    waiting: bool = False
    refused: bool = False


def public_text(text: Any) -> str:
    """Free text as the public may see it: ID and mobile numbers in it masked (a reason written by
    staff may quote another party's)."""
    value = str(text or "").strip()
    value = _ID.sub(lambda m: mask_id_number(m.group(1)), value)
    return _MOBILE.sub(lambda m: mask_phone(m.group(1)), value)


def day_label(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def matter_of(submission: Any) -> Matter | None:
    """The declared matter of a submission (None if it is no longer declared)."""
    try:
        return get_matter(submission.matter)
    except KeyError:
        return None


def timeline(submission: Any) -> list[Stage]:
    """The public timeline of `submission`, oldest first."""
    received = Stage("received", "已收到", timezone.localdate(submission.created_at))
    matter = matter_of(submission)
    if submission.case_id:
        return _case_stages(submission.case, matter, received)
    record = submission.record if submission.record_id else None
    if matter is not None and matter.stages is not None and record is not None:
        stages = [received]
        for label, on, note in matter.stages(record):
            stages.append(Stage("answered", label, on, notes=(public_text(note),) if note else ()))
        return _mark(stages, ended=len(stages) > 1)
    answered_on = _answered_on(record)
    if answered_on:
        return [received, Stage("answered", "已答复", answered_on)]
    return _mark([received, Stage("todo", "已答复", state="todo")], ended=False)


def public_status(submission: Any, stages: list[Stage] | None = None) -> PublicStatus:
    """Where `submission` stands and what its applicant needs to do now."""
    stages = stages if stages is not None else timeline(submission)
    done = [s for s in stages if s.state != "todo"]
    last = done[-1]
    if last.key == "refused":
        return PublicStatus(last.label, ended=True, refused=True)
    if last.key == "closed":
        outcome = "：" + last.notes[0] if last.notes else ""
        return PublicStatus(f"已办结{outcome}", ended=True)
    if last.key == "answered":
        return PublicStatus(last.label, ended=True)
    if last.key == "waiting" and last.state == "current":
        by = f"请在{day_label(last.due)}前补充材料" if last.due else "请尽快补充材料"
        return PublicStatus(last.label, todo=f"{by}。", waiting=True)
    if any(s.key == "accepted" for s in done):
        return PublicStatus("已受理，正在办理")
    return PublicStatus("已收到，等待受理审查")


def _answered_on(record: Any) -> date | None:
    for name in ("answered_on", "replied_on", "closed_on"):
        value = getattr(record, name, None)
        if value:
            return value
    return None


def _mark(stages: list[Stage], *, ended: bool) -> list[Stage]:
    """The last done stage is "current" while the matter is open."""
    if ended:
        return stages
    done = [i for i, s in enumerate(stages) if s.state == "done"]
    if done:
        i = done[-1]
        s = stages[i]
        stages[i] = Stage(s.key, s.label, s.on, "current", s.notes, s.due, s.rights)
    return stages


def _case_stages(case: Case, matter: Matter | None, received: Stage) -> list[Stage]:
    workflow = case.spec.workflow
    waiting = dict(matter.waiting_states) if matter else {}
    refusals = dict(matter.refusals) if matter else {}
    stages = [received]
    accepted = False
    ended = False
    events = (
        case.events.filter(kind__in=(EventKind.TRANSITION, EventKind.SYSTEM))
        .exclude(transition="")
        .order_by("on", "id")
    )
    for event in events:
        try:
            t = workflow.transition(event.transition)
        except WorkflowError:
            continue
        to = event.to_status
        if t.accepts and not accepted:
            accepted = True
            stages.append(Stage("accepted", "已受理", case.accepted_on or event.on))
        if to in waiting and event.from_status != to:
            due = event.data.get("supply_by") if isinstance(event.data, dict) else None
            stages.append(
                Stage(
                    "waiting",
                    waiting[to],
                    event.on,
                    notes=_notes(t, event.data, matter),
                    due=date.fromisoformat(due) if isinstance(due, str) and due else None,
                )
            )
        elif event.from_status in waiting and to not in waiting and to:
            stages.append(Stage("supplied", "已补充材料", event.on))
        if to in refusals:
            ended = True
            rights = refusals[to] or NO_RIGHTS_DECLARED
            stages.append(
                Stage(
                    "refused",
                    workflow.states.get(to, "不予受理"),
                    event.on,
                    notes=_notes(t, event.data, matter),
                    rights=rights,
                )
            )
        elif t.closes:
            ended = True
            label = (
                workflow.outcomes.get(t.outcome or "", "")
                if t.outcome and not t.outcome.startswith("=")
                else ""
            )
            outcome = label or outcome_label(case)
            stages.append(Stage("closed", "已办结", event.on, notes=(outcome,) if outcome else ()))
    if case.accepted_on and not accepted:
        accepted = True
        stages.insert(1, Stage("accepted", "已受理", case.accepted_on))
    ended = ended and bool(case.closed_on)
    if not ended:
        if case.status in waiting:
            due = _applicant_due(case)
            last = next((i for i in range(len(stages) - 1, -1, -1) if stages[i].key == "waiting"), None)
            if last is not None and due:
                s = stages[last]
                stages[last] = Stage(s.key, s.label, s.on, s.state, s.notes, due, s.rights)
        if not accepted:
            stages.append(Stage("todo", "已受理", state="todo"))
        stages.append(Stage("todo", "已办结", state="todo"))
    return _mark(stages, ended=ended)


def _applicant_due(case: Case) -> date | None:
    """The nearest live period that is the applicant's own (e.g. 提交补正材料), if any."""
    return (
        case.deadlines.filter(
            party=APPLICANT, state__in=(DeadlineState.OPEN, DeadlineState.PAUSED, DeadlineState.TO_CONFIRM)
        )
        .order_by("due")
        .values_list("due", flat=True)
        .first()
    )


def _notes(t: Transition, data: Any, matter: Matter | None) -> tuple[str, ...]:
    """What of a step's recorded data the applicant may read, as "label：value" lines."""
    if not isinstance(data, dict):
        return ()
    shown = matter.fields_shown(t.name) if matter else ()
    notes = []
    for name in shown:
        f = t.field(name)
        value = data.get(name)
        if f is None or value in (None, "", [], False) or f.kind == "bool":
            continue
        if f.kind == "choice":
            text = dict(f.choices).get(str(value), str(value))
        elif f.kind == "multichoice":
            text = "、".join(dict(f.choices).get(str(v), str(v)) for v in value)
        elif f.kind == "date":
            try:
                text = day_label(date.fromisoformat(str(value)))
            except ValueError:
                continue
        else:
            text = public_text(value)
        notes.append(f"{_TRAILING_NOTE.sub('', f.label)}：{text}")
    return tuple(notes)
