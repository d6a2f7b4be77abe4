"""The case engine's writes: receive a case, take a transition, link cases, add parties.

These are the only ways a case changes. Each runs in one transaction, checks the actor's right
on the case's scope, and records an audit event. Receiving a case and taking a step are planned
(`fazhi.cases.plans`: workflow, timeline event, deadlines through `fazhi.law`, declared records,
hooks) and written by the one writer (`fazhi.cases.writer`) — the same two layers the bulk ledger
importer (`fazhi.cases.bulk`) writes thousands of cases through, so both apply the same rules.
Lines' services, views, API handlers, importers and the demo generator all call these.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction

from fazhi.cases import documents as case_documents
from fazhi.cases import files, plans, registry
from fazhi.cases.models import (
    WINDOW_PARTIES,
    Case,
    CaseAttachment,
    CaseEvent,
    CaseLink,
    Deadline,
    DeadlineState,
    EventKind,
    MaterialType,
)
from fazhi.cases.plans import (  # noqa: F401  (the engine's public names, as lines import them)
    PartyInput,
    actor_name,
    case_facts,
    detail_update,
    today,
)
from fazhi.cases.signals import case_stepped
from fazhi.cases.workflow import WorkflowError
from fazhi.cases.writer import write_plans
from fazhi.core.audit import AuditAction, audit_record
from fazhi.core.models import OrgUnit
from fazhi.core.roles import ASSIGNEE_ONLY_ROLES, OWNER_ONLY_ROLES, Action
from fazhi.core.scoping import can, grants_allowing

logger = logging.getLogger(__name__)


class CasePermissionError(PermissionDenied):
    """The actor may not do this to this case (message in Chinese). A `PermissionDenied`: a view
    answers 403 with the message and the API its 403 error, with no handler of their own."""


def may_create(
    actor: Any, kind: registry.CaseKind, org_unit: OrgUnit, detail: Mapping[str, Any] | None = None
) -> bool:
    """Whether `actor` may receive a case of `kind` for `org_unit` (a grant on an ancestor), or,
    for a kind scoped by a second unit (`CaseKind.also_scoped_by`), submit one for the unit the
    `detail` names there (a grant on its ancestor)."""
    if actor is None:
        return False
    if actor.is_superuser:
        return True
    second = (detail or {}).get(kind.also_scoped_by) if kind.also_scoped_by else None
    paths = [org_unit.path] + ([second.path] if isinstance(second, OrgUnit) else [])
    for grant in grants_allowing(actor, kind.area, Action.CHANGE):
        if grant.role in ASSIGNEE_ONLY_ROLES or grant.role in OWNER_ONLY_ROLES:
            continue
        if any(path.startswith(grant.org_unit.path) for path in paths):
            return True
    return False


def check_may_take(spec: registry.CaseKind, actor: Any, case: Case, name: str) -> None:
    """Steps the kind reserves to some roles (`CaseKind.may_take`; raises CasePermissionError)."""
    if spec.may_take is not None:
        refused = spec.may_take(actor, case, spec.workflow.transition(name))
        if refused:
            raise CasePermissionError(refused)


def _write(plan: plans.CasePlan, actor: Any) -> None:
    """The plan through the one writer; a hook that needs stored rows runs after it, and the rest
    of its step is written after the hook (fazhi.cases.plans: the rule for hooks)."""
    write_plans([plan], actor=actor)
    if plan.pending is not None:
        plans.run_pending(plan)
        write_plans([plan], actor=actor)


@transaction.atomic
def case_create(
    *,
    actor: Any,
    kind: str,
    org_unit: OrgUnit,
    received_on: date,
    title: str,
    channel: str = "walk_in",
    parties: Iterable[PartyInput] = (),
    detail: Mapping[str, Any] | None = None,
    enterprise_related: bool = False,
    handler: Any = None,
    submitted_by: Any = None,
    number: str = "",
    is_demo: bool = False,
    note: str = "",
) -> Case:
    """收案: create a case in its workflow's initial state with its parties and detail row, and
    start the deadlines the workflow starts on receipt. `number` is allocated unless given (a
    ledger import keeps the bureau's own number)."""
    spec = registry.get(kind)
    plans.check_intake_unit(spec, org_unit)  # what the unit is, before who may act in it
    if not may_create(actor, spec, org_unit, detail):  # a public user's own submission: portal_submit
        raise CasePermissionError(f"您没有在“{org_unit.name}”受理{spec.label}的权限。")
    return _receive(
        spec,
        {"kind": kind},
        actor=actor,
        org_unit=org_unit,
        received_on=received_on,
        title=title,
        channel=channel,
        parties=parties,
        detail=detail,
        enterprise_related=enterprise_related,
        handler=handler,
        submitted_by=submitted_by,
        number=number,
        is_demo=is_demo,
        note=note,
    )


def _receive(spec: registry.CaseKind, audit: dict[str, Any], *, actor: Any, **kwargs: Any) -> Case:
    """收案 once its rules held: planned, written by the one writer, audited."""
    plan = plans.plan_create(spec, actor=actor, after_write=True, **kwargs)
    _write(plan, actor)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=plan.case, detail=audit)
    return plan.case


