"""The REST API (数据接口): one router per registered case kind — worklist, case, intake and each
workflow step — plus the 临期/超期 list and the caller's own account. Built from
`fazhi.cases.registry` when the URL configuration loads, so every line gets its endpoints from its
declarations. Handlers are thin: parse → authorise → call a selector or service → present.
Scoping is the selectors' (`scoped_for`); writes are the services' (audited, with the token that
made them); reading personal information in clear is audited here."""

# No `from __future__ import annotations`: ninja reads the handlers' annotations, and here they
# are schema classes built per kind at run time.

import math
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import re_path, reverse
from ninja import NinjaAPI, Query, Router, Status, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer
from pydantic import BaseModel

from fazhi.api import output
from fazhi.api.assistant import assistant_router
from fazhi.api.auth import BearerToken, SessionWithCsrf
from fazhi.api.errors import ApiError, field_errors
from fazhi.api.indicators import indicators_router
from fazhi.api.registers import register_router
from fazhi.api.schemas import (
    AnyTransitionIn,
    CaseDetailOut,
    CasePageOut,
    CaseQuery,
    DuePageOut,
    ErrorOut,
    MeOut,
    PartyIn,
    create_schema,
    detail_filters,
    due_filters_schema,
    filters_schema,
    fixed_choices,
    transition_schema,
)
from fazhi.cases import registry, selectors, services
from fazhi.cases.models import Case
from fazhi.cases.selectors import WorklistQuery
from fazhi.cases.services import PartyInput
from fazhi.cases.workflow import Field, Transition, WorkflowError
from fazhi.core.audit import audit_context
from fazhi.core.models import OrgUnit, User
from fazhi.core.paging import CappedPaginator
from fazhi.core.roles import ASSIGNEE_ONLY_ROLES, OWNER_ONLY_ROLES, Action
from fazhi.core.scoping import (
    active_grants,
    audited_reveal,
    can,
    can_in_area,
    grants_allowing,
    is_public_user,
)
from fazhi.registers.declarations import all_registers

DESCRIPTION = """法治平台的数据接口，供其他系统（如市级矛盾纠纷调处平台、12348 热线系统）按权限查询与办理案件。

**认证**：在请求头中带 `Authorization: Bearer <接口令牌>`。令牌由系统管理员在管理后台“接口令牌”中签发，
或在服务器上运行 `fazhi api_token 用户名 --name 用途`；令牌只在签发时显示一次。令牌代表其所属用户：
角色、数据范围与该用户在工作台上完全相同。已登录工作台的浏览器也可直接调用（写请求须带 `X-CSRFToken`）。

**数据范围**：只返回调用者有权查看的案件；无权查看的案件一律返回 404。

**个人信息**：当事人姓名、身份证号码、联系电话、住址默认脱敏；有权查看个人信息的用户可在案件详情请求中加
`reveal_pii=true` 取得原文，每次查看都记入审计日志。

**列表**：`total` 在 2000 条以内为准确数；超过时 `total_capped` 为 true（请加筛选条件缩小范围）。

**错误**：`{"detail": "说明", "errors": {"字段": "原因"}}`（字段名 `""` 指整个请求）；400 输入有误，
401 未认证或令牌无效，403 无此权限，404 不存在或无权查看。"""

# Units that receive cases (the intake form offers the same kinds).
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}

# (url name, method) -> {"body": schema, "query": schema} of one API: to name fields in errors.
Schemas = dict[tuple[str, str], dict[str, type[BaseModel]]]


# --- shared steps of every handler ------------------------------------------------------------


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _context(request: HttpRequest) -> Any:
    """Audit events recorded while serving this request say they came through the API, and which
    token (if any) was used."""
    token = getattr(request, "api_token", None)
    return audit_context(via="api", api_token=token.prefix if token else "")


