"""The command line: ``deadline`` and ``rules``, in-process and as ``python -m fazhi.law``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fazhi.law.cli import main
from fazhi.law.deadlines import RULES


def test_deadline(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", "FY-05", "2025-09-26"]) == 0
    out = capsys.readouterr().out
    assert "届满日：2025-10-10" in out
    assert "依据：《中华人民共和国行政复议法》第三十条第一款" in out
    assert "说明：自2025年9月26日收到行政复议申请的次日起计算5个工作日，届满日为2025年10月10日。" in out
    assert "视为受理" in out


def test_deadline_with_pause_extension_and_provisional_year(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "deadline",
        "FY-15",
        "2026-11-20",
        "--pause",
        "2026-12-01:2026-12-11:inspection",
        "--extension",
        "30",
    ]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "届满日：2027-03-01" in out
    assert "暂定：2027年节假日安排尚未公布" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["deadline", "FY-99", "2025-01-01"], "未知的期限规则编号"),
        (["deadline", "FY-16", "2025-01-01", "--extension", "5"], "没有延长的规定"),
        (["deadline", "FY-05", "2025-13-01"], "应为 YYYY-MM-DD"),
        (["deadline", "FY-15", "2025-01-01", "--pause", "2025-01-02"], "START:END"),
    ],
)
def test_errors_are_chinese_with_status_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_rules_lists_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert {line.split("\t")[0] for line in lines} == set(RULES)


def test_python_dash_m() -> None:
    root = Path(__file__).parents[3]
    env = {**os.environ, "PYTHONPATH": str(root)}
    run = subprocess.run(
        [sys.executable, "-m", "fazhi.law", "deadline", "FY-05", "2025-09-26"],
        capture_output=True, text=True, cwd=root, env=env, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "2025-10-10" in run.stdout
