"""行政规范性文件's register (登记簿): the district's documents with their lifecycle — filed with the
区人大常委会 and the 市政府 (GF-03/GF-04), marked 拟修改, repealed or expired (GF-06) — as steps of
a pure workflow over `status`. Discovered by fazhi.registers; fields come from the model."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q
from django.urls import reverse

from fazhi.cases.workflow import STAY, Field, Record, Transition, Workflow
from fazhi.core.lawconfig import law_config
from fazhi.core.models import OrgUnit
from fazhi.core.models.org import TOWNSHIP_KINDS, OrgKind
from fazhi.core.roles import Area
from fazhi.law.errors import LawValidationError
from fazhi.law.normative import expiry_warning, filing_verdict, normalise_doc_number
from fazhi.normative.models import DocStatus, Level, NormativeDocument
from fazhi.registers.declarations import Column, Register, RField, register
from fazhi.registers.services import today

LEGALITY_KIND = "legality"  # CONTRACT.md: the legality review's case kind (fazhi.legality)
REFUSED_OUTCOME = "BUHEFA"  # CONTRACT.md: 不合法
REVIEW_OUTCOMES = {"HEFA": "合法", "XIUGAI_HEFA": "修改后合法", "BUHEFA": "不合法"}


def issuers() -> Any:
    """制定机关: the district government (and its office), the departments and the 镇街."""
    return OrgUnit.objects.filter(
        Q(kind=OrgKind.DEPARTMENT) | Q(kind__in=TOWNSHIP_KINDS), is_active=True
    ).order_by("kind", "path")


def issuer_options(user: Any) -> list[tuple[str, str]]:
    return [(str(u.pk), u.name) for u in DOCUMENTS.creatable_units(user)] or [
        (str(u.pk), u.name) for u in issuers().filter(pk__in=_visible_units(user))
    ]


def _visible_units(user: Any) -> Any:
    return NormativeDocument.objects.scoped_for(user).values("org_unit")


def _is_key(text: str) -> bool:
    """A primary key as typed: digits only, short enough for the database's integer."""
    return text.isascii() and text.isdigit() and len(text) < 10


def resolve_review(actor: Any, text: str) -> Any:
    """A legality review case by its number (or key): only a case of kind "legality" links."""
    from fazhi.cases.models import Case

    text = text.strip()
    qs = Case.objects.filter(kind=LEGALITY_KIND)
    case = qs.filter(number=text).first() or (qs.filter(pk=int(text)).first() if _is_key(text) else None)
    if case is None:
        if Case.objects.filter(number=text).exists():
            raise ValueError(f"案件“{text}”不是合法性审查案件，不能作为本文件的合法性审查。")
        raise ValueError(f"找不到案号为“{text}”的合法性审查案件。")
    return case


def review_done_on(case: Any) -> date | None:
    """The day the review's opinion was given (its period's `done_on`, CONTRACT.md), else its close."""
    from fazhi.cases.models import Deadline

    done = (
        Deadline.objects.filter(case=case, rule_id__in=("GF-08", "JC-26"), done_on__isnull=False)
        .order_by("done_on")
        .values_list("done_on", flat=True)
        .first()
    )
    return done or case.closed_on


