"""Building the demo dataset: `fazhi demo` (run by `make run`). Deterministic for a seed; every
record goes through the same services a bureau uses; safe to run again (it does nothing when the
demo data is there)."""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable

from django.db import transaction

from fazhi.cases.models import Case
from fazhi.cases.services import deadlines_expire, today
from fazhi.demo.context import DemoContext
from fazhi.demo.targets import CURRENT, TARGETS

LINES = ("mediation", "legal_aid", "reconsideration", "litigation")
DEFAULT_SEED = 20241231


def exists() -> bool:
    return Case.objects.filter(is_demo=True).exists()


def build(
    *,
    seed: int = DEFAULT_SEED,
    years: tuple[int, ...] = (2023, 2024),
    lines: tuple[str, ...] = LINES,
    current: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, float]:
    """Generate the dataset; returns seconds per step. Each line-year is one transaction."""
    ctx = DemoContext(seed=seed, progress=progress or (lambda label, done, total: None))
    timings: dict[str, float] = {}
    for line in lines:
        module = importlib.import_module(f"fazhi.demo.{line}")
        for year in years:
            started = time.perf_counter()
            with transaction.atomic():
                module.generate(ctx, year, TARGETS[year][line])
            timings[f"{line} {year}"] = time.perf_counter() - started
            log(f"  {line} {year}: {timings[f'{line} {year}']:.0f} s")
        if current and CURRENT.get(line):
            started = time.perf_counter()
            with transaction.atomic():
                module.generate_current(ctx, today(), CURRENT[line])
            timings[f"{line} current"] = time.perf_counter() - started
    started = time.perf_counter()
    with transaction.atomic():
        deadlines_expire()  # the state as of today: lapsed windows, deemed steps
    timings["expire"] = time.perf_counter() - started
    return timings