def _require_area(user: Any, spec: registry.CaseKind, action: str = Action.VIEW) -> None:
    if not can_in_area(user, spec.area, action):
        verb = "查看" if action == Action.VIEW else "办理"
        raise ApiError(403, f"您没有{verb}{spec.label}的权限。")


def _page(qs: Any, page: int, page_size: int) -> tuple[dict[str, Any], list[Any]]:
    """One page, and the total — counted exactly up to the worklist's cap (a district-wide list of
    a million cases must not cost a full COUNT per call); past it, the database's estimate."""
    paginator = CappedPaginator(qs, page_size)
    total, capped = paginator.count, paginator.capped
    start = (page - 1) * page_size
    info = {
        "total": total,
        "total_capped": capped,
        "total_estimate": paginator.estimate if capped else None,
        "page": page,
        "page_size": page_size,
        "pages": None if capped else max(1, math.ceil(total / page_size)),
    }
    return info, paginator.rows(start, start + page_size)


def _resolve(f: Field, value: Any, key: str) -> Any:
    """A user field's username → the user; an org field's code → the unit."""
    if value in (None, "") or f.kind not in ("user", "org"):
        return value
    if f.kind == "user":
        found = User.objects.filter(username=value, is_active=True).first()
        if found is None:
            raise ApiError(400, "请更正标出的内容。", {key: f"找不到用户“{value}”（{f.label}）。"})
        return found
    unit = OrgUnit.objects.filter(code=value).first()
    if unit is None:
        raise ApiError(400, "请更正标出的内容。", {key: f"找不到单位“{value}”（{f.label}）。"})
    return unit


def _engine_errors(exc: WorkflowError, prefix: str, names: set[str]) -> ApiError:
    """A WorkflowError with its field names turned into this API's field paths."""
    errors = {}
    for name, message in exc.errors.items():
        party = re.fullmatch(r"party_(\d+)_(\w+)", name)
        if party:
            key = f"parties.{party[1]}.{party[2]}"
        elif name in names:
            key = f"{prefix}.{name}"
        else:
            key = name
        errors[key] = message
    return ApiError(400, exc.message, errors)


def _present(request: HttpRequest, case: Case, spec: registry.CaseKind, *, reveal: bool = False) -> dict:
    user = _user(request)
    may_pii = can(user, Action.VIEW_PII, case)
    if reveal and not may_pii:
        raise ApiError(403, "您没有查看此案件个人信息原文的权限。")
    data, shown_detail = output.case_full(
        case, spec, user, today=services.today(), may_pii=may_pii, reveal=reveal
    )
    if reveal:
        with _context(request):
            audited_reveal(
                user,
                case,
                detail={
                    "parties": [p["id"] for p in data["parties"] if p["type"] == "person"],
                    "fields": [*output.PERSON_PII, "name", *shown_detail],
                },
            )
    return data


# --- per kind ------------------------------------------------------------------------------------


def has_generic_intake(spec: registry.CaseKind) -> bool:
    """Whether cases of this kind are received through the generic intake (收案登记). A line with its
    own intake screen (a court case number to parse, an eligibility check to run) or whose cases
    arise from another case's step has no create endpoint: its intake is not a plain case_create."""
    return spec.intake and not spec.intake_url


