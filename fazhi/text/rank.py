"""The re-ranker: a logistic model over each candidate's signals — BM25 and e5 scores and ranks, the
question naming the article's law, and what was learned from questions lawyers marked (how often a
law and an article are relevant, and the articles of the most similar marked questions). Its output
is a probability of relevance, so the assistant can say "nothing relevant found" below a threshold.

`learn` fits it on marked questions ({"question", "relevant": [{"law", "article"}]}); without them
`Ranker.default()` fuses the two channels by fixed weights."""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .corpus import Passage, article_key
from .tokenize import short_law_name

BASE = ("lex", "lex_rr", "sem", "sem_gap", "sem_rr", "both", "law_named")
LEARNED = ("art_prior", "law_prior", "knn", "knn_law", "seen")
NAMES = BASE + LEARNED


@dataclass
class Features:
    """Candidates of one question (indices into the index's passages) and their base signals."""

    question: str
    qvec: np.ndarray | None
    candidates: np.ndarray
    base: np.ndarray  # (n, len(BASE))
    keys: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)

    @classmethod
    def collect(cls, question, words, lex, sem, passages: Sequence[Passage], titles, n: int) -> Features:  # type: ignore[no-untyped-def]
        top_lex = np.argpartition(-lex, min(n, len(lex) - 1))[:n] if len(lex) > n else np.arange(len(lex))
        top_lex = top_lex[lex[top_lex] > 0]
        cand = set(top_lex.tolist())
        top_sem = np.array([], dtype=int)
        if sem is not None:
            top_sem = np.argpartition(-sem, min(n, len(sem) - 1))[:n] if len(sem) > n else np.arange(len(sem))
            cand |= set(top_sem.tolist())
        c = np.array(sorted(cand), dtype=np.int64)
        X = np.zeros((len(c), len(BASE)), dtype=np.float32)
        if len(c) == 0:
            return cls(question, None, c, X)
        lmax = float(lex.max()) or 1.0
        lex_rank = {int(d): r for r, d in enumerate(top_lex[np.argsort(-lex[top_lex])])}
        X[:, 0] = lex[c] / lmax
        X[:, 1] = [60.0 / (60 + lex_rank.get(int(d), 1000)) for d in c]
        if sem is not None:
            smax = float(sem[top_sem].max())
            sem_rank = {int(d): r for r, d in enumerate(top_sem[np.argsort(-sem[top_sem])])}
            X[:, 2] = sem[c]
            X[:, 3] = sem[c] - smax
            X[:, 4] = [60.0 / (60 + sem_rank.get(int(d), 1000)) for d in c]
            X[:, 5] = [(int(d) in lex_rank) and (int(d) in sem_rank) for d in c]
        names = {t: short_law_name(t) for t in {titles[int(d)] for d in c}}
        X[:, 6] = [names[titles[int(d)]].removesuffix("法") in question if len(names[titles[int(d)]]) > 2 else 0 for d in c]
        return cls(
            question,
            None,
            c,
            X,
            keys=[passages[int(d)].key for d in c],
            titles=[titles[int(d)] for d in c],
        )


