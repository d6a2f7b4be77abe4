"""`fazhi assistant eval` (the evaluation harness) and `fazhi assistant learn` (the re-ranker a
build ships) on the small BM25-only index, with the gold questions of its eight laws."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from fazhi.assistant import knowledge
from fazhi.assistant.conf import conf
from fazhi.assistant.tests.conftest import LAWS, assistant_settings
from fazhi.text.rank import Ranker

GOLD = Path(__file__).resolve().parents[2] / "text" / "data" / "gold.json"


@pytest.fixture
def gold_file(tmp_path) -> Path:
    """The gold questions whose articles all lie in the small index's laws."""
    items = [
        it
        for it in json.loads(GOLD.read_text(encoding="utf-8"))
        if all(r["law"] in LAWS for r in it["relevant"])
    ]
    assert len(items) >= 100
    path = tmp_path / "gold-small.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return path


def run(*args: str) -> str:
    out = StringIO()
    call_command("assistant", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_eval_reports_every_method_with_and_without_learning(gold_file) -> None:
    text = run("eval", str(gold_file), "--folds", "3")
    assert "无语义向量" in text
    rows = {line.split(" R@10")[0].strip(): line for line in text.splitlines() if "R@10" in line}
    assert set(rows) == {"BM25", "融合 (fixed weights)", "学习排序 (3-fold CV)", "学习排序 (in-sample)"}

    def r10(name: str) -> float:
        return float(rows[name].split("R@10 ")[1].split()[0])

    # Learning from the other folds beats plain BM25 on these questions; in-sample is higher still
    # (the gap is the over-fitting the harness exists to show).
    assert r10("学习排序 (3-fold CV)") > r10("BM25")
    assert r10("学习排序 (in-sample)") >= r10("学习排序 (3-fold CV)")


@pytest.mark.django_db
def test_a_learned_ranker_is_shipped_by_the_next_build(gold_file, tmp_path, settings, small_laws_db) -> None:
    shipped = tmp_path / "ranker.json"
    lexical = tmp_path / "ranker-lex.json"
    text = run("learn", str(gold_file), "--out", str(lexical))
    assert "仅关键词" in text
    learned = Ranker.load(lexical)
    assert learned.learned and not learned.dense
    assert learned.source == "gold-small.json"
    # A build without vectors takes the lexical twin of RANKER.
    settings.FAZHI_ASSISTANT = assistant_settings(small_laws_db, tmp_path / "index", RANKER=str(shipped))
    knowledge.build_index(conf())
    r = knowledge.retriever()
    assert r.ranker.learned and r.ranker.source == "gold-small.json"
    hits = r.search("老人没钱打官司能不能申请法律援助", k=3)
    assert hits[0].passage.title == "中华人民共和国法律援助法"


@pytest.mark.django_db
def test_a_malformed_question_file_is_refused_naming_the_item(tmp_path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            [
                {"question": "离婚怎么分财产", "relevant": [{"law": "x", "article": "第一条"}]},
                {"question": ""},
            ]
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="第 2 项"):
        run("eval", str(bad))
    with pytest.raises(CommandError, match="无法读取"):
        run("learn", str(tmp_path / "missing.json"), "--out", str(tmp_path / "r.json"))
