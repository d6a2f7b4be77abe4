"""fazhi.law is pure: standard library and fazhi.law only at runtime (no Django, no chinese_calendar)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).parents[1]
RUNTIME = [p for p in PACKAGE.rglob("*.py") if "tests" not in p.parts and p.name != "build_holidays.py"]


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_runtime_modules_import_only_the_standard_library_and_fazhi_law() -> None:
    assert len(RUNTIME) >= 10
    offending = {
        f"{path.name}: {name}"
        for path in RUNTIME
        for name in _imports(path)
        if not (
            name.split(".")[0] in sys.stdlib_module_names
            or name == "fazhi.law"
            or name.startswith("fazhi.law.")
        )
    }
    assert offending == set()


def test_data_files_are_shipped_next_to_the_code() -> None:
    assert {p.name for p in (PACKAGE / "data").iterdir()} >= {
        "holidays.csv",
        "rules.toml",
        "laws.toml",
        "hardship_standards.csv",
    }
