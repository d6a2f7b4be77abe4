"""The shipped Xihu org tree, and rejection of malformed org-tree files."""

import pytest

from fazhi.core import orgtree
from fazhi.core.models import OrgUnit
from fazhi.core.models.org import OrgKind

HEADER = "code,name,kind,parent,managed_by,source\n"


def test_xihu_has_its_12_townships_and_222_villages(xihu):
    district = xihu["330106"]
    townships = OrgUnit.objects.filter(parent=district, kind__in=[OrgKind.SUBDISTRICT, OrgKind.TOWN])
    assert townships.count() == 12
    assert set(townships.filter(kind=OrgKind.TOWN).values_list("name", flat=True)) == {"三墩镇", "双浦镇"}
    assert OrgUnit.objects.filter(kind__in=[OrgKind.COMMUNITY, OrgKind.VILLAGE]).count() == 222
    assert all(len(u.code) == 12 for u in OrgUnit.objects.filter(kind=OrgKind.COMMUNITY))


def test_west_lake_subdistrict_is_scenic_area_managed_so_the_report_counts_11(xihu):
    west_lake = xihu["330106008"]
    assert west_lake.name == "西湖街道" and west_lake.managed_by
    counted = [u for u in OrgUnit.objects.filter(parent=xihu["330106"]) if u.counts_in_district_stats]
    assert len(counted) == 11


def test_each_township_has_a_justice_office_and_a_committee(xihu):
    for township in OrgUnit.objects.filter(kind__in=[OrgKind.SUBDISTRICT, OrgKind.TOWN]):
        kinds = set(township.children.values_list("kind", flat=True))
        assert {OrgKind.JUSTICE_OFFICE, OrgKind.MEDIATION_COMMITTEE} <= kinds, township.name
        assert xihu[f"{township.code}-SFS"].township() == township


def test_loading_twice_changes_nothing(xihu):
    counts = orgtree.load_file(orgtree.default_file("330106"))
    assert counts["created"] == 0 and counts["updated"] == 0


def test_paths_follow_the_tree(xihu):
    community = xihu["330106002051"]
    assert community.path == "/330106/330106002/330106002051/"
    assert [u.code for u in community.ancestors()] == ["330106", "330106002"]


@pytest.mark.parametrize(
    "bad_line,reason",
    [
        ("33010600X,坏街道,subdistrict,330106,,x", "区划代码“33010600X”格式错误"),
        ("3301060021,长码,subdistrict,330106,,x", "应为 9 位数字"),
        ("330107002,别区街道,subdistrict,330106,,x", "与上级 330106 的区划代码不一致"),
        ("330106-sfj,小写后缀,office,330106,,x", "机构代码“330106-sfj”格式错误"),
        ("330106002-SFS,错挂司法所,justice_office,330106,,x", "机构代码前缀应为所在区划代码 330106"),
        ("330106099,无上级,subdistrict,330199,,x", "上级代码 330199 不在文件中"),
        ("330106003,怪类型,street,330106,,x", "类型“street”无效"),
        ("330106002,重复,subdistrict,330106,,x", "代码 330106002 与第3行重复"),
    ],
)
def test_a_bad_line_rejects_the_whole_file_with_line_and_reason(db, tmp_path, bad_line, reason):
    text = HEADER + "\n".join(
        [
            "330106,杭州市西湖区,district,,,x",
            "330106002,北山街道,subdistrict,330106,,x",
            "330106002-SFS,北山司法所,justice_office,330106002,,x",
            bad_line,
            "330106004,西溪街道,subdistrict,330106,,x",
        ]
    )
    path = tmp_path / "tree.csv"
    path.write_text(text, encoding="utf-8")
    before = OrgUnit.objects.count()
    with pytest.raises(orgtree.OrgTreeError) as err:
        orgtree.load_file(path)
    assert any(line == 5 and reason in msg for line, msg in err.value.errors), err.value.errors
    assert "第5行" in str(err.value)
    assert OrgUnit.objects.count() == before  # nothing written


