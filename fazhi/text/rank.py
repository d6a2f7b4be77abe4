"""The re-ranker: a logistic model over each candidate's signals — BM25 and e5 scores and ranks
(over the corpus and within the article's law), the question naming the article's law, and what
was learned from questions lawyers marked: which law a question is about (a naive Bayes model over
its words), how often an article is relevant, and the articles of the most similar marked
questions. Learning also widens the candidates: the best articles of the likely laws are looked at
even where neither channel ranks them high. Its output is a probability of relevance, so the
assistant can say "nothing relevant found" below a threshold.

`learn` fits it on marked questions ({"question", "relevant": [{"law", "article"}]}); without them
`Ranker.default()` fuses the two channels by fixed weights."""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .corpus import Passage, article_key
from .segment import short_law_name, tokens

NAMES = (
    "lex", "lex_rr", "sem", "sem_gap", "sem_rr", "both", "law_named",
    "law_lex_rr", "law_sem_rr", "law_post", "art_prior", "knn", "knn_law", "seen", "knn_lex", "knn_lex_law",
    "lexx", "lexx_rr", "lex_mix",
)  # fmt: skip
PER_CHANNEL = 300  # candidates per channel over the whole corpus
PER_LAW = 200  # candidates per channel within each likely law
OFF_TOPIC_FACTOR = 0.25
EXPANSION_WORDS = 15  # statute words a question is expanded by
EXPANSION_LIFT = 50  # how much likelier than chance a statute word must be under a question word
LIKELY_LAWS = 3


@dataclass
class Signals:
    """What one question gives before ranking: its words and vector, both channels' scores of
    every passage."""

    question: str
    words: list[str]
    qvec: np.ndarray | None
    lex: np.ndarray
    sem: np.ndarray | None
    word_scores: Callable[[str], np.ndarray | None] | None = None  # BM25 of one word over every passage


class Context:
    """The index's passages as the ranker needs them: keys, laws, the passages of each law."""

    def __init__(self, passages: Sequence[Passage]):
        self.passages = passages
        self.keys = [p.key for p in passages]
        self.index = {k: i for i, k in enumerate(self.keys)}  # passage key -> position
        self.titles = [p.title for p in passages]
        self.by_law: dict[str, np.ndarray] = {}
        groups: dict[str, list[int]] = defaultdict(list)
        for i, p in enumerate(passages):
            if p.kind == "article":
                groups[p.title].append(i)
        self.by_law = {t: np.array(ix, dtype=np.int64) for t, ix in groups.items()}
        self.short = {t: short_law_name(t) for t in groups}


def _top(scores: np.ndarray, idx: np.ndarray | None, n: int) -> np.ndarray:
    """The ``n`` best passage indices (of ``idx`` if given), best first."""
    sub = scores if idx is None else scores[idx]
    if len(sub) > n:
        part = np.argpartition(-sub, n)[:n]
    else:
        part = np.arange(len(sub))
    part = part[np.argsort(-sub[part], kind="stable")]
    return part if idx is None else idx[part]


@dataclass
class Features:
    candidates: np.ndarray
    X: np.ndarray
    keys: list[str]
    on_topic: bool = True  # as close to some article as the marked questions were (see min_sem)


