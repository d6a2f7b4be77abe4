"""What the benchmarks share: each measures in a child process on a fresh database of its own
(a temporary SQLite file, or a PostgreSQL database dropped and created for the run), with the
settings a bureau's server would have, and hands its figures back on a `RESULT …` line."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_child(script: str, args: list[str], *, database: str, name: str) -> list[str]:
    """Run `script --child …args` against a fresh `database` ("sqlite" or "postgres"; the
    PostgreSQL database is called `name`) and return the fields of its RESULT line (exit 2, with
    the child's output, if it printed none)."""
    with tempfile.TemporaryDirectory() as tmp:
        if database == "sqlite":
            url = f"sqlite:///{tmp}/bench.sqlite3"
        else:
            import psycopg

            with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{name}"')
            url = f"postgres://postgres@127.0.0.1:5432/{name}"
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "FAZHI_DEV": "1",
            "DEBUG": "False",
            "DJANGO_SETTINGS_MODULE": "fazhi.settings",
            "MEDIA_ROOT": tmp,
        }
        out = subprocess.run(
            [sys.executable, script, "--child", *[a.replace("{tmp}", tmp) for a in args]],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("RESULT")), None)
    if line is None:
        print(out.stdout, out.stderr, sep="\n")
        sys.exit(2)
    return line.split()[1:]