def check_document(doc: NormativeDocument, actor: Any, errors: dict[str, str]) -> None:
    """The line's rules: a 文号 in GB/T 9704 form of the publication year (normalised), the dates in
    order, a review that is a legality review not found unlawful."""
    if doc.doc_number:
        try:
            doc.doc_number = normalise_doc_number(doc.doc_number, doc.published_on)
        except LawValidationError as exc:
            errors["doc_number"] = exc.message + "。"
    now = today()
    pub = doc.published_on
    if pub and pub > now:
        errors["published_on"] = "公布日期不能晚于今天。"
    if doc.review is not None:
        if doc.review.kind != LEGALITY_KIND:
            errors["review"] = "所选案件不是合法性审查案件。"
        elif doc.review.outcome == REFUSED_OUTCOME:
            errors["review"] = "该草案的合法性审查结论为“不合法”，不能据此登记为已公布的规范性文件。"
        elif doc.review.outcome not in REVIEW_OUTCOMES:
            errors["review"] = f"合法性审查案件“{doc.review.number}”尚未出具审查意见。"
        elif doc.reviewed_on is None:
            doc.reviewed_on = review_done_on(doc.review)
    checks = (
        ("decided_on", doc.decided_on, "集体讨论日期不能晚于公布日期。", lambda d: pub and d > pub),
        ("reviewed_on", doc.reviewed_on, "合法性审查日期不能晚于公布日期。", lambda d: pub and d > pub),
        ("effective_on", doc.effective_on, "施行日期不能早于公布日期。", lambda d: pub and d < pub),
        ("valid_until", doc.valid_until, "有效期至不能早于施行日期。", lambda d: d < (doc.effective_on or pub or d)),
        ("npc_filed_on", doc.npc_filed_on, "备案日期不能早于公布日期，也不能晚于今天。", lambda d: d > now or (pub and d < pub)),
        ("city_filed_on", doc.city_filed_on, "备案日期不能早于公布日期，也不能晚于今天。", lambda d: d > now or (pub and d < pub)),
    )  # fmt: skip
    for name, value, message, bad in checks:
        if value is not None and name not in errors and bad(value):
            errors[name] = message
    if doc.city_filed_on and doc.org_unit_id and doc.org_unit.kind in TOWNSHIP_KINDS:
        errors["city_filed_on"] = "镇街制定的规范性文件向乡镇人大主席团/人大街道工委备案，不报市政府备案。"


DRAFT_MARKS = ("（草案）", "（送审稿）", "（征求意见稿）", "（修订草案）", "(草案)", "(送审稿)")


def published_title(draft: str) -> str:
    """The title a published document takes from its draft's: without the book-title marks《》
    and the draft's mark (（草案）, （送审稿）, （征求意见稿）)."""
    title = draft.strip()
    if title.startswith("《") and title.endswith("》"):
        title = title[1:-1].strip()
    for mark in DRAFT_MARKS:
        title = title.removesuffix(mark)
    return title.strip()


def initial(actor: Any, params: Any) -> dict[str, str]:
    """`?review=<case pk>` (from a review case page, CONTRACT.md): the form names the review, with
    the draft's title and unit."""
    from fazhi.cases.models import Case

    key = str(params.get("review", "") or "")
    case = Case.objects.filter(kind=LEGALITY_KIND, pk=int(key)).first() if _is_key(key) else None
    if case is None:
        return {}
    values = {"review": case.number, "title": published_title(case.title)}
    done = review_done_on(case)
    if done:
        values["reviewed_on"] = done.isoformat()
    units = {u.pk for u in DOCUMENTS.creatable_units(actor)}
    submitter = _submitting_unit(case)
    if submitter is not None and submitter.pk in units:
        values["org_unit"] = str(submitter.pk)
    return values


def _submitting_unit(case: Any) -> Any:
    """The unit that submitted the draft: a party of the review that is an org unit, if any."""
    party = case.parties.filter(org_unit__isnull=False).select_related("org_unit").first()
    return party.org_unit if party is not None else None


# --- the lifecycle ------------------------------------------------------------------------------


def _not_filed(field: str, label: str):
    def guard(facts: Any, data: Any) -> str | None:
        return f"已{label}。" if facts.get(field) else None

    return guard


def _district_only(facts: Any, data: Any) -> str | None:
    if facts.get("level") != Level.DISTRICT:
        return "镇街的规范性文件不报市政府备案。"
    return _not_filed("city_filed_on", "报市政府备案")(facts, data)


IN_FORCE = (DocStatus.VALID, DocStatus.REVISING)
REASON = Field("reason", "原因", kind="text", max_length=200)

LIFECYCLE = Workflow(
    kind="normative",
    label="行政规范性文件",
    states=dict(DocStatus.choices),
    initial=DocStatus.VALID,
    transitions=(
        Transition(
            "file_npc",
            "报人大备案",
            IN_FORCE,
            STAY,
            when=_not_filed("npc_filed_on", "报人大备案"),
            records=(Record.step_date("npc_filed_on"),),
        ),
        Transition(
            "file_city",
            "报市政府备案",
            IN_FORCE,
            STAY,
            when=_district_only,
            records=(Record.step_date("city_filed_on"),),
        ),
        Transition("revise", "列为拟修改", (DocStatus.VALID,), DocStatus.REVISING, style="secondary"),
        Transition("keep", "恢复有效", (DocStatus.REVISING,), DocStatus.VALID, style="secondary"),
        Transition(
            "repeal",
            "废止",
            IN_FORCE,
            DocStatus.REPEALED,
            fields=(REASON,),
            records=(Record.step_date("ended_on"), Record.copy("end_reason", "reason")),
            style="danger",
        ),
        Transition(
            "expire",
            "宣布失效",
            IN_FORCE,
            DocStatus.EXPIRED,
            fields=(REASON,),
            records=(Record.step_date("ended_on"), Record.copy("end_reason", "reason")),
            style="danger",
        ),
    ),
)


