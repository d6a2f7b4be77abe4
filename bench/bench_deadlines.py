"""Benchmark: 1,000,000 statutory deadline computations with fazhi.law, against a naive day-by-day loop.

    python bench/bench_deadlines.py [--n 1000000] [--naive-sample 50000] [--seed 2025]

Workload: ``fazhi.law.deadlines.due(rule_id, trigger)`` for a mix of working-day and calendar-day rules
(FY-05 … FY-16, FY-01, LA-06, RM-09, XS-08, XS-11), triggers spread uniformly over 2020-01-01 …
2026-12-31 (late-2026 triggers run into 2027 and take the provisional path). Each call returns the
full ``Deadline`` (basis, provisional check, …), not just a date; its Chinese ``explanation`` is formatted
on first read, so a second figure reads it too (on a fifth of the jobs, extrapolated).

Baseline, in the same run: the same (rule, trigger) pairs computed by walking day by day with
``chinese_calendar.is_workday`` (2027+ days, which the package cannot answer, are guessed Monday–Friday).
The baseline only computes the date. It is timed on the first ``--naive-sample`` jobs and extrapolated
linearly to ``--n``; its dates are also compared with ours (they must agree).

The process is pinned to one CPU. Exit status 1 if fazhi.law needs more than the 5 s goal.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import chinese_calendar  # type: ignore[import-untyped]

from fazhi.law.calendar import default_calendar
from fazhi.law.deadlines import RULES, due
from fazhi.law.periods import add_calendar_days, add_working_days

GOAL_SECONDS = 5.0
RULE_IDS = (
    "FY-05",
    "FY-06",
    "FY-07",
    "FY-09",
    "FY-10",
    "FY-12",
    "FY-13",
    "FY-15",
    "FY-16",
    "FY-01",
    "LA-06",
    "RM-09",
    "XS-08",
    "XS-11",
)
FIRST, LAST = date(2020, 1, 1), date(2026, 12, 31)
ONE = timedelta(days=1)


def naive_is_workday(d: date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(d))
    except NotImplementedError:  # the package stops at 2026
        return d.weekday() < 5


def naive_due(unit: str, n: int, start: date) -> date:
    if unit == "WD":
        d = start
        while n:
            d += ONE
            n -= naive_is_workday(d)
        return d
    d = start + timedelta(days=n)
    while not naive_is_workday(d):
        d += ONE
    return d


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--naive-sample", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    rnd = random.Random(args.seed)
    span = (LAST - FIRST).days
    jobs = [(rnd.choice(RULE_IDS), FIRST + timedelta(days=rnd.randint(0, span))) for _ in range(args.n)]

    t = time.perf_counter()
    cal = default_calendar()
    load = time.perf_counter() - t

    sample = jobs[: args.naive_sample]
    ours_sample: list[date] = []
    provisional = 0
    t = time.perf_counter()
    for (
        rule_id,
        trigger,
    ) in jobs:  # keep only what is reported: a million Deadline objects would measure the heap
        d = due(rule_id, trigger)
        provisional += d.provisional
        if len(ours_sample) < len(sample):
            ours_sample.append(d.due)
    ours = time.perf_counter() - t

    explained = jobs[: args.n // 5]
    t = time.perf_counter()
    for rule_id, trigger in explained:
        _ = due(rule_id, trigger).explanation
    with_text = (time.perf_counter() - t) * args.n / len(explained)

    t = time.perf_counter()
    for rule_id, trigger in jobs:
        rule = RULES[rule_id]
        (add_working_days if rule.unit == "WD" else add_calendar_days)(trigger, rule.period)
    bare = time.perf_counter() - t

    t = time.perf_counter()
    naive = [
        naive_due(RULES[rule_id].unit.value, RULES[rule_id].period, trigger) for rule_id, trigger in sample
    ]
    naive_sample = time.perf_counter() - t
    naive_total = naive_sample * args.n / len(sample)
    mismatches = sum(a != b for a, b in zip(naive, ours_sample, strict=True))

    print(f"machine: {cpu_model()}, {os.cpu_count()} CPUs (pinned to 1); Python {platform.python_version()}")
    print(f"calendar: {cal!r}, loaded in {load * 1000:.0f} ms")
    print(f"workload: {args.n:,} due() calls, rules {', '.join(RULE_IDS)}, triggers {FIRST}..{LAST}")
    print(
        f"fazhi.law due():            {ours:8.2f} s  ({ours / args.n * 1e6:.2f} µs/call; {provisional:,} provisional)"
    )
    print(
        f"fazhi.law due() + text:     {with_text:8.2f} s  (reading .explanation too; extrapolated from {len(explained):,})"
    )
    print(f"fazhi.law date only:        {bare:8.2f} s  (add_working_days / add_calendar_days)")
    print(
        f"naive chinese_calendar loop: {naive_total:7.2f} s  extrapolated from {len(sample):,} calls "
        f"({naive_sample:.2f} s, {naive_sample / len(sample) * 1e6:.2f} µs/call)"
    )
    print(f"ratio naive / due():        {naive_total / ours:8.1f} x")
    print(f"dates differing from the naive loop on the sample: {mismatches}")
    print(
        f"goal {GOAL_SECONDS:.0f} s for {args.n:,} due() calls: {'met' if ours <= GOAL_SECONDS else 'MISSED'}"
    )
    return 0 if ours <= GOAL_SECONDS and mismatches == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
