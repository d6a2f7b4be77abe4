"""The evaluation harness (`fazhi assistant eval FILE`): Recall@10, Recall@100 and MRR@10 of
retrieval on marked questions ({"question", "relevant": [{"law", "article"}]}), for BM25 alone, the
dense model alone, their fixed fusion and the learned re-ranker — the learned one both
cross-validated (learned on the other folds: what an unseen question can expect) and in-sample
(learned on the same questions: over-fitting shows as the gap between the two)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .engine import Retriever
from .rank import Features, Ranker, Signals, learn, relevant_keys


@dataclass
class Scores:
    recall10: float
    recall100: float
    mrr10: float
    n: int

    def row(self, name: str) -> str:
        return f"{name:<28} R@10 {self.recall10:.3f}  R@100 {self.recall100:.3f}  MRR@10 {self.mrr10:.3f}  (n={self.n})"


def score_rankings(rankings: Sequence[Sequence[str]], relevant: Sequence[Sequence[str]]) -> Scores:
    r10 = r100 = mrr = 0.0
    n = 0
    for ranked, rel in zip(rankings, relevant, strict=True):
        if not rel:
            continue
        n += 1
        pos = {k: i for i, k in enumerate(ranked[:100])}
        r10 += sum(1 for k in rel if pos.get(k, 999) < 10) / len(rel)
        r100 += sum(1 for k in rel if k in pos) / len(rel)
        first = min((pos[k] for k in rel if k in pos), default=999)
        mrr += 1.0 / (first + 1) if first < 10 else 0.0
    n = max(n, 1)
    return Scores(r10 / n, r100 / n, mrr / n, n)


def load_items(path: str) -> list[dict]:  # type: ignore[type-arg]
    import json

    with open(path, encoding="utf-8") as f:
        return list(json.load(f))


def question_signals(r: Retriever, items: Sequence[dict]) -> list[Signals]:  # type: ignore[type-arg]
    return [r.signals(it["question"]) for it in items]


def _ranked(r: Retriever, f: Features, scores: np.ndarray) -> list[str]:
    order = np.argsort(-scores, kind="stable")[:100]
    return [f.keys[int(j)] for j in order]


def _channel(r: Retriever, full: np.ndarray | None) -> list[str]:
    if full is None:
        return []
    top = np.argpartition(-full, 100)[:100]
    return [r.passages[int(d)].key for d in top[np.argsort(-full[top])]]


def evaluate(
    r: Retriever,
    items: Sequence[dict[str, Any]],
    *,
    folds: int = 5,
    seed: int = 0,
    extra: Sequence[dict[str, Any]] = (),
    learned: bool = True,
    log: Callable[[str], None] = print,
) -> dict[str, Scores]:
    """Every method's scores on ``items`` (present articles only count as relevant). ``extra``:
    marked questions always learned from besides the other folds (another set, never scored);
    ``learned=False``: without the rankers learned here (cross-validated and in-sample)."""
    rel = [[k for k in relevant_keys(it) if k in r.by_key] for it in items]
    t = time.perf_counter()
    sigs = question_signals(r, items)
    extra_sigs = question_signals(r, extra)
    log(f"检索信号 {len(items)} 问, {time.perf_counter() - t:.1f} s")
    ctx = r.context

    def run(ranker: Ranker, which: Sequence[int]) -> dict[int, list[str]]:
        ranked = {}
        for i in which:
            f = ranker.features(sigs[i], ctx)
            ranked[i] = _ranked(r, f, ranker.score(f))
        return ranked

    every = range(len(items))
    out: dict[str, Scores] = {}
    out["BM25"] = score_rankings([_channel(r, s.lex) for s in sigs], rel)
    if r.vectors is not None:
        out["e5 (dense)"] = score_rankings([_channel(r, s.sem) for s in sigs], rel)
    fixed = run(Ranker.default(), every)
    out["融合 (fixed weights)"] = score_rankings([fixed[i] for i in every], rel)
    if r.ranker.learned:
        shipped = run(r.ranker, every)
        out[f"索引中的排序器 ({r.ranker.source or '?'})"] = score_rankings([shipped[i] for i in every], rel)
    if not learned:
        folds = 0
    idx = list(range(len(items)))
    random.Random(seed).shuffle(idx)
    cv: list[list[str]] = [[] for _ in items]
    for k in range(folds):
        test = set(idx[k::folds])
        train = [i for i in idx if i not in test]
        ranker = learn([*(items[i] for i in train), *extra], [*(sigs[i] for i in train), *extra_sigs], ctx)
        for i, ranked in run(ranker, sorted(test)).items():
            cv[i] = ranked
    if learned:
        out[f"学习排序 ({folds}-fold CV)"] = score_rankings(cv, rel)
        full = learn([*items, *extra], [*sigs, *extra_sigs], ctx)
        insample = run(full, every)
        out["学习排序 (in-sample)"] = score_rankings([insample[i] for i in every], rel)
    for name, s in out.items():
        log(s.row(name))
    return out


def fit(r: Retriever, items: Sequence[dict[str, Any]], *, source: str = "") -> Ranker:
    """The re-ranker learned from ``items`` on this index's passages (with e5 scores if the index
    has vectors: such a ranker is used only by indexes that have them)."""
    return learn(items, question_signals(r, items), r.context, source=source)