def kind_router(spec: registry.CaseKind, schemas: Schemas) -> Router:
    """列表、详情、收案与各办理环节 of one case kind."""
    router = Router(tags=[spec.label])
    kind = spec.kind
    Filters = filters_schema(spec)
    CreateIn = create_schema(spec)
    line_filters = detail_filters(spec)
    create_fields = {f.name: f for f in spec.create_fields}
    detail_names = set(create_fields)
    if spec.detail_model is not None:
        detail_names |= {f.name for f in spec.detail_model._meta.concrete_fields}

    def list_cases(request, filters: Query[Filters]):  # type: ignore[valid-type]
        user = _user(request)
        _require_area(user, spec)
        f: Any = filters
        errors = {}
        if f.org and not OrgUnit.objects.filter(code=f.org).exists():
            errors["org"] = f"找不到单位“{f.org}”。"
        chosen = {x.name: getattr(f, x.name) for x in line_filters if getattr(f, x.name)}
        for x in line_filters:
            if x.name in chosen and not fixed_choices(x) and chosen[x.name] not in {c for c, _ in x.choices}:
                errors[x.name] = f"“{x.label}”的选项“{chosen[x.name]}”无效。"
        if errors:
            raise ApiError(400, "请更正标出的内容。", errors)
        query = WorklistQuery(
            status=f.status or "",
            org=f.org or "",
            handler=str(f.handler) if f.handler else "",
            received_from=f.received_from,
            received_to=f.received_to,
            enterprise="" if f.enterprise is None else ("1" if f.enterprise else "0"),
            due=f.due or "",
            q=(f.q or "").strip(),
            sort=f.sort,
            detail=chosen,
        )
        today = services.today()
        qs = selectors.worklist(user, kind, query, today=today).select_related(
            "org_unit", "handler", "assignee"
        )
        if spec.detail_model is not None:
            qs = qs.select_related(kind, *spec.worklist_related)
        paging, cases = _page(qs, f.page, f.page_size)
        return {**paging, "items": [output.case_row(c, spec, today) for c in cases]}

    def get_case(request, case_id: int, params: Query[CaseQuery]):  # type: ignore[valid-type]
        user = _user(request)
        _require_area(user, spec)
        case = selectors.case_for(user, case_id, kind)
        return _present(request, case, spec, reveal=params.reveal_pii)

    def create_case(request, payload: CreateIn):  # type: ignore[valid-type]
        user = _user(request)
        _require_area(user, spec, Action.CHANGE)
        p: Any = payload
        errors: dict[str, str] = {}
        unit = OrgUnit.objects.filter(code=p.org_unit).first()
        if unit is None:
            errors["org_unit"] = f"找不到单位“{p.org_unit}”。"
        parties = _parties(p.parties, spec, errors)
        detail = _detail(p.detail.model_dump() if p.detail is not None else {}, create_fields, errors)
        if errors:
            raise ApiError(400, "请更正标出的内容。", errors)
        enterprise = p.enterprise_related
        if enterprise is None:
            enterprise = any(x.role == spec.applicant_role and x.legal_entity is not None for x in parties)
        with _context(request):
            try:
                case = services.case_create(
                    actor=user,
                    kind=kind,
                    org_unit=unit,
                    received_on=p.received_on,
                    title=p.title.strip(),
                    channel=p.channel,
                    parties=parties,
                    detail=detail,
                    enterprise_related=enterprise,
                    note=p.note.strip(),
                )
            except WorkflowError as exc:
                raise _engine_errors(exc, "detail", detail_names) from exc
        return Status(201, _present(request, selectors.case_for(user, case.pk, kind), spec))

    def _transition(request, case_id: int, name: str, on: date | None, data: Mapping[str, Any]):
        user = _user(request)
        _require_area(user, spec)
        case = selectors.case_for(user, case_id, kind)
        try:
            t = spec.workflow.transition(name)
        except WorkflowError:
            raise ApiError(404, f"{spec.label}没有“{name}”这个办理环节。") from None
        values = dict(data)
        for f in t.fields:
            values[f.name] = _resolve(f, values.get(f.name), f"data.{f.name}")
        with _context(request):
            try:
                case = services.case_transition(
                    actor=user, case=case, name=t.name, data=values, on=on, documents=True
                )
            except WorkflowError as exc:
                raise _engine_errors(exc, "data", {f.name for f in t.fields}) from exc
        return _present(request, selectors.case_for(user, case.pk, kind), spec)

    # Operations on the same path share one URL name (ninja serves them from one view).
    cases, one = f"{kind}-cases", f"{kind}-case"
    _route(
        schemas,
        router,
        "get",
        "/",
        list_cases,
        cases,
        f"{kind}_list",
        f"{spec.label}工作清单",
        {200: CasePageOut},
        query=Filters,
    )
    if has_generic_intake(spec):
        _route(
            schemas,
            router,
            "post",
            "/",
            create_case,
            cases,
            f"{kind}_create",
            f"{spec.label}收案",
            {201: CaseDetailOut},
            body=CreateIn,
        )
    _route(
        schemas,
        router,
        "get",
        "/{int:case_id}",
        get_case,
        one,
        f"{kind}_detail",
        f"{spec.label}案件详情",
        {200: CaseDetailOut},
        query=CaseQuery,
    )
    for t in spec.workflow.transitions:
        if not t.automatic:
            _transition_route(router, spec, t, _transition, schemas)

    def any_transition(request, case_id: int, name: str, payload: AnyTransitionIn):
        p: Any = payload
        return _transition(request, case_id, name, p.on, p.data)

    # After the named steps: Django tries URL patterns in order.
    _route(
        schemas,
        router,
        "post",
        "/{int:case_id}/transitions/{name}",
        any_transition,
        f"{kind}-transition",
        f"{kind}_transition",
        "按名称办理环节",
        {200: CaseDetailOut},
        body=AnyTransitionIn,
        description="办理名为 name 的环节；各环节也有各自的接口（见上），字段说明在那里。",
    )
    return router


