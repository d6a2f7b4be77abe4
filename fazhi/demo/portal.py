"""The portal's demo (网上办事演示): the demo public accounts — 张群众 (qunzhong, a citizen) and 西湖演示
科技有限公司 (qiye, an enterprise) — get their mobile numbers (PublicAccount, demo phones in the
synthetic 1990000xxxx range) and matters in several states, so the portal shows a lived-in account:
just received, accepted, 需补充材料, refused, closed and rated, closed and not yet rated; across legal
aid, mediation, reconsideration and an online consultation.

Made like a bureau's: each submitted through the portal's `submission_create` with the declared
matter's own form, then stepped by the demo staff through `case_transition` with the step data the
line's demo profile gives (fazhi/demo/data/<line>/profile.toml). Dated today (the demo's current
year): the 2024 figures of REPORT-FIGURES (services.satisfaction_rate 99.58 = 1892/1900) are
untouched, the portal ratings falling in the current year.

The demo and the portal are sibling layers that may not import each other (pyproject
[tool.importlinter]); the demo reaches the portal's services by name, as the build reaches each
line's generator. A matter not declared by its line (yet) is left out, with a log line."""

from __future__ import annotations

import importlib
import logging
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.db import transaction

from fazhi.cases import submittable
from fazhi.cases.models import Case
from fazhi.cases.services import CasePermissionError, case_transition
from fazhi.cases.workflow import Transition, WorkflowError
from fazhi.core.models import OrgUnit, User
from fazhi.core.pii import blind_index
from fazhi.core.roles import Action
from fazhi.core.scoping import can
from fazhi.demo import walker
from fazhi.demo.context import DemoContext

logger = logging.getLogger("fazhi.demo")

# username -> (account kind, demo mobile, USCC, contact person)
ACCOUNTS = {
    "qunzhong": ("citizen", "19900000001", "", ""),
    "qiye": ("enterprise", "19900000002", "91330106MA2B3C4D5D", "何联系（演示）"),
}
# (account, matter key, where the matter ends up)
PLAN = (
    ("qunzhong", "legal_aid", "accepted"),
    ("qunzhong", "reconsideration", "waiting"),
    ("qunzhong", "mediation", "closed_rated"),
    ("qunzhong", "mediation", "closed"),
    ("qunzhong", "consultation", "received"),
    ("qiye", "reconsideration", "refused"),
    ("qiye", "reconsideration", "accepted"),
    ("qiye", "mediation", "received"),
    ("qiye", "consultation", "received"),
)
# The demo staff who act on each kind (fazhi.core.demo_accounts), tried in order.
STAFF = {
    "legal_aid": ("fayuan",),
    "reconsideration": ("fuyi",),
    "mediation": ("tiaojie_beishan", "sfs_beishan"),
}
TOWNSHIP = "330106002"  # 北山街道: where the demo applicants live
SUMMARIES = {
    "legal_aid": "用人单位拖欠三个月工资共计一万八千元，申请法律援助追索劳动报酬。",
    "mediation": "楼上住户卫生间漏水，导致我家天花板受损，协商未果，申请调解。",
    "reconsideration": "对区市场监督管理局作出的行政处罚决定不服，请求撤销。",
    "consultation": "公司未签劳动合同，离职时能否主张双倍工资？",
}
RATINGS = ("satisfied", "basic")


def _portal_services() -> Any:
    return importlib.import_module("fazhi.portal.services")


def ensure_public_accounts() -> None:
    """The demo public accounts' PublicAccount rows (mobile by its keyed hash), idempotent."""
    public_account = apps.get_model("portal", "PublicAccount")
    for username, (kind, phone, uscc, contact) in ACCOUNTS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        public_account.objects.update_or_create(
            user=user,
            defaults={
                "kind": kind,
                "phone": phone,
                "phone_hash": blind_index(phone),
                "uscc": uscc,
                "contact_name": contact,
            },
        )


def form_data(matter: submittable.Matter, user: User, ctx: DemoContext, today: date) -> dict[str, Any]:
    """The matter's form as the demo applicant fills it: known fields by name, others by kind."""
    kind, phone, uscc, contact = ACCOUNTS[user.username]
    person = ctx.person()
    known: dict[str, Any] = {
        "name": user.display_name.replace("（演示）", ""),
        "applicant_name": user.display_name.replace("（演示）", ""),
        "contact_name": contact or user.display_name.replace("（演示）", ""),
        "phone": phone,
        "mobile": phone,
        "id_number": person["id_number"],
        "address": person.get("address", ""),
        "uscc": uscc,
        "company": user.display_name.replace("（演示）", "") if kind == "enterprise" else "",
        "household_size": 3,
        "monthly_income_per_head": "1500",
        # 法律援助: a worker owed wages, no agent of their own (the common case at the centre).
        "matter_type": "civil",
        "matter": "LABOUR_PAY",
        "circumstances": [],
        "has_own_agent": False,
    }
    data: dict[str, Any] = {}
    for f in matter.fields:
        if f.name in known and known[f.name] != "":
            data[f.name] = known[f.name]
        elif f.kind in ("text", "textarea"):
            data[f.name] = SUMMARIES.get(matter.key, "演示内容")[: f.max_length] if f.required else ""
        elif f.kind == "choice":  # choices may be read lazily (an iterable, e.g. the agencies)
            data[f.name] = next(iter(f.choices), ("", ""))[0]
        elif f.kind == "multichoice":
            data[f.name] = [c[0] for c in list(f.choices)[:1]]
        elif f.kind == "date":
            data[f.name] = today - timedelta(days=10)
        elif f.kind in ("int", "decimal"):
            data[f.name] = 1
        elif f.kind == "bool":
            data[f.name] = True  # the declarations a form asks to confirm (属实承诺 …)
    return data


