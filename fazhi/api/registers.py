"""REST endpoints of the registers (登记簿): one router per `fazhi.registers` declaration — list
with filters, one record, create, update, retire — built from the declaration when the URL
configuration loads, as the case kinds' routers are. Scoping is the selectors'; writes are the
register service's (audited, with the token that made them); personal data are masked unless the
caller's role may see them."""

# No `from __future__ import annotations`: ninja reads the handlers' annotations (built here).

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, create_model
from pydantic import Field as PField

from fazhi.api.errors import ApiError
from fazhi.api.schemas import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PageOut
from fazhi.cases.workflow import WorkflowError
from fazhi.core.models import OrgUnit
from fazhi.core.pii import MASKERS
from fazhi.registers import ledger, selectors, services
from fazhi.registers.declarations import Register, Spec


class RecordOut(Schema):
    """One record of a register: `values` holds each field as a person reads it (choice labels,
    names of related rows), keyed by field name; `raw` the stored codes and dates."""

    id: int
    label: str = PField(title="名称")
    retired: bool = PField(title="已退出")
    retired_on: date | None = PField(title="退出日期")
    values: dict[str, str] = PField(title="字段（显示值）")
    raw: dict[str, Any] = PField(title="字段（存储值）")


class RecordPageOut(PageOut):
    items: list[RecordOut]


class RetireIn(Schema):
    model_config = ConfigDict(extra="forbid")
    on: date | None = PField(None, title="日期", description="默认今天")
    restore: bool = PField(False, title="恢复", description="true：恢复在册（撤销退出）")


_PY = {"date": date, "int": int, "decimal": Decimal, "bool": bool}


def _annotation(spec: Spec) -> Any:
    if spec.kind == "choice":
        return Literal[tuple(c for c, _ in spec.choices)]  # type: ignore[misc]
    return _PY.get(spec.kind, str)


def _describe(spec: Spec) -> str:
    if spec.kind == "choice":
        return "；".join(f"{c}={label}" for c, label in spec.choices)
    if spec.kind == "org":
        return "单位代码或名称"
    if spec.kind == "user":
        return "用户名"
    if spec.is_relation:
        return spec.help or "编号或名称"
    return spec.help


def _pascal(key: str) -> str:
    return "".join(p.capitalize() for p in key.split("_"))


def body_schema(reg: Register, *, partial: bool) -> type:
    fields: dict[str, Any] = {}
    for spec in reg.specs():
        annotation = _annotation(spec)
        required = spec.required and not partial
        default = ... if required else None
        fields[spec.name] = (
            annotation if required else annotation | None,
            PField(default, title=spec.label, description=_describe(spec)),
        )
    name = f"{_pascal(reg.key)}{'Update' if partial else 'Create'}In"
    return create_model(name, __config__=ConfigDict(extra="forbid"), **fields)


def filters_schema(reg: Register) -> type:
    fields: dict[str, Any] = {
        "q": (
            str | None,
            PField(
                None,
                title="搜索",
                description="在" + "、".join(reg.field(n).label for n in reg.search) + "中查找",
            )
            if reg.search
            else PField(None, title="搜索"),
        ),
        "org": (str | None, PField(None, title="单位代码", description="该单位及其下级")),
        "page": (int, PField(1, ge=1, title="页码")),
        "page_size": (int, PField(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, title="每页条数")),
        "sort": (
            Literal[tuple(k for s in selectors.sort_keys(reg) for k in (s, f"-{s}"))] | None,  # type: ignore[misc]
            PField(None, title="排序", description="字段名，前加 - 为倒序"),
        ),
    }
    if reg.date_field:
        label = reg.field(reg.date_field).label
        fields["date_from"] = (date | None, PField(None, title=f"{label}自", alias="from"))
        fields["to"] = (date | None, PField(None, title=f"{label}至"))
    if reg.retire:
        fields["state"] = (
            Literal["active", "retired", "all"] | None,
            PField(
                None,
                title="状态",
                description=f"active={reg.retire.active_label}（默认）；retired={reg.retire.retired_label}；all=全部",
            ),
        )
    for spec in reg.filter_specs():
        if spec.kind == "bool":
            fields[spec.name] = (bool | None, PField(None, title=spec.label))
        elif spec.kind == "choice":
            fields[spec.name] = (
                _annotation(spec) | None,
                PField(None, title=spec.label, description=_describe(spec)),
            )
    return create_model(f"{_pascal(reg.key)}Filters", __config__=ConfigDict(populate_by_name=True), **fields)


def present(reg: Register, obj: Any, clear: bool) -> dict[str, Any]:
    values, raw = {}, {}
    for spec in reg.specs():
        text = spec.display(obj)
        if spec.pii and not clear and text:
            text = MASKERS[spec.pii](text)
        values[spec.name] = text
        value = getattr(obj, spec.name, None)
        if spec.is_relation:
            value = (
                None
                if value is None
                else (
                    value.code
                    if spec.kind == "org"
                    else (value.get_username() if spec.kind == "user" else value.pk)
                )
            )
        elif isinstance(value, Decimal):
            value = str(value)
        if spec.pii and not clear and value:
            value = text
        raw[spec.name] = value
    retired_on = getattr(obj, reg.retire.date_field, None) if reg.retire else None
    return {
        "id": obj.pk,
        "label": str(obj),
        "retired": bool(retired_on),
        "retired_on": retired_on,
        "values": values,
        "raw": raw,
    }


