"""Issue 15.2: onboarding a bureau that is not Xihu from the shipped division data — `load_reference`
failed for a new district, the builder wrote Xihu's names into any tree, a 乡 was classed as a
街道, and users could only be created one by one."""

import csv
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook

from fazhi.core import divisions, onboarding, orgtree
from fazhi.core.models import AuditEvent, OnboardingJob, OnboardingStatus, OrgUnit, RoleGrant, User
from fazhi.core.models.org import TOWNSHIP_KINDS, OrgKind
from fazhi.core.roles import Role

CHUNAN = "330127"  # 淳安县: 11 镇 and 12 乡
YUHANG = "330110"


def units(code: str):
    return OrgUnit.objects.filter(path__startswith=f"/{code}/")


def test_load_reference_generates_a_county_without_a_tree_file(db):
    out = io.StringIO()
    call_command("load_reference", "--district", YUHANG, stdout=out)
    assert "按全国区划数据生成" in out.getvalue()
    tree = units(YUHANG)
    assert OrgUnit.objects.get(code=f"{YUHANG}-SFJ").name == "杭州市余杭区司法局"
    assert not tree.filter(name__contains="西湖区").exists()  # never Xihu's names
    village = tree.filter(kind=OrgKind.VILLAGE).first()
    assert orgtree.unit_for(village, "legal_aid_centre").name == "余杭区法律援助中心"
    assert orgtree.unit_for(village, "reconsideration_office").name == "余杭区人民政府行政复议局"
    assert orgtree.unit_for(village, "litigation_office").name == "余杭区司法局行政应诉科"
    assert orgtree.unit_for(village, "legality_review").name == "余杭区合法性审查服务中心"
    assert orgtree.unit_for(village, "public_legal_service").name == "余杭区公共法律服务中心"
    assert orgtree.unit_for(village, "government").name == "杭州市余杭区人民政府"
    assert orgtree.unit_for(village, "bureau").name == "杭州市余杭区司法局"


def test_an_unknown_county_is_refused(db):
    with pytest.raises(CommandError, match="没有县级区划代码 999999"):
        call_command("onboard", "999999")


def test_a_xiang_is_its_own_kind_not_a_subdistrict(db):
    report = onboarding.onboard(CHUNAN)
    tree = units(CHUNAN)
    assert report.units["created"] == tree.count() == 804
    lishang = tree.get(name="里商乡")
    assert lishang.kind == OrgKind.TOWNSHIP and lishang.get_kind_display() == "乡"
    assert lishang.is_township and lishang.counts_in_district_stats
    assert tree.filter(kind=OrgKind.TOWNSHIP).count() == 12
    assert tree.filter(kind=OrgKind.TOWN).count() == 11
    assert not tree.filter(kind=OrgKind.SUBDISTRICT).exists()
    assert OrgKind.TOWNSHIP in TOWNSHIP_KINDS


def test_standard_units_by_rule(db):
    onboarding.onboard(CHUNAN)
    tree = units(CHUNAN)
    townships = tree.filter(kind__in=TOWNSHIP_KINDS)
    for t in townships:  # a 司法所 and a 调委会 per 镇街乡
        assert OrgUnit.objects.get(code=f"{t.code}-SFS").kind == OrgKind.JUSTICE_OFFICE
        assert OrgUnit.objects.get(code=f"{t.code}-TWH").kind == OrgKind.MEDIATION_COMMITTEE
    assert OrgUnit.objects.get(code="330127200-SFS").name == "里商司法所"
    villages = tree.filter(kind__in=[OrgKind.VILLAGE, OrgKind.COMMUNITY])
    assert villages.count() == 361
    for v in villages:  # a 调委会 per 村/社区
        assert v.children.get().kind == OrgKind.MEDIATION_COMMITTEE
    bureau = OrgUnit.objects.get(code=f"{CHUNAN}-SFJ")
    assert bureau.function == "bureau" and bureau.name == "杭州市淳安县司法局"
    offices = dict(bureau.children.values_list("function", "name"))
    assert offices["legal_aid_centre"] == "淳安县法律援助中心"
    assert offices["reconsideration_office"] == "淳安县人民政府行政复议局"
    assert len(offices) == 10
    assert not tree.filter(name__contains="西湖区").exists()


