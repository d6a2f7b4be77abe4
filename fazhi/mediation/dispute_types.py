"""纠纷类型 (mediation dispute types) as data: the Ministry of Justice's statistical list, shipped
here, and the local types a bureau adds in the admin, each rolling up to a statistical type.

The 15 statistical types are those of the Ministry's people's-mediation statistics (司法部人民调解
工作统计): 婚姻家庭, 邻里, 房屋宅基地, 合同, 生产经营, 损害赔偿, 山林土地, 征地拆迁, 环境污染,
劳动争议, 消费, 医疗, 道路交通事故, 物业, 其他. A data migration seeds them into `DisputeType`;
the codes are the ones records already hold.

Reads go through a small directory of all types (one query), kept per process for a few seconds:
choices on forms and filters, labels on worklists and exports, and the ledger's name → code
mapping read it for every row, and a 20,000-row import must not query per cell. A type saved in
this process clears it at once; other processes see a change within `TTL` seconds.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

# (code, name) in the Ministry's order. "consumer" 消费纠纷 stands where "fire" 消防纠纷 stood.
STATISTICAL: tuple[tuple[str, str], ...] = (
    ("marriage_family", "婚姻家庭纠纷"),
    ("neighbour", "邻里纠纷"),
    ("housing_land", "房屋宅基地纠纷"),
    ("contract", "合同纠纷"),
    ("business", "生产经营纠纷"),
    ("damages", "损害赔偿纠纷"),
    ("forest_land", "山林土地纠纷"),
    ("expropriation", "征地拆迁纠纷"),
    ("environment", "环境污染纠纷"),
    ("labour", "劳动争议纠纷"),
    ("consumer", "消费纠纷"),
    ("medical", "医疗纠纷"),
    ("traffic", "道路交通事故纠纷"),
    ("property_mgmt", "物业纠纷"),
    ("other", "其他纠纷"),
)
# The old list's 消防纠纷 ("fire"), kept as a local type under 其他 (see the 0005 migration).
LEGACY_LOCAL: tuple[tuple[str, str, str], ...] = (("fire", "消防纠纷", "other"),)

TTL = 10.0  # seconds a process keeps the directory


@dataclass(frozen=True)
class Entry:
    """One dispute type as the directory holds it."""

    code: str
    name: str
    statistical: str  # the code it rolls up to (its own for a statistical type)
    active: bool


_cache: tuple[float, dict[str, Entry]] | None = None


def clear() -> None:
    """Forget the directory (a type was saved or deleted)."""
    global _cache
    _cache = None


def _load() -> dict[str, Entry]:
    from fazhi.mediation.models import DisputeType

    rows = list(
        DisputeType.objects.select_related("parent")
        .order_by("order", "code")
        .values_list("code", "name", "parent__code", "active")
    )
    if not rows:  # a flushed database (transactional tests): the shipped list still holds
        rows = [(c, n, None, True) for c, n in STATISTICAL]
        rows += [(c, n, p, True) for c, n, p in LEGACY_LOCAL]
    return {code: Entry(code, name, parent or code, active) for code, name, parent, active in rows}


def directory() -> dict[str, Entry]:
    """code → Entry for every type, in display order."""
    global _cache
    now = time.monotonic()
    if _cache is None or now - _cache[0] > TTL:
        _cache = (now, _load())
    return _cache[1]


def label(code: str | None) -> str:
    """The type's name ("" for none; the code itself if unknown)."""
    if not code:
        return ""
    entry = directory().get(code)
    return entry.name if entry else code


def statistical(code: str) -> str:
    """The statistical type `code` rolls up to (itself for a statistical type)."""
    entry = directory().get(code)
    return entry.statistical if entry else "other"


def rollup(counts: Mapping[str, int]) -> dict[str, int]:
    """Counts by type code → counts by the Ministry's statistical types, in the list's order (every
    statistical type present, 0 if none): what the statistics report."""
    totals = {code: 0 for code, _ in STATISTICAL}
    for code, n in counts.items():
        key = statistical(code)
        totals[key] = totals.get(key, 0) + n
    return totals


def problem(code: str) -> str | None:
    """Why `code` may not be given to a new record, or None."""
    entry = directory().get(code)
    if entry is None or not entry.active:
        names = "、".join(e.name for e in directory().values() if e.active)
        return f"“纠纷类型”的选项无效（可选：{names}）"
    return None


def resolve(text: str) -> str:
    """A ledger cell → the code: the code itself, the name, or the name without “纠纷”
    (台账 often write 邻里 for 邻里纠纷). Raises ValueError with the Chinese reason."""
    value = text.strip()
    for e in directory().values():
        if e.active and value in (e.code, e.name, e.name.removesuffix("纠纷")):
            return e.code
    raise ValueError(problem("\0") or "“纠纷类型”的选项无效")


class Choices:
    """The active types as (code, name) choices, read from the directory each time they are
    iterated (a bureau adds local types while the process runs)."""

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(tuple((e.code, e.name) for e in directory().values() if e.active))


CHOICES = Choices()
