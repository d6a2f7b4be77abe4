"""Citations: Chinese article numbers and the one house style of the basis string."""

from __future__ import annotations

import pytest

from fazhi.law.basis import chinese_number, cite, laws


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "一"), (10, "十"), (15, "十五"), (20, "二十"), (30, "三十"), (41, "四十一"), (100, "一百"), (101, "一百零一"),
     (110, "一百一十"), (115, "一百一十五"), (205, "二百零五"), (999, "九百九十九")],
)  # fmt: skip
def test_chinese_numbers(n: int, text: str) -> None:
    assert chinese_number(n) == text


@pytest.mark.parametrize(
    ("spec", "text"),
    [
        ("行政复议法 30.1", "《中华人民共和国行政复议法》第三十条第一款"),
        ("行政复议法 41(5)", "《中华人民共和国行政复议法》第四十一条第五项"),
        ("法律援助法 44.1(1)", "《中华人民共和国法律援助法》第四十四条第一款第一项"),
        ("行政复议法 56,57", "《中华人民共和国行政复议法》第五十六条、第五十七条"),
        (
            "行政复议法 34; 行政诉讼法 45",
            "《中华人民共和国行政复议法》第三十四条；《中华人民共和国行政诉讼法》第四十五条",
        ),
        ("合法性审核指导意见", "《国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见》"),
    ],
)
def test_cite(spec: str, text: str) -> None:
    assert cite(spec) == text


def test_bad_cites() -> None:
    with pytest.raises(KeyError):
        cite("不存在的法 1")
    with pytest.raises(ValueError, match="malformed"):
        cite("行政复议法 第30条")
    with pytest.raises(ValueError):
        chinese_number(0)


def test_every_law_has_a_title_and_a_text_note() -> None:
    assert all(v["title"] and v["text"] for v in laws().values())
