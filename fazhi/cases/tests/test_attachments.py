"""Materials (材料) on a case: accepted by their content (not their name) and size, stored under a
random name outside any web root, listed on the case page and its timeline, served only to users
who may see the case — each download audited, never sniffed as another type by the browser."""

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.cases import files
from fazhi.cases.models import CaseAttachment
from fazhi.cases.services import CasePermissionError, case_attach, case_transition
from fazhi.cases.tests.samplekind.kind import KIND
from fazhi.cases.workflow import WorkflowError
from fazhi.core.models import AuditEvent
from fazhi.core.roles import Role

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def office(*parts: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in ("[Content_Types].xml", *parts):
            z.writestr(name, "<x/>")
    return buf.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def case(beishan_mediator, new_case):
    return new_case(beishan_mediator)


def post_upload(client, case, f, **fields):
    url = reverse("cases:attachment_upload", args=[KIND, case.pk])
    return client.post(url, {"file": f, "material_type": "evidence", "note": "", "event": "", **fields})


# --- what is accepted -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, files.PDF),
        (JPEG, files.JPEG),
        (PNG, files.PNG),
        (office("word/document.xml"), files.DOCX),
        (office("xl/workbook.xml"), files.XLSX),
        (b"MZ\x90\x00" + b"\x00" * 64, None),  # a Windows program
        (b"<html><script>alert(1)</script></html>", None),
        (office("word/document.xml", "word/vbaProject.bin"), None),  # macros (.docm)
        (office("content.xml"), None),  # some other zip
        (b"PK\x03\x04 not really a zip", None),
    ],
)
def test_the_type_is_recognised_by_content(content, expected):
    assert files.sniff(io.BytesIO(content)) == expected


def test_names_are_kept_readable_but_safe():
    assert files.safe_name("../../etc/现场照片.JPG", files.JPEG) == "现场照片.jpg"
    assert files.safe_name("C:\\Users\\王\\调解协议.pdf", files.PDF) == "调解协议.pdf"
    assert files.safe_name("证据.exe", files.JPEG) == "证据.jpg"  # offered under its real type
    assert files.safe_name('a\x00b<>:"|?*.png', files.PNG) == "ab.png"
    assert files.safe_name("2024.03.05 现场", files.PNG) == "2024.03.05 现场.png"
    assert files.safe_name("...", files.PDF) == "材料.pdf"
    assert len(files.safe_name("长" * 500 + ".pdf", files.PDF)) == 120


def test_a_photo_is_stored_privately_under_a_random_name_and_audited(client, case, beishan_mediator):
    client.force_login(beishan_mediator)
    response = post_upload(client, case, upload("现场照片.png", PNG, "image/png"), note="漏水处")
    assert response.status_code == 302 and response["Location"].endswith("#materials")
    a = CaseAttachment.objects.get(case=case)
    assert (a.original_name, a.content_type, a.size, a.material_type, a.note) == (
        "现场照片.png",
        "image/png",
        len(PNG),
        "evidence",
        "漏水处",
    )
    stored = Path(a.file.path).resolve()
    assert stored.read_bytes() == PNG
    assert stored.is_relative_to(Path(settings.PRIVATE_ROOT).resolve())
    for public in (settings.MEDIA_ROOT, settings.STATIC_ROOT):
        assert not stored.is_relative_to(Path(public).resolve())
    assert "现场照片" not in a.file.name and len(stored.stem) == 32
    with pytest.raises(ValueError, match="没有公开地址"):
        a.file.url  # noqa: B018
    event = AuditEvent.objects.get(action="create", object_id=str(case.pk), detail__attachment=a.pk)
    assert event.actor == beishan_mediator and event.detail["name"] == "现场照片.png"


def test_the_private_root_is_outside_the_web_roots_by_default():
    base = Path(settings.BASE_DIR) / "var"
    private, media, static = base / "private", base / "media", base / "static"
    assert not private.is_relative_to(media) and not private.is_relative_to(static)


def test_a_file_of_another_type_is_refused_naming_the_rule(client, case, beishan_mediator):
    client.force_login(beishan_mediator)
    disguised = upload("申请书.pdf", b"#!/bin/sh\nrm -rf /\n", "application/pdf")
    response = post_upload(client, case, disguised)
    html = response.content.decode()
    assert response.status_code == 400
    assert (
        'data-testid="error-file">只能上传 PDF、JPG/PNG 图片、Word（.docx）或 Excel（.xlsx）文件（按文件内容识别）'
        in html
    )
    assert "“申请书.pdf”不是这些类型的文件" in html
    assert not CaseAttachment.objects.exists()
    assert not any(Path(settings.PRIVATE_ROOT).rglob("*.*"))


def test_a_file_over_the_size_limit_is_refused(client, case, beishan_mediator, settings):
    settings.FAZHI_ATTACHMENT_MAX_MB = 1
    client.force_login(beishan_mediator)
    big = upload("扫描件.png", PNG + b"\x00" * (1024 * 1024), "image/png")
    response = post_upload(client, case, big)
    assert response.status_code == 400
    assert "文件不能超过 1 MB，“扫描件.png”有 1.0 MB。" in response.content.decode()
    ok = upload("扫描件.png", PNG + b"\x00" * (1024 * 1024 - 200), "image/png")
    assert post_upload(client, case, ok).status_code == 302