@dataclass
class Ranker:
    weights: np.ndarray
    bias: float
    mean: np.ndarray
    std: np.ndarray
    art_count: dict[str, int] = field(default_factory=dict)
    law_count: dict[str, int] = field(default_factory=dict)
    word_law: dict[str, dict[str, int]] = field(default_factory=dict)  # word -> law -> questions
    law_size: dict[str, int] = field(default_factory=dict)  # law -> words counted under it
    train_vecs: np.ndarray | None = None  # unit vectors of the marked questions
    train_rel: list[list[str]] = field(default_factory=list)  # their relevant passage keys
    train_words: list[list[str]] = field(default_factory=list)  # their words (the lexical neighbours)
    # The term map (lay word → statute words): for a question word seen in >= 2 marked questions,
    # how many of them had each word in a relevant article's text; with the questions per word and
    # each article word's total, it expands a question by the statute's own words.
    term_pairs: dict[str, dict[str, int]] = field(default_factory=dict)
    term_q: dict[str, int] = field(default_factory=dict)
    term_a: dict[str, int] = field(default_factory=dict)
    knn_k: int = 8
    source: str = ""
    dense: bool = False  # learned with e5 scores: an index without vectors must not use it
    # A question whose best e5 similarity to any passage is below this (what 99% of the marked
    # questions reached) is probably not a legal question at all ("红烧肉怎么做"): its
    # probabilities are scaled down so that the assistant's threshold says 未找到 for it.
    min_sem: float = 0.0
    _own_words: set[str] = field(default_factory=set, init=False, repr=False, compare=False)

    @classmethod
    def default(cls) -> Ranker:
        w = np.zeros(len(NAMES), dtype=np.float32)
        for name, v in (("lex_rr", 3.0), ("sem_rr", 3.0), ("lex", 1.0), ("sem_gap", 8.0), ("law_named", 0.8)):
            w[NAMES.index(name)] = v
        return cls(w, -4.0, np.zeros(len(NAMES), np.float32), np.ones(len(NAMES), np.float32))

    @property
    def learned(self) -> bool:
        return bool(self.art_count)

    # -- what was learned ---------------------------------------------------------------------
    def law_posterior(self, words: Sequence[str]) -> dict[str, float]:
        """P(law | question words) by multinomial naive Bayes over the marked questions' words."""
        if not self.law_count:
            return {}
        total = sum(self.law_count.values())
        laws = list(self.law_count)
        logp = np.array([math.log(self.law_count[t] / total) for t in laws])
        sizes = self.law_size
        vocab = max(len(self.word_law), 1)
        for w in set(words):
            per = self.word_law.get(w)
            if not per:
                continue
            logp += np.array([math.log((per.get(t, 0) + 0.1) / (sizes[t] + 0.1 * vocab)) for t in laws])
        logp -= logp.max()
        p = np.exp(logp)
        p /= p.sum()
        return dict(zip(laws, p.tolist(), strict=True))

    def neighbours(
        self, qvec: np.ndarray | None, skip: int | None = None
    ) -> tuple[dict[str, float], dict[str, float]]:
        """Votes for articles and laws from the most similar marked questions (e5 similarity);
        ``skip``: a marked question left out (itself, while learning)."""
        if self.train_vecs is None or qvec is None or not len(self.train_vecs):
            return {}, {}
        sims = np.einsum("ij,j->i", self.train_vecs, qvec)  # not BLAS: see engine.signals
        if skip is not None:
            sims[skip] = -1.0
        return self._votes(sims, lambda s: math.exp((s - 1.0) * 20))

    def lexical_neighbours(
        self, words: Sequence[str], skip: int | None = None
    ) -> tuple[dict[str, float], dict[str, float]]:
        """Votes from the marked questions sharing the most (idf-weighted) words with the question."""
        if not self.train_words:
            return {}, {}
        idf, postings, norms = self._word_index()
        q = {w: idf[w] for w in set(words) if w in idf}
        sims = np.zeros(len(self.train_words), dtype=np.float64)
        for w, weight in q.items():
            sims[postings[w]] += weight * weight
        qn = math.sqrt(sum(v * v for v in q.values())) or 1.0
        sims /= norms * qn
        if skip is not None:
            sims[skip] = 0.0
        return self._votes(sims, lambda s: s * s)

    def _votes(
        self, sims: np.ndarray, weight: Callable[[float], float]
    ) -> tuple[dict[str, float], dict[str, float]]:
        vote: dict[str, float] = defaultdict(float)
        law_vote: dict[str, float] = defaultdict(float)
        for j in np.argsort(-sims)[: self.knn_k]:
            w = weight(float(sims[j]))
            if w <= 0:
                continue
            for key in self.train_rel[j]:
                vote[key] += w
                law_vote[key.split(":")[1]] += w
        return vote, law_vote

    def _word_index(self) -> tuple[dict[str, float], dict[str, np.ndarray], np.ndarray]:
        cached = self.__dict__.get("_windex")
        if cached is None or cached[0] is not self.train_words:
            df: Counter[str] = Counter(w for ws in self.train_words for w in set(ws))
            n = len(self.train_words)
            idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}
            post: dict[str, list[int]] = defaultdict(list)
            for j, ws in enumerate(self.train_words):
                for w in set(ws):
                    post[w].append(j)
            postings = {w: np.array(ix, dtype=np.int64) for w, ix in post.items()}
            norms = np.array([math.sqrt(sum(idf[w] ** 2 for w in set(ws))) or 1.0 for ws in self.train_words])
            cached = (self.train_words, (idf, postings, norms))
            self.__dict__["_windex"] = cached
        return cached[1]

    def expansion(self, words: Sequence[str], own: set[str] | None = None) -> list[tuple[str, float]]:
        """The statute words a question's words map to, weighted (most telling first); ``own``: the
        article words of a marked question left out (its own pairs are not counted)."""
        if not self.term_pairs:
            return []
        total = sum(self.term_a.values()) or 1
        e: dict[str, float] = defaultdict(float)
        for q in set(words):
            pairs = self.term_pairs.get(q)
            nq = self.term_q.get(q, 0) - (own is not None)
            if not pairs or nq < 2:
                continue
            for a, c in pairs.items():
                c -= own is not None and a in own
                if c < 2:
                    continue
                p = c / nq
                e[a] += p * math.log1p(p / (self.term_a[a] / total * EXPANSION_LIFT))
        return sorted(e.items(), key=lambda kv: -kv[1])[:EXPANSION_WORDS]

    # -- candidates and their features ----------------------------------------------------------
    def features(self, s: Signals, ctx: Context, *, skip: int | None = None) -> Features:
        post = self.law_posterior(s.words)
        vote, law_vote = self.neighbours(s.qvec, skip)
        lvote, llaw_vote = self.lexical_neighbours(s.words, skip)
        on_topic = s.sem is None or float(s.sem.max()) >= self.min_sem
        lexx = np.zeros_like(s.lex)
        if s.word_scores is not None:
            for a, weight in self.expansion(s.words, self._own_words if skip is not None else None):
                scores = s.word_scores(a)
                if scores is not None:
                    lexx += weight * scores
        likely = [
            t
            for t, p in sorted(post.items(), key=lambda kv: -kv[1])[:LIKELY_LAWS]
            if p > 0.02 and t in ctx.by_law
        ]
        named = [
            t for t, short in ctx.short.items() if len(short) > 2 and short.removesuffix("法") in s.question
        ]
        cand: list[np.ndarray] = [_top(s.lex, None, PER_CHANNEL)]
        lexx_top = _top(lexx, None, PER_CHANNEL) if lexx.any() else np.zeros(0, dtype=np.int64)
        cand.append(lexx_top)
        if s.sem is not None:
            cand.append(_top(s.sem, None, PER_CHANNEL))
        law_lex_rank: dict[int, int] = {}
        law_sem_rank: dict[int, int] = {}
        for t in dict.fromkeys(likely + named):
            ix = ctx.by_law[t]
            tl = _top(s.lex, ix, PER_LAW)
            cand.append(tl)
            law_lex_rank.update({int(d): r for r, d in enumerate(tl)})
            if s.sem is not None:
                ts = _top(s.sem, ix, PER_LAW)
                cand.append(ts)
                law_sem_rank.update({int(d): r for r, d in enumerate(ts)})
        extra = [ctx_i for k in {**vote, **lvote} if (ctx_i := _index(ctx, k)) is not None]
        if extra:
            cand.append(np.array(extra, dtype=np.int64))
        c = np.unique(np.concatenate(cand))
        c = c[(s.lex[c] > 0) | (lexx[c] > 0) | (s.sem is not None)] if len(c) else c
        n = len(c)
        X = np.zeros((n, len(NAMES)), dtype=np.float32)
        keys = [ctx.keys[int(d)] for d in c]
        if n == 0:
            return Features(c, X, keys, on_topic)
        lex_rank = {int(d): r for r, d in enumerate(_top(s.lex, None, PER_CHANNEL))}
        X[:, 0] = s.lex[c] / (float(s.lex.max()) or 1.0)
        X[:, 1] = [60.0 / (60 + lex_rank.get(int(d), 1000)) for d in c]
        if s.sem is not None:
            sem_rank = {int(d): r for r, d in enumerate(_top(s.sem, None, PER_CHANNEL))}
            X[:, 2] = s.sem[c]
            X[:, 3] = s.sem[c] - float(s.sem.max())
            X[:, 4] = [60.0 / (60 + sem_rank.get(int(d), 1000)) for d in c]
            X[:, 5] = [(int(d) in lex_rank) and (int(d) in sem_rank) for d in c]
            X[:, 8] = [60.0 / (60 + law_sem_rank.get(int(d), 1000)) for d in c]
        titles = [ctx.titles[int(d)] for d in c]
        named_set = set(named)
        X[:, 6] = [t in named_set for t in titles]
        X[:, 7] = [60.0 / (60 + law_lex_rank.get(int(d), 1000)) for d in c]
        X[:, 9] = [math.log(post.get(t, 0.0) + 1e-4) for t in titles]
        X[:, 10] = [math.log1p(self.art_count.get(k, 0)) for k in keys]
        X[:, 11] = [vote.get(k, 0.0) for k in keys]
        X[:, 12] = [law_vote.get(t, 0.0) for t in titles]
        X[:, 13] = [k in self.art_count for k in keys]
        X[:, 14] = [lvote.get(k, 0.0) for k in keys]
        X[:, 15] = [llaw_vote.get(t, 0.0) for t in titles]
        xmax = float(lexx.max()) or 1.0
        lexx_rank = {int(d): r for r, d in enumerate(lexx_top)}
        X[:, 16] = lexx[c] / xmax
        X[:, 17] = [60.0 / (60 + lexx_rank.get(int(d), 1000)) for d in c]
        X[:, 18] = X[:, 0] + X[:, 16]
        return Features(c, X, keys, on_topic)

    def score(self, f: Features) -> np.ndarray:
        if len(f.candidates) == 0:
            return np.zeros(0, dtype=np.float32)
        z = ((f.X - self.mean) / self.std) @ self.weights + self.bias
        p = 1.0 / (1.0 + np.exp(-z))
        if not f.on_topic:
            p *= OFF_TOPIC_FACTOR
        return np.asarray(p, dtype=np.float32)

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
            "word_law": self.word_law,
            "law_size": self.law_size,
            "train_rel": self.train_rel,
            "train_words": self.train_words,
            "term_pairs": self.term_pairs,
            "term_q": self.term_q,
            "term_a": self.term_a,
            "knn_k": self.knn_k,
            "source": self.source,
            "dense": self.dense,
            "min_sem": self.min_sem,
        }
        Path(path).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        vecs = Path(path).with_suffix(".vecs.npy")
        if self.train_vecs is not None:
            np.save(vecs, self.train_vecs.astype(np.float16))
        elif vecs.exists():
            vecs.unlink()

    @classmethod
    def shipped(cls, path: str | Path, *, dense: bool) -> Ranker:
        """The learned ranker for an index with (``path``) or without e5 vectors (its lexical twin
        beside it, ``<name>-lex.json``); the fixed fusion where the matching one is missing."""
        path = Path(path)
        if not dense:
            path = path.with_name(f"{path.stem}-lex{path.suffix}")
        learned = cls.load(path)
        return learned if learned.dense == dense or not learned.learned else cls.default()

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
            d["word_law"],
            d["law_size"],
            vecs,
            d["train_rel"],
            d.get("train_words", []),
            d.get("term_pairs", {}),
            d.get("term_q", {}),
            d.get("term_a", {}),
            int(d.get("knn_k", 8)),
            d.get("source", ""),
            bool(d.get("dense", False)),
            float(d.get("min_sem", 0.0)),
        )