def _transition_route(
    router: Router, spec: registry.CaseKind, t: Transition, do: Any, schemas: Schemas
) -> None:
    TransitionIn = transition_schema(spec, t)

    def take(request, case_id: int, payload: TransitionIn):  # type: ignore[valid-type]
        p: Any = payload
        return do(request, case_id, t.name, p.on, p.data.model_dump() if p.data is not None else {})

    sources = "、".join(spec.workflow.states.get(s, s) for s in t.sources)
    if t.target:
        description = f"从“{sources}”到“{spec.workflow.states.get(t.target, t.target)}”。"
    else:
        description = f"在“{sources}”时办理，状态不变（记录环节）。"
    _route(
        schemas,
        router,
        "post",
        f"/{{int:case_id}}/transitions/{t.name}",
        take,
        output.transition_url_name(spec.kind, t.name),
        f"{spec.kind}_{t.name}",
        f"办理：{t.label}",
        {200: CaseDetailOut},
        body=TransitionIn,
        description=description,
    )


def _route(
    schemas: Schemas,
    router: Router,
    method: str,
    path: str,
    handler: Any,
    url_name: str,
    operation_id: str,
    summary: str,
    response: dict[int, Any],
    *,
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    description: str = "",
) -> None:
    handler.__name__ = operation_id
    getattr(router, method)(
        path,
        response={**response, **ERRORS},
        operation_id=operation_id,
        url_name=url_name,
        summary=summary,
        description=description,
    )(handler)
    schemas[(url_name, method.upper())] = {k: v for k, v in (("body", body), ("query", query)) if v}


def _parties(items: list[PartyIn], spec: registry.CaseKind, errors: dict[str, str]) -> list[PartyInput]:
    parties = []
    for i, p in enumerate(items):
        name = (p.name or "").strip()
        if p.type == "agency":
            unit = OrgUnit.objects.filter(code=p.org_unit or "").first()
            if unit is None:
                errors[f"parties.{i}.org_unit"] = f"找不到行政机关“{p.org_unit or ''}”（单位代码）。"
                continue
            parties.append(PartyInput(role=p.role, org_unit=unit))
            continue
        if not name:
            errors[f"parties.{i}.name"] = "请填写“姓名/名称”。"
            continue
        if p.type == "entity":  # an applicant's credit code: checked by the engine (plans.check_intake)
            parties.append(
                PartyInput(role=p.role, legal_entity={"name": name, "uscc": (p.uscc or "").strip()})
            )
        else:
            person = {
                "name": name,
                **{k: (getattr(p, k) or "").strip() for k in ("id_number", "phone", "address")},
            }
            parties.append(PartyInput(role=p.role, person=person))
    if not any(p.role == spec.applicant_role for p in items):
        errors["parties"] = f"请至少填写一名{spec.applicant_label}（role={spec.applicant_role}）。"
    return parties


