"""The re-ranker's persistence and learning: a saved ranker scores as before once loaded, a file
of other features falls back to fixed weights, and learning from marked questions (STARD) helps."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from fazhi.text import engine
from fazhi.text.corpus import article_key
from fazhi.text.evaluate import score_rankings
from fazhi.text.rank import Ranker, Signals, learn, relevant_keys

from .conftest import LABOUR


@pytest.fixture(scope="module")
def signals(retriever: engine.Retriever, stard_sample: list[dict[str, Any]]) -> list[Signals]:
    return [retriever.signals(it["question"]) for it in stard_sample]


@pytest.fixture(scope="module")
def learned(
    retriever: engine.Retriever, stard_sample: list[dict[str, Any]], signals: list[Signals]
) -> Ranker:
    return learn(stard_sample, signals, retriever.context, source="stard_sample.json")


def ranked(ranker: Ranker, retriever: engine.Retriever, s: Signals) -> tuple[list[str], np.ndarray]:
    f = ranker.features(s, retriever.context)
    scores = ranker.score(f)
    return [f.keys[int(j)] for j in np.argsort(-scores, kind="stable")], scores


def test_default_round_trip(tmp_path: Path, retriever: engine.Retriever, signals: list[Signals]) -> None:
    path = tmp_path / "ranker.json"
    Ranker.default().save(path)
    loaded = Ranker.load(path)
    assert not loaded.learned
    assert np.array_equal(loaded.weights, Ranker.default().weights) and loaded.bias == Ranker.default().bias
    assert np.array_equal(
        ranked(loaded, retriever, signals[0])[1], ranked(Ranker.default(), retriever, signals[0])[1]
    )


def test_load_missing_or_of_other_features_gives_the_default(tmp_path: Path, learned: Ranker) -> None:
    assert not Ranker.load(tmp_path / "absent.json").learned
    path = tmp_path / "ranker.json"
    learned.save(path)
    assert Ranker.load(path).learned
    data = json.loads(path.read_text(encoding="utf-8"))
    data["names"] = [*data["names"][:-1], "a_feature_of_another_version"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    fallback = Ranker.load(path)
    assert not fallback.learned
    assert np.array_equal(fallback.weights, Ranker.default().weights)


def test_learned_round_trip_scores_identically(
    tmp_path: Path, learned: Ranker, retriever: engine.Retriever, signals: list[Signals]
) -> None:
    assert learned.learned and learned.source == "stard_sample.json"
    path = tmp_path / "ranker.json"
    learned.save(path)
    assert not path.with_suffix(".vecs.npy").exists()  # BM25 only: no question vectors to keep
    loaded = Ranker.load(path)
    for s in signals[::5]:
        keys, scores = ranked(learned, retriever, s)
        keys2, scores2 = ranked(loaded, retriever, s)
        assert keys == keys2
        assert np.array_equal(scores, scores2)


def test_learning_from_marked_questions_beats_fixed_weights_on_them(
    learned: Ranker, retriever: engine.Retriever, stard_sample: list[dict[str, Any]], signals: list[Signals]
) -> None:
    rel = [relevant_keys(it) for it in stard_sample]
    fixed = score_rankings([ranked(Ranker.default(), retriever, s)[0] for s in signals], rel)
    mine = score_rankings([ranked(learned, retriever, s)[0] for s in signals], rel)
    assert mine.mrr10 > fixed.mrr10 and mine.recall10 >= fixed.recall10


def test_an_index_built_with_a_learned_ranker_loads_it(
    tmp_path: Path, learned: Ranker, retriever: engine.Retriever
) -> None:
    engine.build(retriever.passages, tmp_path, ranker=learned, use_dense=False)
    r = engine.Retriever.load(tmp_path)
    assert r.ranker.learned and r.ranker.art_count == learned.art_count
    question = "用人单位未与劳动者订立书面劳动合同怎么办"
    found = [h.passage.key for h in r.search(question, k=5)]
    assert found == ranked(learned, retriever, retriever.signals(question))[0][:5]
    assert found != [h.passage.key for h in retriever.search(question, k=5)]  # not the fixed weights
    assert found[0] in {article_key(LABOUR, "第十条"), article_key(LABOUR, "第八十二条")}


def test_a_question_far_from_every_article_is_scored_down(retriever: engine.Retriever) -> None:
    """The off-topic gate: below min_sem (the best e5 similarity 99% of marked questions reach) the
    probabilities shrink, so the assistant's threshold refuses "红烧肉怎么做"; above it nothing changes."""
    s = retriever.signals("用人单位拖欠劳动报酬")
    s.sem = np.full(len(s.lex), 0.80, dtype=np.float32)  # as if e5 found nothing close
    s.sem[:5] = 0.85
    gated, open_ = Ranker.default(), Ranker.default()
    gated.min_sem, open_.min_sem = 0.87, 0.84
    f_gated, f_open = gated.features(s, retriever.context), open_.features(s, retriever.context)
    assert not f_gated.on_topic and f_open.on_topic
    np.testing.assert_allclose(gated.score(f_gated), open_.score(f_open) * 0.25, rtol=1e-5)


def test_min_sem_survives_the_round_trip(tmp_path: Path) -> None:
    r = Ranker.default()
    r.min_sem = 0.873
    r.save(tmp_path / "r.json")
    assert Ranker.load(tmp_path / "r.json").min_sem == pytest.approx(0.873)