def test_the_command_reports_the_error_in_chinese(db, tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "tree.csv"
    path.write_text(HEADER + "3301X6,坏区,district,,,x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="第2行"):
        call_command("load_orgtree", str(path))


def test_a_wrong_header_is_rejected(db, tmp_path):
    path = tmp_path / "tree.csv"
    path.write_text("code,name\n330106,西湖区\n", encoding="utf-8")
    with pytest.raises(orgtree.OrgTreeError, match="第1行"):
        orgtree.load_file(path)


def test_another_district_loads_the_same_way(db, tmp_path):
    path = tmp_path / "330105.csv"
    path.write_text(
        HEADER
        + "330105,杭州市拱墅区,district,,,NBS\n330105-SFJ,拱墅区司法局,bureau,330105,,x\n"
        + "330105001,米市巷街道,subdistrict,330105,,NBS\n330105001-SFS,米市巷司法所,justice_office,330105001,,x\n",
        encoding="utf-8",
    )
    assert orgtree.load_file(path)["created"] == 4
    assert OrgUnit.objects.get(code="330105001-SFS").path == "/330105/330105001/330105001-SFS/"


def test_a_unit_is_found_by_its_function_in_each_district(xihu, tmp_path):
    """Issue 15.1: the district's offices are found through the tree by 职能, not by code or
    settings — two districts in one database each find their own (codes chosen unlike Xihu's)."""
    path = tmp_path / "330105.csv"
    path.write_text(
        ",".join(orgtree.COLUMNS)
        + "\n330105,杭州市拱墅区,district,,,NBS,\n"
        + "330105-JU,拱墅区司法局,bureau,330105,,x,bureau\n"
        + "330105-FY,拱墅区人民政府行政复议办公室,office,330105-JU,,x,reconsideration_office\n"
        + "330105001,米市巷街道,subdistrict,330105,,NBS,\n"
        + "330105001-TWH,米市巷街道人民调解委员会,mediation_committee,330105001,,x,\n",
        encoding="utf-8",
    )
    orgtree.load_file(path)
    committee = OrgUnit.objects.get(code="330105001-TWH")
    assert orgtree.district_of(committee).code == "330105"
    assert orgtree.unit_for(committee, "reconsideration_office").code == "330105-FY"
    assert orgtree.unit_for(xihu["330106002-TWH"], "reconsideration_office").code == "330106-FYJ"
    with pytest.raises(OrgUnit.DoesNotExist, match=r"拱墅区.*法律援助中心"):
        orgtree.unit_for(committee, "legal_aid_centre")


def test_a_bad_function_rejects_the_file(db, tmp_path):
    path = tmp_path / "tree.csv"
    path.write_text(",".join(orgtree.COLUMNS) + "\n330106,西湖区,district,,,NBS,chief\n", encoding="utf-8")
    with pytest.raises(orgtree.OrgTreeError, match="职能 chief 无效"):
        orgtree.load_file(path)


def test_a_city_root_holds_its_districts(db):
    """Issue 15: 杭州市 (330100) as the root, two of its 区县 below; a district of another city,
    a city below a district and a district code that is the city's are refused."""
    rows = orgtree.parse(
        HEADER
        + "330100,杭州市,city,,,NBS\n330100-SFJ,杭州市司法局,bureau,330100,,x\n"
        + "330122,杭州市桐庐县,district,330100,,NBS\n330127,杭州市淳安县,district,330100,,NBS\n"
        + "330122004,城南街道,subdistrict,330122,,NBS\n"
    )
    orgtree.load(rows)
    assert OrgUnit.objects.get(code="330122004").path == "/330100/330122/330122004/"
    with pytest.raises(orgtree.OrgTreeError) as exc:
        orgtree.parse(HEADER + "330100,杭州市,city,,,NBS\n330205,宁波市某区,district,330100,,NBS\n")
    assert "不属于地市 330100" in str(exc.value)
    with pytest.raises(orgtree.OrgTreeError) as exc:
        orgtree.parse(HEADER + "330122,桐庐县,district,,,NBS\n330100,杭州市,city,330122,,NBS\n")
    assert "地市只能是根节点" in str(exc.value)
    with pytest.raises(orgtree.OrgTreeError) as exc:
        orgtree.parse(HEADER + "330122,桐庐县,city,,,NBS\n")
    assert "地级区划代码" in str(exc.value)
