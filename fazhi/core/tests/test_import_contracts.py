"""The import rules of ARCHITECTURE.md as contracts ([tool.importlinter] in pyproject.toml, run by
`make lint` in CI): a copy of the package tree passes them as it is, and fails them, naming the
broken contract and the import, once a violating module is added to it."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
NAMES = {c["id"]: c["name"] for c in CONFIG["contracts"]}


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` with the project's contracts on the package tree under `root`."""
    exe = Path(sys.executable).with_name("lint-imports")
    env = {**os.environ, "PYTHONPATH": str(root), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [str(exe), "--no-cache", "--no-logo", "pyproject.toml"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the package's Python files and pyproject.toml, analysed instead of the installed tree."""
    shutil.copytree(
        ROOT / "fazhi",
        tmp_path / "fazhi",
        ignore=lambda d, names: [
            n for n in names if not (n.endswith(".py") or (Path(d) / n).is_dir()) or n == "__pycache__"
        ],
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_tree_as_it_is_keeps_every_contract(tree: Path) -> None:
    result = lint_imports(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in NAMES.values():
        assert f"{name} KEPT" in result.stdout
    assert f"Contracts: {len(NAMES)} kept, 0 broken." in result.stdout


VIOLATIONS = [
    # (module added, its source, the contracts it breaks, the import named in the report)
    ("law/probe.py", "import django\n", {"pure"}, "fazhi.law.probe -> django"),
    ("law/probe.py", "from fazhi.core import roles\n", {"pure", "layers"}, "fazhi.law.probe -> fazhi.core.roles"),
    ("mediation/probe.py", "from fazhi.legal_aid import models\n", {"lines"}, "fazhi.mediation.probe -> fazhi.legal_aid.models"),
    ("reconsideration/probe.py", "import fazhi.litigation.services\n", {"lines"}, "fazhi.reconsideration.probe -> fazhi.litigation.services"),
    ("core/probe.py", "from fazhi.cases import models\n", {"layers"}, "fazhi.core.probe -> fazhi.cases.models"),
    ("cases/probe.py", "from fazhi.indicators import engine\n", {"layers"}, "fazhi.cases.probe -> fazhi.indicators.engine"),
    ("indicators/probe.py", "from fazhi.api import services\n", {"layers"}, "fazhi.indicators.probe -> fazhi.api.services"),
    # The engine's own tests use a test-only kind, never a business line.
    ("cases/tests/test_probe.py", "from fazhi.mediation.models import MediationCase\n", {"layers"},
     "fazhi.cases.tests.test_probe -> fazhi.mediation.models"),
    # A new package must be placed in the layers before it may exist (the contract is exhaustive).
    ("newline/__init__.py", "", {"layers"}, "fazhi.newline"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "source", "broken", "named"), VIOLATIONS)
def test_a_violating_import_breaks_its_contract(tree: Path, path, source, broken, named) -> None:
    module = tree / "fazhi" / path
    module.parent.mkdir(parents=True, exist_ok=True)
    module.write_text(source, encoding="utf-8")
    result = lint_imports(tree)
    assert result.returncode != 0
    for contract, name in NAMES.items():
        state = "BROKEN" if contract in broken else "KEPT"
        assert f"{name} {state}" in result.stdout, result.stdout + result.stderr
    assert named in result.stdout


def unchecked_pure_packages(root: Path, config: dict = CONFIG) -> set[str]:
    """Pure packages (the bottom layer, optional ones included) that exist under `root` but are not
    held to the no-Django contract: its sources must be named one by one, so a new one is added there."""
    layers = next(c for c in config["contracts"] if c["id"] == "layers")
    bottom = {name.strip(" ()") for name in layers["layers"][-1].split("|")}
    pure = next(c for c in config["contracts"] if c["id"] == "pure")
    present = {f"fazhi.{name}" for name in bottom if (root / "fazhi" / name / "__init__.py").exists()}
    return present - set(pure["source_modules"])


def test_every_pure_package_that_exists_is_held_to_no_django(tree: Path) -> None:
    assert unchecked_pure_packages(ROOT) == set()
    assert "fazhi.law" in next(c for c in CONFIG["contracts"] if c["id"] == "pure")["source_modules"]
    assert "fazhi.geo" in next(c for c in CONFIG["contracts"] if c["id"] == "pure")["source_modules"]
    # A pure package left out of the contract's list is reported: fazhi.text, struck off a copy.
    config = copy.deepcopy(CONFIG)
    pure = next(c for c in config["contracts"] if c["id"] == "pure")
    pure["source_modules"].remove("fazhi.text")
    assert unchecked_pure_packages(tree, config) == {"fazhi.text"}


def test_ci_checks_the_contracts() -> None:
    """CI's lint leg runs `make lint`, whose recipe runs the contracts."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "$(BIN)/lint-imports" in recipe
    assert "\nleg lint make lint\n" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