def _detail(values: Mapping[str, Any], fields: Mapping[str, Field], errors: dict[str, str]) -> dict[str, Any]:
    """The line's intake fields, checked by the same rules as the intake form (Field.clean)."""
    detail = {}
    for name, f in fields.items():
        key = f"detail.{name}"
        try:
            value = _resolve(f, f.clean(values.get(name)), key)
        except ValueError as exc:
            errors[key] = str(exc)
            continue
        except ApiError as exc:
            errors.update(exc.errors)
            continue
        if value not in (None, ""):
            detail[name] = value
    return detail


# --- across kinds ----------------------------------------------------------------------------------


def account_router(schemas: Schemas) -> Router:
    router = Router(tags=["账户与期限"])
    DueFilters = due_filters_schema(tuple(k.kind for k in registry.all_kinds()), selectors.NEAR_DUE_DAYS)
    schemas[("deadlines-due", "GET")] = {"query": DueFilters}

    @router.get(
        "/me", response={200: MeOut, **ERRORS}, operation_id="me", url_name="me", summary="当前用户与权限"
    )
    def me(request):
        user = _user(request)
        token = getattr(request, "api_token", None)
        kinds_out = []
        for spec in registry.all_kinds():
            if not can_in_area(user, spec.area, Action.VIEW):
                continue
            creators = [
                g
                for g in grants_allowing(user, spec.area, Action.CHANGE)
                if g.role not in ASSIGNEE_ONLY_ROLES and g.role not in OWNER_ONLY_ROLES
            ]
            kinds_out.append(
                {
                    "kind": spec.kind,
                    "label": spec.label,
                    "may_change": can_in_area(user, spec.area, Action.CHANGE),
                    "may_create": has_generic_intake(spec) and (user.is_superuser or bool(creators)),
                    "path": reverse(f"api:{spec.kind}-cases"),
                }
            )
        return {
            "id": user.pk,
            "username": user.get_username(),
            "name": str(user),
            "kind": user.kind,
            "kind_label": user.get_kind_display(),
            "auth": "token" if token else "session",
            "token": {"prefix": token.prefix, "name": token.name, "expires_at": token.expires_at}
            if token
            else None,
            "grants": [
                {
                    "role": g.role,
                    "role_label": g.get_role_display(),
                    "org_unit": output.org(g.org_unit),
                    "valid_until": g.valid_until,
                }
                for g in active_grants(user)
            ],
            "kinds": kinds_out,
        }

    @router.get(
        "/deadlines/due",
        response={200: DuePageOut, **ERRORS},
        operation_id="deadlines_due",
        url_name="deadlines-due",
        summary="临期/超期期限",
        description="调用者数据范围内、已超期或在 within 日内届满的进行中期限，按届满日排序。",
    )
    def due(request, filters: Query[DueFilters]):  # type: ignore[valid-type]
        f: Any = filters
        within, kind, page, page_size = f.within, f.kind, f.page, f.page_size
        user = _user(request)
        if is_public_user(user):
            raise ApiError(403, "公众用户不能查看期限清单。")
        today = services.today()
        qs = selectors.due_deadlines(user, today=today, within_days=within).select_related("case__assignee")
        if kind:
            qs = qs.filter(case__kind=kind)
        paging, rows = _page(qs, page, page_size)
        items = []
        for d in rows:
            c = d.case
            items.append(
                {
                    **output.deadline_row(d, today),
                    "days_left": (d.due - today).days,
                    "case": {
                        "id": c.pk,
                        "kind": c.kind,
                        "kind_label": c.spec.label,
                        "number": c.number,
                        "title": c.title,
                        "org_unit": output.org(c.org_unit),
                        "handler": output.user_ref(c.handler),
                    },
                }
            )
        return {**paging, "within_days": within, "items": items}

    return router


