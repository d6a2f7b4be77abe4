"""The default resource types (a bureau edits the list in the admin). Loaded by migration 0002 and,
after a database flush (`fazhi demo --reset`, tests), by `ensure_resource_types`."""

from __future__ import annotations

from typing import Any

RESOURCE_TYPES = [
    ("mediation_org", "调解组织"),
    ("law_firm", "律师事务所"),
    ("notary", "公证机构"),
    ("appraisal", "司法鉴定机构"),
    ("arbitration", "仲裁机构"),
    ("education", "法治宣传教育阵地"),
    ("legal_aid_station", "法律援助工作站"),
    ("adviser", "法律顾问"),
]


def ensure_resource_types(model: Any = None) -> None:
    if model is None:
        from fazhi.network.models import ResourceType as model
    for order, (code, name) in enumerate(RESOURCE_TYPES, start=1):
        model.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})
