"""Checks on an uploaded case material (材料): its type from its content (magic bytes, not its
name or the browser's word) and a safe display name. Pure Python, no Django."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from typing import BinaryIO

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Accepted content types -> the extension a file of that type is stored and offered under.
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png", DOCX: ".docx", XLSX: ".xlsx"}
# Other extensions that name the same type (a kept original name need not change).
ALIASES = {".jpeg": JPEG, ".jpe": JPEG}

TYPE_RULE = "只能上传 PDF、JPG/PNG 图片、Word（.docx）或 Excel（.xlsx）文件（按文件内容识别）"


def sniff(f: BinaryIO) -> str | None:
    """The content type of `f` by its first bytes (and, for a zip, the parts it holds), or None
    if it is none of the accepted ones. A macro-enabled Office file (vbaProject.bin) is refused.
    Leaves `f` at its start."""
    f.seek(0)
    head = f.read(1024)
    f.seek(0)
    if b"%PDF-" in head:  # the PDF header may follow a few bytes of junk (ISO 32000-1, 7.5.2)
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(f) as z:  # reads the central directory only, never inflates
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            f.seek(0)
        if "[Content_Types].xml" not in names or any(n.lower().endswith("vbaproject.bin") for n in names):
            return None
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
    return None


_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


def safe_name(name: str, content_type: str, max_length: int = 120) -> str:
    """The name a material is listed and downloaded under: the last part of what the browser
    sent, without control and path characters, at most `max_length` characters, with the
    extension of its real type (a JPEG sent as "x.exe" is offered as "x.jpg")."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = _UNSAFE.sub("", name).strip().strip(".").strip()
    stem, dot, ext = name.rpartition(".")
    if not dot or not re.fullmatch(r"[A-Za-z0-9]{1,5}", ext):  # "2024.03.05 调解" has none
        stem, ext = name, ""
    ext = f".{ext.lower()}" if ext else ""
    wanted = EXTENSIONS[content_type]
    if ext != wanted and ALIASES.get(ext) != content_type:
        ext = wanted
    stem = stem.strip() or "材料"
    return stem[: max_length - len(ext)] + ext


class ImageError(ValueError):
    """A file that says it is an image but cannot be read as one (message in Chinese)."""


def without_metadata(data: bytes, content_type: str) -> bytes:
    """A JPEG or PNG re-encoded without its metadata (EXIF with the GPS position, XMP, text
    chunks): a photo taken on a phone carries where it was taken. The pixels are turned upright
    first (the EXIF orientation is dropped with the rest); the colour profile is kept. Raises
    ImageError for a file that is not a readable image, or one too large to decode safely."""
    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            icc = img.info.get("icc_profile")
            upright = ImageOps.exif_transpose(img)
            out = io.BytesIO()
            if content_type == JPEG:
                if upright.mode not in ("RGB", "L", "CMYK"):
                    upright = upright.convert("RGB")
                upright.save(out, "JPEG", quality=90, optimize=True, **({"icc_profile": icc} if icc else {}))
            elif content_type == PNG:
                upright.save(out, "PNG", optimize=False, **({"icc_profile": icc} if icc else {}))
            else:
                return data
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError) as exc:
        raise ImageError("图片无法读取（文件可能已损坏或过大）") from exc
    return out.getvalue()