# A public user has at most this many submissions waiting for the unit's first step (受理 or not):
# the portal is a door for people's matters, not a way to fill a committee's worklist.
PORTAL_MAX_WAITING = 5


@transaction.atomic
def portal_submit(
    *,
    actor: Any,
    kind: str,
    org_unit: OrgUnit,
    title: str,
    parties: Iterable[PartyInput] = (),
    detail: Mapping[str, Any] | None = None,
    enterprise_related: bool = False,
    note: str = "",
) -> Case:
    """网上申请: a signed-in member of the public submits their own matter to a unit through the
    portal. Its own rules instead of a staff member's right to receive: the kind accepts portal
    submissions (`CaseKind.portal`), the unit receives such cases, the day is today, the channel
    is online, the case is the submitter's (they see it and nothing else), and a person has at
    most PORTAL_MAX_WAITING submissions waiting for the unit. The unit then accepts or not through
    the workflow like any other intake. Raises CasePermissionError or WorkflowError."""
    spec = registry.get(kind)
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise CasePermissionError("请先登录后再提交申请。")
    if not spec.portal:
        raise CasePermissionError(f"{spec.label}不接受网上申请，请到受理窗口办理。")
    waiting = Case.objects.filter(submitted_by=actor, status=spec.workflow.initial, kind=spec.kind).count()
    if waiting >= PORTAL_MAX_WAITING:
        raise CasePermissionError(f"您已有 {waiting} 件{spec.label}申请等待受理，请等受理单位处理后再提交。")
    return _receive(
        spec,
        {"kind": kind, "portal": True},
        actor=actor,
        org_unit=org_unit,
        received_on=today(),
        title=title,
        channel="online",
        parties=parties,
        detail=detail,
        enterprise_related=enterprise_related,
        submitted_by=actor,
        note=note,
    )


@transaction.atomic
def case_transition(
    *,
    actor: Any,
    case: Case,
    name: str,
    data: Mapping[str, Any] | None = None,
    on: date | None = None,
    system: bool = False,
    documents: bool = False,
) -> Case:
    """办理: take transition `name` on `case` on day `on` (default today). Raises WorkflowError
    (field → Chinese message) or CasePermissionError; nothing is written then.

    `documents`: also make the 文书 the step declares (the case page and the API ask for them; the
    ledger import and the demo do not). One that cannot be made does not undo the step: its
    reason is left in `case.document_errors`."""
    case = Case.objects.select_for_update().get(pk=case.pk)  # one transition at a time per case
    spec = case.spec
    on = on or today()
    if not system and not can(actor, Action.CHANGE, case):
        raise CasePermissionError("您没有办理此案件的权限。")
    if not system:
        check_may_take(spec, actor, case, name)
    plan = plans.load_plan(case)
    step = plans.plan_transition(
        plan, actor=actor, name=name, data=data, on=on, system=system, after_write=True
    )
    _write(plan, actor)
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=case,
        detail={"transition": step.t.name, "on": on.isoformat()},
    )
    case.document_errors = []
    # A step taken by the system (system=True) is recorded as a SYSTEM event, not a TRANSITION one.
    event = next(e for e in reversed(plan.events) if e.kind in (EventKind.TRANSITION, EventKind.SYSTEM))
    if documents and step.t.documents:
        case.document_errors = case_documents.issue_after_step(actor=actor, case=case, event=event)
    transaction.on_commit(
        lambda: case_stepped.send(
            sender=spec.kind, case=case, transition=step.t.name, event=event, actor=actor, system=system
        )
    )
    return case


