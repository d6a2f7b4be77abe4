"""The portal's writes (services): a member of the public submits a declared matter.

`submission_create` is the one path from a filled form to a stored matter: it routes the matter to
its unit, lets the line make its record (`Matter.submit`), and keeps the public side — a random
查询编号 and a 查询码 shown once to the applicant (only its hash is kept) — in one transaction, audited."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from fazhi.cases.models import Case
from fazhi.cases.services import CasePermissionError, case_transition
from fazhi.cases.submittable import get as get_matter
from fazhi.cases.workflow import WorkflowError
from fazhi.core.audit import AuditAction, audit_record
from fazhi.law.validators import text_problem
from fazhi.network.models import Rating
from fazhi.portal.models import Submission
from fazhi.portal.timeline import public_status

# No 0/O, 1/I/L: a number read out over the phone or copied from an SMS is not mistaken.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
NUMBER_PREFIX = "WS"
NUMBER_LENGTH = 10  # 31^10 ≈ 8×10^14 numbers: guessing one that exists is hopeless
TRACK_CODE_LENGTH = 6  # digits, as people expect a verification code to look
# Submissions one account may make in 24 hours, whatever the matter (portal_submit's
# PORTAL_MAX_WAITING bounds the cases waiting for a unit; this bounds everything, consultations too).
# Counted in the database, so every worker process agrees.
SUBMISSIONS_PER_DAY = 10


def new_number() -> str:
    """A fresh random 查询编号, e.g. WS7K3M9QX2PD (not a sequence: numbers cannot be enumerated)."""
    while True:
        number = NUMBER_PREFIX + "".join(secrets.choice(_ALPHABET) for _ in range(NUMBER_LENGTH))
        if not Submission.objects.filter(number=number).exists():
            return number


def new_track_code() -> str:
    """A fresh 6-digit 查询码."""
    return f"{secrets.randbelow(10**TRACK_CODE_LENGTH):0{TRACK_CODE_LENGTH}d}"


def track_code_hash(number: str, code: str) -> str:
    """The stored form of a 查询码: a keyed hash (the platform's PII hash key) salted with the
    number. Not a password hash: a 6-digit code is guarded by the rate limit on tracking, and a
    cheap hash keeps a submission fast under load."""
    message = f"{number}:{code.strip()}".encode()
    return hmac.new(settings.PII_HASH_KEY.encode(), message, hashlib.sha256).hexdigest()


def track_code_matches(submission: Submission, code: str) -> bool:
    """Whether `code` is the submission's 查询码."""
    return bool(code) and hmac.compare_digest(
        track_code_hash(submission.number, code), submission.track_code_hash
    )


def check_submission_rate(actor: Any) -> None:
    """The per-account limit of the public door (the submit view calls it before submitting; the
    demo and importers writing through `submission_create` are not limited). CasePermissionError."""
    if getattr(actor, "pk", None) is None:
        raise CasePermissionError("请先登录后再提交申请。")
    since = timezone.now() - timedelta(days=1)
    if Submission.objects.filter(user=actor, created_at__gte=since).count() >= SUBMISSIONS_PER_DAY:
        raise CasePermissionError(
            f"您在24小时内已提交 {SUBMISSIONS_PER_DAY} 件申请，请明天再提交；急事请拨打 12348。"
        )


@transaction.atomic
def submission_create(
    *,
    actor: Any,
    matter_key: str,
    data: Mapping[str, Any],
    township: Any = None,
    site: Any = None,
    is_demo: bool = False,
) -> tuple[Submission, str]:
    """网上申请: `actor` (a signed-in public user) submits matter `matter_key` with the cleaned form
    `data`, optionally naming their 镇街 (`township`, an OrgUnit) or a chosen service site (`site`).
    The matter's `route` picks the receiving unit and its `submit` makes the record; any error of
    the line (WorkflowError, CasePermissionError, ValidationError) leaves nothing written.
    Returns the submission and its 查询码 in clear (shown once; only its hash is stored)."""
    matter = get_matter(matter_key)
    org_unit = matter.route(data, township, site)
    record = matter.submit(actor=actor, data=data, org_unit=org_unit)
    code, number = new_track_code(), new_number()
    submission = Submission(
        number=number,
        matter=matter.key,
        user=actor,
        org_unit=org_unit,
        township=township,
        site=site,
        track_code_hash=track_code_hash(number, code),
        is_demo=is_demo,
    )
    if isinstance(record, Case):
        submission.case = record
    elif record is not None:
        submission.record_type = ContentType.objects.get_for_model(record)
        submission.record_id = record.pk
    submission.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=submission, detail={"matter": matter.key, "portal": True}
    )
    return submission, code