def _index(ctx: Context, key: str) -> int | None:
    return ctx.index.get(key)


def relevant_keys(item: dict) -> list[str]:  # type: ignore[type-arg]
    return [article_key(r["law"], r["article"]) for r in item["relevant"]]


def _tables(items: Sequence[dict], words: Sequence[Sequence[str]]) -> tuple[Counter, Counter, dict, dict]:  # type: ignore[type-arg]
    art: Counter[str] = Counter()
    law: Counter[str] = Counter()
    word_law: dict[str, dict[str, int]] = defaultdict(dict)
    size: dict[str, int] = defaultdict(int)
    for it, ws in zip(items, words, strict=True):
        keys = relevant_keys(it)
        art.update(keys)
        for t in {k.split(":")[1] for k in keys}:
            law[t] += 1
            for w in set(ws):
                word_law[w][t] = word_law[w].get(t, 0) + 1
                size[t] += 1
    return art, law, dict(word_law), dict(size)


def _article_words(items: Sequence[dict[str, Any]], ctx: Context) -> list[set[str]]:
    """The words of each marked question's relevant articles (those in the index)."""
    cache: dict[int, set[str]] = {}
    out = []
    for it in items:
        ws: set[str] = set()
        for key in relevant_keys(it):
            i = _index(ctx, key)
            if i is None:
                continue
            if i not in cache:
                cache[i] = set(tokens(ctx.passages[i].text))
            ws |= cache[i]
        out.append(ws)
    return out


