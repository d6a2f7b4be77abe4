"""A Word template with {{ placeholders }} (docxtpl: Jinja inside .docx) rendered with a case's
values. The templates ship in `templates/`; a bureau edits one in Word and puts it, under the same
file name, in its own template directory, which is looked at first."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate

SHIPPED = Path(__file__).resolve().parent / "templates"


class TemplateMissing(LookupError):
    """No template of that name in the bureau's directory nor among the shipped ones."""


def find_template(name: str, override_dir: str | Path | None = None) -> Path:
    """The template file `name` (e.g. "reconsideration_correction.docx"): the bureau's own copy in
    `override_dir` if it has one, else the shipped one."""
    if Path(name).name != name or not name.endswith(".docx"):
        raise TemplateMissing(f"文书模板名称“{name}”无效。")
    if override_dir:
        own = Path(override_dir) / name
        if own.is_file():
            return own
    shipped = SHIPPED / name
    if not shipped.is_file():
        raise TemplateMissing(f"找不到文书模板“{name}”。")
    return shipped


def render_docx(template: bytes | str | Path, context: Mapping[str, Any]) -> bytes:
    """The template (its bytes or path) rendered with `context`; values are XML-escaped, so text a
    user typed cannot break the document. A list value is rendered paragraph by paragraph by a
    `{%p for … %}` loop in the template."""
    source = io.BytesIO(template) if isinstance(template, bytes) else str(template)
    doc = DocxTemplate(source)
    doc.render(dict(context), autoescape=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
