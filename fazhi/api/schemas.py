"""Schemas of the API. Output schemas are shared by every line; input schemas (worklist filters,
intake, each transition's data) are built per case kind from the line's declarations in the
registry, so a new line gets typed, documented endpoints without code here.

Every input field carries its Chinese label as its title: validation errors name it (see
`fazhi.api.errors`), and the OpenAPI document shows it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema
from pydantic import ConfigDict, create_model
from pydantic import Field as PField

from fazhi.cases import registry
from fazhi.cases.models import Channel, PartyRole
from fazhi.cases.selectors import SORTS
from fazhi.cases.workflow import Field, Transition

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50


# --- output ----------------------------------------------------------------------------------


class ErrorOut(Schema):
    """An error: `detail` says what went wrong; `errors` maps each bad field to its reason."""

    detail: str
    errors: dict[str, str] = {}


class OrgOut(Schema):
    code: str
    name: str


class UserRefOut(Schema):
    id: int
    username: str
    name: str


class CaseOut(Schema):
    """案件 in a worklist."""

    id: int
    kind: str
    number: str = PField(title="案号")
    title: str = PField(title="案由/事项")
    org_unit: OrgOut = PField(title="承办单位")
    channel: str
    channel_label: str = PField(title="来源渠道")
    status: str
    status_label: str = PField(title="状态")
    outcome: str
    outcome_label: str = PField(title="结果")
    received_on: date = PField(title="收到日期")
    accepted_on: date | None = PField(title="受理日期")
    closed_on: date | None = PField(title="办结日期")
    enterprise_related: bool = PField(title="涉企")
    handler: UserRefOut | None = PField(title="承办人")
    assignee: UserRefOut | None = PField(title="指派承办人")
    next_due: date | None = PField(title="最近期限")
    due_state: Literal["overdue", "soon", ""] = PField(
        title="临期/超期", description="overdue=超期，soon=临期"
    )
    is_demo: bool = PField(title="演示数据")
    columns: dict[str, str] = PField(title="本条线的工作清单列", description="列名 → 显示值")


class PageOut(Schema):
    """A page of a list. `total` is exact up to 2,000; past that `total_capped` is true and
    `total_estimate` gives the database's estimate (PostgreSQL) — narrow the filters instead."""

    total: int = PField(title="符合条件的条数", description="超过 2000 时为 2001，且 total_capped 为 true")
    total_capped: bool = False
    total_estimate: int | None = None
    page: int
    page_size: int
    pages: int | None = PField(description="总页数；total_capped 时为 null")


class CasePageOut(PageOut):
    items: list[CaseOut]


class PartyOut(Schema):
    """当事人. Personal data is masked unless the caller may see it and asked to (`reveal_pii`)."""

    id: int
    role: str
    role_label: str
    type: Literal["person", "entity", "agency"]
    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    uscc: str = ""
    org_unit: OrgOut | None = None


class DetailFieldOut(Schema):
    """One field of the line's detail record."""

    name: str
    label: str
    value: Any = PField(description="原值（选项字段为代码）；个人信息未显示原文时为 null")
    display: str = PField(description="显示值")
    masked: bool = False


class DeadlineOut(Schema):
    """期限, computed by fazhi.law, with its legal basis and how it was computed."""

    id: int
    rule_id: str = PField(title="规则")
    title: str
    trigger_on: date = PField(title="起算日")
    due: date = PField(title="届满日")
    state: str
    state_label: str
    basis: str = PField(title="法律依据")
    explanation: str = PField(title="计算说明")
    provisional: bool = PField(title="暂定")
    provisional_reason: str
    party: str
    party_label: str = PField(title="应办方")
    extension_days: int
    pauses: list[Any] = PField(description="[开始, 结束或 null, 类型]")
    on_expiry: str
    done_on: date | None
    due_state: Literal["overdue", "soon", ""]


class EventOut(Schema):
    """办理记录 (timeline entry)."""

    id: int
    on: date
    at: datetime
    kind: str
    kind_label: str
    actor: str
    transition: str
    from_status: str
    to_status: str
    summary: str
    data: dict[str, Any] | None = PField(
        None, description="办理时填写的内容；仅在有权查看个人信息并 reveal_pii=true 时返回"
    )


class ChoiceOut(Schema):
    value: str
    label: str


class FieldOut(Schema):
    name: str
    label: str
    kind: str
    required: bool
    choices: list[ChoiceOut] = []
    help: str = ""


class TransitionOut(Schema):
    """A step this caller may take now, with the fields it asks for."""

    name: str
    label: str
    target: str
    target_label: str
    fields: list[FieldOut]
    path: str = PField(description="办理该环节的接口地址（POST）")


class LinkOut(Schema):
    id: int
    kind: str
    number: str
    title: str
    link_kind: str
    link_label: str


