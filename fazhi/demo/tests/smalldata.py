"""Small demo data sets for tests: a line's real profile with a small year file of the test's own."""

import shutil
from pathlib import Path

from fazhi.demo.walker import DATA


def small_root(tmp: Path, line: str, years: dict[int | str, str]) -> Path:
    """A data root holding `line`'s profile.toml (as shipped) and the given year files (TOML text;
    key "current" for current.toml)."""
    folder = tmp / "data" / line
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / line / "profile.toml", folder / "profile.toml")
    for year, text in years.items():
        (folder / f"{year}.toml").write_text(text, "utf-8")
    return tmp / "data"