@dataclass
class Ranker:
    weights: np.ndarray
    bias: float
    mean: np.ndarray
    std: np.ndarray
    art_count: dict[str, int] = field(default_factory=dict)
    law_count: dict[str, int] = field(default_factory=dict)
    total: int = 0
    train_vecs: np.ndarray | None = None  # unit vectors of the marked questions
    train_rel: list[list[str]] = field(default_factory=list)  # their relevant passage keys
    knn_k: int = 8
    source: str = ""

    @classmethod
    def default(cls) -> Ranker:
        w = np.zeros(len(NAMES), dtype=np.float32)
        w[NAMES.index("lex_rr")] = 3.0
        w[NAMES.index("sem_rr")] = 3.0
        w[NAMES.index("lex")] = 1.0
        w[NAMES.index("sem_gap")] = 8.0
        w[NAMES.index("law_named")] = 0.8
        return cls(w, -4.0, np.zeros(len(NAMES), np.float32), np.ones(len(NAMES), np.float32))

    # -- the learned signals ------------------------------------------------------------------
    def learned(self, f: Features) -> np.ndarray:
        n = len(f.candidates)
        L = np.zeros((n, len(LEARNED)), dtype=np.float32)
        if not self.total or n == 0:
            return L
        nl = max(len(self.law_count), 1)
        L[:, 0] = [math.log1p(self.art_count.get(k, 0)) for k in f.keys]
        L[:, 1] = [math.log((self.law_count.get(t, 0) + 0.5) / (self.total + 0.5 * nl)) for t in f.titles]
        L[:, 4] = [k in self.art_count for k in f.keys]
        if self.train_vecs is not None and f.qvec is not None and len(self.train_vecs):
            sims = self.train_vecs @ f.qvec
            top = np.argsort(-sims)[: self.knn_k]
            vote: dict[str, float] = defaultdict(float)
            law_vote: dict[str, float] = defaultdict(float)
            for j in top:
                s = float(sims[j])
                if s >= 0.9999:  # the question itself (leave-one-out while learning)
                    continue
                w = math.exp((s - 1.0) * 20)
                for key in self.train_rel[j]:
                    vote[key] += w
                    law_vote[key.split(":")[1]] += w
            L[:, 2] = [vote.get(k, 0.0) for k in f.keys]
            L[:, 3] = [law_vote.get(t, 0.0) for t in f.titles]
        return L

    def matrix(self, f: Features) -> np.ndarray:
        return np.hstack([f.base, self.learned(f)])

    def score(self, f: Features) -> np.ndarray:
        if len(f.candidates) == 0:
            return np.zeros(0, dtype=np.float32)
        z = ((self.matrix(f) - self.mean) / self.std) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    # -- persistence --------------------------------------------------------------------------
    def save(self, path: str | Path) -> None:
        data = {
            "names": list(NAMES),
            "weights": self.weights.tolist(),
            "bias": self.bias,
            "mean": self.mean.tolist(),
            "std": self.std.tolist(),
            "art_count": self.art_count,
            "law_count": self.law_count,
            "total": self.total,
            "train_rel": self.train_rel,
            "knn_k": self.knn_k,
            "source": self.source,
        }
        Path(path).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        if self.train_vecs is not None:
            np.save(Path(path).with_suffix(".vecs.npy"), self.train_vecs.astype(np.float16))

    @classmethod
    def load(cls, path: str | Path) -> Ranker:
        path = Path(path)
        if not path.exists():
            return cls.default()
        d = json.loads(path.read_text(encoding="utf-8"))
        if d.get("names") != list(NAMES):
            return cls.default()
        vecs_path = path.with_suffix(".vecs.npy")
        vecs = np.load(vecs_path).astype(np.float32) if vecs_path.exists() else None
        return cls(
            np.array(d["weights"], np.float32),
            float(d["bias"]),
            np.array(d["mean"], np.float32),
            np.array(d["std"], np.float32),
            d["art_count"],
            d["law_count"],
            int(d["total"]),
            vecs,
            d["train_rel"],
            int(d.get("knn_k", 8)),
            d.get("source", ""),
        )


def relevant_keys(item: dict) -> list[str]:  # type: ignore[type-arg]
    return [article_key(r["law"], r["article"]) for r in item["relevant"]]


def learn(items: Sequence[dict], features: Sequence[Features], *, source: str = "", epochs: int = 300) -> Ranker:  # type: ignore[type-arg]
    """Fit the re-ranker on marked questions: ``features[i]`` are question i's candidates (with its
    question vector). The counts and neighbours come from the same questions; while fitting, each
    question is left out of its own neighbours and counts, so the weights do not learn to trust them
    more than an unseen question could."""
    rel = [relevant_keys(it) for it in items]
    art = Counter(k for r in rel for k in r)
    law = Counter(k.split(":")[1] for r in rel for k in r)
    vecs = np.array([f.qvec for f in features], dtype=np.float32) if features and features[0].qvec is not None else None
    r = Ranker(np.zeros(len(NAMES), np.float32), 0.0, np.zeros(len(NAMES), np.float32), np.ones(len(NAMES), np.float32))
    r.total = sum(art.values())
    r.train_vecs, r.train_rel, r.source = vecs, rel, source
    rows, ys = [], []
    for i, f in enumerate(features):
        if len(f.candidates) == 0:
            continue
        mine = Counter(rel[i])
        r.art_count = {k: v - mine.get(k, 0) for k, v in art.items() if v - mine.get(k, 0) > 0}
        mylaw = Counter(k.split(":")[1] for k in rel[i])
        r.law_count = {k: v - mylaw.get(k, 0) for k, v in law.items()}
        r.total = sum(art.values()) - len(rel[i])
        rows.append(r.matrix(f))
        ys.append(np.array([k in mine for k in f.keys], dtype=np.float32))
    r.art_count, r.law_count, r.total = dict(art), dict(law), sum(art.values())
    X = np.vstack(rows)
    y = np.concatenate(ys)
    mean, std = X.mean(axis=0), X.std(axis=0) + 1e-6
    Z = (X - mean) / std
    w = np.zeros(Z.shape[1], np.float64)
    b = 0.0
    pos_weight = max(1.0, (len(y) - y.sum()) / max(y.sum(), 1) / 20)
    sw = np.where(y > 0, pos_weight, 1.0)
    lr, l2 = 0.5, 1e-3
    for _ in range(epochs):
        p = 1 / (1 + np.exp(-(Z @ w + b)))
        g = (p - y) * sw
        w -= lr * ((Z.T @ g) / sw.sum() + l2 * w)
        b -= lr * g.sum() / sw.sum()
    r.weights, r.bias, r.mean, r.std = w.astype(np.float32), float(b), mean.astype(np.float32), std.astype(np.float32)
    return r