def test_the_upload_form_reports_each_missing_field(client, case, beishan_mediator):
    client.force_login(beishan_mediator)
    url = reverse("cases:attachment_upload", args=[KIND, case.pk])
    html = client.post(url, {"material_type": ""}).content.decode()
    assert 'data-testid="error-file">请选择要上传的文件。' in html
    assert 'data-testid="error-material_type">请选择材料类型。' in html


def test_only_users_who_may_change_the_case_upload(client, case, beishan_mediator, make_user):
    leader = make_user(Role.LEADER)
    with pytest.raises(CasePermissionError):
        case_attach(actor=leader, case=case, file=upload("a.png", PNG), material_type="other")
    client.force_login(leader)
    page = client.get(reverse("cases:detail", args=[KIND, case.pk])).content.decode()
    assert 'data-testid="materials"' in page and 'data-testid="upload-form"' not in page
    assert post_upload(client, case, upload("a.png", PNG)).status_code == 403
    client.force_login(beishan_mediator)
    page = client.get(reverse("cases:detail", args=[KIND, case.pk])).content.decode()
    assert 'data-testid="upload-form"' in page and 'accept="image/*,application/pdf' in page


def test_a_material_of_another_case_step_is_refused(case, beishan_mediator, new_case):
    other = new_case(beishan_mediator, title="另一纠纷")
    with pytest.raises(WorkflowError) as err:
        case_attach(
            actor=beishan_mediator,
            case=case,
            file=upload("a.png", PNG),
            material_type="other",
            event=other.events.first(),
        )
    assert err.value.errors == {"event": "所选办理环节不属于本案件。"}


# --- serving ---------------------------------------------------------------------------------------


def test_a_download_is_scoped_audited_and_not_sniffed(client, case, beishan_mediator, make_user):
    a = case_attach(
        actor=beishan_mediator, case=case, file=upload("现场照片.png", PNG), material_type="evidence"
    )
    url = reverse("cases:attachment_file", args=[KIND, case.pk, a.pk])
    other_street = make_user(Role.MEDIATOR, "330106109-TWH")
    client.force_login(other_street)
    assert client.get(url).status_code == 404
    client.force_login(make_user(Role.PUBLIC))
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()

    client.force_login(make_user(Role.LEADER))  # sees the district, not its personal data
    assert client.get(url).status_code == 404  # materials are personal data (issue 13.7)
    assert not AuditEvent.objects.filter(action="export").exists()
    leader = make_user(Role.MEDIATOR, "330106002-TWH")  # a colleague on the street: reads it
    client.force_login(leader)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        response["Content-Disposition"] == "inline; filename*=utf-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.png"
    )
    event = AuditEvent.objects.get(action="export")
    assert event.actor == leader and event.detail == {"attachment": a.pk, "name": "现场照片.png"}
    # The address names its case: another case's number in it finds nothing.
    other = reverse("cases:attachment_file", args=[KIND, case.pk + 1000, a.pk])
    assert client.get(other).status_code == 404


def test_office_files_download_rather_than_open(client, case, beishan_mediator):
    a = case_attach(
        actor=beishan_mediator,
        case=case,
        file=upload("台账.xlsx", office("xl/workbook.xml")),
        material_type="other",
    )
    client.force_login(beishan_mediator)
    response = client.get(reverse("cases:attachment_file", args=[KIND, case.pk, a.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == files.XLSX and response["X-Content-Type-Options"] == "nosniff"


def test_a_lost_file_is_not_found_rather_than_an_error(client, case, beishan_mediator):
    a = case_attach(actor=beishan_mediator, case=case, file=upload("a.pdf", PDF), material_type="other")
    Path(a.file.path).unlink()
    client.force_login(beishan_mediator)
    assert client.get(reverse("cases:attachment_file", args=[KIND, case.pk, a.pk])).status_code == 404


# --- on the case page -----------------------------------------------------------------------------


def test_materials_are_listed_and_merged_into_the_timeline(client, case, beishan_mediator):
    case = case_transition(actor=beishan_mediator, case=case, name="accept", on=date(2024, 3, 6))
    step = case.events.get(transition="accept")
    case_attach(
        actor=beishan_mediator,
        case=case,
        file=upload("受理登记表.pdf", PDF),
        material_type="application",
        event=step,
    )
    case_attach(
        actor=beishan_mediator, case=case, file=upload("现场照片.jpg", JPEG), material_type="evidence"
    )
    client.force_login(beishan_mediator)
    html = client.get(reverse("cases:detail", args=[KIND, case.pk])).content.decode()
    materials = html.split('data-testid="materials"')[1]
    assert "受理登记表.pdf" in materials and "现场照片.jpg" in materials and "申请材料" in materials
    timeline = html.split('data-testid="timeline"')[1].split("</ol>")[0]
    entries = timeline.split('<li class="mb-2">')[1:]
    # 收案 (2024-03-05), 予以受理 with its form (2024-03-06), then today's upload of the photo.
    assert "收案" in entries[0]
    assert "予以受理" in entries[1] and "受理登记表.pdf" in entries[1] and "现场照片" not in entries[1]
    assert "上传材料 1 件" in entries[2] and "现场照片.jpg" in entries[2]