def _term_map(
    words: Sequence[Sequence[str]], art_words: Sequence[set[str]]
) -> tuple[dict[str, dict[str, int]], dict[str, int], dict[str, int]]:
    """Question word → article word co-occurrence over marked pairs, pruned to words seen in >= 2
    questions and pairs seen >= 2 times (a single question teaches nothing general)."""
    q_count: Counter[str] = Counter()
    pairs: dict[str, Counter[str]] = defaultdict(Counter)
    for ws, aw in zip(words, art_words, strict=True):
        for q in set(ws):
            q_count[q] += 1
            pairs[q].update(aw)
    kept = {q: {a: c for a, c in pc.items() if c >= 2} for q, pc in pairs.items() if q_count[q] >= 2}
    kept = {q: pc for q, pc in kept.items() if pc}
    a_count: Counter[str] = Counter()
    for pc in pairs.values():
        a_count.update(pc)
    a_used = {a for pc in kept.values() for a in pc}
    return kept, {q: q_count[q] for q in kept}, {a: a_count[a] for a in a_used}


def learn(
    items: Sequence[dict[str, Any]],
    signals: Sequence[Signals],
    ctx: Context,
    *,
    source: str = "",
    epochs: int = 400,
) -> Ranker:
    """Fit the re-ranker on marked questions (``signals[i]`` is question i's). While fitting, each
    question's features come from tables without that question (its own counts and its own
    neighbour are left out), so the weights trust them no more than an unseen question could."""
    words = [s.words for s in signals]
    art, law, word_law, size = _tables(items, words)
    vecs = (
        np.array([s.qvec for s in signals], dtype=np.float32)
        if signals and signals[0].qvec is not None
        else None
    )
    r = Ranker(
        np.zeros(len(NAMES), np.float32),
        0.0,
        np.zeros(len(NAMES), np.float32),
        np.ones(len(NAMES), np.float32),
    )
    r.train_vecs, r.train_rel, r.source = vecs, [relevant_keys(it) for it in items], source
    r.train_words = [list(w) for w in words]
    art_words = _article_words(items, ctx)
    r.term_pairs, r.term_q, r.term_a = _term_map(words, art_words)
    r.dense = bool(signals) and signals[0].sem is not None
    if r.dense:
        best = [float(s.sem.max()) for s in signals if s.sem is not None]
        r.min_sem = float(np.percentile(best, 1)) - 0.005
    rows, ys = [], []
    for i, s in enumerate(signals):
        mine = relevant_keys(items[i])
        own_art = Counter(mine)
        own_laws = {k.split(":")[1] for k in mine}
        r.art_count = {k: v - own_art.get(k, 0) for k, v in art.items() if v - own_art.get(k, 0) > 0}
        r.law_count = {t: v - (t in own_laws) for t, v in law.items() if v - (t in own_laws) > 0}
        r.word_law, r.law_size = _without(word_law, size, set(s.words), own_laws)
        r._own_words = art_words[i]
        f = r.features(s, ctx, skip=i)
        if len(f.candidates) == 0:
            continue
        rows.append(f.X)
        ys.append(np.array([k in own_art for k in f.keys], dtype=np.float32))
    r.art_count, r.law_count, r.word_law, r.law_size = dict(art), dict(law), word_law, size
    X = np.vstack(rows)
    y = np.concatenate(ys)
    mean, std = X.mean(axis=0), X.std(axis=0) + 1e-6
    Z = (X - mean) / std
    w = np.zeros(Z.shape[1], np.float64)
    b = 0.0
    lr, l2 = 1.0, 1e-4
    # Adam on the logistic loss, positives weighted up (a few relevant among hundreds of candidates).
    pw = max(1.0, (len(y) - y.sum()) / max(y.sum(), 1.0) / 10)
    sw = np.where(y > 0, pw, 1.0)
    m_w = np.zeros_like(w)
    v_w = np.zeros_like(w)
    m_b = v_b = 0.0
    for t in range(1, epochs + 1):
        p = 1 / (1 + np.exp(-(Z @ w + b)))
        g = (p - y) * sw
        gw = (Z.T @ g) / sw.sum() + l2 * w
        gb = g.sum() / sw.sum()
        m_w = 0.9 * m_w + 0.1 * gw
        v_w = 0.999 * v_w + 0.001 * gw**2
        m_b = 0.9 * m_b + 0.1 * gb
        v_b = 0.999 * v_b + 0.001 * gb**2
        w -= 0.05 * lr * (m_w / (1 - 0.9**t)) / (np.sqrt(v_w / (1 - 0.999**t)) + 1e-8)
        b -= 0.05 * lr * (m_b / (1 - 0.9**t)) / (math.sqrt(v_b / (1 - 0.999**t)) + 1e-8)
    r.weights, r.bias, r.mean, r.std = (
        w.astype(np.float32),
        float(b),
        mean.astype(np.float32),
        std.astype(np.float32),
    )
    return r


def _without(
    word_law: dict[str, dict[str, int]], size: dict[str, int], words: set[str], laws: set[str]
) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """The word-law table without one question (its words under its laws)."""
    out = dict(word_law)
    for w in words:
        if w in out:
            out[w] = {t: c - (t in laws) for t, c in out[w].items() if c - (t in laws) > 0}
    sz = dict(size)
    for t in laws:
        if t in sz:
            sz[t] -= len(words)
    return out, sz
