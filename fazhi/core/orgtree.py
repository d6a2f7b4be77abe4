"""Loading an org-tree file (组织机构数据文件) into `OrgUnit`, idempotently.

The file is CSV with the header `code,name,kind,parent,managed_by,source,function` (see
`data/orgtree/build.py`). It is checked whole before anything is written: a malformed code, an
unknown kind, a missing parent or a duplicate rejects the file, and the error lists every bad line
with its number and reason. Loading the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from fazhi.core.audit import AuditAction, audit_record
from fazhi.core.models import OrgUnit
from fazhi.core.models.org import DIVISION_CODE_LENGTH, OrgKind, UnitFunction
from fazhi.law.errors import LawValidationError
from fazhi.law.validators import check_division_code

COLUMNS = ["code", "name", "kind", "parent", "managed_by", "source", "function"]
LEGACY_COLUMNS = COLUMNS[:-1]  # files written before the 职能 column: function left empty
DATA_DIR = Path(__file__).resolve().parent / "data" / "orgtree"
LEVEL_BY_LENGTH = {6: "county", 9: "township", 12: "village"}
UNIT_CODE = re.compile(r"^(?P<division>\d{6}|\d{9}|\d{12})-(?P<suffix>[A-Z][A-Z0-9]{0,15})$")


@dataclass(frozen=True)
class OrgRow:
    line: int
    code: str
    name: str
    kind: str
    parent: str
    managed_by: str
    source: str
    function: str = ""


class OrgTreeError(ValueError):
    """The file was rejected; `errors` lists (line number, reason) for every bad line."""

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        lines = "\n".join(f"第{line}行：{reason}" for line, reason in errors)
        super().__init__(f"组织机构数据文件有 {len(errors)} 处错误，整个文件未导入：\n{lines}")


def parse(text: str) -> list[OrgRow]:
    """Parse and validate the whole file; raise OrgTreeError listing every bad line."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    errors: list[tuple[int, str]] = []
    header = next(reader, None)
    columns = [h.strip() for h in header] if header is not None else []
    if columns not in (COLUMNS, LEGACY_COLUMNS):
        raise OrgTreeError([(1, f"表头应为 {','.join(COLUMNS)}，实际为 {','.join(header or [])}")])
    rows: list[OrgRow] = []
    for line, values in enumerate(reader, start=2):
        if not values or (len(values) == 1 and not values[0].strip()) or values[0].startswith("#"):
            continue
        if len(values) != len(columns):
            errors.append((line, f"应有 {len(columns)} 列，实际 {len(values)} 列"))
            continue
        rows.append(OrgRow(line, *(v.strip() for v in values)))

    by_code: dict[str, OrgRow] = {}
    for row in rows:
        reason = _check_row(row)
        if reason:
            errors.append((row.line, reason))
        if row.code in by_code:
            errors.append((row.line, f"代码 {row.code} 与第{by_code[row.code].line}行重复"))
        by_code.setdefault(row.code, row)

    roots = [r for r in rows if not r.parent]
    if len(roots) != 1 and rows:
        errors.append((roots[1].line if len(roots) > 1 else 2, "文件应恰有一个根（上级为空的区县或地市）"))
    for row in rows:
        if row.parent and row.parent not in by_code:
            errors.append((row.line, f"上级代码 {row.parent} 不在文件中"))
            continue
        reason = _check_placement(row, by_code)
        if reason:
            errors.append((row.line, reason))
    if errors:
        raise OrgTreeError(sorted(set(errors)))
    return rows


def _check_row(row: OrgRow) -> str:
    if row.function and row.function not in UnitFunction.values:
        return f"职能 {row.function} 无效（可用：{'、'.join(UnitFunction.values)}）"
    if not row.name:
        return "名称为空"
    if row.kind not in OrgKind.values:
        return f"类型“{row.kind}”无效，应为 {'/'.join(OrgKind.values)} 之一"
    if row.kind in DIVISION_CODE_LENGTH:
        length = DIVISION_CODE_LENGTH[OrgKind(row.kind)]
        if len(row.code) != length or not row.code.isdigit():
            return f"区划代码“{row.code}”格式错误：{OrgKind(row.kind).label}应为 {length} 位数字"
        try:
            level = "prefecture" if row.kind == OrgKind.CITY else LEVEL_BY_LENGTH[length]
            check_division_code(row.code, level=level)
        except LawValidationError as exc:
            return f"区划代码“{row.code}”无效：{exc.message}"
    elif not UNIT_CODE.match(row.code):
        return f"机构代码“{row.code}”格式错误：应为“所在区划代码-大写字母后缀”，如 330106-SFJ"
    return ""


def _division_of(code: str, by_code: dict[str, OrgRow]) -> str:
    """The division code a unit belongs to: its own for divisions, else its numeric prefix."""
    match = UNIT_CODE.match(code)
    return match.group("division") if match else code


