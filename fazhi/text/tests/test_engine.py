"""The retrieval engine on a real three-law index (BM25 only): what a lay question finds, validity on a
date, the kind filter, lookups by key, and that loading and searching never reach the network."""

from __future__ import annotations

import socket
from datetime import date
from pathlib import Path

import pytest

from fazhi.text import corpus, engine

from .conftest import AID

ELDER = "老人没钱打官司能不能申请法律援助"


def test_build_writes_a_bm25_only_index(index: Path, three_laws: list[corpus.Passage]) -> None:
    assert {p.name for p in index.iterdir()} == {"bm25", "passages.jsonl", "ranker.json", "meta.json"}
    r = engine.Retriever.load(index)
    assert r.vectors is None
    assert len(r) == len(three_laws) + 2  # and the guide's two sections
    assert r.meta["passages"] == len(r)
    assert not r.ranker.learned


def test_the_legal_aid_question_finds_the_legal_aid_law(retriever: engine.Retriever) -> None:
    hits = retriever.search(ELDER, k=10)
    assert [h.rank for h in hits] == list(range(1, 11))
    assert AID in {h.passage.title for h in hits[:3] if h.passage.kind == "article"}
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_articles_not_yet_in_force_on_the_date_are_left_out(retriever: engine.Retriever) -> None:
    before = retriever.search(ELDER, k=50, on=date(2021, 12, 31))
    assert before and AID not in {h.passage.title for h in before}
    on_the_day = retriever.search(ELDER, k=50, on=date(2022, 1, 1))
    assert AID in {h.passage.title for h in on_the_day}
    # The bureau's guide has no validity period: found on any date.
    assert any(h.passage.kind == "guide" for h in before)


def test_kinds_filter(retriever: engine.Retriever) -> None:
    guides = retriever.search(ELDER, k=10, kinds=["guide"])
    assert [h.passage.key for h in guides] == ["guide:aid-guide:1", "guide:aid-guide:2"]
    assert [h.rank for h in guides] == [1, 2]
    articles = retriever.search(ELDER, k=10, kinds={"article"})
    assert len(articles) == 10 and {h.passage.kind for h in articles} == {"article"}


@pytest.mark.parametrize("question", ["", "   \n"])
def test_an_empty_question_finds_nothing(retriever: engine.Retriever, question: str) -> None:
    assert retriever.search(question) == []


def test_get_by_key(retriever: engine.Retriever, three_laws: list[corpus.Passage]) -> None:
    original = three_laws[0]
    assert retriever.get(original.key) == original
    found = retriever.get(corpus.article_key(AID, "第二条"))
    assert found is not None and found.effective == date(2022, 1, 1) and found.text
    assert retriever.get(corpus.article_key(AID, "第九百条")) is None


def test_load_and_search_stay_offline(index: Path, no_network: list[object]) -> None:
    with pytest.raises(OSError):  # the guard is in place
        socket.create_connection(("127.0.0.1", 9))
    no_network.clear()
    r = engine.Retriever.load(index)
    assert r.search(ELDER, k=5)
    assert r.search("公司拖欠工资三个月怎么办", k=5, on=date(2025, 10, 1))
    assert no_network == []