def test_onboarding_twice_changes_nothing(db):
    sheet = _csv(
        [USER_HEADER, ["cafu", "陈法援", "13900000001", "法律援助中心工作人员", "淳安县法律援助中心"]]
    )
    onboarding.onboard(CHUNAN, departments_text=DEPARTMENTS, users=(sheet, "users.csv"))
    before = set(units(CHUNAN).values_list("code", "name", "kind", "function", "path"))
    password = User.objects.get(username="cafu").password
    again = onboarding.onboard(CHUNAN, departments_text=DEPARTMENTS, users=(sheet, "users.csv"))
    assert again.units == {"created": 0, "kept": len(before)}
    assert again.users == {"created": 0, "kept": 1, "rejected": 0}
    assert again.grants == {"created": 0, "kept": 1}
    assert again.passwords == []
    assert set(units(CHUNAN).values_list("code", "name", "kind", "function", "path")) == before
    assert User.objects.get(username="cafu").password == password
    out = io.StringIO()
    call_command("onboard", CHUNAN, stdout=out)
    assert "新增 0，保留 804" in out.getvalue()  # without the department file


def test_a_unit_the_bureau_renamed_is_kept(db):
    onboarding.onboard(CHUNAN)
    OrgUnit.objects.filter(code="330127200-SFS").update(name="里商乡司法所")
    onboarding.onboard(CHUNAN)
    assert OrgUnit.objects.get(code="330127200-SFS").name == "里商乡司法所"


DEPARTMENTS = """suffix,name,kind,function
JYJ,淳安县教育局,区级部门,
MZJ,淳安县民政局,department,
FYJ,淳安县司法局行政复议科,,
"""


def test_departments_from_a_csv(db):
    onboarding.onboard(CHUNAN, departments_text=DEPARTMENTS)
    jyj = OrgUnit.objects.get(code=f"{CHUNAN}-JYJ")
    assert jyj.kind == OrgKind.DEPARTMENT and jyj.parent.code == CHUNAN
    assert OrgUnit.objects.get(code=f"{CHUNAN}-MZJ").name == "淳安县民政局"
    # A standard suffix renames the standard unit, which keeps its 职能.
    fyj = OrgUnit.objects.get(code=f"{CHUNAN}-FYJ")
    assert fyj.name == "淳安县司法局行政复议科" and fyj.function == "reconsideration_office"


def test_a_bad_department_file_is_rejected_whole_with_line_numbers(db):
    bad = """suffix,name,kind,function
JYJ,淳安县教育局,,
jy-1,坏代码,,
MZJ,,,
JYJ,重复,,
WJJ,卫健局,街道,
XX,某中心,office,法律援助中心
"""
    with pytest.raises(onboarding.OnboardingError) as err:
        onboarding.onboard(CHUNAN, departments_text=bad)
    lines = {line for line, _ in err.value.errors}
    assert lines == {3, 4, 5, 6, 7}
    message = str(err.value)
    assert "第3行" in message and "第5行：代码后缀 JYJ 与第2行重复" in message and "FYZX" in message
    assert not units(CHUNAN).exists()  # nothing written
    with pytest.raises(CommandError, match="第4行：名称为空"):
        call_command("onboard", CHUNAN, "--departments", _tmp_file(bad))


USER_HEADER = ["用户名", "姓名", "手机", "角色", "单位"]


def _csv(rows) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode("utf-8")


def _xlsx(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _tmp_file(text: str, suffix: str = ".csv") -> str:
    import tempfile

    f = tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False, encoding="utf-8")
    f.write(text)
    f.close()
    return f.name