# --- 补正 answered online, and the rating when a matter ends (H3 of issue 18) -------------------


class MatterActionError(ValueError):
    """An applicant's step on their matter that may not happen (message in Chinese, for the page)."""

    def __init__(self, message: str, field: str = ""):
        self.message, self.field = message, field
        super().__init__(message)


ANSWER_PREFIX = "申请人在线补正："
COMMENT_MAX_LENGTH = 500


def _own_submission(actor: Any, submission: Submission) -> Submission:
    """The submission locked for the step, provided it is `actor`'s own."""
    if actor is None or not getattr(actor, "is_authenticated", False) or submission.user_id != actor.pk:
        raise MatterActionError("只有提交人本人可以办理此事项。")
    return Submission.objects.select_for_update().get(pk=submission.pk)


def answer_max_length(matter: Any, case: Case) -> int:
    """How much the applicant may write: what the answering step's field holds, less the prefix."""
    try:
        f = case.spec.workflow.transition(matter.answer_transition).field(matter.answer_field)
    except WorkflowError:
        f = None
    return (f.max_length if f else 2000) - len(ANSWER_PREFIX)


@transaction.atomic
def portal_answer(*, actor: Any, submission: Submission, text: str) -> Submission:
    """在线补正: the applicant answers a 补正 request on their matter. When the case waits in one of
    its matter's `waiting_states` and the matter names an `answer_transition`, that step is taken
    as a system step on the applicant's behalf (audited with the applicant as actor), recording
    their words in the step's `answer_field` — the staff read them on the case's timeline."""
    submission = _own_submission(actor, submission)
    matter = get_matter(submission.matter)
    case = submission.case
    if case is None or not matter.answer_transition or case.status not in matter.waiting_states:
        raise MatterActionError("此事项目前不需要补充材料。")
    text = (text or "").strip()
    if not text:
        raise MatterActionError("请写明您补充的内容。", "text")
    limit = answer_max_length(matter, case)
    if len(text) > limit:
        raise MatterActionError(f"补充内容不能超过 {limit} 个字。", "text")
    problem = text_problem(text)
    if problem:
        raise MatterActionError(f"补充内容{problem}。", "text")
    try:
        case_transition(
            actor=actor,
            case=case,
            name=matter.answer_transition,
            data={matter.answer_field: ANSWER_PREFIX + text},
            system=True,
        )
    except WorkflowError as exc:
        raise MatterActionError("；".join(exc.errors.values()) or exc.message) from None
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=submission,
        detail={"portal": True, "answer": matter.answer_transition},
    )
    submission.refresh_from_db()
    return submission


@transaction.atomic
def portal_rate(*, actor: Any, submission: Submission, rating: str, comment: str = "") -> Submission:
    """评价: the applicant rates their matter once it has ended — 满意 / 基本满意 / 不满意 and a comment
    of at most 500 characters, once. Counted by the indicator services.satisfaction_rate on the
    day it is given (`rated_at`)."""
    submission = _own_submission(actor, submission)
    if submission.rating:
        raise MatterActionError("您已经评价过此事项，感谢您的反馈。")
    if not public_status(submission).ended:
        raise MatterActionError("事项办结后才能评价。")
    if rating not in Rating.values:
        raise MatterActionError("请选择满意、基本满意或不满意。", "rating")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise MatterActionError(f"评价意见不能超过 {COMMENT_MAX_LENGTH} 个字。", "comment")
    problem = text_problem(comment) if comment else None
    if problem:
        raise MatterActionError(f"评价意见{problem}。", "comment")
    submission.rating, submission.rating_comment, submission.rated_at = rating, comment, timezone.now()
    submission.save(update_fields=["rating", "rating_comment", "rated_at"])
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=submission, detail={"portal": True, "rating": rating}
    )
    return submission