def _refresh_next_due(case: Case) -> None:
    # Windows of parties or the court (appeal, judicial confirmation …) are not the body's duties.
    nxt = (
        case.deadlines.filter(state=DeadlineState.OPEN)
        .exclude(party__in=WINDOW_PARTIES)
        .order_by("due")
        .values_list("due", flat=True)
        .first()
    )
    if nxt != case.next_due:
        Case.objects.filter(pk=case.pk).update(next_due=nxt)
        case.next_due = nxt


# --- links, parties, notes ----------------------------------------------------------------------


@transaction.atomic
def case_link(
    *, actor: Any, from_case: Case, to_case: Case, kind: str, note: str = "", on: date | None = None
) -> CaseLink:
    """关联: e.g. a reconsideration and the lawsuit on the same act (the actor must see both).
    `on`: the day of the link on the timeline (default today; a step that links on its own day
    passes that day, so later steps dated before today stay possible)."""
    if not (can(actor, Action.CHANGE, from_case) and can(actor, Action.VIEW, to_case)):
        raise CasePermissionError("您没有关联这两个案件的权限。")
    link, _ = CaseLink.objects.get_or_create(
        from_case=from_case, to_case=to_case, kind=kind, defaults={"note": note, "created_by": actor}
    )
    CaseEvent.objects.create(
        case=from_case,
        on=on or today(),
        actor=actor,
        actor_name=actor_name(actor),
        kind=EventKind.LINK,
        summary=f"关联案件 {to_case.number}（{link.get_kind_display()}）",
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=from_case, detail={"link": to_case.pk})
    return link


@transaction.atomic
def case_add_note(*, actor: Any, case: Case, text: str, on: date | None = None) -> CaseEvent:
    if not can(actor, Action.CHANGE, case):
        raise CasePermissionError("您没有办理此案件的权限。")
    text = (text or "").strip()
    if not text:
        raise WorkflowError("请填写备注内容。", {"text": "请填写备注内容。"})
    event = CaseEvent.objects.create(
        case=case,
        on=on or today(),
        actor=actor,
        actor_name=actor_name(actor),
        kind=EventKind.NOTE,
        summary=text[:300],
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=case, detail={"note": event.pk})
    return event


# --- materials (附件) ------------------------------------------------------------------------


def attachment_max_bytes() -> int:
    return settings.FAZHI_ATTACHMENT_MAX_MB * 1024 * 1024


@transaction.atomic
def case_attach(
    *,
    actor: Any,
    case: Case,
    file: Any,
    material_type: str,
    note: str = "",
    event: CaseEvent | None = None,
) -> CaseAttachment:
    """上传材料: store `file` (an uploaded file) on `case` — its type recognised from its content
    (PDF, JPEG, PNG, .docx, .xlsx), no larger than settings.FAZHI_ATTACHMENT_MAX_MB, under a random
    name in private storage — and record who did it. `event`: the step of this case it belongs
    to. Raises WorkflowError (field → Chinese message) or CasePermissionError; nothing is stored
    then."""
    if not can(actor, Action.CHANGE, case):
        raise CasePermissionError("您没有为此案件上传材料的权限。")
    content_type = _checked_upload(case=case, file=file, material_type=material_type, note=note, event=event)
    return _store_attachment(
        actor=actor,
        case=case,
        file=file,
        content_type=content_type,
        material_type=material_type,
        note=note,
        event=event,
    )