def _actor(case: Case) -> tuple[User, bool]:
    """The demo staff member who may act on `case` (else the system, on the admin's behalf)."""
    for username in STAFF.get(case.kind, ()):
        user = User.objects.filter(username=username).first()
        if user is not None and can(user, Action.CHANGE, case):
            return user, False
    return User.objects.get(username="admin"), True


def _step(ctx: DemoContext, case: Case, t: Transition, today: date) -> Case:
    """Take step `t` on `case` today, its form filled from the line's demo profile."""
    actor, system = _actor(case)
    try:
        # the line's demo module registers the generators its profile names
        importlib.import_module(f"fazhi.demo.{case.kind}")
        profile = walker.load(case.kind).profile
    except (ImportError, OSError):  # a line without a demo: the declarations' defaults
        profile = {}
    d = walker.Draw(ctx, case.org_unit, actor, today, step=True)
    raw = walker.step_data(t, profile, walker.Want(count=1), d, "")
    data = {
        k: (
            v.on(today, today)
            if isinstance(v, walker.Later)
            else v.on(today)
            if isinstance(v, walker.StepDay)
            else v
        )
        for k, v in raw.items()
    }
    data = {
        k: (today if v is None and (f := t.field(k)) is not None and f.kind == "date" else v)
        for k, v in data.items()
    }
    return case_transition(actor=actor, case=case, name=t.name, data=data, system=system)


def _first(case: Case, pick) -> Transition | None:
    return next((t for t in case.spec.workflow.available(case.status) if pick(t)), None)


def _walk(ctx: DemoContext, case: Case, matter: submittable.Matter, end: str, today: date) -> Case:
    """Take `case` from its intake to `end`: received, accepted, waiting, refused or closed."""
    if end == "received":
        return case
    if end == "waiting":
        t = _first(case, lambda t: t.target in matter.waiting_states)
    elif end == "refused":
        t = _first(case, lambda t: t.target in matter.refusals)
    else:
        t = _first(case, lambda t: t.accepts)
    if t is None:
        logger.info("演示网上办事：%s 没有可走到“%s”的步骤", matter.key, end)
        return case
    case = _step(ctx, case, t, today)
    if end.startswith("closed"):
        # along the kind's usual path until a step closes the case
        path = case.spec.workflow.path
        while case.closed_on is None and case.status in path[:-1]:
            nxt = path[path.index(case.status) + 1]
            t = _first(case, lambda t, nxt=nxt: t.target == nxt)
            if t is None:
                break
            case = _step(ctx, case, t, today)
    return case


def generate(ctx: DemoContext, today: date) -> int:
    """The demo accounts' portal matters (nothing when they are there). Returns how many were made."""
    submission_model = apps.get_model("portal", "Submission")
    ensure_public_accounts()
    if submission_model.objects.filter(is_demo=True, user__username__in=ACCOUNTS).exists():
        return 0
    services = _portal_services()
    township = OrgUnit.objects.filter(code=TOWNSHIP).first()
    made = 0
    for username, key, end in PLAN:
        user = User.objects.filter(username=username).first()
        try:
            matter = submittable.get(key)
        except KeyError:
            logger.info("演示网上办事：事项“%s”尚未声明，跳过", key)
            continue
        if user is None or user.public_account.kind not in matter.for_kinds:
            continue
        try:
            with transaction.atomic():
                submission, _code = services.submission_create(
                    actor=user,
                    matter_key=key,
                    data=form_data(matter, user, ctx, today),
                    township=township,
                    is_demo=True,
                )
        except (WorkflowError, CasePermissionError, ValueError) as exc:
            logger.warning("演示网上办事：%s 提交未成功：%s", key, exc)
            continue
        made += 1
        if submission.case_id:
            case = submission.case
            # portal_submit makes a live case (it has no is_demo): mark it demo data like the rest
            Case.objects.filter(pk=case.pk).update(is_demo=True)
            try:
                _walk(ctx, case, matter, end, today)
            except (WorkflowError, CasePermissionError, ValueError) as exc:
                logger.warning("演示网上办事：%s 办理到“%s”未完成：%s", key, end, exc)
        if end == "closed_rated":
            submission.refresh_from_db()
            try:
                services.portal_rate(
                    actor=user,
                    submission=submission,
                    rating=ctx.choice(RATINGS),
                    comment="工作人员解释耐心，办理及时。",
                )
            except services.MatterActionError as exc:
                logger.warning("演示网上办事：%s 评价未成功：%s", key, exc)
    return made