# --- what the list and the page show -------------------------------------------------------------


def filing_summary(doc: NormativeDocument) -> str:
    """报备情况 in one phrase: each filing's verdict (按时 / 逾期 / 待报备)."""
    now = today()
    parts = []
    for f in doc.filings():
        label = filing_verdict(f.due, doc.filed_on(f.body), now)[1]
        parts.append(f"{'人大' if f.body == 'npc' else '市政府'}：{label}")
    return "；".join(parts)


def expiry_note(doc: NormativeDocument) -> str:
    if not doc.in_force:
        return ""
    return expiry_warning(doc.valid_until, today(), config=law_config())


def filing_details(doc: NormativeDocument) -> list[tuple[str, str]]:
    """Each filing's deadline with its basis and how it was met (the detail page)."""
    now = today()
    out = []
    for f in doc.filings():
        filed = doc.filed_on(f.body)
        verdict = filing_verdict(f.due, filed, now)[1]
        out.append(
            (
                f"报{f.body_label}备案期限",
                f"{f.due.isoformat()}（{f.deadline.rule_id}，{f.deadline.basis}；{f.deadline.explanation}）"
                f"— {verdict}",
            )
        )
    if doc.review is not None:
        out.append(
            ("合法性审查结论", REVIEW_OUTCOMES.get(doc.review.outcome, doc.review.outcome or "（审查中）"))
        )
    if doc.ended_on:
        out.append((f"{doc.get_status_display()}日期", doc.ended_on.isoformat()))
        out.append((f"{doc.get_status_display()}原因", doc.end_reason or "—"))
    return out


DOCUMENTS = register(
    Register(
        key="normative",
        label="行政规范性文件",
        item_label="规范性文件",
        model=NormativeDocument,
        area=Area.LEGALITY,
        fields=(
            RField("org_unit", label="制定机关", options=issuer_options),
            "doc_number",
            "title",
            "published_on",
            "effective_on",
            "valid_until",
            "meeting",
            "decided_on",
            RField(
                "review",
                label="合法性审查案件",
                help="填写合法性审查案件的案号；未经本平台审查的可不填，填写审查日期即可",
                kind="ref",
                resolve=resolve_review,
                show=lambda c: c.number,
                link=lambda c: reverse("cases:detail", kwargs={"kind": c.kind, "pk": c.pk}),
            ),
            "reviewed_on",
            "npc_filed_on",
            "city_filed_on",
        ),
        columns=(
            "doc_number",
            "title",
            "org_unit",
            "published_on",
            "status",
            Column("filing", "报备情况", filing_summary),
            Column("expiry", "有效期提示", expiry_note),
        ),
        filters=("status", "org_unit"),
        date_field="published_on",
        search=("title", "doc_number"),
        natural_key=("doc_number",),
        units=issuers,
        clean=check_document,
        queryset=lambda qs: qs.select_related("org_unit", "review"),
        intro=(
            "区政府及其部门、镇街制定的行政规范性文件：公布后30日内报区人大常委会、市政府备案"
            "（GF-03、GF-04）；每两年全面清理一次，有效期届满前90日提示评估。"
        ),
        workflow=LIFECYCLE,
        state_field="status",
        details=filing_details,
        initial=initial,
        menu_order=41,
    )
)


def _register_worklist() -> None:
    from fazhi.core import navigation

    navigation.register(
        navigation.NavItem(
            "normative_worklist",
            "规范性文件工作台",
            "normative:worklist",
            Area.LEGALITY,
            order=40,
            visible=DOCUMENTS.may_view,
        )
    )


_register_worklist()