def _checked_upload(
    *, case: Case, file: Any, material_type: str, note: str, event: CaseEvent | None = None
) -> str:
    """The checks of every upload (staff or portal): material type, note, step, and the file —
    present, not empty, within the size limit, of an accepted type by its content. Returns the
    content type; raises WorkflowError (field → Chinese message)."""
    errors: dict[str, str] = {}
    if material_type not in MaterialType.values:
        errors["material_type"] = "请选择材料类型。"
    note = (note or "").strip()
    if len(note) > 200:
        errors["note"] = "“说明”不能超过 200 个字。"
    if event is not None and event.case_id != case.pk:
        errors["event"] = "所选办理环节不属于本案件。"
    content_type = None
    limit = settings.FAZHI_ATTACHMENT_MAX_MB
    if file is None:
        errors["file"] = "请选择要上传的文件。"
    elif not file.size:
        errors["file"] = f"“{file.name}”是空文件。"
    elif file.size > attachment_max_bytes():
        errors["file"] = f"文件不能超过 {limit} MB，“{file.name}”有 {file.size / 1024 / 1024:.1f} MB。"
    else:
        content_type = files.sniff(file)
        if content_type is None:
            errors["file"] = f"{files.TYPE_RULE}，“{file.name}”不是这些类型的文件。"
    if errors:
        raise WorkflowError("请更正标出的内容。", errors)
    assert content_type is not None
    return content_type


def _store_attachment(
    *,
    actor: Any,
    case: Case,
    file: Any,
    content_type: str,
    material_type: str,
    note: str,
    event: CaseEvent | None = None,
    name: str = "",
) -> CaseAttachment:
    """The checked file stored under a random name in private storage, with its row, audited."""
    attachment = CaseAttachment(
        case=case,
        original_name=files.safe_name(name or file.name, content_type),
        content_type=content_type,
        size=file.size,
        material_type=material_type,
        note=(note or "").strip(),
        uploaded_by=actor,
        event=event,
    )
    # A random stored name: nothing about the case or the person is in the path on disk.
    attachment.file.save(secrets.token_hex(16) + files.EXTENSIONS[content_type], file, save=False)
    try:
        attachment.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=case,
            detail={"attachment": attachment.pk, "name": attachment.original_name, "size": attachment.size},
        )
    except Exception:
        attachment.file.delete(save=False)  # no file without its row
        raise
    return attachment


# What a member of the public may call what they add (not a 送达回证: that is the unit's record).
PORTAL_MATERIAL_TYPES = (
    MaterialType.APPLICATION,
    MaterialType.EVIDENCE,
    MaterialType.IDENTITY,
    MaterialType.OTHER,
)
# What the public may upload: photos and PDF (checked by content, as every upload).
PORTAL_TYPES = (files.PDF, files.JPEG, files.PNG)
PORTAL_TYPE_RULE = "只能上传照片（JPG、PNG）或 PDF 文件（按文件内容识别）"
# Files one applicant may add to one matter through the portal (a door for material, not storage).
PORTAL_MAX_FILES = 20


def portal_open(case: Case) -> bool:
    """Whether the applicant may still add material: the case is not closed."""
    return case.closed_on is None and case.status not in registry.get(case.kind).workflow.terminal