class CaseDetailOut(CaseOut):
    """案件详情: parties, the line's detail record, deadlines, timeline, and the steps this caller
    may take."""

    parties: list[PartyOut]
    detail: list[DetailFieldOut]
    deadlines: list[DeadlineOut]
    events: list[EventOut]
    transitions: list[TransitionOut]
    links: list[LinkOut]
    may_view_pii: bool = PField(description="调用者可查看本案个人信息原文（用 reveal_pii=true 请求）")
    pii_revealed: bool = PField(description="本次返回的是个人信息原文（已记入审计日志）")


class CaseRefOut(Schema):
    id: int
    kind: str
    kind_label: str
    number: str
    title: str
    org_unit: OrgOut
    handler: UserRefOut | None


class DueOut(DeadlineOut):
    days_left: int = PField(description="距届满日天数，负数为已超期")
    case: CaseRefOut


class DuePageOut(PageOut):
    within_days: int
    items: list[DueOut]


class GrantOut(Schema):
    role: str
    role_label: str
    org_unit: OrgOut
    valid_until: datetime | None


class KindAccessOut(Schema):
    kind: str
    label: str
    may_change: bool
    may_create: bool
    path: str


class TokenOut(Schema):
    prefix: str
    name: str
    expires_at: datetime


class MeOut(Schema):
    id: int
    username: str
    name: str
    kind: str
    kind_label: str
    auth: Literal["token", "session"] = PField(description="本次请求的认证方式")
    token: TokenOut | None
    grants: list[GrantOut]
    kinds: list[KindAccessOut] = PField(description="可查看的案件类型")


class CaseQuery(Schema):
    reveal_pii: bool = PField(
        False,
        title="显示个人信息原文",
        description="true：返回当事人个人信息原文（须有查看个人信息的权限，每次记入审计日志）",
    )


# --- input, built per kind --------------------------------------------------------------------


def camel(kind: str) -> str:
    return "".join(part.capitalize() for part in kind.split("_"))


def fixed_choices(f: Field) -> tuple[str, ...]:
    """The option codes of a choice field declared as a plain tuple. Others (e.g. the agencies of
    the org tree) are read from the database when a request comes, so the schema takes any text
    and the handler checks it then."""
    return tuple(code for code, _ in f.choices) if isinstance(f.choices, tuple) else ()


def _choice_help(f: Field) -> str:
    if not isinstance(f.choices, tuple):
        return "选项代码见本条线的设置（如组织机构代码）"
    return "；".join(f"{code}={label}" for code, label in f.choices)


def annotation_for(f: Field) -> tuple[Any, Any]:
    """(type, pydantic field) of a workflow/intake Field; its label is the title."""
    codes = fixed_choices(f)
    description = f.help
    if f.kind in ("choice", "multichoice"):
        description = "；".join(x for x in (f.help, _choice_help(f)) if x)
    base: Any
    extra: dict[str, Any] = {}
    if f.kind in ("text", "textarea"):
        base, extra = str, {"max_length": f.max_length}
    elif f.kind == "date":
        base = date
    elif f.kind == "int":
        base = int
    elif f.kind == "decimal":
        base = Decimal
    elif f.kind == "choice":
        base = Literal[codes] if codes else str
    elif f.kind == "multichoice":
        base = list[Literal[codes]] if codes else list[str]  # type: ignore[valid-type]
    elif f.kind == "bool":
        return bool, PField(False, title=f.label, description=description or None)
    elif f.kind == "user":
        base, description = str, description or "用户名"
    else:  # org
        base, description = str, description or "单位代码"
    if f.required:
        return base, PField(..., title=f.label, description=description or None, **extra)
    return base | None, PField(None, title=f.label, description=description or None, **extra)


class _Strict(Schema):
    model_config = ConfigDict(extra="forbid")


def fields_schema(name: str, fields: tuple[Field, ...]) -> type[Schema]:
    return create_model(name, __base__=_Strict, **{f.name: annotation_for(f) for f in fields})


def detail_filters(spec: registry.CaseKind) -> list[Field]:
    """The line's own worklist filters (those not shadowing a common one)."""
    return [f for f in spec.filters if f.name not in COMMON_FILTERS]


COMMON_FILTERS = frozenset(
    {
        "status",
        "org",
        "handler",
        "received_from",
        "received_to",
        "enterprise",
        "due",
        "q",
        "sort",
        "page",
        "page_size",
    }
)


