"""Legal citations: turn a compact ``cite`` string into the Chinese basis shown to users.

Every answer of `fazhi.law` carries its basis in one house style, e.g.
``cite("行政复议法 30.1")`` → ``《中华人民共和国行政复议法》第三十条第一款``. Syntax of a cite string:
``<law key> <article>[.<paragraph>][(<item>)]``, several articles of one law separated by ``,``,
several laws by ``;`` — e.g. ``"行政复议法 41(5)"``, ``"行政复议法 56,57"``,
``"行政复议法 34; 行政诉讼法 45"``; a bare law key cites the law without an article (article not
known: UNVERIFIED). Law keys and titles live in ``data/laws.toml``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib import resources

_DIGITS = "零一二三四五六七八九"
_ARTICLE = re.compile(r"^(\d+)(?:\.(\d+))?(?:\((\d+)\))?$")


@dataclass(frozen=True, slots=True)
class Reason:
    """一条理由：what was decided or found (one Chinese sentence), on which basis, under which rule id."""

    text: str
    basis: str
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """A yes/no answer with its reasons (e.g. simplified-procedure eligibility, who counts as 负责人)."""

    ok: bool
    reasons: tuple[Reason, ...]

    def __bool__(self) -> bool:
        return self.ok


@cache
def laws() -> dict[str, dict[str, str]]:
    """The law table of ``data/laws.toml``: key → {"title", "text"}."""
    raw = resources.files("fazhi.law").joinpath("data/laws.toml").read_text(encoding="utf-8")
    return {key: {"title": str(v["title"]), "text": str(v["text"])} for key, v in tomllib.loads(raw).items()}


def chinese_number(n: int) -> str:
    """Article numbers as written in Chinese statutes: 3 → 三, 30 → 三十, 15 → 十五, 105 → 一百零五."""
    if not 0 < n < 1000:
        raise ValueError(f"article number out of range: {n}")
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = _DIGITS[hundreds] + "百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (_DIGITS[ones] if ones else "")


@cache
def cite(spec: str) -> str:
    """The Chinese citation for a cite string (see the module docstring); raises ValueError if malformed."""
    parts = []
    for group in spec.split(";"):
        key, _, articles = group.strip().partition(" ")
        title = laws()[key]["title"]  # KeyError for an unknown law key: a data error, caught by the tests
        refs = []
        for token in filter(None, articles.split(",")):
            m = _ARTICLE.match(token.strip())
            if not m:
                raise ValueError(f"malformed article reference {token!r} in {spec!r}")
            article, paragraph, item = m.groups()
            ref = f"第{chinese_number(int(article))}条"
            ref += f"第{chinese_number(int(paragraph))}款" if paragraph else ""
            ref += f"第{chinese_number(int(item))}项" if item else ""
            refs.append(ref)
        parts.append(f"《{title}》" + "、".join(refs))
    return "；".join(parts)


def law_title(spec: str) -> str:
    """The full title of the first law of a cite string."""
    return laws()[spec.split(";")[0].strip().partition(" ")[0]]["title"]


@lru_cache(maxsize=8192)  # for speed: deadlines format the same few thousand dates over and over
def cn_date(d: date) -> str:
    """2025-09-26 → 2025年9月26日 (the form used in Chinese official documents)."""
    return f"{d.year}年{d.month}月{d.day}日"