@transaction.atomic
def portal_attach(
    *, actor: Any, case: Case, file: Any, material_type: str = "evidence", note: str = ""
) -> CaseAttachment:
    """网上补充材料: the member of the public who submitted `case` through the portal adds a photo or a
    PDF to it while it is not closed. The checks of `case_attach` (type by content, size limit),
    at most PORTAL_MAX_FILES files; a JPEG or PNG is re-encoded without its metadata (EXIF with the
    GPS position of a phone photo, XMP) before it is stored in private storage. Raises
    CasePermissionError (not their case) or WorkflowError (field → Chinese message)."""
    from django.core.files.base import ContentFile

    if actor is None or not getattr(actor, "is_authenticated", False) or case.submitted_by_id != actor.pk:
        raise CasePermissionError("只能为自己提交的事项上传材料。")
    case = Case.objects.select_for_update().get(pk=case.pk)  # the stored status; one upload at a time
    if not portal_open(case):
        raise WorkflowError("事项已办结，不能再上传材料。", {"file": "事项已办结，不能再上传材料。"})
    if material_type not in PORTAL_MATERIAL_TYPES:
        raise WorkflowError("请选择材料类型。", {"material_type": "请选择材料类型。"})
    if case.attachments.filter(uploaded_by=actor).count() >= PORTAL_MAX_FILES:
        message = f"每件事项最多上传 {PORTAL_MAX_FILES} 个文件；如还有材料，请联系受理单位。"
        raise WorkflowError(message, {"file": message})
    content_type = _checked_upload(case=case, file=file, material_type=material_type, note=note)
    if content_type not in PORTAL_TYPES:
        message = f"{PORTAL_TYPE_RULE}，“{file.name}”不是这些类型的文件。"
        raise WorkflowError(message, {"file": message})
    stored: Any = file
    if content_type in (files.JPEG, files.PNG):
        file.seek(0)
        try:
            stored = ContentFile(files.without_metadata(file.read(), content_type), name=file.name)
        except files.ImageError as exc:
            raise WorkflowError(str(exc), {"file": f"{exc}：“{file.name}”。"}) from exc
    return _store_attachment(
        actor=actor,
        case=case,
        file=stored,
        content_type=content_type,
        material_type=material_type,
        note=note,
        name=file.name,
    )


def attachment_opened(*, actor: Any, attachment: CaseAttachment) -> None:
    """下载/查看材料: the audit record of one read of a material (like a reveal of personal
    information: who looked at which file of which case). Recorded as 导出 — a file leaving the
    platform — so the audit log's actions need no migration."""
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=attachment.case,
        detail={"attachment": attachment.pk, "name": attachment.original_name},
    )


def deadlines_expire(*, on: date | None = None) -> int:
    """Daily: open deadlines past their due day become missed, and rules with a legal effect on
    expiry take it (FY-05a 视为受理 …) through the line's automatic transition. Returns the count.

    Each lapse is written on the case's timeline and in the audit log (actor: the system). A lapse
    whose due day is provisional (its year's holiday arrangement is not published) takes no
    automatic effect: the deadline goes on the 待人工确认 list (issue 14.1; `deadline_confirm_expiry`).
    One transaction per case: a case that fails is logged and rolled back alone, the run goes on."""
    on = on or today()
    case_ids = (
        Deadline.objects.filter(state=DeadlineState.OPEN, due__lt=on)
        .order_by("case_id")
        .values_list("case_id", flat=True)
        .distinct()
    )
    count = 0
    for case_id in list(case_ids):
        try:
            with transaction.atomic():
                count += _expire_case(case_id, on)
        except Exception:
            logger.exception("期限届满处理失败：案件 %s，本案未作变更，其余案件继续处理", case_id)
    return count


# --- lapsed deadlines (期限届满) -------------------------------------------------------------------


def lapse_summary(title: str, state: str) -> str:
    """The timeline line of a lapse without an automatic step (the demo's quick path writes the same)."""
    what = "已失效" if state == DeadlineState.EXPIRED else "已超期"
    return f"期限届满：{title}（{what}）"[:300]


def lapse_audit_detail(deadline_pk: int, rule_id: str, state: str, due: date) -> dict[str, Any]:
    return {"deadline": deadline_pk, "rule": rule_id, "state": str(state), "due": due.isoformat()}


def _automatic_step(case: Case, rule_id: str) -> Any:
    """The automatic transition (视为受理 …) that the lapse of `rule_id` takes from the case's status."""
    return next(
        (
            t
            for t in case.spec.workflow.available(case.status, include_automatic=True)
            if t.automatic and rule_id in t.meet
        ),
        None,
    )