def filters_schema(spec: registry.CaseKind) -> type[Schema]:
    """The worklist's filters (the same as the screen's), sorting and paging."""
    sorts = tuple(s for key in SORTS for s in (key, f"-{key}"))
    fields: dict[str, Any] = {
        "status": (
            Literal[tuple(spec.workflow.states)] | None,
            PField(
                None, title="状态", description="；".join(f"{k}={v}" for k, v in spec.workflow.states.items())
            ),
        ),
        "org": (str | None, PField(None, title="单位", description="单位代码，含其下级单位", max_length=40)),
        "handler": (int | None, PField(None, title="承办人", description="承办人或指派承办人的用户 id")),
        "received_from": (date | None, PField(None, title="收到日期起")),
        "received_to": (date | None, PField(None, title="收到日期止")),
        "enterprise": (bool | None, PField(None, title="涉企")),
        "due": (
            Literal["overdue", "soon"] | None,
            PField(None, title="期限", description="overdue=已超期；soon=3 日内届满"),
        ),
        "q": (str | None, PField(None, title="关键词", description="案号、案由或当事人名称", max_length=50)),
        "sort": (Literal[sorts], PField("-received_on", title="排序", description="字段名，前加 - 为倒序")),
        "page": (int, PField(1, ge=1, title="页码")),
        "page_size": (int, PField(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, title="每页条数")),
    }
    for f in detail_filters(spec):
        codes = fixed_choices(f)
        if codes:
            fields[f.name] = (Literal[codes] | None, PField(None, title=f.label, description=_choice_help(f)))
        else:
            fields[f.name] = (
                str | None,
                PField(None, title=f.label, description=_choice_help(f), max_length=60),
            )
    return create_model(f"{camel(spec.kind)}Filters", __base__=Schema, **fields)


def due_filters_schema(kinds: tuple[str, ...], near_days: int) -> type[Schema]:
    """The 临期/超期 list's filters and paging."""
    return create_model(
        "DueFilters",
        __base__=Schema,
        within=(
            int,
            PField(near_days, ge=0, le=60, title="天数", description="届满日在今后几日内（含已超期）"),
        ),
        kind=(Literal[kinds] | None if kinds else str | None, PField(None, title="案件类型")),
        page=(int, PField(1, ge=1, title="页码")),
        page_size=(int, PField(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, title="每页条数")),
    )


class PartyIn(_Strict):
    """当事人: a person (`name`, optional `id_number`, `phone`, `address`), an organisation (`name`,
    `uscc`) or an administrative agency (`org_unit`: its code)."""

    role: Literal[tuple(PartyRole.values)] = PField(  # type: ignore[valid-type]
        title="身份", description="；".join(f"{v}={label}" for v, label in PartyRole.choices)
    )
    type: Literal["person", "entity", "agency"] = PField(
        "person", title="类型", description="person=自然人；entity=法人或其他组织；agency=行政机关"
    )
    name: str | None = PField(None, title="姓名/名称", max_length=200)
    id_number: str | None = PField(None, title="身份证号码", max_length=30)
    phone: str | None = PField(None, title="联系电话", max_length=20)
    address: str | None = PField(None, title="住址", max_length=200)
    uscc: str | None = PField(None, title="统一社会信用代码", max_length=30)
    org_unit: str | None = PField(None, title="行政机关", description="单位代码", max_length=40)


def create_schema(spec: registry.CaseKind) -> type[Schema]:
    """收案: the case's facts, its parties, and the line's intake fields (`detail`)."""
    detail = fields_schema(f"{camel(spec.kind)}DetailIn", spec.create_fields)
    has_required = any(f.required and f.kind != "bool" for f in spec.create_fields)
    return create_model(
        f"{camel(spec.kind)}CreateIn",
        __base__=_Strict,
        org_unit=(str, PField(title="承办单位", description="单位代码，如 330106002-TWH", max_length=40)),
        received_on=(date, PField(title="收到日期")),
        title=(str, PField(title="案由/事项", min_length=1, max_length=200)),
        channel=(
            Literal[tuple(Channel.values)],
            PField(
                "walk_in",
                title="来源渠道",
                description="；".join(f"{v}={label}" for v, label in Channel.choices),
            ),
        ),
        enterprise_related=(
            bool | None,
            PField(None, title="涉企", description="不填时：申请人为法人或其他组织即为涉企"),
        ),
        parties=(
            list[PartyIn],
            PField(
                title="当事人", description=f"至少一名{spec.applicant_label}（role={spec.applicant_role}）"
            ),
        ),
        detail=(
            detail if has_required else detail | None,
            PField(... if has_required else None, title=f"{spec.label}信息"),
        ),
        note=(str, PField("", title="收案备注", max_length=200)),
    )


def transition_schema(spec: registry.CaseKind, t: Transition) -> type[Schema]:
    """办理 one step: the day it happens (`on`, default today) and the fields it asks for (`data`)."""
    data = fields_schema(f"{camel(spec.kind)}{camel(t.name)}Data", t.fields)
    has_required = any(f.required and f.kind != "bool" for f in t.fields)
    return create_model(
        f"{camel(spec.kind)}{camel(t.name)}In",
        __base__=_Strict,
        on=(date | None, PField(None, title="办理日期", description="不填为今天")),
        data=(
            data if has_required else data | None,
            PField(... if has_required else None, title=f"{t.label}内容"),
        ),
    )


class AnyTransitionIn(_Strict):
    """办理 a step by name (steps without their own endpoint: e.g. a line registered later)."""

    on: date | None = PField(None, title="办理日期", description="不填为今天")
    data: dict[str, Any] = PField({}, title="办理内容")
