"""A mediator in the field, on a phone (390×844): the case page shows where the dispute stands (the
step bar and the period running), the usual next step as the one primary button, and a photo
taken on site uploads into the 材料 and onto the timeline — without sideways scrolling."""

import struct
import zlib

import pytest

from fazhi.core.roles import Role

pytestmark = pytest.mark.e2e


def png(width: int = 64, height: int = 48) -> bytes:
    """A real (if dull) photo: a grey PNG the browser can show."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width


def test_a_mediator_uploads_a_site_photo_from_a_phone(
    page, login, make_user, new_mediation, screenshot, tmp_path
):
    mediator = make_user(Role.MEDIATOR, "330106002-TWH", username="tiaojie", display_name="郑调解")
    case = new_mediation(mediator, title="楼上漏水致楼下天花板受损，双方就维修费用分担产生争议")
    page.set_viewport_size({"width": 390, "height": 844})
    login("tiaojie")
    page.goto(f"/cases/mediation/{case.pk}/")

    bar = page.get_by_test_id("step-bar")
    assert bar.is_visible()
    steps = bar.get_by_test_id("step")
    assert steps.count() == 4 and steps.first.get_attribute("data-mark") == "current"
    primary = page.locator('[data-look="primary"]')
    assert primary.count() == 1 and primary.inner_text() == "受理调解"
    assert page.get_by_test_id("action-refuse").get_attribute("data-look") == "danger"
    no_sideways_scroll(page)

    primary.click()
    page.get_by_label("办理日期").fill("2024-03-06")
    page.get_by_role("button", name="确认受理调解").click()
    assert page.get_by_test_id("status").inner_text() == "调解中"
    assert bar.get_by_test_id("step").nth(1).get_attribute("data-mark") == "current"
    periods = page.get_by_test_id("periods").inner_text()
    assert "届满" in periods and "RM-11" not in periods and "人民调解" in periods  # title and basis

    # On site: the photo picker offers the camera (image/*) — here a file stands in for the shot.
    page.locator("summary", has_text="上传材料").click()
    upload = page.get_by_test_id("upload-form")
    assert "image/*" in upload.locator("input[type=file]").get_attribute("accept")
    photo = tmp_path / "现场照片.png"
    photo.write_bytes(png())
    upload.locator("input[type=file]").set_input_files(str(photo))
    upload.get_by_label("材料类型").select_option(label="证据")
    upload.get_by_label("说明（可不填）").fill("楼下天花板水渍")
    upload.get_by_role("button", name="上传").click()
    page.wait_for_load_state("networkidle")

    assert "已上传材料：现场照片.png" in page.content()
    assert "现场照片.png" in page.get_by_test_id("attachment-list").inner_text()
    timeline = page.get_by_test_id("timeline").inner_text()
    assert "上传材料 1 件" in timeline and "现场照片.png" in timeline
    no_sideways_scroll(page)
    screenshot(page, "phone-case-page-materials")

    # The photo opens in the browser (inline), for this mediator only.
    with page.context.expect_page() as opened:
        page.get_by_test_id("timeline").get_by_test_id("attachment").click()
    shown = opened.value
    shown.wait_for_load_state()
    assert (
        shown.evaluate("document.images.length") == 1
        and shown.evaluate("document.images[0].naturalWidth") == 64
    )

    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    screenshot(page, "desktop-case-page-materials")


def test_a_destructive_step_is_red_and_its_form_is_the_confirmation(
    page, login, make_user, new_mediation, screenshot
):
    mediator = make_user(Role.MEDIATOR, "330106002-TWH", username="tiaojie", display_name="郑调解")
    case = new_mediation(mediator)
    page.set_viewport_size({"width": 390, "height": 844})
    login("tiaojie")
    page.goto(f"/cases/mediation/{case.pk}/")
    refuse = page.get_by_test_id("action-refuse")
    assert "btn-outline-danger" in refuse.get_attribute("class")
    refuse.click()
    assert "案件状态将变为“当事人拒绝调解”" in page.get_by_test_id("danger-warning").inner_text()
    confirm = page.get_by_test_id("confirm")
    assert (
        confirm.inner_text() == "确认当事人拒绝调解（案件将办结）"
        and "btn-danger" in confirm.get_attribute("class")
    )
    no_sideways_scroll(page)
    screenshot(page, "phone-confirm-refuse")
    page.get_by_role("link", name="取消").click()
    assert page.get_by_test_id("status").inner_text() == "已登记"
