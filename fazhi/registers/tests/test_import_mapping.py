"""A register's sheet gets the case ledgers' 列对应 step and 试导入 (issue 15): a header below
title rows, columns matched by name and synonyms, an unknown column confirmed, corrected or
explicitly ignored (never dropped silently), the choice saved per user and register; a 试导入
says what would be created (per unit) and every rejected row with its column before anything is
written, and the confirmed import reads the file under the same 列对应."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from fazhi.cases.models import ImportJob, ImportMapping, ImportStatus, LedgerAlias
from fazhi.core.roles import Role
from fazhi.core.tests.scopeapp.models import Thing
from fazhi.registers.tests.test_engine import THINGS, things  # noqa: F401 (fixture)

TITLE = ["北山街道 2024 年登记表"]


@pytest.fixture
def office(make_user, xihu, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_user(Role.JUSTICE_OFFICE_STAFF, "330106002")


def _upload(client, rows, *, dry_run=False):
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    data = {"file": SimpleUploadedFile("登记表.xlsx", buffer.getvalue())}
    if dry_run:
        data["dry_run"] = "1"
    return client.post(reverse("registers:import", args=[THINGS.key]), data)


def test_an_unknown_column_and_a_synonym_are_confirmed_and_the_choice_is_kept(client, things, office):  # noqa: F811
    LedgerAlias.objects.create(kind="reg:things", header="所属单位", alias="单位名称")
    client.force_login(office)
    rows = [TITLE, ["序号", "名称", "单位名称", "备注"], [1, "甲", "330106002-TWH", "无"]]
    response = _upload(client, rows)
    assert response.status_code == 302 and response.url.endswith("/mapping/")
    assert not Thing.objects.exists()  # nothing before the user confirms
    html = client.get(response.url).content.decode()
    assert "表头在第 2 行" in html and "同义词" in html and "未识别" in html and "备注" in html
    assert 'value="所属单位" selected' in html  # the synonym is proposed

    form = {"col_0": "__ignore__", "col_1": "名称", "col_2": "所属单位"}
    refused = client.post(response.url, form)
    assert refused.status_code == 400 and "请为“备注”选择对应的台账列" in refused.content.decode()
    twice = client.post(response.url, {**form, "col_3": "名称"})
    assert twice.status_code == 400 and "“名称”已对应第 2 列" in twice.content.decode()
    assert not Thing.objects.exists()

    done = client.post(response.url, {**form, "col_3": "__ignore__"})
    assert done.status_code == 302 and "/mapping/" not in done.url
    job = ImportJob.objects.get(kind="reg:things")
    assert (job.status, job.created_count, job.rejected) == (ImportStatus.DONE, 1, [])
    assert Thing.objects.get().title == "甲"
    saved = ImportMapping.objects.get(user=office, kind="reg:things").columns
    assert saved == {"序号": "", "单位名称": "所属单位", "备注": ""}

    again = _upload(client, [TITLE, ["序号", "名称", "单位名称", "备注"], [2, "乙", "330106002-TWH", "有"]])
    assert again.status_code == 302 and "/mapping/" not in again.url  # the saved choice applies
    assert set(Thing.objects.values_list("title", flat=True)) == {"甲", "乙"}


def test_another_users_saved_choice_is_not_theirs(client, things, office, make_user):  # noqa: F811
    ImportMapping.objects.create(user=office, kind="reg:things", columns={"备注": ""})
    colleague = make_user(Role.JUSTICE_OFFICE_STAFF, "330106002", username="colleague")
    client.force_login(colleague)
    response = _upload(client, [["名称", "所属单位", "备注"], ["丙", "330106002-TWH", "x"]])
    assert response.url.endswith("/mapping/") and not Thing.objects.exists()


def test_a_dry_run_writes_nothing_then_the_confirmed_import_keeps_the_mapping(client, things, office):  # noqa: F811
    client.force_login(office)
    rows = [
        ["名称", "所属单位", "备注"],
        ["甲", "330106002-TWH", "x"],
        ["乙", "330106002-TWH", "y"],
        ["丙", "不存在的单位", "z"],
    ]
    response = _upload(client, rows, dry_run=True)
    assert response.url.endswith("/mapping/")
    status = client.post(response.url, {"col_0": "名称", "col_1": "所属单位", "col_2": "__ignore__"})
    job = ImportJob.objects.get(kind="reg:things")
    assert job.dry_run and (job.status, job.total, job.created_count) == (ImportStatus.DONE, 3, 2)
    assert [(r["row"], r["column"]) for r in job.rejected] == [(4, "所属单位")]
    assert job.summary == {"北山街道人民调解委员会": 2}
    assert not Thing.objects.exists()  # nothing written
    html = client.get(status.url).content.decode()
    assert "将新增 2 条" in html and "未写入任何数据" in html and "北山街道人民调解委员会 2 条" in html
    assert "按此结果正式导入" in html and "第 4 行" in html

    confirmed = client.post(reverse("registers:import_confirm", args=[job.pk]))
    assert confirmed.status_code == 302
    real = ImportJob.objects.exclude(pk=job.pk).get()
    # the ignored 备注 column stays ignored (it is no column of the register)
    assert (real.dry_run, real.status, real.created_count, real.error) == (False, "done", 2, "")
    assert set(Thing.objects.values_list("title", flat=True)) == {"甲", "乙"}
    job.refresh_from_db()
    real.refresh_from_db()
    assert not job.file and not real.file
    again = client.post(reverse("registers:import_confirm", args=[job.pk]))
    assert again.status_code == 302 and Thing.objects.count() == 2  # a dry run is confirmed once


def test_a_role_that_may_not_import_reaches_neither_mapping_nor_confirm(client, things, office, make_user):  # noqa: F811
    client.force_login(office)
    response = _upload(client, [["名称", "所属单位", "备注"], ["甲", "330106002-TWH", "x"]])
    job = ImportJob.objects.get()
    leader = make_user(Role.LEADER, username="leader1")
    client.force_login(leader)
    assert client.get(response.url).status_code == 404  # not their job
    assert client.post(reverse("registers:import_confirm", args=[job.pk])).status_code == 404
