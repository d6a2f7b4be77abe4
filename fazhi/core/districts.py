"""Several districts (区县) in one database: which district an actor works in, and a unit named in
a form or a ledger row resolved only within that district.

A district-level role (the reconsideration office, the legal-aid centre …) is found through the org
tree by its 职能 (`fazhi.core.orgtree.unit_for`); where there is no case yet (an intake form, a
ledger import) the district is the actor's: the districts their role grants lie in (a grant on a
city or province root above districts reaches every district below it).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from fazhi.core.models import OrgUnit
from fazhi.core.models.org import OrgKind
from fazhi.core.orgtree import district_of
from fazhi.core.scoping import SYSTEM, active_grants


class UnitNameError(LookupError):
    """A name that names no unit (or several) of the district; `message` is Chinese and, where a
    name of the district is close, suggests it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def all_districts() -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(kind=OrgKind.DISTRICT, is_active=True).order_by("path"))


def actor_districts(actor: Any) -> list[OrgUnit]:
    """The districts `actor` works in, in tree order: those their active grants lie in or cover.
    The system and a superuser work in every district."""
    if actor is None or actor is SYSTEM or getattr(actor, "is_superuser", False):
        return all_districts()
    if not getattr(actor, "is_authenticated", False):
        return []
    return districts_of(g.org_unit for g in active_grants(actor))


def districts_of(units: Iterable[OrgUnit]) -> list[OrgUnit]:
    """The districts `units` lie in (a unit above districts: every district below it)."""
    found: dict[int, OrgUnit] = {}
    for unit in units:
        try:
            district = district_of(unit)
        except OrgUnit.DoesNotExist:  # a city or province root: every district below it
            for d in OrgUnit.objects.filter(kind=OrgKind.DISTRICT, path__startswith=unit.path):
                found[d.pk] = d
            continue
        found[district.pk] = district
    return sorted(found.values(), key=lambda d: d.path)


def district_code_for(case: Any) -> str:
    """The 区县 code a case (stored or planned) lies in, "" while it has no unit; once per unit
    object (a bulk import plans every row on the same one)."""
    if getattr(case, "org_unit_id", None) is None:
        return ""
    unit = case.org_unit
    code = getattr(unit, "_district_code", None)
    if code is None:
        code = unit._district_code = district_of(unit).code
    return code


def actor_district(actor: Any) -> OrgUnit:
    """The one district `actor` works in; OrgUnit.DoesNotExist (Chinese) if none, or if the
    actor works in several and must choose (the form's 承办单位)."""
    districts = actor_districts(actor)
    if len(districts) == 1:
        return districts[0]
    if not districts:
        raise OrgUnit.DoesNotExist("您没有任何区县的授权。")
    names = "、".join(d.name for d in districts)
    raise OrgUnit.DoesNotExist(f"您在多个区县有授权（{names}），请选择承办单位。")


def normalise_name(value: str) -> str:
    """A unit name as compared: NFKC (full-width and ASCII brackets alike), no spaces."""
    return "".join(unicodedata.normalize("NFKC", str(value or "")).split())


def resolve_unit_name(
    districts: OrgUnit | Sequence[OrgUnit], value: str, kinds: Iterable[str], *, what: str = "单位"
) -> OrgUnit:
    """The active unit of `kinds` named `value` within `districts` (the importing district), the
    same way in every line: by code, by its name (normalised), else the one unit whose name
    contains the value (“教育局” for 西湖区教育局). Nothing outside the district is ever matched.
    UnitNameError (Chinese) if none or several match; an unknown name suggests the closest name of
    the district (difflib)."""
    if isinstance(districts, OrgUnit):
        districts = [districts]
    text = normalise_name(value)
    if not text:
        raise UnitNameError(f"请填写{what}。")
    units = [
        u
        for d in districts
        for u in OrgUnit.objects.filter(path__startswith=d.path, kind__in=list(kinds), is_active=True)
        .only("pk", "code", "name", "kind", "path", "managed_by", "function")
        .order_by("path")
    ]
    by_code = [u for u in units if u.code == text]
    if by_code:
        return by_code[0]
    exact = [u for u in units if normalise_name(u.name) == text]
    if len(exact) == 1:
        return exact[0]
    partial = exact or [u for u in units if text in normalise_name(u.name)]
    if len(partial) == 1:
        return partial[0]
    where = "、".join(d.name for d in districts) or "本区县"
    if partial:
        names = "、".join(u.name for u in partial[:5])
        raise UnitNameError(f"“{value}”在{where}指向多个{what}（{names}），请填写全称。")
    names = {normalise_name(u.name): u.name for u in units}
    close = difflib.get_close_matches(text, list(names), n=1, cutoff=0.5)
    hint = f"；是否为“{names[close[0]]}”？" if close else ""
    raise UnitNameError(f"找不到{what}“{value}”（{where}没有此名称{hint}）。")
