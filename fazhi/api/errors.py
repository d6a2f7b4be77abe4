"""Errors the API returns, in one shape: `{"detail": "…", "errors": {field: reason}}`, with
Chinese messages that name the field by its label — for bad input (400), a refused login (401),
a forbidden action (403) and a case the caller may not see (404)."""

from __future__ import annotations

import typing
from collections.abc import Iterable, Mapping
from typing import Any

from ninja.errors import HttpError
from pydantic import BaseModel

# pydantic error type -> message; {label} is the field's Chinese title, the rest come from ctx.
MESSAGES = {
    "missing": "请填写“{label}”。",
    "literal_error": "“{label}”的选项无效，可选：{expected}。",
    "enum": "“{label}”的选项无效，可选：{expected}。",
    "date_parsing": "“{label}”不是有效日期（应为 年-月-日）。",
    "date_from_datetime_parsing": "“{label}”不是有效日期（应为 年-月-日）。",
    "date_from_datetime_inexact": "“{label}”应为日期，不含时间。",
    "date_type": "“{label}”不是有效日期（应为 年-月-日）。",
    "datetime_parsing": "“{label}”不是有效时间。",
    "int_parsing": "“{label}”应为整数。",
    "int_type": "“{label}”应为整数。",
    "int_from_float": "“{label}”应为整数。",
    "decimal_parsing": "“{label}”应为数字。",
    "decimal_type": "“{label}”应为数字。",
    "bool_parsing": "“{label}”应为 true 或 false。",
    "bool_type": "“{label}”应为 true 或 false。",
    "string_type": "“{label}”应为文字。",
    "string_too_long": "“{label}”不能超过 {max_length} 个字。",
    "string_too_short": "请填写“{label}”。",
    "greater_than_equal": "“{label}”不能小于 {ge}。",
    "less_than_equal": "“{label}”不能大于 {le}。",
    "list_type": "“{label}”应为列表。",
    "model_type": "“{label}”应为对象。",
    "model_attributes_type": "“{label}”应为对象。",
    "dict_type": "“{label}”应为对象。",
    "extra_forbidden": "不认识的字段“{name}”。",
}
DEFAULT_MESSAGE = "“{label}”的格式不正确。"


class ApiError(HttpError):
    """An error response with field errors (status, Chinese message, {field: reason})."""

    def __init__(self, status_code: int, message: str, errors: Mapping[str, str] | None = None):
        super().__init__(status_code, message)
        self.errors = dict(errors or {})


def _inner(annotation: Any) -> Any:
    """The model class inside Optional[...] / list[...], if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner(arg)
        if found is not None:
            return found
    return None


def label_at(model: type[BaseModel] | None, path: Iterable[Any]) -> str:
    """The Chinese title of the field at `path` (names and list indexes) inside `model`."""
    label = ""
    for part in path:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            return label or str(part)
        label = field.title or str(part)
        model = _inner(field.annotation)
    return label


def _expected(ctx: Mapping[str, Any]) -> str:
    text = str(ctx.get("expected", ""))
    for sep in (" or ", ", "):
        text = text.replace(sep, "、")
    return text.replace("'", "")


def field_errors(errors: list[dict[str, Any]], models: Mapping[str, type[BaseModel]]) -> dict[str, str]:
    """Chinese messages keyed by field path ("detail.dispute_type", "parties.0.name", "page")
    from ninja's validation errors. `models` gives the schema of each source ("body", "query")."""
    out: dict[str, str] = {}
    for error in errors:
        loc = list(error.get("loc", ()))
        source = loc.pop(0) if loc else ""
        if source == "body" and loc:
            loc.pop(0)  # the handler's parameter name
        ctx = error.get("ctx") or {}
        key = ".".join(str(p) for p in loc)
        label = label_at(models.get(source), loc) or key or "请求"
        template = MESSAGES.get(error.get("type", ""), DEFAULT_MESSAGE)
        values = {**ctx, "label": label, "name": loc[-1] if loc else "", "expected": _expected(ctx)}
        try:
            message = template.format(**values)
        except (KeyError, IndexError, ValueError):
            message = DEFAULT_MESSAGE.format(label=label)
        out.setdefault(key, message)
    return out