def _record_lapse(case: Case, d: Deadline, summary: str) -> None:
    CaseEvent.objects.create(
        case=case,
        on=d.due,
        actor=None,
        actor_name="系统",
        kind=EventKind.DEADLINE,
        summary=summary[:300],
        data={"deadline": d.pk, "rule": d.rule_id, "state": str(d.state)},
    )
    audit_record(
        actor=None,
        action=AuditAction.UPDATE,
        obj=case,
        detail=lapse_audit_detail(d.pk, d.rule_id, d.state, d.due),
    )


def _expire_case(case_id: int, on: date) -> int:
    """deadlines_expire for one case, in the caller's transaction: its lapsed deadlines in their order."""
    count = 0
    for d in (
        Deadline.objects.select_related("case")
        .filter(case_id=case_id, state=DeadlineState.OPEN, due__lt=on)
        .order_by("id")
    ):
        # An earlier automatic step of this run may have met or cancelled this deadline (视为受理
        # cancels the 补正 notice period) or moved its case on: act on the stored state only.
        d.refresh_from_db(fields=["state"])
        if d.state != DeadlineState.OPEN:
            continue
        case = d.case
        case.refresh_from_db(fields=["status", "next_due"])
        auto = _automatic_step(case, d.rule_id)
        if auto is not None and d.provisional:
            # No legal effect on a day that is only an estimate (issue 14.1): a person confirms it.
            d.state = DeadlineState.TO_CONFIRM
            d.save(update_fields=["state"])
            _record_lapse(
                case,
                d,
                f"期限届满待人工确认：{d.title}，届满后果“{auto.label}”暂不自动发生（{d.provisional_reason}）",
            )
            _refresh_next_due(case)
        elif auto is not None:
            case_transition(actor=None, case=case, name=auto.name, on=d.due, system=True)
        else:
            d.state = DeadlineState.EXPIRED if d.is_window else DeadlineState.MISSED
            d.save(update_fields=["state"])
            _record_lapse(case, d, lapse_summary(d.title, d.state))
            _refresh_next_due(case)
        count += 1
    return count


@transaction.atomic
def deadline_confirm_expiry(*, actor: Any, deadline: Deadline) -> Case:
    """人工确认期限届满: a person confirms a deadline of the 待人工确认 list, and its legal effect (视为
    放弃 …) is taken as the nightly job would have taken it, on the due day, recorded with that person
    as actor. If the case has moved on meanwhile, the effect no longer applies and the lapse is only
    recorded (已超期/已失效). Raises CasePermissionError, or WorkflowError if the deadline is not on the list."""
    d = Deadline.objects.select_for_update().select_related("case").get(pk=deadline.pk)
    case = d.case
    if not can(actor, Action.CHANGE, case):
        raise CasePermissionError("您没有办理此案件的权限。")
    if d.state != DeadlineState.TO_CONFIRM:
        raise WorkflowError("该期限不在待人工确认清单中（可能已由他人确认）。")
    auto = _automatic_step(case, d.rule_id)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=case,
        detail={"confirmed_deadline": d.pk, "rule": d.rule_id, "effect": auto.name if auto else ""},
    )
    if auto is not None:
        # The step handles the deadline as a live one (met, lapsed or cancelled) as it would at night.
        Deadline.objects.filter(pk=d.pk).update(state=DeadlineState.OPEN)
        return case_transition(actor=actor, case=case, name=auto.name, on=d.due, system=True)
    d.state = DeadlineState.EXPIRED if d.is_window else DeadlineState.MISSED
    d.save(update_fields=["state"])
    CaseEvent.objects.create(
        case=case,
        on=d.due,
        actor=actor,
        actor_name=actor_name(actor),
        kind=EventKind.DEADLINE,
        summary=f"{lapse_summary(d.title, d.state)}，经人工确认；案件已进入其他环节，届满后果不再适用"[:300],
        data={"deadline": d.pk, "rule": d.rule_id, "state": str(d.state)},
    )
    _refresh_next_due(case)
    return case
