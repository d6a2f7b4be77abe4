"""Passages of the knowledge base: article numbers, Markdown laws, the bureau's documents cut into
sections, later sources winning, validity on a date, and the shipped laws database."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from fazhi.text.corpus import (
    Passage,
    article_key,
    chinese_to_int,
    dedupe,
    from_laws_db,
    from_markdown_folder,
    parse_markdown_law,
    sections,
)

from .conftest import AID, COPYRIGHT, LABOUR

LAW_MD = """# 某市法律援助条例
状态：现行有效
施行日期：2023年3月1日
失效日期：2028-03-01
效力级别：地方性法规

## 第一章 总则

## 第一条
为了规范法律援助工作，
保障公民获得必要的法律服务，制定本条例。

第二条　本条例适用于本市行政区域内的法律援助工作。

**第三条** 法律援助机构应当公示申请条件。
状态：这一行在条文之后，是正文。

## 第二章 申请

第三条　重复的条文编号，应被丢弃。
第四条
"""


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("第五十六条", 56),
        ("一千二百六十", 1260),
        ("十五", 15),
        ("第一百零五条", 105),
        ("二十", 20),
        ("105", 105),
        ("第105条", 105),
        ("第X条", 0),
        ("abc", 0),
    ],
)
def test_chinese_to_int(text: str, number: int) -> None:
    assert chinese_to_int(text) == number


def test_markdown_law_title_metadata_and_articles() -> None:
    passages = parse_markdown_law(LAW_MD, default_title="file-name")
    assert [p.label for p in passages] == ["第一条", "第二条", "第三条"]
    first, second, third = passages
    assert first.title == "某市法律援助条例"
    assert first.key == article_key("某市法律援助条例", "第一条") == "law:某市法律援助条例:第一条"
    assert first.text == "为了规范法律援助工作，\n保障公民获得必要的法律服务，制定本条例。"
    assert first.chapter == "第一章 总则"
    assert second.text == "本条例适用于本市行政区域内的法律援助工作。"
    # A metadata-like line inside an article is its text; the later duplicate 第三条 is dropped.
    assert third.text == "法律援助机构应当公示申请条件。\n状态：这一行在条文之后，是正文。"
    assert all(p.kind == "article" and p.source == "地方性法规" for p in passages)
    assert {(p.effective, p.expires, p.status) for p in passages} == {
        (date(2023, 3, 1), date(2028, 3, 1), "现行有效")
    }


def test_markdown_law_without_title_or_metadata() -> None:
    passages = parse_markdown_law("第一条　内容一。\n\n第二条 内容二。", default_title="某区规定")
    assert [(p.title, p.label, p.text) for p in passages] == [
        ("某区规定", "第一条", "内容一。"),
        ("某区规定", "第二条", "内容二。"),
    ]
    assert passages[0].effective is None and passages[0].status == "现行有效"


def test_markdown_law_repealed_is_never_in_force() -> None:
    (p,) = parse_markdown_law("# 旧办法\n状态：已废止\n第一条 旧内容。", default_title="x")
    assert p.status == "已废止"
    assert not p.in_force(None)
    assert not p.in_force(date(2000, 1, 1))


def test_markdown_folder_reads_every_md_file_recursively(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.md").write_text(LAW_MD, encoding="utf-8")
    (tmp_path / "sub" / "a规定.md").write_text("第一条 甲。\n第二条 乙。", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("第一条 不是法律文件。", encoding="utf-8")
    passages = list(from_markdown_folder(tmp_path))
    assert [(p.title, p.label) for p in passages] == [
        ("某市法律援助条例", "第一条"),
        ("某市法律援助条例", "第二条"),
        ("某市法律援助条例", "第三条"),
        ("a规定", "第一条"),
        ("a规定", "第二条"),
    ]


def test_sections_by_headings() -> None:
    text = "一、申请条件\n经济困难的公民可以申请。\n\n（一）需要的材料\n身份证明。\n收入证明。\n# 办理地点\n区司法局一楼。"
    passages = sections("法律援助指南", text, kind="guide", slug="aid", url="/g/aid/")
    assert [(p.key, p.label, p.text) for p in passages] == [
        ("guide:aid:1", "一、申请条件", "经济困难的公民可以申请。"),
        ("guide:aid:2", "（一）需要的材料", "身份证明。\n收入证明。"),
        ("guide:aid:3", "办理地点", "区司法局一楼。"),
    ]
    assert {(p.kind, p.title, p.url, p.source) for p in passages} == {
        ("guide", "法律援助指南", "/g/aid/", "guide")
    }


def test_sections_cut_long_bodies_near_a_full_stop() -> None:
    sentence = "申请人应当如实提供本人及家庭经济困难状况的说明。"  # 24 characters: 420 is mid-sentence
    body = sentence * 40  # 960 characters
    passages = sections("指南", "一、材料\n" + body, kind="faq", slug="f")
    assert len(passages) > 1
    assert all(len(p.text) <= 600 for p in passages)
    assert all(p.text.endswith("。") for p in passages)
    assert {p.label for p in passages} == {"一、材料"}
    assert "".join(p.text for p in passages) == body


def test_sections_cut_at_420_without_a_full_stop() -> None:
    body = "没有句号的长段落" * 100  # 800 characters
    passages = sections("指南", body, kind="guide", slug="g")
    assert [len(p.text) for p in passages] == [420, 380]


def test_sections_without_headings_keep_the_paragraphs_together() -> None:
    text = "第一段：法律援助免费。\n\n第二段：可以电话预约。"
    (p,) = sections("须知", text, kind="service", slug="s")
    assert (p.key, p.label, p.text) == ("service:s:1", "", "第一段：法律援助免费。\n第二段：可以电话预约。")


def test_dedupe_later_source_wins() -> None:
    packaged = Passage(article_key("某法", "第一条"), "article", "某法", "第一条", "旧文本")
    other = Passage(article_key("某法", "第二条"), "article", "某法", "第二条", "第二条文本")
    bureau = Passage(article_key("某法", "第一条"), "article", "某法", "第一条", "区司法局的新文本")
    out = dedupe([packaged, other, bureau])
    assert {p.key: p.text for p in out} == {
        "law:某法:第一条": "区司法局的新文本",
        "law:某法:第二条": "第二条文本",
    }


def test_in_force_on_dates() -> None:
    p = Passage("k", "article", "某法", "第一条", "x", effective=date(2022, 1, 1), expires=date(2025, 1, 1))
    assert p.in_force(None)
    assert not p.in_force(date(2021, 12, 31))
    assert p.in_force(date(2022, 1, 1))
    assert p.in_force(date(2024, 12, 31))
    assert not p.in_force(date(2025, 1, 1))
    assert Passage("k", "article", "某法", "第一条", "x", status="已被修改").in_force(date(1990, 1, 1))
    assert not Passage("k", "article", "某法", "第一条", "x", status="已废止").in_force(None)


def test_digest_follows_the_embedded_text() -> None:
    a = Passage("k", "article", "某法", "第一条", "文本")
    assert a.digest == Passage("other-key", "faq", "某法", "第一条", "文本").digest
    assert a.digest != Passage("k", "article", "某法", "第一条", "文本。").digest


def test_laws_db_current_articles(laws_db: Path) -> None:
    passages = list(from_laws_db(laws_db))
    assert len(passages) == 23995
    assert len({p.key for p in passages}) == len(passages)
    by_key = {p.key: p for p in passages}
    civil = by_key[article_key("中华人民共和国民法典", "第五十六条")]
    assert civil.text.startswith("个体工商户的债务，个人经营的，以个人财产承担")
    assert civil.effective == date(2021, 1, 1)
    assert {p.status for p in passages} == {"现行有效"}
    assert len(list(from_laws_db(laws_db, current_only=False))) > len(passages)


def test_laws_db_subset(three_laws: list[Passage]) -> None:
    counts = Counter(p.title for p in three_laws)
    assert counts == {AID: 71, LABOUR: 98, COPYRIGHT: 67}
    aid = next(p for p in three_laws if p.title == AID)
    # The later of the law's effective and version dates.
    assert aid.effective == date(2022, 1, 1)
    assert aid.source == "法律"