def _engine_errors(exc: WorkflowError) -> ApiError:
    return ApiError(400, exc.message, exc.errors)


def register_router(
    reg: Register, schemas: dict, route: Any, context: Any, page: Any, user_of: Any
) -> Router:
    """列表、详情、登记、修改、退出 of one register (`route`, `context`, `page`, `user_of`: the
    API module's shared steps, so both kinds of router behave alike)."""
    router = Router(tags=[reg.label])
    Filters = filters_schema(reg)
    CreateIn = body_schema(reg, partial=False)
    UpdateIn = body_schema(reg, partial=True)

    def _view(request) -> Any:
        user = user_of(request)
        if not reg.may_view(user):
            raise ApiError(403, f"您没有查看{reg.label}的权限。")
        return user

    def _one(user: Any, record_id: int) -> Any:
        return selectors.record_for(reg, user, record_id)

    def list_records(request, filters: Query[Filters]):  # type: ignore[valid-type]
        user = _view(request)
        f: Any = filters
        params = {k: v for k, v in f.model_dump(by_alias=True).items() if v is not None}
        for k, v in list(params.items()):
            if isinstance(v, bool):
                params[k] = "1" if v else "0"
            elif isinstance(v, date):
                params[k] = v.isoformat()
        if "state" not in params and reg.retire:
            params["state"] = "active"
        if f.org and not OrgUnit.objects.filter(code=f.org).exists():
            raise ApiError(400, "请更正标出的内容。", {"org": f"找不到单位“{f.org}”。"})
        query = selectors.RegisterQuery.from_params(reg, params)
        qs, _ = selectors.register_list(reg, user, query)
        paging, rows = page(ledger.with_clear_pii(reg, user, qs), f.page, f.page_size)
        return {**paging, "items": [present(reg, obj, ledger.clear_pii(reg, user, obj)) for obj in rows]}

    def _presented(user: Any, obj: Any) -> dict[str, Any]:
        return present(reg, obj, ledger.clear_pii(reg, user, obj))

    def get_record(request, record_id: int):
        user = _view(request)
        return _presented(user, _one(user, record_id))

    def create_record(request, payload: CreateIn):  # type: ignore[valid-type]
        user = _view(request)
        if not reg.may_change(user):
            raise ApiError(403, f"您没有登记{reg.label}的权限。")
        values = payload.model_dump()  # type: ignore[attr-defined]
        with context(request):
            try:
                obj = services.register_create(actor=user, reg=reg, values=values)
            except WorkflowError as exc:
                raise _engine_errors(exc) from exc
        return Status(201, _presented(user, _one(user, obj.pk)))

    def update_record(request, record_id: int, payload: UpdateIn):  # type: ignore[valid-type]
        user = _view(request)
        obj = _one(user, record_id)
        values = payload.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
        with context(request):
            try:
                services.register_update(actor=user, reg=reg, obj=obj, values=values)
            except WorkflowError as exc:
                raise _engine_errors(exc) from exc
        return _presented(user, _one(user, record_id))

    def retire_record(request, record_id: int, payload: RetireIn):
        user = _view(request)
        obj = _one(user, record_id)
        with context(request):
            try:
                services.register_retire(actor=user, reg=reg, obj=obj, on=payload.on, restore=payload.restore)
            except WorkflowError as exc:
                raise _engine_errors(exc) from exc
        return _presented(user, _one(user, record_id))

    key = reg.key
    many, one = f"register-{key}", f"register-{key}-one"
    route(
        schemas,
        router,
        "get",
        "/",
        list_records,
        many,
        f"{key}_list",
        f"{reg.label}列表",
        {200: RecordPageOut},
        query=Filters,
    )
    route(
        schemas,
        router,
        "post",
        "/",
        create_record,
        many,
        f"{key}_create",
        f"登记{reg.item}",
        {201: RecordOut},
        body=CreateIn,
    )
    route(
        schemas,
        router,
        "get",
        "/{int:record_id}",
        get_record,
        one,
        f"{key}_detail",
        f"{reg.item}详情",
        {200: RecordOut},
    )
    route(
        schemas,
        router,
        "patch",
        "/{int:record_id}",
        update_record,
        one,
        f"{key}_update",
        f"修改{reg.item}",
        {200: RecordOut},
        body=UpdateIn,
        description="只修改请求中给出的字段。",
    )
    if reg.retire:
        route(
            schemas,
            router,
            "post",
            "/{int:record_id}/retire",
            retire_record,
            f"register-{key}-retire",
            f"{key}_retire",
            f"{reg.retire.label}",
            {200: RecordOut},
            body=RetireIn,
            description=f"{reg.retire.label}（restore=true 时{reg.retire.restore_label}）。",
        )
    return router