USER_ROWS = [
    USER_HEADER,
    ["ca_admin", "王管理", "13900000002", "局系统管理员", CHUNAN + "-SFJ"],
    ["ca_fy", "李复议", "", "reconsideration_officer", "淳安县人民政府行政复议局"],
    ["ca_fy", "李复议", "", "行政应诉工作人员", "淳安县司法局行政应诉科"],  # a second role
    ["ca_ls", "赵调解", "13900000003", "人民调解员", "里商乡人民调解委员会"],
    ["", "无名", "", "人民调解员", "里商乡人民调解委员会"],
    ["ca_bad_role", "钱某", "", "局长", "淳安县法律援助中心"],
    ["ca_xihu", "孙某", "", "司法所工作人员", "北山司法所"],  # Xihu's unit: not in this county
    ["ca_phone", "周某", "12345", "人民调解员", "里商乡人民调解委员会"],
    ["ca_public", "吴某", "", "公众用户", "淳安县法律援助中心"],
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_users_and_grants_from_a_sheet_with_bad_rows_reported(db, xihu, fmt):
    content = _csv(USER_ROWS) if fmt == "csv" else _xlsx(USER_ROWS)
    report = onboarding.onboard(CHUNAN, users=(content, f"users.{fmt}"))
    assert report.users == {"created": 3, "kept": 0, "rejected": 5}
    assert report.grants == {"created": 4, "kept": 0}
    rejected = dict(report.rejected_rows)
    assert set(rejected) == {6, 7, 8, 9, 10}
    assert "用户名为空" in rejected[6]
    assert "角色“局长”无效" in rejected[7]
    assert "不在杭州市淳安县的组织机构中" in rejected[8]
    assert "手机“12345”无效" in rejected[9]
    assert "角色“公众用户”无效" in rejected[10]
    fy = User.objects.get(username="ca_fy")
    assert fy.display_name == "李复议"
    assert set(RoleGrant.objects.filter(user=fy).values_list("role", "org_unit__code")) == {
        (Role.RECONSIDERATION_OFFICER, f"{CHUNAN}-FYJ"),
        (Role.LITIGATION_OFFICER, f"{CHUNAN}-YSK"),
    }
    # Initial passwords: random, shown once in the report, usable, never in the audit log.
    passwords = dict(report.passwords)
    assert set(passwords) == {"ca_admin", "ca_fy", "ca_ls"}
    assert len(set(passwords.values())) == 3 and all(len(p) == 16 for p in passwords.values())
    assert User.objects.get(username="ca_ls").check_password(passwords["ca_ls"])
    logged = " ".join(str(e.detail) for e in AuditEvent.objects.all())
    assert not any(p in logged for p in passwords.values())
    assert AuditEvent.objects.filter(action="grant", object_type__contains="rolegrant").count() >= 4


def test_a_sheet_with_a_wrong_header_is_refused(db):
    with pytest.raises(onboarding.OnboardingError, match="表头应为"):
        onboarding.onboard(CHUNAN, users=(_csv([["账号", "姓名"]]), "u.csv"))


def test_onboarding_is_audited(db):
    onboarding.onboard(CHUNAN)
    event = AuditEvent.objects.filter(object_repr="接入区县 杭州市淳安县").get()
    assert event.detail["组织机构"]["created"] == 804


def test_the_generated_xihu_tree_agrees_with_the_shipped_file():
    """The builder's rules reproduce the shipped Xihu file (its departments aside)."""
    shipped = {r.code: r for r in orgtree.parse(orgtree.default_file("330106").read_text(encoding="utf-8"))}
    for code, name, kind, parent, managed_by, _source, function in divisions.standard_rows(
        divisions.county("330106")
    ):
        row = shipped[code]
        assert (row.name, row.kind, row.parent, row.managed_by, row.function) == (
            name,
            kind,
            parent,
            managed_by,
            function,
        ), code


def test_every_county_of_a_province_is_in_the_shipped_data():
    names = {divisions.county(c).name for c in ("110101", "330102", "330127", "650102")}
    assert "北京市东城区" in names and "杭州市淳安县" in names


# --- the admin page ----------------------------------------------------------------------------------


@pytest.fixture
def sysadmin(make_user, client):
    from fazhi.core.demo_accounts import admin_group

    user = make_user(Role.ADMIN, username="onboard_admin", is_staff=True)
    user.groups.add(admin_group())
    client.force_login(user)
    return user


def test_the_admin_page_previews_then_runs(client, sysadmin):
    url = reverse("admin:core_orgunit_onboard")
    assert "接入新的区县" in client.get(reverse("admin:core_orgunit_changelist")).content.decode()
    page = client.get(url)
    assert page.status_code == 200 and "县级区划代码" in page.content.decode()
    preview = client.post(url, {"county": CHUNAN, "preview": "预览"}).content.decode()
    assert "杭州市淳安县（330127）" in preview and "将生成 804 个单位" in preview
    assert not units(CHUNAN).exists()
    sheet = io.BytesIO(_csv(USER_ROWS[:3]))
    sheet.name = "users.csv"
    deps = io.BytesIO(DEPARTMENTS.encode())
    deps.name = "deps.csv"
    result = client.post(url, {"county": CHUNAN, "run": "执行接入", "users": sheet, "departments": deps})
    # Run as a background job (inline in tests): the page follows it and shows the report.
    job = OnboardingJob.objects.get()
    assert result.status_code == 302
    assert result.url == reverse("admin:core_orgunit_onboard_status", args=[job.pk])
    html = client.get(result.url).content.decode()
    assert "组织机构：新增 806，保留 0" in html
    assert 'data-testid="onboard-passwords"' in html and "ca_admin" in html
    assert OrgUnit.objects.get(code=f"{CHUNAN}-JYJ").name == "淳安县教育局"
    event = AuditEvent.objects.get(object_repr="接入区县 杭州市淳安县")
    assert event.actor_id == sysadmin.pk


def test_the_admin_page_shows_a_rejected_department_file(client, sysadmin):
    deps = io.BytesIO(b"suffix,name\nJYJ,\n")
    deps.name = "deps.csv"
    html = client.post(
        reverse("admin:core_orgunit_onboard"), {"county": CHUNAN, "run": "1", "departments": deps}
    ).content.decode()
    assert "第2行：名称为空" in html and not units(CHUNAN).exists()


def test_the_admin_page_is_for_the_system_administrator(client, make_user):
    clerk = make_user(Role.MEDIATOR, "330106002-TWH", is_staff=True)
    client.force_login(clerk)
    response = client.get(reverse("admin:core_orgunit_onboard"))
    assert response.status_code == 403


def test_onboarding_xihu_with_its_department_file_creates_nothing(xihu):
    """The shipped Xihu tree is what onboarding Xihu would build: a second source of the same tree."""
    text = (orgtree.DATA_DIR / "330106-departments.csv").read_text(encoding="utf-8")
    report = onboarding.onboard("330106", departments_text=text)
    assert report.units["created"] == 0
    assert report.units["kept"] == units("330106").count() == 514


def test_a_user_sheet_that_is_not_a_workbook_is_refused(db):
    with pytest.raises(onboarding.OnboardingError, match="无法读取 Excel 文件"):
        onboarding.onboard(CHUNAN, users=(b"not a zip", "users.xlsx"))


# --- as a background job (issue 15: onboarding with progress) -------------------------------------


def test_the_initial_passwords_are_shown_once_and_kept_only_encrypted_until_then(
    client, sysadmin, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    sheet = io.BytesIO(_csv(USER_ROWS[:3]))
    sheet.name = "users.csv"
    url = reverse("admin:core_orgunit_onboard")
    client.post(url, {"county": CHUNAN, "run": "执行接入", "users": sheet})
    job = OnboardingJob.objects.get()
    assert (job.status, job.percent, job.error) == (OnboardingStatus.DONE, 100, "")
    assert not job.users_file and not list(tmp_path.rglob("*.csv"))  # the sheet is deleted
    with connection.cursor() as cursor:  # as stored, not as the field decrypts it
        cursor.execute("SELECT passwords FROM core_onboardingjob WHERE id = %s", [job.pk])
        stored = cursor.fetchone()[0]
    assert stored and "ca_admin" not in stored  # encrypted at rest until shown
    status = reverse("admin:core_orgunit_onboard_status", args=[job.pk])
    first = client.get(status).content.decode()
    assert 'data-testid="onboard-passwords"' in first
    passwords = dict(re.findall(r"<td>(ca_\w+)</td><td><code>(\w+)</code>", first))
    assert set(passwords) == {"ca_admin", "ca_fy"}
    assert User.objects.get(username="ca_admin").check_password(passwords["ca_admin"])
    again = client.get(status).content.decode()
    assert 'data-testid="onboard-passwords"' not in again and "已显示过一次" in again
    assert passwords["ca_admin"] not in again
    job.refresh_from_db()
    assert job.passwords == "" and job.passwords_shown


def test_a_bad_user_sheet_is_refused_on_the_page_and_nothing_is_queued(client, sysadmin):
    sheet = io.BytesIO("姓名,用户名\n".encode())
    sheet.name = "users.csv"
    html = client.post(
        reverse("admin:core_orgunit_onboard"), {"county": CHUNAN, "run": "1", "users": sheet}
    ).content.decode()
    assert "表头应为 用户名,姓名,手机,角色,单位" in html
    assert not OnboardingJob.objects.exists() and not units(CHUNAN).exists()


def test_a_county_already_queued_is_not_queued_twice(db, sysadmin):
    job, new = onboarding.onboard_start(CHUNAN, actor=sysadmin, departments_text=None, users=None)
    again, second = onboarding.onboard_start(CHUNAN, actor=sysadmin, departments_text=None, users=None)
    assert new and not second and again.pk == job.pk
    assert job.status == OnboardingStatus.PENDING and job.percent == 0
    onboarding.onboard_run(job)
    _, third = onboarding.onboard_start(CHUNAN, actor=sysadmin, departments_text=None, users=None)
    assert third  # once finished, a new run may start (and creates nothing new)


def test_the_run_reports_its_steps_and_rows_as_it_goes(db, xihu):
    seen: list[tuple[str, int, int]] = []
    onboarding.onboard(CHUNAN, users=(_csv(USER_ROWS), "users.csv"), progress=lambda *a: seen.append(a))
    assert seen[0] == ("生成组织机构", 0, len(USER_ROWS) - 1)
    assert ("导入用户", 0, len(USER_ROWS) - 1) in seen
    assert seen[-1] == ("导入用户", len(USER_ROWS) - 1, len(USER_ROWS) - 1)


def test_a_run_that_fails_says_why_on_its_page(client, sysadmin):
    job, _ = onboarding.onboard_start("330127", actor=sysadmin, departments_text=None, users=None)
    OnboardingJob.objects.filter(pk=job.pk).update(county="999999")  # e.g. data file changed meanwhile
    job.refresh_from_db()
    onboarding.onboard_run(job)
    html = client.get(reverse("admin:core_orgunit_onboard_status", args=[job.pk])).content.decode()
    assert "失败" in html and 'data-testid="onboard-error"' in html and "999999" in html