def _check_placement(row: OrgRow, by_code: dict[str, OrgRow]) -> str:
    """Codes must agree with the tree: a 9-digit unit under its 6-digit district, and so on."""
    seen = {row.code}
    node = row
    while node.parent:  # walk up to detect cycles
        if node.parent in seen:
            return "上级关系形成循环"
        seen.add(node.parent)
        node = by_code[node.parent]
    if not row.parent:
        return "" if row.kind in (OrgKind.DISTRICT, OrgKind.CITY) else "根节点应为区县或地市"
    if row.kind == OrgKind.CITY:
        return "地市只能是根节点（其下为区县）"
    parent_division = _division_of(row.parent, by_code)
    if row.kind == OrgKind.DISTRICT and by_code[row.parent].kind == OrgKind.CITY:
        # 330122 桐庐县 under 330100 杭州市: the same province and city digits.
        if row.code[:4] != row.parent[:4] or row.code == row.parent:
            return f"区县 {row.code} 不属于地市 {row.parent}（前4位应相同）"
        return ""
    if row.kind in DIVISION_CODE_LENGTH:
        if not row.code.startswith(parent_division) or len(row.code) <= len(parent_division):
            return f"区划代码 {row.code} 与上级 {row.parent} 的区划代码不一致"
    elif _division_of(row.code, by_code) != parent_division:
        return f"机构代码前缀应为所在区划代码 {parent_division}"
    return ""


@transaction.atomic
def load(rows: list[OrgRow], *, actor=None, label: str = "", keep_existing: bool = False) -> dict[str, int]:
    """Create or update every unit of a validated file. Returns counts. With `keep_existing`
    (onboarding) a unit already there is kept as the bureau may have edited it, only missing
    units are created."""
    by_code = {r.code: r for r in rows}
    existing = {u.code: u for u in OrgUnit.objects.filter(code__in=by_code)}
    created = updated = 0
    done: dict[str, OrgUnit] = {}

    def ensure(row: OrgRow) -> OrgUnit:
        nonlocal created, updated
        if row.code in done:
            return done[row.code]
        parent = ensure(by_code[row.parent]) if row.parent else None
        path = f"{parent.path if parent else '/'}{row.code}/"
        values = dict(
            name=row.name,
            kind=row.kind,
            parent=parent,
            path=path,
            depth=(parent.depth + 1) if parent else 0,
            managed_by=row.managed_by,
            source=row.source,
            function=row.function,
            sort_order=row.line,
            is_active=True,
        )
        unit = existing.get(row.code)
        if unit is None:
            unit = OrgUnit.objects.create(code=row.code, **values)
            created += 1
        elif not keep_existing and any(getattr(unit, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(unit, k, v)
            unit.save()
            updated += 1
        done[row.code] = unit
        return unit

    for row in rows:
        ensure(row)
    counts = {"created": created, "updated": updated, "unchanged": len(rows) - created - updated}
    if created or updated:
        audit_record(
            actor=actor,
            action=AuditAction.LOAD_REFERENCE,
            object_type="core.orgunit",
            object_repr=f"组织机构数据 {label}",
            detail=counts,
        )
    return counts


def load_file(path: Path | str, *, actor=None) -> dict[str, int]:
    path = Path(path)
    return load(parse(path.read_text(encoding="utf-8")), actor=actor, label=path.name)


def default_file(district_code: str) -> Path:
    """The shipped tree file of a district, if it has one (Xihu); other districts are generated
    from the national division data (`fazhi.core.onboarding`)."""
    return DATA_DIR / f"{district_code}.csv"


def rows_to_csv(rows) -> str:
    """Org-tree file text of generated rows (code, name, kind, parent, managed_by, source, function)."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(COLUMNS)
    out.writerows(rows)
    return buf.getvalue()


def district_of(unit: OrgUnit) -> OrgUnit:
    """The 区县 a unit lies in (itself for a district): the deepest district on its path."""
    if unit.kind == OrgKind.DISTRICT:
        return unit
    codes = unit.path.strip("/").split("/")
    found = OrgUnit.objects.filter(code__in=codes, kind=OrgKind.DISTRICT).order_by("-depth").first()
    if found is None:
        raise OrgUnit.DoesNotExist(f"“{unit.name}”不在任何区县之下。")
    return found


def unit_for(anchor: OrgUnit, function: str) -> OrgUnit:
    """The active unit with `function` (职能) in `anchor`'s district — e.g. the reconsideration
    office of the district a case lies in. Several districts in one database each find their own;
    raises OrgUnit.DoesNotExist, with a Chinese message naming the district and the function, if
    the district's tree has none (the bureau sets it on the unit in 组织机构)."""
    district = district_of(anchor)
    found = (
        OrgUnit.objects.filter(path__startswith=district.path, function=function, is_active=True)
        .order_by("depth", "path")
        .first()
    )
    if found is None:
        label = UnitFunction(function).label
        raise OrgUnit.DoesNotExist(
            f"“{district.name}”的组织机构中没有职能为“{label}”的单位，请在组织机构中设置。"
        )
    return found
