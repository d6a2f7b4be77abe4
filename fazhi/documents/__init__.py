"""文书 (statutory documents) in GB/T 9704-2012 layout: the project's base Word document, the
rendering of a bureau-editable Word template with a case's values (.docx), and the same file as
PDF — one template source gives both.

Pure Python (python-docx, docxtpl, WeasyPrint): no Django and no other fazhi package. Modules:

- ``layout``: the GB/T 9704 page, fonts and paragraph styles; ``build_base()`` builds the base .docx.
- ``render``: ``find_template``, ``render_docx(template, context) -> bytes``.
- ``pdf``: ``docx_to_pdf(docx_bytes) -> bytes`` (the rendered .docx walked into HTML, WeasyPrint);
  ``html_to_pdf(html) -> bytes`` for pages laid out in HTML (signpost sheets).
- ``build_templates``: the shipped templates (``templates/*.docx``), built from the base document.
"""

from fazhi.documents.layout import build_base
from fazhi.documents.pdf import docx_to_pdf, html_to_pdf
from fazhi.documents.render import TemplateMissing, find_template, render_docx

__all__ = ["TemplateMissing", "build_base", "docx_to_pdf", "find_template", "html_to_pdf", "render_docx"]