# --- the API ----------------------------------------------------------------------------------------


def _error(
    api: NinjaAPI, request: HttpRequest, status: int, detail: str, errors: Mapping[str, str] | None = None
):
    response = api.create_response(request, {"detail": detail, "errors": dict(errors or {})}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="fazhi"'
    return response


def _install_error_handlers(api: NinjaAPI, schemas: Schemas) -> None:
    def on_validation(request, exc: ValidationError):
        match = request.resolver_match
        models = schemas.get((match.url_name if match else "", request.method or ""), {})
        return _error(api, request, 400, "请更正标出的内容。", field_errors(exc.errors, models))

    def on_http_error(request, exc: HttpError):
        if isinstance(exc, ApiError):
            return _error(api, request, exc.status_code, str(exc), exc.errors)
        if isinstance(exc, AuthenticationError):
            return _error(api, request, 401, "请提供接口令牌（Authorization: Bearer …）或先登录。")
        message = str(exc)
        if message.startswith("Cannot parse request body"):
            message = "请求体不是有效的 JSON。"
        return _error(api, request, exc.status_code, message)

    api.add_exception_handler(ValidationError, on_validation)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(
        Http404, lambda request, exc: _error(api, request, 404, str(exc) or "不存在或无权查看。")
    )
    api.add_exception_handler(
        PermissionDenied, lambda request, exc: _error(api, request, 403, str(exc) or "无此权限。")
    )


class ChineseJSONRenderer(JSONRenderer):
    """UTF-8 JSON with Chinese as characters, not \\u escapes: readable with curl, and smaller."""

    json_dumps_params = {"ensure_ascii": False}


def build_api() -> NinjaAPI:
    """The API with one router per registered case kind (tag: the kind's Chinese label)."""
    schemas: Schemas = {}
    api = NinjaAPI(
        title="法治平台数据接口",
        version="1",
        description=DESCRIPTION,
        urls_namespace="api",
        renderer=ChineseJSONRenderer(),
        auth=[BearerToken(), SessionWithCsrf()],
        # Served from ninja's own static files ("ninja" in INSTALLED_APPS): nothing from a CDN,
        # and no call to the public swagger.io validator.
        docs=Swagger(settings={"validatorUrl": None, "docExpansion": "list", "defaultModelsExpandDepth": 0}),
        # The description of the API holds no data: other systems read it before they have a token.
        docs_decorator=login_not_required,
    )
    _install_error_handlers(api, schemas)
    api.add_router("/", account_router(schemas))
    api.add_router("/", indicators_router())
    api.add_router("/", assistant_router())
    for spec in sorted(registry.all_kinds(), key=lambda k: (k.menu_order, k.kind)):
        api.add_router(f"/cases/{spec.kind}/", kind_router(spec, schemas))
    for reg in all_registers():
        api.add_router(
            f"/registers/{reg.key}/", register_router(reg, schemas, _route, _context, _page, _user)
        )
    return api


@login_not_required
def _no_such_endpoint(request: HttpRequest, rest: str = "") -> JsonResponse:
    return JsonResponse(
        {"detail": f"没有这个接口：{request.path}（接口说明见 /api/docs）。", "errors": {}},
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )


def urlpatterns_of(api: NinjaAPI) -> list[Any]:
    """The API's URL patterns, exempt from the site's login redirect (the API answers 401 itself),
    and a JSON 404 for any other path under it."""
    patterns, _app, _namespace = api.urls
    for pattern in patterns:
        login_not_required(pattern.callback)
    return [*patterns, re_path(r"^(?P<rest>.+)$", _no_such_endpoint)]


__all__ = ["build_api", "urlpatterns_of"]
