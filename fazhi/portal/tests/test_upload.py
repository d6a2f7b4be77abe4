"""补充材料 on the portal: the applicant adds photos and PDFs to their own open matter — checked by
content and size, images stored without their location metadata — and opens only their own files."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from fazhi.cases.models import CaseAttachment
from fazhi.cases.services import CasePermissionError, portal_attach
from fazhi.cases.workflow import WorkflowError
from fazhi.core.roles import Role
from fazhi.portal.tests.test_submit import citizen, mediation_form, post, submitted  # noqa: F401

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
GPS_IFD = 0x8825


def jpeg_with_gps() -> bytes:
    img = Image.new("RGB", (64, 48), (180, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[GPS_IFD] = {1: "N", 2: (30.0, 15.0, 7.0), 3: "E", 4: (120.0, 8.0, 1.0)}
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    data = buf.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)  # the fixture does carry a position
    return data


@pytest.fixture
def matter(client, citizen, xihu):  # noqa: F811
    return submitted(post(client, "mediation", mediation_form(xihu)))


def upload(client, sub, name: str, content: bytes, content_type: str = "application/octet-stream", **fields):
    return client.post(
        reverse("portal:materials", args=[sub.number]),
        {
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "material_type": "evidence",
            **fields,
        },
    )


def error_text(response) -> str:
    import html
    import re

    found = re.search(r'data-testid="error-file">([^<]*)<', response.content.decode())
    return html.unescape(found.group(1)) if found else ""


def test_a_pdf_is_stored_listed_and_opened_by_its_owner(client, matter):
    response = upload(client, matter, "收据.pdf", PDF, "application/pdf")
    assert response.status_code == 302
    a = CaseAttachment.objects.get(case=matter.case)
    assert (
        a.content_type == "application/pdf" and a.original_name == "收据.pdf" and a.uploaded_by == matter.user
    )
    page = client.get(response["Location"]).content.decode()
    assert "收据.pdf" in page and "已上传" in page
    opened = client.get(reverse("portal:material", args=[matter.number, a.pk]))
    assert opened.status_code == 200 and b"".join(opened.streaming_content) == PDF
    assert opened["X-Content-Type-Options"] == "nosniff"


def test_a_jpeg_is_stored_without_its_gps_metadata(client, matter):
    original = jpeg_with_gps()
    assert upload(client, matter, "现场.jpg", original, "image/jpeg").status_code == 302
    a = CaseAttachment.objects.get(case=matter.case)
    with a.file.open("rb") as f:
        stored = f.read()
    img = Image.open(io.BytesIO(stored))
    assert img.format == "JPEG" and img.size == (64, 48)
    assert not img.getexif().get_ifd(GPS_IFD) and not dict(img.getexif())
    assert b"PhoneMaker" not in stored and a.size == len(stored)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200, "只能上传"),  # a Windows program renamed .jpg
        ("empty.pdf", b"", "空文件"),
        ("broken.jpg", b"\xff\xd8\xff\xe0" + b"junk" * 50, "无法读取"),
    ],
)
def test_bad_files_are_refused_next_to_the_field(client, matter, name, content, expected):
    response = upload(client, matter, name, content)
    assert response.status_code == 400 and expected in error_text(response)
    assert not CaseAttachment.objects.exists()


def test_a_file_over_the_limit_is_refused(client, matter, settings):
    settings.FAZHI_ATTACHMENT_MAX_MB = 1
    response = upload(client, matter, "big.pdf", PDF + b"0" * (1024 * 1024))
    assert response.status_code == 400 and "不能超过 1 MB" in error_text(response)
    assert not CaseAttachment.objects.exists()


def test_a_word_file_is_not_for_the_public(client, matter):
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    response = upload(client, matter, "说明.docx", buf.getvalue())
    assert response.status_code == 400 and "照片" in error_text(response)


def test_no_file_and_a_bad_type_are_said(client, matter):
    response = client.post(reverse("portal:materials", args=[matter.number]), {"material_type": "receipt"})
    assert response.status_code == 400 and "材料类型" in response.content.decode()
    response = client.post(reverse("portal:materials", args=[matter.number]), {"material_type": "evidence"})
    assert response.status_code == 400 and "请选择要上传的文件" in error_text(response)


def test_another_users_file_is_not_found(client, matter, make_user, xihu):
    upload(client, matter, "收据.pdf", PDF, "application/pdf")
    a = CaseAttachment.objects.get()
    stranger = make_user(Role.PUBLIC)
    client.force_login(stranger)
    assert client.get(reverse("portal:material", args=[matter.number, a.pk])).status_code == 404
    # Their own matter's number with another's file id: also nothing.
    own = submitted(post(client, "mediation", mediation_form(xihu)))
    assert client.get(reverse("portal:material", args=[own.number, a.pk])).status_code == 404
    with pytest.raises(CasePermissionError):
        portal_attach(actor=stranger, case=matter.case, file=SimpleUploadedFile("x.pdf", PDF))


def test_a_closed_matter_takes_no_more_material(client, matter):
    case = matter.case
    case.closed_on, case.status = case.received_on, "terminated"
    case.save(update_fields=["closed_on", "status"])
    page = client.get(reverse("portal:materials", args=[matter.number])).content.decode()
    assert 'data-testid="upload-closed"' in page
    response = upload(client, matter, "收据.pdf", PDF, "application/pdf")
    assert response.status_code == 400 and "已办结" in error_text(response)
    with pytest.raises(WorkflowError):
        portal_attach(actor=matter.user, case=case, file=SimpleUploadedFile("x.pdf", PDF))
